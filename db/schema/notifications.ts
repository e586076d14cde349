import { index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { organizations, users } from "./core";

// Notifications (issue "Nobody misses their work"). An event about an item (a document, a task) reaches each
// recipient through the channels their preferences choose. The in-app row and the e-mail outbox row are written
// in the same transaction as the change that caused them, so a crash never keeps one without the other.
// No FK to the incoming/outgoing/plans tables, which belong to other modules: (entity_type, entity_id) names the item.

export const NOTIFICATION_CHANNELS = ["in_app", "email"] as const;
export type NotificationChannel = (typeof NOTIFICATION_CHANNELS)[number];

/** One row per event × recipient: the bell's list. */
export const notifications = sqliteTable(
  "notifications",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id),
    eventType: text("event_type").notNull(),
    // Unique per event and recipient: the same event computed twice (two server workers, a rerun of the daily
    // scheduler) lands once.
    eventKey: text("event_key").notNull(),
    entityType: text("entity_type").notNull(),
    entityId: integer("entity_id").notNull(),
    title: text("title").notNull(),
    body: text("body").notNull().default(""),
    link: text("link").notNull(),
    isSecret: integer("is_secret", { mode: "boolean" }).notNull().default(false),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
    readAt: integer("read_at", { mode: "timestamp_ms" }),
  },
  (t) => [
    uniqueIndex("notifications_event_user_unique").on(t.eventKey, t.userId),
    // The unread count (the bell on every page) and marking read: the user's unread rows as one range.
    index("notifications_user_idx").on(t.userId, t.readAt, t.id),
    // The list, newest first by the event's time then id, keyset pages: read in index order, no sort of all the
    // user's rows for each page of 50 (and the daily digest's "since yesterday" per reader).
    index("notifications_user_created_idx").on(t.userId, t.createdAt, t.id),
  ],
);

export const NOTIFICATION_DELIVERY_STATES = ["pending", "sending", "sent", "dead", "skipped"] as const;
export type NotificationDeliveryState = (typeof NOTIFICATION_DELIVERY_STATES)[number];

/** The e-mail outbox: one row per event × recipient × channel, sent by the worker with retries and back-off. */
export const notificationDeliveries = sqliteTable(
  "notification_deliveries",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    // event key × recipient × channel: the idempotency key, also the Message-ID seed of the e-mail.
    deliveryKey: text("delivery_key").notNull(),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id),
    channel: text("channel").notNull(),
    eventType: text("event_type").notNull(),
    toAddress: text("to_address").notNull(),
    subject: text("subject").notNull(),
    textBody: text("text_body").notNull(),
    state: text("state", { enum: NOTIFICATION_DELIVERY_STATES }).notNull().default("pending"),
    attempts: integer("attempts").notNull().default(0),
    nextAttemptAt: integer("next_attempt_at", { mode: "timestamp_ms" }).notNull(),
    // A worker holds a row it is sending until this time; a worker killed mid-send leaves it to be retaken.
    leaseUntil: integer("lease_until", { mode: "timestamp_ms" }),
    lastError: text("last_error"),
    sentAt: integer("sent_at", { mode: "timestamp_ms" }),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [uniqueIndex("notification_deliveries_key_unique").on(t.deliveryKey), index("notification_deliveries_due_idx").on(t.state, t.nextAttemptAt)],
);

/** Per user and event type: in-app, e-mail, both, or off. Absent row = the event type's default. */
export const notificationPreferences = sqliteTable(
  "notification_preferences",
  {
    userId: integer("user_id")
      .notNull()
      .references(() => users.id),
    eventType: text("event_type").notNull(),
    inApp: integer("in_app", { mode: "boolean" }).notNull(),
    email: integer("email", { mode: "boolean" }).notNull(),
  },
  (t) => [uniqueIndex("notification_preferences_unique").on(t.userId, t.eventType)],
);

/** Users who take their e-mail as one daily digest instead of one message per event. */
export const notificationSettings = sqliteTable("notification_settings", {
  userId: integer("user_id")
    .primaryKey()
    .references(() => users.id),
  dailyDigest: integer("daily_digest", { mode: "boolean" }).notNull().default(false),
});

export const REMINDER_LEVELS = ["nhac_nho", "phe_binh", "kiem_diem"] as const;
export type ReminderLevel = (typeof REMINDER_LEVELS)[number];

/** Đôn đốc (Decree 30 Art. 24): a leader or the office lead chases an item's handler, with a level and a note. */
export const reminders = sqliteTable(
  "reminders",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    organizationId: integer("organization_id")
      .notNull()
      .references(() => organizations.id),
    entityType: text("entity_type").notNull(),
    entityId: integer("entity_id").notNull(),
    level: text("level", { enum: REMINDER_LEVELS }).notNull(),
    note: text("note").notNull().default(""),
    fromUserId: integer("from_user_id")
      .notNull()
      .references(() => users.id),
    toUserId: integer("to_user_id").references(() => users.id),
    toUnitId: integer("to_unit_id").references(() => organizations.id),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [index("reminders_entity_idx").on(t.entityType, t.entityId), index("reminders_org_idx").on(t.organizationId, t.createdAt)],
);

export type Notification = typeof notifications.$inferSelect;
export type NotificationDelivery = typeof notificationDeliveries.$inferSelect;
export type Reminder = typeof reminders.$inferSelect;
