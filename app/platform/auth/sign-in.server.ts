// Signing in and out: login throttling and the password check (authenticate), then the DB-backed session.
import { and, eq, gt, sql } from "drizzle-orm";
import { writeTransaction, type Db, type DbOrTx } from "#db/client";
import { loginAttempts, users } from "#db/schema/index";
import { getDummyHash, verifyPassword } from "#app/platform/auth/password.server";
import { appendAuditEvent } from "#app/platform/audit.server";
import { AuthMessages } from "#app/messages/auth";
import { createUserSession, destroySessionCookie, getActiveSession, revokeSession } from "#app/platform/auth/sessions.server";
import { requestServices } from "#app/platform/auth/auth.server";

/**
 * Login throttling (ASVS 6.1.1 / 6.3.1). Per account: 5 failures within 15 minutes lock that
 * username for the rest of the window. Per client address: 20 failures within 15 minutes lock the
 * address. The account limit stops guessing one password; the address limit stops spraying many
 * accounts from one machine; neither locks the real user out for longer than 15 minutes, which
 * keeps a malicious lock-out cheap to sit out. Counting is by the typed username, existing or not,
 * so the lock-out itself does not reveal which accounts exist.
 */
export const LOGIN_POLICY = {
  windowMs: 15 * 60 * 1000,
  maxFailuresPerAccount: 5,
  maxFailuresPerAddress: 20,
} as const;

export const LOGIN_FAILED_MESSAGE = AuthMessages.LOGIN_FAILED;
export const LOGIN_LOCKED_MESSAGE = AuthMessages.LOGIN_LOCKED;

export type AuthenticateOptions = {
  username: string;
  password: string;
  ipAddress: string;
  now: Date;
};

export type AuthenticateResult = { ok: true; userId: number } | { ok: false; reason: "invalid" | "locked"; message: string };

function recentFailures(db: DbOrTx, column: typeof loginAttempts.username | typeof loginAttempts.ipAddress, value: string, since: Date): number {
  const row = db
    .select({ n: sql<number>`count(*)` })
    .from(loginAttempts)
    .where(and(eq(column, value), eq(loginAttempts.isSuccess, false), gt(loginAttempts.at, since)))
    .get();
  return row?.n ?? 0;
}

function lastSuccess(db: DbOrTx, username: string): Date | null {
  const row = db
    .select({ at: sql<number>`max(${loginAttempts.at})` })
    .from(loginAttempts)
    .where(and(eq(loginAttempts.username, username), eq(loginAttempts.isSuccess, true)))
    .get();
  return row?.at ? new Date(row.at) : null;
}

export async function authenticate(db: Db, options: AuthenticateOptions): Promise<AuthenticateResult> {
  const username = options.username.trim().toLowerCase();
  const { now, ipAddress } = options;
  const windowStart = new Date(now.getTime() - LOGIN_POLICY.windowMs);

  // Count and reserve in one IMMEDIATE transaction, BEFORE the (slow, async) argon2 check: the attempt is
  // recorded as a failure up front, so parallel requests see each other and at most
  // maxFailuresPerAccount passwords are ever checked per window (ASVS 6.3.1). Counting first and
  // inserting after the check let 8 parallel guesses through where 5 are allowed.
  const attemptId = writeTransaction(db, (tx) => {
    const success = lastSuccess(tx, username);
    const accountSince = success && success > windowStart ? success : windowStart;
    const accountFailures = recentFailures(tx, loginAttempts.username, username, accountSince);
    const addressFailures = recentFailures(tx, loginAttempts.ipAddress, ipAddress, windowStart);
    if (accountFailures >= LOGIN_POLICY.maxFailuresPerAccount || addressFailures >= LOGIN_POLICY.maxFailuresPerAddress) {
      // Refused without checking the password: guessing stops, and the refusal is audited.
      appendAuditEvent(tx, {
        at: now,
        actorId: null,
        organizationId: null,
        action: "auth.login_locked",
        entityType: "login",
        entityId: username,
        detail: { accountFailures, addressFailures },
        ipAddress,
      });
      return null;
    }
    return tx.insert(loginAttempts).values({ username, ipAddress, isSuccess: false, at: now }).returning({ id: loginAttempts.id }).get().id;
  });
  if (attemptId === null) return { ok: false, reason: "locked", message: LOGIN_LOCKED_MESSAGE };

  const user = db.select().from(users).where(eq(users.username, username)).get();
  // Always run one argon2 verification so timing does not tell unknown users from wrong passwords.
  let isValid = false;
  if (user) isValid = await verifyPassword(user.passwordHash, options.password);
  else await verifyPassword(await getDummyHash(), options.password);
  const allowedUser = user && isValid && user.isActive ? user : null;
  const isAllowed = allowedUser !== null;

  writeTransaction(db, (tx) => {
    if (isAllowed) tx.update(loginAttempts).set({ isSuccess: true }).where(eq(loginAttempts.id, attemptId)).run();
    appendAuditEvent(tx, {
      at: now,
      actorId: allowedUser?.id ?? null,
      organizationId: allowedUser?.organizationId ?? null,
      action: isAllowed ? "auth.login" : "auth.login_failed",
      entityType: "login",
      entityId: username,
      detail: isAllowed ? null : { reason: !user ? "unknown_user" : !isValid ? "wrong_password" : "inactive" },
      ipAddress,
    });
  });
  if (!allowedUser) return { ok: false, reason: "invalid", message: LOGIN_FAILED_MESSAGE };
  return { ok: true, userId: allowedUser.id };
}

export type SignInResult = { ok: true; cookie: string; mustChangePassword: boolean } | { ok: false; reason: "invalid" | "locked"; message: string };

/** Checks the credentials (rate-limited, audited) and opens a DB-backed session. */
export async function signIn(options: { request: Request; username: string; password: string; ipAddress: string }): Promise<SignInResult> {
  const { db, dataDir } = requestServices(options.request);
  const now = new Date();
  const result = await authenticate(db, { username: options.username, password: options.password, ipAddress: options.ipAddress, now });
  if (!result.ok) return result;
  const cookie = await createUserSession(db, options.request, dataDir, {
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
  const { db, dataDir } = requestServices(request);
  const now = new Date();
  const session = await getActiveSession(db, request, dataDir, now);
  if (session) {
    writeTransaction(db, (tx) => {
      revokeSession(tx, session.id, now);
      appendAuditEvent(tx, {
        at: now,
        actorId: session.userId,
        organizationId: null,
        action: "auth.logout",
        entityType: "login",
        entityId: String(session.userId),
        ipAddress,
      });
    });
  }
  return destroySessionCookie(request, dataDir);
}
