// Scheduled notifications: once per working day (Decree 30 Art. 24: đôn đốc việc giải quyết văn bản) the
// scheduler computes what is due soon and what is overdue, for incoming documents' handlers and for plan tasks'
// lead units, the signing certificates about to expire and the case files overdue for nộp lưu, and sends the daily
// digests. Keys carry the date (the certificates' and case files' keys their threshold), so a rerun on the same day
// (another server worker, a restart) adds nothing; weekends and holidays of the working-day calendar are skipped.
import { and, eq, gte, inArray, isNotNull, isNull, lte, notInArray, sql } from "drizzle-orm";
import { Cron } from "croner";
import { writeTransaction, type Db } from "#db/client";
import { incomingAssignments, incomingDocuments, notificationDeliveries, notifications, notificationSettings, planTasks, users } from "#db/schema/index";
import { digestEmail, type NotificationContent } from "#app/domain/shared/notifications";
import { addWorkingDays, isWorkingDay, previousWorkingDay } from "#app/domain/shared/working-days";
import { formatDateVi, toVietnamDate } from "#app/domain/shared/dates";
import { loadWorkingCalendar } from "#app/platform/calendar.server";
import { NotificationMessages } from "#app/messages/notifications";
import { caseFileHandoverNotices } from "./casefiles.server";
import { certificateExpiryNotices } from "./certificates.server";
import { notificationBaseUrl, notify, taskLeadRecipientIds, unitRecipientIds } from "./notify.server";

export type DailyResult = { date: string; skipped: boolean; incoming: number; tasks: number; certificates: number; caseFiles: number; digests: number };

const OPEN_TASK_EXCLUDED = ["done", "not_applicable", "cancelled", "deferred", "awaiting_confirmation"] as const;

/** Computes the day's due-soon and overdue notifications and the digests. Safe to run more than once a day. */
export function computeDailyNotifications(db: Db, options: { now: Date; dueSoonWorkingDays: number; catchUp?: boolean }): DailyResult {
  const cal = loadWorkingCalendar(db);
  let today = toVietnamDate(options.now);
  if (!isWorkingDay(cal, today)) {
    // The cron skips weekends and holidays. At start (catchUp) the last working day's run is made good instead:
    // its keys make it a no-op when it already ran, and it fills in what a server down that morning missed.
    if (!options.catchUp) return { date: today, skipped: true, incoming: 0, tasks: 0, certificates: 0, caseFiles: 0, digests: 0 };
    today = previousWorkingDay(cal, today);
  }
  const horizon = addWorkingDays(cal, today, options.dueSoonWorkingDays);
  return writeTransaction(db, (tx) => {
    let incoming = 0;
    const assignments = tx
      .select({
        id: incomingAssignments.id,
        documentId: incomingAssignments.documentId,
        userId: incomingAssignments.assigneeUserId,
        unitId: incomingAssignments.assigneeUnitId,
        deadline: incomingAssignments.deadline,
        summary: incomingDocuments.summary,
        numberSymbol: incomingDocuments.numberSymbol,
        isSecret: incomingDocuments.isSecret,
      })
      .from(incomingAssignments)
      .innerJoin(incomingDocuments, eq(incomingDocuments.id, incomingAssignments.documentId))
      .where(
        and(
          eq(incomingAssignments.kind, "main"),
          eq(incomingAssignments.status, "pending"),
          isNotNull(incomingAssignments.deadline),
          lte(incomingAssignments.deadline, horizon),
          isNull(incomingDocuments.recalledAt),
          notInArray(incomingDocuments.status, ["completed", "returned", "received"]),
        ),
      )
      .all();
    for (const a of assignments) {
      const overdue = a.deadline! < today;
      const recipients = a.userId ? [a.userId] : unitRecipientIds(tx, a.unitId ? [a.unitId] : []);
      const title = overdue
        ? NotificationMessages.INCOMING_OVERDUE(a.numberSymbol, formatDateVi(a.deadline!))
        : NotificationMessages.INCOMING_DUE_SOON(a.numberSymbol, formatDateVi(a.deadline!));
      incoming += notify(tx, {
        type: overdue ? "incoming_overdue" : "incoming_due_soon",
        eventKey: `${overdue ? "incoming_overdue" : "incoming_due_soon"}:${a.id}:${today}`,
        entityType: "incoming_document",
        entityId: a.documentId,
        title,
        body: a.summary,
        link: `/incoming/${a.documentId}`,
        isSecret: a.isSecret,
        recipients,
        at: options.now,
      }).inApp;
    }
    let tasks = 0;
    const due = tx
      .select({ id: planTasks.id, title: planTasks.title, dueDate: planTasks.dueDate, leadUnitId: planTasks.leadUnitId })
      .from(planTasks)
      .where(
        and(
          isNotNull(planTasks.dueDate),
          lte(planTasks.dueDate, horizon),
          isNotNull(planTasks.leadUnitId),
          notInArray(planTasks.status, [...OPEN_TASK_EXCLUDED]),
        ),
      )
      .all();
    for (const t of due) {
      const overdue = t.dueDate! < today;
      tasks += notify(tx, {
        type: overdue ? "task_overdue" : "task_due_soon",
        eventKey: `${overdue ? "task_overdue" : "task_due_soon"}:${t.id}:${today}`,
        entityType: "plan_task",
        entityId: t.id,
        title: overdue ? NotificationMessages.TASK_OVERDUE(formatDateVi(t.dueDate!)) : NotificationMessages.TASK_DUE_SOON(formatDateVi(t.dueDate!)),
        body: t.title,
        link: `/tasks/${t.id}`,
        isSecret: false,
        recipients: taskLeadRecipientIds(tx, t.leadUnitId!),
        at: options.now,
      }).inApp;
    }
    // Signing certificates that reached 30, 7 or 0 days before expiry (once per certificate and threshold).
    const certificates = certificateExpiryNotices(tx, options.now);
    // Closed case files not handed over within a year (Decree 30 Art. 31 k.3), once per file and threshold.
    const caseFiles = caseFileHandoverNotices(tx, options.now, today);
    const digests = writeDigests(tx as unknown as Db, options.now, today);
    return { date: today, skipped: false, incoming, tasks, certificates, caseFiles, digests };
  });
}

/** One mail per digest reader listing their notifications of the last 24 hours. */
function writeDigests(tx: Db, now: Date, today: string): number {
  const readers = tx
    .select({ id: users.id, fullName: users.fullName, email: users.email })
    .from(notificationSettings)
    .innerJoin(users, eq(users.id, notificationSettings.userId))
    .where(and(eq(notificationSettings.dailyDigest, true), eq(users.isActive, true), isNotNull(users.email)))
    .all();
  if (readers.length === 0) return 0;
  const since = new Date(now.getTime() - 24 * 3600_000);
  const items = tx
    .select()
    .from(notifications)
    .where(
      and(
        inArray(
          notifications.userId,
          readers.map((r) => r.id),
        ),
        gte(notifications.createdAt, since),
      ),
    )
    .orderBy(notifications.id)
    .all();
  const baseUrl = notificationBaseUrl();
  let written = 0;
  for (const reader of readers) {
    const mine: NotificationContent[] = items
      .filter((n) => n.userId === reader.id)
      .map((n) => ({ type: n.eventType as NotificationContent["type"], title: n.title, link: n.link, isSecret: n.isSecret }));
    if (mine.length === 0) continue;
    const mail = digestEmail(mine, { baseUrl, fullName: reader.fullName, dateText: formatDateVi(today) });
    written += tx
      .insert(notificationDeliveries)
      .values({
        deliveryKey: `digest:${today}|${reader.id}|email`,
        userId: reader.id,
        channel: "email",
        eventType: "digest",
        toAddress: reader.email!,
        subject: mail.subject,
        textBody: mail.text,
        nextAttemptAt: now,
        createdAt: now,
      })
      .onConflictDoNothing()
      .run().changes;
  }
  return written;
}

/** Runs the day's computation now and then on the cron (Vietnam time); returns stop(). */
export function startDailyScheduler(db: Db, options: { cron: string; dueSoonWorkingDays: number }): () => void {
  const run = (catchUp: boolean) => {
    try {
      computeDailyNotifications(db, { now: new Date(), dueSoonWorkingDays: options.dueSoonWorkingDays, catchUp });
    } catch (error) {
      console.error("[notifications] daily computation failed:", error instanceof Error ? error.message : error);
    }
  };
  const job = new Cron(options.cron, { timezone: "Asia/Ho_Chi_Minh", protect: true }, () => run(false));
  const first = setTimeout(() => run(true), 1_000);
  first.unref();
  return () => {
    clearTimeout(first);
    job.stop();
  };
}

export function unreadSql(userId: number) {
  return sql`SELECT count(*) AS n FROM notifications WHERE user_id = ${userId} AND read_at IS NULL`;
}
