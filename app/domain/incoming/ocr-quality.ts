// Quality guard of OCR'd scans (issue 14): a page whose mean word confidence is low is flagged so the
// clerk checks it against the paper, with the scan's resolution and the advice to scan at 300 dpi (below
// ~200 dpi tesseract loses Vietnamese diacritics first; 300 dpi is its documented sweet spot).
import { OcrMessages } from "#app/messages/ocr";

/** Mean tesseract word confidence (0–100) below which a page counts as poorly scanned. */
export const LOW_CONFIDENCE = 75;
/** Below this resolution a page is flagged whatever the confidence. */
export const MIN_DPI = 200;

export type OcrPage = { page: number; confidence: number; dpi: number; isLowQuality: boolean; warning: string | null; deskewed?: boolean };

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
