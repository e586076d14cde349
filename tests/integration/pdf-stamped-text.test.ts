// Number and date stamped as annotation / form-field appearances (issue 19, item 2): decree 50/2026/NĐ-CP as
// the Government's VGCA tooling issued it, documents issued by this product (composed with form fields, and
// uploaded PDFs stamped at "Số:"/"ngày"), and annotations a reader cannot see, which must not inject text.
// Real PDFs through the untrusted-file pool (readPdfText) and the `extract` CLI.
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { extractDocumentFields } from "#app/domain/incoming/document-extraction";
import { composeDocumentPdf } from "#documents/composer/index";
import { applyLeaderSignature, applyOrganizationSignature } from "#app/platform/signing/document-signing.server";
import { PdfReadError, readPdfText } from "#app/platform/pdf-text/pdf-text.server";
import { readPdfTextInProcess } from "#app/platform/pdf-text/pdf-text.task";
import { OFFICIAL_LETTER_TAN_THANH } from "#tests/support/composer-fixtures";
import { pdfLibDocument, SIGNER_NAME, SIGNER_TITLE } from "#tests/support/pdf-corpus";
import { signingFixtures, SIGNING_TIME, type SigningFixtures } from "#tests/support/signing-fixtures";
import { stampedHeaderPdf, type StampSpec } from "#tests/support/stamped-fixtures";
import { CLI_ARGS } from "#tests/support/cli";

const run = promisify(execFile);
const DECREE_50 = join(__dirname, "../../../shared/corpus/realworld/vn__50-2026-ND-CP.pdf");

let dir: string;
let signing: SigningFixtures;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "stamped-text-"));
  signing = signingFixtures(dir);
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe("decree 50/2026/NĐ-CP (number and date are signature-field appearances)", () => {
  test("readPdfText merges the stamps into the header lines; extraction finds number, date and place", async () => {
    const text = await readPdfText(new Uint8Array(readFileSync(DECREE_50)));
    expect(text.text).toMatch(/Số: 50 ?\/2026\/NĐ-CP/);
    expect(text.text).toContain("Hà Nội, ngày 31 tháng 01 năm 2026");
    const fields = extractDocumentFields(text);
    expect(fields).toMatchObject({
      numberSymbol: "50/2026/NĐ-CP",
      issuedDate: "2026-01-31",
      place: "Hà Nội",
      docTypeName: "Nghị định",
      signerName: "Trần Hồng Hà",
    });
  }, 90_000);

  test("`cli extract` prints them", async () => {
    const { stdout } = await run(process.execPath, [...CLI_ARGS, "extract", DECREE_50], { timeout: 120_000 });
    expect(JSON.parse(stdout)).toMatchObject({ numberSymbol: "50/2026/NĐ-CP", issuedDate: "2026-01-31", place: "Hà Nội" });
  }, 130_000);
});

describe("documents issued by this product, read back as incoming", () => {
  test("composed draft: number and date are the values of its form fields", async () => {
    const composed = await composeDocumentPdf(OFFICIAL_LETTER_TAN_THANH);
    // Before issue the fields are empty: nothing to find (the check below can fail).
    expect(extractDocumentFields(await readPdfText(composed.pdf))).toMatchObject({ numberSymbol: null, issuedDate: null });
    const signed = await applyLeaderSignature(composed.pdf, {
      signer: signing.leader,
      signerName: OFFICIAL_LETTER_TAN_THANH.signerName,
      signerTitle: OFFICIAL_LETTER_TAN_THANH.signerTitle,
      signingTime: SIGNING_TIME,
      placement: composed.signatureBlock,
    });
    const { pdf: issued } = await applyOrganizationSignature(signed, {
      signer: signing.organization,
      organizationName: "Ủy ban nhân dân phường Tân Thành",
      signingTime: SIGNING_TIME,
      formValues: { so_ky_hieu: "58/UBND-VP", ngay_thang: "Tân Thành, ngày 15 tháng 6 năm 2025" },
    });
    const fields = extractDocumentFields(await readPdfText(issued));
    expect(fields).toMatchObject({ numberSymbol: "58/UBND-VP", issuedDate: "2025-06-15", place: "Tân Thành", signerName: "Nguyễn Thị Hồng Nhung" });
  }, 90_000);

  test("uploaded PDF: number stamped after 'Số:', date stamped over the blank date line", async () => {
    const uploaded = await pdfLibDocument({ objectStreams: true });
    const signed = await applyLeaderSignature(uploaded, {
      signer: signing.leader,
      signerName: SIGNER_NAME,
      signerTitle: SIGNER_TITLE,
      signingTime: SIGNING_TIME,
    });
    const dateLine = "Đông Hưng, ngày 15 tháng 6 năm 2025";
    // The stamps the issue step writes for an uploaded PDF (app/features/outgoing/issue.server.ts).
    const { pdf: issued } = await applyOrganizationSignature(signed, {
      signer: signing.organization,
      organizationName: "Ủy ban nhân dân xã Đông Hưng",
      signingTime: SIGNING_TIME,
      formValues: {},
      stamps: [
        { text: "58/KH-UBND", anchorText: "Số:", fallback: { slot: "number", text: "Số: 58/KH-UBND" } },
        { text: dateLine.slice(dateLine.indexOf("ngày")), anchorText: "ngày", replaceAnchor: true, fontSize: 13, fallback: { slot: "date", text: dateLine } },
      ],
    });
    const text = await readPdfText(issued);
    // The blank "ngày ..... tháng ..... năm 2025" is under the stamp's white box: the reader sees only the stamp.
    expect(text.text).not.toContain(".....");
    expect(extractDocumentFields(text)).toMatchObject({ numberSymbol: "58/KH-UBND", issuedDate: "2025-06-15", place: "Đông Hưng" });
  }, 90_000);
});

describe("a foreign PDF that already prints a number and a date (vn__02, UBND TP Hà Nội)", () => {
  test("issued with the register's number and date, it reads with those only: the printed ones are covered", async () => {
    const pdf = new Uint8Array(readFileSync(join(__dirname, "../../../shared/corpus/realworld/vn__02_Quyet_Dinh_UBND_Ha_Noi.pdf")));
    expect(extractDocumentFields(await readPdfText(pdf))).toMatchObject({ numberSymbol: "890/QĐ-UBND", issuedDate: "2026-08-11" });
    const signed = await applyLeaderSignature(pdf, { signer: signing.leader, signerName: "Trần Sỹ Thanh", signerTitle: "CHỦ TỊCH", signingTime: SIGNING_TIME });
    const dateLine = "Hà Nội, ngày 15 tháng 6 năm 2025";
    // The stamps the issue step writes for an uploaded PDF (app/features/outgoing/issue.server.ts).
    const { pdf: issued } = await applyOrganizationSignature(signed, {
      signer: signing.organization,
      organizationName: "Ủy ban nhân dân thành phố Hà Nội",
      signingTime: SIGNING_TIME,
      formValues: {},
      stamps: [
        { text: "58/QĐ-UBND", anchorText: "Số:", fallback: { slot: "number", text: "Số: 58/QĐ-UBND" } },
        { text: dateLine.slice(dateLine.indexOf("ngày")), anchorText: "ngày", replaceAnchor: true, fontSize: 13, fallback: { slot: "date", text: dateLine } },
      ],
    });
    const text = await readPdfText(issued);
    expect(text.text).not.toContain("890");
    expect(text.text).not.toContain("ngày 11 tháng 08");
    expect(extractDocumentFields(text)).toMatchObject({ numberSymbol: "58/QĐ-UBND", issuedDate: "2025-06-15", place: "Hà Nội" });
  }, 90_000);
});

describe("annotations a reader cannot see inject nothing", () => {
  const NUMBER: StampSpec = { text: "12", rect: [114, 736, 138, 752] };
  const MONTH: StampSpec = { text: "03", subtype: "Widget", rect: [436, 736, 456, 752] };
  const DAY: StampSpec = { text: "05", subtype: "FreeText", rect: [377, 736, 397, 752] };

  test("visible Stamp, FreeText and widget appearances are read at their place", async () => {
    const text = await readPdfText(await stampedHeaderPdf([NUMBER, DAY, MONTH]));
    expect(text.text).toContain("Hà Nội, ngày 05 tháng 03 năm 2026");
    expect(extractDocumentFields(text)).toMatchObject({ numberSymbol: "12/QĐ-UBND", issuedDate: "2026-03-05", place: "Hà Nội" });
  }, 60_000);

  test("an appearance drawn at half size is scaled onto its /Rect by /BBox and /Matrix", async () => {
    // BBox 10×8 scaled ×2 by the Matrix fills the 20×16 Rect: the 6.5 pt text lands as 13 pt on the baseline.
    const halfSize: StampSpec = { ...DAY, bbox: [0, 0, 10, 8], matrix: [2, 0, 0, 2, 0, 0], at: [1, 2], fontSize: 6.5 };
    const text = await readPdfText(await stampedHeaderPdf([NUMBER, halfSize, MONTH]));
    const day = text.pages[0].items.find((i) => i.str === "05");
    expect(day?.height).toBeCloseTo(13, 1);
    expect(day?.x).toBeCloseTo(379, 1);
    expect(extractDocumentFields(text).issuedDate).toBe("2026-03-05");
  }, 60_000);

  test.each<[string, StampSpec]>([
    ["Hidden flag", { ...DAY, flags: 2 | 4 }],
    ["NoView flag", { ...DAY, flags: 4 | 32 }],
    ["optional-content layer that is off", { ...DAY, hiddenLayer: true }],
    ["text outside the appearance's /BBox (clipped)", { ...DAY, at: [2, 40] }],
    ["annotation placed off the page", { ...DAY, rect: [640, 736, 660, 752] }],
    ["text of size 0.5 pt", { ...DAY, fontSize: 0.5 }],
  ])(
    "%s",
    async (_, day) => {
      const text = await readPdfText(await stampedHeaderPdf([NUMBER, day, MONTH]));
      expect(text.text).not.toContain("05");
      expect(text.pages[0].items.map((i) => i.str)).not.toContain("05");
      expect(extractDocumentFields(text).issuedDate).toBeNull();
    },
    60_000,
  );
});

describe("limits", () => {
  test("annotation text counts against the per-page item limit", async () => {
    const plain = await stampedHeaderPdf([]);
    // The smallest per-page limit the page text alone passes (found, not hard-coded: pdfjs's item split).
    let limit = 1;
    for (;;) {
      try {
        await readPdfTextInProcess(plain, { maxItemsPerPage: limit });
        break;
      } catch (error) {
        if (!(error instanceof PdfReadError) || error.code !== "TOO_MANY_TEXT_ITEMS" || limit > 200) throw error;
        limit++;
      }
    }
    const stamped = await stampedHeaderPdf([
      { text: "12", rect: [114, 736, 138, 752] },
      { text: "05", rect: [377, 736, 397, 752] },
    ]);
    await expect(readPdfText(stamped, { maxItemsPerPage: limit })).rejects.toMatchObject({ code: "TOO_MANY_TEXT_ITEMS" });
    await expect(readPdfText(stamped, { maxItemsPerPage: limit + 2 })).resolves.toMatchObject({ pageCount: 1 });
  }, 60_000);
});
