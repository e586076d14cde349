// The query of /statistics, its XLSX and the tracking register: period (preset or from/to), cut-off, scope, drill-down.
import { z } from "zod";
import { periodPreset } from "#app/domain/statistics/handling";
import { queryDate } from "#app/utils/form-fields";

const id = z.coerce.number().int().positive().optional().catch(undefined);
const date = z
  .string()
  .optional()
  .transform((v) => queryDate(v ?? null) ?? undefined)
  .catch(undefined);
export const StatisticsQuerySchema = z.object({
  period: z.enum(["month", "quarter", "year", "custom"]).optional().catch(undefined),
  from: date,
  to: date,
  asOf: date,
  unit: id,
  user: id,
  show: z.string().max(40).optional().catch(undefined),
});

export function statisticsOptions(url: URL, today: string) {
  const q = StatisticsQuerySchema.parse(Object.fromEntries(url.searchParams));
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
