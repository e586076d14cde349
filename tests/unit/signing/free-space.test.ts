// Placement geometry on foreign pages: everything inside the visible box, the seal's size on small pages (Decree 30
// Phụ lục I: real size when it fits), and the number/date stamps around what the page already prints.
import { describe, expect, test } from "vitest";
import type { PrintedSlot, Rect, TextLine } from "#signing/appearance/anchors";
import { clampRect, findFreeSpot, isInside, rectsIntersect, sealSide, sealSquareBeside } from "#signing/appearance/free-space";
import { placeIssueStamp, samePrintedValue } from "#signing/appearance/issue-stamps";

const MM = 72 / 25.4;
const A4: Rect = [0, 0, 595.28, 841.89];
const width = (text: string, size: number) => text.length * size * 0.5;

describe("clampRect / findFreeSpot", () => {
  test("a rectangle past the edge is moved inside; one larger than the box is shrunk to it", () => {
    expect(clampRect([-30, 10, 70, 60], [0, 0, 200, 100])).toEqual([2, 10, 102, 60]);
    const big = clampRect([0, 0, 300, 50], [10, 10, 110, 200]);
    expect(isInside(big, [10, 10, 110, 200])).toBe(true);
    expect(big[2] - big[0]).toBeCloseTo(96, 5);
  });

  test("the nearest free position, else the least covered one, always inside the box", () => {
    const box: Rect = [0, 0, 300, 200];
    const wall: Rect = [100, 0, 140, 200];
    const free = findFreeSpot({ rect: [110, 50, 130, 70], box, obstacles: [wall] });
    expect(free.free).toBe(true);
    expect(rectsIntersect(free.rect, wall, 1)).toBe(false);
    expect(free.rect[0] >= 140 || free.rect[2] <= 100).toBe(true);
    const full = findFreeSpot({ rect: [10, 10, 60, 60], box, obstacles: [[0, 0, 300, 200]] });
    expect(full.free).toBe(false);
    expect(isInside(full.rect, box)).toBe(true);
  });
});

describe("sealSide / sealSquareBeside", () => {
  test("real size on A4; on a small page at most 45 % of its shorter side but not under 15 mm; never past the page", () => {
    expect(sealSide(100, A4)).toBe(100);
    expect(sealSide(100, [0, 0, 200, 150])).toBeCloseTo(67.5, 5);
    expect(sealSide(100, [0, 0, 120, 80])).toBeCloseTo(15 * MM, 5);
    expect(sealSide(100, [0, 0, 40, 30])).toBeCloseTo(26, 5);
  });

  test("over the signature's left third, inside the visible box even at its corner", () => {
    const roomy = sealSquareBeside([300, 400, 470, 470], A4);
    expect(roomy[2]).toBeCloseTo(300 + 170 / 3, 5);
    expect(roomy[2] - roomy[0]).toBeCloseTo(87.5, 5);
    // CropBox [150 300 450 600], signature in its bottom-left corner: the seal slides in rather than leave the page.
    const box: Rect = [150, 300, 450, 600];
    const seal = sealSquareBeside([160, 305, 330, 375], box);
    expect(isInside(seal, box)).toBe(true);
    expect(seal[0]).toBeCloseTo(152, 5);
    expect(seal[1]).toBeCloseTo(302, 5);
  });
});

function slot(state: PrintedSlot["state"], printed: { text: string; x1: number; x2: number } | undefined, items: TextLine["items"]): PrintedSlot {
  const line: TextLine = { page: 0, text: "", x1: items[0].x, x2: Math.max(...items.map((i) => i.x + i.width)), y: 760, height: 10, items, charX: [] };
  return { state, x: 100, labelStart: 80, runStart: 80, prefix: "", y: 760, height: 10, printed, line };
}

describe("placeIssueStamp", () => {
  const label = { str: "Số:", x: 80, y: 760, width: 18, height: 10 };
  const motto = { str: "Độc lập - Tự do - Hạnh phúc", x: 330, y: 760, width: 150, height: 10 };

  test("the same number already printed: nothing is stamped", () => {
    const s = slot("filled", { text: "05/QĐ-UBND", x1: 100, x2: 160 }, [label, { str: "05/QĐ-UBND", x: 100, y: 760, width: 60, height: 10 }, motto]);
    expect(samePrintedValue("number", "5/QĐ-UBND", "05/QĐ-UBND")).toBe(true);
    expect(placeIssueStamp({ kind: "number", slot: s, text: "5/QĐ-UBND", textWidth: width, fontSize: 12, obstacles: [], box: A4 })).toEqual({
      action: "skip",
      reason: "already-printed",
    });
  });

  test("a different number printed: covered with its label by an opaque stamp with the register's number, clear of the motto", () => {
    const s = slot("filled", { text: "890/QĐ-UBND", x1: 100, x2: 166 }, [{ str: "Số: 890/QĐ-UBND", x: 80, y: 760, width: 86, height: 10 }, motto]);
    const placed = placeIssueStamp({ kind: "number", slot: s, text: "58/QĐ-UBND", textWidth: width, fontSize: 12, obstacles: [], box: A4 });
    if (placed.action !== "stamp") throw new Error("expected a stamp");
    expect(placed.text).toBe("Số: 58/QĐ-UBND");
    expect(placed.opaque).toBe(true);
    expect(placed.rect[0]).toBeLessThanOrEqual(80);
    expect(placed.rect[2]).toBeGreaterThanOrEqual(166);
    expect(placed.rect[1]).toBeLessThan(760);
    expect(placed.rect[3]).toBeGreaterThan(760 + 7);
    expect(rectsIntersect(placed.rect, [330, 757, 480, 769])).toBe(false);
  });

  test("a blank slot too narrow for the number: smaller text first, never over the motto or past the page", () => {
    const narrowMotto = { ...motto, x: 150 };
    const s = slot("blank", undefined, [label, narrowMotto]);
    const placed = placeIssueStamp({ kind: "number", slot: s, text: "1234/QĐ-UBND", textWidth: width, fontSize: 12, obstacles: [], box: A4 });
    if (placed.action !== "stamp") throw new Error("expected a stamp");
    expect(placed.opaque).toBe(false);
    expect(placed.fontSize).toBeLessThan(10);
    expect(rectsIntersect(placed.rect, [150, 757, 300, 769])).toBe(false);
    const edge = placeIssueStamp({ kind: "number", slot: s, text: "1234/QĐ-UBND", textWidth: width, fontSize: 12, obstacles: [], box: [0, 0, 140, 800] });
    if (edge.action !== "stamp") throw new Error("expected a stamp");
    expect(isInside(edge.rect, [0, 0, 140, 800])).toBe(true);
  });

  test("a date printed differently is replaced; the same date is left alone", () => {
    const items = [
      { str: "Hà Nội,", x: 300, y: 760, width: 30, height: 10 },
      { str: "ngày 11 tháng 08 năm 2026", x: 334, y: 760, width: 120, height: 10 },
    ];
    const s: PrintedSlot = { ...slot("filled", { text: "ngày 11 tháng 08 năm 2026", x1: 334, x2: 454 }, items), x: 334, labelStart: 334, runStart: 334 };
    const placed = placeIssueStamp({ kind: "date", slot: s, text: "ngày 15 tháng 06 năm 2025", textWidth: width, fontSize: 13, obstacles: [], box: A4 });
    if (placed.action !== "stamp") throw new Error("expected a stamp");
    expect(placed.opaque).toBe(true);
    expect(placed.rect[0]).toBeLessThanOrEqual(334);
    expect(placed.rect[2]).toBeGreaterThanOrEqual(454);
    expect(rectsIntersect(placed.rect, [300, 757, 330, 769])).toBe(false);
    expect(placeIssueStamp({ kind: "date", slot: s, text: "ngày 11 tháng 8 năm 2026", textWidth: width, fontSize: 13, obstacles: [], box: A4 }).action).toBe(
      "skip",
    );
  });
});
