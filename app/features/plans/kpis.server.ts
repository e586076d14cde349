// KPI indicators ("Chỉ tiêu") of a plan (issue 6 §7; tasks.md §4.6).
import { and, asc, eq, sql } from "drizzle-orm";
import { writeTransaction } from "#db/client";
import { planKpis, plans, type PlanKpi } from "#db/schema/index";
import {
  evaluateKpi,
  forecastKpi,
  KPI_EVALUATION_LABELS,
  KPI_FORECAST_LABELS,
  parseKpiTarget,
  type KpiDirection,
  type KpiEvaluation,
} from "#app/domain/plans/kpi";
import { addDays, toVietnamDate, vietnamInstant } from "#app/domain/shared/dates";
import { formatPercentVi } from "#app/domain/shared/numbers";
import { isIndicatorKey } from "#app/domain/statistics/indicators";
import { indicatorPercentFor } from "#app/features/statistics/index";
import { PlanMessages } from "#app/messages/plans";
import { AppError, AppErrorCode } from "#app/utils/errors";
import { CommonMessages } from "#app/messages/common";
import { appendAuditEvent } from "#app/platform/audit.server";
import { auditActorOf, nowOf, type ServiceContext } from "#app/platform/context.server";
import { requirePlanAccess } from "#app/features/plans/access.server";

export type KpiView = PlanKpi & { evaluation: KpiEvaluation; evaluationLabel: string; forecastLabel: string | null; periodEnded: boolean };

/** Evaluates a KPI as of a date: the plan's period (its year) ends on 31/12. */
export function evaluatePlanKpi(kpi: PlanKpi, planYear: number, asOf: string): KpiView {
  const periodEnded = asOf > `${planYear}-12-31`;
  const input = {
    direction: kpi.direction,
    target: kpi.targetValue ?? Number.NaN,
    result: kpi.result,
    baseline: kpi.baseline,
    projected: kpi.projected,
    periodEnded,
    unit: kpi.unit,
    increaseMode: kpi.increaseMode ?? undefined,
  };
  const evaluation = kpi.targetValue === null ? "pending" : evaluateKpi(input);
  const forecast = !periodEnded && kpi.targetValue !== null ? forecastKpi(input) : null;
  return {
    ...kpi,
    evaluation,
    evaluationLabel: KPI_EVALUATION_LABELS[evaluation],
    forecastLabel: forecast && forecast !== "pending" ? KPI_FORECAST_LABELS[forecast] : null,
    periodEnded,
  };
}

/**
 * A KPI bound to an e-government indicator takes its result from the documents of the plan's organisation,
 * from 1 January of the plan's year to the cut-off (issue 16 §3): the report at each cut-off fills it, and the
 * frozen snapshot keeps the value it had then.
 */
function withIndicatorResult(ctx: ServiceContext, kpi: PlanKpi, organizationId: number, planYear: number, asOf: string): PlanKpi {
  if (!isIndicatorKey(kpi.indicatorKey)) return kpi;
  const end = asOf < `${planYear}-12-31` ? asOf : `${planYear}-12-31`;
  const { percent, counts } = indicatorPercentFor(ctx.db, organizationId, kpi.indicatorKey, {
    fromMs: vietnamInstant(`${planYear}-01-01`).getTime(),
    toEndMs: vietnamInstant(addDays(end, 1)).getTime(),
  });
  return {
    ...kpi,
    result: percent,
    unit: "%",
    resultText: `${formatPercentVi(counts.numerator, counts.denominator)} (${counts.numerator}/${counts.denominator})`,
  };
}

export function listKpisAsOf(ctx: ServiceContext, planId: number, planYear: number, asOf: string): KpiView[] {
  const rows = ctx.db.select().from(planKpis).where(eq(planKpis.planId, planId)).orderBy(asc(planKpis.sortOrder)).all();
  const organizationId = rows.some((k) => k.indicatorKey)
    ? ctx.db.select({ organizationId: plans.organizationId }).from(plans).where(eq(plans.id, planId)).get()?.organizationId
    : undefined;
  return rows.map((k) => evaluatePlanKpi(organizationId != null ? withIndicatorResult(ctx, k, organizationId, planYear, asOf) : k, planYear, asOf));
}

export function listPlanKpis(ctx: ServiceContext, planId: number) {
  const { plan, access } = requirePlanAccess(ctx, planId);
  return { plan, canManage: access.canManage, kpis: listKpisAsOf(ctx, plan.id, plan.year, toVietnamDate(nowOf(ctx))) };
}

export type SaveKpiOptions = {
  planId: number;
  kpiId?: number | null;
  version?: number;
  content: string;
  targetText: string;
  targetValue?: number | null;
  unit?: string | null;
  direction?: KpiDirection | null;
  baseline?: number | null;
  result?: number | null;
  resultText?: string | null;
  projected?: number | null;
  note?: string | null;
  /** An INDICATOR_KEYS key: the result is computed from the documents (the typed result is then ignored). */
  indicatorKey?: string | null;
};

/** Creates or updates a KPI; the target's number, unit and direction default to what the text says. */
export function saveKpi(ctx: ServiceContext, options: SaveKpiOptions): number {
  const { plan } = requirePlanAccess(ctx, options.planId, "manage");
  const fieldErrors: Record<string, string> = {};
  if (!options.content?.trim()) fieldErrors.content = "Nhập nội dung chỉ tiêu";
  if (!options.targetText?.trim()) fieldErrors.targetText = "Nhập mục tiêu";
  if (options.indicatorKey && !isIndicatorKey(options.indicatorKey)) fieldErrors.indicatorKey = PlanMessages.KPI_INDICATOR_INVALID;
  const parsed = parseKpiTarget(options.targetText ?? "");
  const direction = options.direction ?? parsed.direction;
  const targetValue = options.targetValue ?? parsed.value;
  const increaseMode = direction === "increase_by" ? (parsed.increaseMode ?? ((options.unit ?? parsed.unit) === "%" ? "percent" : "absolute")) : null;
  if (direction === "increase_by" && options.result !== null && options.result !== undefined && (options.baseline === null || options.baseline === undefined)) {
    fieldErrors.baseline = "Chỉ tiêu tăng thêm cần giá trị năm gốc";
  }
  if (Object.keys(fieldErrors).length) throw new AppError(AppErrorCode.VALIDATION, Object.values(fieldErrors)[0], fieldErrors);
  const now = nowOf(ctx);
  const values = {
    content: options.content.trim(),
    targetText: options.targetText.trim(),
    targetValue,
    unit: options.unit?.trim() || parsed.unit,
    direction,
    increaseMode,
    baseline: options.baseline ?? null,
    result: options.result ?? null,
    resultText: options.resultText?.trim() || null,
    projected: options.projected ?? null,
    note: options.note?.trim() || null,
    indicatorKey: options.indicatorKey || null,
    updatedAt: now,
  };
  return writeTransaction(ctx.db, (tx) => {
    let id: number;
    if (options.kpiId) {
      const existing = tx
        .select()
        .from(planKpis)
        .where(and(eq(planKpis.id, options.kpiId), eq(planKpis.planId, plan.id)))
        .get();
      if (!existing) throw new AppError(AppErrorCode.NOT_FOUND, CommonMessages.NOT_FOUND("chỉ tiêu"));
      if (options.version !== undefined && options.version !== existing.version)
        throw new AppError(AppErrorCode.CONFLICT, CommonMessages.STALE_FORM("chỉ tiêu"));
      tx.update(planKpis)
        .set({ ...values, version: existing.version + 1 })
        .where(eq(planKpis.id, existing.id))
        .run();
      id = existing.id;
    } else {
      const next = (tx.select({ n: sql<number>`coalesce(max(sort_order), 0)` }).from(planKpis).where(eq(planKpis.planId, plan.id)).get()?.n ?? 0) + 1;
      id = tx
        .insert(planKpis)
        .values({ ...values, planId: plan.id, sortOrder: next })
        .returning({ id: planKpis.id })
        .get().id;
    }
    appendAuditEvent(tx, {
      at: now,
      ...auditActorOf(ctx),
      action: options.kpiId ? "plan.kpi_update" : "plan.kpi_create",
      entityType: "plan_kpi",
      entityId: id,
      detail: { planId: plan.id, result: values.result, targetValue, indicatorKey: values.indicatorKey },
    });
    return id;
  });
}
