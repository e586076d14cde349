// KPI indicators ("Chỉ tiêu") of a plan (issue 6 §7; tasks.md §4.6).
import { and, asc, eq, sql } from "drizzle-orm";
import { writeTransaction } from "#db/client";
import { planKpis, type PlanKpi } from "#db/schema/index";
import { evaluateKpi, forecastKpi, KPI_EVALUATION_LABELS, KPI_FORECAST_LABELS, parseKpiTarget, type KpiDirection, type KpiEvaluation } from "#app/domain/plans/kpi";
import { toVietnamDate } from "#app/domain/shared/dates";
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

export function listKpisAsOf(ctx: ServiceContext, planId: number, planYear: number, asOf: string): KpiView[] {
  return ctx.db
    .select()
    .from(planKpis)
    .where(eq(planKpis.planId, planId))
    .orderBy(asc(planKpis.sortOrder))
    .all()
    .map((k) => evaluatePlanKpi(k, planYear, asOf));
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
};

/** Creates or updates a KPI; the target's number, unit and direction default to what the text says. */
export function saveKpi(ctx: ServiceContext, options: SaveKpiOptions): number {
  const { plan } = requirePlanAccess(ctx, options.planId, "manage");
  const fieldErrors: Record<string, string> = {};
  if (!options.content?.trim()) fieldErrors.content = "Nhập nội dung chỉ tiêu";
  if (!options.targetText?.trim()) fieldErrors.targetText = "Nhập mục tiêu";
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
    updatedAt: now,
  };
  return writeTransaction(ctx.db, (tx) => {
    let id: number;
    if (options.kpiId) {
      const existing = tx.select().from(planKpis).where(and(eq(planKpis.id, options.kpiId), eq(planKpis.planId, plan.id))).get();
      if (!existing) throw new AppError(AppErrorCode.NOT_FOUND, CommonMessages.NOT_FOUND("chỉ tiêu"));
      if (options.version !== undefined && options.version !== existing.version) throw new AppError(AppErrorCode.CONFLICT, CommonMessages.STALE_FORM("chỉ tiêu"));
      tx.update(planKpis).set({ ...values, version: existing.version + 1 }).where(eq(planKpis.id, existing.id)).run();
      id = existing.id;
    } else {
      const next = (tx.select({ n: sql<number>`coalesce(max(sort_order), 0)` }).from(planKpis).where(eq(planKpis.planId, plan.id)).get()?.n ?? 0) + 1;
      id = tx.insert(planKpis).values({ ...values, planId: plan.id, sortOrder: next }).returning({ id: planKpis.id }).get().id;
    }
    appendAuditEvent(tx, { at: now, ...auditActorOf(ctx), action: options.kpiId ? "plan.kpi_update" : "plan.kpi_create", entityType: "plan_kpi", entityId: id, detail: { planId: plan.id, result: values.result, targetValue } });
    return id;
  });
}
