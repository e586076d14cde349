import { eq } from "drizzle-orm";
import { users } from "#db/schema/index";
import { getDb, getDataDir } from "#app/db.server";
import { createUserSession, destroySessionCookie, getActiveSession, revokeSession } from "#app/platform/auth/session.server";
import { authenticate } from "#app/platform/auth/authentication.server";
import { appendAuditEvent } from "#app/platform/audit.server";
import { writeTransaction } from "#db/client";

export type SignInResult =
  | { ok: true; cookie: string; mustChangePassword: boolean }
  | { ok: false; reason: "invalid" | "locked"; message: string };

/** Checks the credentials (rate-limited, audited) and opens a DB-backed session. */
export async function signIn(options: { request: Request; username: string; password: string; ipAddress: string }): Promise<SignInResult> {
  const db = getDb();
  const now = new Date();
  const result = await authenticate(db, { username: options.username, password: options.password, ipAddress: options.ipAddress, now });
  if (!result.ok) return result;
  const cookie = await createUserSession(db, options.request, getDataDir(), {
    userId: result.userId,
    ipAddress: options.ipAddress,
    userAgent: options.request.headers.get("user-agent"),
    now,
  });
  const user = db.select({ mustChangePassword: users.mustChangePassword }).from(users).where(eq(users.id, result.userId)).get();
  return { ok: true, cookie, mustChangePassword: !!user?.mustChangePassword };
}

/** Revokes the current session (if any) and returns the cookie that clears it. */
export async function signOut(request: Request, ipAddress: string): Promise<string> {
  const db = getDb();
  const now = new Date();
  const session = await getActiveSession(db, request, getDataDir(), now);
  if (session) {
    writeTransaction(db, (tx) => {
      revokeSession(tx, session.id, now);
      appendAuditEvent(tx, { at: now, actorId: session.userId, organizationId: null, action: "auth.logout", entityType: "login", entityId: String(session.userId), ipAddress });
    });
  }
  return destroySessionCookie(request, getDataDir());
}
