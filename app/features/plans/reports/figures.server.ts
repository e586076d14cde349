// Periodic report appendices of a plan (issue 6 §6; tasks.md §4.7–4.8): the task results table, the
// unfinished tasks with reasons (seed 002 Phụ lục 1) and the KPI table (Phụ lục 4). This module computes
// their content as of a period's cut-off; xlsx.server.ts and pdf.server.ts print it, snapshots.server.ts
// freezes it in report_snapshots.
import { and, asc, desc, eq, inArray } from "drizzle-orm";
import { planTasks, taskEvents, taskEvidence, type Plan } from "#db/schema/index";
import { formatDateVi, toVietnamDate } from "#app/domain/shared/dates";
import { formatNumberVi } from "#app/domain/shared/numbers";
import { EXCLUDED_STATUSES, isDoneAsOf, TASK_STATUS_LABELS, type TaskStatus } from "#app/domain/plans/progress";
import { reportingPeriod, type ReportingPeriodKey } from "#app/domain/plans/reporting-periods";
import { loadWorkingCalendar } from "#app/platform/calendar.server";
import { nowOf, type ServiceContext } from "#app/platform/context.server";
import { listKpisAsOf } from "#app/features/plans/kpis.server";
import { planFigures, tasksAsOf, type PlanFigures } from "#app/features/plans/progress.server";
import { listPlanAreas, organizationNames } from "#app/features/plans/access.server";

export type ReportTaskRow = {
  stt: string;
  area: string;
  title: string;
  deadlineText: string;
  dueDate: string | null;
  leadUnit: string;
  cooperating: string;
  status: TaskStatus;
  statusLabel: string;
  completedOn: string | null;
  products: string;
  note: string;
};

export type ReportFigures = {
  plan: { id: number; title: string; year: number; documentNumber: string | null; documentDate: string | null };
  period: { key: ReportingPeriodKey; year: number; label: string; cutOff: string };
  summary: PlanFigures;
  summaryLine: string;
  tasks: ReportTaskRow[];
  unfinished: ReportTaskRow[];
  kpis: Array<{ stt: number; content: string; targetText: string; result: string; evaluation: string; note: string }>;
  countingNote: string;
};

const COUNTING_NOTE =
  "Cách tính: tỷ lệ = số nhiệm vụ hoàn thành đến ngày chốt số liệu / số nhiệm vụ phải thực hiện (không tính nhiệm vụ “Không phát sinh”, “Không thực hiện”); nhiệm vụ định kỳ tính là một nhiệm vụ; nhiệm vụ “Chờ xác nhận” được tính là hoàn thành.";

/** Computes the report content as of the period's cut-off (journal reconstruction for past dates). */
export function buildReportFigures(ctx: ServiceContext, plan: Plan, periodKey: ReportingPeriodKey, year = plan.year): ReportFigures {
  const period = reportingPeriod(year, periodKey);
  const today = toVietnamDate(nowOf(ctx));
  const calendar = loadWorkingCalendar(ctx.db);
  const summary = planFigures(ctx, plan.id, period.cutOff, { today, calendar });
  const asOf = new Map(tasksAsOf(ctx, plan.id, period.cutOff).map((t) => [t.id, t]));
  const areas = new Map(listPlanAreas(ctx, plan.id).map((a) => [a.id, a]));
  const tasks = ctx.db.select().from(planTasks).where(eq(planTasks.planId, plan.id)).orderBy(asc(planTasks.sortOrder)).all();
  const names = organizationNames(
    ctx,
    tasks.map((t) => t.leadUnitId).filter((x): x is number => x !== null),
  );
  const ids = tasks.map((t) => t.id);
  const cutOffEnd = new Date(`${period.cutOff}T23:59:59.999+07:00`);
  const evidence = ids.length
    ? ctx.db
        .select()
        .from(taskEvidence)
        .where(inArray(taskEvidence.taskId, ids))
        .all()
        .filter((e) => e.attachedAt <= cutOffEnd && (!e.removedAt || e.removedAt > cutOffEnd))
    : [];
  const notes = ids.length
    ? ctx.db
        .select()
        .from(taskEvents)
        .where(and(eq(taskEvents.planId, plan.id), inArray(taskEvents.kind, ["note", "status"])))
        .orderBy(desc(taskEvents.id))
        .all()
        .filter((e) => e.effectiveOn <= period.cutOff && e.note)
    : [];
  const rows: ReportTaskRow[] = tasks.map((t) => {
    const s = asOf.get(t.id)!;
    const area = areas.get(t.areaId)!;
    const done = isDoneAsOf({ statusAsOf: s.status, completedOn: s.completedOn }, period.cutOff);
    const products = evidence
      .filter((e) => e.taskId === t.id)
      .map((e) => (e.kind === "document_ref" ? `${e.documentNumber}${e.documentDate ? ` ngày ${formatDateVi(e.documentDate)}` : ""}: ${e.title}` : e.title))
      .join("; ");
    const lastNote = notes.find((n) => n.taskId === t.id)?.note ?? "";
    let note = "";
    if (!done) {
      if (EXCLUDED_STATUSES.has(s.status)) note = t.statusDocument ?? t.statusReason ?? TASK_STATUS_LABELS[s.status];
      else
        note =
          t.status === s.status && t.statusReason ? t.statusReason : lastNote.replace(/^Tình trạng theo tệp nhập:?\s*/, "") || TASK_STATUS_LABELS[s.status];
    } else if (s.status === "awaiting_confirmation") note = "Chờ xác nhận";
    else if (t.evidenceExplanation) note = `Giải trình: ${t.evidenceExplanation}`;
    if (done && t.dueDate && s.completedOn && s.completedOn > t.dueDate) note = note ? `${note}; hoàn thành trễ hạn` : "Hoàn thành trễ hạn";
    return {
      stt: `${area.code}.${t.ordinal ?? t.sortOrder}`,
      area: `${area.code}. ${area.title}`,
      title: t.title,
      deadlineText: t.deadlineText,
      dueDate: t.dueDate,
      leadUnit: t.leadUnitId ? (names.get(t.leadUnitId) ?? t.leadUnitText) : t.leadUnitText,
      cooperating: t.cooperatingText,
      status: s.status,
      statusLabel: done ? TASK_STATUS_LABELS.done : TASK_STATUS_LABELS[s.status === "awaiting_confirmation" ? "in_progress" : s.status],
      completedOn: done ? s.completedOn : null,
      products,
      note,
    };
  });
  const unfinished = rows.filter((r) => r.statusLabel !== TASK_STATUS_LABELS.done && !EXCLUDED_STATUSES.has(r.status));
  const kpis = listKpisAsOf(ctx, plan.id, plan.year, period.cutOff).map((k, i) => ({
    stt: i + 1,
    content: k.content,
    targetText: k.targetText,
    result: k.resultText ?? (k.result !== null ? `${formatNumberVi(k.result)}${k.unit === "%" ? "%" : k.unit ? ` ${k.unit}` : ""}` : ""),
    evaluation: k.periodEnded ? k.evaluationLabel : (k.forecastLabel ?? k.evaluationLabel),
    note: k.note ?? "",
  }));
  return {
    plan: { id: plan.id, title: plan.title, year: plan.year, documentNumber: plan.documentNumber, documentDate: plan.documentDate },
    period: { key: period.key, year: period.year, label: period.label, cutOff: period.cutOff },
    summary,
    summaryLine: `Đã thực hiện được ${summary.done}/${summary.countable} nhiệm vụ, tỷ lệ ${summary.rateText} (số liệu tính đến ngày ${formatDateVi(period.cutOff)}).`,
    tasks: rows,
    unfinished,
    kpis,
    countingNote: COUNTING_NOTE,
  };
}
