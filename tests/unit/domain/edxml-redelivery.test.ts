import { describe, expect, test } from "vitest";
import {
  carriedStatusCode,
  changeLacksDocumentsProof,
  isGenuinePacket,
  packetSignatureWords,
  redeliveredCopyFate,
  replacesStoredPacket,
} from "#app/domain/incoming/edxml-redelivery";

const VERDICTS = [
  { xmlSignature: "valid", trusted: true },
  { xmlSignature: "valid", trusted: false },
  { xmlSignature: "invalid", trusted: false },
  { xmlSignature: "absent", trusted: false },
  { xmlSignature: null, trusted: null },
] as const;

describe("which re-delivery replaces the stored packet", () => {
  test("only a genuine packet with other bytes, and only when the stored one was not genuine", () => {
    for (const stored of VERDICTS)
      for (const arriving of VERDICTS) {
        const label = `${stored.xmlSignature}/${stored.trusted} → ${arriving.xmlSignature}/${arriving.trusted}`;
        expect(replacesStoredPacket({ ...stored, sha256: "a" }, { ...arriving, sha256: "a" }), label).toBe(false);
        expect(replacesStoredPacket({ ...stored, sha256: "a" }, { ...arriving, sha256: "b" }), label).toBe(
          isGenuinePacket(arriving) && !isGenuinePacket(stored),
        );
      }
    expect(replacesStoredPacket({ xmlSignature: "invalid", trusted: false, sha256: "a" }, { xmlSignature: "valid", trusted: true, sha256: "b" })).toBe(true);
    expect(replacesStoredPacket({ xmlSignature: "valid", trusted: false, sha256: "a" }, { xmlSignature: "valid", trusted: true, sha256: "b" })).toBe(true);
    expect(replacesStoredPacket({ xmlSignature: "invalid", trusted: false, sha256: "a" }, { xmlSignature: "valid", trusted: false, sha256: "b" })).toBe(false);
  });
});

describe("what the genuine packet does to a copy", () => {
  test("replaces one awaiting registration, stands beside one the clerk acted on, leaves a recalled one", () => {
    expect(redeliveredCopyFate({ status: "received", isRecalled: false })).toBe("replace");
    for (const status of ["registered", "awaiting_routing", "awaiting_direction", "in_progress", "completed", "returned"])
      expect(redeliveredCopyFate({ status, isRecalled: false }), status).toBe("new_copy");
    expect(redeliveredCopyFate({ status: "received", isRecalled: true })).toBe("keep");
    expect(redeliveredCopyFate({ status: "registered", isRecalled: true })).toBe("keep");
  });

  test("the new copy carries the earlier copy's progress, never back to 01 after 03", () => {
    expect([null, "01", "02", "03", "04", "05", "06"].map(carriedStatusCode)).toEqual(["01", "01", "01", "03", "04", "05", "06"]);
  });

  test("verdicts in the clerk's words", () => {
    expect(VERDICTS.map(packetSignatureWords)).toEqual([
      "hợp lệ, được tin cậy",
      "hợp lệ nhưng chưa được tin cậy",
      "không hợp lệ (nội dung đã bị thay đổi hoặc chữ ký hỏng)",
      "không có",
      "không có",
    ]);
  });
});

describe("an update with less proof of origin than its document", () => {
  test("a genuine document is rewritten only by a genuine update; any other document by any update", () => {
    for (const document of VERDICTS)
      for (const change of VERDICTS) {
        const refused = changeLacksDocumentsProof(document, change);
        expect(refused, `${JSON.stringify(document)} ← ${JSON.stringify(change)}`).toBe(isGenuinePacket(document) && !isGenuinePacket(change));
      }
    expect(changeLacksDocumentsProof(null, { xmlSignature: "absent", trusted: false })).toBe(false);
    expect(changeLacksDocumentsProof({ xmlSignature: "valid", trusted: true }, { xmlSignature: "valid", trusted: false })).toBe(true);
  });
});
