// Task work (issue 6 §4): status changes with the journal, progress notes, comments, contributions of
// cooperating units, evidence (files or document references) matched against the required items,
// the manager's confirmation or send-back, and anchor/due dates for relative or unparsed deadlines.
//
// Completion date decision: the date the lead unit gives when it marks the task "Hoàn thành" (the
// date of the completing document or product) stays the completion date after the manager confirms.
// Confirmation is a review of evidence, not the event that completes the work, so a late confirmation
// never turns an on-time task into a late one. A send-back clears it.
//
// This module holds the lifecycle transitions (status, confirmation, send-back), notes and deadlines;
// evidence is in task-evidence.server.ts, reading in task-queries.server.ts.
import { and, eq, isNull } from "drizzle-orm";
import { writeTransaction } from "#db/client";
import { planTasks, taskEvidence, taskEvidenceItems } from "#db/schema/index";
import { isValidIsoDate, toVietnamDate } from "#app/domain/shared/dates";
import { parseDeadline, resolveRelativeDeadline } from "#app/domain/shared/deadlines";
import { canTransition, COMPLETED_STATUSES, TASK_STATUS_LABELS, type TaskStatus } from "#app/domain/plans/progress";
import { AppError, AppErrorCode } from "#app/utils/errors";
import { CommonMessages } from "#app/messages/common";
import { PlanMessages, TaskMessages } from "#app/messages/plans";
import { appendAuditEvent } from "#app/platform/audit.server";
import { loadWorkingCalendar } from "#app/platform/calendar.server";
import { auditActorOf, nowOf, type ServiceContext } from "#app/platform/context.server";
import { checkVersion, journal, loadTask, requireUpdate } from "#app/features/plans/task-access.server";
import { taskReturned } from "#app/features/notifications/index";

// ---- Status ------------------------------------------------------------------------------------------

export type ChangeStatusOptions = {
  taskId: number;
  version?: number;
  /** The status the user picks; "done" from a department becomes "awaiting_confirmation". */
  toStatus: TaskStatus;
  completedOn?: string | null;
  reason?: string | null;
  document?: string | null;
  explanation?: string | null;
  note?: string | null;
};

export function changeTaskStatus(ctx: ServiceContext, options: ChangeStatusOptions): { status: TaskStatus } {
  const { task, perms } = loadTask(ctx, options.taskId);
  requireUpdate(perms);
  checkVersion(task, options.version);
  const today = toVietnamDate(nowOf(ctx));
  let target = options.toStatus;
  if (target === "awaiting_confirmation") target = "done";
  // A department's completion waits for the plan manager; the manager's own completion is final.
  if (target === "done" && !perms.canManage) target = "awaiting_confirmation";
  if (!canTransition(task.status, target)) {
    throw new AppError(AppErrorCode.INVALID_STATE, TaskMessages.TRANSITION_NOT_ALLOWED(TASK_STATUS_LABELS[task.status], TASK_STATUS_LABELS[target]));
  }
  const reason = options.reason?.trim() || null;
  const document = options.document?.trim() || null;
  const explanation = options.explanation?.trim() || null;
  const fieldErrors: Record<string, string> = {};
  if ((target === "paused" || target === "deferred") && !reason) fieldErrors.reason = "Nhập lý do";
  if (target === "cancelled" && !document) fieldErrors.document = "Nhập văn bản quyết định không thực hiện (số, ngày)";
  let completedOn: string | null = null;
  if (COMPLETED_STATUSES.has(target)) {
    completedOn = options.completedOn ?? null;
    if (!completedOn || !isValidIsoDate(completedOn)) fieldErrors.completedOn = "Nhập ngày hoàn thành";
    else if (completedOn > today) fieldErrors.completedOn = "Ngày hoàn thành không được sau hôm nay";
    const items = ctx.db
      .select({ id: taskEvidenceItems.id, description: taskEvidenceItems.description })
      .from(taskEvidenceItems)
      .where(eq(taskEvidenceItems.taskId, task.id))
      .all();
    const covered = new Set(
      ctx.db
        .select({ itemId: taskEvidence.itemId })
        .from(taskEvidence)
        .where(and(eq(taskEvidence.taskId, task.id), isNull(taskEvidence.removedAt)))
        .all()
        .map((r) => r.itemId),
    );
    const missing = items.filter((i) => !covered.has(i.id));
    if (missing.length && !explanation) {
      fieldErrors.explanation = `Chưa có tài liệu kiểm chứng: ${missing.map((m) => `“${m.description}”`).join(", ")}. Đính kèm tài liệu hoặc nhập giải trình.`;
    }
  }
  if (Object.keys(fieldErrors).length) throw new AppError(AppErrorCode.VALIDATION, Object.values(fieldErrors)[0], fieldErrors);
  const now = nowOf(ctx);
  writeTransaction(ctx.db, (tx) => {
    const isCompletion = COMPLETED_STATUSES.has(target);
    const res = tx
      .update(planTasks)
      .set({
        status: target,
        completedOn,
        statusReason: target === "paused" || target === "deferred" ? reason : isCompletion ? null : reason,
        statusDocument: target === "cancelled" ? document : task.statusDocument,
        evidenceExplanation: isCompletion ? explanation : task.evidenceExplanation,
        version: task.version + 1,
        updatedAt: now,
      })
      .where(and(eq(planTasks.id, task.id), eq(planTasks.version, task.version)))
      .run();
    if (res.changes !== 1) throw new AppError(AppErrorCode.CONFLICT, CommonMessages.STALE_FORM("nhiệm vụ"));
    const note =
      [options.note?.trim(), reason && `Lý do: ${reason}`, document && `Văn bản: ${document}`, explanation && `Giải trình: ${explanation}`]
        .filter(Boolean)
        .join(" · ") || null;
    journal(tx, ctx, task, {
      kind: "status",
      fromStatus: task.status,
      toStatus: target,
      completedOn,
      effectiveOn: isCompletion && completedOn ? completedOn : undefined,
      note,
    });
    appendAuditEvent(tx, {
      at: now,
      ...auditActorOf(ctx),
      action: "task.status",
      entityType: "plan_task",
      entityId: task.id,
      fromState: task.status,
      toState: target,
      comment: note,
      detail: { completedOn },
    });
  });
  return { status: target };
}

function requireAwaiting(ctx: ServiceContext, taskId: number, version?: number) {
  const loaded = loadTask(ctx, taskId);
  if (!loaded.perms.canManage) throw new AppError(AppErrorCode.FORBIDDEN, TaskMessages.CONFIRM_MANAGER_ONLY);
  checkVersion(loaded.task, version);
  if (loaded.task.status !== "awaiting_confirmation") throw new AppError(AppErrorCode.INVALID_STATE, TaskMessages.NOT_AWAITING);
  return loaded;
}

/** The plan manager confirms a completion: Chờ xác nhận → Hoàn thành, keeping the department's date. */
export function confirmTaskCompletion(ctx: ServiceContext, options: { taskId: number; version?: number; note?: string | null }): void {
  const { task } = requireAwaiting(ctx, options.taskId, options.version);
  const now = nowOf(ctx);
  writeTransaction(ctx.db, (tx) => {
    tx.update(planTasks)
      .set({ status: "done", version: task.version + 1, updatedAt: now })
      .where(eq(planTasks.id, task.id))
      .run();
    // Effective on the completion date: the task was done then; the confirmation only validates it.
    journal(tx, ctx, task, {
      kind: "status",
      fromStatus: task.status,
      toStatus: "done",
      completedOn: task.completedOn,
      effectiveOn: task.completedOn ?? undefined,
      note: options.note?.trim() || "Xác nhận hoàn thành",
    });
    appendAuditEvent(tx, {
      at: now,
      ...auditActorOf(ctx),
      action: "task.confirm",
      entityType: "plan_task",
      entityId: task.id,
      fromState: task.status,
      toState: "done",
      comment: options.note ?? null,
    });
  });
}

/** The plan manager sends a completion back: Chờ xác nhận → Đang thực hiện, with the reason. */
export function sendBackTaskCompletion(ctx: ServiceContext, options: { taskId: number; version?: number; reason: string }): void {
  const reason = options.reason?.trim();
  if (!reason) throw new AppError(AppErrorCode.VALIDATION, TaskMessages.SEND_BACK_REASON_REQUIRED, { reason: TaskMessages.SEND_BACK_REASON_REQUIRED });
  const { task } = requireAwaiting(ctx, options.taskId, options.version);
  const now = nowOf(ctx);
  writeTransaction(ctx.db, (tx) => {
    tx.update(planTasks)
      .set({ status: "in_progress", completedOn: null, statusReason: reason, version: task.version + 1, updatedAt: now })
      .where(eq(planTasks.id, task.id))
      .run();
    journal(tx, ctx, task, { kind: "status", fromStatus: task.status, toStatus: "in_progress", note: `Trả lại: ${reason}` });
    appendAuditEvent(tx, {
      at: now,
      ...auditActorOf(ctx),
      action: "task.send_back",
      entityType: "plan_task",
      entityId: task.id,
      fromState: task.status,
      toState: "in_progress",
      comment: reason,
    });
    // The lead unit learns that its completion came back (notification outbox, same transaction).
    taskReturned(tx, task, now, auditActorOf(ctx).actorId, `v${task.version + 1}`);
  });
}

// ---- Notes, comments, contributions ---------------------------------------------------------------

export function addTaskEntry(ctx: ServiceContext, options: { taskId: number; kind: "note" | "comment" | "contribution"; text: string }): void {
  const text = options.text?.trim();
  if (!text) throw new AppError(AppErrorCode.VALIDATION, TaskMessages.TEXT_REQUIRED, { text: TaskMessages.TEXT_REQUIRED });
  if (text.length > 4000) throw new AppError(AppErrorCode.VALIDATION, TaskMessages.TEXT_TOO_LONG, { text: TaskMessages.TEXT_MAX });
  const { task, perms } = loadTask(ctx, options.taskId);
  if (options.kind === "note") requireUpdate(perms);
  if (options.kind === "contribution" && !perms.canContribute) throw new AppError(AppErrorCode.FORBIDDEN, TaskMessages.CONTRIBUTION_COOPERATOR_ONLY);
  const now = nowOf(ctx);
  writeTransaction(ctx.db, (tx) => {
    journal(tx, ctx, task, { kind: options.kind, note: text });
    appendAuditEvent(tx, {
      at: now,
      ...auditActorOf(ctx),
      action: `task.${options.kind}`,
      entityType: "plan_task",
      entityId: task.id,
      comment: text.slice(0, 500),
    });
  });
}

// ---- Deadlines -----------------------------------------------------------------------------------

/** Enters the anchor date of a relative deadline ("05 ngày làm việc kể từ ngày ký …"): computes the due date. */
export function setTaskAnchorDate(ctx: ServiceContext, options: { taskId: number; anchorDate: string }): { dueDate: string | null } {
  const { task, plan, perms } = loadTask(ctx, options.taskId);
  requireUpdate(perms);
  if (!isValidIsoDate(options.anchorDate)) throw new AppError(AppErrorCode.VALIDATION, PlanMessages.DATE_INVALID, { anchorDate: PlanMessages.DATE_FORMAT });
  const parsed = parseDeadline(task.deadlineText, { planYear: plan.year });
  if (parsed.kind !== "relative") throw new AppError(AppErrorCode.INVALID_STATE, TaskMessages.NOT_RELATIVE_DEADLINE);
  const dueDate = resolveRelativeDeadline(parsed, options.anchorDate, loadWorkingCalendar(ctx.db));
  const now = nowOf(ctx);
  writeTransaction(ctx.db, (tx) => {
    tx.update(planTasks)
      .set({ anchorDate: options.anchorDate, dueDate, dueDateNeedsInput: false, version: task.version + 1, updatedAt: now })
      .where(eq(planTasks.id, task.id))
      .run();
    journal(tx, ctx, task, { kind: "deadline", note: `Ngày của sự kiện mốc: ${options.anchorDate}; hạn hoàn thành: ${dueDate ?? "—"}` });
    appendAuditEvent(tx, {
      at: now,
      ...auditActorOf(ctx),
      action: "task.anchor",
      entityType: "plan_task",
      entityId: task.id,
      detail: { anchorDate: options.anchorDate, dueDate },
    });
  });
  return { dueDate };
}

/** Sets the due date by hand (an unparsed phrase flagged for review). */
export function setTaskDueDate(ctx: ServiceContext, options: { taskId: number; dueDate: string; note?: string | null }): void {
  const { task, perms } = loadTask(ctx, options.taskId);
  requireUpdate(perms);
  if (!isValidIsoDate(options.dueDate)) throw new AppError(AppErrorCode.VALIDATION, PlanMessages.DATE_INVALID, { dueDate: PlanMessages.DATE_FORMAT });
  const now = nowOf(ctx);
  writeTransaction(ctx.db, (tx) => {
    tx.update(planTasks)
      .set({ dueDate: options.dueDate, dueDateNeedsInput: false, dueDateSetManually: true, version: task.version + 1, updatedAt: now })
      .where(eq(planTasks.id, task.id))
      .run();
    journal(tx, ctx, task, { kind: "deadline", note: `Đặt hạn hoàn thành ${options.dueDate}${options.note ? `: ${options.note}` : ""}` });
    appendAuditEvent(tx, {
      at: now,
      ...auditActorOf(ctx),
      action: "task.due_date",
      entityType: "plan_task",
      entityId: task.id,
      fromState: task.dueDate,
      toState: options.dueDate,
    });
  });
}

/** The raw journal of a task (for reconstruction tests and the history view). */
