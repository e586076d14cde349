// Real PDFs (printed by Debian chromium, drawn by pdf-lib, a scan, an encrypted and broken files) through
// readPdfText → extractDocumentFields, and through the `extract` CLI command.
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { extractDocumentFields } from "#app/domain/incoming/document-extraction";
import { PdfReadError, readPdfText } from "#app/platform/pdf-text/pdf-text.server";
import { measureExtractionAccuracy } from "#tests/bench/extraction-accuracy";
import { CHROMIUM_PATH, DOCUMENT_FIXTURES, removeDocumentFixtures, renderDocumentFixtures, type RenderedFixture } from "#tests/support/document-fixtures";
import { CLI_ARGS } from "#tests/support/cli";

const run = promisify(execFile);

let fixtures: RenderedFixture[] = [];
const fixture = (id: string): RenderedFixture => {
  const found = fixtures.find((f) => f.id === id);
  if (!found) throw new Error(`fixture ${id} was not rendered`);
  return found;
};
const readFixture = async (id: string) => new Uint8Array(await readFile(fixture(id).path));

beforeAll(async () => {
  if (!existsSync(CHROMIUM_PATH)) throw new Error(`${CHROMIUM_PATH} is missing: apt-get install -y chromium qpdf`);
  fixtures = await renderDocumentFixtures();
}, 180_000);

afterAll(async () => {
  await removeDocumentFixtures(fixtures);
});

const readable = DOCUMENT_FIXTURES.filter((f) => f.expected && f.expected.hasTextLayer);

describe("readPdfText", () => {
  test("returns positioned items with font names and the full text", async () => {
    const text = await readPdfText(await readFixture("kh-172-province"));
    expect(text.pageCount).toBe(1);
    expect(text.hasTextLayer).toBe(true);
    expect(text.text).toContain("Số: 172/KH-UBND");
    const issuerItem = text.pages[0].items.find((i) => i.str.includes("TỈNH CÀ MAU"));
    expect(issuerItem).toMatchObject({ bold: true, fontName: expect.stringMatching(/Tinos-Bold/) });
    expect(issuerItem!.y).toBeLessThan(text.pages[0].height / 4); // y is measured from the top
  });

  test("joins pages with a form feed and covers every page of a multi-page document", async () => {
    const text = await readPdfText(await readFixture("kh-multipage-caps-summary"));
    expect(text.pageCount).toBe(3);
    expect(text.text.split("\n\f")).toHaveLength(3);
    expect(text.text).toContain("III. TỔ CHỨC THỰC HIỆN");
    expect(text.pages.map((p) => p.pageNumber)).toEqual([1, 2, 3]);
  });

  test("caps the plain text but still reads the last page for the signature", async () => {
    const text = await readPdfText(await readFixture("kh-multipage-caps-summary"), { maxPages: 1 });
    expect(text.isTextTruncated).toBe(true);
    expect(text.text).not.toContain("III. TỔ CHỨC THỰC HIỆN");
    expect(text.pages.map((p) => p.pageNumber)).toEqual([1, 3]);
    expect(extractDocumentFields(text).signerName).toBe("Nguyễn Minh Luân");
  });

  test("does not detach the caller's buffer", async () => {
    const data = await readFixture("kh-172-province");
    await readPdfText(data);
    expect(data.byteLength).toBeGreaterThan(0);
  });

  test("reports a scan without text layer without failing", async () => {
    const text = await readPdfText(await readFixture("scan-image-only"));
    expect(text).toMatchObject({ pageCount: 1, hasTextLayer: false });
  });

  test.each([
    ["encrypted", "ENCRYPTED", "Tệp PDF được bảo vệ bằng mật khẩu, không đọc được nội dung"],
    ["truncated", "MALFORMED", "Tệp PDF bị hỏng hoặc không đầy đủ, không đọc được nội dung"],
    ["not-pdf", "NOT_PDF", "Tệp không phải PDF hợp lệ"],
  ])("rejects the %s file with %s", async (id, code, message) => {
    const error = await readPdfText(await readFixture(id)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PdfReadError);
    expect(error).toMatchObject({ code, message });
  });

  test("rejects an empty file as not a PDF", async () => {
    await expect(readPdfText(new Uint8Array())).rejects.toMatchObject({ code: "NOT_PDF" });
  });
});

describe("extractDocumentFields on real PDFs", () => {
  test.each(readable.map((f) => [f.id, f.description] as const))("%s: %s", async (id) => {
    const fields = extractDocumentFields(await readPdfText(await readFixture(id)));
    const expected = fixture(id).expected!;
    expect({
      numberSymbol: fields.numberSymbol,
      docTypeName: fields.docTypeName,
      issuedDate: fields.issuedDate,
      place: fields.place,
      issuer: fields.issuer,
      parentIssuer: fields.parentIssuer,
      summary: fields.summary,
      signerName: fields.signerName,
      signerTitle: fields.signerTitle,
      signingAuthority: fields.signingAuthority,
      pageCount: fields.pageCount,
      hasTextLayer: fields.hasTextLayer,
    }).toEqual(expected);
  });

  test("maps the printed issuer to the organisation's known spelling", async () => {
    const knownIssuers = ["Ủy ban nhân dân tỉnh Cà Mau", "Sở Nội vụ tỉnh Cà Mau"];
    const province = extractDocumentFields(await readPdfText(await readFixture("kh-172-province")), { knownIssuers });
    const department = extractDocumentFields(await readPdfText(await readFixture("ttr-so-noi-vu")), { knownIssuers });
    expect([province.issuer, department.issuer]).toEqual(knownIssuers);
  });

  test("marks every field read from a Decree 30 layout with high confidence", async () => {
    const fields = extractDocumentFields(await readPdfText(await readFixture("qd-legal-year")));
    const { parentIssuer, ...rest } = fields.confidence;
    expect(parentIssuer).toBe("low"); // none printed
    expect(new Set(Object.values(rest))).toEqual(new Set(["high"]));
  });

  test("gets every scored field right across the corpus", async () => {
    const report = await measureExtractionAccuracy(fixtures);
    expect(report.misses).toEqual([]);
    expect(report.errors).toEqual({ correct: 3, total: 3 });
    expect(report.documents).toBeGreaterThanOrEqual(19);
  });
});

// Each case pays the CLI's start-up (~1 s); on 2 cores running them side by side is slower, not faster.
describe("extract CLI", () => {
  const cli = (...args: string[]) => run(process.execPath, [...CLI_ARGS, "extract", ...args], { env: { ...process.env, DATA_DIR: "/nonexistent-data-dir" } });

  test("prints the fields as JSON", async () => {
    const { stdout } = await cli(fixture("cv-don-doc").path);
    expect(JSON.parse(stdout)).toEqual({
      numberSymbol: "1234/UBND-KSTT",
      docTypeName: "Công văn",
      issuedDate: "2025-08-08",
      place: "Cà Mau",
      issuer: "ỦY BAN NHÂN DÂN TỈNH CÀ MAU",
      summary: "đôn đốc triển khai thực hiện thủ tục hành chính không phụ thuộc vào địa giới hành chính",
      signerName: "Trần Văn Hiếu",
      signerTitle: "CHÁNH VĂN PHÒNG",
      pageCount: 1,
      hasTextLayer: true,
    });
  });

  // Issue 14: a scan is OCR'd (ocrmypdf) and answers the same fields, flagged as read by OCR.
  test("OCRs a scan and prints its fields with hasTextLayer false and ocr true", async () => {
    const { stdout } = await cli(fixture("scan-image-only").path);
    const out = JSON.parse(stdout);
    expect(out).toMatchObject({ numberSymbol: "172/KH-UBND", docTypeName: "Kế hoạch", pageCount: 1, hasTextLayer: false, ocr: true });
    expect(out.pages).toHaveLength(1);
  }, 240_000);

  test.each([
    ["encrypted", "Tệp PDF được bảo vệ bằng mật khẩu, không đọc được nội dung"],
    ["not-pdf", "Tệp không phải PDF hợp lệ"],
    ["truncated", "Tệp PDF bị hỏng hoặc không đầy đủ, không đọc được nội dung"],
  ])("fails on the %s file with a Vietnamese message and no stack trace", async (id, message) => {
    const error = (await cli(fixture(id).path).catch((e: unknown) => e)) as { code: number; stdout: string; stderr: string };
    expect(error.code).toBe(1);
    expect(error.stdout).toBe("");
    const lastLine = error.stderr.trim().split("\n").pop()!;
    expect(JSON.parse(lastLine)).toEqual({ error: message });
    expect(error.stderr).not.toMatch(/\n\s+at /);
  });

  test("fails on a missing file argument", async () => {
    const error = (await cli().catch((e: unknown) => e)) as { code: number; stderr: string };
    expect(error.code).toBe(1);
    expect(error.stderr).toContain("Thiếu đường dẫn tệp PDF");
  });
});
