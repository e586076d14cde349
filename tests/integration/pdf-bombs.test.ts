// Hostile PDFs through the incoming-registration reader (issue "Hostile input", item 1): readPdfText runs
// pdfjs in the untrusted-file pool (app/platform/pdf-text/pdf-text.task.ts), with the page and text-item limits
// checked while it parses and the pool's time and memory limits behind them. Each bomb gets its
// refusal code and a Vietnamese message naming the limit, this process's event loop keeps turning, and
// the pool answers the next task afterwards. The same bombs go through /incoming/new in
// tests/e2e/hostile.spec.ts.
import { afterAll, afterEach, beforeEach, describe, expect, test } from "vitest";
import { createTestDb, type TestDb } from "#tests/support/test-db";
import { contextFor, makeUser, seedDirectory } from "#tests/support/factories";
import * as F from "#tests/support/hostile-fixtures";
import { PdfReadError, readPdfText } from "#app/platform/pdf-text/pdf-text.server";
import { prepareIncomingUpload } from "#app/features/incoming/index";
import { closeUntrustedPool, runUntrusted } from "#app/platform/untrusted/pool.server";
import type { Actor } from "#app/platform/auth/actor";

afterAll(async () => {
  await closeUntrustedPool();
});

/** `count` text items, each its own run (positions go right to left, so pdfjs cannot merge them), all on the page. */
function visibleItemsPdf(count: number): Uint8Array {
  const parts = ["BT /F1 4 Tf "];
  for (let i = 0; i < count; i++) parts.push(`1 0 0 1 ${(580 - (i % 100) * 5.7).toFixed(1)} ${(10 + Math.floor(i / 100) * 3.2).toFixed(1)} Tm (a) Tj `);
  return new Uint8Array(F.pdfWithContent(Buffer.from(`${parts.join("")}ET`)));
}

/** `pages` pages, each with one line of text. */
function multiPagePdf(pages: number): Uint8Array {
  const objects: string[] = ["<< /Type /Catalog /Pages 2 0 R >>", ""];
  const kids: string[] = [];
  for (let p = 0; p < pages; p++) {
    const pageObj = objects.length + 1;
    kids.push(`${pageObj} 0 R`);
    const content = `BT /F1 12 Tf 72 720 Td (Trang so ${p + 1} cua cong van) Tj ET`;
    objects.push(`<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents ${pageObj + 1} 0 R /Resources << /Font << /F1 ${pageObj + 2} 0 R >> >> >>`);
    objects.push(`<< /Length ${content.length} >>\nstream\n${content}\nendstream`);
    objects.push("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>");
  }
  objects[1] = `<< /Type /Pages /Kids [${kids.join(" ")}] /Count ${pages} >>`;
  return new Uint8Array(F.buildPdf(objects));
}

async function refusal(promise: Promise<unknown>): Promise<PdfReadError> {
  const error = await promise.then(
    () => new Error("expected a refusal"),
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(PdfReadError);
  return error as PdfReadError;
}

/** The pool still answers: another task, and a good PDF through the same reader. */
async function expectPoolAnswers() {
  await expect(runUntrusted("probe", { kind: "echo", value: "còn sống" })).resolves.toBe("còn sống");
  await expect(readPdfText(new Uint8Array(F.smallPdf()))).resolves.toMatchObject({ pageCount: 1, text: "Cong van" });
}

describe("PDF text extraction in the untrusted pool", () => {
  test("a page with more text items than the per-page limit is refused while pdfjs streams it", async () => {
    const error = await refusal(readPdfText(visibleItemsPdf(25_000)));
    expect(error.code).toBe("TOO_MANY_TEXT_ITEMS");
    expect(error.message).toMatch(/quá 20\.000 đoạn chữ/);
    await expectPoolAnswers();
  }, 120_000);

  test("2,000,000 declared pages are refused before the page tree is built", async () => {
    const error = await refusal(readPdfText(new Uint8Array(F.hugePageCountPdf(2_000_000))));
    expect(error.code).toBe("TOO_MANY_PAGES");
    expect(error.message).toMatch(/2\.000\.000 trang, vượt giới hạn 10\.000 trang/);
    await expectPoolAnswers();
  }, 120_000);

  test("millions of text operations stop at the time limit, and the event loop keeps turning", async () => {
    let ticks = 0;
    const ticker = setInterval(() => ticks++, 20);
    // A 3 s limit instead of the production 30 s keeps the test short; the mechanism is the same.
    const error = await refusal(readPdfText(new Uint8Array(F.manyTextItemsPdf(3_000_000)), { timeoutMs: 3_000 }));
    clearInterval(ticker);
    expect(error.code).toBe("TIMEOUT");
    expect(error.message).toMatch(/giới hạn thời gian 3 giây/);
    expect(ticks).toBeGreaterThan(50);
    await expectPoolAnswers();
  }, 120_000);

  test("a page with more drawing operations than the per-page limit is refused, even when pdfjs keeps no text from them", async () => {
    // The same generator as the 3,000,000-operation bomb, smaller, against a lowered limit: whether the full
    // bomb ends on this limit or on the time limit depends on the machine, never on luck to be accepted.
    const error = await refusal(readPdfText(new Uint8Array(F.manyTextItemsPdf(200_000)), { maxOperationsPerPage: 50_000, timeoutMs: 120_000 }));
    expect(error.code).toBe("TOO_MANY_OPERATIONS");
    expect(error.message).toMatch(/vượt giới hạn 50\.000 lệnh mỗi trang/);
    await expectPoolAnswers();
  }, 180_000);

  test("an inflate bomb is stopped at the memory limit", async () => {
    const error = await refusal(readPdfText(new Uint8Array(F.inflateBombPdf(512)), { maxMemoryMb: 700 }));
    expect(error.code).toBe("MEMORY");
    expect(error.message).toMatch(/giới hạn bộ nhớ 700 MB/);
    await expectPoolAnswers();
  }, 120_000);

  test.each([
    ["truncated", "MALFORMED", F.truncatedPdf, /bị hỏng hoặc không đầy đủ/],
    ["encrypted", "ENCRYPTED", F.encryptedPdf, /mật khẩu/],
    ["cyclic page tree", "MALFORMED", F.cyclicPageTreePdf, /bị hỏng/],
    ["deeply nested", "MALFORMED", () => F.deepNestingPdf(100_000), /bị hỏng/],
  ] as const)(
    "a %s PDF is refused with %s",
    async (_name, code, make, message) => {
      const error = await refusal(readPdfText(new Uint8Array(make())));
      expect(error.code).toBe(code);
      expect(error.message).toMatch(message);
      await expectPoolAnswers();
    },
    120_000,
  );

  test("pages past the read limit and the per-file item budget are skipped, the last page is still read", async () => {
    const byPages = await readPdfText(multiPagePdf(6), { maxPages: 2 });
    expect(byPages).toMatchObject({ pageCount: 6, isTextTruncated: true });
    expect(byPages.pages.map((p) => p.pageNumber)).toEqual([1, 2, 6]);
    const byItems = await readPdfText(multiPagePdf(6), { maxItemsPerFile: 3 });
    expect(byItems.isTextTruncated).toBe(true);
    expect(byItems.pages.map((p) => p.pageNumber)).toEqual([1, 2, 3, 6]);
    const whole = await readPdfText(multiPagePdf(6));
    expect(whole.isTextTruncated).toBe(false);
    expect(whole.text).toContain("Trang so 6 cua cong van");
  }, 120_000);
});

describe("incoming registration upload", () => {
  let t: TestDb;
  let clerk: Actor;
  beforeEach(async () => {
    t = createTestDb();
    const units = seedDirectory(t.db);
    clerk = await makeUser(t.db, t.dataDir, { username: "vanthu", unitId: units.get("Văn phòng UBND tỉnh")!, roles: ["clerk"] });
  });
  afterEach(() => t.cleanup());

  test("a bomb is refused with the limit as the file's field error and nothing is stored", async () => {
    const ctx = contextFor(t.db, t.dataDir, clerk);
    const fileRows = () => (t.db.$client.prepare("select count(*) n from files").get() as { n: number }).n;
    const before = fileRows();
    await expect(
      prepareIncomingUpload(ctx, { bytes: new Uint8Array(F.hugePageCountPdf(2_000_000)), originalName: "bom.pdf", maxBytes: 50 * 1024 * 1024 }),
    ).rejects.toMatchObject({
      code: "VALIDATION",
      fieldErrors: { file: expect.stringMatching(/vượt giới hạn 10\.000 trang/) },
    });
    expect(fileRows()).toBe(before);
    // The pool answers the next upload, which is read and stored.
    const upload = await prepareIncomingUpload(ctx, { bytes: new Uint8Array(F.smallPdf()), originalName: "tot.pdf" });
    expect(upload).toMatchObject({ pageCount: 1, hasTextLayer: false });
    expect(fileRows()).toBe(before + 1);
  }, 120_000);
});
