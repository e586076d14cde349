// Bounds of the arrival time ("ngày, giờ đến") a clerk enters at registration, and of the handling
// deadline that goes with it (issue 10 item 5). Pure: the service passes the clock and calendar.
//
// - Decree 30/2020 Art. 22 and Phụ lục IV: arrival numbers run per calendar year in that year's book;
//   only the current year's book is open, so an arrival date in an earlier year (a closed book) or in a
//   year to come (1900, 2099 opened books for those years) is refused.
// - Decree 30/2020 Art. 21 §1: an incoming document is registered on the day it arrives, at the latest
//   on the next working day. Registering later than that is back-dating: allowed only with a reason,
//   which goes into the audit trail.
// - An arrival in the future is refused (a few minutes' tolerance covers clocks of other machines).
// - A handling deadline before the arrival date cannot be met and is refused.

import { formatDateTimeVi, formatDateVi, toVietnamDate } from "#app/domain/shared/dates";
import { nextWorkingDay, type WorkingCalendar } from "#app/domain/shared/working-days";

export const ARRIVAL_FUTURE_TOLERANCE_MS = 5 * 60_000;
export const BACKDATE_REASON_MIN_LENGTH = 5;

export type ArrivalCheck = {
  receivedAt: Date;
  now: Date;
  calendar: WorkingCalendar;
  backdateReason?: string | null;
};

/** Field errors (empty when the arrival time and deadline are acceptable). */
export function arrivalDateErrors(check: ArrivalCheck): Record<string, string> {
  const errors: Record<string, string> = {};
  const { receivedAt, now } = check;
  if (Number.isNaN(receivedAt.getTime())) return { receivedAt: "Ngày, giờ đến không hợp lệ." };
  const arrivalDate = toVietnamDate(receivedAt);
  const today = toVietnamDate(now);
  const openYear = today.slice(0, 4);
  if (receivedAt.getTime() > now.getTime() + ARRIVAL_FUTURE_TOLERANCE_MS) {
    errors.receivedAt = `Ngày, giờ đến (${formatDateTimeVi(receivedAt)}) không thể sau thời điểm hiện tại (${formatDateTimeVi(now)}).`;
  } else if (arrivalDate.slice(0, 4) !== openYear) {
    errors.receivedAt = `Sổ đăng ký văn bản đến năm ${arrivalDate.slice(0, 4)} đã khóa; chỉ đăng ký văn bản đến trong năm ${openYear}.`;
  } else if (isBackdated(arrivalDate, today, check.calendar) && (check.backdateReason ?? "").trim().length < BACKDATE_REASON_MIN_LENGTH) {
    errors.backdateReason = `Văn bản đến ngày ${formatDateVi(arrivalDate)} phải được đăng ký chậm nhất trong ngày làm việc tiếp theo (Nghị định 30/2020, Điều 21); nhập lý do đăng ký muộn.`;
  }
  return errors;
}

/** A handling deadline before the arrival date cannot be met (null when fine or not comparable). */
export function deadlineBeforeArrivalError(handlingDeadline: string | null | undefined, receivedAt: Date): string | null {
  if (!handlingDeadline || Number.isNaN(receivedAt.getTime())) return null;
  const arrivalDate = toVietnamDate(receivedAt);
  return handlingDeadline < arrivalDate ? `Hạn xử lý (${formatDateVi(handlingDeadline)}) không thể trước ngày đến (${formatDateVi(arrivalDate)}).` : null;
}

/** Registered after the next working day following the arrival date. */
export function isBackdated(arrivalDate: string, today: string, calendar: WorkingCalendar): boolean {
  return today > nextWorkingDay(calendar, arrivalDate);
}
