// Reads the text layer of an uploaded PDF in the untrusted-file pool (app/platform/untrusted/), never on
// the request thread: the reader is app/platform/pdf-text/pdf-text.task.ts, which checks the page and text-item
// limits while it parses; the pool kills it past the time and memory limits (PDF_TEXT_LIMITS). Every
// failure comes back as a PdfReadError whose Vietnamese message names the limit.
import { isPdfReadErrorCode, PdfReadError, PDF_TEXT_LIMITS, type PdfReadErrorCode, type PdfTextLimits } from "#app/domain/shared/pdf-text-limits";
import type { PdfText } from "#app/domain/shared/positioned-text";
import type { PdfTextTaskInput } from "#app/platform/pdf-text/pdf-text.task";
import { runUntrusted, UntrustedTaskError } from "#app/platform/untrusted/pool.server";

export type { PdfText, PositionedPage, PositionedTextItem } from "#app/domain/shared/positioned-text";
export { PdfReadError, PDF_TEXT_LIMITS, type PdfReadErrorCode } from "#app/domain/shared/pdf-text-limits";

export type ReadPdfTextOptions = Partial<PdfTextLimits> & {
  /** Plain text stops after this many pages (the last page is still read for the signature block). */
  maxPages?: number;
};

/**
 * The pool counts the child's CPU from the request, including a fresh child's start-up and the reader's import
 * (~1–3 s of CPU); the reader counts from its own start. The grace keeps the reader's clean refusal first.
 */
const KILL_GRACE_MS = 5_000;

const POOL_CODES: Record<Exclude<UntrustedTaskError["code"], "TASK">, PdfReadErrorCode> = {
  TIMEOUT: "TIMEOUT",
  MEMORY: "MEMORY",
  CRASHED: "CRASHED",
  BUSY: "BUSY",
};

/**
 * Page geometry and text of `data` (bytes, or a file the server holds, read by the child: task-input.ts): first and
 * last pages with font names (header and signature block), other pages up to the caps without. Throws
 * PdfReadError (also for time, memory and busy refusals).
 */
export async function readPdfText(data: Uint8Array | { path: string }, options: ReadPdfTextOptions = {}): Promise<PdfText> {
  const { maxPages, ...overrides } = options;
  const limits: PdfTextLimits = { ...PDF_TEXT_LIMITS, ...overrides, ...(maxPages !== undefined ? { maxPagesRead: maxPages } : {}) };
  const input: PdfTextTaskInput = data instanceof Uint8Array ? { bytes: data, limits } : { path: data.path, limits };
  // Cheap refusal without a round trip to the pool.
  if (data instanceof Uint8Array && data.byteLength === 0) throw new PdfReadError("NOT_PDF", { limits });
  try {
    // The reader stops itself at timeoutMs (a clean refusal, the child is kept); the pool kills it a
    // little later if it could not.
    return await runUntrusted<PdfText>("pdf-text", input, { timeoutMs: limits.timeoutMs + KILL_GRACE_MS, maxMemoryMb: limits.maxMemoryMb });
  } catch (error) {
    if (!(error instanceof UntrustedTaskError)) throw error;
    if (error.code === "TASK") {
      if (error.remoteName === "PdfReadError" && isPdfReadErrorCode(error.remoteCode)) {
        // The task's own message already names the limit with its figures; keep it.
        const refusal = new PdfReadError(error.remoteCode, { limits, cause: error });
        if (error.message) Object.defineProperty(refusal, "message", { value: error.message });
        throw refusal;
      }
      throw new PdfReadError("MALFORMED", { limits, cause: error });
    }
    throw new PdfReadError(POOL_CODES[error.code], { limits, cause: error });
  }
}
