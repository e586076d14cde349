// Whether a PDF has a text layer is judged without the signing tools' stamps (app/domain/shared/positioned-text.ts):
// a scanned decree signed by the Government portal carries ~100 letters of "Người ký: … Thời gian ký: …" and was
// taken for a text PDF, so it was never OCR'd.
import { describe, expect, test } from "vitest";
import { MIN_TEXT_LAYER_CHARS, signatureStampBoxes, textLayerLetters, type PositionedPage } from "#app/domain/shared/positioned-text";

const line = (str: string, x: number, y: number, height = 4.12) => ({ str, x, y, width: str.length * height * 0.5, height });

/** The portal's stamp as vn__199-ndcp.signed.pdf has it: six lines at the top right of page 1. */
const PORTAL_STAMP = [
  line("Người ký: CỔNG THÔNG TIN ĐIỆN", 280.5, 7.12),
  line("TỬ CHÍNH PHỦ", 280.5, 11.24),
  line("Email: thongtinchinhphu@chinhphu.vn", 280.5, 15.36),
  line("Cơ quan: VĂN PHÒNG CHÍNH PHỦ", 280.5, 19.47),
  line("Thời gian ký: 10.06.2026 14:15:42", 280.5, 23.59),
  line("+07:00", 280.5, 27.71),
];

const page = (items: PositionedPage["items"]): PositionedPage => ({ width: 595, height: 842, items });

describe("textLayerLetters", () => {
  test("a scan whose only text is the signing stamp has no text layer", () => {
    expect(signatureStampBoxes(page(PORTAL_STAMP))).toHaveLength(1);
    expect(textLayerLetters([page(PORTAL_STAMP), page([])])).toBe(0);
  });

  test("the document's own text is counted beside a stamp", () => {
    const body = [line("CHÍNH PHỦ", 90, 60, 13), line("Số: 199/2026/NĐ-CP", 80, 80, 13), line("NGHỊ ĐỊNH", 260, 120, 13)];
    expect(textLayerLetters([page([...PORTAL_STAMP, ...body])])).toBe("CHÍNHPHỦSố1992026NĐCPNGHỊĐỊNH".length);
    expect(textLayerLetters([page([...PORTAL_STAMP, ...body])])).toBeGreaterThanOrEqual(MIN_TEXT_LAYER_CHARS);
  });

  test("an English stamp (pyHanko's) is a stamp too; labels without a signing line are text", () => {
    const pyhanko = [line("Digitally signed by Alice <alice@example.com>.", 30, 40, 8), line("Timestamp: 2022-11-23 00:15:38 CET.", 30, 50, 8)];
    expect(textLayerLetters([page([...pyhanko, line("Hello World", 30, 120, 12)])])).toBe(10);
    // A letterhead's e-mail and an organisation line, with no "Người ký"/"Ký bởi": the document's text.
    const letterhead = [line("Cơ quan: Sở Nội vụ tỉnh Cà Mau", 40, 30), line("Email: snv@camau.gov.vn", 40, 36)];
    expect(signatureStampBoxes(page(letterhead))).toEqual([]);
    expect(textLayerLetters([page(letterhead)])).toBe("CơquanSởNộivụtỉnhCàMauEmailsnvcamaugovvn".length);
  });

  test("'Ký bởi' is read as a whole word: a line that merely starts alike is text", () => {
    expect(signatureStampBoxes(page([line("Ký bởi: Nguyễn Văn An", 300, 700)]))).toHaveLength(1);
    expect(signatureStampBoxes(page([line("Ngày kýkết hợp đồng", 300, 700)]))).toEqual([]);
  });
});
