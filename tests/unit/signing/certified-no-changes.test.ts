// A document certified with "no changes allowed" (DocMDP P=1, pyhanko certified-with-indirect-refs-in-dir.pdf):
// the leader may not sign it (the certification would break), and a file where someone did sign after such a
// certification is reported broken, whatever later signature covers the change.
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { createDemoPki, loadPkcs12, signPdf, SigningError, verifyPdfSignatures, type LoadedSigner } from "#signing/index";
import { describeReports } from "#app/features/incoming/index";
import { loadVietnameseFont } from "../../../scripts/commands/signing-assets";

// Lets the test make the file the old code made (a signature after the P=1 certification), to check the verdict.
const bypass = vi.hoisted(() => ({ on: false }));
vi.mock("#signing/verify/changes", async (original) => {
  const actual = await original<typeof import("#signing/verify/changes")>();
  return { ...actual, certificationLevel: (reader: Parameters<typeof actual.certificationLevel>[0]) => (bypass.on ? null : actual.certificationLevel(reader)) };
});

const CORPUS = join(process.env.SHARED_DIR ? resolve(process.env.SHARED_DIR) : resolve(process.cwd(), "../shared"), "corpus/realworld");
const CERTIFIED = new Uint8Array(readFileSync(join(CORPUS, "pyhanko__certified-with-indirect-refs-in-dir.pdf")));
const font = loadVietnameseFont();
let leader: LoadedSigner;
let org: LoadedSigner;
let caPem: string;

beforeAll(() => {
  const pki = createDemoPki({ organizationName: "UBND xã Đông Hưng", leaderName: "Lê Văn Bình" });
  leader = loadPkcs12(pki.leader.p12, pki.leader.password);
  org = loadPkcs12(pki.organization.p12, pki.organization.password);
  caPem = pki.caCertPem;
});

describe("DocMDP P=1 (certified, no changes allowed)", () => {
  it("refuses the leader's signature with a Vietnamese message", async () => {
    const error = await signPdf(CERTIFIED, { signer: leader, role: "leader", appearance: { visible: true, fontBytes: font, signerName: "Lê Văn Bình" } }).catch(
      (e) => e,
    );
    expect(error).toBeInstanceOf(SigningError);
    expect(error.code).toBe("CERTIFIED_NO_CHANGES");
    expect(error.message).toMatch(/chứng nhận/);
  });

  it("reports the certification broken when signatures were added after it, even under a later valid signature", async () => {
    bypass.on = true;
    let issued: Uint8Array;
    try {
      const signed = await signPdf(CERTIFIED, { signer: leader, role: "leader", appearance: { visible: true, fontBytes: font, signerName: "Lê Văn Bình" } });
      issued = (
        await signPdf(signed.pdf, { signer: org, role: "organization", appearance: { visible: true, fontBytes: font, organizationName: "UBND xã Đông Hưng" } })
      ).pdf;
    } finally {
      bypass.on = false;
    }
    const reports = await verifyPdfSignatures(issued, { trustAnchorsPem: [caPem] });
    const certification = reports[0];
    expect(certification.modifiedAfter).toBe(true);
    expect(certification.changesCoveredBy).toBeNull();
    expect(certification.changeSummary).toMatch(/không cho phép thay đổi/);
    const status = describeReports(reports);
    expect(status.signatures[0].isValid).toBe(false);
    expect(status.status).toBe("invalid");
  });
});
