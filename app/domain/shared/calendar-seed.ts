// Seed of the public-holiday calendar for civil servants (công chức, viên chức), 2024–2027.
// Legal frame: Labour Code 2019 Art. 112 k.1 (11 days: 01/01; 5 days Tết Âm lịch; 30/4; 01/5;
// 02/9 plus one adjacent day; Giỗ Tổ Hùng Vương 10/3 âm lịch); a holiday falling on a weekly
// rest day is compensated on the next working day (Art. 112 k.3); the Prime Minister fixes the
// Tết days and the adjacent Quốc khánh day, and swaps (hoán đổi) are announced each year.
//
// This is DATA to be loaded into the admin-maintained calendar (domain.md §9), not a rule.
// Entries not yet officially announced are marked "(dự kiến)" in their name and must be
// checked against the Government's notice before use.
//
// Convention: "holiday" rows list every weekday without work plus single-day legal holidays
// that fall on a weekend (each paired with its compensation day); weekend days inside the Tết
// break are not listed because they are rest days anyway. "working" rows are swapped Saturdays.

import { createWorkingCalendar, type WorkingCalendar } from "#app/domain/shared/working-days";

export type PublicCalendarEntry = {
  date: string;
  kind: "holiday" | "working";
  name: string;
  /** For a compensation or swap row: the date it stands in for. */
  compensationFor?: string;
};

const NAME = {
  newYear: "Tết Dương lịch",
  victory: "Ngày Chiến thắng (30/4)",
  labour: "Ngày Quốc tế Lao động (01/5)",
  national: "Quốc khánh (02/9)",
  nationalAdjacent: "Quốc khánh (ngày liền kề)",
  hung: "Giỗ Tổ Hùng Vương (10/3 âm lịch)",
};

export const VIETNAM_PUBLIC_CALENDAR: PublicCalendarEntry[] = [
  // ---- 2024 ----
  { date: "2024-01-01", kind: "holiday", name: NAME.newYear },
  // Tết Giáp Thìn (mùng 1 = 10/02/2024): civil servants off Thu 08/02 → Wed 14/02.
  { date: "2024-02-08", kind: "holiday", name: "Tết Nguyên đán Giáp Thìn" },
  {
    date: "2024-02-09",
    kind: "holiday",
    name: "Tết Nguyên đán Giáp Thìn (30 Tết)",
  },
  { date: "2024-02-12", kind: "holiday", name: "Tết Nguyên đán Giáp Thìn" },
  { date: "2024-02-13", kind: "holiday", name: "Tết Nguyên đán Giáp Thìn" },
  { date: "2024-02-14", kind: "holiday", name: "Tết Nguyên đán Giáp Thìn" },
  { date: "2024-04-18", kind: "holiday", name: NAME.hung },
  // Swap: Mon 29/04 off, worked on Sat 04/05/2024.
  {
    date: "2024-04-29",
    kind: "holiday",
    name: "Nghỉ hoán đổi (làm bù thứ Bảy 04/05/2024)",
    compensationFor: "2024-05-04",
  },
  { date: "2024-04-30", kind: "holiday", name: NAME.victory },
  { date: "2024-05-01", kind: "holiday", name: NAME.labour },
  {
    date: "2024-05-04",
    kind: "working",
    name: "Làm bù cho ngày nghỉ 29/04/2024",
    compensationFor: "2024-04-29",
  },
  { date: "2024-09-02", kind: "holiday", name: NAME.national },
  { date: "2024-09-03", kind: "holiday", name: NAME.nationalAdjacent },

  // ---- 2025 ----
  { date: "2025-01-01", kind: "holiday", name: NAME.newYear },
  // Tết Ất Tỵ (mùng 1 = 29/01/2025): off Sat 25/01 → Sun 02/02.
  { date: "2025-01-27", kind: "holiday", name: "Tết Nguyên đán Ất Tỵ" },
  {
    date: "2025-01-28",
    kind: "holiday",
    name: "Tết Nguyên đán Ất Tỵ (30 Tết)",
  },
  {
    date: "2025-01-29",
    kind: "holiday",
    name: "Tết Nguyên đán Ất Tỵ (mùng 1)",
  },
  { date: "2025-01-30", kind: "holiday", name: "Tết Nguyên đán Ất Tỵ" },
  { date: "2025-01-31", kind: "holiday", name: "Tết Nguyên đán Ất Tỵ" },
  { date: "2025-04-07", kind: "holiday", name: NAME.hung },
  // Swap: worked on Sat 26/04, Fri 02/05 off (off 30/4 → 4/5).
  {
    date: "2025-04-26",
    kind: "working",
    name: "Làm bù cho ngày nghỉ 02/05/2025",
    compensationFor: "2025-05-02",
  },
  { date: "2025-04-30", kind: "holiday", name: NAME.victory },
  { date: "2025-05-01", kind: "holiday", name: NAME.labour },
  {
    date: "2025-05-02",
    kind: "holiday",
    name: "Nghỉ hoán đổi (làm bù thứ Bảy 26/04/2025)",
    compensationFor: "2025-04-26",
  },
  { date: "2025-09-01", kind: "holiday", name: NAME.nationalAdjacent },
  { date: "2025-09-02", kind: "holiday", name: NAME.national },

  // ---- 2026 ----
  { date: "2026-01-01", kind: "holiday", name: NAME.newYear },
  // Tết Bính Ngọ (mùng 1 = 17/02/2026): off Sat 14/02 → Sun 22/02 (domain.md §9).
  {
    date: "2026-02-16",
    kind: "holiday",
    name: "Tết Nguyên đán Bính Ngọ (30 Tết)",
  },
  {
    date: "2026-02-17",
    kind: "holiday",
    name: "Tết Nguyên đán Bính Ngọ (mùng 1)",
  },
  { date: "2026-02-18", kind: "holiday", name: "Tết Nguyên đán Bính Ngọ" },
  { date: "2026-02-19", kind: "holiday", name: "Tết Nguyên đán Bính Ngọ" },
  { date: "2026-02-20", kind: "holiday", name: "Tết Nguyên đán Bính Ngọ" },
  { date: "2026-04-26", kind: "holiday", name: `${NAME.hung} – Chủ nhật` },
  {
    date: "2026-04-27",
    kind: "holiday",
    name: "Nghỉ bù Giỗ Tổ Hùng Vương",
    compensationFor: "2026-04-26",
  },
  { date: "2026-04-30", kind: "holiday", name: NAME.victory },
  { date: "2026-05-01", kind: "holiday", name: NAME.labour },
  // The adjacent day is fixed by the Prime Minister each year; 01/09 is an assumption.
  {
    date: "2026-09-01",
    kind: "holiday",
    name: `${NAME.nationalAdjacent} (dự kiến)`,
  },
  { date: "2026-09-02", kind: "holiday", name: NAME.national },

  // ---- 2027 (projected: computed from mùng 1 Tết = 06/02/2027 and 10/3 âm lịch = 16/04/2027) ----
  { date: "2027-01-01", kind: "holiday", name: NAME.newYear },
  {
    date: "2027-02-05",
    kind: "holiday",
    name: "Tết Nguyên đán Đinh Mùi (30 Tết) (dự kiến)",
  },
  {
    date: "2027-02-06",
    kind: "holiday",
    name: "Tết Nguyên đán Đinh Mùi (mùng 1) – thứ Bảy (dự kiến)",
  },
  {
    date: "2027-02-07",
    kind: "holiday",
    name: "Tết Nguyên đán Đinh Mùi (mùng 2) – Chủ nhật (dự kiến)",
  },
  {
    date: "2027-02-08",
    kind: "holiday",
    name: "Tết Nguyên đán Đinh Mùi (mùng 3) (dự kiến)",
  },
  {
    date: "2027-02-09",
    kind: "holiday",
    name: "Tết Nguyên đán Đinh Mùi (mùng 4) (dự kiến)",
  },
  {
    date: "2027-02-10",
    kind: "holiday",
    name: "Nghỉ bù Tết Nguyên đán (dự kiến)",
    compensationFor: "2027-02-06",
  },
  {
    date: "2027-02-11",
    kind: "holiday",
    name: "Nghỉ bù Tết Nguyên đán (dự kiến)",
    compensationFor: "2027-02-07",
  },
  { date: "2027-04-16", kind: "holiday", name: `${NAME.hung} (dự kiến)` },
  { date: "2027-04-30", kind: "holiday", name: NAME.victory },
  { date: "2027-05-01", kind: "holiday", name: `${NAME.labour} – thứ Bảy` },
  {
    date: "2027-05-03",
    kind: "holiday",
    name: "Nghỉ bù Ngày Quốc tế Lao động (dự kiến)",
    compensationFor: "2027-05-01",
  },
  { date: "2027-09-02", kind: "holiday", name: NAME.national },
  {
    date: "2027-09-03",
    kind: "holiday",
    name: `${NAME.nationalAdjacent} (dự kiến)`,
  },
];

export const VIETNAM_PUBLIC_CALENDAR_YEARS: readonly number[] = [2024, 2025, 2026, 2027];

export function publicCalendarEntriesForYear(year: number): PublicCalendarEntry[] {
  return VIETNAM_PUBLIC_CALENDAR.filter((e) => e.date.startsWith(`${year}-`));
}

/** The seed as a WorkingCalendar (useful for tests and as the default before an admin edits it). */
export function vietnamPublicWorkingCalendar(): WorkingCalendar {
  return createWorkingCalendar(VIETNAM_PUBLIC_CALENDAR);
}
