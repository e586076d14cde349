// Text that sits on a page without being part of its content stream: the appearances of annotations and
// form fields (FreeText, Stamp, widget /AP /N streams, AcroForm values). Signing systems stamp the number
// and the date of issue this way (VGCA's "Thêm số/ngày", and this product's own signing/), so the page
// text of such a document reads "Số: /2026/NĐ-CP" and "ngày tháng năm 2026" until the stamps are merged
// back in at their place. Pure: the pdfjs adapter (app/platform/pdf-text/pdf-overlay-text.ts) finds the runs; the
// rules for which runs count and where they go in the plain text live here.
import type { PositionedTextItem } from "./positioned-text";

/** A page text item as read from the content stream, in stream order, with pdfjs's end-of-line flag. */
export type FlowTextItem = PositionedTextItem & { hasEOL: boolean };

/** Half-open rectangle in the same top-down device space as PositionedTextItem. */
export type DeviceRect = { x0: number; y0: number; x1: number; y1: number };

// A stamp's baseline is set by another program than the page's, so it rarely lands on exactly the same y.
function rowTolerance(a: PositionedTextItem, b: PositionedTextItem): number {
  return Math.max(1.5, 0.35 * Math.min(a.height || b.height, b.height || a.height));
}

function sameRow(a: PositionedTextItem, b: PositionedTextItem): boolean {
  return Math.abs(a.y - b.y) <= rowTolerance(a, b);
}

// Below this a glyph is not something a reader sees (and a common way to hide injected text).
const MIN_VISIBLE_SIZE = 1;

/**
 * Keeps only overlay runs a reader of the printed page can see: inside the page, inside the clip of the
 * annotation that drew them (its /Rect, and each form's /BBox), and of a readable size. Hidden and
 * NoView annotations never get here (pdfjs draws only what must be viewed). A small slack absorbs
 * rounding of the /BBox → /Rect mapping.
 */
export function isVisibleOverlayRun(run: PositionedTextItem, page: { width: number; height: number }, clip: DeviceRect | null, slack = 1): boolean {
  if (run.str.trim() === "" || !(run.height >= MIN_VISIBLE_SIZE)) return false;
  if (![run.x, run.y, run.width, run.height].every(Number.isFinite)) return false;
  const inside = (r: DeviceRect) => run.x >= r.x0 - slack && run.x <= r.x1 + slack && run.y >= r.y0 - slack && run.y <= r.y1 + slack;
  if (!inside({ x0: 0, y0: 0, x1: page.width, y1: page.height })) return false;
  return clip === null || inside(clip);
}

/**
 * Drops the characters of page text that an opaque annotation background hides: signing tools that
 * "replace" a blank date line ("ngày ..... tháng ..... năm 2025") paint a white box over it and the new
 * date on top, and the reader sees only the latter. Positions of characters inside an item are estimated
 * proportionally (pdfjs gives one width per item); an item is split where a cover cuts through it.
 */
export function hideCoveredText<T extends PositionedTextItem>(items: T[], covers: DeviceRect[]): T[] {
  if (covers.length === 0) return items;
  const out: T[] = [];
  for (const item of items) {
    const hits = covers.filter((c) => item.y >= c.y0 && item.y <= c.y1 && item.x < c.x1 && item.x + item.width > c.x0);
    if (hits.length === 0 || item.str === "") {
      out.push(item);
      continue;
    }
    const chars = Array.from(item.str);
    const step = item.width / chars.length;
    const hidden = (i: number) => {
      const centre = item.x + step * (i + 0.5);
      return hits.some((c) => centre >= c.x0 && centre <= c.x1);
    };
    let start = 0;
    const flush = (end: number, isLast: boolean) => {
      const str = chars.slice(start, end).join("");
      if (str === "" && !(isLast && "hasEOL" in item && item.hasEOL)) return;
      out.push({ ...item, str, x: item.x + step * start, width: step * (end - start), ...(!isLast && "hasEOL" in item ? { hasEOL: false } : {}) } as T);
    };
    let i = 0;
    while (i < chars.length) {
      if (!hidden(i)) {
        i++;
        continue;
      }
      flush(i, false);
      while (i < chars.length && hidden(i)) i++;
      start = i;
    }
    flush(chars.length, true);
  }
  return out;
}

/**
 * The page's plain text with the overlay runs inserted in reading order: after the last item of the same
 * row that starts left of the run (so "Số: " + "50" + "/2026/NĐ-CP" reads "Số: 50/2026/NĐ-CP"), or, when
 * the run shares no row with the page text, as a line of its own before the first line below it.
 */
export function mergeOverlayText(flow: FlowTextItem[], overlays: PositionedTextItem[]): string {
  const sorted = [...overlays].sort((a, b) => a.y - b.y || a.x - b.x);
  // after[k]: runs on item k's row, right of it; before[k]: runs on rows of their own above item k.
  const after = new Map<number, PositionedTextItem[]>();
  const before = new Map<number, PositionedTextItem[]>();
  const atEnd: PositionedTextItem[] = [];
  const push = (map: Map<number, PositionedTextItem[]>, k: number, run: PositionedTextItem) => {
    const list = map.get(k);
    if (list) list.push(run);
    else map.set(k, [run]);
  };
  for (const run of sorted) {
    let anchor = -1;
    let below = -1;
    for (let k = 0; k < flow.length; k++) {
      const item = flow[k];
      // pdfjs's empty end-of-line markers carry the next line's start, so they anchor like text.
      if (sameRow(item, run)) {
        if (item.x <= run.x && (anchor < 0 || item.x >= flow[anchor].x)) anchor = k;
      } else if (item.y > run.y && item.str.trim() !== "" && (below < 0 || item.y < flow[below].y)) below = k;
    }
    if (anchor >= 0) push(after, anchor, run);
    else if (below >= 0) push(before, below, run);
    else atEnd.push(run);
  }

  let text = "";
  const endsLine = () => text === "" || text.endsWith("\n");
  for (let k = 0; k < flow.length; k++) {
    const item = flow[k];
    const lines = before.get(k);
    if (lines) {
      if (!endsLine()) text += "\n";
      text += `${joinRow(lines)}\n`;
    }
    const inline = after.get(k);
    // The marker's newline comes first (the run is on the next line); a text item's comes after the run.
    const markerEol = item.hasEOL && item.str === "";
    text += item.str + (markerEol ? "\n" : "");
    if (inline) {
      const next = flow[k + 1];
      const last = inline[inline.length - 1];
      const needsSpaceBefore = !/\s$/.test(text) && !endsLine();
      const needsSpaceAfter =
        !item.hasEOL && next !== undefined && !/^\s/.test(next.str) && next.x - (last.x + last.width) > 0.15 * Math.max(last.height, next.height);
      text += (needsSpaceBefore ? " " : "") + joinRow(inline) + (needsSpaceAfter ? " " : "");
    }
    if (item.hasEOL && !markerEol) text += "\n";
  }
  if (atEnd.length) {
    if (!endsLine()) text += "\n";
    text += joinRow(atEnd);
  }
  return text;
}

/** Runs (sorted top-down, left to right) as text: a space between runs of a row, a newline between rows. */
function joinRow(runs: PositionedTextItem[]): string {
  return runs.map((r, i) => (i === 0 ? "" : sameRow(runs[i - 1], r) ? " " : "\n") + r.str.trim()).join("");
}
