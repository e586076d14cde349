// Quality guard of OCR'd scans (issue 14): a page whose mean word confidence is low is flagged so the
// clerk checks it against the paper, with the scan's resolution and the advice to scan at 300 dpi (below
// ~200 dpi tesseract loses Vietnamese diacritics first; 300 dpi is its documented sweet spot).
import { OcrMessages } from "#app/messages/ocr";

/** Mean tesseract word confidence (0–100) below which a page counts as poorly scanned. */
export const LOW_CONFIDENCE = 75;
/** Below this resolution a page is flagged whatever the confidence. */
export const MIN_DPI = 200;
/**
 * A page whose text lines lean less than this is straight for OCR: tesseract fits its baselines at any small angle
 * (a 1.5° scan reads as well as a straight one), and straight scans measure 0–0.2°.
 */
export const MIN_DESKEW_DEGREES = 0.5;

/**
 * Whether a second OCR pass with --deskew can help (ADR 0015): some page was read poorly AND leans, or its lean
 * could not be measured (too little text read). A poorly read straight page — noise, low resolution — would
 * cost a second full OCR for the same result.
 */
export function needsDeskewPass(pages: Array<{ confidence: number; skewDegrees: number | null }>): boolean {
  return pages.some((p) => p.confidence < LOW_CONFIDENCE && (p.skewDegrees === null || Math.abs(p.skewDegrees) >= MIN_DESKEW_DEGREES));
}

export type OcrPage = {
  page: number;
  confidence: number;
  dpi: number;
  isLowQuality: boolean;
  warning: string | null;
  deskewed?: boolean;
  /** Lean of the page's text lines as OCR'd (degrees; null: too little text), from tesseract's baselines. */
  skewDegrees?: number | null;
};

export function pageQuality(input: { page: number; confidence: number; dpi: number }): OcrPage {
  const confidence = Math.round(input.confidence * 10) / 10;
  const isLowQuality = confidence < LOW_CONFIDENCE || (input.dpi > 0 && input.dpi < MIN_DPI);
  return {
    page: input.page,
    confidence,
    dpi: Math.round(input.dpi),
    isLowQuality,
    warning: isLowQuality ? OcrMessages.LOW_QUALITY_DETAIL(input.page, input.dpi, confidence) : null,
  };
}
