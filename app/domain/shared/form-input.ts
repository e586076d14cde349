// What users type into date, time and number fields, parsed the same way in the browser and on the
// server. Dates are typed and shown dd/mm/yyyy and times 24-hour whatever the browser's language
// (issue 9: <input type=date> followed the browser locale, "03/12/2025" meant 12 March in en-US and
// "10:28 PM" appeared). ISO yyyy-mm-dd is accepted too, for scripts, the CLI and old bookmarks.

import { daysInMonth, formatDateTimeVi, formatDateVi, makeIsoDate, vietnamInstant } from "#app/domain/shared/dates";

export type Parsed<T> = { ok: true; value: T } | { ok: false; error: string };

export const DATE_PLACEHOLDER = "dd/mm/yyyy";
export const DATE_TIME_PLACEHOLDER = "dd/mm/yyyy hh:mm";

const VN_DATE = /^(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4})$/;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIME = /^(\d{1,2})\s*[:hg]\s*(\d{2})(?::(\d{2}))?$/i;

function twoDigits(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

/** Why a day/month/year that looks like a date is not one, in the clerk's words. */
function impossibleDate(day: number, month: number, year: number): string {
  const typed = `${twoDigits(day)}/${twoDigits(month)}/${year}`;
  if (month < 1 || month > 12) return `Ngày ${typed} không có thật: tháng phải từ 1 đến 12.`;
  if (year < 1) return `Ngày ${typed} không có thật.`;
  return `Ngày ${typed} không có thật: tháng ${month}/${year} chỉ có ${daysInMonth(year, month)} ngày.`;
}

/**
 * A calendar date typed as dd/mm/yyyy (also d/m/yyyy, with "." or "-") or ISO yyyy-mm-dd.
 * Two-digit years are refused: "1/1/23" is ambiguous in archival work.
 */
export function parseVnDate(text: string | null | undefined): Parsed<string> {
  const t = (text ?? "").trim();
  if (!t) return { ok: false, error: "Nhập ngày dạng dd/mm/yyyy." };
  let day: number, month: number, year: number;
  const vn = VN_DATE.exec(t);
  const iso = vn ? null : ISO_DATE.exec(t);
  if (vn) [day, month, year] = [Number(vn[1]), Number(vn[2]), Number(vn[3])];
  else if (iso) [year, month, day] = [Number(iso[1]), Number(iso[2]), Number(iso[3])];
  else return { ok: false, error: `"${t.slice(0, 40)}" không phải là ngày; nhập dạng dd/mm/yyyy, ví dụ 05/01/2025.` };
  const value = makeIsoDate(year, month, day);
  return value ? { ok: true, value } : { ok: false, error: impossibleDate(day, month, year) };
}

/** Like parseVnDate, but an empty field is fine (null). */
export function parseOptionalVnDate(text: string | null | undefined): Parsed<string | null> {
  return (text ?? "").trim() === "" ? { ok: true, value: null } : parseVnDate(text);
}

export type VnDateTime = { date: string; time: string; instant: Date };

/**
 * A date and a 24-hour time, "dd/mm/yyyy hh:mm" (also "… 8:30", "… 08h30"), or ISO
 * "yyyy-mm-ddThh:mm", in Vietnam time (UTC+7, no daylight saving since 1975).
 */
export function parseVnDateTime(text: string | null | undefined): Parsed<VnDateTime> {
  const t = (text ?? "").trim();
  if (!t) return { ok: false, error: "Nhập ngày giờ dạng dd/mm/yyyy hh:mm." };
  const m = /^(\S+?)(?:\s+|T)(\S+)$/.exec(t);
  if (!m) {
    // A date alone is not enough: the arrival time is part of the register entry (Decree 30, Phụ lục IV).
    const dateOnly = parseVnDate(t);
    return { ok: false, error: dateOnly.ok ? "Nhập cả giờ, dạng dd/mm/yyyy hh:mm (24 giờ), ví dụ 05/01/2025 14:30." : dateOnly.error };
  }
  const date = parseVnDate(m[1]);
  if (!date.ok) return date;
  const tm = TIME.exec(m[2]);
  if (!tm) return { ok: false, error: `Giờ "${m[2].slice(0, 20)}" không hợp lệ; nhập dạng hh:mm (24 giờ), ví dụ 14:30.` };
  const hours = Number(tm[1]);
  const minutes = Number(tm[2]);
  if (hours > 23 || minutes > 59 || Number(tm[3] ?? 0) > 59) return { ok: false, error: `Giờ ${m[2]} không có thật; giờ từ 00:00 đến 23:59.` };
  const time = `${twoDigits(hours)}:${twoDigits(minutes)}`;
  return { ok: true, value: { date: date.value, time, instant: vietnamInstant(date.value, time) } };
}

/** An ISO date for a text field ("" when there is none). */
export function dateInputValue(iso: string | null | undefined): string {
  if (!iso) return "";
  const value = makeIsoDate(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)), Number(iso.slice(8, 10)));
  return value && /^\d{4}-\d{2}-\d{2}/.test(iso) ? formatDateVi(value) : iso;
}

/** An instant as "dd/mm/yyyy hh:mm" in Vietnam time, for a text field. */
export function dateTimeInputValue(instant: Date | string): string {
  return formatDateTimeVi(typeof instant === "string" ? new Date(instant) : instant);
}

/**
 * A whole number written in decimal digits only. `Number("0x10")` is 16 and `Number("1e3")` is
 * 1000: a page count typed as "0x10" was stored as 16 (issue 10). Vietnamese thousands dots
 * ("1.200") are accepted.
 */
export function parseDecimalInteger(
  text: string | null | undefined,
  { min = 0, max = Number.MAX_SAFE_INTEGER }: { min?: number; max?: number } = {},
): Parsed<number> {
  const t = (text ?? "").trim();
  if (!/^(\d+|\d{1,3}(\.\d{3})+)$/.test(t)) return { ok: false, error: `"${t.slice(0, 20)}" không phải là số nguyên; chỉ nhập chữ số 0–9.` };
  const value = Number(t.replace(/\./g, ""));
  if (!Number.isSafeInteger(value) || value < min || value > max) return { ok: false, error: `Nhập số từ ${min} đến ${max}.` };
  return { ok: true, value };
}
