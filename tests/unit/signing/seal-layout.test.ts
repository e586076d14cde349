// The organisation seal's caption goes under the seal where it touches no text (Decree 30 Phụ lục I:
// the seal covers the left third of the leader's signature; its caption must not cover the name/title).
import { describe, expect, test } from "vitest";
import { placeSealCaption, type CaptionPlacementInput } from "#signing/appearance/seal-layout";
import type { Rect } from "#signing/appearance/anchors";

const overlaps = (a: Rect, b: Rect) => a[0] < b[2] && b[0] < a[2] && a[1] < b[3] && b[1] < a[3];
const base: CaptionPlacementInput = {
  seal: [292, 435, 380, 523],
  caption: { width: 86, height: 19 },
  obstacles: [],
  page: [0, 0, 595, 842],
};

describe("placeSealCaption", () => {
  test("free space: directly under the seal, centred", () => {
    expect(placeSealCaption(base)).toEqual([293, 416, 379, 435]);
  });

  test("the leader's printed name under the seal's right half: the caption avoids it and stays near the seal", () => {
    const name: Rect = [361.8, 425.5, 457.5, 441];
    const rect = placeSealCaption({ ...base, obstacles: [name] });
    expect(overlaps(rect, name)).toBe(false);
    expect(rect[3]).toBeGreaterThan(435 - 40);
    expect(Math.abs((rect[0] + rect[2]) / 2 - 336)).toBeLessThanOrEqual(86);
  });

  test("text on every side: never overlaps any of it, stays inside the page", () => {
    const obstacles: Rect[] = [
      [361.8, 425.5, 457.5, 441],
      [91, 400, 300, 430],
      [280, 380, 470, 398],
    ];
    const rect = placeSealCaption({ ...base, obstacles });
    for (const o of obstacles) expect(overlaps(rect, o)).toBe(false);
    expect(rect[1]).toBeGreaterThanOrEqual(0);
  });

  test("near the bottom edge it does not leave the page", () => {
    const rect = placeSealCaption({ ...base, seal: [292, 20, 380, 108], obstacles: [[250, 0, 420, 19]] });
    expect(rect[1]).toBeGreaterThanOrEqual(4);
  });
});
