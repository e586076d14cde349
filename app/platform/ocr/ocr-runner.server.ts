// Runs OCRmyPDF (Debian `ocrmypdf` + `tesseract-ocr-vie`) on one scan, as a child process with a time
// limit that grows with the page count and an address-space limit (prlimit), killed as a process group
// so no tesseract is left behind. Never called from a request: the OCR job (app/features/incoming/
// ocr.server.ts) and the CLI call it. Per-page confidence and the positioned text the fields are read from
// come from tesseract's own hOCR (./hocr.ts), which a config file asks tesseract to write beside its PDF; the
// DPI from the page images (pdfimages -list).
import { spawn, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { getEnv } from "#app/env.server";
import { needsDeskewPass, pageQuality, type OcrPage } from "#app/domain/incoming/ocr-quality";
import type { PdfText } from "#app/domain/shared/positioned-text";
import { hasEnoughText, parseHocr, type HocrPage } from "#app/platform/ocr/hocr";

export type OcrLimits = {
  /** Seconds allowed per page (plus a fixed start-up allowance). */
  secondsPerPage: number;
  baseSeconds: number;
  maxMemoryMb: number;
  /** Tesseract threads: 1 on a shared machine, so that one OCR does not starve the web process. */
  threads: number;
};

export function ocrLimits(): OcrLimits {
  const env = getEnv();
  return { secondsPerPage: env.OCR_SECONDS_PER_PAGE, baseSeconds: 30, maxMemoryMb: env.OCR_MAX_MEMORY_MB, threads: 1 };
}

export type OcrResult = {
  pdf: Uint8Array;
  text: string;
  /** The words tesseract read, positioned on the pages (from its hOCR): what the fields are read from. */
  textLayer: PdfText;
  pages: OcrPage[];
  seconds: number;
  /** The second pass with --deskew was kept: the page images were straightened (not byte-identical). */
  deskewed: boolean;
  /** Per page, the lean of the text lines as read by this result's pass (hOCR baselines); null when unknown. */
  skewDegrees: (number | null)[];
  /** Whether a second pass with --deskew was run (kept or not). */
  deskewPassRun: boolean;
  /** The scan carried text already (a stamp, a page number): it was OCR'd around it (ocrmypdfArgs). */
  priorText: boolean;
};

/**
 * What the clerk reads when ocrmypdf fails, by its documented exit status (ocrmypdf.readthedocs.io, "Return
 * code policy"). 6 (text already present) never reaches here: the pass is run again with --redo-ocr (runOcrPass).
 */
export function ocrFailureMessage(exitCode: number | null): string {
  const reason =
    exitCode === 2
      ? "tệp quét không đọc được (hỏng hoặc không đúng định dạng)"
      : exitCode === 4
        ? "bản quét bị hỏng hoặc không đầy đủ nên không tạo được bản PDF có chữ"
        : exitCode === 8
          ? "tệp PDF có mật khẩu"
          : exitCode === 3 || exitCode === 9
            ? "máy chủ thiếu công cụ nhận dạng chữ hoặc cấu hình sai; hãy báo quản trị hệ thống"
            : `lỗi của công cụ nhận dạng chữ (mã ${exitCode ?? "dừng đột ngột"})`;
  return `Không nhận dạng được chữ trên bản quét: ${reason}. Hãy quét hoặc chụp lại và tải lên lại; văn bản đã tải lên vẫn được giữ.`;
}

export class OcrError extends Error {
  constructor(
    readonly code: "TIMEOUT" | "FAILED" | "MISSING_TOOL",
    message: string,
  ) {
    super(message);
    this.name = "OcrError";
  }
}

/** Tesseract config file: hOCR beside its PDF (page confidence, skew and the positioned words). */
export const HOCR_CONFIG = "tessedit_create_hocr 1\n";

/** ocrmypdf's exit status when a page already has text (PriorOcrFoundError). */
const EXIT_PRIOR_TEXT = 6;

/**
 * The command line, kept in one place so the benchmark runs `ocrmypdf` alone with the same options. `priorText`: the
 * scan carries some text already — a signing tool's stamp ("Người ký: … Thời gian ký: …"), a page number — which
 * made ocrmypdf refuse it (exit 6): the first pass then OCRs around that text (--redo-ocr keeps it), and a deskew
 * pass, which --redo-ocr cannot do, rasterises it with the page (--force-ocr; the registered original is untouched).
 */
export function ocrmypdfArgs(
  input: string,
  output: string,
  options: { sidecar: string; configFile: string; isImage: boolean; deskew: boolean; priorText?: boolean },
): string[] {
  return [
    // --deskew replaces the page image by a straightened copy, so it is used only when the first pass
    // read a page poorly (runOcr); --rotate-pages only sets /Rotate and keeps the image.
    ...(options.deskew ? ["--deskew"] : []),
    ...(options.priorText ? [options.deskew ? "--force-ocr" : "--redo-ocr"] : []),
    "--rotate-pages",
    "-l",
    "vie",
    // Plain PDF: PDF/A output goes through Ghostscript, which re-encodes the page images.
    "--output-type",
    "pdf",
    // No optimisation: the page images stay byte-identical to the scan's.
    "--optimize",
    "0",
    "--jobs",
    "1",
    ...(options.isImage ? ["--image-dpi", "300"] : []),
    "--tesseract-config",
    options.configFile,
    "--sidecar",
    options.sidecar,
    "--keep-temporary-files",
    input,
    output,
  ];
}

function runChild(command: string, args: string[], options: { timeoutMs: number }): Promise<{ code: number | null; stderr: string; timedOut: boolean }> {
  return new Promise((resolve, reject) => {
    // A process group of its own, so that the timeout kills tesseract too, not only the Python parent.
    const child = spawn(command, args, { detached: true, stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    let timedOut = false;
    child.stderr.on("data", (d: Buffer) => {
      if (stderr.length < 20_000) stderr += d.toString();
    });
    const timer = setTimeout(() => {
      timedOut = true;
      try {
        process.kill(-child.pid!, "SIGKILL");
      } catch {
        // already gone
      }
    }, options.timeoutMs);
    child.on("error", (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, stderr, timedOut });
    });
  });
}

/** Tesseract's hOCR pages from one OCRmyPDF temporary folder (one file per page image), in page order. */
export function readHocrPages(folder: string): HocrPage[] {
  return readdirSync(folder)
    .filter((n) => n.endsWith(".hocr"))
    .sort()
    .flatMap((name) => parseHocr(readFileSync(join(folder, name), "utf8")));
}

/** Mean word confidence (0–100) per page from tesseract's hOCR files, in page order. */
export function hocrConfidences(folder: string): number[] {
  return readHocrPages(folder).map((p) => p.confidence);
}

/** Horizontal resolution of the first image of each page (pdfimages -list), 0 when a page has none. */
export function pageDpis(pdfPath: string, pageCount: number): number[] {
  const out = spawnSync("pdfimages", ["-list", pdfPath], { encoding: "utf8", timeout: 30_000 });
  const dpis = new Array<number>(pageCount).fill(0);
  for (const line of (out.stdout ?? "").split("\n").slice(2)) {
    const cols = line.trim().split(/\s+/);
    const page = Number(cols[0]);
    const xppi = Number(cols[12]);
    if (page >= 1 && page <= pageCount && !dpis[page - 1] && Number.isFinite(xppi)) dpis[page - 1] = xppi;
  }
  return dpis;
}

/**
 * OCRs `bytes` (a PDF, or a JPEG/PNG/TIFF which OCRmyPDF wraps into a PDF with img2pdf first, without
 * re-encoding) and returns the searchable PDF, its text and per-page confidence and DPI.
 */
export async function runOcr(bytes: Uint8Array, options: { isImage: boolean; pageCount: number; limits?: Partial<OcrLimits> }): Promise<OcrResult> {
  // First pass keeps the scan's images as they are; a page read poorly whose lines lean (a skewed sheet; the
  // lean measured from the first pass's own baselines) gets a second pass with --deskew, kept only when it
  // reads better. OCRmyPDF cannot deskew for recognition only.
  const first = await runOcrPass(bytes, { ...options, deskew: false });
  if (!needsDeskewPass(first.pages.map((p, i) => ({ confidence: p.confidence, skewDegrees: first.skewDegrees[i] ?? null })))) return first;
  const second = await runOcrPass(bytes, { ...options, deskew: true, priorText: first.priorText });
  const mean = (r: OcrResult) => r.pages.reduce((a, p) => a + p.confidence, 0) / Math.max(1, r.pages.length);
  const seconds = first.seconds + second.seconds;
  return mean(second) > mean(first) ? { ...second, seconds, deskewPassRun: true } : { ...first, seconds, deskewPassRun: true };
}

async function runOcrPass(
  bytes: Uint8Array,
  options: { isImage: boolean; pageCount: number; deskew: boolean; priorText?: boolean; limits?: Partial<OcrLimits> },
): Promise<OcrResult> {
  const limits = { ...ocrLimits(), ...options.limits };
  const dir = mkdtempSync(join(tmpdir(), "ocr-job-"));
  const started = performance.now();
  try {
    const input = join(dir, options.isImage ? "input.img" : "input.pdf");
    const output = join(dir, "output.pdf");
    const sidecar = join(dir, "output.txt");
    const configFile = join(dir, "hocr.cfg");
    const work = join(dir, "work");
    writeFileSync(input, bytes);
    writeFileSync(configFile, HOCR_CONFIG);
    mkdirSync(work);
    const timeoutMs = (limits.baseSeconds + limits.secondsPerPage * Math.max(1, options.pageCount)) * 1000;
    // RLIMIT_CPU as well as the wall-clock timer: it is inherited by tesseract and still holds if this
    // process dies (a killed worker cannot leave an OCR running for ever).
    // `env` sets OCRmyPDF's temporary folder (so the hOCR files can be found) and tesseract's threads.
    const args = [
      `TMPDIR=${work}`,
      `OMP_THREAD_LIMIT=${limits.threads}`,
      "prlimit",
      `--as=${limits.maxMemoryMb * 1024 * 1024}`,
      `--cpu=${Math.ceil(timeoutMs / 1000)}`,
      "--",
      "ocrmypdf",
      ...ocrmypdfArgs(input, output, { sidecar, configFile, isImage: options.isImage, deskew: options.deskew, priorText: options.priorText }),
    ];
    let result: Awaited<ReturnType<typeof runChild>>;
    try {
      result = await runChild("env", args, { timeoutMs });
    } catch (error) {
      throw new OcrError(
        "MISSING_TOOL",
        `ocrmypdf/prlimit không chạy được: ${(error as Error).message} (cài gói Debian ocrmypdf, tesseract-ocr-vie, util-linux)`,
      );
    }
    if (result.timedOut)
      throw new OcrError("TIMEOUT", `Nhận dạng chữ quá thời gian cho phép (${Math.round(timeoutMs / 1000)} giây cho ${options.pageCount} trang)`);
    // Some text on a scan (a stamp, a page number): the same pass again, OCR'ing around that text.
    if (result.code === EXIT_PRIOR_TEXT && !options.priorText && !options.isImage) {
      // This pass's folder goes now, not after the retry (a scan's copies and images can be large).
      rmSync(dir, { recursive: true, force: true });
      return runOcrPass(bytes, { ...options, priorText: true });
    }
    if (result.code !== 0) {
      // The clerk sees the reason in Vietnamese; ocrmypdf's own words (English, with temporary paths) go to the log.
      console.warn(`[ocr] ocrmypdf exit ${result.code}: ${result.stderr.trim().split("\n").slice(-3).join(" ")}`);
      throw new OcrError("FAILED", ocrFailureMessage(result.code));
    }
    const pdf = new Uint8Array(readFileSync(output));
    const text = readFileSync(sidecar, "utf8").replace(/\f/g, "\n\f");
    const hocr = readdirSync(work).flatMap((n) => readHocrPages(join(work, n)));
    const pageCount = Math.max(hocr.length, options.pageCount);
    const dpis = pageDpis(output, pageCount);
    const pages = Array.from({ length: pageCount }, (_, i) => pageQuality({ page: i + 1, confidence: hocr[i]?.confidence ?? 0, dpi: dpis[i] ?? 0 }));
    const textLayer: PdfText = { pageCount, hasTextLayer: hasEnoughText(text), pages: hocr.map((h) => h.page), text, isTextTruncated: false };
    const skewDegrees = Array.from({ length: pageCount }, (_, i) => hocr[i]?.skewDegrees ?? null);
    return {
      pdf,
      text,
      textLayer,
      pages,
      seconds: (performance.now() - started) / 1000,
      deskewed: options.deskew,
      skewDegrees,
      deskewPassRun: options.deskew,
      priorText: options.priorText ?? false,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
