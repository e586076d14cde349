import { describe, expect, test } from "vitest";
import { hideCoveredText, isVisibleOverlayRun, mergeOverlayText, type FlowTextItem } from "#app/domain/shared/overlay-text";
import type { PositionedTextItem } from "#app/domain/shared/positioned-text";

const item = (str: string, x: number, y: number, width: number, hasEOL = false, height = 13): FlowTextItem => ({ str, x, y, width, height, hasEOL });
const run = (str: string, x: number, y: number, width = 13, height = 13): PositionedTextItem => ({ str, x, y, width, height });

// Decree 50/2026/NĐ-CP's first page as pdfjs streams it: the number's and date's slots are blank items.
const DECREE_HEADER: FlowTextItem[] = [
  item("CHÍNH PHỦ", 118, 68.7, 73),
  item("", 99.9, 115.9, 0, true),
  item("Số:", 99.9, 115.9, 17.3),
  item(" ", 117.1, 115.9, 19.4),
  item("/2026/NĐ-CP", 136.6, 115.9, 72),
  item("", 298.4, 116.8, 0, true),
  item("Hà Nội, ngày", 298.4, 116.8, 75.1),
  item(" ", 373.4, 116.8, 20.9),
  item("tháng", 394.3, 116.8, 32),
  item(" ", 426.3, 116.8, 20.9),
  item("năm", 447.2, 116.8, 24.2),
  item(" ", 471.4, 116.8, 20, true),
  item("NGHỊ ĐỊNH", 250, 160, 70),
];

describe("mergeOverlayText", () => {
  test("without overlays it is the plain pdfjs text", () => {
    expect(mergeOverlayText(DECREE_HEADER, [])).toBe("CHÍNH PHỦ\nSố: /2026/NĐ-CP\nHà Nội, ngày tháng năm \nNGHỊ ĐỊNH");
  });

  test("stamps go into their row after the item left of them, whatever order they were drawn in", () => {
    const stamps = [run("2026", 477, 116), run("50", 121, 115.7), run("01", 432, 116), run("31", 378, 116)];
    expect(mergeOverlayText(DECREE_HEADER, stamps)).toBe("CHÍNH PHỦ\nSố: 50 /2026/NĐ-CP\nHà Nội, ngày 31 tháng 01 năm 2026\nNGHỊ ĐỊNH");
  });

  test("a stamp after the last item of a line stays on that line, before its newline", () => {
    const flow = [item("Số: 12/QĐ-UBND", 90, 100, 100, true), item("QUYẾT ĐỊNH", 250, 150, 80)];
    expect(mergeOverlayText(flow, [run("(bản sao)", 200, 100, 50)])).toBe("Số: 12/QĐ-UBND (bản sao)\nQUYẾT ĐỊNH");
  });

  test("a stamp on a row of its own becomes a line before the first line below it", () => {
    const flow = [item("ỦY BAN NHÂN DÂN", 90, 60, 120, true), item("QUYẾT ĐỊNH", 250, 150, 80, true), item("Điều 1.", 90, 200, 50)];
    expect(mergeOverlayText(flow, [run("KHẨN", 90, 120, 40), run("MẬT", 150, 120, 30)])).toBe("ỦY BAN NHÂN DÂN\nKHẨN MẬT\nQUYẾT ĐỊNH\nĐiều 1.");
  });

  test("a stamp below all page text is appended as the last line", () => {
    const flow = [item("Nơi nhận:", 90, 600, 60)];
    expect(mergeOverlayText(flow, [run("Ủy ban nhân dân xã Đông Hưng", 300, 700, 120), run("2025-06-15T09:15:00+07:00", 300, 710, 110, 7)])).toBe(
      "Nơi nhận:\nỦy ban nhân dân xã Đông Hưng\n2025-06-15T09:15:00+07:00",
    );
  });
});

describe("isVisibleOverlayRun", () => {
  const page = { width: 595, height: 842 };
  const clip = { x0: 370, y0: 100, x1: 400, y1: 120 };
  test("inside the page and its annotation's clip", () => {
    expect(isVisibleOverlayRun(run("31", 378, 116), page, clip)).toBe(true);
    expect(isVisibleOverlayRun(run("31", 378, 116), page, null)).toBe(true);
  });
  test("outside the clip, off the page, blank, tiny or not finite", () => {
    expect(isVisibleOverlayRun(run("31", 378, 160), page, clip)).toBe(false);
    expect(isVisibleOverlayRun(run("31", 640, 116), page, null)).toBe(false);
    expect(isVisibleOverlayRun(run("31", 378, -30), page, null)).toBe(false);
    expect(isVisibleOverlayRun(run("  ", 378, 116), page, clip)).toBe(false);
    expect(isVisibleOverlayRun(run("31", 378, 116, 1, 0.5), page, clip)).toBe(false);
    expect(isVisibleOverlayRun(run("31", Number.NaN, 116), page, clip)).toBe(false);
  });
});

describe("hideCoveredText", () => {
  test("cuts the covered characters out of an item and keeps the visible parts in place", () => {
    // 40 characters, 5 pt each; the white box covers characters 11-39 ("ngày ..." to the end).
    const line = item("Đông Hưng, ngày ..... tháng ..... năm 25", 300, 62, 200, true);
    const out = hideCoveredText([line], [{ x0: 352, y0: 48, x1: 505, y1: 66 }]);
    expect(out).toEqual([
      { ...line, str: "Đông Hưng,", width: 50, hasEOL: false },
      { ...line, str: "", x: 500, width: 0 },
    ]);
  });

  test("splits an item the box covers in the middle; leaves other rows and uncovered items alone", () => {
    const a = item("Số: ......./KH", 90, 100, 70);
    const b = item("other row", 90, 150, 45);
    const out = hideCoveredText([a, b], [{ x0: 112, y0: 90, x1: 145, y1: 104 }]);
    expect(out.map((i) => [i.str, i.x])).toEqual([
      ["Số: ", 90],
      ["/KH", 145],
      ["other row", 90],
    ]);
    expect(out[0].hasEOL).toBe(false);
  });

  test("no covers: the same array", () => {
    const items = [item("x", 1, 1, 1)];
    expect(hideCoveredText(items, [])).toBe(items);
  });
});
