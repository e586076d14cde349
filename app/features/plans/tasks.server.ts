// Task work (issue 6 §4): status changes with the journal, progress notes, comments, contributions of
// cooperating units, evidence (files or document references) matched against the required items,
// the manager's confirmation or send-back, and anchor/due dates for relative or unparsed deadlines.
//
// Completion date decision: the date the lead unit gives when it marks the task "Hoàn thành" (the
// date of the completing document or product) stays the completion date after the manager confirms.
// Confirmation is a review of evidence, not the event that completes the work, so a late confirmation
// never turns an on-time task into a late one. A send-back clears it.
import { and, asc, desc, eq, inArray, isNull, or, sql } from "drizzle-orm";
import { writeTransaction, type Tx } from "#db/client";
import { organizations, plans, planAreas, planTasks, taskCooperators, taskEvents, taskEvidence, taskEvidenceItems, users, type Plan, type PlanTask } from "#db/schema/index";
import { userHasPermission } from "#app/platform/auth/actor";
import { isValidIsoDate, toVietnamDate } from "#app/domain/shared/dates";
import { parseDeadline, resolveRelativeDeadline } from "#app/domain/shared/deadlines";
import { canTransition, COMPLETED_STATUSES, TASK_STATUS_LABELS, taskTimeliness, type TaskStatus, type Timeliness } from "#app/domain/plans/progress";
import { AppError, AppErrorCode } from "#app/utils/errors";
import { appendAuditEvent } from "#app/platform/audit.server";
import { loadWorkingCalendar } from "#app/platform/calendar.server";
import { auditActorOf, nowOf, type ServiceContext } from "#app/platform/context.server";
import { getFileRow, insertFileRow, readStoredFile, writeBlob } from "#app/platform/files/files.server";
import { checkUploadedFile } from "#app/platform/files/upload-content.server";
import { actorUnitChain, planAccess, planScopeOrganizationIds } from "#app/features/plans/plans.server";

export type TaskPermissions = { canView: boolean; canUpdate: boolean; canContribute: boolean; canManage: boolean; canComment: boolean };

function taskPermissions(ctx: ServiceContext, task: PlanTask, plan: Plan): TaskPermissions {
  const access = planAccess(ctx.db, ctx.actor, plan);
  const chain = actorUnitChain(ctx.db, ctx.actor);
  const updater = userHasPermission(ctx.actor, "update:task:unit");
  const isLead = updater && task.leadUnitId !== null && chain.includes(task.leadUnitId);
  const isCooperating =
    updater &&
    !!ctx.db
      .select({ id: taskCooperators.taskId })
      .from(taskCooperators)
      .where(and(eq(taskCooperators.taskId, task.id), inArray(taskCooperators.organizationId, chain)))
      .get();
  const canView = access.isOverseer || isLead || isCooperating;
  return { canView, canUpdate: isLead || access.canManage, canContribute: isLead || isCooperating, canManage: access.canManage, canComment: canView };
}

/**
 * Of a plan's tasks, the ids this actor may open — the same rule as taskPermissions().canView, for a whole
 * list in two queries, so a page never links to a task that would answer "Không tìm thấy".
 */
export function taskIdsActorCanOpen(ctx: ServiceContext, plan: Plan, tasks: ReadonlyArray<Pick<PlanTask, "id" | "leadUnitId">>): Set<number> {
  const access = planAccess(ctx.db, ctx.actor, plan);
  if (access.isOverseer) return new Set(tasks.map((t) => t.id));
  if (!userHasPermission(ctx.actor, "update:task:unit") || tasks.length === 0) return new Set();
  const chain = actorUnitChain(ctx.db, ctx.actor);
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

function loadTask(ctx: ServiceContext, taskId: number): { task: PlanTask; plan: Plan; perms: TaskPermissions } {
  const task = ctx.db.select().from(planTasks).where(eq(planTasks.id, taskId)).get();
  if (!task) throw new AppError(AppErrorCode.NOT_FOUND, "Không tìm thấy nhiệm vụ");
  const plan = ctx.db.select().from(plans).where(eq(plans.id, task.planId)).get()!;
  const perms = taskPermissions(ctx, task, plan);
  if (!perms.canView) throw new AppError(AppErrorCode.NOT_FOUND, "Không tìm thấy nhiệm vụ");
  return { task, plan, perms };
}

function requireUpdate(perms: TaskPermissions): void {
  if (!perms.canUpdate) throw new AppError(AppErrorCode.FORBIDDEN, "Chỉ cơ quan chủ trì nhiệm vụ được cập nhật nhiệm vụ này");
}

function checkVersion(task: PlanTask, version: number | undefined): void {
  if (version !== undefined && version !== task.version) throw new AppError(AppErrorCode.CONFLICT, "Nhiệm vụ vừa được người khác cập nhật; hãy tải lại trang.");
}

function journal(tx: Tx, ctx: ServiceContext, task: PlanTask, values: { kind: (typeof taskEvents.$inferInsert)["kind"]; effectiveOn?: string; fromStatus?: TaskStatus | null; toStatus?: TaskStatus | null; completedOn?: string | null; note?: string | null }) {
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

// ---- Reading ---------------------------------------------------------------------------------------

export type EvidenceItemView = { id: number; description: string; attached: number };

export function getTaskDetail(ctx: ServiceContext, taskId: number) {
  const { task, plan, perms } = loadTask(ctx, taskId);
  const area = ctx.db.select().from(planAreas).where(eq(planAreas.id, task.areaId)).get()!;
  const items = ctx.db.select().from(taskEvidenceItems).where(eq(taskEvidenceItems.taskId, task.id)).orderBy(asc(taskEvidenceItems.sortOrder)).all();
  const evidence = ctx.db
    .select({ e: taskEvidence, byName: users.fullName, fileName: sql<string | null>`(select original_name from files f where f.id = ${taskEvidence.fileId})` })
    .from(taskEvidence)
    .leftJoin(users, eq(users.id, taskEvidence.attachedBy))
    .where(and(eq(taskEvidence.taskId, task.id), isNull(taskEvidence.removedAt)))
    .orderBy(asc(taskEvidence.id))
    .all()
    .map((r) => ({ ...r.e, attachedByName: r.byName, fileName: r.fileName }));
  const events = ctx.db
    .select({ ev: taskEvents, actorName: users.fullName, orgName: organizations.name })
    .from(taskEvents)
    .leftJoin(users, eq(users.id, taskEvents.actorId))
    .leftJoin(organizations, eq(organizations.id, taskEvents.organizationId))
    .where(eq(taskEvents.taskId, task.id))
    .orderBy(desc(taskEvents.id))
    .all()
    .map((r) => ({ ...r.ev, actorName: r.actorName ?? "Hệ thống", organizationName: r.orgName }));
  const cooperators = ctx.db
    .select({ id: organizations.id, name: organizations.name })
    .from(taskCooperators)
    .innerJoin(organizations, eq(organizations.id, taskCooperators.organizationId))
    .where(eq(taskCooperators.taskId, task.id))
    .all();
  const leadName = task.leadUnitId ? ctx.db.select({ name: organizations.name }).from(organizations).where(eq(organizations.id, task.leadUnitId)).get()?.name ?? null : null;
  const itemViews: EvidenceItemView[] = items.map((i) => ({ id: i.id, description: i.description, attached: evidence.filter((e) => e.itemId === i.id).length }));
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
    timeliness: taskTimeliness({ dueDate: task.dueDate, statusAsOf: task.status, completedOn: task.completedOn }, today, { calendar: loadWorkingCalendar(ctx.db) }),
    missingEvidence: itemViews.filter((i) => i.attached === 0).map((i) => i.description),
  };
}

export type UnitTaskRow = Pick<PlanTask, "id" | "planId" | "ordinal" | "title" | "dueDate" | "deadlineText" | "status" | "completedOn" | "leadUnitText" | "dueDateNeedsInput"> & {
  planTitle: string;
  role: "lead" | "cooperating";
  timeliness: Timeliness;
};

/** "Nhiệm vụ của đơn vị": tasks led by (or shared with) the actor's unit chain, with due-soon/overdue marks. */
export function listUnitTasks(ctx: ServiceContext, options: { filter?: "open" | "all" | "overdue" | "due_soon" | "awaiting"; dueSoonWorkingDays?: number } = {}): UnitTaskRow[] {
  const chain = actorUnitChain(ctx.db, ctx.actor);
  const coopIds = ctx.db.select({ id: taskCooperators.taskId }).from(taskCooperators).where(inArray(taskCooperators.organizationId, chain)).all().map((r) => r.id);
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
    timeliness: taskTimeliness({ dueDate: r.dueDate, statusAsOf: r.status, completedOn: r.completedOn }, today, { calendar, dueSoonWorkingDays: options.dueSoonWorkingDays ?? 5 }),
  }));
  const filter = options.filter ?? "open";
  return out.filter((r) => {
    if (filter === "all") return true;
    if (filter === "overdue") return r.timeliness === "open_overdue";
    if (filter === "due_soon") return r.timeliness === "open_due_soon";
    if (filter === "awaiting") return r.status === "awaiting_confirmation";
    return r.timeliness.startsWith("open_");
  });
}

/** Completions awaiting the manager's confirmation, in the plans the actor manages. */
export function listAwaitingConfirmation(ctx: ServiceContext) {
  if (!userHasPermission(ctx.actor, "manage:plan")) return [];
  const scope = planScopeOrganizationIds(ctx.db, ctx.actor);
  if (!scope.length) return [];
  return ctx.db
    .select({ id: planTasks.id, title: planTasks.title, planId: planTasks.planId, planTitle: plans.title, leadUnitText: planTasks.leadUnitText, completedOn: planTasks.completedOn, dueDate: planTasks.dueDate })
    .from(planTasks)
    .innerJoin(plans, eq(plans.id, planTasks.planId))
    .where(and(inArray(plans.organizationId, scope), eq(planTasks.status, "awaiting_confirmation")))
    .orderBy(asc(planTasks.updatedAt))
    .all();
}

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
    throw new AppError(AppErrorCode.INVALID_STATE, `Không thể chuyển từ “${TASK_STATUS_LABELS[task.status]}” sang “${TASK_STATUS_LABELS[target]}”.`);
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
    const items = ctx.db.select({ id: taskEvidenceItems.id, description: taskEvidenceItems.description }).from(taskEvidenceItems).where(eq(taskEvidenceItems.taskId, task.id)).all();
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
    if (res.changes !== 1) throw new AppError(AppErrorCode.CONFLICT, "Nhiệm vụ vừa được người khác cập nhật; hãy tải lại trang.");
    const note = [options.note?.trim(), reason && `Lý do: ${reason}`, document && `Văn bản: ${document}`, explanation && `Giải trình: ${explanation}`].filter(Boolean).join(" · ") || null;
    journal(tx, ctx, task, { kind: "status", fromStatus: task.status, toStatus: target, completedOn, effectiveOn: isCompletion && completedOn ? completedOn : undefined, note });
    appendAuditEvent(tx, { at: now, ...auditActorOf(ctx), action: "task.status", entityType: "plan_task", entityId: task.id, fromState: task.status, toState: target, comment: note, detail: { completedOn } });
  });
  return { status: target };
}

function requireAwaiting(ctx: ServiceContext, taskId: number, version?: number) {
  const loaded = loadTask(ctx, taskId);
  if (!loaded.perms.canManage) throw new AppError(AppErrorCode.FORBIDDEN, "Chỉ người theo dõi kế hoạch (Sở Nội vụ) được xác nhận hoàn thành");
  checkVersion(loaded.task, version);
  if (loaded.task.status !== "awaiting_confirmation") throw new AppError(AppErrorCode.INVALID_STATE, "Nhiệm vụ không ở trạng thái chờ xác nhận");
  return loaded;
}

/** The plan manager confirms a completion: Chờ xác nhận → Hoàn thành, keeping the department's date. */
export function confirmTaskCompletion(ctx: ServiceContext, options: { taskId: number; version?: number; note?: string | null }): void {
  const { task } = requireAwaiting(ctx, options.taskId, options.version);
  const now = nowOf(ctx);
  writeTransaction(ctx.db, (tx) => {
    tx.update(planTasks).set({ status: "done", version: task.version + 1, updatedAt: now }).where(eq(planTasks.id, task.id)).run();
    // Effective on the completion date: the task was done then; the confirmation only validates it.
    journal(tx, ctx, task, { kind: "status", fromStatus: task.status, toStatus: "done", completedOn: task.completedOn, effectiveOn: task.completedOn ?? undefined, note: options.note?.trim() || "Xác nhận hoàn thành" });
    appendAuditEvent(tx, { at: now, ...auditActorOf(ctx), action: "task.confirm", entityType: "plan_task", entityId: task.id, fromState: task.status, toState: "done", comment: options.note ?? null });
  });
}

/** The plan manager sends a completion back: Chờ xác nhận → Đang thực hiện, with the reason. */
export function sendBackTaskCompletion(ctx: ServiceContext, options: { taskId: number; version?: number; reason: string }): void {
  const reason = options.reason?.trim();
  if (!reason) throw new AppError(AppErrorCode.VALIDATION, "Nhập lý do trả lại", { reason: "Nhập lý do trả lại" });
  const { task } = requireAwaiting(ctx, options.taskId, options.version);
  const now = nowOf(ctx);
  writeTransaction(ctx.db, (tx) => {
    tx.update(planTasks).set({ status: "in_progress", completedOn: null, statusReason: reason, version: task.version + 1, updatedAt: now }).where(eq(planTasks.id, task.id)).run();
    journal(tx, ctx, task, { kind: "status", fromStatus: task.status, toStatus: "in_progress", note: `Trả lại: ${reason}` });
    appendAuditEvent(tx, { at: now, ...auditActorOf(ctx), action: "task.send_back", entityType: "plan_task", entityId: task.id, fromState: task.status, toState: "in_progress", comment: reason });
  });
}

// ---- Notes, comments, contributions ---------------------------------------------------------------

export function addTaskEntry(ctx: ServiceContext, options: { taskId: number; kind: "note" | "comment" | "contribution"; text: string }): void {
  const text = options.text?.trim();
  if (!text) throw new AppError(AppErrorCode.VALIDATION, "Nhập nội dung", { text: "Nhập nội dung" });
  if (text.length > 4000) throw new AppError(AppErrorCode.VALIDATION, "Nội dung quá dài (tối đa 4.000 ký tự)", { text: "Tối đa 4.000 ký tự" });
  const { task, perms } = loadTask(ctx, options.taskId);
  if (options.kind === "note") requireUpdate(perms);
  if (options.kind === "contribution" && !perms.canContribute) throw new AppError(AppErrorCode.FORBIDDEN, "Chỉ cơ quan phối hợp được ghi kết quả phối hợp");
  const now = nowOf(ctx);
  writeTransaction(ctx.db, (tx) => {
    journal(tx, ctx, task, { kind: options.kind, note: text });
    appendAuditEvent(tx, { at: now, ...auditActorOf(ctx), action: `task.${options.kind}`, entityType: "plan_task", entityId: task.id, comment: text.slice(0, 500) });
  });
}

// ---- Evidence -------------------------------------------------------------------------------------

/** Evidence files (tasks.md §4.6): documents and scans, checked by content (app/platform/files/upload-content.server.ts). */
const EVIDENCE_KINDS = ["pdf", "docx", "xlsx", "png", "jpeg"] as const;

function checkItem(ctx: ServiceContext, taskId: number, itemId: number | null | undefined): number | null {
  if (!itemId) return null;
  const item = ctx.db.select().from(taskEvidenceItems).where(and(eq(taskEvidenceItems.id, itemId), eq(taskEvidenceItems.taskId, taskId))).get();
  if (!item) throw new AppError(AppErrorCode.VALIDATION, "Tài liệu kiểm chứng không thuộc nhiệm vụ này", { itemId: "Chọn lại" });
  return item.id;
}

/** Uploads a file (PDF, DOCX, XLSX, PNG, JPEG) as evidence, content-addressed. */
export async function attachEvidenceFile(ctx: ServiceContext, options: { taskId: number; itemId?: number | null; bytes: Uint8Array; fileName: string; title?: string | null; note?: string | null }): Promise<number> {
  const { task, perms } = loadTask(ctx, options.taskId);
  if (!perms.canUpdate && !perms.canContribute) requireUpdate(perms);
  // A truncated, encrypted or cyclic PDF, a renamed executable or an image bomb is refused here.
  const kind = await checkUploadedFile(options.bytes, { fileName: options.fileName, field: "file", accept: EVIDENCE_KINDS });
  const itemId = checkItem(ctx, task.id, options.itemId);
  const blob = writeBlob(ctx.dataDir, options.bytes);
  const now = nowOf(ctx);
  return writeTransaction(ctx.db, (tx) => {
    const file = insertFileRow(tx, { blob, mimeType: kind.mimeType, originalName: options.fileName, createdBy: ctx.actor.id || null, at: now });
    const row = tx
      .insert(taskEvidence)
      .values({ taskId: task.id, itemId, kind: "file", fileId: file.id, title: options.title?.trim() || options.fileName, note: options.note?.trim() || null, attachedBy: ctx.actor.id || null, attachedByOrganizationId: ctx.actor.organizationId || null, attachedAt: now })
      .returning({ id: taskEvidence.id })
      .get();
    journal(tx, ctx, task, { kind: "evidence", note: `Đính kèm tệp “${options.fileName}”` });
    appendAuditEvent(tx, { at: now, ...auditActorOf(ctx), action: "task.evidence_file", entityType: "plan_task", entityId: task.id, detail: { evidenceId: row.id, sha256: blob.sha256, itemId } });
    return row.id;
  });
}

/** Links a document as evidence by its reference (number-symbol, date, title). */
export function attachEvidenceReference(ctx: ServiceContext, options: { taskId: number; itemId?: number | null; documentNumber: string; documentDate?: string | null; title: string; note?: string | null }): number {
  const { task, perms } = loadTask(ctx, options.taskId);
  if (!perms.canUpdate && !perms.canContribute) requireUpdate(perms);
  const fieldErrors: Record<string, string> = {};
  if (!options.documentNumber?.trim()) fieldErrors.documentNumber = "Nhập số, ký hiệu văn bản";
  if (!options.title?.trim()) fieldErrors.title = "Nhập trích yếu";
  if (options.documentDate && !isValidIsoDate(options.documentDate)) fieldErrors.documentDate = "Ngày không hợp lệ";
  if (Object.keys(fieldErrors).length) throw new AppError(AppErrorCode.VALIDATION, Object.values(fieldErrors)[0], fieldErrors);
  const itemId = checkItem(ctx, task.id, options.itemId);
  const now = nowOf(ctx);
  return writeTransaction(ctx.db, (tx) => {
    const row = tx
      .insert(taskEvidence)
      .values({ taskId: task.id, itemId, kind: "document_ref", documentNumber: options.documentNumber.trim(), documentDate: options.documentDate || null, title: options.title.trim(), note: options.note?.trim() || null, attachedBy: ctx.actor.id || null, attachedByOrganizationId: ctx.actor.organizationId || null, attachedAt: now })
      .returning({ id: taskEvidence.id })
      .get();
    journal(tx, ctx, task, { kind: "evidence", note: `Liên kết văn bản ${options.documentNumber.trim()}` });
    appendAuditEvent(tx, { at: now, ...auditActorOf(ctx), action: "task.evidence_document", entityType: "plan_task", entityId: task.id, detail: { evidenceId: row.id, documentNumber: options.documentNumber, itemId } });
    return row.id;
  });
}

export function removeEvidence(ctx: ServiceContext, options: { taskId: number; evidenceId: number }): void {
  const { task, perms } = loadTask(ctx, options.taskId);
  requireUpdate(perms);
  const ev = ctx.db.select().from(taskEvidence).where(and(eq(taskEvidence.id, options.evidenceId), eq(taskEvidence.taskId, task.id), isNull(taskEvidence.removedAt))).get();
  if (!ev) throw new AppError(AppErrorCode.NOT_FOUND, "Không tìm thấy tài liệu");
  if (COMPLETED_STATUSES.has(task.status)) throw new AppError(AppErrorCode.INVALID_STATE, "Nhiệm vụ đã báo hoàn thành: không gỡ được tài liệu kiểm chứng");
  const now = nowOf(ctx);
  writeTransaction(ctx.db, (tx) => {
    tx.update(taskEvidence).set({ removedAt: now }).where(eq(taskEvidence.id, ev.id)).run();
    journal(tx, ctx, task, { kind: "evidence", note: `Gỡ tài liệu “${ev.title}”` });
    appendAuditEvent(tx, { at: now, ...auditActorOf(ctx), action: "task.evidence_remove", entityType: "plan_task", entityId: task.id, detail: { evidenceId: ev.id } });
  });
}

/** The bytes of an evidence file, for a user who may see the task (else NOT_FOUND). Removed evidence is gone for downloads too. */
export function readEvidenceFile(ctx: ServiceContext, options: { taskId: number; evidenceId: number }): { bytes: Buffer; fileName: string; mimeType: string } {
  const { task } = loadTask(ctx, options.taskId);
  const ev = ctx.db.select().from(taskEvidence).where(and(eq(taskEvidence.id, options.evidenceId), eq(taskEvidence.taskId, task.id), isNull(taskEvidence.removedAt))).get();
  const row = ev?.fileId ? getFileRow(ctx.db, ev.fileId) : undefined;
  if (!row) throw new AppError(AppErrorCode.NOT_FOUND, "Không tìm thấy tệp");
  return { bytes: readStoredFile(ctx.dataDir, row), fileName: row.originalName ?? "tai-lieu", mimeType: row.mimeType };
}

// ---- Deadlines -----------------------------------------------------------------------------------

/** Enters the anchor date of a relative deadline ("05 ngày làm việc kể từ ngày ký …"): computes the due date. */
export function setTaskAnchorDate(ctx: ServiceContext, options: { taskId: number; anchorDate: string }): { dueDate: string | null } {
  const { task, plan, perms } = loadTask(ctx, options.taskId);
  requireUpdate(perms);
  if (!isValidIsoDate(options.anchorDate)) throw new AppError(AppErrorCode.VALIDATION, "Ngày không hợp lệ", { anchorDate: "Nhập ngày dd/mm/yyyy" });
  const parsed = parseDeadline(task.deadlineText, { planYear: plan.year });
  if (parsed.kind !== "relative") throw new AppError(AppErrorCode.INVALID_STATE, "Thời hạn của nhiệm vụ không tính từ một sự kiện");
  const dueDate = resolveRelativeDeadline(parsed, options.anchorDate, loadWorkingCalendar(ctx.db));
  const now = nowOf(ctx);
  writeTransaction(ctx.db, (tx) => {
    tx.update(planTasks).set({ anchorDate: options.anchorDate, dueDate, dueDateNeedsInput: false, version: task.version + 1, updatedAt: now }).where(eq(planTasks.id, task.id)).run();
    journal(tx, ctx, task, { kind: "deadline", note: `Ngày của sự kiện mốc: ${options.anchorDate}; hạn hoàn thành: ${dueDate ?? "—"}` });
    appendAuditEvent(tx, { at: now, ...auditActorOf(ctx), action: "task.anchor", entityType: "plan_task", entityId: task.id, detail: { anchorDate: options.anchorDate, dueDate } });
  });
  return { dueDate };
}

/** Sets the due date by hand (an unparsed phrase flagged for review). */
export function setTaskDueDate(ctx: ServiceContext, options: { taskId: number; dueDate: string; note?: string | null }): void {
  const { task, perms } = loadTask(ctx, options.taskId);
  requireUpdate(perms);
  if (!isValidIsoDate(options.dueDate)) throw new AppError(AppErrorCode.VALIDATION, "Ngày không hợp lệ", { dueDate: "Nhập ngày dd/mm/yyyy" });
  const now = nowOf(ctx);
  writeTransaction(ctx.db, (tx) => {
    tx.update(planTasks).set({ dueDate: options.dueDate, dueDateNeedsInput: false, dueDateSetManually: true, version: task.version + 1, updatedAt: now }).where(eq(planTasks.id, task.id)).run();
    journal(tx, ctx, task, { kind: "deadline", note: `Đặt hạn hoàn thành ${options.dueDate}${options.note ? `: ${options.note}` : ""}` });
    appendAuditEvent(tx, { at: now, ...auditActorOf(ctx), action: "task.due_date", entityType: "plan_task", entityId: task.id, fromState: task.dueDate, toState: options.dueDate });
  });
}

/** The raw journal of a task (for reconstruction tests and the history view). */
export function listTaskEvents(ctx: ServiceContext, taskId: number) {
  loadTask(ctx, taskId);
  return ctx.db.select().from(taskEvents).where(eq(taskEvents.taskId, taskId)).orderBy(asc(taskEvents.id)).all();
}
