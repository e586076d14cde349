import { describe, expect, test } from "vitest";
import { createWorkingCalendar } from "#app/domain/shared/working-days";
import {
  deadlineAfterWorkingDays,
  deadlineMark,
  formatArrivalNumber,
  incomingBookName,
  incomingSearchBody,
  toIncomingFtsQuery,
} from "#app/domain/incoming/incoming";
import { contentDisposition } from "#app/utils/content-disposition";

describe("arrival numbers", () => {
  test("are written with at least two digits", () => {
    expect(formatArrivalNumber(1)).toBe("01");
    expect(formatArrivalNumber(9)).toBe("09");
    expect(formatArrivalNumber(10)).toBe("10");
    expect(formatArrivalNumber(1234)).toBe("1234");
    expect(formatArrivalNumber(null)).toBe("");
    expect(() => formatArrivalNumber(0)).toThrow(RangeError);
    expect(() => formatArrivalNumber(1.5)).toThrow(RangeError);
  });

  test("books are named by year and security", () => {
    expect(incomingBookName(2025, "normal")).toBe("Sổ văn bản đến năm 2025");
    expect(incomingBookName(2025, "secret")).toBe("Sổ văn bản đến (mật) năm 2025");
  });
});

describe("search query folding", () => {
  test("folds đ and tones so that an accent-free query matches", () => {
    expect(toIncomingFtsQuery("Đôn đốc")).toBe('"don" "doc"');
    expect(toIncomingFtsQuery("don doc")).toBe('"don" "doc"');
    expect(toIncomingFtsQuery("CHUYỂN ĐỔI SỐ")).toBe('"chuyen" "doi" "so"');
    expect(toIncomingFtsQuery("172/KH-UBND")).toBe('"172" "kh" "ubnd"');
  });

  test("neutralises FTS5 syntax and returns null for nothing searchable", () => {
    expect(toIncomingFtsQuery('a" OR b*')).toBe('"a" "or" "b"');
    expect(toIncomingFtsQuery("  -- ** ")).toBeNull();
    expect(toIncomingFtsQuery("")).toBeNull();
  });

  test("the indexed body is folded the same way", () => {
    expect(incomingSearchBody({ summary: "Đôn đốc triển khai", numberSymbol: "12/UBND-VP", issuerName: "Sở Nội vụ" })).toBe(
      "12/ubnd-vp don doc trien khai so noi vu",
    );
  });
});

describe("deadline marks", () => {
  // Thursday 2025-01-02; Friday 2025-01-03; holiday on Monday 2025-01-06 for the test.
  const calendar = createWorkingCalendar([{ date: "2025-01-06", kind: "holiday" }]);
  test("overdue after the deadline day, due soon within 2 working days, otherwise ok", () => {
    expect(deadlineMark(calendar, "2025-01-02", "2025-01-01")).toBe("overdue");
    expect(deadlineMark(calendar, "2025-01-02", "2025-01-02")).toBe("due_soon");
    expect(deadlineMark(calendar, "2025-01-02", "2025-01-03")).toBe("due_soon");
    // Two working days after Thursday: Friday, then Tuesday (weekend and the holiday skipped).
    expect(deadlineMark(calendar, "2025-01-02", "2025-01-07")).toBe("due_soon");
    expect(deadlineMark(calendar, "2025-01-02", "2025-01-08")).toBe("ok");
    expect(deadlineMark(calendar, "2025-01-02", null)).toBeNull();
  });

  test("N working days skip weekends and holidays", () => {
    expect(deadlineAfterWorkingDays(calendar, "2025-01-02", 1)).toBe("2025-01-03");
    expect(deadlineAfterWorkingDays(calendar, "2025-01-02", 2)).toBe("2025-01-07");
    expect(() => deadlineAfterWorkingDays(calendar, "2025-01-02", 0)).toThrow(RangeError);
  });
});

describe("download names", () => {
  test("Content-Disposition carries an ASCII fallback and the UTF-8 name (RFC 6266)", () => {
    expect(contentDisposition("attachment", "Sổ văn bản đến 2025.xlsx")).toBe(
      `attachment; filename="So van ban den 2025.xlsx"; filename*=UTF-8''S%E1%BB%95%20v%C4%83n%20b%E1%BA%A3n%20%C4%91%E1%BA%BFn%202025.xlsx`,
    );
  });
});
