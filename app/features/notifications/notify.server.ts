// Writes notifications inside the caller's transaction (the outbox pattern): the in-app row and the e-mail
// outbox row commit or roll back with the change that caused them, so a routing that fails leaves no message
// and a routing that succeeds can never lose its message. Recipients' preferences decide the channels.
import { and, eq, inArray, sql } from "drizzle-orm";
import type { DbOrTx } from "#db/client";
import { notificationDeliveries, notificationPreferences, notifications, notificationSettings, userRoles, users } from "#db/schema/index";
import {
  defaultChannels,
  notificationEmail,
  SECRET_EMAIL_LINE,
  type ChannelChoice,
  type NotificationContent,
  type NotificationEventType,
} from "#app/domain/shared/notifications";
import { getEnv } from "#app/env.server";

export type NotifyInput = NotificationContent & {
  /** Names the event once: the same key computed twice (two workers, a rerun) lands once per recipient. */
  eventKey: string;
  entityType: string;
  entityId: number;
  recipients: Iterable<number>;
  /** The acting user is never told about their own action. */
  exceptUserId?: number | null;
  at: Date;
};

export type NotifyResult = { inApp: number; email: number };

/** Public base of links in e-mails (APP_URL, else the server's own address). */
export function notificationBaseUrl(): string {
  const env = getEnv();
  return env.APP_URL ?? `http://${env.HOST === "0.0.0.0" ? "127.0.0.1" : env.HOST}:${env.PORT}`;
}

export function deliveryKeyOf(eventKey: string, userId: number, channel: "email"): string {
  return `${eventKey}|${userId}|${channel}`;
}

export function notify(tx: DbOrTx, input: NotifyInput): NotifyResult {
  if (getEnv().NOTIFICATIONS_ENABLED === "0") return { inApp: 0, email: 0 };
  const ids = [...new Set(input.recipients)].filter((id) => id > 0 && id !== input.exceptUserId);
  if (ids.length === 0) return { inApp: 0, email: 0 };
  const people = tx
    .select({
      id: users.id,
      fullName: users.fullName,
      email: users.email,
      digest: notificationSettings.dailyDigest,
      inApp: notificationPreferences.inApp,
      mail: notificationPreferences.email,
    })
    .from(users)
    .leftJoin(notificationSettings, eq(notificationSettings.userId, users.id))
    .leftJoin(notificationPreferences, and(eq(notificationPreferences.userId, users.id), eq(notificationPreferences.eventType, input.type)))
    .where(and(inArray(users.id, ids), eq(users.isActive, true)))
    .all();
  const fallback = defaultChannels(input.type);
  const inAppRows: (typeof notifications.$inferInsert)[] = [];
  const mailRows: (typeof notificationDeliveries.$inferInsert)[] = [];
  const baseUrl = notificationBaseUrl();
  // A secret item's title may quote its summary: the bell shows it inside the app, but it is stored
  // for e-mail only as the pointer line (Decree 30 Art. 15 — secret content does not leave the system).
  for (const person of people) {
    const choice: ChannelChoice = person.inApp === null || person.mail === null ? fallback : { inApp: person.inApp, email: person.mail };
    if (choice.inApp) {
      inAppRows.push({
        userId: person.id,
        eventType: input.type,
        eventKey: input.eventKey,
        entityType: input.entityType,
        entityId: input.entityId,
        title: input.title,
        body: input.body ?? "",
        link: input.link,
        isSecret: input.isSecret,
        createdAt: input.at,
      });
    }
    // Digest readers get the day's list in one mail from the scheduler instead of one mail per event.
    if (choice.email && person.email && !person.digest) {
      const mail = notificationEmail(input, { baseUrl, fullName: person.fullName });
      mailRows.push({
        deliveryKey: deliveryKeyOf(input.eventKey, person.id, "email"),
        userId: person.id,
        channel: "email",
        eventType: input.type,
        toAddress: person.email,
        subject: mail.subject,
        textBody: mail.text,
        nextAttemptAt: input.at,
        createdAt: input.at,
      });
    }
  }
  let inApp = 0;
  let email = 0;
  if (inAppRows.length > 0) inApp = tx.insert(notifications).values(inAppRows).onConflictDoNothing().run().changes;
  if (mailRows.length > 0) email = tx.insert(notificationDeliveries).values(mailRows).onConflictDoNothing().run().changes;
  return { inApp, email };
}

/**
 * Who acts for a unit that was assigned work: its heads (the role that reviews for the department) when it has
 * any, else every active member. Decree 30 Art. 20: the unit head passes the document on to a specialist.
 */
export function unitRecipientIds(tx: DbOrTx, unitIds: number[]): number[] {
  if (unitIds.length === 0) return [];
  const members = tx
    .select({ id: users.id, unitId: users.unitId, isHead: sql<number>`max(${userRoles.roleKey} = 'dept_lead')` })
    .from(users)
    .leftJoin(userRoles, eq(userRoles.userId, users.id))
    .where(and(inArray(users.unitId, unitIds), eq(users.isActive, true)))
    .groupBy(users.id)
    .all();
  const out: number[] = [];
  for (const unitId of new Set(unitIds)) {
    const inUnit = members.filter((m) => m.unitId === unitId);
    const heads = inUnit.filter((m) => m.isHead === 1);
    out.push(...(heads.length > 0 ? heads : inUnit).map((m) => m.id));
  }
  return out;
}

/** Users of an organisation holding a permission (e.g. the office lead for an urgent arrival). */
export function usersWithPermission(tx: DbOrTx, organizationId: number, permission: string): number[] {
  const rows = tx.all<{ id: number }>(sql`
    SELECT DISTINCT u.id FROM users u
    JOIN user_roles ur ON ur.user_id = u.id
    JOIN role_permissions rp ON rp.role_key = ur.role_key
    WHERE u.is_active = 1 AND rp.permission_key = ${permission} AND u.organization_id = ${organizationId}`);
  return rows.map((r) => r.id);
}

export type NotificationEventTypeOf = NotificationEventType;
export { SECRET_EMAIL_LINE };

/**
 * Who answers for a plan task's lead unit: the unit's head(s) when the lead unit is an internal unit with members;
 * when it is a whole organisation (a Sở, a commune), its users who update their organisation's tasks.
 */
export function taskLeadRecipientIds(tx: DbOrTx, leadUnitId: number): number[] {
  // Only people who can open the task page are told: a clerk of the lead unit's office would get a link to a
  // page that answers 404 (found by the crawl test).
  const direct = holdingAny(tx, unitRecipientIds(tx, [leadUnitId]), TASK_PAGE_PERMISSIONS);
  if (direct.length > 0) return direct;
  // Nobody in the lead unit itself works tasks (Văn phòng UBND tỉnh: its clerk and chief of office; the work is
  // done in its phòng). Then those who can update the task: holders of update:task:unit anywhere below it, the
  // rule of taskPermissions (an updater whose unit chain, within their organisation, includes the lead unit) —
  // the heads among them when there are any, as unitRecipientIds does for one unit.
  const rows = tx.all<{ id: number; isHead: number }>(sql`
    WITH RECURSIVE sub(id) AS (
      SELECT ${leadUnitId}
      UNION SELECT o.id FROM organizations o JOIN sub ON o.parent_id = sub.id WHERE o.kind = 'unit'
    )
    SELECT u.id AS id, EXISTS (SELECT 1 FROM user_roles h WHERE h.user_id = u.id AND h.role_key = 'dept_lead') AS isHead
    FROM users u
    WHERE u.is_active = 1
      AND (u.unit_id IN (SELECT id FROM sub) OR u.organization_id = ${leadUnitId})
      AND EXISTS (
        SELECT 1 FROM user_roles ur JOIN role_permissions rp ON rp.role_key = ur.role_key
        WHERE ur.user_id = u.id AND rp.permission_key = 'update:task:unit'
      )
    ORDER BY u.id`);
  const heads = rows.filter((r) => r.isHead === 1);
  return (heads.length > 0 ? heads : rows).map((r) => r.id);
}

/** The permissions that open a plan task's page (routes/tasks.$taskId). */
const TASK_PAGE_PERMISSIONS = ["update:task:unit", "manage:plan", "view:plan:all"];

function holdingAny(tx: DbOrTx, userIds: number[], permissions: string[]): number[] {
  if (userIds.length === 0) return [];
  const rows = tx.all<{ id: number }>(sql`
    SELECT DISTINCT ur.user_id AS id FROM user_roles ur
    JOIN role_permissions rp ON rp.role_key = ur.role_key
    WHERE ur.user_id IN (${sql.join(
      userIds.map((id) => sql`${id}`),
      sql`, `,
    )})
      AND rp.permission_key IN (${sql.join(
        permissions.map((p) => sql`${p}`),
        sql`, `,
      )})`);
  const allowed = new Set(rows.map((r) => r.id));
  return userIds.filter((id) => allowed.has(id));
}
