// Accepted upload types are checked by content, not by name or the browser's MIME type (issue "Hostile
// input"): a PDF must open as a PDF (structure, no encryption, a sound page tree: checked in the
// untrusted-file pool), an image must be a PNG/JPEG with decodable dimensions within limits, an XLSX or
// DOCX must be a zip with the right parts and sane declared sizes.
import { imageProblem, officeKindOf, readZipDirectory, sniffKind, ZipLimitError } from "#app/domain/shared/file-content";
import { LEGACY_FONT_ENCODINGS, type TextEncodingName } from "#app/domain/shared/text-encoding";
import { AppError, AppErrorCode } from "#app/utils/errors";
import { runUntrusted, UntrustedTaskError } from "#app/platform/untrusted/pool.server";
import type { FileCheckInput, FileCheckResult } from "#app/platform/files/file-check.task";
import { PlatformMessages } from "#app/messages/platform";

// 1,024 MB like the PDF text task: a child that has loaded pdfjs (with tsx) already sits near 450 MB.
export const PDF_CHECK_LIMITS = { maxPages: 2_000, timeoutMs: 15_000, maxMemoryMb: 1024 } as const;

export type AcceptedKind = "pdf" | "docx" | "xlsx" | "png" | "jpeg" | "text";

const MIME: Record<AcceptedKind, string> = {
  pdf: "application/pdf",
  docx: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
  xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  png: "image/png",
  jpeg: "image/jpeg",
  text: "text/plain; charset=utf-8",
};

const LABEL: Record<AcceptedKind, string> = { pdf: "PDF", docx: "DOCX", xlsx: "XLSX", png: "PNG", jpeg: "JPEG", text: "văn bản thuần (TXT)" };

function refuse(field: string, message: string): never {
  throw new AppError(AppErrorCode.VALIDATION, message, { [field]: message });
}

/** Opens the PDF in the pool (structure, encryption, page tree); refuses it with a Vietnamese message. */
export async function checkPdfUpload(bytes: Uint8Array, field = "file", fileName?: string): Promise<FileCheckResult> {
  return runFileCheck({ kind: "pdf", bytes, maxPages: PDF_CHECK_LIMITS.maxPages }, field, fileName);
}

async function runFileCheck(input: FileCheckInput, field: string, fileName?: string): Promise<FileCheckResult> {
  try {
    return await runUntrusted<FileCheckResult>("file-check", input, { timeoutMs: PDF_CHECK_LIMITS.timeoutMs, maxMemoryMb: PDF_CHECK_LIMITS.maxMemoryMb });
  } catch (error) {
    if (error instanceof UntrustedTaskError) {
      if (error.code === "BUSY") throw new AppError(AppErrorCode.RATE_LIMITED, error.message);
      refuse(field, fileName ? `${fileName}: ${error.message}` : error.message);
    }
    throw error;
  }
}

/**
 * The kind of an uploaded file among `accept`, judged by its bytes; refuses anything else (VALIDATION
 * with `field`). PDFs are opened in the pool; images and office files are checked by their headers.
 */
export async function checkUploadedFile(
  bytes: Uint8Array,
  options: { fileName: string; field: string; accept: readonly AcceptedKind[] },
): Promise<{ kind: AcceptedKind; mimeType: string }> {
  const { accept, field, fileName } = options;
  const allowed = PlatformMessages.UPLOAD_ONLY_KINDS(accept.map((k) => LABEL[k]).join(", "));
  const sniffed = sniffKind(bytes);
  let kind: AcceptedKind | null = null;
  // A text file is kept as it came, with the encoding it is in named in its type, so that it opens right.
  let textEncoding: TextEncodingName = "utf-8";
  if (sniffed === "pdf") kind = "pdf";
  else if (sniffed === "png" || sniffed === "jpeg") kind = sniffed;
  else if (sniffed === "text") kind = "text";
  else if (sniffed === null && accept.includes("text")) {
    // Not UTF-8: Notepad's "Unicode" (UTF-16) or "ANSI" (Windows-1258 on a Vietnamese Windows), judged in the pool.
    const decoded = (await runFileCheck({ kind: "text", bytes }, field, fileName)).text;
    if (decoded?.ok) {
      kind = "text";
      textEncoding = decoded.encoding;
    } else if (decoded && decoded.reason !== "binary") refuse(field, PlatformMessages.UPLOAD_TEXT_LEGACY_FONT(fileName, LEGACY_FONT_ENCODINGS[decoded.reason]));
  } else if (sniffed === "zip") {
    let office: "xlsx" | "docx" | null = null;
    try {
      office = officeKindOf(readZipDirectory(bytes));
    } catch (error) {
      if (error instanceof ZipLimitError) refuse(field, `${fileName}: ${error.message}`);
      throw error;
    }
    if (!office) refuse(field, PlatformMessages.UPLOAD_ZIP_NOT_OFFICE(fileName, allowed));
    kind = office;
    // Its parts inflated for real in the pool: declared sizes can lie.
    if (accept.includes(kind)) await runFileCheck({ kind: "office", bytes }, field, fileName);
  }
  if (!kind || !accept.includes(kind)) refuse(field, PlatformMessages.UPLOAD_KIND_UNSUPPORTED(fileName, allowed));
  if (kind === "png" || kind === "jpeg") {
    const problem = imageProblem(bytes, [kind]);
    if (problem) refuse(field, `${fileName}: ${problem}`);
  }
  if (kind === "pdf") await checkPdfUpload(bytes, field, fileName);
  return { kind, mimeType: kind === "text" ? `text/plain; charset=${textEncoding}` : MIME[kind] };
}
