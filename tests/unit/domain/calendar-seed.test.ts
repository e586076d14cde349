import { describe, expect, it } from "vitest";
import { publicCalendarEntriesForYear, VIETNAM_PUBLIC_CALENDAR, vietnamPublicWorkingCalendar } from "#app/domain/shared/calendar-seed";
import { dayOfWeek, isValidIsoDate } from "#app/domain/shared/dates";
import { addWorkingDays, isWorkingDay, nextWorkingDay, workingDaysBetween } from "#app/domain/shared/working-days";

const isWeekendDay = (iso: string) => dayOfWeek(iso) === 0 || dayOfWeek(iso) === 6;

describe("VIETNAM_PUBLIC_CALENDAR", () => {
  it("has valid, unique, sorted dates", () => {
    const dates = VIETNAM_PUBLIC_CALENDAR.map((e) => e.date);
    expect(dates.every(isValidIsoDate)).toBe(true);
    expect(new Set(dates).size).toBe(dates.length);
    expect([...dates].sort()).toEqual(dates);
  });

  it.each([
    [2024, 12, 1],
    [2025, 12, 1],
    [2026, 12, 0],
    [2027, 14, 0],
  ])("%i: %i holiday rows, %i working rows", (year, holidays, working) => {
    const rows = publicCalendarEntriesForYear(year);
    expect(rows.filter((e) => e.kind === "holiday")).toHaveLength(holidays);
    expect(rows.filter((e) => e.kind === "working")).toHaveLength(working);
  });

  it.each([2024, 2025, 2026, 2027])("%i: net 11 paid days off (Labour Code 2019 Art. 112 k.1)", (year) => {
    const rows = publicCalendarEntriesForYear(year);
    const weekdayOff = rows.filter((e) => e.kind === "holiday" && !isWeekendDay(e.date)).length;
    const workedWeekend = rows.filter((e) => e.kind === "working").length;
    expect(weekdayOff - workedWeekend).toBe(11);
  });

  it("every working row is a weekend day", () => {
    for (const e of VIETNAM_PUBLIC_CALENDAR.filter((x) => x.kind === "working")) {
      expect(isWeekendDay(e.date), e.date).toBe(true);
      expect(e.compensationFor).toBeDefined();
    }
  });

  it("every weekend holiday is compensated by a weekday holiday", () => {
    for (const e of VIETNAM_PUBLIC_CALENDAR.filter((x) => x.kind === "holiday" && isWeekendDay(x.date))) {
      const comp = VIETNAM_PUBLIC_CALENDAR.find((x) => x.compensationFor === e.date);
      expect(comp, e.date).toBeDefined();
      expect(comp!.kind).toBe("holiday");
      expect(isWeekendDay(comp!.date)).toBe(false);
      expect(comp!.date > e.date).toBe(true);
    }
  });

  it("contains the fixed-date holidays every year", () => {
    for (const y of [2024, 2025, 2026, 2027]) {
      for (const md of ["01-01", "04-30", "05-01", "09-02"]) {
        expect(
          VIETNAM_PUBLIC_CALENDAR.some((e) => e.date === `${y}-${md}` && e.kind === "holiday"),
          `${y}-${md}`,
        ).toBe(true);
      }
    }
  });

  it("Giỗ Tổ Hùng Vương dates", () => {
    const hung = VIETNAM_PUBLIC_CALENDAR.filter((e) => e.name.startsWith("Giỗ Tổ")).map((e) => e.date);
    expect(hung).toEqual(["2024-04-18", "2025-04-07", "2026-04-26", "2027-04-16"]);
  });

  it("projected entries are marked", () => {
    expect(VIETNAM_PUBLIC_CALENDAR.filter((e) => e.date.startsWith("2027-02")).every((e) => e.name.includes("(dự kiến)"))).toBe(true);
    expect(VIETNAM_PUBLIC_CALENDAR.filter((e) => e.date.startsWith("2025-")).some((e) => e.name.includes("(dự kiến)"))).toBe(false);
  });
});

describe("as a working calendar", () => {
  const cal = vietnamPublicWorkingCalendar();
  it("Tết Bính Ngọ 2026: Fri 13/02 → next working day Mon 23/02", () => {
    expect(nextWorkingDay(cal, "2026-02-13")).toBe("2026-02-23");
    expect(workingDaysBetween(cal, "2026-02-13", "2026-02-23")).toBe(1);
  });
  it("2025 swap: Sat 26/04 is worked, Fri 02/05 is off", () => {
    expect(isWorkingDay(cal, "2025-04-26")).toBe(true);
    expect(isWorkingDay(cal, "2025-05-02")).toBe(false);
    expect(nextWorkingDay(cal, "2025-04-29")).toBe("2025-05-05");
  });
  it("2024 swap: Mon 29/04 off, Sat 04/05 worked", () => {
    expect(nextWorkingDay(cal, "2024-04-26")).toBe("2024-05-02");
    expect(nextWorkingDay(cal, "2024-05-03")).toBe("2024-05-04");
  });
  it("Giỗ Tổ 2026 falls on Sunday and is compensated on Monday 27/04", () => {
    expect(nextWorkingDay(cal, "2026-04-24")).toBe("2026-04-28");
  });
  it("05 working days from a signing on Fri 24/01/2025 (Tết Ất Tỵ) end on Fri 07/02", () => {
    expect(addWorkingDays(cal, "2025-01-24", 5)).toBe("2025-02-07");
  });
});
