// The drawing surface shared by the composer's parts: page geometry and sizes of Decree 30/2020/NĐ-CP
// Phụ lục I, measuring (cached per font), encoding and drawing words, rules and wrapped lines.

import {
  type PDFDocument,
  type PDFFont,
  type PDFName,
  PDFOperator,
  PDFOperatorNames,
  type PDFPage,
  beginText,
  endText,
  rgb,
  setFillingRgbColor,
  setFontAndSize,
  setTextMatrix,
  showText,
  type PDFHexString,
} from "pdf-lib";
import { tokenizeSpans, wrapTokens, type FontStyle, type TextSpan, type WrappedLine } from "#documents/composer/layout";
import { COMPOSE_LIMITS, ComposeLimitError, type ComposerFonts } from "#documents/composer/types";

// Page geometry, Phụ lục I: A4; top and bottom margins 20–25 mm, left 30–35 mm, right 15–20 mm.
export const MM = 72 / 25.4;
export const PAGE_WIDTH = 595.28;
export const PAGE_HEIGHT = 841.89;
export const MARGIN = { top: 20 * MM, bottom: 20 * MM, left: 30 * MM, right: 15 * MM };
export const CONTENT_LEFT = MARGIN.left;
export const CONTENT_RIGHT = PAGE_WIDTH - MARGIN.right;
export const CONTENT_WIDTH = CONTENT_RIGHT - CONTENT_LEFT;
// Header grid (ô 1–4): the organ name and "Số" on the left, the national title and date line on the
// right, as in the two-column table of the Phụ lục III samples.
export const LEFT_COLUMN = { x: CONTENT_LEFT, width: 64 * MM };
export const RIGHT_COLUMN = {
  x: CONTENT_LEFT + 64 * MM,
  width: CONTENT_RIGHT - CONTENT_LEFT - 64 * MM,
};

// Font sizes (Phụ lục I): quốc hiệu 12–13, tiêu ngữ 13–14, organ names 12–13, tên loại and trích yếu
// 13–14, body 13–14, công văn trích yếu 12–13, "Nơi nhận:" 12, its list 11, signature block 13–14.
export const SIZE = {
  organization: 13,
  nationalTitle: 12.5,
  motto: 13,
  numberLabel: 13,
  dateLine: 13,
  letterSummary: 12,
  title: 14,
  body: 14,
  addressees: 14,
  recipientsLabel: 12,
  recipients: 11,
  signature: 14,
  pageNumber: 13,
  urgency: 13,
} as const;
// Ascent of Tinos/Times ≈ 0.891 em: the baseline of a line whose box starts at `top`.
export const ASCENT = 0.891;
export const BODY_LINE_HEIGHT = 17.5;
// Phụ lục I: spacing between paragraphs at least 6 pt; first-line indent 1 cm or 1.27 cm.
export const PARAGRAPH_SPACING = 6;
export const FIRST_LINE_INDENT = 10 * MM;
export const SIGNATURE_SPACE = 26 * MM;
export const RULE_THICKNESS = 0.6;
export const SAMPLE_NUMBER_SYMBOL_WIDTH_EM = 6.2;

export type FontSet = Record<FontStyle, PDFFont>;

export type Canvas = {
  doc: PDFDocument;
  fonts: FontSet;
  pages: PDFPage[];
  fontKeys: Map<PDFPage, Map<FontStyle, PDFName>>;
  /** Advance widths at 1000 pt, shared by every document composed with the same font bytes. */
  unitWidths: Map<string, number>;
  /** Encoded words of this document (encoding also adds the glyphs to this document's subsets). */
  encodedWords: Map<string, PDFHexString>;
  page: PDFPage;
  /** Top of the next line box on the current page. */
  y: number;
};

export type Word = { text: string; style: FontStyle };

export function measure(canvas: Canvas, text: string, style: FontStyle, size: number): number {
  const key = `${style}\u0000${text}`;
  let width = canvas.unitWidths.get(key);
  if (width === undefined) {
    width = canvas.fonts[style].widthOfTextAtSize(text, 1000);
    canvas.unitWidths.set(key, width);
  }
  return (width * size) / 1000;
}

export function encodeWord(canvas: Canvas, text: string, style: FontStyle): PDFHexString {
  const key = `${style}\u0000${text}`;
  let encoded = canvas.encodedWords.get(key);
  if (!encoded) {
    encoded = canvas.fonts[style].encodeText(text);
    canvas.encodedWords.set(key, encoded);
  }
  return encoded;
}

// Vietnamese text is made of a few thousand distinct syllables, so measuring each once per font
// (fontkit shapes every call) removes most of the layout cost.
export const unitWidthCaches = new WeakMap<Uint8Array, Map<string, number>>();
export const MAX_CACHED_WIDTHS = 50_000;

export function getUnitWidthCache(fontBytes: ComposerFonts): Map<string, number> {
  let cache = unitWidthCaches.get(fontBytes.regular);
  if (!cache || cache.size > MAX_CACHED_WIDTHS) {
    cache = new Map();
    unitWidthCaches.set(fontBytes.regular, cache);
  }
  return cache;
}

export function addPage(canvas: Canvas): void {
  if (canvas.pages.length >= COMPOSE_LIMITS.maxPages) {
    throw new ComposeLimitError(
      "TOO_MANY_PAGES",
      `Văn bản soạn thảo dài quá ${COMPOSE_LIMITS.maxPages} trang; hãy rút gọn nội dung hoặc đưa phần dài vào phụ lục (tải lên tệp PDF).`,
    );
  }
  canvas.page = canvas.doc.addPage([PAGE_WIDTH, PAGE_HEIGHT]);
  canvas.pages.push(canvas.page);
  canvas.y = PAGE_HEIGHT - MARGIN.top;
}

/** Starts a new page unless `height` still fits above the bottom margin. */
export function ensureSpace(canvas: Canvas, height: number): void {
  if (canvas.y - height < MARGIN.bottom) addPage(canvas);
}

export function fontKey(canvas: Canvas, page: PDFPage, style: FontStyle): PDFName {
  let keys = canvas.fontKeys.get(page);
  if (!keys) {
    keys = new Map();
    canvas.fontKeys.set(page, keys);
  }
  let key = keys.get(style);
  if (!key) {
    const font = canvas.fonts[style];
    key = page.node.newFontDictionary(font.name, font.ref);
    keys.set(style, key);
  }
  return key;
}

/**
 * Draws words on one baseline. Runs of the same style share a TJ operator whose numeric
 * adjustments widen the real space glyphs for justification; keeping the spaces as glyphs (rather
 * than placing every word separately) keeps the text extractable as words.
 */
export function drawWords(
  canvas: Canvas,
  page: PDFPage,
  words: Word[],
  x: number,
  baseline: number,
  size: number,
  extraGap = 0,
  color: [number, number, number] = [0, 0, 0],
): number {
  const operators: PDFOperator[] = [beginText(), setFillingRgbColor(...color)];
  let cursor = x;
  let index = 0;
  while (index < words.length) {
    const style = words[index].style;
    const parts: (PDFHexString | number)[] = [];
    const runStart = cursor;
    while (index < words.length && words[index].style === style) {
      const isLast = index === words.length - 1;
      const text = isLast ? words[index].text : `${words[index].text} `;
      parts.push(encodeWord(canvas, text, style));
      cursor += measure(canvas, text, style, size);
      if (!isLast && extraGap > 0) {
        // TJ adjustments are in thousandths of text space; negative moves right.
        parts.push(-(extraGap * 1000) / size);
        cursor += extraGap;
      }
      index++;
    }
    operators.push(setFontAndSize(fontKey(canvas, page, style), size), setTextMatrix(1, 0, 0, 1, runStart, baseline));
    if (parts.length === 1) {
      operators.push(showText(parts[0] as PDFHexString));
    } else {
      operators.push(PDFOperator.of(PDFOperatorNames.ShowTextAdjusted, [canvas.doc.context.obj(parts)]));
    }
  }
  operators.push(endText());
  page.pushOperators(...operators);
  return cursor;
}

export function toWords(text: string, style: FontStyle): Word[] {
  return tokenizeSpans([{ text, style }]);
}

export function lineWidth(canvas: Canvas, words: Word[], size: number): number {
  return words.reduce(
    (total, word, index) => total + measure(canvas, word.text, word.style, size) + (index < words.length - 1 ? measure(canvas, " ", word.style, size) : 0),
    0,
  );
}

export function drawCentered(
  canvas: Canvas,
  page: PDFPage,
  text: string,
  style: FontStyle,
  size: number,
  column: { x: number; width: number },
  baseline: number,
): number {
  const words = toWords(text, style);
  const width = lineWidth(canvas, words, size);
  drawWords(canvas, page, words, column.x + (column.width - width) / 2, baseline, size);
  return width;
}

export function drawRule(page: PDFPage, centerX: number, y: number, length: number): void {
  page.drawLine({
    start: { x: centerX - length / 2, y },
    end: { x: centerX + length / 2, y },
    thickness: RULE_THICKNESS,
    color: rgb(0, 0, 0),
  });
}

export function wrapLines(canvas: Canvas, spans: TextSpan[], size: number, firstWidth: number, otherWidth = firstWidth): WrappedLine[] {
  return wrapTokens(tokenizeSpans(spans), (text, style) => measure(canvas, text, style, size), firstWidth, otherWidth);
}

export function round2(value: number): number {
  return Math.round(value * 100) / 100;
}
