// Pure calendar-date helpers. Dates are ISO strings `YYYY-MM-DD` in the
// Asia/Ho_Chi_Minh calendar (UTC+7, no DST since 1975), so plain UTC arithmetic on
// the date parts is exact and never shifted by the host time zone.

const ISO_DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const VN_OFFSET_MS = 7 * 60 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

function pad4(n: number): string {
  return String(n).padStart(4, "0");
}

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** Builds an ISO date from parts, or null when the parts do not form a real date. */
export function makeIsoDate(year: number, month: number, day: number): string | null {
  if (!Number.isInteger(year) || !Number.isInteger(month) || !Number.isInteger(day)) return null;
  if (year < 1 || year > 9999 || month < 1 || month > 12 || day < 1) return null;
  if (day > daysInMonth(year, month)) return null;
  return `${pad4(year)}-${pad2(month)}-${pad2(day)}`;
}

export function isValidIsoDate(s: unknown): s is string {
  if (typeof s !== "string") return false;
  const m = ISO_DATE_RE.exec(s);
  if (!m) return false;
  return makeIsoDate(Number(m[1]), Number(m[2]), Number(m[3])) !== null;
}

export type DateParts = { year: number; month: number; day: number };

export function isoDateParts(iso: string): DateParts {
  if (!isValidIsoDate(iso)) throw new RangeError(`Invalid ISO date: ${JSON.stringify(iso)}`);
  return {
    year: Number(iso.slice(0, 4)),
    month: Number(iso.slice(5, 7)),
    day: Number(iso.slice(8, 10)),
  };
}

function toEpochDay(iso: string): number {
  const { year, month, day } = isoDateParts(iso);
  return Math.round(Date.UTC(year, month - 1, day) / DAY_MS);
}

function fromEpochDay(epochDay: number): string {
  const d = new Date(epochDay * DAY_MS);
  return `${pad4(d.getUTCFullYear())}-${pad2(d.getUTCMonth() + 1)}-${pad2(d.getUTCDate())}`;
}

/** dd/mm/yyyy, the display format used throughout the UI and in reports. */
export function formatDateVi(iso: string): string {
  const { year, month, day } = isoDateParts(iso);
  return `${pad2(day)}/${pad2(month)}/${pad4(year)}`;
}

const VI_DATE_RE = /^\s*(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4})\s*$/;

/**
 * Parses a Vietnamese day-first date ("5/1/2025", "05-01-2025", "5.1.2025").
 * Two-digit years are rejected on purpose: "1/1/23" is ambiguous in archival data.
 */
export function parseDateVi(text: string): string | null {
  if (typeof text !== "string") return null;
  const m = VI_DATE_RE.exec(text);
  if (!m) return null;
  return makeIsoDate(Number(m[3]), Number(m[2]), Number(m[1]));
}

/**
 * Place-and-date line of an administrative document (Decree 30/2020, Phụ lục I):
 * day < 10 and months 1–2 take a leading zero, months 3–12 do not
 * ("Cà Mau, ngày 15 tháng 6 năm 2025"; "Tân Thành, ngày 05 tháng 01 năm 2025").
 */
export function formatDateLine(place: string, iso: string): string {
  const { year, month, day } = isoDateParts(iso);
  const monthText = month <= 2 ? pad2(month) : String(month);
  return `${place.trim()}, ngày ${pad2(day)} tháng ${monthText} năm ${year}`;
}

function shiftToVietnam(instant: Date): Date {
  const t = instant.getTime();
  if (Number.isNaN(t)) throw new RangeError("Invalid Date");
  return new Date(t + VN_OFFSET_MS);
}

/** The Vietnamese calendar date (UTC+7) of an instant. */
export function toVietnamDate(instant: Date): string {
  const v = shiftToVietnam(instant);
  return `${pad4(v.getUTCFullYear())}-${pad2(v.getUTCMonth() + 1)}-${pad2(v.getUTCDate())}`;
}

/** "dd/mm/yyyy HH:MM" in Vietnam time. */
export function formatDateTimeVi(instant: Date): string {
  const v = shiftToVietnam(instant);
  return `${pad2(v.getUTCDate())}/${pad2(v.getUTCMonth() + 1)}/${pad4(v.getUTCFullYear())} ${pad2(v.getUTCHours())}:${pad2(v.getUTCMinutes())}`;
}

/** The instant at which Vietnam's clocks show `iso` (yyyy-mm-dd) at `time` (hh:mm, 24-hour). */
export function vietnamInstant(iso: string, time = "00:00"): Date {
  const { year, month, day } = isoDateParts(iso);
  const [hours, minutes] = time.split(":").map(Number);
  return new Date(Date.UTC(year, month - 1, day, hours, minutes) - VN_OFFSET_MS);
}

/** ISO 8601 with the +07:00 offset, e.g. for edXML/audit records. */
export function formatIsoOffset(instant: Date): string {
  const v = shiftToVietnam(instant);
  return `${toVietnamDate(instant)}T${pad2(v.getUTCHours())}:${pad2(v.getUTCMinutes())}:${pad2(v.getUTCSeconds())}+07:00`;
}

export function addDays(iso: string, n: number): string {
  if (!Number.isInteger(n)) throw new RangeError(`addDays: n must be an integer, got ${n}`);
  return fromEpochDay(toEpochDay(iso) + n);
}

/** Signed number of calendar days from a to b (b − a). */
export function daysBetween(a: string, b: string): number {
  return toEpochDay(b) - toEpochDay(a);
}

/** Last day of month m (1–12) of year y. */
export function endOfMonth(year: number, month: number): string {
  const iso = makeIsoDate(year, month, 1);
  if (!iso) throw new RangeError(`Invalid month ${year}-${month}`);
  return makeIsoDate(year, month, daysInMonth(year, month)) as string;
}

/** 0 = Sunday … 6 = Saturday. */
export function dayOfWeek(iso: string): number {
  // 1970-01-01 was a Thursday (4).
  return (((toEpochDay(iso) + 4) % 7) + 7) % 7;
}

export function isWeekend(iso: string): boolean {
  const d = dayOfWeek(iso);
  return d === 0 || d === 6;
}

export function compareIsoDates(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function minIsoDate(a: string, b: string): string {
  return a <= b ? a : b;
}

export function maxIsoDate(a: string, b: string): string {
  return a >= b ? a : b;
}
