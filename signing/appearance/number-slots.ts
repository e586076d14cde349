// Where the clerk's number and date go on a page that prints no "Số:" / "ngày" line and has no form fields:
// the places Nghị định 30/2020/NĐ-CP Phụ lục I gives them on page 1 — ô 3 (số, ký hiệu) top-left under the
// issuer's name, ô 4 (địa danh, ngày tháng năm) top-right under the national motto, on the same line.
// Phụ lục I margins: top 20–25 mm, left 30–35 mm, right 15–20 mm; issuer column about a third of the width.
// Pure geometry: works in the page as displayed (after CropBox and /Rotate), then maps back to user space.
import type { Rect } from "./anchors";

export type NumberDateSlot = "number" | "date";

/** The visible page: CropBox (clipped to MediaBox) in user space, and /Rotate (clockwise, multiple of 90). */
export type PageGeometry = { x: number; y: number; width: number; height: number; rotate: 0 | 90 | 180 | 270 };

export type SlotPlacement = {
  /** Annotation /Rect in user space. */
  rect: Rect;
  /** Appearance form size (text direction = form x axis). */
  formWidth: number;
  formHeight: number;
  /** Appearance /Matrix, so that the text reads upright on a rotated page (ISO 32000-1 §12.5.5 algorithm). */
  matrix: [number, number, number, number, number, number];
  fontSize: number;
};

const MM = 72 / 25.4;
const A4_WIDTH = 595.28;

export function normalizeRotation(value: number | undefined): 0 | 90 | 180 | 270 {
  const r = (((Math.round((value ?? 0) / 90) * 90) % 360) + 360) % 360;
  return r as 0 | 90 | 180 | 270;
}

/**
 * Maps a point of the displayed page (u to the right, v downwards from the top-left corner) to user space.
 * The page is shown turned clockwise by /Rotate: at 90° the user space's bottom-left corner is shown top-left.
 */
export function displayedToUser(page: PageGeometry, u: number, v: number): [number, number] {
  const x0 = page.x;
  const y0 = page.y;
  const x1 = page.x + page.width;
  const y1 = page.y + page.height;
  switch (page.rotate) {
    case 90:
      return [x0 + v, y0 + u];
    case 180:
      return [x1 - u, y0 + v];
    case 270:
      return [x1 - v, y1 - u];
    default:
      return [x0 + u, y1 - v];
  }
}

/** Inverse of displayedToUser: a user-space point as (u to the right, v downwards) on the displayed page. */
export function userToDisplayed(page: PageGeometry, x: number, y: number): [number, number] {
  const x0 = page.x;
  const y0 = page.y;
  const x1 = page.x + page.width;
  const y1 = page.y + page.height;
  switch (page.rotate) {
    case 90:
      return [y - y0, x - x0];
    case 180:
      return [x1 - x, y - y0];
    case 270:
      return [y1 - y, x1 - x];
    default:
      return [x - x0, y1 - y];
  }
}

/** Size of the page as displayed (width and height swapped at 90° and 270°). */
export function displayedSize(page: PageGeometry): { width: number; height: number } {
  return page.rotate % 180 === 0 ? { width: page.width, height: page.height } : { width: page.height, height: page.width };
}

/**
 * A user-space rectangle as seen on the displayed page, in a y-up frame with the origin at the displayed bottom-left
 * corner ("shown" space: where "below", "left third" and "bottom right" mean what the reader sees), and back.
 */
export function userRectToShown(page: PageGeometry, rect: Rect): Rect {
  const h = displayedSize(page).height;
  const [au, av] = userToDisplayed(page, rect[0], rect[1]);
  const [bu, bv] = userToDisplayed(page, rect[2], rect[3]);
  return [Math.min(au, bu), h - Math.max(av, bv), Math.max(au, bu), h - Math.min(av, bv)];
}

export function shownRectToUser(page: PageGeometry, rect: Rect): Rect {
  const h = displayedSize(page).height;
  const [ax, ay] = displayedToUser(page, rect[0], h - rect[1]);
  const [bx, by] = displayedToUser(page, rect[2], h - rect[3]);
  return [Math.min(ax, bx), Math.min(ay, by), Math.max(ax, bx), Math.max(ay, by)];
}

/** Form matrix turning the appearance with the page, so its text is upright as displayed. */
export function matrixFor(rotate: PageGeometry["rotate"]): SlotPlacement["matrix"] {
  switch (rotate) {
    case 90:
      return [0, 1, -1, 0, 0, 0];
    case 180:
      return [-1, 0, 0, -1, 0, 0];
    case 270:
      return [0, -1, 1, 0, 0, 0];
    default:
      return [1, 0, 0, 1, 0, 0];
  }
}

function overlaps(a: Rect, b: Rect): boolean {
  return a[0] < b[2] && b[0] < a[2] && a[1] < b[3] && b[1] < a[3];
}

export type SlotOptions = {
  /** Width of the text at a given size (font metrics of the appearance font). */
  textWidth: (size: number) => number;
  /** Preferred size (Phụ lục I: 13 for số/ký hiệu and the date line); scaled down on small pages. */
  fontSize?: number;
  /** Text already on the page (user space): the slot moves into the top margin rather than print over it. */
  occupied?: Rect[];
};

/**
 * The slot's rectangle on a page of any size, rotation and CropBox origin. Horizontal positions scale with the
 * displayed width; vertical offsets and the font size keep their A4 value, shrunk only on pages narrower or
 * shorter than an A4 width. When text of the page lies under the slot, the top margin above the header is used
 * instead (a stamp printed over text would be unreadable); when both are taken, the Phụ lục I place wins.
 */
export function numberDateSlot(page: PageGeometry, slot: NumberDateSlot, options: SlotOptions): SlotPlacement {
  const shown = page.rotate % 180 === 0 ? { width: page.width, height: page.height } : { width: page.height, height: page.width };
  const scale = Math.min(1, shown.width / A4_WIDTH, shown.height / A4_WIDTH);
  // Columns as fractions of an A4 width: issuer column 30–100 mm, motto/date column 100–195 mm.
  const column = slot === "number" ? [30 / 210, 100 / 210] : [100 / 210, 195 / 210];
  const left = shown.width * column[0];
  const right = shown.width * column[1];
  const available = right - left;
  let fontSize = (options.fontSize ?? 13) * scale;
  const natural = options.textWidth(fontSize) + 6;
  if (natural > available) fontSize = Math.max(4, (fontSize * (available - 6)) / Math.max(1, natural - 6));
  const formWidth = Math.min(available, options.textWidth(fontSize) + 6);
  const formHeight = fontSize * 1.35;
  // Centred in its column, as the Phụ lục I header centres "Số: …" under the issuer and the date under the motto.
  const u = left + (available - formWidth) / 2;
  const candidates = [34 * MM * scale, 8 * MM * scale]; // Số / date line; then the top margin
  const toUser = (v: number): Rect => {
    const [ax, ay] = displayedToUser(page, u, v);
    const [bx, by] = displayedToUser(page, u + formWidth, v + formHeight);
    return [Math.min(ax, bx), Math.min(ay, by), Math.max(ax, bx), Math.max(ay, by)];
  };
  let rect = toUser(candidates[0]);
  for (const v of candidates) {
    const r = toUser(v);
    if (!(options.occupied ?? []).some((o) => overlaps(o, r))) {
      rect = r;
      break;
    }
  }
  return { rect, formWidth, formHeight, matrix: matrixFor(page.rotate), fontSize };
}
