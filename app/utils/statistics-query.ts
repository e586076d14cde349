// The query of /statistics, its XLSX and the tracking register: period (preset or from/to), cut-off, scope, drill-down.
import { z } from "zod";
import { periodPreset } from "#app/domain/statistics/handling";
import { queryDates } from "#app/utils/form-fields";
import { AppError, AppErrorCode } from "#app/utils/errors";

const id = z.coerce.number().int().positive().optional().catch(undefined);
// Dates are read by queryDates: one that is not a date is refused with its reason, never dropped.
export const StatisticsQuerySchema = z.object({
  period: z.enum(["month", "quarter", "year", "custom"]).optional().catch(undefined),
  unit: id,
  user: id,
  show: z.string().max(40).optional().catch(undefined),
});

export const STATISTICS_DATE_FIELDS = ["from", "to", "asOf"] as const;

/** The dates as typed, to put back in the filter form when it is refused. */
export function typedStatisticsDates(url: URL) {
  return queryDates(url.searchParams, STATISTICS_DATE_FIELDS).typed;
}

/** The unit and person asked for (the filter form's selects), read even when the dates are refused. */
export function statisticsScope(url: URL): { unitId: number | null; userId: number | null } {
  const q = StatisticsQuerySchema.parse(Object.fromEntries(url.searchParams));
  return { unitId: q.unit ?? null, userId: q.user ?? null };
}

/** The period, cut-off, scope and drill-down asked for; a typed date that is not a date is a VALIDATION error. */
export function statisticsOptions(url: URL, today: string) {
  const typed = queryDates(url.searchParams, STATISTICS_DATE_FIELDS);
  const [firstError] = Object.values(typed.fieldErrors) as string[];
  if (firstError) throw new AppError(AppErrorCode.VALIDATION, firstError, typed.fieldErrors as Record<string, string>);
  const q = { ...StatisticsQuerySchema.parse(Object.fromEntries(url.searchParams)), ...typed.dates };
  const preset = q.period && q.period !== "custom" ? periodPreset(q.period, q.from ?? today) : null;
  const month = periodPreset("month", today);
  return {
    from: preset?.from ?? q.from ?? month.from,
    to: preset?.to ?? q.to ?? month.to,
    asOf: q.asOf ?? null,
    unitId: q.unit ?? null,
    userId: q.user ?? null,
    show: q.show ?? null,
  };
}
