// Text positions through pdfjs-dist (legacy build: the modern build needs DOMMatrix, feasibility.md pitfall 3).
// Used to place the leader's signature under the signer's title / above the name, and stamps next to "Số:".
import type { PDFDocumentProxy } from "pdfjs-dist/legacy/build/pdf.mjs";

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
  return { page: index, width: viewport.width, height: viewport.height, lines };
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
      const x1 = Math.max(4, Math.min(cx - width / 2, page.width - width - 4));
      return { page: i, rect: [x1, Math.max(4, bottom), x1 + width, top], found: titleLine ? "title" : "name", nameFound: !!nameLine };
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
