// What an actor may do on a task (lead unit, cooperating unit, plan manager), loading a task with its
// plan, the optimistic-concurrency check and the task journal every transition writes.
import { and, eq, inArray, sql } from "drizzle-orm";
import { preparedOnce, rowById, type Tx } from "#db/client";
import { plans, planTasks, taskCooperators, taskEvents, type Plan, type PlanTask } from "#db/schema/index";
import { userHasPermission } from "#app/platform/auth/actor";
import { toVietnamDate } from "#app/domain/shared/dates";
import type { TaskStatus } from "#app/domain/plans/progress";
import { AppError, AppErrorCode, present } from "#app/utils/errors";
import { CommonMessages } from "#app/messages/common";
import { TaskMessages } from "#app/messages/plans";
import { nowOf, type ServiceContext } from "#app/platform/context.server";
import { actorUnitChain, planAccess } from "#app/features/plans/access.server";

export type TaskPermissions = { canView: boolean; canUpdate: boolean; canContribute: boolean; canManage: boolean; canComment: boolean };

export function taskPermissions(ctx: ServiceContext, task: PlanTask, plan: Plan): TaskPermissions {
  const access = planAccess(ctx, plan);
  const chain = actorUnitChain(ctx);
  const updater = userHasPermission(ctx.actor, "update:task:unit");
  const isLead = updater && task.leadUnitId !== null && chain.includes(task.leadUnitId);
  const isCooperating =
    updater &&
    preparedOnce(ctx.db, "plans.taskCooperatorIds", (d) =>
      d
        .select({ organizationId: taskCooperators.organizationId })
        .from(taskCooperators)
        .where(eq(taskCooperators.taskId, sql.placeholder("taskId")))
        .prepare(),
    )
      .all({ taskId: task.id })
      .some((c) => chain.includes(c.organizationId));
  const canView = access.isOverseer || isLead || isCooperating;
  return { canView, canUpdate: isLead || access.canManage, canContribute: isLead || isCooperating, canManage: access.canManage, canComment: canView };
}

/**
 * Of a plan's tasks, the ids this actor may open — the same rule as taskPermissions().canView, for a whole
 * list in two queries, so a page never links to a task that would answer "Không tìm thấy".
 */
export function taskIdsActorCanOpen(ctx: ServiceContext, plan: Plan, tasks: ReadonlyArray<Pick<PlanTask, "id" | "leadUnitId">>): Set<number> {
  const access = planAccess(ctx, plan);
  if (access.isOverseer) return new Set(tasks.map((t) => t.id));
  if (!userHasPermission(ctx.actor, "update:task:unit") || tasks.length === 0) return new Set();
  const chain = actorUnitChain(ctx);
  const open = new Set(tasks.filter((t) => t.leadUnitId !== null && chain.includes(t.leadUnitId)).map((t) => t.id));
  const cooperating = ctx.db
    .select({ taskId: taskCooperators.taskId })
    .from(taskCooperators)
    .innerJoin(planTasks, eq(planTasks.id, taskCooperators.taskId))
    .where(and(eq(planTasks.planId, plan.id), inArray(taskCooperators.organizationId, chain)))
    .all();
  for (const c of cooperating) open.add(c.taskId);
  return open;
}

export function loadTask(ctx: ServiceContext, taskId: number): { task: PlanTask; plan: Plan; perms: TaskPermissions } {
  const task = rowById(ctx.db, planTasks, taskId);
  if (!task) throw new AppError(AppErrorCode.NOT_FOUND, CommonMessages.NOT_FOUND("nhiệm vụ"));
  const plan = present(rowById(ctx.db, plans, task.planId), "the task's plan");
  const perms = taskPermissions(ctx, task, plan);
  if (!perms.canView) throw new AppError(AppErrorCode.NOT_FOUND, CommonMessages.NOT_FOUND("nhiệm vụ"));
  return { task, plan, perms };
}

export function requireUpdate(perms: TaskPermissions): void {
  if (!perms.canUpdate) throw new AppError(AppErrorCode.FORBIDDEN, TaskMessages.LEAD_UNIT_ONLY);
}

export function checkVersion(task: PlanTask, version: number | undefined): void {
  if (version !== undefined && version !== task.version) throw new AppError(AppErrorCode.CONFLICT, CommonMessages.STALE_FORM("nhiệm vụ"));
}

export function journal(
  tx: Tx,
  ctx: ServiceContext,
  task: PlanTask,
  values: {
    kind: (typeof taskEvents.$inferInsert)["kind"];
    effectiveOn?: string;
    fromStatus?: TaskStatus | null;
    toStatus?: TaskStatus | null;
    completedOn?: string | null;
    note?: string | null;
  },
) {
  const now = nowOf(ctx);
  tx.insert(taskEvents)
    .values({
      taskId: task.id,
      planId: task.planId,
      at: now,
      effectiveOn: values.effectiveOn ?? toVietnamDate(now),
      actorId: ctx.actor.id || null,
      organizationId: ctx.actor.organizationId || null,
      kind: values.kind,
      fromStatus: values.fromStatus ?? null,
      toStatus: values.toStatus ?? null,
      completedOn: values.completedOn ?? null,
      note: values.note ?? null,
    })
    .run();
}
