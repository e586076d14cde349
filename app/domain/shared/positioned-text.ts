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
