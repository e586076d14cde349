import { and, asc, eq, inArray, like, or } from "drizzle-orm";
import { writeTransaction, type DbOrTx } from "#db/client";
import { organizations, userRoles, users, type User } from "#db/schema/index";
import { ROLE_KEYS, type RoleKey } from "#db/reference-data";
import { AppError, AppErrorCode } from "#app/utils/errors";
import { checkNewPassword, hashPassword, verifyPassword } from "#app/platform/auth/password.server";
import { revokeUserSessions } from "#app/platform/auth/sessions.server";
import { appendAuditEvent } from "#app/platform/audit.server";
import { findIssuerOf } from "#app/platform/organizations.server";
import { auditActorOf, nowOf, type ServiceContext } from "#app/platform/context.server";
import { PlatformMessages } from "#app/messages/platform";

const USERNAME_PATTERN = /^[a-z0-9][a-z0-9._-]{1,63}$/;

export type CreateUserOptions = {
  username: string;
  fullName: string;
  title?: string | null;
  email?: string | null;
  unitId: number;
  roles: RoleKey[];
  password: string;
  /** Admin-set initial passwords must be changed at first sign-in; demo and CLI users need not. */
  mustChangePassword?: boolean;
  /** Skips the common-password check (demo accounts use the documented password "demo"). */
  allowWeakPassword?: boolean;
};

export async function createUser(ctx: ServiceContext, options: CreateUserOptions): Promise<User> {
  const username = options.username.trim().toLowerCase();
  const fieldErrors: Record<string, string> = {};
  if (!USERNAME_PATTERN.test(username)) fieldErrors.username = PlatformMessages.USERNAME_FORMAT;
  if (!options.fullName.trim()) fieldErrors.fullName = PlatformMessages.FULL_NAME_REQUIRED;
  if (!options.allowWeakPassword) {
    const problem = checkNewPassword(options.password, { username });
    if (problem) fieldErrors.password = problem;
  }
  const unknownRoles = options.roles.filter((r) => !(ROLE_KEYS as readonly string[]).includes(r));
  if (unknownRoles.length || options.roles.length === 0) fieldErrors.roles = PlatformMessages.ROLES_INVALID;
  if (Object.keys(fieldErrors).length) throw new AppError(AppErrorCode.VALIDATION, PlatformMessages.USER_INVALID, fieldErrors);
  const passwordHash = await hashPassword(options.password);
  const now = nowOf(ctx);
  return writeTransaction(ctx.db, (tx) => {
    if (tx.select({ id: users.id }).from(users).where(eq(users.username, username)).get()) {
      throw new AppError(AppErrorCode.VALIDATION, PlatformMessages.USERNAME_TAKEN, { username: PlatformMessages.USERNAME_TAKEN });
    }
    const issuer = findIssuerOf(tx, options.unitId);
    const user = tx
      .insert(users)
      .values({
        username,
        fullName: options.fullName.trim(),
        title: options.title?.trim() || null,
        email: options.email?.trim() || null,
        unitId: options.unitId,
        organizationId: issuer.id,
        passwordHash,
        mustChangePassword: options.mustChangePassword ?? false,
        passwordChangedAt: now,
        createdAt: now,
        updatedAt: now,
      })
      .returning()
      .get();
    for (const roleKey of new Set(options.roles)) tx.insert(userRoles).values({ userId: user.id, roleKey }).run();
    appendAuditEvent(tx, {
      at: now,
      ...auditActorOf(ctx),
      action: "user.create",
      entityType: "user",
      entityId: user.id,
      detail: { username, unitId: options.unitId, roles: options.roles },
    });
    return user;
  });
}

function getUserOrThrow(tx: DbOrTx, userId: number): User {
  const user = tx.select().from(users).where(eq(users.id, userId)).get();
  if (!user) throw new AppError(AppErrorCode.NOT_FOUND, PlatformMessages.USER_NOT_FOUND);
  return user;
}

export type UpdateUserOptions = {
  userId: number;
  version: number;
  fullName: string;
  title: string | null;
  email: string | null;
  unitId: number;
  roles: RoleKey[];
  isActive: boolean;
};

/** Admin edit: profile, unit, roles, active flag. Deactivation ends every session (ASVS 7.4.2). */
export function updateUser(ctx: ServiceContext, options: UpdateUserOptions): User {
  const now = nowOf(ctx);
  if (options.roles.length === 0) throw new AppError(AppErrorCode.VALIDATION, PlatformMessages.ROLES_REQUIRED, { roles: PlatformMessages.ROLES_REQUIRED });
  return writeTransaction(ctx.db, (tx) => {
    const current = getUserOrThrow(tx, options.userId);
    if (current.version !== options.version) {
      throw new AppError(AppErrorCode.CONFLICT, PlatformMessages.USER_STALE);
    }
    if (current.id === ctx.actor.id && !options.isActive) {
      throw new AppError(AppErrorCode.VALIDATION, PlatformMessages.CANNOT_LOCK_SELF);
    }
    const issuer = findIssuerOf(tx, options.unitId);
    const beforeRoles = tx
      .select({ roleKey: userRoles.roleKey })
      .from(userRoles)
      .where(eq(userRoles.userId, current.id))
      .all()
      .map((r) => r.roleKey);
    const updated = tx
      .update(users)
      .set({
        fullName: options.fullName.trim(),
        title: options.title?.trim() || null,
        email: options.email?.trim() || null,
        unitId: options.unitId,
        organizationId: issuer.id,
        isActive: options.isActive,
        version: current.version + 1,
        updatedAt: now,
      })
      .where(eq(users.id, current.id))
      .returning()
      .get();
    tx.delete(userRoles).where(eq(userRoles.userId, current.id)).run();
    for (const roleKey of new Set(options.roles)) tx.insert(userRoles).values({ userId: current.id, roleKey }).run();
    if (!options.isActive) revokeUserSessions(tx, current.id, now);
    appendAuditEvent(tx, {
      at: now,
      ...auditActorOf(ctx),
      action: current.isActive && !options.isActive ? "user.deactivate" : !current.isActive && options.isActive ? "user.activate" : "user.update",
      entityType: "user",
      entityId: current.id,
      detail: {
        before: { unitId: current.unitId, roles: beforeRoles, isActive: current.isActive },
        after: { unitId: options.unitId, roles: options.roles, isActive: options.isActive },
      },
    });
    return updated;
  });
}

/** Admin password reset: the user must change it at next sign-in; all sessions end. */
export async function resetUserPassword(ctx: ServiceContext, options: { userId: number; newPassword: string; mustChange?: boolean }): Promise<void> {
  const problem = checkNewPassword(options.newPassword);
  if (problem) throw new AppError(AppErrorCode.VALIDATION, problem, { newPassword: problem });
  const passwordHash = await hashPassword(options.newPassword);
  const now = nowOf(ctx);
  writeTransaction(ctx.db, (tx) => {
    const user = getUserOrThrow(tx, options.userId);
    tx.update(users)
      .set({ passwordHash, mustChangePassword: options.mustChange ?? true, passwordChangedAt: now, updatedAt: now, version: user.version + 1 })
      .where(eq(users.id, user.id))
      .run();
    revokeUserSessions(tx, user.id, now);
    appendAuditEvent(tx, { at: now, ...auditActorOf(ctx), action: "user.password_reset", entityType: "user", entityId: user.id });
  });
}

/** The signed-in user changes their own password; other sessions end (ASVS 7.4.3). */
export async function changeOwnPassword(
  ctx: ServiceContext,
  options: { currentPassword: string; newPassword: string; currentSessionId: string },
): Promise<void> {
  const user = getUserOrThrow(ctx.db, ctx.actor.id);
  if (!(await verifyPassword(user.passwordHash, options.currentPassword))) {
    throw new AppError(AppErrorCode.VALIDATION, PlatformMessages.CURRENT_PASSWORD_WRONG, { currentPassword: PlatformMessages.CURRENT_PASSWORD_WRONG });
  }
  const problem = checkNewPassword(options.newPassword, { username: user.username });
  if (problem) throw new AppError(AppErrorCode.VALIDATION, problem, { newPassword: problem });
  if (options.newPassword === options.currentPassword) {
    throw new AppError(AppErrorCode.VALIDATION, PlatformMessages.NEW_PASSWORD_SAME, { newPassword: PlatformMessages.NEW_PASSWORD_SAME });
  }
  const passwordHash = await hashPassword(options.newPassword);
  const now = nowOf(ctx);
  writeTransaction(ctx.db, (tx) => {
    tx.update(users)
      .set({ passwordHash, mustChangePassword: false, passwordChangedAt: now, updatedAt: now, version: user.version + 1 })
      .where(eq(users.id, user.id))
      .run();
    revokeUserSessions(tx, user.id, now, options.currentSessionId);
    appendAuditEvent(tx, { at: now, ...auditActorOf(ctx), action: "user.password_change", entityType: "user", entityId: user.id });
  });
}

export type UserListItem = {
  id: number;
  username: string;
  fullName: string;
  title: string | null;
  unitId: number;
  unitName: string;
  organizationId: number;
  isActive: boolean;
  roles: string[];
  version: number;
};

export function listUsers(db: DbOrTx, filter: { query?: string; organizationId?: number } = {}): UserListItem[] {
  const q = filter.query?.trim();
  const rows = db
    .select({
      id: users.id,
      username: users.username,
      fullName: users.fullName,
      title: users.title,
      unitId: users.unitId,
      unitName: organizations.name,
      organizationId: users.organizationId,
      isActive: users.isActive,
      version: users.version,
    })
    .from(users)
    .innerJoin(organizations, eq(organizations.id, users.unitId))
    .where(
      and(
        filter.organizationId ? eq(users.organizationId, filter.organizationId) : undefined,
        q ? or(like(users.username, `%${q}%`), like(users.fullName, `%${q}%`)) : undefined,
      ),
    )
    .orderBy(asc(users.organizationId), asc(users.username))
    .all();
  const roleRows = rows.length
    ? db
        .select()
        .from(userRoles)
        .where(
          inArray(
            userRoles.userId,
            rows.map((r) => r.id),
          ),
        )
        .all()
    : [];
  return rows.map((r) => ({ ...r, roles: roleRows.filter((x) => x.userId === r.id).map((x) => x.roleKey) }));
}

export function getUserForAdmin(db: DbOrTx, userId: number): UserListItem {
  const user = listUsers(db).find((u) => u.id === userId);
  if (!user) throw new AppError(AppErrorCode.NOT_FOUND, PlatformMessages.USER_NOT_FOUND);
  return user;
}

export function findUserByUsername(db: DbOrTx, username: string): User | undefined {
  return db.select().from(users).where(eq(users.username, username.trim().toLowerCase())).get();
}
