// Page 1 above the body: the two-column header (ô 1–4, 5b, 10b) and the title block (ô 5a).

import { rgb } from "pdf-lib";
import { formatSummary, getUrgencyMark, toVietnameseUpperCase, type DocumentTemplate } from "#documents/composer/layout";
import { splitOrganizationName } from "#documents/composer/names";
import {
  ASCENT,
  CONTENT_LEFT,
  CONTENT_WIDTH,
  LEFT_COLUMN,
  MARGIN,
  MM,
  PAGE_HEIGHT,
  PARAGRAPH_SPACING,
  RIGHT_COLUMN,
  SAMPLE_NUMBER_SYMBOL_WIDTH_EM,
  SIZE,
  drawCentered,
  drawRule,
  drawWords,
  measure,
  wrapLines,
  type Canvas,
} from "#documents/composer/canvas";
import { DATE_LINE_FIELD_NAME, NUMBER_SYMBOL_FIELD_NAME, type ComposeDocumentInput, type PlacedField } from "#documents/composer/types";

export type HeaderResult = {
  bottom: number;
  numberField: PlacedField;
  dateField: PlacedField;
};

/** Ô 1–4 (+ 5b for công văn, 10b urgency): the two-column header of page 1. */
export function drawHeader(canvas: Canvas, input: ComposeDocumentInput, template: DocumentTemplate): HeaderResult {
  const page = canvas.page;
  const top = PAGE_HEIGHT - MARGIN.top;
  const headerLineHeight = 15;
  const columnPadding = 4;
  const leftCenter = LEFT_COLUMN.x + LEFT_COLUMN.width / 2;
  const rightCenter = RIGHT_COLUMN.x + RIGHT_COLUMN.width / 2;
  const leftTextWidth = LEFT_COLUMN.width - columnPadding * 2;

  // Left: governing body (upper case, regular) then the issuing body (upper case, bold), with a
  // short rule of 1/3–1/2 the line length centred under it (Phụ lục I, ô 2).
  let baseline = top - SIZE.organization * ASCENT;
  const parentLines = input.parentOrganizationName?.trim()
    ? splitOrganizationName(
        toVietnameseUpperCase(input.parentOrganizationName.trim()),
        (text) => measure(canvas, text, "regular", SIZE.organization),
        leftTextWidth,
      )
    : [];
  for (const line of parentLines) {
    drawCentered(canvas, page, line, "regular", SIZE.organization, LEFT_COLUMN, baseline);
    baseline -= headerLineHeight;
  }
  const organizationLines = splitOrganizationName(
    toVietnameseUpperCase(input.organizationName.trim()),
    (text) => measure(canvas, text, "bold", SIZE.organization),
    leftTextWidth,
  );
  let widestOrganizationLine = 0;
  for (const line of organizationLines) {
    const width = drawCentered(canvas, page, line, "bold", SIZE.organization, LEFT_COLUMN, baseline);
    widestOrganizationLine = Math.max(widestOrganizationLine, width);
    baseline -= headerLineHeight;
  }
  const organizationRuleY = baseline + headerLineHeight - 7;
  drawRule(page, leftCenter, organizationRuleY, Math.max(40, widestOrganizationLine * 0.4));

  // Right: national title (upper, bold) and motto (bold) with a rule as long as the motto (ô 1).
  const titleBaseline = top - SIZE.organization * ASCENT;
  drawCentered(canvas, page, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "bold", SIZE.nationalTitle, RIGHT_COLUMN, titleBaseline);
  const mottoBaseline = titleBaseline - headerLineHeight;
  const mottoWidth = drawCentered(canvas, page, "Độc lập - Tự do - Hạnh phúc", "bold", SIZE.motto, RIGHT_COLUMN, mottoBaseline);
  const mottoRuleY = mottoBaseline - 6;
  drawRule(page, rightCenter, mottoRuleY, mottoWidth);

  // "Số:" (ô 3) and the date line (ô 4) share a baseline. The values are fields (see file header).
  const numberBaseline = Math.min(organizationRuleY, mottoRuleY) - 19;
  const label = "Số: ";
  const labelWidth = measure(canvas, label, "regular", SIZE.numberLabel);
  // Centre "Số: " plus a typical value ("172/KH-UBND") in the column, as a filled-in line would be.
  const sampleWidth = SAMPLE_NUMBER_SYMBOL_WIDTH_EM * SIZE.numberLabel;
  const labelX = leftCenter - (labelWidth + sampleWidth) / 2;
  drawWords(canvas, page, [{ text: "Số:", style: "regular" }], labelX, numberBaseline, SIZE.numberLabel);
  const fieldHeight = SIZE.dateLine * 1.3;
  const fieldBottom = numberBaseline - SIZE.dateLine * 0.3;
  const numberField: PlacedField = {
    name: NUMBER_SYMBOL_FIELD_NAME,
    page: 0,
    rect: [labelX + labelWidth, fieldBottom, LEFT_COLUMN.x + LEFT_COLUMN.width, fieldBottom + fieldHeight],
    baseline: numberBaseline,
    fontSize: SIZE.numberLabel,
  };
  const dateField: PlacedField = {
    name: DATE_LINE_FIELD_NAME,
    page: 0,
    rect: [RIGHT_COLUMN.x, fieldBottom, RIGHT_COLUMN.x + RIGHT_COLUMN.width, fieldBottom + fieldHeight],
    baseline: numberBaseline,
    fontSize: SIZE.dateLine,
  };

  let leftBottom = numberBaseline - SIZE.numberLabel * 0.25;
  // Công văn: the summary after "V/v", centred under the number (ô 5b).
  if (template === "official-letter") {
    const lines = wrapLines(canvas, [{ text: formatSummary(template, input.summary), style: "regular" }], SIZE.letterSummary, leftTextWidth);
    let summaryBaseline = numberBaseline - 17;
    for (const line of lines) {
      const x = LEFT_COLUMN.x + (LEFT_COLUMN.width - line.naturalWidth) / 2;
      drawWords(canvas, page, line.words, x, summaryBaseline, SIZE.letterSummary);
      summaryBaseline -= SIZE.letterSummary * 1.2;
    }
    leftBottom = summaryBaseline + SIZE.letterSummary * 1.2 - SIZE.letterSummary * 0.25;
  }

  // Ô 10b: urgency stamp, a single-line rectangle with the level in upper case bold.
  const urgency = getUrgencyMark(input.urgency);
  if (urgency) {
    const textWidth = measure(canvas, urgency.label, "bold", SIZE.urgency);
    const boxWidth = Math.max(urgency.widthMm * MM, textWidth + 10);
    const boxHeight = Math.max(urgency.heightMm * MM, SIZE.urgency + 6);
    const boxTop = leftBottom - 8;
    const red: [number, number, number] = [0.85, 0, 0];
    page.drawRectangle({
      x: leftCenter - boxWidth / 2,
      y: boxTop - boxHeight,
      width: boxWidth,
      height: boxHeight,
      borderColor: rgb(...red),
      borderWidth: 1,
    });
    const urgencyBaseline = boxTop - boxHeight / 2 - SIZE.urgency * 0.33;
    drawWords(canvas, page, [{ text: urgency.label, style: "bold" }], leftCenter - textWidth / 2, urgencyBaseline, SIZE.urgency, 0, red);
    leftBottom = boxTop - boxHeight;
  }

  return { bottom: Math.min(leftBottom, fieldBottom), numberField, dateField };
}

/** Ô 5a: type name (upper case, bold) and summary (bold), with a short rule centred under them. */
export function drawTitleBlock(canvas: Canvas, input: ComposeDocumentInput, template: DocumentTemplate): void {
  const size = SIZE.title;
  const lineHeight = size * 1.25;
  const center = { x: CONTENT_LEFT, width: CONTENT_WIDTH };
  canvas.y -= 16;
  drawCentered(canvas, canvas.page, toVietnameseUpperCase(input.docType.name), "bold", size, center, canvas.y - size * ASCENT);
  canvas.y -= lineHeight;
  const summaryLines = wrapLines(canvas, [{ text: formatSummary(template, input.summary), style: "bold" }], size, CONTENT_WIDTH * 0.88);
  let widest = 0;
  for (const line of summaryLines) {
    drawWords(canvas, canvas.page, line.words, CONTENT_LEFT + (CONTENT_WIDTH - line.naturalWidth) / 2, canvas.y - size * ASCENT, size);
    widest = Math.max(widest, line.naturalWidth);
    canvas.y -= lineHeight;
  }
  drawRule(canvas.page, CONTENT_LEFT + CONTENT_WIDTH / 2, canvas.y + lineHeight - size * ASCENT - 9, Math.min(Math.max(60, widest / 3), 150));
  canvas.y -= 14;

  // Mẫu 1.2: the issuing authority, centred in bold upper case, above the legal bases.
  if (template === "decision") {
    const authority = toVietnameseUpperCase((input.issuingAuthority ?? input.organizationName).replace(/\s*\n\s*/g, " "));
    for (const line of wrapLines(canvas, [{ text: authority, style: "bold" }], size, CONTENT_WIDTH * 0.9)) {
      drawWords(canvas, canvas.page, line.words, CONTENT_LEFT + (CONTENT_WIDTH - line.naturalWidth) / 2, canvas.y - size * ASCENT, size);
      canvas.y -= lineHeight;
    }
    canvas.y -= PARAGRAPH_SPACING;
  }
}
