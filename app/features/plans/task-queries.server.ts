// Reading tasks (issue 6 §4): a task's detail with what the actor may do, the unit's task list, the
// manager's queue of completions awaiting confirmation, and a task's journal.
import { and, asc, desc, eq, inArray, isNull, or, sql } from "drizzle-orm";
import {
  organizations,
  plans,
  planAreas,
  planTasks,
  taskCooperators,
  taskEvents,
  taskEvidence,
  taskEvidenceItems,
  users,
  type PlanTask,
} from "#db/schema/index";
import { preparedOnce, rowById } from "#db/client";
import { present } from "#app/utils/errors";
import { userHasPermission } from "#app/platform/auth/actor";
import { toVietnamDate } from "#app/domain/shared/dates";
import { TASK_STATUS_TRANSITIONS, taskTimeliness, unitTaskInList, type Timeliness, type UnitTaskFilter } from "#app/domain/plans/progress";
import { loadWorkingCalendar } from "#app/platform/calendar.server";
import { nowOf, type ServiceContext } from "#app/platform/context.server";
import { actorUnitChain, planScopeOrganizationIds } from "#app/features/plans/access.server";
import { loadTask } from "#app/features/plans/task-access.server";

// ---- Reading ---------------------------------------------------------------------------------------

export type EvidenceItemView = { id: number; description: string; attached: number };

export function getTaskDetail(ctx: ServiceContext, taskId: number) {
  const { task, plan, perms } = loadTask(ctx, taskId);
  // The page's queries have one shape each, so they are prepared once (preparedOnce; drizzle's building was most
  // of their cost, docs/benchmarks/http.md §12).
  const byTask = { taskId: task.id };
  const area = present(rowById(ctx.db, planAreas, task.areaId), "the task's area");
  const items = preparedOnce(ctx.db, "plans.evidenceItemsOfTask", (d) =>
    d
      .select()
      .from(taskEvidenceItems)
      .where(eq(taskEvidenceItems.taskId, sql.placeholder("taskId")))
      .orderBy(asc(taskEvidenceItems.sortOrder))
      .prepare(),
  ).all(byTask);
  const evidence = preparedOnce(ctx.db, "plans.evidenceOfTask", (d) =>
    d
      .select({
        e: taskEvidence,
        byName: users.fullName,
        fileName: sql<string | null>`(select original_name from files f where f.id = ${taskEvidence.fileId})`,
      })
      .from(taskEvidence)
      .leftJoin(users, eq(users.id, taskEvidence.attachedBy))
      .where(and(eq(taskEvidence.taskId, sql.placeholder("taskId")), isNull(taskEvidence.removedAt)))
      .orderBy(asc(taskEvidence.id))
      .prepare(),
  )
    .all(byTask)
    .map((r) => ({ ...r.e, attachedByName: r.byName, fileName: r.fileName }));
  const events = preparedOnce(ctx.db, "plans.eventsOfTask", (d) =>
    d
      .select({ ev: taskEvents, actorName: users.fullName, orgName: organizations.name })
      .from(taskEvents)
      .leftJoin(users, eq(users.id, taskEvents.actorId))
      .leftJoin(organizations, eq(organizations.id, taskEvents.organizationId))
      .where(eq(taskEvents.taskId, sql.placeholder("taskId")))
      .orderBy(desc(taskEvents.id))
      .prepare(),
  )
    .all(byTask)
    .map((r) => ({ ...r.ev, actorName: r.actorName ?? "Hệ thống", organizationName: r.orgName }));
  const cooperators = preparedOnce(ctx.db, "plans.cooperatorsOfTask", (d) =>
    d
      .select({ id: organizations.id, name: organizations.name })
      .from(taskCooperators)
      .innerJoin(organizations, eq(organizations.id, taskCooperators.organizationId))
      .where(eq(taskCooperators.taskId, sql.placeholder("taskId")))
      .prepare(),
  ).all(byTask);
  const leadName = task.leadUnitId ? (rowById(ctx.db, organizations, task.leadUnitId)?.name ?? null) : null;
  const itemViews: EvidenceItemView[] = items.map((i) => ({
    id: i.id,
    description: i.description,
    attached: evidence.filter((e) => e.itemId === i.id).length,
  }));
  const today = toVietnamDate(nowOf(ctx));
  return {
    task: { ...task, cooperatingUnresolved: JSON.parse(task.cooperatingUnresolved) as string[] },
    plan: { id: plan.id, title: plan.title, year: plan.year, documentNumber: plan.documentNumber },
    area: { id: area.id, code: area.code, title: area.title },
    leadUnitName: leadName,
    cooperators,
    items: itemViews,
    evidence,
    events,
    perms,
    // The statuses the form offers: the transitions of the task state machine (DESIGN §4) except the one
    // the service chooses itself ("Hoàn thành" by a lead unit becomes "Chờ xác nhận").
    statusChoices: (TASK_STATUS_TRANSITIONS[task.status] ?? []).filter((s) => s !== "awaiting_confirmation"),
    timeliness: taskTimeliness({ dueDate: task.dueDate, statusAsOf: task.status, completedOn: task.completedOn }, today, {
      calendar: loadWorkingCalendar(ctx.db),
    }),
    missingEvidence: itemViews.filter((i) => i.attached === 0).map((i) => i.description),
  };
}

export type UnitTaskRow = Pick<
  PlanTask,
  "id" | "planId" | "ordinal" | "title" | "dueDate" | "deadlineText" | "status" | "completedOn" | "leadUnitText" | "dueDateNeedsInput"
> & {
  planTitle: string;
  role: "lead" | "cooperating";
  timeliness: Timeliness;
};

/** "Nhiệm vụ của đơn vị": tasks led by (or shared with) the actor's unit chain, with due-soon/overdue marks. */
export function listUnitTasks(
  ctx: ServiceContext,
  options: { filter?: UnitTaskFilter; dueSoonWorkingDays?: number; role?: UnitTaskRow["role"] | null } = {},
): UnitTaskRow[] {
  const chain = actorUnitChain(ctx);
  const coopIds = ctx.db
    .select({ id: taskCooperators.taskId })
    .from(taskCooperators)
    .where(inArray(taskCooperators.organizationId, chain))
    .all()
    .map((r) => r.id);
  const rows = ctx.db
    .select({
      id: planTasks.id,
      planId: planTasks.planId,
      ordinal: planTasks.ordinal,
      title: planTasks.title,
      dueDate: planTasks.dueDate,
      deadlineText: planTasks.deadlineText,
      status: planTasks.status,
      completedOn: planTasks.completedOn,
      leadUnitId: planTasks.leadUnitId,
      leadUnitText: planTasks.leadUnitText,
      dueDateNeedsInput: planTasks.dueDateNeedsInput,
      planTitle: plans.title,
    })
    .from(planTasks)
    .innerJoin(plans, eq(plans.id, planTasks.planId))
    .where(coopIds.length ? or(inArray(planTasks.leadUnitId, chain), inArray(planTasks.id, coopIds)) : inArray(planTasks.leadUnitId, chain))
    .orderBy(sql`${planTasks.dueDate} is null`, asc(planTasks.dueDate), asc(planTasks.sortOrder))
    .all();
  const today = toVietnamDate(nowOf(ctx));
  const calendar = loadWorkingCalendar(ctx.db);
  const out = rows.map((r) => ({
    ...r,
    role: (r.leadUnitId !== null && chain.includes(r.leadUnitId) ? "lead" : "cooperating") as UnitTaskRow["role"],
    timeliness: taskTimeliness({ dueDate: r.dueDate, statusAsOf: r.status, completedOn: r.completedOn }, today, {
      calendar,
      dueSoonWorkingDays: options.dueSoonWorkingDays ?? 5,
    }),
  }));
  return out.filter((r) => unitTaskInList(r, options));
}

/** Completions awaiting the manager's confirmation, in the plans the actor manages. */
export function listAwaitingConfirmation(ctx: ServiceContext) {
  if (!userHasPermission(ctx.actor, "manage:plan")) return [];
  const scope = planScopeOrganizationIds(ctx);
  if (!scope.length) return [];
  return ctx.db
    .select({
      id: planTasks.id,
      title: planTasks.title,
      planId: planTasks.planId,
      planTitle: plans.title,
      leadUnitText: planTasks.leadUnitText,
      completedOn: planTasks.completedOn,
      dueDate: planTasks.dueDate,
    })
    .from(planTasks)
    .innerJoin(plans, eq(plans.id, planTasks.planId))
    .where(and(inArray(plans.organizationId, scope), eq(planTasks.status, "awaiting_confirmation")))
    .orderBy(asc(planTasks.updatedAt))
    .all();
}

export function listTaskEvents(ctx: ServiceContext, taskId: number) {
  loadTask(ctx, taskId);
  return ctx.db.select().from(taskEvents).where(eq(taskEvents.taskId, taskId)).orderBy(asc(taskEvents.id)).all();
}

/** What the task page shows: the task, its plan and area, evidence, journal and what the actor may do. */
export type TaskDetail = ReturnType<typeof getTaskDetail>;
