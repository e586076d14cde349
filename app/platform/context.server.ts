import type { Db } from "#db/client";
import type { Actor } from "#app/platform/auth/actor";

/**
 * What every service function receives first (house style rule 8): the database (injected so tests
 * pass a fresh SQLite), the acting user, and request metadata for the audit trail.
 */
export type ServiceContext = {
  db: Db;
  actor: Actor;
  dataDir: string;
  ipAddress?: string | null;
  /** Clock, injectable for tests of deadlines and timeouts. */
  now?: () => Date;
};

export function nowOf(ctx: { now?: () => Date }): Date {
  return ctx.now ? ctx.now() : new Date();
}

/** Acts for the CLI and the demo seed: audited with no actor (actor_id NULL), never signs in. */
export function systemActor(organizationId = 0): Actor {
  return {
    id: 0,
    username: "system",
    fullName: "Hệ thống",
    title: null,
    unitId: organizationId,
    unitName: "",
    organizationId,
    organizationName: "",
    roles: [],
    permissions: [],
    mustChangePassword: false,
  };
}

/** The who/where part of an audit row for this context. */
export function auditActorOf(ctx: ServiceContext): { actorId: number | null; organizationId: number | null; ipAddress: string | null } {
  return {
    actorId: ctx.actor.id > 0 ? ctx.actor.id : null,
    organizationId: ctx.actor.organizationId > 0 ? ctx.actor.organizationId : null,
    ipAddress: ctx.ipAddress ?? null,
  };
}
