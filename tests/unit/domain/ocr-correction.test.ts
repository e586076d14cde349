import { describe, expect, test } from "vitest";
import { closestKnownName, repairOcrItem, repairOcrText } from "#app/domain/incoming/ocr-correction";
import { pageQuality } from "#app/domain/incoming/ocr-quality";

describe("OCR tolerance of the header", () => {
  test("the number label read with a digit or another vowel becomes 'Số:'", () => {
    for (const slip of ["S6:", "Sô:", "S0:", "Sổ:", "Số;", "SÔ:", "So:"]) expect(repairOcrItem(slip), slip).toBe("Số:");
    expect(repairOcrItem("S6")).toBe("Số");
    // Words of their own are left alone: "sơ", "sổ", "so sánh".
    for (const word of ["sơ", "sổ", "so", "Sở"]) expect(repairOcrItem(word), word).toBe(word);
  });

  test("date words that lost or swapped marks are restored; TÍNH → TỈNH", () => {
    expect(["ngay", "ngảy", "thang", "thắng", "nam", "nãm", "TÍNH"].map(repairOcrItem)).toEqual(["ngày", "ngày", "tháng", "tháng", "năm", "năm", "TỈNH"]);
  });

  test("a glued number after the label is split and O/l read for 0/1 in the number", () => {
    const text = repairOcrText({
      pageCount: 1,
      hasTextLayer: true,
      pages: [{ width: 1, height: 1, items: [{ str: "S6:l7O/KH-UBND", x: 0, y: 0, width: 1, height: 1 }] }],
    });
    expect(text.pages[0].items[0].str).toBe("Số: 170/KH-UBND");
  });

  test("names are snapped to the directory within a few slips, not beyond", () => {
    const known = ["Ủy ban nhân dân tỉnh Cà Mau", "Sở Nội vụ", "Ủy ban nhân dân phường Tân Thành"];
    expect(closestKnownName("UY BẠN NHÂN DÂN 'TỈNH CÀ MAU", known)).toBe("Ủy ban nhân dân tỉnh Cà Mau");
    expect(closestKnownName("ỦY BAN NHÂN DÂN PHƯỜNG TẦN THÀNH", known)).toBe("Ủy ban nhân dân phường Tân Thành");
    expect(closestKnownName("Sở Tư pháp", known)).toBeNull();
  });

  test("a ministry is never snapped to the department of the same name (Bộ ≠ Sở)", () => {
    const known = ["Sở Nội vụ", "Sở Tư pháp", "Sở Y tế", "Sở Tài chính"];
    for (const ministry of ["BỘ NỘI VỤ", "BỘ TƯ PHÁP", "BỘ Y TẾ", "BỘ TÀI CHÍNH"]) expect(closestKnownName(ministry, known), ministry).toBeNull();
    // A slip inside the name still snaps within the same organ type.
    expect(closestKnownName("SỞ NỘI VU", known)).toBe("Sở Nội vụ");
  });
});

describe("quality guard", () => {
  test("low confidence or a resolution under 200 dpi flags the page with the 300 dpi hint", () => {
    expect(pageQuality({ page: 1, confidence: 92, dpi: 300 })).toMatchObject({ isLowQuality: false, warning: null });
    const low = pageQuality({ page: 2, confidence: 41.26, dpi: 150 });
    expect(low).toMatchObject({ isLowQuality: true, confidence: 41.3, dpi: 150 });
    expect(low.warning).toBe("Trang 2: chất lượng bản quét thấp (độ phân giải 150 dpi, độ tin cậy nhận dạng 41%). Nên quét lại ở 300 dpi.");
    expect(pageQuality({ page: 1, confidence: 95, dpi: 120 }).isLowQuality).toBe(true);
  });
});
