// Completion figures of a plan as of a cut-off date (issue 6 §5; tasks.md §4.5).
//
// Design (reliability.md §3.5): for a cut-off on or after today the current state IS the state on
// the cut-off (no journal entry is effective after today), so the figures come from one GROUP BY over
// the covering index plan_tasks_progress_idx (plan_id, status, completed_on, due_date, area_id,
// lead_unit_id, weight, lead_unit_text). A past cut-off reconstructs every task's status from the
// journal (task_events, statusAsOfRecorded) and applies computeProgress — slower, used for reports
// on past dates. Both paths implement the same rules; an integration test checks they agree.
import { and, asc, eq, gte, inArray, lt, lte, sql, type SQL } from "drizzle-orm";
import { planAreas, planTasks, taskEvents, type PlanTask } from "#db/schema/index";
import { addDays } from "#app/domain/shared/dates";
import { formatPercentVi, formatRateVi } from "#app/domain/shared/numbers";
import { computeProgress, statusAsOfRecorded, type ProgressTask, type TaskStatus } from "#app/domain/plans/progress";
import { addWorkingDays, EMPTY_CALENDAR, type WorkingCalendar } from "#app/domain/shared/working-days";
import type { ServiceContext } from "#app/platform/context.server";
import { organizationNames } from "#app/features/plans/access.server";

export type Figures = {
  countable: number;
  done: number;
  rate: number | null;
  rateText: string;
  onTime: number;
  late: number;
  /** Done without a due date ("Hoàn thành (không hạn)"): onTime + late + doneNoDeadline = done. */
  doneNoDeadline: number;
  overdue: number;
  dueSoon: number;
  /** Not done and not overdue (due on or after the cut-off, or no due date): overdue + open = countable − done. */
  open: number;
  due: number;
  dueDone: number;
  awaitingConfirmation: number;
  excluded: number;
  /** Σ weight of done / Σ weight of countable: the optional weighted view ("Tỷ lệ theo trọng số"). */
  weightedRate: number | null;
  weightedRateText: string;
};

export type FigureGroup = Figures & { key: string; label: string };

export type PlanFigures = Figures & { cutOff: string; method: "index" | "journal"; byArea: FigureGroup[]; byUnit: FigureGroup[] };

export type FigureOptions = { today: string; calendar?: WorkingCalendar; dueSoonWorkingDays?: number };

const cnt = (cond: SQL) => sql<number>`count(case when ${cond} then 1 end)`;

/** Last date d with workingDaysBetween(cutOff, d) ≤ n. */
export function dueSoonUntil(calendar: WorkingCalendar, cutOff: string, n: number): string {
  return addDays(addWorkingDays(calendar, cutOff, n + 1), -1);
}

type Acc = {
  countable: number;
  done: number;
  onTime: number;
  late: number;
  doneNoDeadline: number;
  overdue: number;
  dueSoon: number;
  open: number;
  due: number;
  dueDone: number;
  awaiting: number;
  excluded: number;
  w: number;
  wDone: number;
};

const emptyAcc = (): Acc => ({
  countable: 0,
  done: 0,
  onTime: 0,
  late: 0,
  doneNoDeadline: 0,
  overdue: 0,
  dueSoon: 0,
  open: 0,
  due: 0,
  dueDone: 0,
  awaiting: 0,
  excluded: 0,
  w: 0,
  wDone: 0,
});

function add(a: Acc, b: Acc): void {
  for (const k of Object.keys(a) as Array<keyof Acc>) a[k] += b[k];
}

function finish(a: Acc): Figures {
  const weightedRate = a.w === 0 ? null : a.wDone / a.w;
  return {
    countable: a.countable,
    done: a.done,
    rate: a.countable === 0 ? null : a.done / a.countable,
    rateText: formatPercentVi(a.done, a.countable),
    onTime: a.onTime,
    late: a.late,
    doneNoDeadline: a.doneNoDeadline,
    overdue: a.overdue,
    dueSoon: a.dueSoon,
    open: a.open,
    due: a.due,
    dueDone: a.dueDone,
    awaitingConfirmation: a.awaiting,
    excluded: a.excluded,
    weightedRate,
    weightedRateText: formatRateVi(weightedRate),
  };
}

function labels(ctx: ServiceContext, planId: number, unitIds: number[]) {
  const areas = ctx.db
    .select({ id: planAreas.id, code: planAreas.code, title: planAreas.title, sortOrder: planAreas.sortOrder })
    .from(planAreas)
    .where(eq(planAreas.planId, planId))
    .orderBy(asc(planAreas.sortOrder))
    .all();
  return { areas, units: organizationNames(ctx, unitIds) };
}

function unitKey(id: number | null, text: string): string {
  return id !== null ? `org:${id}` : `text:${text}`;
}

function assemble(
  ctx: ServiceContext,
  planId: number,
  cutOff: string,
  method: PlanFigures["method"],
  groups: Array<{ areaId: number; leadUnitId: number | null; leadUnitText: string; acc: Acc }>,
): PlanFigures {
  const { areas, units } = labels(
    ctx,
    planId,
    groups.map((g) => g.leadUnitId).filter((x): x is number => x !== null),
  );
  const total = emptyAcc();
  const byArea = new Map<number, Acc>();
  const byUnit = new Map<string, { label: string; acc: Acc }>();
  for (const g of groups) {
    add(total, g.acc);
    if (!byArea.has(g.areaId)) byArea.set(g.areaId, emptyAcc());
    add(byArea.get(g.areaId)!, g.acc);
    const key = unitKey(g.leadUnitId, g.leadUnitText);
    if (!byUnit.has(key)) byUnit.set(key, { label: g.leadUnitId !== null ? (units.get(g.leadUnitId) ?? g.leadUnitText) : g.leadUnitText, acc: emptyAcc() });
    add(byUnit.get(key)!.acc, g.acc);
  }
  return {
    cutOff,
    method,
    ...finish(total),
    byArea: areas.filter((a) => byArea.has(a.id)).map((a) => ({ key: String(a.id), label: `${a.code}. ${a.title}`, ...finish(byArea.get(a.id)!) })),
    byUnit: [...byUnit.entries()]
      .map(([key, u]) => ({ key, label: u.label, ...finish(u.acc) }))
      .sort((a, b) => b.countable - a.countable || a.label.localeCompare(b.label, "vi")),
  };
}

/** The figures from the current state, one GROUP BY on the covering index. Valid when cutOff ≥ today. */
export function currentFigures(ctx: ServiceContext, planId: number, cutOff: string, options: FigureOptions): PlanFigures {
  const { db } = ctx;
  const soonEnd = dueSoonUntil(options.calendar ?? EMPTY_CALENDAR, cutOff, options.dueSoonWorkingDays ?? 5);
  const done = sql`(${planTasks.status} in ('done','awaiting_confirmation') and (${planTasks.completedOn} is null or ${planTasks.completedOn} <= ${cutOff}))`;
  const countable = sql`(${planTasks.status} not in ('not_applicable','cancelled'))`;
  const rows = db
    .select({
      areaId: planTasks.areaId,
      leadUnitId: planTasks.leadUnitId,
      leadUnitText: planTasks.leadUnitText,
      countable: cnt(sql`${countable}`),
      excluded: cnt(sql`not ${countable}`),
      done: cnt(sql`${countable} and ${done}`),
      late: cnt(
        sql`${countable} and ${done} and ${planTasks.dueDate} is not null and ${planTasks.completedOn} is not null and ${planTasks.completedOn} > ${planTasks.dueDate}`,
      ),
      // A done task without a due date is neither on time nor late (tasks.md §4.5).
      onTime: cnt(
        sql`${countable} and ${done} and ${planTasks.dueDate} is not null and (${planTasks.completedOn} is null or ${planTasks.completedOn} <= ${planTasks.dueDate})`,
      ),
      doneNoDeadline: cnt(sql`${countable} and ${done} and ${planTasks.dueDate} is null`),
      overdue: cnt(sql`${countable} and not ${done} and ${planTasks.dueDate} < ${cutOff}`),
      open: cnt(sql`${countable} and not ${done} and (${planTasks.dueDate} is null or ${planTasks.dueDate} >= ${cutOff})`),
      dueSoon: cnt(sql`${countable} and not ${done} and ${planTasks.dueDate} >= ${cutOff} and ${planTasks.dueDate} <= ${soonEnd}`),
      due: cnt(sql`${countable} and ${planTasks.dueDate} <= ${cutOff}`),
      dueDone: cnt(sql`${countable} and ${done} and ${planTasks.dueDate} <= ${cutOff}`),
      awaiting: cnt(sql`${countable} and ${done} and ${planTasks.status} = 'awaiting_confirmation'`),
      w: sql<number>`total(case when ${countable} then ${planTasks.weight} else 0 end)`,
      wDone: sql<number>`total(case when ${countable} and ${done} then ${planTasks.weight} else 0 end)`,
    })
    .from(planTasks)
    .where(eq(planTasks.planId, planId))
    .groupBy(planTasks.areaId, planTasks.leadUnitId, planTasks.leadUnitText)
    .all();
  return assemble(
    ctx,
    planId,
    cutOff,
    "index",
    rows.map((r) => ({
      areaId: r.areaId,
      leadUnitId: r.leadUnitId,
      leadUnitText: r.leadUnitText,
      acc: {
        countable: r.countable,
        done: r.done,
        onTime: r.onTime,
        late: r.late,
        doneNoDeadline: r.doneNoDeadline,
        overdue: r.overdue,
        dueSoon: r.dueSoon,
        open: r.open,
        due: r.due,
        dueDone: r.dueDone,
        awaiting: r.awaiting,
        excluded: r.excluded,
        w: r.w,
        wDone: r.wDone,
      },
    })),
  );
}

export type TaskAsOf = Pick<PlanTask, "id" | "areaId" | "leadUnitId" | "leadUnitText" | "dueDate" | "weight"> & {
  status: TaskStatus;
  completedOn: string | null;
};

/** Every task of the plan with its status reconstructed on the cut-off from the journal. */
export function tasksAsOf(ctx: ServiceContext, planId: number, cutOff: string): TaskAsOf[] {
  const { db } = ctx;
  const tasks = db
    .select({
      id: planTasks.id,
      areaId: planTasks.areaId,
      leadUnitId: planTasks.leadUnitId,
      leadUnitText: planTasks.leadUnitText,
      dueDate: planTasks.dueDate,
      weight: planTasks.weight,
    })
    .from(planTasks)
    .where(eq(planTasks.planId, planId))
    .orderBy(asc(planTasks.sortOrder))
    .all();
  const events = db
    .select({ taskId: taskEvents.taskId, effectiveOn: taskEvents.effectiveOn, toStatus: taskEvents.toStatus, completedOn: taskEvents.completedOn })
    .from(taskEvents)
    .where(and(eq(taskEvents.planId, planId), eq(taskEvents.kind, "status")))
    .orderBy(asc(taskEvents.id))
    .all();
  const journal = new Map<number, Array<{ effectiveOn: string; toStatus: TaskStatus; completedOn: string | null }>>();
  for (const e of events) {
    if (!e.toStatus) continue;
    if (!journal.has(e.taskId)) journal.set(e.taskId, []);
    journal.get(e.taskId)!.push({ effectiveOn: e.effectiveOn, toStatus: e.toStatus, completedOn: e.completedOn });
  }
  return tasks.map((t) => ({
    ...t,
    ...(() => {
      const s = statusAsOfRecorded(journal.get(t.id) ?? [], cutOff);
      return { status: s.status, completedOn: s.completedOn };
    })(),
  }));
}

/** The figures reconstructed from the journal (any cut-off; the only correct path for a past date). */
export function journalFigures(ctx: ServiceContext, planId: number, cutOff: string, options: FigureOptions): PlanFigures {
  const { db } = ctx;
  const tasks = tasksAsOf(ctx, planId, cutOff);
  const calendar = options.calendar ?? EMPTY_CALENDAR;
  const n = options.dueSoonWorkingDays ?? 5;
  const groups = new Map<string, { areaId: number; leadUnitId: number | null; leadUnitText: string; tasks: ProgressTask[] }>();
  for (const t of tasks) {
    const key = `${t.areaId}|${unitKey(t.leadUnitId, t.leadUnitText)}`;
    if (!groups.has(key)) groups.set(key, { areaId: t.areaId, leadUnitId: t.leadUnitId, leadUnitText: t.leadUnitText, tasks: [] });
    groups.get(key)!.tasks.push({ id: t.id, dueDate: t.dueDate, statusAsOf: t.status, completedOn: t.completedOn, weight: t.weight });
  }
  return assemble(
    ctx,
    planId,
    cutOff,
    "journal",
    [...groups.values()].map((g) => {
      const p = computeProgress(g.tasks, cutOff, { calendar, dueSoonWorkingDays: n });
      const w = g.tasks.filter((t) => t.statusAsOf !== "not_applicable" && t.statusAsOf !== "cancelled").reduce((s, t) => s + (t.weight ?? 1), 0);
      return {
        areaId: g.areaId,
        leadUnitId: g.leadUnitId,
        leadUnitText: g.leadUnitText,
        acc: {
          countable: p.countable,
          done: p.done,
          onTime: p.onTime,
          late: p.late,
          doneNoDeadline: p.doneNoDeadline,
          overdue: p.overdue,
          dueSoon: p.dueSoon,
          open: p.open,
          due: p.due,
          dueDone: p.dueDone,
          awaiting: p.awaitingConfirmation,
          excluded: p.excluded,
          w,
          wDone: (p.weightedRate ?? 0) * w,
        },
      };
    }),
  );
}

/** Plan figures as of a cut-off: the index path for today or later, the journal for a past date. */
export function planFigures(ctx: ServiceContext, planId: number, cutOff: string, options: FigureOptions): PlanFigures {
  const { db } = ctx;
  return cutOff >= options.today ? currentFigures(ctx, planId, cutOff, options) : journalFigures(ctx, planId, cutOff, options);
}

export type TaskListRow = Pick<
  PlanTask,
  "id" | "planId" | "ordinal" | "title" | "dueDate" | "deadlineText" | "leadUnitId" | "leadUnitText" | "status" | "completedOn" | "statusReason"
>;

const listColumns = {
  id: planTasks.id,
  planId: planTasks.planId,
  ordinal: planTasks.ordinal,
  title: planTasks.title,
  dueDate: planTasks.dueDate,
  deadlineText: planTasks.deadlineText,
  leadUnitId: planTasks.leadUnitId,
  leadUnitText: planTasks.leadUnitText,
  status: planTasks.status,
  completedOn: planTasks.completedOn,
  statusReason: planTasks.statusReason,
};

/** Statuses of a task still to be done (neither done, awaiting confirmation, nor excluded). */
export const OPEN_TASK_STATUSES: TaskStatus[] = ["not_started", "in_progress", "paused", "deferred"];

/** Open tasks whose due date is before the cut-off (current state). */
export function listOverdueTasks(ctx: ServiceContext, planId: number, cutOff: string, limit = 200): TaskListRow[] {
  const { db } = ctx;
  return db
    .select(listColumns)
    .from(planTasks)
    .where(and(eq(planTasks.planId, planId), inArray(planTasks.status, OPEN_TASK_STATUSES), lt(planTasks.dueDate, cutOff)))
    .orderBy(asc(planTasks.dueDate), asc(planTasks.sortOrder))
    .limit(limit)
    .all();
}

/** Open tasks due within `n` working days of the cut-off (current state). */
export function listDueSoonTasks(
  ctx: ServiceContext,
  planId: number,
  cutOff: string,
  options: { calendar?: WorkingCalendar; dueSoonWorkingDays?: number },
  limit = 200,
): TaskListRow[] {
  const { db } = ctx;
  const end = dueSoonUntil(options.calendar ?? EMPTY_CALENDAR, cutOff, options.dueSoonWorkingDays ?? 5);
  return db
    .select(listColumns)
    .from(planTasks)
    .where(and(eq(planTasks.planId, planId), inArray(planTasks.status, OPEN_TASK_STATUSES), gte(planTasks.dueDate, cutOff), lte(planTasks.dueDate, end)))
    .orderBy(asc(planTasks.dueDate), asc(planTasks.sortOrder))
    .limit(limit)
    .all();
}
