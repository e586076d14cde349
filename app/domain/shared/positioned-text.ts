// Text of a PDF with positions, as produced by app/platform/pdf-text/pdf-text.server.ts and consumed by the pure
// extraction rules. Kept in domain/ so those rules never import the pdfjs adapter.

/** A scan may carry a stray page number or stamp text; fewer letters and digits than this cannot hold a header. */
export const MIN_TEXT_LAYER_CHARS = 16;

export type PositionedTextItem = {
  str: string;
  /** Left edge, in PDF points from the left of the page. */
  x: number;
  /** Baseline, in PDF points from the TOP of the page (top-down, so sorting by y reads the page in order). */
  y: number;
  width: number;
  /** Font size in points (the text matrix's vertical scale). */
  height: number;
  /** Real font name without the subset tag ("Tinos-Bold"), when the font could be resolved. */
  fontName?: string;
  /** From the font name; undefined when unknown (pages other than the first and last are not resolved). */
  bold?: boolean;
  /**
   * The producer delimits words itself (OCR: tesseract's words are its ink boxes, which may sit closer than a
   * typeset space): a space separates this item from its neighbours whatever the gap.
   */
  isWholeWord?: boolean;
};

export type PositionedPage = {
  /** 1-based page number in the file (pages may be skipped when the text cap is reached). */
  pageNumber?: number;
  width: number;
  height: number;
  items: PositionedTextItem[];
};

export type PositionedText = {
  pageCount: number;
  hasTextLayer: boolean;
  pages: PositionedPage[];
};

export type PdfText = PositionedText & {
  /** Plain text of the read pages, pages joined by "\n\f" (for full-text search). */
  text: string;
  /** True when the page or character cap stopped the plain text early. */
  isTextTruncated: boolean;
};

// ---- Text layers and signature stamps ----------------------------------------------------------------------------

// A digitally signed scan often carries the signing tool's stamp as real text: the Government portal signs scanned
// decrees with "Người ký: CỔNG THÔNG TIN ĐIỆN TỬ CHÍNH PHỦ / Email: … / Cơ quan: VĂN PHÒNG CHÍNH PHỦ / Thời gian ký:
// … +07:00" (vn__199-ndcp.signed.pdf in the shared corpus), VGCA and the CA vendors print the same labels. Those
// ~100 letters are not a text layer: counted as one, the scan was never OCR'd and its registration form stayed empty.
/** A stamp's first line: what only a signing tool prints. (`\b` would not do: it knows ASCII letters only.) */
const STAMP_ANCHOR = /^\s*(Người ký|Được ký bởi|Ký bởi|Thời gian ký|Ngày ký|Signed by|Digitally signed by|Signature valid)(?![\p{L}\p{N}])/iu;
/** Any line of a stamp (its labels): the anchor's, and those printed under it. */
const STAMP_LABEL =
  /^\s*(Người ký|Được ký bởi|Ký bởi|Thời gian ký|Ngày ký|Signed by|Digitally signed by|Signature valid|E-?mail|Cơ quan|Tổ chức|Chức vụ|Date|Reason|Location)(?![\p{L}\p{N}])/iu;
const LETTER = /[\p{L}\p{N}]/gu;

function lettersOf(text: string): number {
  return text.match(LETTER)?.length ?? 0;
}

/**
 * The boxes (left, top, right, bottom; top-down points) of the signature stamps on a page: its labels, from an
 * anchor down while they continue in the same column (gaps of up to three lines), widened to the page's right edge
 * and two lines below the last label, where names and times wrap ("TỬ CHÍNH PHỦ", "+07:00").
 */
export function signatureStampBoxes(page: PositionedPage): Array<[number, number, number, number]> {
  const labels = page.items.filter((i) => STAMP_LABEL.test(i.str)).sort((a, b) => a.y - b.y);
  const boxes: Array<[number, number, number, number]> = [];
  const used = new Set<PositionedTextItem>();
  for (const anchor of labels) {
    if (used.has(anchor) || !STAMP_ANCHOR.test(anchor.str)) continue;
    const line = Math.max(anchor.height, 4);
    let bottom = anchor.y;
    let top = anchor.y - line;
    used.add(anchor);
    // Labels of the same stamp: in the anchor's column, each within three lines of the one above (or just above the
    // anchor: some tools print the organisation first).
    for (const label of labels) {
      if (used.has(label) || Math.abs(label.x - anchor.x) > 2 * line) continue;
      if (label.y < top - 2 * line || label.y > bottom + 3 * line) continue;
      used.add(label);
      top = Math.min(top, label.y - line);
      bottom = Math.max(bottom, label.y);
    }
    boxes.push([anchor.x - line, top, page.width, bottom + 2.5 * line]);
  }
  return boxes;
}

/** Letters and digits of the pages' text outside signature stamps: what decides whether a PDF has a text layer. */
export function textLayerLetters(pages: PositionedPage[]): number {
  let letters = 0;
  for (const page of pages) {
    const boxes = signatureStampBoxes(page);
    for (const item of page.items) {
      const inStamp = boxes.some(([left, top, right, bottom]) => item.x >= left && item.x <= right && item.y >= top && item.y <= bottom);
      if (!inStamp) letters += lettersOf(item.str);
    }
  }
  return letters;
}
