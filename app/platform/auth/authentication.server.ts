import { and, eq, gt, inArray, sql } from "drizzle-orm";
import { writeTransaction, type Db, type DbOrTx } from "#db/client";
import { loginAttempts, organizations, rolePermissions, userRoles, users } from "#db/schema/index";
import type { Actor } from "#app/platform/auth/actor";
import { getDummyHash, verifyPassword } from "#app/platform/auth/password.server";
import { appendAuditEvent } from "#app/platform/audit.server";

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

export const LOGIN_FAILED_MESSAGE = "Tên đăng nhập hoặc mật khẩu không đúng.";
export const LOGIN_LOCKED_MESSAGE = "Đăng nhập sai quá nhiều lần. Vui lòng thử lại sau 15 phút.";

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
  const isValid = user ? await verifyPassword(user.passwordHash, options.password) : (await verifyPassword(await getDummyHash(), options.password), false);
  const isAllowed = !!user && isValid && user.isActive;

  writeTransaction(db, (tx) => {
    if (isAllowed) tx.update(loginAttempts).set({ isSuccess: true }).where(eq(loginAttempts.id, attemptId)).run();
    appendAuditEvent(tx, {
      at: now,
      actorId: isAllowed ? user!.id : null,
      organizationId: isAllowed ? user!.organizationId : null,
      action: isAllowed ? "auth.login" : "auth.login_failed",
      entityType: "login",
      entityId: username,
      detail: isAllowed ? null : { reason: !user ? "unknown_user" : !isValid ? "wrong_password" : "inactive" },
      ipAddress,
    });
  });
  if (!isAllowed) return { ok: false, reason: "invalid", message: LOGIN_FAILED_MESSAGE };
  return { ok: true, userId: user!.id };
}

/** Loads the signed-in user with unit, organisation, roles and permissions; null when inactive. */
export function loadActor(db: Db, userId: number): Actor | null {
  const row = db
    .select({
      id: users.id,
      username: users.username,
      fullName: users.fullName,
      title: users.title,
      unitId: users.unitId,
      organizationId: users.organizationId,
      isActive: users.isActive,
      mustChangePassword: users.mustChangePassword,
    })
    .from(users)
    .where(eq(users.id, userId))
    .get();
  if (!row || !row.isActive) return null;
  const orgRows = db
    .select({ id: organizations.id, name: organizations.name })
    .from(organizations)
    .where(inArray(organizations.id, [row.unitId, row.organizationId]))
    .all();
  const nameOf = (id: number) => orgRows.find((o) => o.id === id)?.name ?? "";
  const roleRows = db.select({ roleKey: userRoles.roleKey }).from(userRoles).where(eq(userRoles.userId, userId)).all();
  const roles = roleRows.map((r) => r.roleKey);
  const permissionRows = roles.length
    ? db.selectDistinct({ key: rolePermissions.permissionKey }).from(rolePermissions).where(inArray(rolePermissions.roleKey, roles)).all()
    : [];
  return {
    id: row.id,
    username: row.username,
    fullName: row.fullName,
    title: row.title,
    unitId: row.unitId,
    unitName: nameOf(row.unitId),
    organizationId: row.organizationId,
    organizationName: nameOf(row.organizationId),
    roles,
    permissions: permissionRows.map((p) => p.key).sort(),
    mustChangePassword: row.mustChangePassword,
  };
}
