// Limits on reading the text layer of an uploaded PDF, and the Vietnamese refusals naming them (issue
// "Hostile input": a 153 KB PDF with 3 million text operations kept the server busy for 34 minutes, a
// 12 MB one declaring 2,000,000 pages was read for 124 s). The reader (app/platform/pdf-text/pdf-text.task.ts)
// runs in the untrusted-file pool and checks these limits while it parses, not after. No I/O.

export const PDF_TEXT_LIMITS = {
  /** Pages whose text is read; later pages are skipped (the last page is still read for the signature block). */
  maxPagesRead: 200,
  /** A document declaring more pages than this is refused before its page tree is built. */
  maxDeclaredPages: 10_000,
  /** Text items (pdfjs text runs) on one page: a dense A4 page has a few thousand. */
  maxItemsPerPage: 20_000,
  /**
   * Drawing operations on a page whose operator list is built (header, signature and stamped pages): a dense
   * real page has tens of thousands; a few million text operations (issue 10's 153 KB bomb) are refused
   * whether or not pdfjs turns them into text items (off-page runs are dropped, yet cost the parse).
   */
  maxOperationsPerPage: 1_000_000,
  /** Text items over the whole file: reading stops at this budget (the text is marked truncated). */
  maxItemsPerFile: 200_000,
  /** Characters of plain text kept for search (about 1 MB); the rest is dropped, not refused. */
  maxTextChars: 1_000_000,
  /** Wall-clock limit of the whole read, in milliseconds (the pool kills the reader after it). */
  timeoutMs: 30_000,
  /** Resident-set limit of the reader process, in MiB (the pool kills the reader over it). */
  maxMemoryMb: 1024,
} as const;

export type PdfTextLimits = { -readonly [K in keyof typeof PDF_TEXT_LIMITS]: number };

export type PdfReadErrorCode =
  | "ENCRYPTED"
  | "MALFORMED"
  | "NOT_PDF"
  /** More pages declared than maxDeclaredPages. */
  | "TOO_MANY_PAGES"
  /** More text items on one page than maxItemsPerPage. */
  | "TOO_MANY_TEXT_ITEMS"
  /** More drawing operations on one page than maxOperationsPerPage. */
  | "TOO_MANY_OPERATIONS"
  /** The reader ran over timeoutMs and was killed. */
  | "TIMEOUT"
  /** The reader ran over maxMemoryMb and was killed. */
  | "MEMORY"
  /** The reader died before answering. */
  | "CRASHED"
  /** Too many files are being read already (the pool's queue is full). */
  | "BUSY";

const vi = (n: number) => n.toLocaleString("vi-VN");

export const PDF_READ_ERROR_MESSAGES: Record<PdfReadErrorCode, (limits: PdfTextLimits, actual?: number) => string> = {
  ENCRYPTED: () => "Tệp PDF được bảo vệ bằng mật khẩu, không đọc được nội dung",
  MALFORMED: () => "Tệp PDF bị hỏng hoặc không đầy đủ, không đọc được nội dung",
  NOT_PDF: () => "Tệp không phải PDF hợp lệ",
  TOO_MANY_PAGES: (l, actual) =>
    `Tệp PDF khai báo ${actual !== undefined ? vi(actual) : "quá nhiều"} trang, vượt giới hạn ${vi(l.maxDeclaredPages)} trang; không đọc tệp này.`,
  TOO_MANY_TEXT_ITEMS: (l) => `Tệp PDF có một trang chứa quá ${vi(l.maxItemsPerPage)} đoạn chữ (giới hạn mỗi trang); không đọc tệp này.`,
  TOO_MANY_OPERATIONS: (l, actual) =>
    `Tệp PDF có một trang chứa ${actual !== undefined ? vi(actual) : "quá nhiều"} lệnh vẽ, vượt giới hạn ${vi(l.maxOperationsPerPage)} lệnh mỗi trang; không đọc tệp này.`,
  TIMEOUT: (l) => `Tệp PDF quá phức tạp: đọc nội dung vượt quá giới hạn thời gian ${Math.round(l.timeoutMs / 1000)} giây nên đã dừng lại.`,
  MEMORY: (l) => `Tệp PDF quá phức tạp: đọc nội dung cần quá giới hạn bộ nhớ ${vi(l.maxMemoryMb)} MB nên đã dừng lại.`,
  CRASHED: () => "Không đọc được PDF: bộ đọc tệp dừng bất thường. Hãy kiểm tra lại tệp.",
  BUSY: () => "Hệ thống đang đọc nhiều tệp, vui lòng thử lại sau ít phút.",
};

/** Thrown when a PDF's text cannot or may not be read; `message` is Vietnamese and safe to show to the clerk. */
export class PdfReadError extends Error {
  readonly code: PdfReadErrorCode;
  constructor(code: PdfReadErrorCode, options: { limits?: PdfTextLimits; actual?: number; cause?: unknown } = {}) {
    super(PDF_READ_ERROR_MESSAGES[code](options.limits ?? PDF_TEXT_LIMITS, options.actual), { cause: options.cause });
    this.name = "PdfReadError";
    this.code = code;
  }
}

export function isPdfReadErrorCode(code: unknown): code is PdfReadErrorCode {
  return typeof code === "string" && Object.hasOwn(PDF_READ_ERROR_MESSAGES, code);
}

/**
 * The largest `/Count n` among the file's uncompressed objects (page tree nodes; outlines count their
 * bookmarks, which are never more than pages in documents of record). Read before the page tree is built:
 * 2,000,000 kids in 12 MB take pdfjs past any sane memory limit.
 */
export function maxDeclaredPageCount(bytes: Uint8Array): number {
  // A byte scan for /Count\s+\d{1,12} (\s as in a latin1 string): decoding the file to a string first took
  // ~150 ms for a 6 MB scan, read twice per OCR'd scan.
  const COUNT = [0x43, 0x6f, 0x75, 0x6e, 0x74]; // "Count"
  const isSpace = (b: number) => (b >= 0x09 && b <= 0x0d) || b === 0x20 || b === 0xa0;
  const isDigit = (b: number) => b >= 0x30 && b <= 0x39;
  let max = 0;
  for (let i = bytes.indexOf(0x2f); i >= 0; i = bytes.indexOf(0x2f, i + 1)) {
    let j = i + 1;
    if (!COUNT.every((c, k) => bytes[j + k] === c)) continue;
    j += COUNT.length;
    const spaces = j;
    while (j < bytes.length && isSpace(bytes[j])) j++;
    if (j === spaces) continue;
    let value = 0;
    let digits = 0;
    while (digits < 12 && j < bytes.length && isDigit(bytes[j])) {
      value = value * 10 + (bytes[j] - 0x30);
      digits++;
      j++;
    }
    if (digits > 0) max = Math.max(max, value);
  }
  return max;
}
