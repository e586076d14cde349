// Pure geometry shared by every visible thing the signing step adds to a page it did not lay out (a PDF the drafter
// attached, produced elsewhere): the leader's signature, the organisation's seal and the number/date stamps.
// Everything is computed in the page's VISIBLE box — CropBox ∩ MediaBox (ISO 32000-1 §14.11.2: what lies outside
// the CropBox is neither shown nor printed) — and kept inside it: a seal or a number cut by the page edge is worse
// than one moved a little, since the reader cannot tell it from a forged or damaged one.
import type { Rect } from "./anchors";

/** Distance kept from the visible box's edges. */
export const EDGE_MARGIN = 2;

export function rectWidth(r: Rect): number {
  return r[2] - r[0];
}

export function rectHeight(r: Rect): number {
  return r[3] - r[1];
}

/** Whether two normalised rectangles overlap by more than `pad` (touching edges do not count). */
export function rectsIntersect(a: Rect, b: Rect, pad = 0): boolean {
  return a[0] < b[2] + pad && b[0] < a[2] + pad && a[1] < b[3] + pad && b[1] < a[3] + pad;
}

function overlapArea(a: Rect, b: Rect): number {
  const w = Math.min(a[2], b[2]) - Math.max(a[0], b[0]);
  const h = Math.min(a[3], b[3]) - Math.max(a[1], b[1]);
  return w > 0 && h > 0 ? w * h : 0;
}

export function isInside(rect: Rect, box: Rect, margin = 0): boolean {
  const eps = 1e-6;
  return rect[0] >= box[0] + margin - eps && rect[1] >= box[1] + margin - eps && rect[2] <= box[2] - margin + eps && rect[3] <= box[3] - margin + eps;
}

/**
 * The rectangle moved (not resized) the least so that it lies inside `box` less `margin`; one larger than the box
 * is first shrunk about its centre to the box's size.
 */
export function clampRect(rect: Rect, box: Rect, margin = EDGE_MARGIN): Rect {
  const inner: Rect = [box[0] + margin, box[1] + margin, box[2] - margin, box[3] - margin];
  const fitSpan = (lo: number, hi: number, min: number, max: number): [number, number] => {
    const size = Math.min(hi - lo, Math.max(0, max - min));
    const start = Math.min(Math.max(size < hi - lo ? (lo + hi - size) / 2 : lo, min), max - size);
    return [start, start + size];
  };
  const [x1, x2] = fitSpan(rect[0], rect[2], inner[0], inner[2]);
  const [y1, y2] = fitSpan(rect[1], rect[3], inner[1], inner[3]);
  return [x1, y1, x2, y2];
}

export type FreeSpotOptions = {
  /** Where the thing would go if the page were empty. */
  rect: Rect;
  /** The visible box; candidates stay inside it (less EDGE_MARGIN). */
  box: Rect;
  /** What must not be covered: text lines, annotations, a pre-printed signature box. */
  obstacles: Rect[];
  /** Largest move in each direction (default: anywhere in the box). */
  maxShiftX?: number;
  maxShiftY?: number;
  /** Weight of vertical against horizontal moves (default 1.5: stay on the line rather than jump to another). */
  verticalCost?: number;
  step?: number;
  /** Clearance kept from obstacles. */
  pad?: number;
};

/**
 * The position of `rect` (same size) nearest to where it was asked for that covers no obstacle and lies inside the
 * box; when none exists, the position in reach that covers the least obstacle area (the best spot there is), so
 * the result is always inside the box. `free` tells which case it is.
 */
export function findFreeSpot(options: FreeSpotOptions): { rect: Rect; free: boolean } {
  const { box, obstacles } = options;
  const start = clampRect(options.rect, box);
  const step = options.step ?? 2;
  const pad = options.pad ?? 1;
  const vertical = options.verticalCost ?? 1.5;
  const w = rectWidth(start);
  const h = rectHeight(start);
  const [minX, maxX] = [box[0] + EDGE_MARGIN, box[2] - EDGE_MARGIN - w];
  const [minY, maxY] = [box[1] + EDGE_MARGIN, box[3] - EDGE_MARGIN - h];
  const reachX = options.maxShiftX ?? box[2] - box[0];
  const reachY = options.maxShiftY ?? box[3] - box[1];
  const at = (dx: number, dy: number): Rect => [start[0] + dx, start[1] + dy, start[0] + dx + w, start[1] + dy + h];
  const near = obstacles.filter((o) => rectsIntersect(o, [start[0] - reachX - w, start[1] - reachY - h, start[2] + reachX + w, start[3] + reachY + h]));
  let best: { rect: Rect; covered: number; cost: number } | undefined;
  const candidates: Array<{ dx: number; dy: number; cost: number }> = [];
  for (let dy = -Math.floor(reachY / step) * step; dy <= reachY; dy += step) {
    if (start[1] + dy < minY - 1e-6 || start[1] + dy > maxY + 1e-6) continue;
    for (let dx = -Math.floor(reachX / step) * step; dx <= reachX; dx += step) {
      if (start[0] + dx < minX - 1e-6 || start[0] + dx > maxX + 1e-6) continue;
      candidates.push({ dx, dy, cost: Math.abs(dx) + vertical * Math.abs(dy) });
    }
  }
  candidates.sort((a, b) => a.cost - b.cost);
  for (const { dx, dy, cost } of candidates) {
    const rect = at(dx, dy);
    let covered = 0;
    for (const o of near) if (rectsIntersect(rect, o, pad)) covered += Math.max(overlapArea(rect, o), 0.01);
    if (covered === 0) return { rect, free: true };
    if (!best || covered < best.covered - 1e-6) best = { rect, covered, cost };
  }
  return { rect: best?.rect ?? start, free: false };
}

const MM = 72 / 25.4;

/**
 * Side of the seal image square on a page whose visible box is `box`.
 *
 * Nghị định 30/2020/NĐ-CP Phụ lục I (mục II.3, chữ ký số của cơ quan, tổ chức): the seal image is shown at the
 * real seal's size, red, PNG with a transparent background, over about the left third of the signer's signature
 * image. So `ideal` (that real size) is kept on every page that can hold it. A page too small for it — a receipt,
 * a label, a page cropped by its CropBox — gets the seal scaled down so that it takes at most 45 % of the shorter
 * visible side (the signature, name and text must stay readable next to it), but never below 15 mm: under that the
 * ring text of the seal (the organisation's name) is no longer legible, and an illegible seal serves no purpose. A
 * page whose visible box is smaller than even that floor gets the largest square that fits inside it: the seal is
 * never drawn past the edge of the visible page.
 */
export function sealSide(ideal: number, box: Rect): number {
  const shorter = Math.min(rectWidth(box), rectHeight(box));
  const floor = 15 * MM;
  const fitting = Math.max(0, shorter - 2 * EDGE_MARGIN);
  return Math.min(ideal, fitting, Math.max(floor, 0.45 * shorter));
}

/**
 * The seal image square next to the leader's signature `leader` (Phụ lục I: over about its left third, so its right
 * edge at one third of the signature's width), sized by sealSide and kept inside the visible box. Its ideal side
 * follows the signature's height (a 60–110 pt seal over a 48–88 pt high signature), as the real seal and the
 * handwritten signature are printed at comparable sizes.
 */
export function sealSquareBeside(leader: Rect, box: Rect): Rect {
  const [x1, y1, x2, y2] = leader;
  const side = sealSide(Math.max(60, Math.min(110, (y2 - y1) * 1.25)), box);
  const right = x1 + (x2 - x1) / 3;
  const cy = (y1 + y2) / 2;
  return clampRect([right - side, cy - side / 2, right, cy + side / 2], box);
}
