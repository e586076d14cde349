// Text positions through pdfjs-dist (legacy build: the modern build needs DOMMatrix, feasibility.md pitfall 3).
// Used to place the leader's signature under the signer's title / above the name, and stamps next to "Số:".
import type { PDFDocumentProxy } from "pdfjs-dist/legacy/build/pdf.mjs";
import { findFreeSpot, rectsIntersect, sealSquareBeside } from "./free-space";

export type Rect = [number, number, number, number];

export type TextLine = {
  /** 0-based page index. */
  page: number;
  text: string;
  x1: number;
  x2: number;
  /** Baseline. */
  y: number;
  height: number;
  items: Array<{ str: string; x: number; y: number; width: number; height: number }>;
  /** x of each character of `text` (pdfjs splits words at accented letters, so lines are rebuilt by position). */
  charX: number[];
};

/** width × height: the visible box (CropBox ∩ MediaBox) as in user space, before /Rotate; lines relative to its origin. */
export type PageText = { page: number; width: number; height: number; lines: TextLine[] };

async function openWithPdfjs(pdf: Uint8Array): Promise<PDFDocumentProxy> {
  const { getDocument } = await import("pdfjs-dist/legacy/build/pdf.mjs");
  // pdfjs transfers (detaches) the buffer it is given: always hand it a copy.
  return getDocument({ data: new Uint8Array(pdf), isEvalSupported: false, disableFontFace: true, useSystemFonts: false, verbosity: 0 }).promise;
}

function normalize(text: string): string {
  return text.normalize("NFC").replace(/\s+/g, " ").trim().toLocaleUpperCase("vi");
}

/** Case-insensitive search in a line; returns the x range of the match. */
function findInLine(line: TextLine, wanted: string): { start: number; end: number } | null {
  const hay = line.text.toLocaleUpperCase("vi");
  const at = hay.indexOf(wanted);
  if (at < 0) return null;
  return { start: line.charX[at], end: line.charX[Math.min(at + wanted.length, line.charX.length - 1)] };
}

async function readPage(doc: PDFDocumentProxy, index: number): Promise<PageText> {
  const page = await doc.getPage(index + 1);
  const viewport = page.getViewport({ scale: 1 });
  const [vx, vy] = [page.view[0], page.view[1]];
  const content = await page.getTextContent();
  const lines: TextLine[] = [];
  for (const raw of content.items) {
    if (!("str" in raw) || !raw.str.trim()) continue;
    const x = raw.transform[4] - vx;
    const y = raw.transform[5] - vy;
    const h = raw.height || Math.abs(raw.transform[3]) || 10;
    const item = { str: raw.str, x, y, width: raw.width, height: h };
    const line = lines.find((l) => Math.abs(l.y - y) < h * 0.4);
    if (line) {
      line.items.push(item);
      line.x1 = Math.min(line.x1, x);
      line.x2 = Math.max(line.x2, x + raw.width);
      line.height = Math.max(line.height, h);
    } else lines.push({ page: index, text: "", x1: x, x2: x + raw.width, y, height: h, items: [item], charX: [] });
  }
  for (const line of lines) {
    line.items.sort((a, b) => a.x - b.x);
    let text = "";
    const charX: number[] = [];
    let prevEnd: number | undefined;
    for (const it of line.items) {
      const str = it.str.normalize("NFC");
      // A real gap between items is a space; pdfjs also splits inside words ("S" "ố" ":").
      if (prevEnd !== undefined && it.x - prevEnd > it.height * 0.2 && !text.endsWith(" ") && !str.startsWith(" ")) {
        text += " ";
        charX.push(prevEnd);
      }
      for (let k = 0; k < str.length; k++) charX.push(it.x + (it.width * k) / Math.max(1, str.length));
      text += str;
      prevEnd = it.x + it.width;
    }
    charX.push(prevEnd ?? line.x2);
    line.text = text;
    line.charX = charX;
  }
  lines.sort((a, b) => b.y - a.y);
  page.cleanup();
  // The visible box's own size, unturned: text positions are in (unrotated) user space relative to its origin.
  const turned = ((page.rotate % 360) + 360) % 180 === 90;
  return { page: index, width: turned ? viewport.height : viewport.width, height: turned ? viewport.width : viewport.height, lines };
}

/** Text lines of every page (or of the given pages), in reading order. */
export async function extractTextLines(pdf: Uint8Array, pages?: number[]): Promise<PageText[]> {
  const doc = await openWithPdfjs(pdf);
  try {
    const indexes = pages ?? Array.from({ length: doc.numPages }, (_, i) => i);
    const out: PageText[] = [];
    for (const i of indexes) if (i >= 0 && i < doc.numPages) out.push(await readPage(doc, i));
    return out;
  } finally {
    await doc.destroy();
  }
}

export type FindSignatureBlockOptions = {
  /** Signer's title as printed above the signature, e.g. "PHÓ CHỦ TỊCH" (case-insensitive). */
  title?: string;
  /** Signer's name as printed below the signature. */
  name?: string;
  /** Size of the block to return (default 170 × 70 pt). */
  width?: number;
  height?: number;
  /** Pages searched, from the last one backwards (default 3: the signature block closes the document). */
  maxPages?: number;
};

export type SignatureBlock = {
  page: number;
  rect: Rect;
  found: "title" | "name" | "fallback";
  /** The signer's name is printed below the block (so the appearance need not repeat it). */
  nameFound: boolean;
};

/** Thẩm quyền ký (Decree 30 Art. 13, Phụ lục I ô 7a): TM., KT., TL., TUQ., Q. before the collective or the title. */
const COMPETENCE = /(?:^|\s)(TM|KT|TL|TUQ|Q)\s*\./u;

/**
 * The line that heads the signature block among the lines printing the signer's title. The title is printed twice
 * in some documents: in the heading of a decision ("CHỦ TỊCH ỦY BAN NHÂN DÂN THÀNH PHỐ HÀ NỘI", above the "Căn
 * cứ…" lines) and in the signature block, which Phụ lục I puts after the content, bottom right, with the competence
 * line (TM./KT./TL./TUQ./Q.) on the title's line or directly above it. So: the LAST such line with a competence
 * line, else the last one with no full-width body line below it (body text after a title is a heading, not a
 * signature block); null when every match is a heading.
 */
function signatureTitleLine(page: PageText, title: string): { line: TextLine; from: number; to: number } | null {
  const matches = page.lines.filter((l) => findInLine(l, title));
  const withCompetence = (line: TextLine) => {
    const idx = page.lines.indexOf(line);
    const above = page.lines[idx - 1];
    const upper = line.text.toLocaleUpperCase("vi");
    const sameLine = COMPETENCE.exec(upper);
    if (sameLine) return { from: line.charX[sameLine.index + sameLine[0].indexOf(sameLine[1])] };
    if (above && above.y - line.y < line.height * 2.5 && COMPETENCE.test(above.text.toLocaleUpperCase("vi"))) return { from: undefined };
    return null;
  };
  for (let k = matches.length - 1; k >= 0; k--) {
    const competence = withCompetence(matches[k]);
    if (!competence) continue;
    const match = findInLine(matches[k], title)!;
    // A merged line ("Nơi nhận: TM. ỦY BAN NHÂN DÂN CHỦ TỊCH"): the block spans the competence words to the title.
    return { line: matches[k], from: Math.min(competence.from ?? match.start, match.start), to: match.end };
  }
  for (let k = matches.length - 1; k >= 0; k--) {
    const line = matches[k];
    const bodyBelow = page.lines.some((l) => l.y < line.y && l.x2 - l.x1 > page.width * 0.7);
    if (bodyBelow) continue;
    const match = findInLine(line, title)!;
    return { line, from: match.start, to: match.end };
  }
  return null;
}

/** A run of a line's items with no wide gap inside: one column's words ("Số: 890/QĐ-UBND" apart from the motto). */
export type TextSegment = { text: string; rect: Rect; height: number; line: TextLine };

/**
 * The line cut where two items are more than `gap` line heights apart. pdfjs puts on one line everything on the
 * same baseline, and the header's two columns (or the "Nơi nhận" list and the signature block) share baselines.
 */
export function lineSegments(line: TextLine, gap = 2): TextSegment[] {
  const out: TextSegment[] = [];
  let current: TextLine["items"] = [];
  const flush = () => {
    if (!current.length) return;
    let text = "";
    let prevEnd: number | undefined;
    for (const it of current) {
      if (prevEnd !== undefined && it.x - prevEnd > it.height * 0.2 && !text.endsWith(" ")) text += " ";
      text += it.str.normalize("NFC");
      prevEnd = it.x + it.width;
    }
    const x1 = current[0].x;
    const x2 = Math.max(...current.map((it) => it.x + it.width));
    out.push({ text: text.trim(), rect: [x1, line.y - line.height * 0.25, x2, line.y + line.height * 0.9], height: line.height, line });
    current = [];
  };
  for (const it of line.items) {
    const last = current.at(-1);
    if (last && it.x - (last.x + last.width) > gap * line.height) flush();
    current.push(it);
  }
  flush();
  return out;
}

/** Boxes of the page's printed text, one per segment (view coordinates). */
export function textBoxes(page: PageText): Rect[] {
  return page.lines.flatMap((l) => lineSegments(l).map((s) => s.rect));
}

/** The headline of a signature box another signing tool printed into the page ("KÝ BỞI: …", "Signed by: …"). */
const SIGNATURE_BOX_HEAD = /KÝ BỞI|\[\s*CHỮ KÝ SỐ|SIGNED BY|SIGNATURE VALID|DIGITALLY SIGNED/u;
/** Its following lines: who and when. */
const SIGNATURE_BOX_LINE = /^\W*(CƠ QUAN|TỔ CHỨC|NGƯỜI KÝ|THỜI GIAN(?: KÝ)?|NGÀY KÝ|KÝ NGÀY|EMAIL|DATE|REASON|LÝ DO)\s*:/u;

/**
 * Regions of signature boxes printed into the page by another tool ("[ KÝ BỞI CHỮ KÝ SỐ HỢP LỆ ] / Cơ quan: … /
 * Thời gian ký: …", VGCA's "Ký bởi: … Ngày ký: …"), view coordinates. The box's frame is drawn, not text: the
 * region is the text padded by a line height vertically and by 4.5 line heights sideways, which covers the frames
 * seen on the real-world documents (vn__01, vn__02: frame 37 pt beside 8.5 pt text).
 */
export function printedSignatureBoxes(page: PageText): Rect[] {
  const segments = page.lines.flatMap((l) => lineSegments(l));
  const boxes: Rect[] = [];
  for (const head of segments) {
    if (!SIGNATURE_BOX_HEAD.test(head.text.toLocaleUpperCase("vi"))) continue;
    let region: Rect = [...head.rect];
    let bottom = head;
    for (const next of segments) {
      if (next === head || next.line.y >= bottom.line.y) continue;
      const below = bottom.line.y - next.line.y;
      const sideBySide = next.rect[0] < region[2] && region[0] < next.rect[2];
      if (below <= 3 * bottom.height && sideBySide && SIGNATURE_BOX_LINE.test(next.text.toLocaleUpperCase("vi"))) {
        region = [Math.min(region[0], next.rect[0]), Math.min(region[1], next.rect[1]), Math.max(region[2], next.rect[2]), region[3]];
        bottom = next;
      }
    }
    // A line of its own in the body that merely mentions a signature ("... chữ ký số hợp lệ.") is not a box.
    if (bottom === head && head.rect[2] - head.rect[0] > page.width * 0.6) continue;
    const h = head.height;
    boxes.push([region[0] - 4.5 * h, region[1] - h, region[2] + 4.5 * h, region[3] + h]);
  }
  return boxes;
}

/**
 * The leader's block moved off a signature box another tool printed there, when the page gives room: along the
 * block's own band (between the title and the name, Phụ lục I ô 7), shrunk down to 60 % at most, clear of every
 * text and of the place the organisation's seal will take over the signature's left third. Without such room the
 * block stays where the title and name put it (the signature then covers the printed box, as it would on paper).
 */
function avoidPrintedSignatureBox(page: PageText, rect: Rect, ownLines: Array<TextLine | undefined>): Rect {
  const boxes = printedSignatureBoxes(page);
  if (!boxes.some((b) => rectsIntersect(b, rect))) return rect;
  const pageBox: Rect = [0, 0, page.width, page.height];
  const own = new Set(ownLines.filter(Boolean));
  const text = page.lines.filter((l) => !own.has(l)).flatMap((l) => lineSegments(l).map((s) => s.rect));
  const [x1, y1, x2, y2] = rect;
  for (const scale of [1, 0.85, 0.7, 0.6]) {
    const w = (x2 - x1) * scale;
    const h = (y2 - y1) * scale;
    const signature: Rect = [x1 + (x2 - x1 - w) / 2, y1 + (y2 - y1 - h) / 2, x1 + (x2 - x1 + w) / 2, y1 + (y2 - y1 + h) / 2];
    const seal = sealSquareBeside(signature, pageBox);
    // Seal and signature move together; the seal may reach over the title and name lines (own lines) as it does
    // in every block, but not over other text.
    const group: Rect = [Math.min(seal[0], signature[0]), signature[1], signature[2], signature[3]];
    const spot = findFreeSpot({ rect: group, box: pageBox, obstacles: [...text, ...boxes], maxShiftY: 0, pad: 2 });
    const sealBand: Rect = [spot.rect[0], seal[1], spot.rect[0] + (seal[2] - seal[0]), seal[3]];
    if (!spot.free || text.some((t) => rectsIntersect(t, sealBand, 1))) continue;
    const dx = spot.rect[0] - group[0];
    return [signature[0] + dx, signature[1], signature[2] + dx, signature[3]];
  }
  return rect;
}

/**
 * Finds where the leader signs: below the signature block's title line (see signatureTitleLine), or above the
 * line with the name, searching from the last page backwards; falls back to the bottom right of the last page.
 * `page` is 0-based.
 */
export async function findSignatureBlock(pdf: Uint8Array, options: FindSignatureBlockOptions = {}): Promise<SignatureBlock | null> {
  const doc = await openWithPdfjs(pdf);
  const width = options.width ?? 170;
  const height = options.height ?? 70;
  try {
    const title = options.title ? normalize(options.title) : undefined;
    const name = options.name ? normalize(options.name) : undefined;
    const stop = Math.max(0, doc.numPages - (options.maxPages ?? 3));
    for (let i = doc.numPages - 1; i >= stop && (title || name); i--) {
      const page = await readPage(doc, i);
      const titleHit = title ? signatureTitleLine(page, title) : null;
      const titleLine = titleHit?.line;
      // The name under the block: the last printing of it (below the title when there is one).
      const nameLine = name ? page.lines.filter((l) => findInLine(l, name) && (!titleLine || l.y < titleLine.y)).at(titleLine ? 0 : -1) : undefined;
      if (!titleLine && !nameLine) continue;
      // Centre on the matched words, not on the whole line (the title often shares a line with other text).
      const nameMatch = nameLine ? findInLine(nameLine, name!)! : undefined;
      const cx = titleHit ? (titleHit.from + titleHit.to) / 2 : (nameMatch!.start + nameMatch!.end) / 2;
      let top: number;
      let bottom: number;
      if (titleLine && nameLine) {
        top = titleLine.y - 3;
        bottom = nameLine.y + nameLine.height + 2;
        if (top - bottom < 30) bottom = top - height;
      } else if (titleLine) {
        top = titleLine.y - 3;
        bottom = top - height;
      } else {
        bottom = nameLine!.y + nameLine!.height + 2;
        top = bottom + height;
      }
      // Inside the visible page (pdfjs's view is CropBox ∩ MediaBox), shrunk on a page narrower or shorter than it.
      const w = Math.min(width, page.width - 8);
      const x1 = Math.max(4, Math.min(cx - w / 2, page.width - w - 4));
      top = Math.min(top, page.height - 4);
      bottom = Math.max(4, Math.min(bottom, top - 10));
      if (top - bottom < 10) top = Math.min(page.height - 4, bottom + Math.min(height, page.height - 8));
      const avoided = avoidPrintedSignatureBox(page, [x1, bottom, x1 + w, top], [titleLine, nameLine]);
      return { page: i, rect: avoided, found: titleLine ? "title" : "name", nameFound: !!nameLine };
    }
    const last = doc.numPages - 1;
    if (last < 0) return null;
    const p = await doc.getPage(last + 1);
    const vp = p.getViewport({ scale: 1 });
    return { page: last, rect: [vp.width - 36 - width, 60, vp.width - 36, 60 + height], found: "fallback", nameFound: false };
  } finally {
    await doc.destroy();
  }
}

export type TextAnchor = {
  page: number /** Start of the anchor text. */;
  start: number /** End of the anchor text. */;
  x: number;
  y: number;
  height: number;
  lineEnd: number;
};

/** Position right after the first occurrence of `anchorText` (e.g. "Số:"), or null. */
export async function findTextAnchor(pdf: Uint8Array, anchorText: string, pages?: number[]): Promise<TextAnchor | null> {
  const wanted = normalize(anchorText);
  for (const page of await extractTextLines(pdf, pages)) {
    for (const line of page.lines) {
      const match = findInLine(line, wanted);
      if (match) return { page: page.page, start: match.start, x: match.end, y: line.y, height: line.height, lineEnd: line.x2 };
    }
  }
  return null;
}

/** What is printed in a number or date slot of a foreign page. */
export type PrintedSlot = {
  /** "blank": nothing after "Số:"; "template": a form to fill ("/QĐ-UBND", "ngày ... tháng ... năm 2025"); "filled": a value. */
  state: "blank" | "template" | "filled";
  /** Where the value starts: after the "Số:" label, or at "ngày" (the date's words belong to the value). */
  x: number;
  /** Start of the "Số:" label; equals x for the date. */
  labelStart: number;
  /**
   * Start of the text run (pdfjs item) holding the label or "ngày", and the run's text before it ("Hà Nội, "): only
   * a run's start is exact, positions inside it are interpolated, so a cover that must start at the label starts
   * at the run and reprints this prefix.
   */
  runStart: number;
  prefix: string;
  /** Baseline and height of the line. */
  y: number;
  height: number;
  /** The printed value or template and its box (absent when blank). */
  printed?: { text: string; x1: number; x2: number };
  line: TextLine;
};

export type IssueSlots = { page: PageText; number?: PrintedSlot; date?: PrintedSlot };

/** "ngày 11 tháng 08 năm 2026", "ngày ..... tháng ..... năm 2025", "Hà Nội, ngày   tháng   năm": the date line. */
const DATE_LINE = /(?:^|,\s*)(NGÀY)[\s.…_\d]*?THÁNG[\s.…_\d]*?NĂM(?:[\s.…_]*\d{4})?/u;

/**
 * The number slot ("Số:", Phụ lục I ô 3) and the date line (ô 4) of a page, with what is already printed in them.
 * Both belong to the header, so only the upper half of the page is searched: a "ngày … tháng … năm …" in the body
 * ("Căn cứ Luật … ngày 19 tháng 6 năm 2015") is a citation, never the document's date. The value after "Số:" runs
 * to the end of its column (a gap of 3.5 line heights: the motto may share the baseline); it is "filled" when its
 * number part (before the first "/") has a digit, "template" otherwise ("Số:      /QĐ-UBND").
 */
/** The run (item) holding character `at` of the line: its start x and the line's text from there to `at`. */
function runBefore(line: TextLine, at: number): { runStart: number; prefix: string } {
  const x = line.charX[at];
  // Items are sorted by x: the last one starting at or before the character (a trailing space may widen the one before).
  const item = line.items.filter((it) => it.x - 0.01 <= x).at(-1) ?? line.items[0];
  let k = at;
  while (k > 0 && line.charX[k - 1] >= item.x - 0.01) k--;
  return { runStart: Math.min(item.x, x), prefix: line.text.slice(k, at) };
}

export async function findIssueSlots(pdf: Uint8Array, pageIndex = 0): Promise<IssueSlots | null> {
  const [page] = await extractTextLines(pdf, [pageIndex]);
  if (!page) return null;
  const out: IssueSlots = { page };
  for (const line of page.lines) {
    if (line.y < page.height * 0.5) break;
    const upper = line.text.toLocaleUpperCase("vi");
    const numberMatch = out.number ? null : /SỐ\s*:/u.exec(upper);
    if (numberMatch) {
      const at = numberMatch.index;
      const end = at + numberMatch[0].length;
      const labelStart = line.charX[at];
      const column = lineSegments(line, 3.5).find((s) => s.rect[0] <= labelStart + 0.5 && labelStart <= s.rect[2]);
      const columnEnd = column?.rect[2] ?? line.x2;
      let k = end;
      while (k < line.text.length && line.charX[k] < columnEnd - 0.01) k++;
      const raw = line.text.slice(end, k);
      const text = raw.trim();
      const slot: PrintedSlot = { state: "blank", x: line.charX[end], labelStart, ...runBefore(line, at), y: line.y, height: line.height, line };
      if (text) {
        const first = end + raw.indexOf(text[0]);
        slot.printed = { text, x1: line.charX[first], x2: columnEnd };
        slot.state = /\d/.test(text.split("/")[0]) ? "filled" : "template";
      }
      out.number = slot;
    }
    const dateMatch = out.date ? null : DATE_LINE.exec(upper);
    if (dateMatch) {
      const at = dateMatch.index + dateMatch[0].lastIndexOf("NGÀY");
      const end = dateMatch.index + dateMatch[0].length;
      const text = line.text.slice(at, end).trim();
      const x = line.charX[at];
      out.date = {
        state: /NGÀY\s*\d{1,2}\s*THÁNG\s*\d{1,2}\s*NĂM\s*\d{4}/u.test(dateMatch[0]) ? "filled" : "template",
        x,
        labelStart: x,
        ...runBefore(line, at),
        y: line.y,
        height: line.height,
        printed: { text, x1: x, x2: line.charX[at + text.length] ?? line.x2 },
        line,
      };
    }
    if (out.number && out.date) break;
  }
  return out;
}
