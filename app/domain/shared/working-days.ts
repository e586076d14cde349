// Working-day arithmetic for deadlines. Decree 30/2020 (Art. 4, 15, 18, 23) counts in
// working days ("trong ngày, chậm nhất là trong ngày làm việc tiếp theo"); state agencies
// work Monday–Friday, with public holidays (Labour Code 2019 Art. 112) off and
// Government-announced swaps making some Saturdays working days. The calendar is data.

import { addDays, dayOfWeek, isValidIsoDate } from "#app/domain/shared/dates";

export type WorkingCalendar = {
  /** Non-working weekdays: public holidays, compensation days, swapped-off days. */
  holidays: ReadonlySet<string>;
  /** Saturdays/Sundays that are working days (ngày làm bù). */
  workingWeekendDays: ReadonlySet<string>;
};

export type CalendarEntry = { date: string; kind: "holiday" | "working" };

/** A safety bound: no real calendar has a year-long run of non-working days. */
const MAX_SCAN_DAYS = 366;

export function createWorkingCalendar(entries: ReadonlyArray<CalendarEntry>): WorkingCalendar {
  const holidays = new Set<string>();
  const workingWeekendDays = new Set<string>();
  for (const e of entries) {
    if (!isValidIsoDate(e.date)) throw new RangeError(`Invalid calendar date: ${JSON.stringify(e.date)}`);
    if (e.kind === "holiday") holidays.add(e.date);
    else if (e.kind === "working") workingWeekendDays.add(e.date);
    else throw new RangeError(`Unknown calendar entry kind: ${String((e as { kind: unknown }).kind)}`);
  }
  return { holidays, workingWeekendDays };
}

/** Plain Monday–Friday calendar with no holidays. */
export const EMPTY_CALENDAR: WorkingCalendar = createWorkingCalendar([]);

export function isWorkingDay(cal: WorkingCalendar, iso: string): boolean {
  // A listed holiday wins over everything (a holiday cannot be worked).
  if (cal.holidays.has(iso)) return false;
  const dow = dayOfWeek(iso);
  if (dow === 0 || dow === 6) return cal.workingWeekendDays.has(iso);
  return true;
}

/** The first working day strictly after `iso`. */
export function nextWorkingDay(cal: WorkingCalendar, iso: string): string {
  let d = iso;
  for (let i = 0; i < MAX_SCAN_DAYS; i++) {
    d = addDays(d, 1);
    if (isWorkingDay(cal, d)) return d;
  }
  throw new RangeError(`No working day within ${MAX_SCAN_DAYS} days after ${iso}`);
}

/** `iso` itself when it is a working day, else the next one (Civil Code 2015 Art. 148 roll-forward). */
export function onOrNextWorkingDay(cal: WorkingCalendar, iso: string): string {
  return isWorkingDay(cal, iso) ? iso : nextWorkingDay(cal, iso);
}

/** The last working day strictly before `iso`. */
export function previousWorkingDay(cal: WorkingCalendar, iso: string): string {
  let d = iso;
  for (let i = 0; i < MAX_SCAN_DAYS; i++) {
    d = addDays(d, -1);
    if (isWorkingDay(cal, d)) return d;
  }
  throw new RangeError(`No working day within ${MAX_SCAN_DAYS} days before ${iso}`);
}

/**
 * The n-th working day after `iso` (n ≥ 0).
 *
 * Convention: the anchor day is not counted (Civil Code 2015 Art. 147: counting starts the
 * day after the event), so n = 1 is the "ngày làm việc tiếp theo" of Decree 30/2020 Art. 23,
 * i.e. nextWorkingDay(iso); "05 ngày làm việc kể từ ngày ký" = addWorkingDays(cal, signedOn, 5).
 * n = 0 means "the same day": iso itself if it is a working day, otherwise the next working
 * day (Art. 148: a period ending on a day off ends on the next working day).
 */
export function addWorkingDays(cal: WorkingCalendar, iso: string, n: number): string {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`addWorkingDays: n must be an integer ≥ 0, got ${n}`);
  if (!isValidIsoDate(iso)) throw new RangeError(`Invalid ISO date: ${JSON.stringify(iso)}`);
  if (n === 0) return onOrNextWorkingDay(cal, iso);
  let d = iso;
  for (let i = 0; i < n; i++) d = nextWorkingDay(cal, d);
  return d;
}

/**
 * Number of working days in the half-open interval (from, to]: the same counting as
 * addWorkingDays, so workingDaysBetween(cal, d, addWorkingDays(cal, d, n)) === n for n ≥ 1.
 * Negative when `to` is before `from` (days remaining become days overdue).
 */
export function workingDaysBetween(cal: WorkingCalendar, from: string, to: string): number {
  if (!isValidIsoDate(from) || !isValidIsoDate(to)) throw new RangeError(`Invalid ISO date: ${from} / ${to}`);
  if (from === to) return 0;
  if (to < from) return -workingDaysBetween(cal, to, from);
  let count = 0;
  for (let d = addDays(from, 1); d <= to; d = addDays(d, 1)) {
    if (isWorkingDay(cal, d)) count++;
  }
  return count;
}
