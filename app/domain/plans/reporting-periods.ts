// Periodic CCHC reporting calendar (tasks.md §2.1, Văn bản 581/BNV-CCHC; localises
// Nghị định 09/2019/NĐ-CP): data cut-off on the 14th of the period's last month, the
// window opening on the 15th of the month before, report due on the 20th.

import { isValidIsoDate, makeIsoDate } from "#app/domain/shared/dates";

export type ReportingPeriodKey = "q1" | "h1" | "q3" | "year";

export const REPORTING_PERIOD_KEYS: readonly ReportingPeriodKey[] = ["q1", "h1", "q3", "year"] as const;

export type ReportingPeriod = {
  key: ReportingPeriodKey;
  year: number;
  /** "Quý I năm 2025", "6 tháng đầu năm 2025", "Quý III năm 2025", "Năm 2025". */
  label: string;
  /** Ngày chốt số liệu: metrics of the report are computed as of this date. */
  cutOff: string;
  /** First day of the data window (inclusive). */
  from: string;
  /** Last day of the data window (inclusive); equals cutOff. */
  to: string;
  /** Send-by date to the Bộ Nội vụ ("chậm nhất ngày 20 của tháng cuối kỳ"). */
  dueDate: string;
};

function iso(y: number, m: number, d: number): string {
  return makeIsoDate(y, m, d) as string;
}

/** The four reports of a year, in chronological order of cut-off (tasks.md §2.1 table). */
export function reportingPeriods(year: number): ReportingPeriod[] {
  if (!Number.isInteger(year) || year < 2 || year > 9998) throw new RangeError(`Invalid year ${year}`);
  const startOfYearWindow = iso(year - 1, 12, 15);
  return [
    {
      key: "q1",
      year,
      label: `Quý I năm ${year}`,
      from: startOfYearWindow,
      to: iso(year, 3, 14),
      cutOff: iso(year, 3, 14),
      dueDate: iso(year, 3, 20),
    },
    {
      key: "h1",
      year,
      label: `6 tháng đầu năm ${year}`,
      from: startOfYearWindow,
      to: iso(year, 6, 14),
      cutOff: iso(year, 6, 14),
      dueDate: iso(year, 6, 20),
    },
    // Quý III counts only 15/06 → 14/09 (its own quarter), unlike the cumulative H1 and year reports.
    {
      key: "q3",
      year,
      label: `Quý III năm ${year}`,
      from: iso(year, 6, 15),
      to: iso(year, 9, 14),
      cutOff: iso(year, 9, 14),
      dueDate: iso(year, 9, 20),
    },
    {
      key: "year",
      year,
      label: `Năm ${year}`,
      from: startOfYearWindow,
      to: iso(year, 12, 14),
      cutOff: iso(year, 12, 14),
      dueDate: iso(year, 12, 20),
    },
  ];
}

export function reportingPeriod(year: number, key: ReportingPeriodKey): ReportingPeriod {
  const p = reportingPeriods(year).find((x) => x.key === key);
  if (!p) throw new RangeError(`Unknown reporting period key ${String(key)}`);
  return p;
}

/**
 * The period whose data is being collected on `today`: the first period whose cut-off is on
 * or after today. From 15/12 the next year's Quý I is current (its window opens on 15/12).
 */
export function currentReportingPeriod(today: string): ReportingPeriod {
  if (!isValidIsoDate(today)) throw new RangeError(`Invalid ISO date: ${today}`);
  const year = Number(today.slice(0, 4));
  const p = reportingPeriods(year).find((x) => x.cutOff >= today);
  return p ?? reportingPeriods(year + 1)[0];
}

/** The most recent period whose cut-off is strictly before `today` (the report being written/sent). */
export function previousReportingPeriod(today: string): ReportingPeriod {
  if (!isValidIsoDate(today)) throw new RangeError(`Invalid ISO date: ${today}`);
  const year = Number(today.slice(0, 4));
  const candidates = [...reportingPeriods(year - 1), ...reportingPeriods(year)].filter((x) => x.cutOff < today);
  return candidates[candidates.length - 1];
}
