import { and, desc, eq, gt, isNull } from "drizzle-orm";
import { writeTransaction, type DbOrTx } from "#db/client";
import { sessions } from "#db/schema/index";
import { revokeUserSessions, SESSION_IDLE_MS } from "#app/platform/auth/session.server";
import { appendAuditEvent } from "#app/platform/audit.server";
import { auditActorOf, nowOf, type ServiceContext } from "#app/platform/context.server";

export type SessionListItem = { isCurrent: boolean; createdAt: Date; lastSeenAt: Date; ipAddress: string | null; userAgent: string | null };

/** ASVS 7.5.2: users can see their active sessions. Ids are not exposed (they are credentials' hashes). */
export function listActiveSessions(db: DbOrTx, userId: number, currentSessionId: string, now: Date): SessionListItem[] {
  return db
    .select()
    .from(sessions)
    .where(and(eq(sessions.userId, userId), isNull(sessions.revokedAt), gt(sessions.expiresAt, now), gt(sessions.lastSeenAt, new Date(now.getTime() - SESSION_IDLE_MS))))
    .orderBy(desc(sessions.lastSeenAt))
    .all()
    .map((s) => ({ isCurrent: s.id === currentSessionId, createdAt: s.createdAt, lastSeenAt: s.lastSeenAt, ipAddress: s.ipAddress, userAgent: s.userAgent }));
}

/** Ends every session of the actor except the current one. */
export function endOtherSessions(ctx: ServiceContext, currentSessionId: string): void {
  const now = nowOf(ctx);
  writeTransaction(ctx.db, (tx) => {
    revokeUserSessions(tx, ctx.actor.id, now, currentSessionId);
    appendAuditEvent(tx, { at: now, ...auditActorOf(ctx), action: "auth.end_other_sessions", entityType: "user", entityId: ctx.actor.id });
  });
}
