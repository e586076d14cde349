// Pure layout rules for composing outgoing documents per Decree 30/2020/NĐ-CP, Phụ lục I
// ("Thể thức và kỹ thuật trình bày văn bản hành chính"). No PDF library here: measuring is injected,
// so the rules can be unit-tested and reused by a preview.

export type FontStyle = "regular" | "bold" | "italic" | "boldItalic";

export type TextSpan = { text: string; style: FontStyle };

/** Which Phụ lục III sample ("mẫu trình bày") a document type is laid out after. */
export type DocumentTemplate = "official-letter" | "decision" | "invitation" | "named-document";

export const SIGNING_AUTHORITIES = ["TM.", "KT.", "TL.", "TUQ."] as const;
export type SigningAuthority = (typeof SIGNING_AUTHORITIES)[number];

export const DOCUMENT_URGENCIES = ["normal", "urgent", "very_urgent", "flash"] as const;
export type DocumentUrgency = (typeof DOCUMENT_URGENCIES)[number];

export type UrgencyMark = { label: string; widthMm: number; heightMm: number };

// Phụ lục I, ô 10b: the urgency stamp is a single-line rectangle, upper case bold 13–14; the
// specimen boxes are 20 × 8 mm (KHẨN), 40 × 8 mm (THƯỢNG KHẨN) and 30 × 8 mm (HỎA TỐC).
const URGENCY_MARKS: Record<Exclude<DocumentUrgency, "normal">, UrgencyMark> = {
  urgent: { label: "KHẨN", widthMm: 20, heightMm: 8 },
  very_urgent: { label: "THƯỢNG KHẨN", widthMm: 40, heightMm: 8 },
  flash: { label: "HỎA TỐC", widthMm: 30, heightMm: 8 },
};

export function getUrgencyMark(urgency: DocumentUrgency | undefined): UrgencyMark | null {
  if (!urgency || urgency === "normal") return null;
  return URGENCY_MARKS[urgency];
}

/**
 * Công văn has no type abbreviation (Phụ lục III) and is laid out after mẫu 1.5; Quyết định (cá
 * biệt) after mẫu 1.2/1.3; Giấy mời after mẫu 1.7; every other typed document after mẫu 1.4.
 */
export function resolveDocumentTemplate(docType: { code: string; abbreviation: string | null }): DocumentTemplate {
  const code = docType.code.toUpperCase();
  const abbreviation = docType.abbreviation ?? "";
  if (!docType.abbreviation || code === "CV") return "official-letter";
  if (abbreviation === "QĐ" || code === "QĐ" || code === "QD") return "decision";
  if (abbreviation === "GM" || code === "GM") return "invitation";
  return "named-document";
}

// "V/v", "V/v:", "Về việc", "Về việc:" typed by the drafter at the start of a summary (any case).
const SUMMARY_LEAD = /^(?:v\/v|về\s+việc)(?!\p{L})\s*:?\s*/iu;

/**
 * Công văn summaries start with "V/v"; a decision's summary is "Về việc …" (Phụ lục I, ô 5a/5b). A lead the drafter
 * typed is replaced, never doubled ("Về việc tăng cường …" on a công văn prints "V/v tăng cường …", not "V/v Về việc …").
 */
export function formatSummary(template: DocumentTemplate, summary: string): string {
  const trimmed = summary.trim();
  const bare = trimmed.replace(SUMMARY_LEAD, "");
  if (template === "official-letter") return `V/v ${bare}`;
  if (template === "decision" && (bare !== trimmed || !/^về\s/i.test(trimmed))) return `Về việc ${bare}`;
  return trimmed;
}

/** Vietnamese upper case ("đ" → "Đ"); the type name and signature titles are printed upper case. */
export function toVietnameseUpperCase(text: string): string {
  return text.toLocaleUpperCase("vi-VN");
}

/**
 * One paragraph per input line: the seeds and the drafting UI put each heading, bullet and
 * sentence on its own line, and blank lines are only visual separators.
 */
export function splitBodyParagraphs(body: string): string[] {
  return body
    .replace(/\r\n?/g, "\n")
    .split("\n")
    .map((line) => line.replace(/[ \t\u00a0]+/g, " ").trim())
    .filter((line) => line.length > 0);
}

export type ParagraphKind =
  | "section-heading"
  | "numbered-heading"
  | "numbered-item"
  | "lettered-item"
  | "bullet"
  | "article"
  | "legal-basis"
  | "decision-marker"
  | "plain";

export type ParagraphFormat = {
  kind: ParagraphKind;
  align: "justify" | "center";
  indentFirstLine: boolean;
  spans: TextSpan[];
};

const ROMAN_HEADING = /^(?:[IVXLC]+)\.\s+\S/;
const PART_HEADING = /^(?:PHẦN|CHƯƠNG|MỤC)\s+[\dIVXLC]+/;
const NUMBERED = /^(\d+(?:\.\d+)*)\.?\s+\S/;
const NUMBERED_LABEL = /^\d+(?:\.\d+)*\.?\s/;
const LETTERED = /^[a-zđ]\)\s+\S/;
const BULLET = /^[-–•+]\s+\S/;
const ARTICLE = /^(Điều\s+\d+[a-z]?\.)\s*(.*)$/;
const LEGAL_BASIS = /^(?:Căn cứ|Theo đề nghị|Xét đề nghị|Xét )/;
const DECISION_MARKER = /^QUYẾT ĐỊNH\s*:?$/;
const TERMINAL_PUNCTUATION = /[.;,]$/;

function isUpperCaseText(text: string): boolean {
  return text === toVietnameseUpperCase(text) && /\p{L}/u.test(text);
}

/**
 * Classifies one body line and splits it into styled spans.
 * - "I. MỤC ĐÍCH, YÊU CẦU" / "PHẦN I": section headings, bold (Phụ lục I: phần, chương, mục in bold).
 * - "1. Mục đích", "2.1. Các đơn vị …": headings, bold, when they carry no closing punctuation;
 *   "1. Phạm vi: Thực hiện …" bolds only the label up to the colon.
 * - "Điều 1. …": the article label is bold, the rest regular (mẫu 1.2).
 * - "Căn cứ …", "Theo đề nghị …" in a decision: italic (Phụ lục I: căn cứ ban hành in nghiêng).
 * - "QUYẾT ĐỊNH:" in a decision: bold, centred.
 */
export function classifyParagraph(text: string, template: DocumentTemplate): ParagraphFormat {
  const justified = (kind: ParagraphKind, spans: TextSpan[]): ParagraphFormat => ({
    kind,
    align: "justify",
    indentFirstLine: true,
    spans,
  });

  if (template === "decision" && DECISION_MARKER.test(text)) {
    return {
      kind: "decision-marker",
      align: "center",
      indentFirstLine: false,
      spans: [{ text: "QUYẾT ĐỊNH:", style: "bold" }],
    };
  }
  if (PART_HEADING.test(text) || (ROMAN_HEADING.test(text) && isUpperCaseText(text))) {
    return justified("section-heading", [{ text, style: "bold" }]);
  }
  const article = ARTICLE.exec(text);
  if (article) {
    const spans: TextSpan[] = [{ text: article[1], style: "bold" }];
    if (article[2]) spans.push({ text: ` ${article[2]}`, style: "regular" });
    return justified("article", spans);
  }
  if (template === "decision" && LEGAL_BASIS.test(text)) {
    return justified("legal-basis", [{ text, style: "italic" }]);
  }
  if (NUMBERED.test(text)) {
    const colon = text.indexOf(": ");
    if (colon > 0 && colon <= 80 && colon < text.length - 2) {
      return justified("numbered-heading", [
        { text: text.slice(0, colon + 1), style: "bold" },
        { text: text.slice(colon + 1), style: "regular" },
      ]);
    }
    if (!TERMINAL_PUNCTUATION.test(text) || text.endsWith(":")) {
      return justified("numbered-heading", [{ text, style: "bold" }]);
    }
    const label = NUMBERED_LABEL.exec(text)![0].trimEnd();
    return justified("numbered-item", [
      { text: label, style: "bold" },
      { text: text.slice(label.length), style: "regular" },
    ]);
  }
  if (LETTERED.test(text)) return justified("lettered-item", [{ text, style: "regular" }]);
  if (BULLET.test(text)) return justified("bullet", [{ text, style: "regular" }]);
  return justified("plain", [{ text, style: "regular" }]);
}

export type MeasureText = (text: string, style: FontStyle) => number;

export type LayoutWord = { text: string; style: FontStyle; width: number };

export type WrappedLine = {
  words: LayoutWord[];
  /** Width of the words plus one natural space between each pair. */
  naturalWidth: number;
  /** Sum of the natural space widths between words (what justification stretches). */
  spaceWidth: number;
};

/** Splits styled spans into words, keeping each word's style (a word never spans two styles). */
export function tokenizeSpans(spans: TextSpan[]): { text: string; style: FontStyle }[] {
  const tokens: { text: string; style: FontStyle }[] = [];
  for (const span of spans) {
    for (const word of span.text.split(/\s+/)) {
      if (word.length > 0) tokens.push({ text: word, style: span.style });
    }
  }
  return tokens;
}

function breakLongWord(word: { text: string; style: FontStyle }, measure: MeasureText, maxWidth: number): { text: string; style: FontStyle }[] {
  const pieces: { text: string; style: FontStyle }[] = [];
  let current = "";
  for (const character of Array.from(word.text)) {
    if (current && measure(current + character, word.style) > maxWidth) {
      pieces.push({ text: current, style: word.style });
      current = character;
    } else {
      current += character;
    }
  }
  if (current) pieces.push({ text: current, style: word.style });
  return pieces;
}

/**
 * Greedy word wrap with widths measured by the embedded font. `firstLineWidth` lets the caller
 * reserve the 1 cm first-line indent (Phụ lục I: "lùi đầu dòng 1 cm hoặc 1,27 cm").
 */
export function wrapTokens(
  tokens: { text: string; style: FontStyle }[],
  measure: MeasureText,
  firstLineWidth: number,
  otherLineWidth: number = firstLineWidth,
): WrappedLine[] {
  const lines: WrappedLine[] = [];
  let words: LayoutWord[] = [];
  let wordsWidth = 0;
  let spaceWidth = 0;
  const limit = () => (lines.length === 0 ? firstLineWidth : otherLineWidth);
  const flush = () => {
    lines.push({ words, naturalWidth: wordsWidth + spaceWidth, spaceWidth });
    words = [];
    wordsWidth = 0;
    spaceWidth = 0;
  };

  const queue = [...tokens];
  while (queue.length > 0) {
    const token = queue.shift()!;
    const width = measure(token.text, token.style);
    const gap = words.length > 0 ? measure(" ", words[words.length - 1].style) : 0;
    if (words.length > 0 && wordsWidth + spaceWidth + gap + width > limit()) {
      flush();
      queue.unshift(token);
      continue;
    }
    if (words.length === 0 && width > limit()) {
      const pieces = breakLongWord(token, measure, limit());
      if (pieces.length > 1) {
        queue.unshift(...pieces);
        continue;
      }
    }
    words.push({ text: token.text, style: token.style, width });
    wordsWidth += width;
    spaceWidth += gap;
  }
  if (words.length > 0) flush();
  return lines;
}

/** Single-style convenience wrapper: returns the text of each line. */
export function wrapText(text: string, measure: (text: string) => number, maxWidth: number): string[] {
  const lines = wrapTokens(tokenizeSpans([{ text, style: "regular" }]), (value) => measure(value), maxWidth);
  return lines.map((line) => line.words.map((word) => word.text).join(" "));
}

// Collective bodies whose name is conventionally broken after the body and before the place:
// "ỦY BAN NHÂN DÂN" / "TỈNH CÀ MAU" (as printed on the seeds' headers).

/**
 * Distributes the extra width of a justified line over its inter-word gaps. The last line of a
 * paragraph and single-word lines are left-aligned (extra = 0).
 */
export function computeJustifiedGap(line: WrappedLine, availableWidth: number, isLastLine: boolean): number {
  const gaps = line.words.length - 1;
  if (isLastLine || gaps <= 0) return 0;
  const extra = availableWidth - line.naturalWidth;
  return extra > 0 ? extra / gaps : 0;
}
