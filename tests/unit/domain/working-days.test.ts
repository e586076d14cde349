import { describe, expect, it } from "vitest";
import {
  addWorkingDays,
  createWorkingCalendar,
  EMPTY_CALENDAR,
  isWorkingDay,
  nextWorkingDay,
  onOrNextWorkingDay,
  previousWorkingDay,
  workingDaysBetween,
} from "#app/domain/shared/working-days";

// 2025: 30/4 (Wed) and 1/5 (Thu) holidays; 2/5 (Fri) swapped off, Sat 26/4 worked.
const cal2025 = createWorkingCalendar([
  { date: "2025-04-30", kind: "holiday" },
  { date: "2025-05-01", kind: "holiday" },
  { date: "2025-05-02", kind: "holiday" },
  { date: "2025-04-26", kind: "working" },
  { date: "2025-09-01", kind: "holiday" },
  { date: "2025-09-02", kind: "holiday" },
]);

describe("createWorkingCalendar", () => {
  it("splits entries", () => {
    expect(cal2025.holidays.has("2025-04-30")).toBe(true);
    expect(cal2025.workingWeekendDays.has("2025-04-26")).toBe(true);
    expect(cal2025.holidays.has("2025-04-26")).toBe(false);
  });
  it("rejects invalid dates", () => {
    expect(() => createWorkingCalendar([{ date: "2025-02-30", kind: "holiday" }])).toThrow(RangeError);
  });
});

describe("isWorkingDay", () => {
  it("weekdays work, weekends rest", () => {
    expect(isWorkingDay(EMPTY_CALENDAR, "2025-06-13")).toBe(true); // Fri
    expect(isWorkingDay(EMPTY_CALENDAR, "2025-06-14")).toBe(false); // Sat
    expect(isWorkingDay(EMPTY_CALENDAR, "2025-06-15")).toBe(false); // Sun
  });
  it("holidays and swaps", () => {
    expect(isWorkingDay(cal2025, "2025-04-30")).toBe(false);
    expect(isWorkingDay(cal2025, "2025-04-26")).toBe(true); // worked Saturday
    expect(isWorkingDay(cal2025, "2025-04-27")).toBe(false);
    expect(isWorkingDay(cal2025, "2025-04-29")).toBe(true);
  });
  it("a listed holiday beats a listed working day", () => {
    const c = createWorkingCalendar([
      { date: "2025-04-26", kind: "working" },
      { date: "2025-04-26", kind: "holiday" },
    ]);
    expect(isWorkingDay(c, "2025-04-26")).toBe(false);
  });
});

describe("nextWorkingDay / previousWorkingDay", () => {
  it("is strictly after", () => {
    expect(nextWorkingDay(EMPTY_CALENDAR, "2025-06-12")).toBe("2025-06-13");
    expect(nextWorkingDay(EMPTY_CALENDAR, "2025-06-13")).toBe("2025-06-16");
    expect(nextWorkingDay(cal2025, "2025-04-29")).toBe("2025-05-05");
    expect(nextWorkingDay(cal2025, "2025-04-25")).toBe("2025-04-26");
    expect(nextWorkingDay(cal2025, "2025-08-29")).toBe("2025-09-03");
  });
  it("previous", () => {
    expect(previousWorkingDay(cal2025, "2025-05-05")).toBe("2025-04-29");
    expect(previousWorkingDay(EMPTY_CALENDAR, "2025-06-16")).toBe("2025-06-13");
  });
  it("onOrNext", () => {
    expect(onOrNextWorkingDay(cal2025, "2025-04-29")).toBe("2025-04-29");
    expect(onOrNextWorkingDay(cal2025, "2025-05-01")).toBe("2025-05-05");
  });
  it("throws when there is no working day in a year", () => {
    const entries = Array.from({ length: 400 }, (_, i) => {
      const d = new Date(Date.UTC(2030, 0, 1 + i));
      return { date: d.toISOString().slice(0, 10), kind: "holiday" as const };
    });
    expect(() => nextWorkingDay(createWorkingCalendar(entries), "2029-12-31")).toThrow(RangeError);
  });
});

describe("addWorkingDays (anchor day not counted; n=0 → same or next working day)", () => {
  it("n = 0", () => {
    expect(addWorkingDays(EMPTY_CALENDAR, "2025-06-13", 0)).toBe("2025-06-13");
    expect(addWorkingDays(EMPTY_CALENDAR, "2025-06-14", 0)).toBe("2025-06-16");
  });
  it("n = 1 is the next working day (Decree 30 'ngày làm việc tiếp theo')", () => {
    expect(addWorkingDays(EMPTY_CALENDAR, "2025-06-13", 1)).toBe("2025-06-16");
    expect(addWorkingDays(EMPTY_CALENDAR, "2025-06-14", 1)).toBe("2025-06-16");
  });
  it("05 ngày làm việc kể từ ngày ký", () => {
    expect(addWorkingDays(EMPTY_CALENDAR, "2025-06-02", 5)).toBe("2025-06-09"); // Mon → next Mon
    expect(addWorkingDays(EMPTY_CALENDAR, "2025-06-06", 5)).toBe("2025-06-13"); // Fri → next Fri
    expect(addWorkingDays(cal2025, "2025-04-24", 5)).toBe("2025-05-05"); // 25, 26 (Sat worked), 28, 29, then 5/5
  });
  it("rejects negative or fractional n", () => {
    expect(() => addWorkingDays(EMPTY_CALENDAR, "2025-06-13", -1)).toThrow(RangeError);
    expect(() => addWorkingDays(EMPTY_CALENDAR, "2025-06-13", 1.5)).toThrow(RangeError);
    expect(() => addWorkingDays(EMPTY_CALENDAR, "13/06/2025", 1)).toThrow(RangeError);
  });
});

describe("workingDaysBetween (half-open (from, to])", () => {
  it("counts", () => {
    expect(workingDaysBetween(EMPTY_CALENDAR, "2025-06-13", "2025-06-13")).toBe(0);
    expect(workingDaysBetween(EMPTY_CALENDAR, "2025-06-13", "2025-06-16")).toBe(1);
    expect(workingDaysBetween(EMPTY_CALENDAR, "2025-06-01", "2025-06-30")).toBe(21);
    expect(workingDaysBetween(cal2025, "2025-04-25", "2025-05-05")).toBe(4); // 26 Sat, 28, 29, 5/5
    expect(workingDaysBetween(EMPTY_CALENDAR, "2025-06-16", "2025-06-13")).toBe(-1);
  });
  it("is the inverse of addWorkingDays", () => {
    for (const start of ["2025-04-20", "2025-04-24", "2025-04-30", "2025-08-28"]) {
      for (let n = 1; n <= 12; n++) {
        expect(workingDaysBetween(cal2025, start, addWorkingDays(cal2025, start, n))).toBe(n);
      }
    }
  });
});
