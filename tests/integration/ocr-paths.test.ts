// OCR of scans (issue 14), the paths one scan at a time: an image upload (JPEG, TIFF) wrapped into a PDF, the CLI's
// `extract` and `incoming:import` on a scan, a job whose worker dies mid-OCR. Real ocrmypdf/tesseract, real SQLite,
// real job queue and workers. Split from ocr.test.ts (the batch of registrations) so that the two run side by
// side: each leaves a core idle while a single OCR runs (tests/vitest.config.ts, group "heavy-pairs").
import { execFileSync, spawn } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { and, eq } from "drizzle-orm";
import { fileDerivations, incomingDocuments, jobs } from "#db/schema/index";
import { createTestDb, type TestDb } from "#tests/support/test-db";
import { contextFor, makeUser, seedDirectory } from "#tests/support/factories";
import { assertTools } from "#tests/support/tools";
import { buildScanCase, pageImages, scanCases, scanPdf } from "#tests/support/scan-corpus";
import { samplePdf, KH_172_SPEC } from "#tests/support/incoming-fixtures";
import { CLI_ARGS } from "#tests/support/cli";
import type { Actor } from "#app/platform/auth/actor";
import { getIncomingOcrStatus, listIncomingDocuments, prepareIncomingUpload, registerIncomingDocument } from "#app/features/incoming/index";
import { getFileRow, readStoredFile } from "#app/platform/files/files.server";
import { drainJobs } from "#app/platform/jobs/worker.server";
import { getJob } from "#app/platform/jobs/jobs.server";
import { PDFDocument, StandardFonts } from "pdf-lib";
import { present } from "#app/utils/errors";

let t: TestDb;
let clerk: Actor;
const ctx = (actor: Actor) => contextFor(t.db, t.dataDir, actor);
/** The scans of the corpus the CLI cases read (tests/support/scan-corpus.ts), by id. */
const scans = new Map<string, Uint8Array>();

beforeAll(async () => {
  assertTools("ocrmypdf", "tesseract", "pdftoppm", "pdfimages", "convert", "prlimit");
  t = createTestDb();
  const units = seedDirectory(t.db);
  clerk = await makeUser(t.db, t.dataDir, { username: "vanthu", unitId: units.get("Văn phòng UBND tỉnh")!, roles: ["clerk"] });
  for (const c of scanCases().filter((x) => x.id === "kh172-300" || x.id === "cvSnv-200")) scans.set(c.id, (await buildScanCase(c)).pdf);
}, 300_000);
afterAll(() => t?.cleanup());

describe("scans uploaded as images", () => {
  test("a JPEG and a TIFF scan are kept as uploaded, wrapped into a PDF (JPEG not re-encoded) and OCR'd", async () => {
    const dir = mkdtempSync(join(tmpdir(), "ocr-images-"));
    try {
      const textPdf = await samplePdf(KH_172_SPEC);
      writeFileSync(join(dir, "doc.pdf"), textPdf);
      execFileSync("pdftoppm", ["-r", "300", "-gray", "-png", "-singlefile", join(dir, "doc.pdf"), join(dir, "page")]);
      execFileSync("convert", [join(dir, "page.png"), "-quality", "85", join(dir, "scan.jpg")]);
      execFileSync("convert", [join(dir, "page.png"), "-compress", "Group4", "-monochrome", "-density", "300", join(dir, "scan.tiff")]);
      for (const [name, mime] of [
        ["scan.jpg", "image/jpeg"],
        ["scan.tiff", "image/tiff"],
      ] as const) {
        const bytes = new Uint8Array(readFileSync(join(dir, name)));
        const upload = await prepareIncomingUpload(ctx(clerk), { bytes, originalName: name });
        expect(upload).toMatchObject({ hasTextLayer: false, ocrPending: true, pageCount: 1 });
        const wrapper = getFileRow(t.db, upload.fileId)!;
        expect(wrapper.mimeType).toBe("application/pdf");
        const link = t.db
          .select()
          .from(fileDerivations)
          .where(and(eq(fileDerivations.sourceFileId, wrapper.id), eq(fileDerivations.kind, "original-image")))
          .get()!;
        const original = getFileRow(t.db, link.derivedFileId!)!;
        expect(original.mimeType).toBe(mime);
        expect(new Uint8Array(readStoredFile(t.dataDir, original))).toEqual(bytes);
        if (name === "scan.jpg") expect(pageImages(new Uint8Array(readStoredFile(t.dataDir, wrapper)))[0].equals(Buffer.from(bytes))).toBe(true);
        await drainJobs({ db: t.db, dataDir: t.dataDir });
        const status = getIncomingOcrStatus(ctx(clerk), upload.fileId);
        expect(status.state, `${name}: ${status.error}`).toBe("done");
        expect(status.fields, name).toMatchObject({
          numberSymbol: "172/KH-UBND",
          docTypeCode: "KH",
          issuedDate: "2025-06-15",
          issuerName: "Ủy ban nhân dân tỉnh Cà Mau",
        });
        expect(status.pages[0].dpi, name).toBeGreaterThan(280);
        // The wrapped PDF is what the clerk registers; the original image stays linked to it.
        const registered = await registerIncomingDocument(ctx(clerk), {
          fileId: upload.fileId,
          channel: "direct",
          receivedAt: new Date(),
          numberSymbol: status.fields!.numberSymbol,
          docTypeCode: "KH",
          issuedDate: status.fields!.issuedDate,
          issuerName: status.fields!.issuerName,
          summary: status.fields!.summary || "x",
          urgency: "normal",
          confidentiality: "normal",
          confirmDuplicate: true,
        });
        expect(registered.id).toBeGreaterThan(0);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 240_000);
});

describe("scans that carry a signing tool's stamp as text", () => {
  /** A scan of the shared corpus uploaded by the clerk: it must go to OCR; the OCR job run; its outcome. */
  async function uploadCorpusScan(name: string, pageCount: number) {
    const bytes = new Uint8Array(readFileSync(join(import.meta.dirname, "../../../shared/corpus/realworld", name)));
    const upload = await prepareIncomingUpload(ctx(clerk), { bytes, originalName: name.replace(/^vn__/, "") });
    expect(upload).toMatchObject({ hasTextLayer: false, ocrPending: true, pageCount });
    await drainJobs({ db: t.db, dataDir: t.dataDir });
    const status = getIncomingOcrStatus(ctx(clerk), upload.fileId);
    expect(status.state, status.error ?? "").toBe("done");
    return { upload, status };
  }

  test("the Government portal's signed scan (vn__199, shared corpus) is OCR'd, not taken for a text PDF", async () => {
    // Three scanned pages (CCITT, 200 dpi) and "Người ký: CỔNG THÔNG TIN ĐIỆN TỬ CHÍNH PHỦ … Thời gian ký: …" as text.
    const { upload, status } = await uploadCorpusScan("vn__199-ndcp.signed.pdf", 3);
    // The portal's signature is still checked on the original (not trusted here: no Government CA among the anchors).
    expect(upload.signature?.status).toBe("untrusted");
    expect(status.fields).toMatchObject({
      numberSymbol: "199/2026/NĐ-CP",
      docTypeCode: "NĐ",
      issuedDate: "2026-06-05",
      // The stamp's "CỔNG THÔNG TIN ĐIỆN TỬ CHÍNH PHỦ" shares the heading's baseline: kept out of heading and summary.
      summary: "Quy định chính sách hỗ trợ phục vụ",
    });
  }, 180_000);

  test("an office scanner's scan (vn__kh-753, Epson Scan 2) with a handwritten number and day: the rest of the header is read", async () => {
    const { status } = await uploadCorpusScan(
      "vn__kh-753-khao-sat-xac-dinh-chi-so-hai-long-cua-nguoi-dan-doi-voi-dich-vu-cong-nam-2026-20260629110301-e.pdf",
      4,
    );
    // "số: …/KH-DCT" (OCR reads the S in lower case, the number is handwritten) still anchors the header.
    expect(status.fields).toMatchObject({
      docTypeCode: "KH",
      summary: "Khảo sát, xác định chỉ số hài lòng của người dân đối với dịch vụ giáo dục công năm 2026",
    });
    expect(status.fields?.issuerName).toMatch(/^Trường Đại học Công Thương/i);
  }, 180_000);

  test("a stamp printed into the page's own content (ocrmypdf: 'page already has text') is OCR'd around", async () => {
    // The 300 dpi scan of KH 172 with a signing stamp written into its content stream, as some tools sign.
    const doc = await PDFDocument.load(present(scans.get("kh172-300"), "the kh172-300 scan"));
    const font = await doc.embedFont(StandardFonts.Helvetica);
    const page = doc.getPage(0);
    for (const [i, line] of ["Digitally signed by UBND tinh Ca Mau", "Email: ubnd@camau.gov.vn", "Date: 2025.06.15 10:21:07 +07:00"].entries())
      page.drawText(line, { x: 330, y: 80 - i * 9, size: 7, font });
    const bytes = await doc.save();
    const upload = await prepareIncomingUpload(ctx(clerk), { bytes, originalName: "ban-quet-co-dau-ky.pdf" });
    expect(upload).toMatchObject({ hasTextLayer: false, ocrPending: true });
    await drainJobs({ db: t.db, dataDir: t.dataDir });
    const status = getIncomingOcrStatus(ctx(clerk), upload.fileId);
    expect(status.state, status.error ?? "").toBe("done");
    expect(status.fields).toMatchObject({
      numberSymbol: "172/KH-UBND",
      docTypeCode: "KH",
      issuedDate: "2025-06-15",
      issuerName: "Ủy ban nhân dân tỉnh Cà Mau",
    });
    // The derived copy keeps the stamp's text beside the OCR'd words (--redo-ocr leaves real text alone).
    const derived = new Uint8Array(readStoredFile(t.dataDir, getFileRow(t.db, present(status.derivedFileId, "the OCR'd copy"))!));
    const text = execFileSync("pdftotext", ["-", "-"], { input: derived, encoding: "utf8" });
    expect(text).toContain("Digitally signed by UBND tinh Ca Mau");
    expect(text).toMatch(/172\/KH-UBND/);
  }, 180_000);
});

describe("CLI", () => {
  test("`cli extract` on a scan waits for the OCR and answers the fields with hasTextLayer false, ocr true and per-page confidence", () => {
    const dir = mkdtempSync(join(tmpdir(), "ocr-cli-"));
    try {
      writeFileSync(join(dir, "scan.pdf"), scans.get("kh172-300")!);
      const out = JSON.parse(execFileSync(process.execPath, [...CLI_ARGS, "extract", join(dir, "scan.pdf")], { encoding: "utf8", timeout: 240_000 }));
      expect(out).toMatchObject({
        numberSymbol: "172/KH-UBND",
        docTypeName: "Kế hoạch",
        issuedDate: "2025-06-15",
        signerName: "Lâm Văn Bi",
        hasTextLayer: false,
        ocr: true,
        pageCount: 1,
      });
      expect(out.pages[0]).toMatchObject({ page: 1, dpi: 300, isLowQuality: false });
      expect(out.pages[0].confidence).toBeGreaterThan(75);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 240_000);
});

describe("CLI import", () => {
  test("`cli incoming:import` OCRs a scan before registering it, with the fields read marked for review", () => {
    const dir = mkdtempSync(join(tmpdir(), "ocr-import-"));
    try {
      writeFileSync(join(dir, "scan.pdf"), scans.get("cvSnv-200")!);
      const out = JSON.parse(
        execFileSync(process.execPath, [...CLI_ARGS, "incoming:import", "--as", "vanthu", join(dir, "scan.pdf")], {
          encoding: "utf8",
          timeout: 240_000,
          env: { ...process.env, DATA_DIR: t.dataDir, SEED_DEMO: "0", JOBS_WORKER: "0" },
        }),
      );
      expect(out[0]).toMatchObject({ numberSymbol: "07/SNV-CCHC", needsReview: true });
      const doc = t.db.select().from(incomingDocuments).where(eq(incomingDocuments.id, out[0].id)).get()!;
      expect(doc).toMatchObject({
        numberSymbol: "07/SNV-CCHC",
        docTypeCode: "CV",
        issuedDate: "2025-06-02",
        issuerName: "Sở Nội vụ",
        signerName: "Nguyễn Văn Bình",
      });
      expect(listIncomingDocuments(ctx(clerk), { q: "khan truong trien khai" }).items.map((i) => i.id)).toContain(doc.id);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 240_000);
});

describe("durable jobs", () => {
  test("a job whose worker is killed mid-OCR is retaken after its lease and finishes", async () => {
    const bytes = await scanPdf(await samplePdf(KH_172_SPEC), 150);
    const upload = await prepareIncomingUpload(ctx(clerk), { bytes, originalName: "restart.pdf" });
    const jobId = t.db.select().from(jobs).orderBy(jobs.id).all().at(-1)!.id;
    const tmp = mkdtempSync(join(tmpdir(), "ocr-restart-"));
    const child = spawn(process.execPath, ["--import", "tsx", "tests/support/ocr-worker-child.ts", t.dbPath, t.dataDir, "3000"], {
      detached: true,
      stdio: "ignore",
      env: { ...process.env, TMPDIR: tmp },
    });
    try {
      // Wait until the child holds the job and its OCR has started (its temp folder exists).
      const deadline = Date.now() + 120_000;
      while (Date.now() < deadline) {
        const job = getJob(t.db, jobId)!;
        if (job.state === "running" && job.lockedBy === "child-worker" && readdirSync(tmp).some((n) => n.startsWith("ocr-job-"))) break;
        await new Promise((r) => setTimeout(r, 200));
      }
      expect(getJob(t.db, jobId)).toMatchObject({ state: "running", lockedBy: "child-worker", attempts: 1 });
    } finally {
      process.kill(-child.pid!, "SIGKILL");
      // The OCR child runs in its own process group: end the ones this test started, by id.
      for (const pid of readdirSync("/proc").filter((n) => /^\d+$/.test(n))) {
        try {
          if (readFileSync(`/proc/${pid}/cmdline`, "utf8").includes(tmp)) process.kill(Number(pid), "SIGKILL");
        } catch {
          // gone
        }
      }
    }
    // Until the lease runs out nobody takes it; then a new worker does.
    expect(await drainJobs({ db: t.db, dataDir: t.dataDir })).toBe(0);
    await new Promise((r) => setTimeout(r, 3_200));
    expect(await drainJobs({ db: t.db, dataDir: t.dataDir })).toBe(1);
    expect(getJob(t.db, jobId)).toMatchObject({ state: "done", attempts: 2 });
    expect(getIncomingOcrStatus(ctx(clerk), upload.fileId).state).toBe("done");
    rmSync(tmp, { recursive: true, force: true });
  }, 300_000);
});
