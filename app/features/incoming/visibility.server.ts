// Who sees which incoming document (the ONE visibility rule every query and action uses, house style rule 7)
// and whose assignments an actor holds. Internal to app/features/incoming: these helpers run inside the
// caller's transaction and take it as their first argument.
import { and, eq, inArray, isNull, ne, or, sql, type SQL } from "drizzle-orm";
import { preparedOnce, type DbOrTx } from "#db/client";
import { incomingAssignments, incomingDocuments, userRoles, type IncomingDocument } from "#db/schema/index";
import type { Actor } from "#app/platform/auth/actor";
import { ACTOR_PLACEHOLDERS, actorParams, type ActorValues } from "#app/platform/auth/actor.server";
import { isHandler } from "#app/domain/incoming/incoming";
import { AppError, AppErrorCode } from "#app/utils/errors";
import { CommonMessages } from "#app/messages/common";

export const has = (actor: Pick<Actor, "permissions">, permission: string) => actor.permissions.includes(permission);

/**
 * The documents an actor may see: their own organisation's, and within it
 * - every non-secret document for those whose role covers the whole register (view:incoming:all —
 *   leaders, office leads — and the clerks and register readers: register:incoming, view:register);
 * - secret documents only for leaders (direct:incoming, route:incoming), the clerk who registered them
 *   and their personal assignees (a unit-wide assignment does not open a secret document to the unit);
 * - anything they registered, were forwarded, or are assigned (personally or through their unit).
 */
export function incomingDocumentsVisibleTo(actor: Actor, who: ActorValues = actor): SQL {
  const d = incomingDocuments;
  const { seesAllOpen, seesSecret } = visibilityShape(actor);
  const conditions: SQL[] = [
    eq(d.registeredBy, who.id),
    eq(d.forwardedToUserId, who.id),
    sql`exists (select 1 from incoming_assignments va where va.document_id = ${d.id} and (va.assignee_user_id = ${who.id} or (va.assignee_user_id is null and va.assignee_unit_id = ${who.unitId} and ${d.isSecret} = 0)))`,
  ];
  if (seesAllOpen) conditions.unshift(eq(d.isSecret, false));
  if (seesSecret) conditions.unshift(eq(d.isSecret, true));
  return and(eq(d.organizationId, who.organizationId), or(...conditions))!;
}

/** Which clauses of the rule apply to this actor: the rule's SQL text is a function of these alone. */
function visibilityShape(actor: Actor) {
  return {
    seesAllOpen: ["view:incoming:all", "register:incoming", "view:register"].some((p) => has(actor, p)),
    seesSecret: has(actor, "direct:incoming") || has(actor, "route:incoming"),
  };
}

/** The shape of the rule as a key for statements prepared once per shape (as caseFileVisibilityShape for case files). */
const incomingVisibilityShape = (actor: Actor) => {
  const { seesAllOpen, seesSecret } = visibilityShape(actor);
  return `${seesAllOpen ? 1 : 0}${seesSecret ? 1 : 0}`;
};

/** Loads a document the actor may see, or NOT_FOUND (never confirms that it exists elsewhere). */
export function findVisibleIncomingDocument(tx: DbOrTx, actor: Actor, id: number): IncomingDocument {
  if (!(Number.isInteger(id) && id > 0)) throw new AppError(AppErrorCode.NOT_FOUND, CommonMessages.NOT_FOUND("văn bản đến"));
  // Every document page and action starts here: prepared once per shape of the rule (drizzle's building of the
  // rule was most of this query's cost, docs/benchmarks/http.md §12); the actor's values are bound per call.
  const row = preparedOnce(tx, `incoming.visibleById.${incomingVisibilityShape(actor)}`, (db) =>
    db
      .select()
      .from(incomingDocuments)
      .where(and(eq(incomingDocuments.id, sql.placeholder("id")), incomingDocumentsVisibleTo(actor, ACTOR_PLACEHOLDERS)))
      .prepare(),
  ).get({ id, ...actorParams(actor) });
  if (!row) throw new AppError(AppErrorCode.NOT_FOUND, CommonMessages.NOT_FOUND("văn bản đến"));
  return row;
}

/** The active (not delegated) assignments of the actor on a document, personally or through their unit. */
export function actorAssignments(db: DbOrTx, actor: Actor, documentId: number, isSecret: boolean) {
  const a = incomingAssignments;
  const mine = isSecret
    ? eq(a.assigneeUserId, actor.id)
    : or(eq(a.assigneeUserId, actor.id), and(isNull(a.assigneeUserId), eq(a.assigneeUnitId, actor.unitId)));
  return db
    .select()
    .from(a)
    .where(and(eq(a.documentId, documentId), ne(a.status, "delegated"), mine))
    .all();
}

/** The ids of the given users who hold a handling role (HANDLER_ROLES). */
export function handlerUserIds(tx: DbOrTx, userIds: number[]): Set<number> {
  if (userIds.length === 0) return new Set();
  const rows = tx.select({ userId: userRoles.userId, roleKey: userRoles.roleKey }).from(userRoles).where(inArray(userRoles.userId, userIds)).all();
  const roles = new Map<number, string[]>();
  for (const r of rows) roles.set(r.userId, [...(roles.get(r.userId) ?? []), r.roleKey]);
  return new Set(userIds.filter((id) => isHandler(roles.get(id) ?? [])));
}
