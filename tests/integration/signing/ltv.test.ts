// PAdES B-LT against a real OCSP responder (`openssl ocsp` on loopback for the demo CA, index.txt written here):
// certificates issued with an AIA OCSP URL get their responses fetched after signing and stored in a DSS in a final
// incremental revision that pdfsig/openssl (sigcheck.py) and revdiff.py accept; our report shows the status.
import { X509Certificate } from "node:crypto";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addLongTermValidation, createDemoCa, issueDemoCertificate, loadPkcs12, signPdf, verifyPdfSignatures, SigningError, type DemoCa } from "#signing/index";
import { readDss } from "#signing/ltv/dss";
import { PdfReader } from "#signing/pdf/reader";
import { pdfLibDocument } from "#tests/support/pdf-corpus";
import { revdiff, run, sigcheck } from "#tests/support/signature-check";
import { assertTools } from "#tests/support/tools";
import { startOcspResponder, type OcspResponder } from "#tests/support/ocsp-responder";
import { loadVietnameseFont } from "../../../scripts/commands/signing-assets";

const dir = resolve("tests/.tmp/ltv-test");
const PORT = 4162;
const OCSP_URL = `http://127.0.0.1:${PORT}/ocsp`;
let ca: DemoCa;
let responder: OcspResponder;
const issued: Record<"leader" | "organization" | "revoked", ReturnType<typeof issueDemoCertificate>> = {} as never;

beforeAll(async () => {
  assertTools("openssl", "pdfsig", "python3", "qpdf");
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  ca = createDemoCa();
  writeFileSync(join(dir, "ca.pem"), ca.certPem);
  issued.leader = issueDemoCertificate(ca, { commonName: "Nguyễn Văn Đông", organization: "Ủy ban nhân dân xã Đông Hưng", kind: "person", ocspUrl: OCSP_URL });
  issued.organization = issueDemoCertificate(ca, { commonName: "Ủy ban nhân dân xã Đông Hưng", kind: "organization", ocspUrl: OCSP_URL });
  issued.revoked = issueDemoCertificate(ca, { commonName: "Trần Thị Thu Hồi", kind: "person", ocspUrl: OCSP_URL });
  responder = await startOcspResponder({
    dir: join(dir, "ocsp"),
    port: PORT,
    caCertPem: ca.certPem,
    caKeyPem: ca.keyPem,
    entries: [
      { certPem: issued.leader.certPem },
      { certPem: issued.organization.certPem },
      { certPem: issued.revoked.certPem, revokedAt: new Date(Date.now() - 3600_000) },
    ],
  });
});

afterAll(async () => {
  await responder?.close();
});

const signer = (k: keyof typeof issued) => loadPkcs12(issued[k].p12, issued[k].password);

describe("long-term validation data (PAdES B-LT)", () => {
  it("the demo CA names the OCSP responder in the certificates it issues", () => {
    expect(new X509Certificate(issued.leader.certPem).infoAccess).toContain(`OCSP - URI:${OCSP_URL}`);
    expect(new X509Certificate(issueDemoCertificate(ca, { commonName: "Không OCSP", kind: "person" }).certPem).infoAccess).toBeUndefined();
  });

  it("adds a DSS with the OCSP responses in a final revision that stays valid for pdfsig, openssl and revdiff", async () => {
    const font = loadVietnameseFont();
    const base = await pdfLibDocument({ objectStreams: true });
    const a = await signPdf(base, { signer: signer("leader"), role: "leader", appearance: { visible: true, fontBytes: font, signerName: "Nguyễn Văn Đông" } });
    const b = await signPdf(a.pdf, {
      signer: signer("organization"),
      role: "organization",
      appearance: { visible: true, fontBytes: font, organizationName: "Ủy ban nhân dân xã Đông Hưng" },
    });
    const ltv = await addLongTermValidation(b.pdf, { extraCertificatesPem: [ca.certPem] });
    expect(ltv.added).toBe(true);
    expect(ltv.revocations.map((r) => [r.subject, r.status]).sort()).toEqual([
      ["Nguyễn Văn Đông", "good"],
      ["Ủy ban nhân dân xã Đông Hưng", "good"],
    ]);
    expect(Buffer.from(ltv.pdf.subarray(0, b.pdf.length)).equals(Buffer.from(b.pdf))).toBe(true);
    const file = join(dir, "b-lt.pdf");
    writeFileSync(file, ltv.pdf);

    // The DSS is there and holds what openssl reads as this CA's answers about these certificates.
    const dss = readDss(PdfReader.open(ltv.pdf));
    expect(dss.ocsps).toHaveLength(2);
    expect(dss.certs.length).toBeGreaterThanOrEqual(3);
    writeFileSync(join(dir, "leader.pem"), issued.leader.certPem);
    writeFileSync(join(dir, "organization.pem"), issued.organization.certPem);
    const statuses: string[] = [];
    for (const [i, resp] of dss.ocsps.entries()) {
      writeFileSync(join(dir, `resp${i}.der`), resp);
      for (const who of ["leader", "organization"]) {
        const r = await run("openssl", [
          "ocsp",
          "-respin",
          join(dir, `resp${i}.der`),
          "-CAfile",
          join(dir, "ca.pem"),
          "-issuer",
          join(dir, "ca.pem"),
          "-cert",
          join(dir, `${who}.pem`),
        ]);
        if (/Response verify OK/.test(r.output) && new RegExp(`${who}.pem: good`).test(r.output)) statuses.push(who);
      }
    }
    expect(statuses.sort()).toEqual(["leader", "organization"]);
    const qpdf = await run("qpdf", ["--show-object=trailer", file]);
    expect(qpdf.code, qpdf.output).toBe(0);

    // sigcheck.py refuses anything after the last signature, so it checks the signed revisions; pdfsig checks the
    // signatures inside the final file, and revdiff.py judges the DSS revision itself.
    writeFileSync(join(dir, "b.pdf"), b.pdf);
    const [sc, rd, pdfsig] = await Promise.all([
      sigcheck(join(dir, "b.pdf"), join(dir, "ca.pem"), 2, [], 120_000),
      revdiff(file, 60_000),
      run("pdfsig", [file]),
    ]);
    expect(sc.code, sc.output).toBe(0);
    expect(rd.code, rd.output).toBe(0);
    expect(pdfsig.output.match(/Signature Validation: Signature is Valid/g), pdfsig.output).toHaveLength(2);

    const reports = await verifyPdfSignatures(ltv.pdf, { trustAnchorsPem: [ca.certPem] });
    expect(reports).toHaveLength(2);
    for (const r of reports) {
      expect(r).toMatchObject({
        valid: true,
        trusted: true,
        modifiedAfter: false,
        revocation: { status: "good", source: "ocsp", checkedAt: expect.stringMatching(/\+07:00$/) },
      });
      expect(r.changeKinds).toContain("dss");
    }
    // Without a DSS, no revocation status is claimed.
    expect((await verifyPdfSignatures(b.pdf))[0].revocation).toBeNull();
  });

  it("reports a revoked certificate as revoked", async () => {
    const base = await pdfLibDocument({ objectStreams: false });
    const signed = await signPdf(base, { signer: signer("revoked"), role: "leader" });
    const ltv = await addLongTermValidation(signed.pdf, { extraCertificatesPem: [ca.certPem] });
    expect(ltv.revocations).toEqual([expect.objectContaining({ subject: "Trần Thị Thu Hồi", status: "revoked", revokedAt: expect.any(Date) })]);
    const [r] = await verifyPdfSignatures(ltv.pdf, { trustAnchorsPem: [ca.certPem] });
    expect(r.valid).toBe(true);
    expect(r.revocation).toMatchObject({ status: "revoked", revokedAt: expect.stringMatching(/\+07:00$/) });
  });

  it("a certificate the responder does not know is 'unknown'; an unreachable responder is a clear error", async () => {
    const stranger = issueDemoCertificate(ca, { commonName: "Người lạ", kind: "person", ocspUrl: OCSP_URL });
    const base = await pdfLibDocument({ objectStreams: false });
    const signed = await signPdf(base, { signer: loadPkcs12(stranger.p12, stranger.password), role: "leader" });
    const ltv = await addLongTermValidation(signed.pdf, { extraCertificatesPem: [ca.certPem] });
    expect(ltv.revocations[0].status).toBe("unknown");
    expect((await verifyPdfSignatures(ltv.pdf))[0].revocation?.status).toBe("unknown");

    const offline = issueDemoCertificate(ca, { commonName: "Máy chủ tắt", kind: "person", ocspUrl: "http://127.0.0.1:4169/ocsp" });
    const signed2 = await signPdf(base, { signer: loadPkcs12(offline.p12, offline.password), role: "leader" });
    const error = await addLongTermValidation(signed2.pdf, { extraCertificatesPem: [ca.certPem], timeoutMs: 5000 }).catch((e) => e);
    expect(error).toBeInstanceOf(SigningError);
    expect(error.code).toBe("REVOCATION_FAILED");
    expect(error.message).toMatch(/^Không lấy được thông tin thu hồi chứng thư số từ http:\/\/127\.0\.0\.1:4169\/ocsp: không kết nối được/);
  });
});
