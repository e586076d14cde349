// Đôn đốc (Decree 30 Art. 24: the office chases the handling of documents; tasks.md: leaders chase plan tasks).
// A leader or the office lead sends a graded reminder on a document or a plan task to whoever holds it; the
// reminder is audited in the same transaction, shown on the item, notified, and counted per unit and person.
import { and, desc, eq, gte, lt, sql } from "drizzle-orm";
import { preparedOnce, writeTransaction, type DbOrTx } from "#db/client";
import { incomingAssignments, incomingDocuments, planTasks, reminders, users, type Reminder } from "#db/schema/index";
import { isRemindableIncomingStatus, isRemindableTask, REMINDER_LEVEL_LABELS, type ReminderLevelCode } from "#app/domain/shared/notifications";
import { appendAuditEvent } from "#app/platform/audit.server";
import { auditActorOf, nowOf, type ServiceContext } from "#app/platform/context.server";
import { incomingDocumentsVisibleTo } from "#app/features/incoming/index";
import { requirePlanAccess } from "#app/features/plans/index";
import { AppError, AppErrorCode } from "#app/utils/errors";
import { CommonMessages } from "#app/messages/common";
import { NotificationMessages } from "#app/messages/notifications";
import { notify, taskLeadRecipientIds, unitRecipientIds } from "./notify.server";

export type ReminderTarget = { entityType: "incoming_document" | "plan_task"; entityId: number };
export type SendReminderOptions = ReminderTarget & { level: ReminderLevelCode; note: string };

type Resolved = {
  organizationId: number;
  title: string;
  body: string;
  link: string;
  isSecret: boolean;
  toUserId: number | null;
  toUnitId: number | null;
  recipients: number[];
};

function resolveTarget(tx: DbOrTx, ctx: ServiceContext, target: ReminderTarget): Resolved {
  if (target.entityType === "incoming_document") {
    const doc = tx
      .select()
      .from(incomingDocuments)
      .where(and(eq(incomingDocuments.id, target.entityId), incomingDocumentsVisibleTo(ctx.actor)))
      .get();
    if (!doc) throw new AppError(AppErrorCode.NOT_FOUND, CommonMessages.NOT_FOUND("văn bản đến"));
    // The main handler (Decree 30 Art. 20: the unit or person "chủ trì" answers for the handling).
    const main = tx
      .select()
      .from(incomingAssignments)
      .where(and(eq(incomingAssignments.documentId, doc.id), eq(incomingAssignments.kind, "main"), eq(incomingAssignments.status, "pending")))
      .orderBy(desc(incomingAssignments.id))
      .get();
    if (!main || !isRemindableIncomingStatus(doc.status)) throw new AppError(AppErrorCode.INVALID_STATE, NotificationMessages.REMINDER_NO_RECIPIENT);
    return {
      organizationId: doc.organizationId,
      title: `${doc.numberSymbol || "Văn bản không số"}`,
      body: doc.summary,
      link: `/incoming/${doc.id}`,
      isSecret: doc.isSecret,
      toUserId: main.assigneeUserId,
      toUnitId: main.assigneeUserId ? null : main.assigneeUnitId,
      recipients: main.assigneeUserId ? [main.assigneeUserId] : unitRecipientIds(tx, main.assigneeUnitId ? [main.assigneeUnitId] : []),
    };
  }
  const task = tx.select().from(planTasks).where(eq(planTasks.id, target.entityId)).get();
  if (!task) throw new AppError(AppErrorCode.NOT_FOUND, CommonMessages.NOT_FOUND("nhiệm vụ"));
  const { plan } = requirePlanAccess(ctx, task.planId);
  if (!task.leadUnitId || !isRemindableTask(task)) {
    throw new AppError(AppErrorCode.INVALID_STATE, NotificationMessages.REMINDER_NO_RECIPIENT);
  }
  return {
    organizationId: plan.organizationId,
    title: task.title,
    body: "",
    link: `/tasks/${task.id}`,
    isSecret: false,
    toUserId: null,
    toUnitId: task.leadUnitId,
    recipients: taskLeadRecipientIds(tx, task.leadUnitId),
  };
}

export function sendReminder(ctx: ServiceContext, options: SendReminderOptions): Reminder {
  if (!ctx.actor.permissions.includes("remind:work")) throw new AppError(AppErrorCode.FORBIDDEN, CommonMessages.FORBIDDEN);
  if (!Object.hasOwn(REMINDER_LEVEL_LABELS, options.level))
    throw new AppError(AppErrorCode.VALIDATION, CommonMessages.FORM_INVALID, { level: CommonMessages.FORM_INVALID });
  const note = options.note.trim();
  if (note.length > 1000)
    throw new AppError(AppErrorCode.VALIDATION, NotificationMessages.REMINDER_NOTE_TOO_LONG, { note: NotificationMessages.REMINDER_NOTE_TOO_LONG });
  const at = nowOf(ctx);
  return writeTransaction(ctx.db, (tx) => {
    const target = resolveTarget(tx, ctx, options);
    if (target.recipients.length === 0) throw new AppError(AppErrorCode.INVALID_STATE, NotificationMessages.REMINDER_NO_RECIPIENT);
    const row = tx
      .insert(reminders)
      .values({
        organizationId: target.organizationId,
        entityType: options.entityType,
        entityId: options.entityId,
        level: options.level,
        note,
        fromUserId: ctx.actor.id,
        toUserId: target.toUserId,
        toUnitId: target.toUnitId,
        createdAt: at,
      })
      .returning()
      .get();
    appendAuditEvent(tx, {
      ...auditActorOf(ctx),
      at,
      action: "reminder.sent",
      entityType: options.entityType,
      entityId: options.entityId,
      comment: note || null,
      detail: { level: options.level, reminderId: row.id, toUserId: target.toUserId, toUnitId: target.toUnitId },
    });
    const level = REMINDER_LEVEL_LABELS[options.level];
    notify(tx, {
      type: "reminder",
      eventKey: `reminder:${row.id}`,
      entityType: options.entityType,
      entityId: options.entityId,
      title: `${NotificationMessages.REMINDER(level)}: ${target.title}`,
      body: [note ? `${ctx.actor.fullName}: ${note}` : `Người đôn đốc: ${ctx.actor.fullName}`, target.body].filter(Boolean).join("\n"),
      link: target.link,
      isSecret: target.isSecret,
      recipients: target.recipients,
      exceptUserId: ctx.actor.id,
      at,
    });
    return row;
  });
}

export type ReminderView = Reminder & { fromName: string; toName: string | null };

/** The reminders shown on an item's page (the caller has already checked that the actor may see the item). */
export function listReminders(ctx: ServiceContext, target: ReminderTarget): ReminderView[] {
  return preparedOnce(ctx.db, "notifications.remindersOf", (db) =>
    db
      .select({ r: reminders, fromName: users.fullName, toName: sql<string | null>`(select full_name from users u2 where u2.id = ${reminders.toUserId})` })
      .from(reminders)
      .innerJoin(users, eq(users.id, reminders.fromUserId))
      .where(and(eq(reminders.entityType, sql.placeholder("entityType")), eq(reminders.entityId, sql.placeholder("entityId"))))
      .orderBy(desc(reminders.id))
      .prepare(),
  )
    .all({ entityType: target.entityType, entityId: target.entityId })
    .map((x) => ({ ...x.r, fromName: x.fromName, toName: x.toName }));
}

export type ReminderCount = { unitId: number | null; userId: number | null; level: ReminderLevelCode; count: number };

/** Reminders received per unit and per person in a period (for the statistics issue). */
export function countReminders(ctx: ServiceContext, period: { from: Date; to: Date }): ReminderCount[] {
  return ctx.db
    .select({ unitId: reminders.toUnitId, userId: reminders.toUserId, level: reminders.level, count: sql<number>`count(*)` })
    .from(reminders)
    .where(and(eq(reminders.organizationId, ctx.actor.organizationId), gte(reminders.createdAt, period.from), lt(reminders.createdAt, period.to)))
    .groupBy(reminders.toUnitId, reminders.toUserId, reminders.level)
    .all();
}
