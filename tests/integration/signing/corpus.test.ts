// Every corpus file is signed as leader, then as organisation with number and date in the same revision; each
// result must pass the independent sigcheck.py (--expect 2) and revdiff.py, and our own verifier.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { generateSealPng, generateSignaturePng, planNumberAndDate, signPdf, verifyPdfSignatures } from "#signing/index";
import { buildCorpus, readPdf, type CorpusFile } from "#tests/support/pdf-corpus";
import { revdiff, sigcheck } from "#tests/support/signature-check";
import { ORGANIZATION, SIGNING_TIME, signingFixtures, type SigningFixtures } from "#tests/support/signing-fixtures";

let corpus: { dir: string; files: CorpusFile[] };
let fx: SigningFixtures;

async function signTwice(file: CorpusFile, profile: "pades" | "adbe" = "pades") {
  const base = readPdf(file.path);
  const leader = await signPdf(base, {
    signer: fx.leader,
    role: "leader",
    profile,
    signingTime: SIGNING_TIME,
    appearance: {
      visible: true,
      fontBytes: fx.font,
      signerName: file.signerName,
      signerTitle: file.signerTitle,
      signatureImagePng: generateSignaturePng(file.signerName),
    },
  });
  const plan = planNumberAndDate(leader.pdf, { number: "58/KH-UBND", date: { year: 2025, month: 6, day: 15 } });
  const org = await signPdf(leader.pdf, {
    signer: fx.organization,
    role: "organization",
    profile,
    signingTime: new Date(SIGNING_TIME.getTime() + 60_000),
    appearance: { visible: true, fontBytes: fx.font, organizationName: ORGANIZATION, sealImagePng: generateSealPng(ORGANIZATION) },
    ...plan,
  });
  const out = join(corpus.dir, `${file.name}-${profile}-signed.pdf`);
  writeFileSync(out, org.pdf);
  return { out, leader, org, plan };
}

beforeAll(async () => {
  corpus = await buildCorpus();
  fx = signingFixtures(corpus.dir);
}, 120_000);

describe("corpus: leader then organisation", () => {
  it("builds a corpus from several producers", () => {
    const names = corpus.files.map((f) => f.name);
    expect(names).toEqual(
      expect.arrayContaining(["pdflib-xrefstream-fields", "pdflib-xreftable", "pdflib-multipage", "chromium", "qpdf-objstm", "qpdf-linearized", "qpdf-qdf"]),
    );
  });

  it("signs every corpus file twice and each result passes sigcheck.py and revdiff.py", async () => {
    const results = await Promise.all(
      corpus.files.map(async (file) => {
        const { out, org, plan } = await signTwice(file);
        const [sc, rd] = await Promise.all([sigcheck(out, fx.caPath, 2), revdiff(out)]);
        const reports = await verifyPdfSignatures(org.pdf, { trustAnchorsPem: [fx.pki.caCertPem] });
        return { file, sc, rd, reports, plan };
      }),
    );
    for (const { file, sc, rd, reports } of results) {
      expect(sc.output, `${file.name}: sigcheck`).toContain("PASS");
      expect(sc.code, `${file.name}: sigcheck\n${sc.output}`).toBe(0);
      expect(rd.code, `${file.name}: revdiff\n${rd.output}`).toBe(0);
      expect(reports.map((r) => r.fieldName)).toEqual(["LanhDao", "CoQuan"]);
      for (const r of reports) {
        expect(r, file.name).toMatchObject({
          valid: true,
          coversRevision: true,
          trusted: true,
          certValidAtSigning: true,
          modifiedAfter: false,
          profile: "pades",
        });
      }
      expect(reports[0].signerName).toBe("Nguyễn Văn Đông");
      expect(reports[1].signedAt).toBe("2025-06-15T09:16:00+07:00");
    }
    // The file with pre-created fields is filled as a form; the others get FreeText stamps.
    const withFields = results.find((r) => r.file.name === "pdflib-xrefstream-fields")!;
    expect(withFields.plan.formValues).toEqual({ so_ky_hieu: "58/KH-UBND", ngay_thang: "ngày 15 tháng 6 năm 2025" });
  }, 120_000);

  it("supports the adbe.pkcs7.detached profile", async () => {
    const file = corpus.files.find((f) => f.name === "qpdf-objstm")!;
    const { out, org } = await signTwice(file, "adbe");
    const sc = await sigcheck(out, fx.caPath, 2);
    expect(sc.code, sc.output).toBe(0);
    const reports = await verifyPdfSignatures(org.pdf, { trustAnchorsPem: [fx.pki.caCertPem] });
    expect(reports.map((r) => [r.profile, r.valid])).toEqual([
      ["adbe", true],
      ["adbe", true],
    ]);
  }, 60_000);

  it("adds a third signature on top and all three stay valid", async () => {
    const file = corpus.files.find((f) => f.name === "chromium") ?? corpus.files[0];
    const { org } = await signTwice(file);
    const third = await signPdf(org.pdf, { signer: fx.leader, role: "leader", signingTime: new Date(SIGNING_TIME.getTime() + 120_000) });
    expect(third.fieldName).toBe("LanhDao_2");
    const out = join(corpus.dir, "third.pdf");
    writeFileSync(out, third.pdf);
    const [sc, rd] = await Promise.all([sigcheck(out, fx.caPath, 3), revdiff(out)]);
    expect(sc.code, sc.output).toBe(0);
    expect(rd.code, rd.output).toBe(0);
    const reports = await verifyPdfSignatures(third.pdf, { trustAnchorsPem: [fx.pki.caCertPem] });
    expect(reports.every((r) => r.valid && !r.modifiedAfter)).toBe(true);
  }, 60_000);
});
