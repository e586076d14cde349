// After the body: the signature block (ô 7a–7c) beside the recipients (ô 9b), and the page numbers.

import { buildSignerTitleLines, formatRecipientLines } from "#documents/composer/names";
import {
  ASCENT,
  CONTENT_LEFT,
  CONTENT_WIDTH,
  MARGIN,
  MM,
  PAGE_HEIGHT,
  RIGHT_COLUMN,
  SIGNATURE_SPACE,
  SIZE,
  drawCentered,
  drawWords,
  ensureSpace,
  measure,
  round2,
  wrapLines,
  type Canvas,
} from "#documents/composer/canvas";
import type { ComposeDocumentInput, PdfRect, PlacedRect } from "#documents/composer/types";

/**
 * Ô 7a–7c (authority, title, signature space, name) on the right and ô 9b (Nơi nhận) on the left,
 * side by side and kept on one page.
 */
export function drawClosing(canvas: Canvas, input: ComposeDocumentInput): PlacedRect {
  const signatureSize = SIZE.signature;
  const signatureLineHeight = signatureSize * 1.25;
  const titleLines = buildSignerTitleLines({
    signingAuthority: input.signingAuthority,
    authorityLine: input.authorityLine,
    organizationName: input.organizationName,
    signerTitle: input.signerTitle,
  });
  const signatureHeight = titleLines.length * signatureLineHeight + SIGNATURE_SPACE + signatureLineHeight;

  const recipientColumnWidth = RIGHT_COLUMN.x - CONTENT_LEFT - 2;
  const recipientLineHeight = SIZE.recipients * 1.15;
  const recipientLabelHeight = SIZE.recipientsLabel * 1.3;
  const dashWidth = measure(canvas, "- ", "regular", SIZE.recipients);
  const recipientLines = formatRecipientLines(input.recipients, input.archiveLine).map((item) =>
    wrapLines(canvas, [{ text: item, style: "regular" }], SIZE.recipients, recipientColumnWidth, recipientColumnWidth - dashWidth),
  );
  const recipientHeight = recipientLabelHeight + recipientLines.flat().length * recipientLineHeight;

  canvas.y -= 10;
  ensureSpace(canvas, Math.max(signatureHeight, recipientHeight));
  const page = canvas.page;
  const top = canvas.y;

  let baseline = top - signatureSize * ASCENT;
  for (const line of titleLines) {
    drawCentered(canvas, page, line, "bold", signatureSize, RIGHT_COLUMN, baseline);
    baseline -= signatureLineHeight;
  }
  const titleBottom = baseline + signatureLineHeight - signatureSize * 0.25;
  const nameBaseline = baseline - SIGNATURE_SPACE;
  drawCentered(canvas, page, input.signerName.trim(), "bold", signatureSize, RIGHT_COLUMN, nameBaseline);
  const center = RIGHT_COLUMN.x + RIGHT_COLUMN.width / 2;
  const signatureWidth = 62 * MM;
  const signatureRect: PdfRect = [center - signatureWidth / 2, nameBaseline + signatureSize * ASCENT + 3, center + signatureWidth / 2, titleBottom - 2];

  // "Nơi nhận:" bold italic 12; the list in 11, continuation lines hanging after the dash.
  let recipientBaseline = top - SIZE.recipientsLabel * ASCENT;
  drawWords(
    canvas,
    page,
    [
      { text: "Nơi", style: "boldItalic" },
      { text: "nhận:", style: "boldItalic" },
    ],
    CONTENT_LEFT,
    recipientBaseline,
    SIZE.recipientsLabel,
  );
  recipientBaseline -= recipientLabelHeight;
  for (const item of recipientLines) {
    item.forEach((line, index) => {
      drawWords(
        canvas,
        page,
        line.words,
        CONTENT_LEFT + (index === 0 ? 0 : dashWidth),
        recipientBaseline + recipientLabelHeight - recipientLineHeight,
        SIZE.recipients,
      );
      recipientBaseline -= recipientLineHeight;
    });
  }

  canvas.y = top - Math.max(signatureHeight, recipientHeight);
  return {
    page: canvas.pages.indexOf(page),
    rect: signatureRect.map(round2) as PdfRect,
  };
}

/** Phụ lục I: page numbers centred in the top margin, in Arabic numerals, none on page 1. */
export function drawPageNumbers(canvas: Canvas): void {
  canvas.pages.forEach((page, index) => {
    if (index === 0) return;
    const baseline = PAGE_HEIGHT - MARGIN.top / 2 - SIZE.pageNumber * 0.35;
    drawCentered(canvas, page, String(index + 1), "regular", SIZE.pageNumber, { x: CONTENT_LEFT, width: CONTENT_WIDTH }, baseline);
  });
}
