// Where the organisation's seal caption goes. Decree 30/2020 Phụ lục I (chữ ký số của cơ quan, tổ chức):
// the seal image covers about the left third of the leader's signature image, and carries the information
// "tên cơ quan, tổ chức, thời gian ký (… theo tiêu chuẩn ISO 8601)". The seal may overlap the signature
// (that is the rule), but its caption is small red text: drawn over the leader's printed name or title it
// makes both unreadable. The caption therefore goes under the seal at the nearest spot that touches no text
// of the page (nor the band where the leader's own appearance may draw the name).
import type { Rect } from "./anchors";

export type CaptionPlacementInput = {
  /** The seal image square. */
  seal: Rect;
  caption: { width: number; height: number };
  /** Boxes the caption must not touch (page text, the leader's name band). */
  obstacles: Rect[];
  /** The page's visible box. */
  page: Rect;
};

const MARGIN = 4;
const PAD = 1;
const STEP = 2;
/** How far below the seal the caption may move. */
const MAX_DROP = 80;

function intersects(a: Rect, b: Rect): boolean {
  return a[0] < b[2] + PAD && b[0] < a[2] + PAD && a[1] < b[3] + PAD && b[1] < a[3] + PAD;
}

/** Rectangle normalised so that [x1, y1] is the lower left corner. */
export function normalizeRect(r: Rect): Rect {
  return [Math.min(r[0], r[2]), Math.min(r[1], r[3]), Math.max(r[0], r[2]), Math.max(r[1], r[3])];
}

export function unionRect(a: Rect, b: Rect): Rect {
  return [Math.min(a[0], b[0]), Math.min(a[1], b[1]), Math.max(a[2], b[2]), Math.max(a[3], b[3])];
}

/**
 * The caption box: directly under the seal, centred, when that is free; otherwise the free position with the
 * least displacement (sideways by at most the caption's width, downwards by at most MAX_DROP), inside the
 * page. When no free position exists the centred default is returned, kept inside the page.
 */
export function placeSealCaption({ seal, caption, obstacles, page }: CaptionPlacementInput): Rect {
  const [sx1, sy1, sx2] = normalizeRect(seal);
  const centerX = (sx1 + sx2) / 2;
  const at = (dx: number, dy: number): Rect => {
    const x1 = centerX - caption.width / 2 + dx;
    const top = sy1 - dy;
    return [x1, top - caption.height, x1 + caption.width, top];
  };
  const [px1, py1, px2, py2] = normalizeRect(page);
  const candidates: Array<{ rect: Rect; cost: number }> = [];
  const maxShift = Math.ceil(caption.width / STEP) * STEP;
  for (let dy = 0; dy <= MAX_DROP; dy += STEP) {
    for (let dx = -maxShift; dx <= maxShift; dx += STEP) {
      candidates.push({ rect: at(dx, dy), cost: Math.abs(dx) + 1.5 * dy });
    }
  }
  candidates.sort((a, b) => a.cost - b.cost);
  for (const { rect } of candidates) {
    if (rect[0] < px1 + MARGIN || rect[2] > px2 - MARGIN || rect[1] < py1 + MARGIN || rect[3] > py2 - MARGIN) continue;
    if (obstacles.some((o) => intersects(rect, normalizeRect(o)))) continue;
    return rect;
  }
  // Nowhere free: the centred default, kept inside the page.
  const [x1, y1, x2, y2] = at(0, 0);
  const lift = Math.max(0, py1 + MARGIN - y1);
  return [x1, y1 + lift, x2, y2 + lift];
}
