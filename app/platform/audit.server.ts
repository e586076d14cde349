import { createHash } from "node:crypto";
import { asc, desc, eq, and, gt, sql } from "drizzle-orm";
import { preparedOnce, type DbOrTx, type Db } from "#db/client";
import { auditEvents, users, type AuditEvent } from "#db/schema/index";

export const GENESIS_HASH = "0".repeat(64);

export type AuditEventInput = {
  at: Date;
  actorId: number | null;
  organizationId: number | null;
  action: string;
  entityType: string;
  entityId?: string | number | null;
  fromState?: string | null;
  toState?: string | null;
  comment?: string | null;
  detail?: Record<string, unknown> | null;
  ipAddress?: string | null;
};

type CanonicalContent = {
  at: number;
  actorId: number | null;
  organizationId: number | null;
  action: string;
  entityType: string;
  entityId: string | null;
  fromState: string | null;
  toState: string | null;
  comment: string | null;
  detail: string | null;
  ipAddress: string | null;
};

/** Keys in a fixed order, nulls explicit: the same row always hashes to the same value. */
function canonicalize(content: CanonicalContent): string {
  const keys = Object.keys(content).sort() as (keyof CanonicalContent)[];
  return JSON.stringify(keys.map((k) => [k, content[k] ?? null]));
}

export function computeAuditHash(prevHash: string, content: CanonicalContent): string {
  return createHash("sha256").update(prevHash).update(canonicalize(content)).digest("hex");
}

function contentOf(row: Pick<AuditEvent, keyof CanonicalContent | "at">): CanonicalContent {
  return {
    at: row.at instanceof Date ? row.at.getTime() : Number(row.at),
    actorId: row.actorId ?? null,
    organizationId: row.organizationId ?? null,
    action: row.action,
    entityType: row.entityType,
    entityId: row.entityId ?? null,
    fromState: row.fromState ?? null,
    toState: row.toState ?? null,
    comment: row.comment ?? null,
    detail: row.detail ?? null,
    ipAddress: row.ipAddress ?? null,
  };
}

/**
 * Appends one hash-chained row. Call it inside the same write transaction as the change it records
 * (house style rule 9): the IMMEDIATE lock serialises writers, so reading the last hash is safe.
 */
export function appendAuditEvent(tx: DbOrTx, input: AuditEventInput): AuditEvent {
  const last = preparedOnce(tx, "audit.last", (db) =>
    db.select({ hash: auditEvents.hash }).from(auditEvents).orderBy(desc(auditEvents.id)).limit(1).prepare(),
  ).get();
  const prevHash = last?.hash ?? GENESIS_HASH;
  const content: CanonicalContent = {
    at: input.at.getTime(),
    actorId: input.actorId,
    organizationId: input.organizationId,
    action: input.action,
    entityType: input.entityType,
    entityId: input.entityId == null ? null : String(input.entityId),
    fromState: input.fromState ?? null,
    toState: input.toState ?? null,
    comment: input.comment ?? null,
    detail: input.detail ? JSON.stringify(input.detail) : null,
    ipAddress: input.ipAddress ?? null,
  };
  const hash = computeAuditHash(prevHash, content);
  return preparedOnce(tx, "audit.insert", (db) =>
    db
      .insert(auditEvents)
      .values({
        at: sql.placeholder("at"),
        actorId: sql.placeholder("actorId"),
        organizationId: sql.placeholder("organizationId"),
        action: sql.placeholder("action"),
        entityType: sql.placeholder("entityType"),
        entityId: sql.placeholder("entityId"),
        fromState: sql.placeholder("fromState"),
        toState: sql.placeholder("toState"),
        comment: sql.placeholder("comment"),
        detail: sql.placeholder("detail"),
        ipAddress: sql.placeholder("ipAddress"),
        prevHash: sql.placeholder("prevHash"),
        hash: sql.placeholder("hash"),
      })
      .returning()
      .prepare(),
  ).get({ ...content, at: new Date(content.at), prevHash, hash }) as AuditEvent;
}

export type AuditVerification = {
  ok: boolean;
  checked: number;
  lastHash: string;
  firstBrokenId: number | null;
  reason: string | null;
};

/** Walks the whole chain in id order, in pages, recomputing every hash (`cli audit:verify`). */
export function verifyAuditChain(db: Db): AuditVerification {
  let prevHash = GENESIS_HASH;
  let lastId = 0;
  let checked = 0;
  for (;;) {
    const rows = db.select().from(auditEvents).where(gt(auditEvents.id, lastId)).orderBy(asc(auditEvents.id)).limit(5000).all();
    if (rows.length === 0) break;
    for (const row of rows) {
      if (row.prevHash !== prevHash) {
        return {
          ok: false,
          checked,
          lastHash: prevHash,
          firstBrokenId: row.id,
          reason: "prev_hash does not match the previous row (row deleted or reordered)",
        };
      }
      const expected = computeAuditHash(prevHash, contentOf(row));
      if (expected !== row.hash) {
        return { ok: false, checked, lastHash: prevHash, firstBrokenId: row.id, reason: "content does not match its hash (row modified)" };
      }
      prevHash = row.hash;
      lastId = row.id;
      checked++;
    }
  }
  return { ok: true, checked, lastHash: prevHash, firstBrokenId: null, reason: null };
}

export type TrailEntry = {
  id: number;
  at: Date;
  action: string;
  actorName: string | null;
  fromState: string | null;
  toState: string | null;
  comment: string | null;
  detail: Record<string, unknown> | null;
};

/** The processing trail (vết xử lý) of one entity, oldest first. */
export function listEntityTrail(db: DbOrTx, entityType: string, entityId: string | number): TrailEntry[] {
  // Every document and task page shows it: prepared once (preparedOnce).
  return preparedOnce(db, "audit.entityTrail", (d) =>
    d
      .select({
        id: auditEvents.id,
        at: auditEvents.at,
        action: auditEvents.action,
        actorName: users.fullName,
        fromState: auditEvents.fromState,
        toState: auditEvents.toState,
        comment: auditEvents.comment,
        detail: auditEvents.detail,
      })
      .from(auditEvents)
      .leftJoin(users, eq(users.id, auditEvents.actorId))
      .where(and(eq(auditEvents.entityType, sql.placeholder("entityType")), eq(auditEvents.entityId, sql.placeholder("entityId"))))
      .orderBy(asc(auditEvents.id))
      .prepare(),
  )
    .all({ entityType, entityId: String(entityId) })
    .map((r) => ({ ...r, detail: r.detail ? (JSON.parse(r.detail) as Record<string, unknown>) : null }));
}
