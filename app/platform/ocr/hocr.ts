// Tesseract's hOCR (issue 14): the words it read, with their boxes and confidences, in the coordinates of the
// page image it recognised (already turned upright by `--rotate-pages`, already straightened by `--deskew`).
// The OCR job takes both the page confidence and the positioned text from here, so that the searchable PDF is
// not parsed again only to get back the words tesseract has just written into it (ADR 0015). The positioned
// text follows tesseract's own PDF text layer (src/api/pdfrenderer.cpp): a word starts at its box's left edge,
// on its line's baseline (a nearly flat line is made flat), at the line's point size; widths are the boxes', and
// each item is marked a whole word (ink boxes may sit closer than a typeset space).
// Pure: text in, values out. hOCR is written by tesseract, never uploaded, and is read with linear regexes.
import { MIN_TEXT_LAYER_CHARS, type PositionedPage, type PositionedTextItem } from "#app/domain/shared/positioned-text";

export type HocrPage = {
  /** Mean word confidence (0–100) over words of two characters or more; 0 when there are none. */
  confidence: number;
  /** Resolution tesseract was told the image has (`scan_res`), 0 when absent. */
  dpi: number;
  /**
   * Skew of the page image in degrees: the median angle of tesseract's line baselines (it fits them on the page
   * as scanned, before any deskew). Null with fewer than three lines: too little text to tell.
   */
  skewDegrees: number | null;
  page: PositionedPage;
};

type Box = [number, number, number, number];

const ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };

function unescapeXml(text: string): string {
  return text.replace(/&(#x[0-9a-fA-F]+|#\d+|amp|lt|gt|quot|apos);/g, (_, e: string) =>
    e[0] === "#" ? String.fromCodePoint(e[1] === "x" ? Number.parseInt(e.slice(2), 16) : Number(e.slice(1))) : ENTITIES[e],
  );
}

function property(title: string, name: string): number[] | null {
  const m = new RegExp(`(?:^|;)\\s*${name}((?:\\s+-?[\\d.]+)+)`).exec(title);
  return m ? m[1].trim().split(/\s+/).map(Number) : null;
}

const MIN_LINES_FOR_SKEW = 3;

// Tesseract's default when a word has no usable size (pdfrenderer.cpp kDefaultFontsize).
const DEFAULT_POINT_SIZE = 8;

// Line classes tesseract 4/5 write: ordinary lines, and lines it classified as captions, headers or floating text.
const ELEMENT = /<(?:div|span)\s+class='(ocr_page|ocr_line|ocr_caption|ocr_header|ocr_textfloat|ocrx_word)'[^>]*?\stitle=(["'])(.*?)\2[^>]*>/g;

/** Reads one hOCR document (tesseract writes one per page image) into pages, in document order. */
export function parseHocr(html: string): HocrPage[] {
  const pages: HocrPage[] = [];
  let current: { box: Box; xRes: number; yRes: number; items: PositionedTextItem[]; confidences: number[]; slopes: number[] } | null = null;
  let line: { baselineAt: (x: number) => number; pointSize: number } | null = null;
  const finish = () => {
    if (!current) return;
    const { box, xRes, yRes, items, confidences, slopes } = current;
    const slope = slopes.length >= MIN_LINES_FOR_SKEW ? [...slopes].sort((a, b) => a - b)[Math.floor(slopes.length / 2)] : null;
    pages.push({
      confidence: confidences.length ? confidences.reduce((a, b) => a + b, 0) / confidences.length : 0,
      dpi: xRes,
      skewDegrees: slope === null ? null : (Math.atan(slope) * 180) / Math.PI,
      page: { pageNumber: pages.length + 1, width: ((box[2] - box[0]) * 72) / (xRes || 72), height: ((box[3] - box[1]) * 72) / (yRes || 72), items },
    });
  };
  for (const m of html.matchAll(ELEMENT)) {
    const kind = m[1];
    const title = m[3];
    const box = (property(title, "bbox") ?? [0, 0, 0, 0]) as Box;
    if (kind === "ocr_page") {
      finish();
      const res = property(title, "scan_res");
      current = { box, xRes: res?.[0] ?? 0, yRes: res?.[1] ?? res?.[0] ?? 0, items: [], confidences: [], slopes: [] };
      line = null;
    } else if (kind !== "ocrx_word") {
      if (!current) continue;
      const yRes = current.yRes || 72;
      // hOCR baseline: slope and offset from the bottom-left corner of the line's box.
      const baseline = property(title, "baseline");
      const [slope, offset] = baseline ?? [0, 0];
      if (baseline) current.slopes.push(slope);
      const y1 = box[3] + offset;
      const y2 = y1 + slope * (box[2] - box[0]);
      // pdfrenderer.cpp ClipBaseline: a rise under 2 points over a run over 2 points is drawn flat.
      const isFlat = Math.abs(y2 - y1) * 72 < 2 * yRes && 2 * yRes < (box[2] - box[0]) * 72;
      const xSize = property(title, "x_size")?.[0] ?? 0;
      const pointSize = Math.round((xSize * 72) / yRes);
      line = {
        baselineAt: (x) => (isFlat ? Math.trunc((y1 + y2) / 2) : y1 + slope * (x - box[0])),
        pointSize: pointSize > 0 ? pointSize : DEFAULT_POINT_SIZE,
      };
    } else {
      if (!current) continue;
      const end = html.indexOf("</span>", m.index + m[0].length);
      const raw = html.slice(m.index + m[0].length, end < 0 ? undefined : end);
      const str = unescapeXml(raw.replace(/<[^>]*>/g, "")).normalize("NFC");
      const confidence = property(title, "x_wconf")?.[0];
      if (confidence !== undefined && str.trim().length >= 2) current.confidences.push(confidence);
      if (str.trim() === "") continue;
      const xRes = current.xRes || 72;
      const yRes = current.yRes || 72;
      const baseline = line ? line.baselineAt(box[0]) : box[3];
      current.items.push({
        str,
        x: ((box[0] - current.box[0]) * 72) / xRes,
        y: ((baseline - current.box[1]) * 72) / yRes,
        width: ((box[2] - box[0]) * 72) / xRes,
        height: line?.pointSize ?? DEFAULT_POINT_SIZE,
        isWholeWord: true,
      });
    }
  }
  finish();
  return pages;
}

/** Whether recognised text is enough to read fields from (the same rule as a PDF's text layer). */
export function hasEnoughText(text: string): boolean {
  return (text.match(/[\p{L}\p{N}]/gu)?.length ?? 0) >= MIN_TEXT_LAYER_CHARS;
}
