// The signed-in user as the server loads it: unit, organisation, roles and permissions (the client-safe shape
// and UI checks are in ./actor.ts).
import { eq, inArray, sql, type Placeholder } from "drizzle-orm";
import type { DbOrTx } from "#db/client";
import { organizations, rolePermissions, userRoles, users } from "#db/schema/index";
import type { Actor } from "#app/platform/auth/actor";
import { cachedByVersion } from "#app/platform/cache-versions.server";

/**
 * Loads the signed-in user with unit, organisation, roles and permissions; null when inactive. Every request
 * asks, so the answer is kept per process until a user, role, permission or organisation changes
 * (cache-versions.server.ts: the change is seen by the next request in every process); each caller gets
 * its own copy.
 */
export function loadActor(db: DbOrTx, userId: number): Actor | null {
  const actor = cachedByVersion(db, "people", userId, () => readActor(db, userId));
  return actor ? { ...actor, roles: [...actor.roles], permissions: [...actor.permissions] } : null;
}

function readActor(db: DbOrTx, userId: number): Actor | null {
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
  if (!row?.isActive) return null;
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

/** The actor for a username (CLI commands act as a named user), or null when unknown or inactive. */
export function loadActorByUsername(db: DbOrTx, username: string): Actor | null {
  const user = db.select({ id: users.id }).from(users).where(eq(users.username, username.trim().toLowerCase())).get();
  return user ? loadActor(db, user.id) : null;
}

/**
 * What a visibility rule compares with: the actor's own id, unit and organisation, or placeholders for them in a
 * query prepared once per shape of the rule (ACTOR_PLACEHOLDERS, bound per call with actorParams). The rules
 * (incomingDocumentsVisibleTo, caseFilesVisibleTo) take it so that they stay one function for both uses.
 */
export type ActorValues = { id: number | Placeholder; unitId: number | Placeholder; organizationId: number | Placeholder };
export const ACTOR_PLACEHOLDERS: ActorValues = {
  id: sql.placeholder("actorId"),
  unitId: sql.placeholder("actorUnitId"),
  organizationId: sql.placeholder("actorOrganizationId"),
};
export const actorParams = (actor: Actor) => ({ actorId: actor.id, actorUnitId: actor.unitId, actorOrganizationId: actor.organizationId });
