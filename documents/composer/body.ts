// The body (ô 6) and the addressees before it (ô 9a): justified paragraphs with a first-line indent,
// headings kept with what follows, the meeting details of a Giấy mời.

import { classifyParagraph, computeJustifiedGap, splitBodyParagraphs, type DocumentTemplate, type TextSpan } from "#documents/composer/layout";
import {
  ASCENT,
  BODY_LINE_HEIGHT,
  CONTENT_LEFT,
  CONTENT_RIGHT,
  CONTENT_WIDTH,
  FIRST_LINE_INDENT,
  MM,
  PARAGRAPH_SPACING,
  SIZE,
  drawWords,
  ensureSpace,
  lineWidth,
  measure,
  toWords,
  wrapLines,
  type Canvas,
} from "#documents/composer/canvas";
import type { ComposeDocumentInput, MeetingDetails } from "#documents/composer/types";

/** Ô 9a: "Kính gửi:" with one addressee on the same line, or several as "- …" lines after it. */
export function drawAddressees(canvas: Canvas, addressees: string[]): void {
  if (addressees.length === 0) return;
  const size = SIZE.addressees;
  const lineHeight = BODY_LINE_HEIGHT;
  const label = "Kính gửi:";
  const labelWidth = measure(canvas, `${label} `, "regular", size);
  canvas.y -= 8;
  if (addressees.length === 1) {
    const lines = wrapLines(canvas, [{ text: `${label} ${addressees[0]}`, style: "regular" }], size, CONTENT_WIDTH - 20 * MM);
    for (const line of lines) {
      ensureSpace(canvas, lineHeight);
      const x = CONTENT_LEFT + (CONTENT_WIDTH - line.naturalWidth) / 2;
      drawWords(canvas, canvas.page, line.words, x, canvas.y - size * ASCENT, size);
      canvas.y -= lineHeight;
    }
  } else {
    const items = addressees.map((addressee) => (addressee.startsWith("-") ? addressee : `- ${addressee}`));
    const widest = Math.max(...items.map((item) => lineWidth(canvas, toWords(item, "regular"), size)));
    const blockWidth = Math.min(labelWidth + widest, CONTENT_WIDTH - 20 * MM);
    const labelX = Math.max(CONTENT_LEFT + 15 * MM, CONTENT_LEFT + (CONTENT_WIDTH - blockWidth) / 2);
    const itemX = labelX + labelWidth;
    const itemWidth = CONTENT_RIGHT - itemX;
    ensureSpace(canvas, lineHeight);
    drawWords(canvas, canvas.page, toWords(label, "regular"), labelX, canvas.y - size * ASCENT, size);
    for (const item of items) {
      for (const line of wrapLines(canvas, [{ text: item, style: "regular" }], size, itemWidth)) {
        ensureSpace(canvas, lineHeight);
        drawWords(canvas, canvas.page, line.words, itemX, canvas.y - size * ASCENT, size);
        canvas.y -= lineHeight;
      }
    }
  }
  canvas.y -= PARAGRAPH_SPACING;
}

function drawParagraph(
  canvas: Canvas,
  spans: TextSpan[],
  options: {
    align: "justify" | "center";
    indentFirstLine: boolean;
    keepWithNext?: boolean;
  },
): void {
  const size = SIZE.body;
  const indent = options.indentFirstLine ? FIRST_LINE_INDENT : 0;
  const lines = wrapLines(canvas, spans, size, CONTENT_WIDTH - indent, CONTENT_WIDTH);
  // A heading never ends a page: keep it with the first line of what follows.
  if (options.keepWithNext) ensureSpace(canvas, lines.length * BODY_LINE_HEIGHT + BODY_LINE_HEIGHT);
  lines.forEach((line, index) => {
    ensureSpace(canvas, BODY_LINE_HEIGHT);
    const baseline = canvas.y - size * ASCENT - (BODY_LINE_HEIGHT - size) / 2;
    if (options.align === "center") {
      drawWords(canvas, canvas.page, line.words, CONTENT_LEFT + (CONTENT_WIDTH - line.naturalWidth) / 2, baseline, size);
    } else {
      const x = CONTENT_LEFT + (index === 0 ? indent : 0);
      const available = CONTENT_WIDTH - (index === 0 ? indent : 0);
      const gap = computeJustifiedGap(line, available, index === lines.length - 1);
      drawWords(canvas, canvas.page, line.words, x, baseline, size, gap);
    }
    canvas.y -= BODY_LINE_HEIGHT;
  });
  canvas.y -= PARAGRAPH_SPACING;
}

const MEETING_MARKER = "[[meeting]]";

function drawMeetingDetails(canvas: Canvas, details: MeetingDetails): void {
  const rows: [string, string | undefined][] = [
    ["Thành phần:", details.attendees],
    ["Nội dung:", details.content],
    ["Thời gian:", details.time],
    ["Địa điểm:", details.place],
  ];
  for (const [label, value] of rows) {
    if (!value?.trim()) continue;
    drawParagraph(
      canvas,
      [
        { text: label, style: "bold" },
        { text: ` ${value.trim()}`, style: "regular" },
      ],
      { align: "justify", indentFirstLine: true },
    );
  }
}

/** Ô 6: the body, one paragraph per line, justified with a 1 cm first-line indent. */
export function drawBody(canvas: Canvas, input: ComposeDocumentInput, template: DocumentTemplate): void {
  canvas.y -= 4;
  const paragraphs = splitBodyParagraphs(input.body);
  const details = template === "invitation" ? input.meetingDetails : undefined;
  if (details && !paragraphs.includes(MEETING_MARKER)) drawMeetingDetails(canvas, details);
  for (const paragraph of paragraphs) {
    if (paragraph === MEETING_MARKER) {
      if (details) drawMeetingDetails(canvas, details);
      continue;
    }
    const format = classifyParagraph(paragraph, template);
    drawParagraph(canvas, format.spans, {
      align: format.align,
      indentFirstLine: format.indentFirstLine,
      keepWithNext: format.kind === "section-heading" || format.kind === "numbered-heading" || format.kind === "decision-marker",
    });
  }
}
