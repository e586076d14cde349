// The parsers that may run on untrusted files, by name. Each module's default export takes the input
// (structured-cloned from the server) and returns a structured-cloneable result; it enforces its own
// output limits (pages, text items, rows, columns, inflated bytes) by throwing an error whose `message`
// is Vietnamese and names the limit, and whose `name`/`code` let the caller map it.
// Only the names listed here can be run: the child never imports a path it was sent.
export const UNTRUSTED_TASKS = {
  /** Test-only probe: echo, spin, allocate or crash on request (tests/integration/untrusted-pool.test.ts). */
  probe: () => import("./probe.task"),
  /** Plan appendix (XLSX, CSV) → rows of cell strings, within SPREADSHEET_LIMITS (app/domain/plans/plan-import.ts). */
  spreadsheet: () => import("../../features/plans/spreadsheet.task"),
  /** Uploaded PDF/office file: structure, encryption, page tree (cycles, page count) — no text extraction. */
  "file-check": () => import("../files/file-check.task"),
  /** Incoming PDF → positioned text (pdfjs), within PDF_TEXT_LIMITS (app/domain/shared/pdf-text-limits.ts). */
  "pdf-text": () => import("../pdf-text/pdf-text.task"),
  /** PDF composition from user text (outgoing drafts), within COMPOSE_LIMITS. */
  compose: () => import("../../features/outgoing/compose.task"),
  /** edXML packets from other agencies' systems (QCVN 102:2016): parse, limits, XML-DSig check. */
  "edxml-parse": () => import("./edxml-parse.task"),
  /** Signatures of a received PDF (signing/verify): per-signature verdicts, later changes, trust anchor. */
  "pdf-verify": () => import("./pdf-verify.task"),
  /** A PKCS#12 opened with its passphrase (leader's or organisation's key): key PKCS#8 DER + certificate DERs (ADR 0020). */
  "pkcs12-open": () => import("../signing/pkcs12-open.task"),
  /** Scanned image (JPEG, PNG, TIFF) → image-only PDF for registration and OCR (issue 14). */
  "image-pdf": () => import("../ocr/image-pdf.task"),
} as const;

export type UntrustedTaskName = keyof typeof UNTRUSTED_TASKS;
