// Tesseract's hOCR read into page confidence, skew and positioned words (app/platform/ocr/hocr.ts), and the
// decision it feeds: whether a second OCR pass with --deskew can help (ADR 0015).
import { describe, expect, test } from "vitest";
import { parseHocr } from "#app/platform/ocr/hocr";
import { groupPageLines } from "#app/domain/incoming/document-extraction";
import { MIN_DESKEW_DEGREES, needsDeskewPass } from "#app/domain/incoming/ocr-quality";
import { maxDeclaredPageCount } from "#app/domain/shared/pdf-text-limits";

type Word = [text: string, x1: number, y1: number, x2: number, y2: number, confidence: number];
type Line = { box: [number, number, number, number]; baseline: [number, number]; xSize: number; words: Word[] };

/** hOCR the way tesseract 5.3 writes it (attribute quoting included), for one page. */
function hocrPage(lines: Line[], options: { size?: [number, number]; res?: number } = {}): string {
  const [w, h] = options.size ?? [2481, 3508];
  const res = options.res ?? 300;
  const body = lines
    .map(
      (l, i) =>
        `     <span class='ocr_line' id='line_1_${i + 1}' title="bbox ${l.box.join(" ")}; baseline ${l.baseline.join(" ")}; x_size ${l.xSize}; x_descenders 10; x_ascenders 10">\n` +
        l.words
          .map(
            ([t, x1, y1, x2, y2, c], j) => `      <span class='ocrx_word' id='word_1_${i}_${j}' title='bbox ${x1} ${y1} ${x2} ${y2}; x_wconf ${c}'>${t}</span>`,
          )
          .join("\n") +
        "\n     </span>",
    )
    .join("\n");
  return `  <div class='ocr_page' id='page_1' title='image "/tmp/x/000001_ocr.png"; bbox 0 0 ${w} ${h}; ppageno 0; scan_res ${res} ${res}'>
   <div class='ocr_carea' id='block_1_1' title="bbox 0 0 ${w} ${h}">
    <p class='ocr_par' id='par_1_1' lang='vie' title="bbox 0 0 ${w} ${h}">
${body}
    </p>
   </div>
  </div>`;
}

function doc(...pages: string[]): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n<html xmlns="http://www.w3.org/1999/xhtml">\n <body>\n${pages.join("\n")}\n </body>\n</html>\n`;
}

const STRAIGHT: Line[] = [
  {
    box: [482, 190, 1005, 247],
    baseline: [0, -10],
    xSize: 53,
    words: [
      ["UBND", 482, 201, 632, 238, 91],
      ["TỈNH", 649, 191, 776, 237, 90],
    ],
  },
  {
    box: [1198, 194, 2238, 247],
    baseline: [0.001, -10],
    xSize: 53,
    words: [
      ["CỘNG", 1198, 194, 1346, 247, 95],
      ["HÒA", 1360, 194, 1473, 237, 96],
    ],
  },
  {
    box: [520, 400, 1500, 460],
    baseline: [0, -12],
    xSize: 58,
    words: [
      ["phương", 520, 405, 712, 460, 80],
      ["2", 720, 408, 744, 448, 70],
      ["Q&amp;A", 780, 405, 900, 448, 60],
    ],
  },
];

describe("parseHocr", () => {
  test("page size in points from the page box and scan_res; words on their line's baseline at its point size", () => {
    const [page] = parseHocr(doc(hocrPage(STRAIGHT)));
    expect(page.dpi).toBe(300);
    expect(page.page.pageNumber).toBe(1);
    expect(page.page.width).toBeCloseTo(595.44, 2);
    expect(page.page.height).toBeCloseTo(841.92, 2);
    const [ubnd, tinh] = page.page.items;
    // x = box left, width = box width, y = bottom of the line box + baseline offset (top-down), size = x_size.
    expect(ubnd).toMatchObject({ str: "UBND", isWholeWord: true, height: 13 });
    expect(ubnd.x).toBeCloseTo((482 * 72) / 300, 6);
    expect(ubnd.width).toBeCloseTo((150 * 72) / 300, 6);
    expect(ubnd.y).toBeCloseTo((237 * 72) / 300, 6);
    expect(tinh.y).toBe(ubnd.y);
    expect(page.page.items.map((i) => i.str)).toEqual(["UBND", "TỈNH", "CỘNG", "HÒA", "phương", "2", "Q&A"]);
    expect(page.page.items.at(-1)!.height).toBe(14); // 58 px at 300 dpi = 13.92 pt, rounded as tesseract does
  });

  test("confidence is the mean over words of two characters or more", () => {
    const [page] = parseHocr(doc(hocrPage(STRAIGHT)));
    expect(page.confidence).toBeCloseTo((91 + 90 + 95 + 96 + 80 + 60) / 6, 6);
    expect(parseHocr(doc(hocrPage([])))[0].confidence).toBe(0);
  });

  test("skew: the median lean of the line baselines; null below three lines; a tilted line keeps its slope", () => {
    expect(parseHocr(doc(hocrPage(STRAIGHT)))[0].skewDegrees).toBeCloseTo(0, 1);
    expect(parseHocr(doc(hocrPage(STRAIGHT.slice(0, 2))))[0].skewDegrees).toBeNull();
    const slope = Math.tan((1.5 * Math.PI) / 180);
    const tilted = STRAIGHT.map((l) => ({ ...l, baseline: [slope, -10] as [number, number] }));
    const [page] = parseHocr(doc(hocrPage(tilted)));
    expect(page.skewDegrees).toBeCloseTo(1.5, 3);
    // Not flattened (a rise of ~14 px over the line is more than 2 points): each word sits on the tilted baseline.
    const [ubnd, tinh] = page.page.items;
    expect(tinh.y - ubnd.y).toBeCloseTo(((649 - 482) * slope * 72) / 300, 6);
  });

  test("one document with several pages (and the page number of each)", () => {
    const pages = parseHocr(doc(hocrPage(STRAIGHT), hocrPage(STRAIGHT.slice(0, 1), { size: [1654, 2339], res: 200 })));
    expect(pages.map((p) => p.page.pageNumber)).toEqual([1, 2]);
    expect(pages[1].dpi).toBe(200);
    expect(pages[1].page.width).toBeCloseTo((1654 * 72) / 200, 6);
    expect(pages[1].page.items.map((i) => i.str)).toEqual(["UBND", "TỈNH"]);
  });

  test("OCR words are spaced in the lines the extraction builds even where their ink boxes nearly touch", () => {
    const [page] = parseHocr(doc(hocrPage(STRAIGHT)));
    // "phương" ends at 712 px and "2" starts at 720: 1.9 pt, under the 0.15 em a typeset gap needs.
    const lines = groupPageLines(page.page).map((l) => l.text);
    expect(lines).toContain("phương 2 Q&A");
    const typeset = { ...page.page, items: page.page.items.map(({ isWholeWord: _, ...item }) => item) };
    expect(groupPageLines(typeset).map((l) => l.text)).toContain("phương2 Q&A");
  });
});

describe("needsDeskewPass", () => {
  test("only a poorly read page that leans, or whose lean is unknown", () => {
    expect(needsDeskewPass([{ confidence: 95, skewDegrees: 3 }])).toBe(false);
    expect(needsDeskewPass([{ confidence: 60, skewDegrees: 0.1 }])).toBe(false); // noisy but straight
    expect(needsDeskewPass([{ confidence: 60, skewDegrees: -MIN_DESKEW_DEGREES }])).toBe(true);
    expect(needsDeskewPass([{ confidence: 60, skewDegrees: 2 }])).toBe(true);
    expect(needsDeskewPass([{ confidence: 60, skewDegrees: null }])).toBe(true);
    expect(
      needsDeskewPass([
        { confidence: 95, skewDegrees: 0 },
        { confidence: 40, skewDegrees: 4 },
      ]),
    ).toBe(true);
  });
});

describe("maxDeclaredPageCount", () => {
  const reference = (bytes: Uint8Array) => {
    let max = 0;
    for (const m of Buffer.from(bytes)
      .toString("latin1")
      .matchAll(/\/Count\s+(\d{1,12})/g))
      max = Math.max(max, Number(m[1]));
    return max;
  };
  const latin1 = (s: string) => new Uint8Array(Buffer.from(s, "latin1"));

  test("reads /Count n like the regex it replaces", () => {
    for (const s of [
      "/Count 3",
      "/Count\r\n 12 0 R",
      "/Count12",
      "/Count 1234567890123456",
      "/Coun 5",
      "//Count 7 /Count  9",
      "x/Count\u00a05",
      "/Count \t",
      "",
    ])
      expect(maxDeclaredPageCount(latin1(s)), JSON.stringify(s)).toBe(reference(latin1(s)));
  });

  test("agrees with the regex on noise salted with page-tree entries", () => {
    let seed = 7;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let round = 0; round < 20; round++) {
      const parts: string[] = [];
      for (let i = 0; i < 200; i++) {
        const r = random();
        if (r < 0.05) parts.push(`/Count${" \n\t\r\f"[Math.floor(random() * 5)].repeat(Math.floor(random() * 3))}${Math.floor(random() * 1e6)}`);
        else parts.push(String.fromCharCode(Math.floor(random() * 256)));
      }
      const bytes = latin1(parts.join(""));
      expect(maxDeclaredPageCount(bytes)).toBe(reference(bytes));
    }
  });
});
