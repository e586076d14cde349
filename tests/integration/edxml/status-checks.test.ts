// Status packets (gói tin trạng thái) in: who may import one, and which change a delivery. The deliveries are rows
// as the outbox writes them when a document leaves for another system (outbox.server.ts), so the checks are seen
// without issuing a document.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { buildStatusPacketXml, type StatusCode } from "#edxml/index";
import type { Actor } from "#app/platform/auth/actor";
import { createTestDb, type TestDb } from "#tests/support/test-db";
import { makeUser } from "#tests/support/factories";
import { addDirectoryOrganization, upsertEdxmlPeer } from "#app/features/exchange/peers.server";
import { importEdxmlForCli } from "#app/features/exchange/cli.server";
import { closeUntrustedPool } from "#app/platform/untrusted/pool.server";

const ISSUER = "000.00.00.H12"; // hosted here: UBND tỉnh Cà Mau
const OTHER = "000.00.00.H13"; // hosted here too: another organisation with its own clerk
const REMOTE = "000.00.00.H05"; // on another system
let t: TestDb;
let issuerClerk: Actor;
let otherClerk: Actor;
let remoteId: number;
let serial = 0;

/** A delivery of a document of ISSUER to REMOTE, as the outbox records it; returns its DocumentId. */
function delivery(statusCode = "01"): string {
  const n = ++serial;
  const documentId = `${ISSUER},2025/06/15,${n}/UBND-VP`;
  t.db.$client
    .prepare(
      "insert into edxml_deliveries (outgoing_document_id, recipient_organization_id, document_id, recipient_organ_id, status_code, updated_at) values (?, ?, ?, ?, ?, ?)",
    )
    .run(900_000 + n, remoteId, documentId, REMOTE, statusCode, Date.now());
  return documentId;
}
const statusOfDelivery = (documentId: string) =>
  (t.db.$client.prepare("select status_code s from edxml_deliveries where document_id = ?").get(documentId) as { s: string }).s;

function statusPacket(documentId: string, code: StatusCode, from = REMOTE): Uint8Array {
  const [organId, date, symbol] = documentId.split(",");
  const [codeNumber, codeNotation] = symbol.split("/");
  const xml = buildStatusPacketXml({
    responseFor: { organId, codeNumber, codeNotation, promulgationDate: date.replace(/\//g, "-"), documentId },
    from: { organId: from, organName: "UBND tỉnh Bạc Liêu" },
    to: { organId, organName: "UBND tỉnh Cà Mau" },
    statusCode: code,
    description: `Trạng thái ${code}`,
    timestamp: new Date(),
  });
  return new Uint8Array(Buffer.from(xml));
}
const importAs = (actor: Actor, bytes: Uint8Array) => importEdxmlForCli({ db: t.db, dataDir: t.dataDir, actor }, bytes);

beforeAll(async () => {
  t = createTestDb();
  const issuer = addDirectoryOrganization(t.db, { organId: ISSUER, name: "UBND tỉnh Cà Mau" });
  const other = addDirectoryOrganization(t.db, { organId: OTHER, name: "UBND huyện Tân Thành" });
  upsertEdxmlPeer(t.db, { name: "LGSP Bạc Liêu", transport: "http", url: "http://127.0.0.1:9/api/edxml", token: "status-checks-token-0123456789abcdef" });
  remoteId = addDirectoryOrganization(t.db, { organId: REMOTE, name: "UBND tỉnh Bạc Liêu", peerName: "LGSP Bạc Liêu" }).organizationId;
  issuerClerk = await makeUser(t.db, t.dataDir, { username: "vanthu.camau", unitId: issuer.organizationId, roles: ["clerk"], fullName: "Lê Thị Thu" });
  otherClerk = await makeUser(t.db, t.dataDir, { username: "vanthu.tanthanh", unitId: other.organizationId, roles: ["clerk"], fullName: "Trần Văn Tâm" });
});

afterAll(async () => {
  await closeUntrustedPool();
  t?.cleanup();
});

describe("CLI import of a status packet", () => {
  test("a clerk of another organisation cannot move the issuer's delivery; the issuer's clerk can", async () => {
    const documentId = delivery();
    await expect(importAs(otherClerk, statusPacket(documentId, "05"))).rejects.toThrow(/không trả lời văn bản của cơ quan người nhập/);
    expect(statusOfDelivery(documentId)).toBe("01");
    expect(await importAs(issuerClerk, statusPacket(documentId, "05"))).toEqual({ kind: "status", code: "05", documentId, duplicate: false });
    expect(statusOfDelivery(documentId)).toBe("05");
  });
});

describe("status packets that would change nothing", () => {
  test("a status for a document never sent from here, or from an organisation it was not sent to, is refused with the reason", async () => {
    await expect(importAs(issuerClerk, statusPacket(`${ISSUER},2025/06/15,424242/UBND-VP`, "03"))).rejects.toThrow(
      /Không có văn bản 000\.00\.00\.H12,2025\/06\/15,424242\/UBND-VP đã gửi đi để nhận trạng thái/,
    );
    const documentId = delivery();
    await expect(importAs(issuerClerk, statusPacket(documentId, "03", "000.00.00.H07"))).rejects.toThrow(
      /Cơ quan 000\.00\.00\.H07 không phải nơi nhận văn bản/,
    );
    expect(statusOfDelivery(documentId)).toBe("01");
  });

  test("13, 15 and 16 for a document that was never recalled leave the delivery as it was", async () => {
    const documentId = delivery("03");
    for (const code of ["13", "15", "16"] as const) {
      expect(await importAs(issuerClerk, statusPacket(documentId, code))).toMatchObject({ kind: "status", code });
      expect(statusOfDelivery(documentId), code).toBe("03");
    }
  });
});
