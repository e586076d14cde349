// The bell: a user's notifications, unread count, marking read, and the per-event channel preferences.
import { and, desc, eq, inArray, isNull, sql, type Placeholder } from "drizzle-orm";
import { preparedOnce, writeTransaction, type DbOrTx } from "#db/client";
import { notificationPreferences, notifications, notificationSettings, users, type Notification } from "#db/schema/index";
import {
  defaultChannels,
  NOTIFICATION_EVENTS,
  NOTIFICATION_EVENT_TYPES,
  type ChannelChoice,
  type NotificationEventType,
} from "#app/domain/shared/notifications";
import { appendAuditEvent } from "#app/platform/audit.server";
import { auditActorOf, nowOf, type ServiceContext } from "#app/platform/context.server";

/** The count of a user's unread notifications (through notifications_user_idx: the unread rows are one range). */
export function unreadCountQuery(db: DbOrTx, userId: number | Placeholder) {
  return db
    .select({ n: sql<number>`count(*)` })
    .from(notifications)
    .where(and(eq(notifications.userId, userId), isNull(notifications.readAt)));
}

/** The bell's number, on every page: prepared once (preparedOnce). */
export function unreadNotificationCount(ctx: ServiceContext): number {
  return (
    preparedOnce(ctx.db, "notifications.unreadCount", (db) => unreadCountQuery(db, sql.placeholder("userId")).prepare()).get({ userId: ctx.actor.id })?.n ?? 0
  );
}

/** The newest id of the user's notifications: the stream compares it to know whether anything arrived. */
export function latestNotificationId(ctx: ServiceContext): number {
  return ctx.db.get<{ n: number | null }>(sql`SELECT max(id) AS n FROM notifications WHERE user_id = ${ctx.actor.id}`)?.n ?? 0;
}

/**
 * The user's notifications, newest first by the time shown beside each (created_at, the event's time), then id. Not
 * by id alone: rows are not written in event order (the demo's scripted history, a daily run making good a missed
 * day), and the list showed 05/12 09:30 above 07/12 09:00. `before` is the id of the last row of the
 * previous page; the next page continues strictly after that row's (created_at, id), so no row is skipped or
 * repeated.
 */
export function listNotifications(ctx: ServiceContext, options: NotificationListOptions = {}): Notification[] {
  return notificationListQuery(ctx.db, ctx.actor.id, options).all();
}

export type NotificationListOptions = { before?: number | null; limit?: number; unreadOnly?: boolean };

/** One page of the list, in notifications_user_created_idx order (user, created_at, id): no sort of the user's rows. */
export function notificationListQuery(db: DbOrTx, userId: number, options: NotificationListOptions = {}) {
  const limit = Math.min(Math.max(options.limit ?? 30, 1), 100);
  return db
    .select()
    .from(notifications)
    .where(
      and(
        eq(notifications.userId, userId),
        options.before
          ? sql`(${notifications.createdAt}, ${notifications.id}) < (SELECT n.created_at, n.id FROM notifications n WHERE n.id = ${options.before} AND n.user_id = ${userId})`
          : undefined,
        options.unreadOnly ? isNull(notifications.readAt) : undefined,
      ),
    )
    .orderBy(desc(notifications.createdAt), desc(notifications.id))
    .limit(limit);
}

/** Marks the given notifications (only the actor's own) or all of them read. */
export function markNotificationsRead(ctx: ServiceContext, ids: number[] | "all"): number {
  const at = nowOf(ctx);
  const mine = and(eq(notifications.userId, ctx.actor.id), isNull(notifications.readAt));
  return ctx.db
    .update(notifications)
    .set({ readAt: at })
    .where(ids === "all" ? mine : and(mine, inArray(notifications.id, ids.length ? ids : [-1])))
    .run().changes;
}

export type PreferenceRow = { type: NotificationEventType; label: string } & ChannelChoice;
export type NotificationPreferences = { rows: PreferenceRow[]; dailyDigest: boolean; email: string | null };

export function getNotificationPreferences(ctx: ServiceContext): NotificationPreferences {
  const saved = ctx.db.select().from(notificationPreferences).where(eq(notificationPreferences.userId, ctx.actor.id)).all();
  const byType = new Map(saved.map((p) => [p.eventType, p]));
  const settings = ctx.db.select().from(notificationSettings).where(eq(notificationSettings.userId, ctx.actor.id)).get();
  const me = ctx.db.select({ email: users.email }).from(users).where(eq(users.id, ctx.actor.id)).get();
  return {
    rows: NOTIFICATION_EVENT_TYPES.map((type) => {
      const p = byType.get(type);
      return { type, label: NOTIFICATION_EVENTS[type].label, ...(p ? { inApp: p.inApp, email: p.email } : defaultChannels(type)) };
    }),
    dailyDigest: settings?.dailyDigest ?? false,
    email: me?.email ?? null,
  };
}

export function saveNotificationPreferences(
  ctx: ServiceContext,
  input: { rows: { type: NotificationEventType; inApp: boolean; email: boolean }[]; dailyDigest: boolean },
): void {
  const at = nowOf(ctx);
  writeTransaction(ctx.db, (tx) => {
    for (const row of input.rows) {
      tx.insert(notificationPreferences)
        .values({ userId: ctx.actor.id, eventType: row.type, inApp: row.inApp, email: row.email })
        .onConflictDoUpdate({ target: [notificationPreferences.userId, notificationPreferences.eventType], set: { inApp: row.inApp, email: row.email } })
        .run();
    }
    tx.insert(notificationSettings)
      .values({ userId: ctx.actor.id, dailyDigest: input.dailyDigest })
      .onConflictDoUpdate({ target: notificationSettings.userId, set: { dailyDigest: input.dailyDigest } })
      .run();
    appendAuditEvent(tx, {
      ...auditActorOf(ctx),
      at,
      action: "notifications.preferences_saved",
      entityType: "user",
      entityId: ctx.actor.id,
      detail: { off: input.rows.filter((r) => !r.inApp && !r.email).map((r) => r.type), dailyDigest: input.dailyDigest },
    });
  });
}
