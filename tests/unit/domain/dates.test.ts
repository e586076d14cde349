import { describe, expect, it } from "vitest";
import {
  addDays,
  dayOfWeek,
  daysBetween,
  endOfMonth,
  formatDateLine,
  formatDateTimeVi,
  formatDateVi,
  formatIsoOffset,
  isValidIsoDate,
  makeIsoDate,
  parseDateVi,
  toVietnamDate,
} from "#app/domain/shared/dates";

describe("formatDateVi", () => {
  it("pads day and month", () => {
    expect(formatDateVi("2025-01-05")).toBe("05/01/2025");
    expect(formatDateVi("2023-12-31")).toBe("31/12/2023");
  });
  it("rejects invalid input", () => {
    expect(() => formatDateVi("2025-02-30")).toThrow(RangeError);
    expect(() => formatDateVi("05/01/2025")).toThrow(RangeError);
  });
});

describe("parseDateVi", () => {
  it.each([
    ["5/1/2025", "2025-01-05"],
    ["05/01/2025", "2025-01-05"],
    ["05-01-2025", "2025-01-05"],
    ["5.1.2025", "2025-01-05"],
    [" 18/6/2025 ", "2025-06-18"],
    ["29/02/2024", "2024-02-29"],
    ["31/12/2023", "2023-12-31"],
  ])("%s → %s", (input, expected) => {
    expect(parseDateVi(input)).toBe(expected);
  });
  it.each([
    "31/02/2025",
    "29/02/2023",
    "00/01/2025",
    "01/00/2025",
    "01/13/2025",
    "32/01/2025",
    "5/1/25",
    "5/1/202",
    "",
    "abc",
    "2025-01-05",
    "5/1/2025x",
    "31/04/2025",
  ])("rejects %j", (input) => {
    expect(parseDateVi(input)).toBeNull();
  });
});

describe("formatDateLine (Decree 30/2020 Phụ lục I)", () => {
  it.each([
    ["Tân Thành", "2025-01-05", "Tân Thành, ngày 05 tháng 01 năm 2025"],
    ["Tân Thành", "2025-06-15", "Tân Thành, ngày 15 tháng 6 năm 2025"],
    ["Cà Mau", "2025-02-01", "Cà Mau, ngày 01 tháng 02 năm 2025"],
    ["Cà Mau", "2025-03-09", "Cà Mau, ngày 09 tháng 3 năm 2025"],
    ["Cà Mau", "2025-11-20", "Cà Mau, ngày 20 tháng 11 năm 2025"],
    ["Cà Mau", "2025-07-31", "Cà Mau, ngày 31 tháng 7 năm 2025"],
    ["Phường 3", "2025-10-10", "Phường 3, ngày 10 tháng 10 năm 2025"],
  ])("%s %s", (place, iso, expected) => {
    expect(formatDateLine(place, iso)).toBe(expected);
  });
});

describe("Vietnam time zone (UTC+7)", () => {
  it("rolls over at 17:00 UTC", () => {
    expect(toVietnamDate(new Date("2025-06-14T16:59:59Z"))).toBe("2025-06-14");
    expect(toVietnamDate(new Date("2025-06-14T17:00:00Z"))).toBe("2025-06-15");
    expect(toVietnamDate(new Date("2024-12-31T17:30:00Z"))).toBe("2025-01-01");
  });
  it("formats date-time and ISO offset", () => {
    const t = new Date("2025-06-15T02:15:00Z");
    expect(formatDateTimeVi(t)).toBe("15/06/2025 09:15");
    expect(formatIsoOffset(t)).toBe("2025-06-15T09:15:00+07:00");
    expect(formatIsoOffset(new Date("2024-12-31T23:05:07Z"))).toBe("2025-01-01T06:05:07+07:00");
  });
  it("rejects invalid dates", () => {
    expect(() => toVietnamDate(new Date("nope"))).toThrow();
  });
});

describe("isValidIsoDate / makeIsoDate", () => {
  it("accepts real dates only", () => {
    expect(isValidIsoDate("2024-02-29")).toBe(true);
    expect(isValidIsoDate("2023-02-29")).toBe(false);
    expect(isValidIsoDate("1900-02-29")).toBe(false);
    expect(isValidIsoDate("2000-02-29")).toBe(true);
    expect(isValidIsoDate("2025-1-05")).toBe(false);
    expect(isValidIsoDate("2025-01-05T00:00")).toBe(false);
    expect(isValidIsoDate(20250105)).toBe(false);
    expect(isValidIsoDate(null)).toBe(false);
  });
  it("makeIsoDate", () => {
    expect(makeIsoDate(2025, 4, 30)).toBe("2025-04-30");
    expect(makeIsoDate(2025, 4, 31)).toBeNull();
    expect(makeIsoDate(2025, 1.5, 1)).toBeNull();
  });
});

describe("arithmetic", () => {
  it("addDays across months, years and leap days", () => {
    expect(addDays("2024-02-28", 1)).toBe("2024-02-29");
    expect(addDays("2023-02-28", 1)).toBe("2023-03-01");
    expect(addDays("2023-12-31", 1)).toBe("2024-01-01");
    expect(addDays("2024-01-15", -1)).toBe("2024-01-14");
    expect(addDays("2025-01-05", 0)).toBe("2025-01-05");
    expect(() => addDays("2025-01-05", 0.5)).toThrow();
  });
  it("daysBetween is signed", () => {
    expect(daysBetween("2024-01-01", "2024-12-31")).toBe(365);
    expect(daysBetween("2025-01-01", "2025-12-31")).toBe(364);
    expect(daysBetween("2025-01-10", "2025-01-01")).toBe(-9);
  });
  it("endOfMonth", () => {
    expect(endOfMonth(2024, 2)).toBe("2024-02-29");
    expect(endOfMonth(2023, 2)).toBe("2023-02-28");
    expect(endOfMonth(2023, 9)).toBe("2023-09-30");
    expect(endOfMonth(2023, 12)).toBe("2023-12-31");
    expect(() => endOfMonth(2023, 13)).toThrow();
  });
  it("dayOfWeek (0 = Sunday)", () => {
    expect(dayOfWeek("2025-01-05")).toBe(0);
    expect(dayOfWeek("2024-01-01")).toBe(1);
    expect(dayOfWeek("2026-02-14")).toBe(6);
    expect(dayOfWeek("1969-12-31")).toBe(3);
  });
});
