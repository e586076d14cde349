// Composes an outgoing administrative document as PDF, laid out per Decree 30/2020/NĐ-CP Phụ lục I
// (thể thức và kỹ thuật trình bày) with the bundled Tinos font (metric-compatible with Times New Roman,
// full Vietnamese coverage, SIL OFL).
//
// The number ("Số: …") and the date line are NOT printed: they are empty AcroForm text fields that the
// clerk fills at issue time, in the same incremental revision as the organisation's signature
// (signing.md §1.6 (a)). Writing them into the page content after the leader has signed would be a
// page modification that invalidates the leader's signature for any validator that analyses changes.

import fontkit from "@pdf-lib/fontkit";
import {
  PDFDocument,
  PDFFont,
  PDFName,
  PDFOperator,
  PDFOperatorNames,
  PDFPage,
  PDFRef,
  PDFString,
  beginMarkedContent,
  beginText,
  endMarkedContent,
  endText,
  rgb,
  setFillingRgbColor,
  setFontAndSize,
  setTextMatrix,
  showText,
  PDFHexString,
} from "pdf-lib";
import {
  buildAuthorityLines,
  classifyParagraph,
  computeJustifiedGap,
  formatRecipientLines,
  formatSummary,
  getUrgencyMark,
  normalizeAddressees,
  resolveDocumentTemplate,
  splitBodyParagraphs,
  splitOrganizationName,
  toVietnameseUpperCase,
  tokenizeSpans,
  wrapTokens,
  type DocumentTemplate,
  type DocumentUrgency,
  type FontStyle,
  type SigningAuthority,
  type TextSpan,
  type WrappedLine,
} from "#documents/composer/layout";
import { loadTinosFonts } from "#documents/fonts/tinos";

// pdf-lib does not export its Fontkit interface from the package root.
type Fontkit = Parameters<PDFDocument["registerFontkit"]>[0];

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

// Page geometry, Phụ lục I: A4; top and bottom margins 20–25 mm, left 30–35 mm, right 15–20 mm.
const MM = 72 / 25.4;
const PAGE_WIDTH = 595.28;
const PAGE_HEIGHT = 841.89;
const MARGIN = { top: 20 * MM, bottom: 20 * MM, left: 30 * MM, right: 15 * MM };
const CONTENT_LEFT = MARGIN.left;
const CONTENT_RIGHT = PAGE_WIDTH - MARGIN.right;
const CONTENT_WIDTH = CONTENT_RIGHT - CONTENT_LEFT;
// Header grid (ô 1–4): the organ name and "Số" on the left, the national title and date line on the
// right, as in the two-column table of the Phụ lục III samples.
const LEFT_COLUMN = { x: CONTENT_LEFT, width: 64 * MM };
const RIGHT_COLUMN = {
  x: CONTENT_LEFT + 64 * MM,
  width: CONTENT_RIGHT - CONTENT_LEFT - 64 * MM,
};

// Font sizes (Phụ lục I): quốc hiệu 12–13, tiêu ngữ 13–14, organ names 12–13, tên loại and trích yếu
// 13–14, body 13–14, công văn trích yếu 12–13, "Nơi nhận:" 12, its list 11, signature block 13–14.
const SIZE = {
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
const ASCENT = 0.891;
const BODY_LINE_HEIGHT = 17.5;
// Phụ lục I: spacing between paragraphs at least 6 pt; first-line indent 1 cm or 1.27 cm.
const PARAGRAPH_SPACING = 6;
const FIRST_LINE_INDENT = 10 * MM;
const SIGNATURE_SPACE = 26 * MM;
const RULE_THICKNESS = 0.6;
const SAMPLE_NUMBER_SYMBOL_WIDTH_EM = 6.2;

/**
 * The four Tinos faces, padded against the fontkit short-loca bug and without layout tables (the one
 * font module, documents/fonts/tinos.ts). The same byte arrays every call, so parsed fonts cache by identity.
 */
export function loadComposerFonts(): Promise<ComposerFonts> {
  return Promise.resolve().then(() => loadTinosFonts());
}

// pdf-lib re-parses the font file on every embed (5–15 ms per face); each embed creates its own
// subset, so one parsed fontkit object per face can serve every document, with one caveat: fontkit
// caches glyph objects together with the code points they were first looked up by, and pdf-lib
// builds the ToUnicode CMap from those. A glyph first created as a composite's component (e.g. "U"
// inside "Ủ" while a subset is written) would keep no code points, and later documents would lose
// that letter in text extraction ("Q YẾT ĐỊNH"). Looking every mapped character up once, in code
// point order, right after parsing gives each glyph its (lowest) code point before anything else.
const parsedFonts = new WeakMap<Uint8Array, ReturnType<Fontkit["create"]>>();
const cachingFontkit: Fontkit = {
  create(buffer, postscriptName) {
    if (postscriptName) return fontkit.create(buffer, postscriptName);
    let parsed = parsedFonts.get(buffer);
    if (!parsed) {
      parsed = fontkit.create(buffer);
      for (const codePoint of [...parsed.characterSet].sort((a, b) => a - b)) {
        parsed.glyphForCodePoint(codePoint);
      }
      parsedFonts.set(buffer, parsed);
    }
    return parsed;
  },
};

// Every character the clerk may type into the fields: printable ASCII and the Vietnamese letters.
// Encoding them once puts their widths (/W) and ToUnicode entries into the field fonts, so a tool
// that later builds the field appearance from /DR gets correct widths and extractable text.
const FIELD_GLYPH_COVERAGE = (() => {
  const ranges: [number, number][] = [
    [0x20, 0x7e],
    [0xc0, 0xc3],
    [0xc8, 0xca],
    [0xcc, 0xcd],
    [0xd2, 0xd5],
    [0xd9, 0xda],
    [0xdd, 0xdd],
    [0xe0, 0xe3],
    [0xe8, 0xea],
    [0xec, 0xed],
    [0xf2, 0xf5],
    [0xf9, 0xfa],
    [0xfd, 0xfd],
    [0x102, 0x103],
    [0x110, 0x111],
    [0x128, 0x129],
    [0x168, 0x169],
    [0x1a0, 0x1a1],
    [0x1af, 0x1b0],
    [0x1ea0, 0x1ef9],
  ];
  const characters: string[] = [];
  for (const [from, to] of ranges) {
    for (let code = from; code <= to; code++)
      characters.push(String.fromCodePoint(code));
  }
  // Spaces between characters keep the shaper from substituting ligatures.
  return characters.join(" ");
})();

type FontSet = Record<FontStyle, PDFFont>;

type Canvas = {
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

type Word = { text: string; style: FontStyle };

function measure(
  canvas: Canvas,
  text: string,
  style: FontStyle,
  size: number
): number {
  const key = `${style}\u0000${text}`;
  let width = canvas.unitWidths.get(key);
  if (width === undefined) {
    width = canvas.fonts[style].widthOfTextAtSize(text, 1000);
    canvas.unitWidths.set(key, width);
  }
  return (width * size) / 1000;
}

function encodeWord(
  canvas: Canvas,
  text: string,
  style: FontStyle
): PDFHexString {
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
const unitWidthCaches = new WeakMap<Uint8Array, Map<string, number>>();
const MAX_CACHED_WIDTHS = 50_000;

function getUnitWidthCache(fontBytes: ComposerFonts): Map<string, number> {
  let cache = unitWidthCaches.get(fontBytes.regular);
  if (!cache || cache.size > MAX_CACHED_WIDTHS) {
    cache = new Map();
    unitWidthCaches.set(fontBytes.regular, cache);
  }
  return cache;
}

function addPage(canvas: Canvas): void {
  if (canvas.pages.length >= COMPOSE_LIMITS.maxPages) {
    throw new ComposeLimitError("TOO_MANY_PAGES", `Văn bản soạn thảo dài quá ${COMPOSE_LIMITS.maxPages} trang; hãy rút gọn nội dung hoặc đưa phần dài vào phụ lục (tải lên tệp PDF).`);
  }
  canvas.page = canvas.doc.addPage([PAGE_WIDTH, PAGE_HEIGHT]);
  canvas.pages.push(canvas.page);
  canvas.y = PAGE_HEIGHT - MARGIN.top;
}

/** Starts a new page unless `height` still fits above the bottom margin. */
function ensureSpace(canvas: Canvas, height: number): void {
  if (canvas.y - height < MARGIN.bottom) addPage(canvas);
}

function fontKey(canvas: Canvas, page: PDFPage, style: FontStyle): PDFName {
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
function drawWords(
  canvas: Canvas,
  page: PDFPage,
  words: Word[],
  x: number,
  baseline: number,
  size: number,
  extraGap = 0,
  color: [number, number, number] = [0, 0, 0]
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
    operators.push(
      setFontAndSize(fontKey(canvas, page, style), size),
      setTextMatrix(1, 0, 0, 1, runStart, baseline)
    );
    if (parts.length === 1) {
      operators.push(showText(parts[0] as PDFHexString));
    } else {
      operators.push(
        PDFOperator.of(PDFOperatorNames.ShowTextAdjusted, [
          canvas.doc.context.obj(parts),
        ])
      );
    }
  }
  operators.push(endText());
  page.pushOperators(...operators);
  return cursor;
}

function toWords(text: string, style: FontStyle): Word[] {
  return tokenizeSpans([{ text, style }]);
}

function lineWidth(canvas: Canvas, words: Word[], size: number): number {
  return words.reduce(
    (total, word, index) =>
      total +
      measure(canvas, word.text, word.style, size) +
      (index < words.length - 1 ? measure(canvas, " ", word.style, size) : 0),
    0
  );
}

function drawCentered(
  canvas: Canvas,
  page: PDFPage,
  text: string,
  style: FontStyle,
  size: number,
  column: { x: number; width: number },
  baseline: number
): number {
  const words = toWords(text, style);
  const width = lineWidth(canvas, words, size);
  drawWords(
    canvas,
    page,
    words,
    column.x + (column.width - width) / 2,
    baseline,
    size
  );
  return width;
}

function drawRule(
  page: PDFPage,
  centerX: number,
  y: number,
  length: number
): void {
  page.drawLine({
    start: { x: centerX - length / 2, y },
    end: { x: centerX + length / 2, y },
    thickness: RULE_THICKNESS,
    color: rgb(0, 0, 0),
  });
}

function wrapLines(
  canvas: Canvas,
  spans: TextSpan[],
  size: number,
  firstWidth: number,
  otherWidth = firstWidth
): WrappedLine[] {
  return wrapTokens(
    tokenizeSpans(spans),
    (text, style) => measure(canvas, text, style, size),
    firstWidth,
    otherWidth
  );
}

type HeaderResult = {
  bottom: number;
  numberField: PlacedField;
  dateField: PlacedField;
};

/** Ô 1–4 (+ 5b for công văn, 10b urgency): the two-column header of page 1. */
function drawHeader(
  canvas: Canvas,
  input: ComposeDocumentInput,
  template: DocumentTemplate
): HeaderResult {
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
        leftTextWidth
      )
    : [];
  for (const line of parentLines) {
    drawCentered(
      canvas,
      page,
      line,
      "regular",
      SIZE.organization,
      LEFT_COLUMN,
      baseline
    );
    baseline -= headerLineHeight;
  }
  const organizationLines = splitOrganizationName(
    toVietnameseUpperCase(input.organizationName.trim()),
    (text) => measure(canvas, text, "bold", SIZE.organization),
    leftTextWidth
  );
  let widestOrganizationLine = 0;
  for (const line of organizationLines) {
    const width = drawCentered(
      canvas,
      page,
      line,
      "bold",
      SIZE.organization,
      LEFT_COLUMN,
      baseline
    );
    widestOrganizationLine = Math.max(widestOrganizationLine, width);
    baseline -= headerLineHeight;
  }
  const organizationRuleY = baseline + headerLineHeight - 7;
  drawRule(
    page,
    leftCenter,
    organizationRuleY,
    Math.max(40, widestOrganizationLine * 0.4)
  );

  // Right: national title (upper, bold) and motto (bold) with a rule as long as the motto (ô 1).
  const titleBaseline = top - SIZE.organization * ASCENT;
  drawCentered(
    canvas,
    page,
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
    "bold",
    SIZE.nationalTitle,
    RIGHT_COLUMN,
    titleBaseline
  );
  const mottoBaseline = titleBaseline - headerLineHeight;
  const mottoWidth = drawCentered(
    canvas,
    page,
    "Độc lập - Tự do - Hạnh phúc",
    "bold",
    SIZE.motto,
    RIGHT_COLUMN,
    mottoBaseline
  );
  const mottoRuleY = mottoBaseline - 6;
  drawRule(page, rightCenter, mottoRuleY, mottoWidth);

  // "Số:" (ô 3) and the date line (ô 4) share a baseline. The values are fields (see file header).
  const numberBaseline = Math.min(organizationRuleY, mottoRuleY) - 19;
  const label = "Số: ";
  const labelWidth = measure(canvas, label, "regular", SIZE.numberLabel);
  // Centre "Số: " plus a typical value ("172/KH-UBND") in the column, as a filled-in line would be.
  const sampleWidth = SAMPLE_NUMBER_SYMBOL_WIDTH_EM * SIZE.numberLabel;
  const labelX = leftCenter - (labelWidth + sampleWidth) / 2;
  drawWords(
    canvas,
    page,
    [{ text: "Số:", style: "regular" }],
    labelX,
    numberBaseline,
    SIZE.numberLabel
  );
  const fieldHeight = SIZE.dateLine * 1.3;
  const fieldBottom = numberBaseline - SIZE.dateLine * 0.3;
  const numberField: PlacedField = {
    name: NUMBER_SYMBOL_FIELD_NAME,
    page: 0,
    rect: [
      labelX + labelWidth,
      fieldBottom,
      LEFT_COLUMN.x + LEFT_COLUMN.width,
      fieldBottom + fieldHeight,
    ],
    baseline: numberBaseline,
    fontSize: SIZE.numberLabel,
  };
  const dateField: PlacedField = {
    name: DATE_LINE_FIELD_NAME,
    page: 0,
    rect: [
      RIGHT_COLUMN.x,
      fieldBottom,
      RIGHT_COLUMN.x + RIGHT_COLUMN.width,
      fieldBottom + fieldHeight,
    ],
    baseline: numberBaseline,
    fontSize: SIZE.dateLine,
  };

  let leftBottom = numberBaseline - SIZE.numberLabel * 0.25;
  // Công văn: the summary after "V/v", centred under the number (ô 5b).
  if (template === "official-letter") {
    const lines = wrapLines(
      canvas,
      [{ text: formatSummary(template, input.summary), style: "regular" }],
      SIZE.letterSummary,
      leftTextWidth
    );
    let summaryBaseline = numberBaseline - 17;
    for (const line of lines) {
      const x = LEFT_COLUMN.x + (LEFT_COLUMN.width - line.naturalWidth) / 2;
      drawWords(
        canvas,
        page,
        line.words,
        x,
        summaryBaseline,
        SIZE.letterSummary
      );
      summaryBaseline -= SIZE.letterSummary * 1.2;
    }
    leftBottom =
      summaryBaseline + SIZE.letterSummary * 1.2 - SIZE.letterSummary * 0.25;
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
    drawWords(
      canvas,
      page,
      [{ text: urgency.label, style: "bold" }],
      leftCenter - textWidth / 2,
      urgencyBaseline,
      SIZE.urgency,
      0,
      red
    );
    leftBottom = boxTop - boxHeight;
  }

  return { bottom: Math.min(leftBottom, fieldBottom), numberField, dateField };
}

/** Ô 9a: "Kính gửi:" with one addressee on the same line, or several as "- …" lines after it. */
function drawAddressees(canvas: Canvas, addressees: string[]): void {
  if (addressees.length === 0) return;
  const size = SIZE.addressees;
  const lineHeight = BODY_LINE_HEIGHT;
  const label = "Kính gửi:";
  const labelWidth = measure(canvas, `${label} `, "regular", size);
  canvas.y -= 8;
  if (addressees.length === 1) {
    const lines = wrapLines(
      canvas,
      [{ text: `${label} ${addressees[0]}`, style: "regular" }],
      size,
      CONTENT_WIDTH - 20 * MM
    );
    for (const line of lines) {
      ensureSpace(canvas, lineHeight);
      const x = CONTENT_LEFT + (CONTENT_WIDTH - line.naturalWidth) / 2;
      drawWords(
        canvas,
        canvas.page,
        line.words,
        x,
        canvas.y - size * ASCENT,
        size
      );
      canvas.y -= lineHeight;
    }
  } else {
    const items = addressees.map((addressee) =>
      addressee.startsWith("-") ? addressee : `- ${addressee}`
    );
    const widest = Math.max(
      ...items.map((item) => lineWidth(canvas, toWords(item, "regular"), size))
    );
    const blockWidth = Math.min(labelWidth + widest, CONTENT_WIDTH - 20 * MM);
    const labelX = Math.max(
      CONTENT_LEFT + 15 * MM,
      CONTENT_LEFT + (CONTENT_WIDTH - blockWidth) / 2
    );
    const itemX = labelX + labelWidth;
    const itemWidth = CONTENT_RIGHT - itemX;
    ensureSpace(canvas, lineHeight);
    drawWords(
      canvas,
      canvas.page,
      toWords(label, "regular"),
      labelX,
      canvas.y - size * ASCENT,
      size
    );
    for (const item of items) {
      for (const line of wrapLines(
        canvas,
        [{ text: item, style: "regular" }],
        size,
        itemWidth
      )) {
        ensureSpace(canvas, lineHeight);
        drawWords(
          canvas,
          canvas.page,
          line.words,
          itemX,
          canvas.y - size * ASCENT,
          size
        );
        canvas.y -= lineHeight;
      }
    }
  }
  canvas.y -= PARAGRAPH_SPACING;
}

/** Ô 5a: type name (upper case, bold) and summary (bold), with a short rule centred under them. */
function drawTitleBlock(
  canvas: Canvas,
  input: ComposeDocumentInput,
  template: DocumentTemplate
): void {
  const size = SIZE.title;
  const lineHeight = size * 1.25;
  const center = { x: CONTENT_LEFT, width: CONTENT_WIDTH };
  canvas.y -= 16;
  drawCentered(
    canvas,
    canvas.page,
    toVietnameseUpperCase(input.docType.name),
    "bold",
    size,
    center,
    canvas.y - size * ASCENT
  );
  canvas.y -= lineHeight;
  const summaryLines = wrapLines(
    canvas,
    [{ text: formatSummary(template, input.summary), style: "bold" }],
    size,
    CONTENT_WIDTH * 0.88
  );
  let widest = 0;
  for (const line of summaryLines) {
    drawWords(
      canvas,
      canvas.page,
      line.words,
      CONTENT_LEFT + (CONTENT_WIDTH - line.naturalWidth) / 2,
      canvas.y - size * ASCENT,
      size
    );
    widest = Math.max(widest, line.naturalWidth);
    canvas.y -= lineHeight;
  }
  drawRule(
    canvas.page,
    CONTENT_LEFT + CONTENT_WIDTH / 2,
    canvas.y + lineHeight - size * ASCENT - 9,
    Math.min(Math.max(60, widest / 3), 150)
  );
  canvas.y -= 14;

  // Mẫu 1.2: the issuing authority, centred in bold upper case, above the legal bases.
  if (template === "decision") {
    const authority = toVietnameseUpperCase(
      (input.issuingAuthority ?? input.organizationName).replace(
        /\s*\n\s*/g,
        " "
      )
    );
    for (const line of wrapLines(
      canvas,
      [{ text: authority, style: "bold" }],
      size,
      CONTENT_WIDTH * 0.9
    )) {
      drawWords(
        canvas,
        canvas.page,
        line.words,
        CONTENT_LEFT + (CONTENT_WIDTH - line.naturalWidth) / 2,
        canvas.y - size * ASCENT,
        size
      );
      canvas.y -= lineHeight;
    }
    canvas.y -= PARAGRAPH_SPACING;
  }
}

function drawParagraph(
  canvas: Canvas,
  spans: TextSpan[],
  options: {
    align: "justify" | "center";
    indentFirstLine: boolean;
    keepWithNext?: boolean;
  }
): void {
  const size = SIZE.body;
  const indent = options.indentFirstLine ? FIRST_LINE_INDENT : 0;
  const lines = wrapLines(
    canvas,
    spans,
    size,
    CONTENT_WIDTH - indent,
    CONTENT_WIDTH
  );
  // A heading never ends a page: keep it with the first line of what follows.
  if (options.keepWithNext)
    ensureSpace(canvas, lines.length * BODY_LINE_HEIGHT + BODY_LINE_HEIGHT);
  lines.forEach((line, index) => {
    ensureSpace(canvas, BODY_LINE_HEIGHT);
    const baseline = canvas.y - size * ASCENT - (BODY_LINE_HEIGHT - size) / 2;
    if (options.align === "center") {
      drawWords(
        canvas,
        canvas.page,
        line.words,
        CONTENT_LEFT + (CONTENT_WIDTH - line.naturalWidth) / 2,
        baseline,
        size
      );
    } else {
      const x = CONTENT_LEFT + (index === 0 ? indent : 0);
      const available = CONTENT_WIDTH - (index === 0 ? indent : 0);
      const gap = computeJustifiedGap(
        line,
        available,
        index === lines.length - 1
      );
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
      { align: "justify", indentFirstLine: true }
    );
  }
}

/** Ô 6: the body, one paragraph per line, justified with a 1 cm first-line indent. */
function drawBody(
  canvas: Canvas,
  input: ComposeDocumentInput,
  template: DocumentTemplate
): void {
  canvas.y -= 4;
  const paragraphs = splitBodyParagraphs(input.body);
  const details = template === "invitation" ? input.meetingDetails : undefined;
  if (details && !paragraphs.includes(MEETING_MARKER))
    drawMeetingDetails(canvas, details);
  for (const paragraph of paragraphs) {
    if (paragraph === MEETING_MARKER) {
      if (details) drawMeetingDetails(canvas, details);
      continue;
    }
    const format = classifyParagraph(paragraph, template);
    drawParagraph(canvas, format.spans, {
      align: format.align,
      indentFirstLine: format.indentFirstLine,
      keepWithNext:
        format.kind === "section-heading" ||
        format.kind === "numbered-heading" ||
        format.kind === "decision-marker",
    });
  }
}

/**
 * Ô 7a–7c (authority, title, signature space, name) on the right and ô 9b (Nơi nhận) on the left,
 * side by side and kept on one page.
 */
function drawClosing(canvas: Canvas, input: ComposeDocumentInput): PlacedRect {
  const signatureSize = SIZE.signature;
  const signatureLineHeight = signatureSize * 1.25;
  const authorityLines = buildAuthorityLines({
    signingAuthority: input.signingAuthority,
    authorityLine: input.authorityLine,
    organizationName: input.organizationName,
    signerTitle: input.signerTitle,
  });
  const titleLines = [
    ...authorityLines,
    toVietnameseUpperCase(input.signerTitle.trim()),
  ];
  const signatureHeight =
    titleLines.length * signatureLineHeight +
    SIGNATURE_SPACE +
    signatureLineHeight;

  const recipientColumnWidth = RIGHT_COLUMN.x - CONTENT_LEFT - 2;
  const recipientLineHeight = SIZE.recipients * 1.15;
  const recipientLabelHeight = SIZE.recipientsLabel * 1.3;
  const dashWidth = measure(canvas, "- ", "regular", SIZE.recipients);
  const recipientLines = formatRecipientLines(
    input.recipients,
    input.archiveLine
  ).map((item) =>
    wrapLines(
      canvas,
      [{ text: item, style: "regular" }],
      SIZE.recipients,
      recipientColumnWidth,
      recipientColumnWidth - dashWidth
    )
  );
  const recipientHeight =
    recipientLabelHeight + recipientLines.flat().length * recipientLineHeight;

  canvas.y -= 10;
  ensureSpace(canvas, Math.max(signatureHeight, recipientHeight));
  const page = canvas.page;
  const top = canvas.y;

  let baseline = top - signatureSize * ASCENT;
  for (const line of titleLines) {
    drawCentered(
      canvas,
      page,
      line,
      "bold",
      signatureSize,
      RIGHT_COLUMN,
      baseline
    );
    baseline -= signatureLineHeight;
  }
  const titleBottom = baseline + signatureLineHeight - signatureSize * 0.25;
  const nameBaseline = baseline - SIGNATURE_SPACE;
  drawCentered(
    canvas,
    page,
    input.signerName.trim(),
    "bold",
    signatureSize,
    RIGHT_COLUMN,
    nameBaseline
  );
  const center = RIGHT_COLUMN.x + RIGHT_COLUMN.width / 2;
  const signatureWidth = 62 * MM;
  const signatureRect: PdfRect = [
    center - signatureWidth / 2,
    nameBaseline + signatureSize * ASCENT + 3,
    center + signatureWidth / 2,
    titleBottom - 2,
  ];

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
    SIZE.recipientsLabel
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
        SIZE.recipients
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
function drawPageNumbers(canvas: Canvas): void {
  canvas.pages.forEach((page, index) => {
    if (index === 0) return;
    const baseline = PAGE_HEIGHT - MARGIN.top / 2 - SIZE.pageNumber * 0.35;
    drawCentered(
      canvas,
      page,
      String(index + 1),
      "regular",
      SIZE.pageNumber,
      { x: CONTENT_LEFT, width: CONTENT_WIDTH },
      baseline
    );
  });
}

function round2(value: number): number {
  return Math.round(value * 100) / 100;
}

/**
 * The two clerk fields: text fields with their own widget, no border or background, not read-only,
 * empty /V, a /DA naming a Tinos face that is registered in /AcroForm /DR, and /Q set up front (a
 * later fill that adds /Q is a change some validators flag — signing.md §1.6). No NeedAppearances:
 * the signing library writes /V and /AP itself in the organisation's revision.
 */
function addClerkFields(canvas: Canvas, fields: PlacedField[]): void {
  const { doc } = canvas;
  const context = doc.context;
  const regular = canvas.fonts.regular;
  const italic = canvas.fonts.italic;
  regular.encodeText(FIELD_GLYPH_COVERAGE);
  italic.encodeText(FIELD_GLYPH_COVERAGE);

  const fieldRefs: PDFRef[] = [];
  for (const field of fields) {
    const page = canvas.pages[field.page];
    const isDate = field.name === DATE_LINE_FIELD_NAME;
    const fontName = isDate
      ? FIELD_FONT_RESOURCE_NAMES.italic
      : FIELD_FONT_RESOURCE_NAMES.regular;
    const defaultAppearance = `/${fontName} ${field.fontSize} Tf 0 g`;
    const rect = field.rect.map(round2);
    const width = rect[2] - rect[0];
    const height = rect[3] - rect[1];
    // An empty appearance (marked content only) so viewers and PDF/A checks see a valid widget.
    const emptyAppearance = context.formXObject(
      [beginMarkedContent("Tx"), endMarkedContent()],
      {
        BBox: [0, 0, width, height],
        Resources: { Font: { [fontName]: isDate ? italic.ref : regular.ref } },
      }
    );
    const fieldDict = context.obj({
      Type: "Annot",
      Subtype: "Widget",
      FT: "Tx",
      T: PDFString.of(field.name),
      // TU is a text string: PDFString is PDFDocEncoding, which has no Vietnamese letters.
      TU: PDFHexString.fromText(
        isDate ? "Địa danh và ngày tháng năm ban hành" : "Số, ký hiệu văn bản"
      ),
      Ff: 0,
      DA: PDFString.of(defaultAppearance),
      Q: isDate ? 1 : 0,
      Rect: rect,
      F: 4,
      P: page.ref,
      Border: [0, 0, 0],
      BS: { W: 0 },
      MK: {},
      AP: { N: context.register(emptyAppearance) },
    });
    const ref = context.register(fieldDict);
    page.node.addAnnot(ref);
    fieldRefs.push(ref);
  }

  const acroForm = context.obj({
    Fields: fieldRefs,
    DA: PDFString.of(
      `/${FIELD_FONT_RESOURCE_NAMES.regular} ${SIZE.numberLabel} Tf 0 g`
    ),
    DR: {
      Font: {
        [FIELD_FONT_RESOURCE_NAMES.regular]: regular.ref,
        [FIELD_FONT_RESOURCE_NAMES.italic]: italic.ref,
      },
    },
  });
  doc.catalog.set(PDFName.of("AcroForm"), context.register(acroForm));
}

/**
 * Composes the document. Fonts default to the cached Tinos faces. The result carries the field and
 * signature rectangles so the signing step can place the leader's and the clerk's appearances.
 */
export async function composeDocumentPdf(
  input: ComposeDocumentInput,
  fonts?: ComposerFonts
): Promise<ComposedDocument> {
  if (!input.organizationName.trim())
    throw new Error("organizationName is required");
  if (!input.signerName.trim() || !input.signerTitle.trim())
    throw new Error("signer is required");
  const textLength = input.body.length + input.summary.length + (input.recipientsHeading ?? []).join("").length + input.recipients.join("").length;
  if (textLength > COMPOSE_LIMITS.maxBodyChars) throw new ComposeLimitError("BODY_TOO_LONG", bodyTooLongMessage());
  const fontBytes = fonts ?? (await loadComposerFonts());
  const doc = await PDFDocument.create();
  doc.registerFontkit(cachingFontkit);
  const [regular, bold, italic, boldItalic] = await Promise.all([
    doc.embedFont(fontBytes.regular, { subset: true }),
    doc.embedFont(fontBytes.bold, { subset: true }),
    doc.embedFont(fontBytes.italic, { subset: true }),
    doc.embedFont(fontBytes.boldItalic, { subset: true }),
  ]);
  const template = resolveDocumentTemplate(input.docType);
  const canvas: Canvas = {
    doc,
    fonts: { regular, bold, italic, boldItalic },
    pages: [],
    fontKeys: new Map(),
    unitWidths: getUnitWidthCache(fontBytes),
    encodedWords: new Map(),
    page: undefined as unknown as PDFPage,
    y: 0,
  };
  addPage(canvas);

  const header = drawHeader(canvas, input, template);
  canvas.y = header.bottom - 6;
  const addressees = normalizeAddressees(input.recipientsHeading);
  if (template === "official-letter") {
    canvas.y -= 6;
    drawAddressees(canvas, addressees);
  } else {
    drawTitleBlock(canvas, input, template);
    drawAddressees(canvas, addressees);
  }
  drawBody(canvas, input, template);
  const signatureBlock = drawClosing(canvas, input);
  drawPageNumbers(canvas);
  addClerkFields(canvas, [header.numberField, header.dateField]);

  const title =
    template === "official-letter"
      ? formatSummary(template, input.summary)
      : `${input.docType.name} ${formatSummary(template, input.summary)}`;
  doc.setTitle(title);
  doc.setSubject(input.docType.name);
  doc.setAuthor(input.organizationName.replace(/\s*\n\s*/g, " "));
  doc.setCreator("Văn phòng điện tử");
  doc.setLanguage("vi-VN");

  // A classic xref table, no object streams: the signing library appends incremental updates and
  // needs every object at a byte offset (signing.md §1.2–1.3).
  const pdf = await doc.save({
    useObjectStreams: false,
    updateFieldAppearances: false,
  });
  const roundField = (field: PlacedField): PlacedField => ({
    ...field,
    rect: field.rect.map(round2) as PdfRect,
    baseline: round2(field.baseline),
  });
  return {
    pdf,
    fields: {
      numberSymbol: roundField(header.numberField),
      dateLine: roundField(header.dateField),
    },
    signatureBlock,
    pageCount: canvas.pages.length,
  };
}
