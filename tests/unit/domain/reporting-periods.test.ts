import { describe, expect, it } from "vitest";
import { currentReportingPeriod, previousReportingPeriod, reportingPeriod, reportingPeriods } from "#app/domain/plans/reporting-periods";

describe("reportingPeriods (tasks.md §2.1, 581/BNV-CCHC)", () => {
  it("has the four reports of 2025", () => {
    expect(reportingPeriods(2025)).toEqual([
      {
        key: "q1",
        year: 2025,
        label: "Quý I năm 2025",
        from: "2024-12-15",
        to: "2025-03-14",
        cutOff: "2025-03-14",
        dueDate: "2025-03-20",
      },
      {
        key: "h1",
        year: 2025,
        label: "6 tháng đầu năm 2025",
        from: "2024-12-15",
        to: "2025-06-14",
        cutOff: "2025-06-14",
        dueDate: "2025-06-20",
      },
      {
        key: "q3",
        year: 2025,
        label: "Quý III năm 2025",
        from: "2025-06-15",
        to: "2025-09-14",
        cutOff: "2025-09-14",
        dueDate: "2025-09-20",
      },
      {
        key: "year",
        year: 2025,
        label: "Năm 2025",
        from: "2024-12-15",
        to: "2025-12-14",
        cutOff: "2025-12-14",
        dueDate: "2025-12-20",
      },
    ]);
  });
  it("reportingPeriod by key", () => {
    expect(reportingPeriod(2023, "year").cutOff).toBe("2023-12-14");
    expect(() => reportingPeriods(2023.5)).toThrow(RangeError);
  });
});

describe("currentReportingPeriod", () => {
  it.each([
    ["2025-01-01", "q1", 2025],
    ["2025-03-14", "q1", 2025],
    ["2025-03-15", "h1", 2025],
    ["2025-06-14", "h1", 2025],
    ["2025-06-15", "q3", 2025],
    ["2025-09-15", "year", 2025],
    ["2025-12-14", "year", 2025],
    ["2025-12-15", "q1", 2026],
    ["2025-12-31", "q1", 2026],
  ])("%s → %s %i", (today, key, year) => {
    const p = currentReportingPeriod(today);
    expect([p.key, p.year]).toEqual([key, year]);
  });
  it("previousReportingPeriod", () => {
    expect(previousReportingPeriod("2025-03-16").label).toBe("Quý I năm 2025");
    expect(previousReportingPeriod("2025-03-14").label).toBe("Năm 2024");
    expect(previousReportingPeriod("2025-12-15").label).toBe("Năm 2025");
    expect(() => currentReportingPeriod("2025-13-01")).toThrow(RangeError);
  });
});
