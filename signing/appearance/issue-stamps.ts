// Where the clerk's number and date go on a page that already prints a "Số:" slot or a date line (a PDF produced
// elsewhere and attached by the drafter). Pure geometry on what anchors.ts found, in the page's visible box.
//
// What is already printed decides (Nghị định 30/2020/NĐ-CP):
// - blank ("Số:" and nothing): the number goes right after the label, as the clerk would write it.
// - a template ("Số:      /QĐ-UBND", "ngày ..... tháng ..... năm 2025"): it is a form to fill; the stamp covers it
//   with a white background and prints the full value, so the template's pieces do not show through.
// - the same value already printed: nothing is stamped (the page already says it; a second print would overlap).
// - a different value already printed: the number the register assigns at issue is the document's number (Art. 15:
//   văn thư cấp số after the competent person signs; a number printed before that has no standing), and the date
//   of issue is the register's too. The page must not show two numbers or dates, overlapping or side by side, so
//   the stamp covers the printed value with a white background and shows the register's. The page content is not
//   changed (signing.md pitfall 13): the earlier revision, which the leader signed, still shows what was printed,
//   and the product's text reader hides text under white annotation boxes, so the document reads with one number.
// A stamp never runs over other text or out of the visible page: its text is set smaller first (down to 6 pt),
// and a blank-slot stamp that still does not fit goes to the nearest free spot.
import type { PrintedSlot, Rect } from "./anchors";
import { clampRect, findFreeSpot, isInside, rectsIntersect } from "./free-space";

export type IssueStampKind = "number" | "date";

export type IssueStampInput = {
  kind: IssueStampKind;
  slot: PrintedSlot;
  /** The value to show, e.g. "58/QĐ-UBND" or "ngày 15 tháng 06 năm 2025". */
  text: string;
  textWidth: (text: string, size: number) => number;
  /** Size asked for; the printed line's own size wins when smaller, so the value matches the page. */
  fontSize: number;
  /** Text of the page on other lines, view coordinates. */
  obstacles: Rect[];
  /**
   * Visible annotations of the page, view coordinates. One on the slot's line inside or right after the value is
   * part of it (VGCA stamps the number and the day into a template as annotations, vn__50): it is covered with it.
   * The others are obstacles.
   */
  annotations?: Rect[];
  /** The visible box, view coordinates. */
  box: Rect;
};

export type IssueStampPlacement =
  | { action: "skip"; reason: "already-printed" }
  | { action: "stamp"; rect: Rect; fontSize: number; opaque: boolean; moved: boolean; text: string };

const MIN_SIZE = 6;

function normalizeNumber(text: string): string {
  return text
    .normalize("NFC")
    .toLocaleUpperCase("vi")
    .replace(/^\s*SỐ\s*:/u, "")
    .replace(/\s+/g, "")
    .replace(/^0+(?=\d)/, "");
}

function parseDate(text: string): string | undefined {
  const m = /NGÀY\s*(\d{1,2})\s*THÁNG\s*(\d{1,2})\s*NĂM\s*(\d{4})/u.exec(text.normalize("NFC").toLocaleUpperCase("vi"));
  return m ? `${Number(m[3])}-${Number(m[2])}-${Number(m[1])}` : undefined;
}

/** Whether the printed value already is the one to stamp ("05/QĐ-UBND" = "5/QĐ-UBND"; dates by day, month, year). */
export function samePrintedValue(kind: IssueStampKind, printed: string, value: string): boolean {
  if (kind === "number") return normalizeNumber(printed) === normalizeNumber(value);
  const a = parseDate(printed);
  return a !== undefined && a === parseDate(value);
}

/** The slot line's items as boxes, less the part the stamp hides (and 1 pt around it). */
function lineObstacles(slot: PrintedSlot, hide: [number, number] | undefined): Rect[] {
  const y1 = slot.y - slot.height * 0.25;
  const y2 = slot.y + slot.height * 0.9;
  const out: Rect[] = [];
  for (const it of slot.line.items) {
    const a = it.x;
    const b = it.x + it.width;
    if (!hide) {
      out.push([a, y1, b, y2]);
      continue;
    }
    if (a < hide[0] - 1) out.push([a, y1, Math.min(b, hide[0] - 1), y2]);
    if (b > hide[1] + 1) out.push([Math.max(a, hide[1] + 1), y1, b, y2]);
  }
  return out;
}

export function placeIssueStamp(input: IssueStampInput): IssueStampPlacement {
  const { kind, slot, box } = input;
  if (slot.state === "filled" && slot.printed && samePrintedValue(kind, slot.printed.text, input.text)) return { action: "skip", reason: "already-printed" };
  // The date's stamp starts with "ngày": it replaces the whole "ngày … năm …" run. The number's follows "Số:" on a
  // blank slot; a printed value is replaced together with its label ("Số: 58/QĐ-UBND" over "Số: 890/QĐ-UBND"),
  // because producers print label and value as one text run whose inner positions pdfjs only interpolates: a
  // cover starting after the label would leave the value's first digit showing.
  // For the same reason a date printed in one run with the place ("Hà Nội, ngày 11 …") is covered from the run's
  // start and the place is reprinted before the register's date.
  const band: Rect = [slot.labelStart, slot.y - 0.25 * slot.height, Number.POSITIVE_INFINITY, slot.y + 0.9 * slot.height];
  const onLine = (input.annotations ?? []).filter((a) => rectsIntersect(a, band, -0.3 * slot.height));
  let hide: [number, number] | undefined = slot.printed && (kind === "date" || slot.state !== "blank") ? [slot.runStart, slot.printed.x2] : undefined;
  // Annotations filling the value: inside it or starting within two line heights after it (after "Số:" when blank).
  for (let grown = true; grown; ) {
    grown = false;
    const end = hide ? hide[1] : slot.x;
    for (const a of onLine) {
      if (a[0] > end + 2 * slot.height || a[2] <= (hide?.[0] ?? slot.x) || (hide && a[2] <= hide[1])) continue;
      hide = [hide?.[0] ?? slot.runStart, a[2]];
      grown = true;
    }
  }
  const replacing = !!hide;
  const value = kind === "number" && replacing && !/^\s*Số\s*:/iu.test(input.text) ? `Số: ${input.text}` : input.text;
  const text = replacing ? `${slot.prefix}${value}` : value;
  const start = hide ? hide[0] - 1 : slot.x + 2;
  const textWidth = (size: number) => input.textWidth(text, size);
  const covered = (a: Rect) => !!hide && onLine.includes(a) && a[0] >= hide[0] - 1 && a[2] <= hide[1] + 1;
  const obstacles = [...lineObstacles(slot, hide), ...input.obstacles, ...(input.annotations ?? []).filter((a) => !covered(a))];
  const first = Math.max(MIN_SIZE, Math.min(input.fontSize, slot.height > 0 ? slot.height : input.fontSize));
  const rectFor = (size: number): Rect => {
    const width = Math.max(textWidth(size) + 6, hide ? hide[1] + 1 - start : 0);
    // A cover is as tall as the printed line whatever the size of its own text, so that nothing shows through.
    const h = hide ? Math.max(size, slot.height) : size;
    return [start, slot.y - h * 0.3, start + width, slot.y - h * 0.3 + h * 1.35];
  };
  // Text boxes include ascender and descender room; neighbouring lines of a tightly set header touch by a point
  // or two, which is not covering them.
  const collides = (r: Rect, o: Rect) => r[0] < o[2] && o[0] < r[2] && r[1] < o[3] - 1.5 && o[1] < r[3] - 1.5;
  const fits = (r: Rect) => isInside(r, box) && !obstacles.some((o) => collides(r, o));
  for (let size = first; ; size = Math.max(MIN_SIZE, size * 0.92)) {
    const rect = rectFor(size);
    if (fits(rect)) return { action: "stamp", rect, fontSize: size, opaque: !!hide, moved: false, text };
    if (size <= MIN_SIZE) break;
  }
  if (hide) {
    // The printed value must be covered where it is: the text at the size that fits the printed value's width.
    const room = hide[1] - hide[0] - 4;
    let size = first;
    while (size > MIN_SIZE && textWidth(size) + 6 > room) size = Math.max(MIN_SIZE, size * 0.92);
    return { action: "stamp", rect: clampRect(rectFor(size), box), fontSize: size, opaque: true, moved: false, text };
  }
  // A blank slot with no room after the label (the value is longer than the column): the nearest free spot,
  // preferably on the same line, at the size asked.
  const spot = findFreeSpot({ rect: rectFor(first), box, obstacles, maxShiftX: 200, maxShiftY: 4 * slot.height, pad: 0.5 });
  return { action: "stamp", rect: spot.rect, fontSize: first, opaque: false, moved: true, text };
}
