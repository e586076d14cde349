// Hostile input at the service level (issue "Hostile input"): generated bombs go through the services
// behind every upload route; each is refused with a Vietnamese message naming the limit, within a
// bound, while this process's event loop keeps turning (the parsing runs in the untrusted-file pool).
// The same bombs go through the real HTTP routes of the production server in tests/e2e/hostile.spec.ts.
import { existsSync, mkdirSync, utimesSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, afterEach, beforeEach, describe, expect, test } from "vitest";
import { eq } from "drizzle-orm";
import { createTestDb, type TestDb } from "#tests/support/test-db";
import { contextFor, makeUser, seedDirectory } from "#tests/support/factories";
import * as F from "#tests/support/hostile-fixtures";
import { previewPlanImport } from "#app/features/plans/index";
import { setOrganizationSeal } from "#app/platform/organizations.server";
import { checkUploadedFile } from "#app/platform/files/upload-content.server";
import { collectOrphanFiles } from "#app/platform/files/files-gc.server";
import { encodeCp1258 } from "#tests/support/text-encodings";
import { insertFileRow, stageUnnamedBlob, writeBlob } from "#app/platform/files/files.server";
import { closeUntrustedPool } from "#app/platform/untrusted/pool.server";
import { LINGER_MAX_BYTES, parseMultipartForm, UploadTooLargeError } from "#app/utils/upload.server";
import { files, organizations } from "#db/schema/index";
import type { Actor } from "#app/platform/auth/actor";

let t: TestDb;
let dir: Map<string, number>;
let manager: Actor;

beforeEach(async () => {
  t = createTestDb();
  dir = seedDirectory(t.db);
  manager = await makeUser(t.db, t.dataDir, { username: "nv", unitId: dir.get("Sở Nội vụ > Phòng Cải cách hành chính")!, roles: ["plan_manager"] });
});
afterEach(() => t.cleanup());
afterAll(async () => {
  await closeUntrustedPool();
});

/** Runs `work` and measures how late a 20 ms timer fires meanwhile (the event loop's worst stall). */
async function withStallMeter<T>(work: () => Promise<T>): Promise<{ outcome: T | Error; worstStallMs: number; ms: number }> {
  let last = performance.now();
  let worst = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    worst = Math.max(worst, now - last - 20);
    last = now;
  }, 20);
  const started = performance.now();
  let outcome: T | Error;
  try {
    outcome = await work();
  } catch (error) {
    outcome = error as Error;
  }
  clearInterval(timer);
  return { outcome, worstStallMs: worst, ms: performance.now() - started };
}

// Generous bounds: a property check on a shared, loaded machine, not a benchmark.
const ANSWER_BOUND_MS = 45_000;
const STALL_BOUND_MS = 2_000;

describe("plan import preview (XLSX, CSV) refuses bombs in the pool", () => {
  const cases: Array<[string, () => Uint8Array, RegExp]> = [
    ["1.5 KB XLSX whose used range runs to XFD1048576", () => F.farCellXlsx(), /quá 20\.000 dòng/],
    ["XLSX merging the whole sheet", () => F.wholeSheetMergeXlsx(), /quá 20\.000 dòng/],
    ["XLSX validating the whole sheet", () => F.wholeSheetValidationXlsx(), /quá 20\.000 dòng|quá 200 cột/],
    ["XLSX zip bomb (declared 100 MB)", () => F.zipBombXlsx(100), /giải nén|MB/],
    ["XLSX zip bomb lying about its size", () => F.zipBombXlsx(100, { lie: true }), /giải nén ra quá 64 MB/],
    ["CSV of 30,000 rows", () => F.wideCsv(30_000, 3), /quá 20\.000 dòng/],
    ["CSV of 300 columns", () => F.wideCsv(5, 300), /quá 200 cột/],
    ["29 MB CSV", () => F.wideCsv((29 * 1024 * 1024) / 12, 3), /lớn hơn 10 MB/],
  ];
  for (const [name, make, message] of cases) {
    test(name, async () => {
      const bytes = make();
      const { outcome, worstStallMs, ms } = await withStallMeter(() =>
        previewPlanImport(contextFor(t.db, t.dataDir, manager), { bytes, fileName: "phu-luc.xlsx", year: 2023 }),
      );
      expect(outcome).toBeInstanceOf(Error);
      expect((outcome as Error & { code?: string }).code).toBe("VALIDATION");
      expect((outcome as Error).message).toMatch(message);
      expect(ms).toBeLessThan(ANSWER_BOUND_MS);
      expect(worstStallMs).toBeLessThan(STALL_BOUND_MS);
    }, 90_000);
  }
});

describe("uploaded files are checked by content", () => {
  const pdfCases: Array<[string, () => Uint8Array, RegExp]> = [
    ["truncated PDF", () => F.truncatedPdf(), /cắt cụt/],
    ["encrypted PDF", () => F.encryptedPdf(), /mã hóa/],
    ["cyclic page tree", () => F.cyclicPageTreePdf(), /tham chiếu vòng|hỏng/],
    ["deeply nested objects", () => F.deepNestingPdf(200_000), /hỏng/],
    ["2,000,000 pages in 12 MB", () => F.hugePageCountPdf(2_000_000), /vượt giới hạn 2\.000 trang/],
    ["header only", () => new TextEncoder().encode("%PDF-1.4\n%%EOF\n"), /PDF/],
  ];
  for (const [name, make, message] of pdfCases) {
    test(`PDF evidence: ${name}`, async () => {
      const bytes = make();
      const { outcome, worstStallMs, ms } = await withStallMeter(() =>
        checkUploadedFile(bytes, { fileName: "minh-chung.pdf", field: "file", accept: ["pdf", "png", "jpeg"] }),
      );
      expect((outcome as Error).message).toMatch(message);
      expect((outcome as Error & { code?: string }).code).toBe("VALIDATION");
      expect(ms).toBeLessThan(ANSWER_BOUND_MS);
      expect(worstStallMs).toBeLessThan(STALL_BOUND_MS);
    }, 90_000);
  }

  test("a sound PDF, PNG and JPEG-less text pass; a renamed executable and image bombs do not", async () => {
    await expect(checkUploadedFile(F.smallPdf(), { fileName: "a.pdf", field: "file", accept: ["pdf"] })).resolves.toMatchObject({
      kind: "pdf",
      mimeType: "application/pdf",
    });
    await expect(checkUploadedFile(F.png(40, 20), { fileName: "a.png", field: "file", accept: ["png"] })).resolves.toMatchObject({ kind: "png" });
    await expect(checkUploadedFile(new Uint8Array([0x4d, 0x5a, 0x90, 0, 3]), { fileName: "a.pdf", field: "file", accept: ["pdf"] })).rejects.toThrow(
      /định dạng không được hỗ trợ/,
    );
    await expect(checkUploadedFile(F.png(100_000, 100_000, 1), { fileName: "bom.png", field: "file", accept: ["png"] })).rejects.toThrow(/Ảnh quá lớn/);
    await expect(checkUploadedFile(F.png(40, 20).subarray(0, 60), { fileName: "cut.png", field: "file", accept: ["png"] })).rejects.toThrow(
      /hỏng hoặc không đầy đủ/,
    );
    await expect(checkUploadedFile(F.zipBombXlsx(300), { fileName: "bom.xlsx", field: "file", accept: ["xlsx"] })).rejects.toThrow(/MB/);
  }, 90_000);

  test("a text attachment saved by Notepad as UTF-16 or ANSI (Windows-1258) is kept as it came, its encoding named; TCVN3 and VNI are refused", async () => {
    const note = "Ghi chú: Ủy ban nhân dân phường Tân Thành đề nghị bổ sung hồ sơ.\r\n";
    const accept = ["pdf", "text"] as const;
    const check = (bytes: Uint8Array) => checkUploadedFile(bytes, { fileName: "ghi-chu.txt", field: "attachments", accept: [...accept] });
    await expect(check(new TextEncoder().encode(note))).resolves.toEqual({ kind: "text", mimeType: "text/plain; charset=utf-8" });
    const utf16 = new Uint8Array(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(note, "utf16le")]));
    await expect(check(utf16)).resolves.toEqual({ kind: "text", mimeType: "text/plain; charset=utf-16le" });
    await expect(check(encodeCp1258(note))).resolves.toEqual({ kind: "text", mimeType: "text/plain; charset=windows-1258" });
    // What a browser does with the type it is served: the note reads as written.
    expect(new TextDecoder("windows-1258").decode(encodeCp1258(note)).normalize("NFC")).toBe(note);
    const tcvn3 = new Uint8Array(Buffer.from("U\xfb ban nh\xa9n d\xa9n ph\xad\xeang T\xa9n Th\xb5nh", "latin1"));
    await expect(check(tcvn3)).rejects.toThrow(/^ghi-chu\.txt: văn bản dùng bảng mã TCVN3 .*Unikey/);
    const vni = new Uint8Array(Buffer.from("U\xfby ban nha\xe2n da\xe2n ph\xf6\xf4\xf8ng Ta\xe2n Tha\xf8nh", "latin1"));
    await expect(check(vni)).rejects.toThrow(/^ghi-chu\.txt: văn bản dùng bảng mã VNI Windows .*Unikey/);
    // Where text is not accepted, such a file is still an unsupported kind; and bytes that are no text stay refused.
    await expect(checkUploadedFile(utf16, { fileName: "ghi-chu.txt", field: "file", accept: ["pdf"] })).rejects.toThrow(/định dạng không được hỗ trợ/);
    await expect(check(new Uint8Array([0x4d, 0x5a, 0x90, 0, 3, 0x81, 0x8d]))).rejects.toThrow(/định dạng không được hỗ trợ/);
  });

  test("an office file whose parts inflate past their declared sizes is refused (task evidence is stored, not read)", async () => {
    // 100 MB of sheet declared as 1 KB: the directory passes every declared limit.
    await expect(checkUploadedFile(F.zipBombXlsx(100, { lie: true }), { fileName: "bom.xlsx", field: "file", accept: ["xlsx"] })).rejects.toThrow(
      /^bom\.xlsx: Tệp Office giải nén ra nhiều hơn kích thước nó khai báo/,
    );
    await expect(
      checkUploadedFile(
        F.xlsxWithSheet(
          `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData/></worksheet>`,
        ),
        { fileName: "a.xlsx", field: "file", accept: ["xlsx"] },
      ),
    ).resolves.toMatchObject({ kind: "xlsx" });
  }, 90_000);

  test("the seal image must decode to sane dimensions", () => {
    const admin = manager;
    expect(() => setOrganizationSeal(contextFor(t.db, t.dataDir, admin), { organizationId: dir.get("Sở Tư pháp")!, png: F.png(60_000, 60_000, 1) })).toThrow(
      /Ảnh quá lớn/,
    );
    setOrganizationSeal(contextFor(t.db, t.dataDir, admin), { organizationId: dir.get("Sở Tư pháp")!, png: F.png(200, 200) });
    expect(
      t.db
        .select()
        .from(organizations)
        .where(eq(organizations.id, dir.get("Sở Tư pháp")!))
        .get()!.sealFileId,
    ).not.toBeNull();
  });
});

describe("multipart uploads are limited while they stream", () => {
  function chunkedRequest(parts: Array<{ name: string; filename?: string; size: number }>): Request {
    const boundary = `----hostile${Math.random().toString(16).slice(2)}`;
    const encoder = new TextEncoder();
    let index = 0;
    let sentOfPart = -1;
    const CHUNK = 1024 * 1024;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (index >= parts.length) {
          controller.enqueue(encoder.encode(`--${boundary}--\r\n`));
          controller.close();
          return;
        }
        const part = parts[index];
        if (sentOfPart < 0) {
          const disposition = `form-data; name="${part.name}"${part.filename !== undefined ? `; filename="${part.filename}"` : ""}`;
          controller.enqueue(encoder.encode(`--${boundary}\r\nContent-Disposition: ${disposition}\r\nContent-Type: application/pdf\r\n\r\n`));
          sentOfPart = 0;
          return;
        }
        if (sentOfPart < part.size) {
          const n = Math.min(CHUNK, part.size - sentOfPart);
          controller.enqueue(new Uint8Array(n).fill(0x41));
          sentOfPart += n;
          return;
        }
        controller.enqueue(encoder.encode("\r\n"));
        index++;
        sentOfPart = -1;
      },
    });
    // No Content-Length: a chunked request says nothing about its size.
    return new Request("http://localhost/upload", {
      method: "POST",
      body,
      headers: { "Content-Type": `multipart/form-data; boundary=${boundary}` },
      duplex: "half",
    } as RequestInit);
  }

  test("8 × 45 MB chunked attachments stop at the request limit, not after 360 MB", async () => {
    const request = chunkedRequest(Array.from({ length: 8 }, (_, i) => ({ name: "attachments", filename: `p${i}.pdf`, size: 45 * 1024 * 1024 })));
    const error = await parseMultipartForm(request, { maxFileBytes: 50 * 1024 * 1024, maxFiles: 11, maxRequestBytes: 102 * 1024 * 1024 }).catch((e) => e);
    expect(error).toBeInstanceOf(UploadTooLargeError);
    expect(error.limit).toBe("request");
    expect(error.message).toMatch(/Tổng dung lượng.*102 MB/);
  }, 60_000);

  /** One file part of `size` bytes (Infinity: never ends), counting what the reader took and whether it cancelled. */
  function countingUpload(size: number) {
    const boundary = "----linger";
    const seen = { bytes: 0, cancelled: false, ended: false };
    let header = true;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (header) {
          header = false;
          controller.enqueue(new TextEncoder().encode(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.pdf"\r\n\r\n`));
          return;
        }
        if (seen.bytes >= size) {
          seen.ended = true;
          controller.close();
          return;
        }
        const n = Math.min(1024 * 1024, size - seen.bytes);
        seen.bytes += n;
        controller.enqueue(new Uint8Array(n).fill(0x41));
      },
      cancel() {
        seen.cancelled = true;
      },
    });
    const request = new Request("http://localhost/upload", {
      method: "POST",
      body,
      headers: { "Content-Type": `multipart/form-data; boundary=${boundary}` },
      duplex: "half",
    } as RequestInit);
    return { request, seen };
  }

  async function settle(seen: { cancelled: boolean; ended: boolean }) {
    for (let i = 0; i < 600 && !seen.cancelled && !seen.ended; i++) await new Promise((r) => setTimeout(r, 10));
  }

  test("after a refusal the rest of the body is read away (so the client can read the 413), up to 64 MB more, then cut off", async () => {
    const limits = { maxFileBytes: 2 * 1024 * 1024, maxRequestBytes: 4 * 1024 * 1024 };
    // 30 MB: refused at the 2 MB file limit, the remaining 28 MB are read to the end, nothing cancelled.
    const finite = countingUpload(30 * 1024 * 1024);
    expect(await parseMultipartForm(finite.request, limits).catch((e) => e)).toBeInstanceOf(UploadTooLargeError);
    await settle(finite.seen);
    expect(finite.seen).toEqual({ bytes: 30 * 1024 * 1024, cancelled: false, ended: true });
    // A body that never ends: read for LINGER_MAX_BYTES past the refusal, then the source is cancelled.
    const endless = countingUpload(Number.POSITIVE_INFINITY);
    expect(await parseMultipartForm(endless.request, limits).catch((e) => e)).toBeInstanceOf(UploadTooLargeError);
    await settle(endless.seen);
    expect(endless.seen.cancelled).toBe(true);
    expect(endless.seen.bytes).toBeGreaterThan(LINGER_MAX_BYTES);
    expect(endless.seen.bytes).toBeLessThan(LINGER_MAX_BYTES + 8 * 1024 * 1024);
  }, 60_000);

  test("a single file over the per-file limit, and too many files, are refused", async () => {
    const big = await parseMultipartForm(chunkedRequest([{ name: "file", filename: "a.pdf", size: 3 * 1024 * 1024 }]), {
      maxFileBytes: 2 * 1024 * 1024,
      maxRequestBytes: 50 * 1024 * 1024,
    }).catch((e) => e);
    expect(big).toBeInstanceOf(UploadTooLargeError);
    expect(big.message).toMatch(/2 MB mỗi tệp/);
    const many = await parseMultipartForm(chunkedRequest([1, 2, 3].map((i) => ({ name: "file", filename: `${i}.pdf`, size: 10 }))), { maxFiles: 2 }).catch(
      (e) => e,
    );
    expect(many).toBeInstanceOf(UploadTooLargeError);
    expect(many.message).toMatch(/tối đa 2 tệp/);
    const ok = await parseMultipartForm(
      chunkedRequest([
        { name: "title", size: 5 },
        { name: "file", filename: "a.pdf", size: 1000 },
      ]),
    );
    expect((ok.get("file") as File).size).toBe(1000);
    expect(ok.get("title")).toBe("AAAAA");
  }, 60_000);

  test("file names lose control characters and bidirectional overrides, and are read in NFC", async () => {
    const names = ["bell\u0007\u001b[31mred.pdf", "tab\there.pdf", "rtl\u202efdp.exe", "Ba\u0301o ca\u0301o.pdf", "\u0007"];
    const form = await parseMultipartForm(chunkedRequest(names.map((filename) => ({ name: "file", filename, size: 10 }))), { maxFiles: 5 });
    expect((form.getAll("file") as File[]).map((f) => f.name)).toEqual(["bell[31mred.pdf", "tab here.pdf", "rtlfdp.exe", "Báo cáo.pdf", "tệp"]);
  }, 60_000);
});

describe("orphaned uploads are collected", () => {
  const DAY = 24 * 3600_000;

  test("unreferenced rows, row-less blobs and temp files older than a day go; referenced and recent files stay", async () => {
    const now = new Date();
    const old = new Date(now.getTime() - 2 * DAY);
    const blob = (text: string) => writeBlob(t.dataDir, new TextEncoder().encode(text));
    const blobFile = (sha256: string) => join(t.dataDir, "files", sha256.slice(0, 2), sha256.slice(2, 4), sha256);
    const age = (path: string, when: Date) => utimesSync(path, when, when);

    const orphanRow = blob("orphan row");
    const referenced = blob("referenced seal");
    const recentRow = blob("recent row");
    const rowless = blob("failed preview upload");
    const rowlessRecent = blob("preview in progress");
    const rows = t.db.transaction((tx) => ({
      orphan: insertFileRow(tx, { blob: orphanRow, mimeType: "application/pdf", at: old }),
      referenced: insertFileRow(tx, { blob: referenced, mimeType: "image/png", at: old }),
      recent: insertFileRow(tx, { blob: recentRow, mimeType: "application/pdf", at: now }),
    }));
    t.db
      .update(organizations)
      .set({ sealFileId: rows.referenced.id })
      .where(eq(organizations.id, dir.get("Sở Tư pháp")!))
      .run();
    for (const b of [orphanRow, referenced, recentRow, rowless]) age(blobFile(b.sha256), old);
    const tempOld = join(t.dataDir, "files", "ab", "cd", ".tmp-0123456789abcdef");
    const tempNew = join(t.dataDir, "files", "ab", "cd", ".tmp-fedcba9876543210");
    mkdirSync(join(tempOld, ".."), { recursive: true });
    writeFileSync(tempOld, "partial");
    writeFileSync(tempNew, "partial");
    age(tempOld, old);
    // A packet staged before its hash was known (stageUnnamedBlob), left by a crash, and one being received now.
    const stagedOld = (await stageUnnamedBlob(t.dataDir, new TextEncoder().encode("packet left by a crash"))).path;
    const stagedNew = (await stageUnnamedBlob(t.dataDir, new TextEncoder().encode("packet being received"))).path;
    age(stagedOld, old);

    const result = collectOrphanFiles(t.db, t.dataDir, { now });
    expect(result).toMatchObject({ rowsRemoved: 1, blobsRemoved: 2, tempFilesRemoved: 2 });
    expect(existsSync(stagedOld)).toBe(false);
    expect(existsSync(stagedNew)).toBe(true);
    expect(
      t.db
        .select()
        .from(files)
        .all()
        .map((f) => f.id)
        .sort(),
    ).toEqual([rows.referenced.id, rows.recent.id].sort());
    expect(existsSync(blobFile(orphanRow.sha256))).toBe(false);
    expect(existsSync(blobFile(rowless.sha256))).toBe(false);
    expect(existsSync(blobFile(referenced.sha256))).toBe(true);
    expect(existsSync(blobFile(recentRow.sha256))).toBe(true);
    expect(existsSync(blobFile(rowlessRecent.sha256))).toBe(true);
    expect(existsSync(tempOld)).toBe(false);
    expect(existsSync(tempNew)).toBe(true);
    // A second run finds nothing more.
    expect(collectOrphanFiles(t.db, t.dataDir, { now })).toMatchObject({ rowsRemoved: 0, blobsRemoved: 0, tempFilesRemoved: 0 });
  });

  test("a refused plan preview stores nothing; an abandoned preview's upload is collected a day later", async () => {
    const { createHash } = await import("node:crypto");
    const pathOf = (bytes: Uint8Array) => {
      const sha256 = createHash("sha256").update(bytes).digest("hex");
      return join(t.dataDir, "files", sha256.slice(0, 2), sha256.slice(2, 4), sha256);
    };
    const refused = F.wideCsv(5, 300);
    await expect(previewPlanImport(contextFor(t.db, t.dataDir, manager), { bytes: refused, fileName: "x.csv", year: 2023 })).rejects.toThrow(/200 cột/);
    expect(existsSync(pathOf(refused))).toBe(false);
    const csv = new TextEncoder().encode("STT,Nội dung,Cơ quan chủ trì,Thời gian hoàn thành\nI,Cải cách thể chế,,\n1,Rà soát văn bản,Sở Tư pháp,Quý IV\n");
    const preview = await previewPlanImport(contextFor(t.db, t.dataDir, manager), { bytes: csv, fileName: "phu-luc.csv", year: 2023 });
    expect(preview.taskCount).toBe(1);
    expect(existsSync(pathOf(csv))).toBe(true);
    expect(collectOrphanFiles(t.db, t.dataDir).blobsRemoved).toBe(0);
    expect(collectOrphanFiles(t.db, t.dataDir, { now: new Date(Date.now() + 2 * DAY) }).blobsRemoved).toBe(1);
    expect(existsSync(pathOf(csv))).toBe(false);
  }, 60_000);
});
