// The composer's contract: what a caller passes in, what comes back (the PDF and where its fields and
// signature go), and the limits a composed document must stay within.

import type { DocumentUrgency, SigningAuthority } from "#documents/composer/layout";

export type ComposerDocType = {
  code: string;
  name: string;
  abbreviation: string | null;
};

export type MeetingDetails = {
  /** "Thành phần": who is invited. */
  attendees?: string;
  /** "Nội dung": what the meeting is about. */
  content?: string;
  time: string;
  place: string;
};

export type ComposeDocumentInput = {
  docType: ComposerDocType;
  /** Governing body (cơ quan chủ quản), e.g. "UBND TỈNH CÀ MAU"; null for a UBND itself. */
  parentOrganizationName?: string | null;
  /** Issuing body; "\n" forces a line break, otherwise it is wrapped to the header column. */
  organizationName: string;
  /** Place of the date line ("Cà Mau", "Tân Thành"); the clerk's field value starts with it. */
  placeName: string;
  /** Trích yếu. Công văn: printed after "V/v"; Quyết định: "Về việc …". */
  summary: string;
  /** "Kính gửi" addressees (công văn, tờ trình, báo cáo); a leading "Kính gửi:" is ignored. */
  recipientsHeading?: string[];
  /**
   * One paragraph per line. "I. …" (upper case) and "1. …" headings are bold, "Điều 1." labels bold,
   * "- " bullets indented like any paragraph. In a Giấy mời, a line "[[meeting]]" marks where the
   * meeting details go (default: before the body).
   */
  body: string;
  signingAuthority: SigningAuthority | null;
  /** Line(s) after the authority prefix: "ỦY BAN NHÂN DÂN" (TM.), "CHỦ TỊCH" (KT.); "\n" for two. */
  authorityLine?: string;
  signerTitle: string;
  signerName: string;
  /** Nơi nhận lines, without the archive line. */
  recipients: string[];
  /** "Lưu: VT, VP." — printed last in Nơi nhận. */
  archiveLine?: string;
  urgency?: DocumentUrgency;
  meetingDetails?: MeetingDetails;
  /** Decision only: the issuing authority printed above "Căn cứ …" (default: the organisation). */
  issuingAuthority?: string;
};

export type ComposerFonts = {
  regular: Uint8Array;
  bold: Uint8Array;
  italic: Uint8Array;
  boldItalic: Uint8Array;
};

/** [x1, y1, x2, y2] in PDF user space (points, origin bottom-left). */
export type PdfRect = [number, number, number, number];

/** `page` is the 0-based page index, as in pdf-lib's `getPage(index)`. */
export type PlacedRect = { page: number; rect: PdfRect };

/** A field's rect plus the baseline at which its value should be drawn to line up with "Số:". */
export type PlacedField = PlacedRect & {
  name: string;
  baseline: number;
  fontSize: number;
};

export type ComposedDocument = {
  pdf: Uint8Array;
  fields: { numberSymbol: PlacedField; dateLine: PlacedField };
  /** Where the leader's visible signature goes: between the title and the name (ô 7b). */
  signatureBlock: PlacedRect;
  pageCount: number;
};

/**
 * What a composed document may be (issue "Hostile input": a 4 MB body made a 1,044-page PDF). A
 * Decree 30 document composed on screen is a few pages; longer material goes in an uploaded appendix.
 */
export const COMPOSE_LIMITS = {
  maxBodyChars: 100_000,
  maxPages: 60,
  timeoutMs: 30_000,
  maxMemoryMb: 512,
} as const;

export function bodyTooLongMessage(): string {
  return `Nội dung văn bản dài quá ${COMPOSE_LIMITS.maxBodyChars.toLocaleString("vi-VN")} ký tự; hãy rút gọn hoặc đưa phần dài vào phụ lục (tải lên tệp PDF).`;
}

/** A composition over COMPOSE_LIMITS; `message` is Vietnamese and names the limit. */
export class ComposeLimitError extends Error {
  readonly code: "BODY_TOO_LONG" | "TOO_MANY_PAGES";
  constructor(code: "BODY_TOO_LONG" | "TOO_MANY_PAGES", message: string) {
    super(message);
    this.name = "ComposeLimitError";
    this.code = code;
  }
}

export const NUMBER_SYMBOL_FIELD_NAME = "so_ky_hieu";
export const DATE_LINE_FIELD_NAME = "ngay_thang";
/** Resource names of the field fonts in /AcroForm /DR (used in the fields' /DA). */
export const FIELD_FONT_RESOURCE_NAMES = {
  regular: "TinosR",
  italic: "TinosI",
} as const;
