// Routing (phân phối, Decree 30 Art. 22): the office lead assigns a main handler, cooperating and informed
// recipients and a deadline; or forwards the document to a leader, whose direction (ý kiến chỉ đạo) sends
// it back for routing or assigns it directly. Each transition writes its audit row in its transaction.
import { asc, and, eq, sql } from "drizzle-orm";
import { writeTransaction, type DbOrTx, type Tx } from "#db/client";
import { incomingAssignments, incomingDocuments, users, type AssignmentKind, type IncomingDocument } from "#db/schema/index";
import type { Actor } from "#app/platform/auth/actor";
import { toVietnamDate, isValidIsoDate } from "#app/domain/shared/dates";
import { deadlineAfterWorkingDays } from "#app/domain/incoming/incoming";
import { AppError, AppErrorCode } from "#app/utils/errors";
import { loadWorkingCalendar } from "#app/platform/calendar.server";
import { auditActorOf, nowOf, type ServiceContext } from "#app/platform/context.server";
import { findIssuerOf, listUnitsOf } from "#app/platform/organizations.server";
import { IncomingMessages } from "#app/messages/incoming";
import { findVisibleIncomingDocument, handlerUserIds } from "#app/features/incoming/visibility.server";
import { assertVersion, audit, decide, type VersionedId } from "#app/features/incoming/transition.server";
import { incomingAssigned, incomingForwarded } from "#app/features/notifications/index";

/** "u:12" = user 12, "o:34" = unit 34 (how the routing form names an assignee). */
export type AssigneeRef = { userId: number; unitId?: undefined } | { unitId: number; userId?: undefined };

export function parseAssigneeRef(value: string): AssigneeRef | null {
  const m = /^([uo]):(\d+)$/.exec(value.trim());
  if (!m) return null;
  return m[1] === "u" ? { userId: Number(m[2]) } : { unitId: Number(m[2]) };
}

export type RoutingDecision = {
  main: AssigneeRef;
  cooperating?: AssigneeRef[];
  info?: AssigneeRef[];
  /** A date (YYYY-MM-DD), or a number of working days from today. */
  deadline?: string | null;
  workingDays?: number | null;
  note?: string | null;
};

function assertAssigneeInOrganization(tx: DbOrTx, actor: Actor, ref: AssigneeRef) {
  if (ref.userId !== undefined) {
    const user = tx.select({ organizationId: users.organizationId, isActive: users.isActive }).from(users).where(eq(users.id, ref.userId)).get();
    if (!user || !user.isActive || user.organizationId !== actor.organizationId)
      throw new AppError(AppErrorCode.VALIDATION, IncomingMessages.ASSIGNEE_OUTSIDE, { main: IncomingMessages.ASSIGNEE_OUTSIDE });
    if (!handlerUserIds(tx, [ref.userId]).has(ref.userId))
      throw new AppError(AppErrorCode.VALIDATION, IncomingMessages.NOT_A_HANDLER, { main: IncomingMessages.CHOOSE_HANDLER });
    return;
  }
  let issuerId: number | null = null;
  try {
    issuerId = findIssuerOf(tx, ref.unitId).id;
  } catch {
    issuerId = null;
  }
  if (issuerId !== actor.organizationId) throw new AppError(AppErrorCode.VALIDATION, IncomingMessages.UNIT_OUTSIDE, { main: IncomingMessages.UNIT_OUTSIDE });
}

function resolveDeadline(ctx: ServiceContext, tx: DbOrTx, decision: RoutingDecision, today: string): string | null {
  if (decision.workingDays) {
    try {
      return deadlineAfterWorkingDays(loadWorkingCalendar(tx), today, decision.workingDays);
    } catch {
      throw new AppError(AppErrorCode.VALIDATION, IncomingMessages.WORKING_DAYS_INVALID, { workingDays: IncomingMessages.WORKING_DAYS_INVALID_FIELD });
    }
  }
  if (decision.deadline) {
    if (!isValidIsoDate(decision.deadline))
      throw new AppError(AppErrorCode.VALIDATION, IncomingMessages.DEADLINE_INVALID, { deadline: IncomingMessages.DEADLINE_INVALID });
    if (decision.deadline < today)
      throw new AppError(AppErrorCode.VALIDATION, IncomingMessages.DEADLINE_IN_PAST, { deadline: IncomingMessages.DEADLINE_IN_PAST });
    return decision.deadline;
  }
  return null;
}

function validateDecision(tx: DbOrTx, actor: Actor, decision: RoutingDecision) {
  const refs = [decision.main, ...(decision.cooperating ?? []), ...(decision.info ?? [])];
  for (const ref of refs) assertAssigneeInOrganization(tx, actor, ref);
  const key = (r: AssigneeRef) => (r.userId !== undefined ? `u${r.userId}` : `o${r.unitId}`);
  const keys = refs.map(key);
  if (new Set(keys).size !== keys.length)
    throw new AppError(AppErrorCode.VALIDATION, IncomingMessages.ONE_ROLE_EACH, { cooperating: IncomingMessages.DUPLICATE_ASSIGNEE });
}

/** The document's main handler columns (statistics): the person and their unit now, or the unit. */
function mainHandlerOf(tx: DbOrTx, main: AssigneeRef): { mainUserId: number | null; mainUnitId: number | null } {
  if (main.userId === undefined) return { mainUserId: null, mainUnitId: main.unitId };
  const user = tx.select({ unitId: users.unitId }).from(users).where(eq(users.id, main.userId)).get();
  return { mainUserId: main.userId, mainUnitId: user?.unitId ?? null };
}

function insertAssignments(tx: Tx, ctx: ServiceContext, doc: IncomingDocument, decision: RoutingDecision, deadline: string | null, now: Date) {
  const documentId = doc.id;
  const rows: Array<{ kind: AssignmentKind; ref: AssigneeRef }> = [
    { kind: "main", ref: decision.main },
    ...(decision.cooperating ?? []).map((ref) => ({ kind: "cooperate" as const, ref })),
    ...(decision.info ?? []).map((ref) => ({ kind: "info" as const, ref })),
  ];
  for (const { kind, ref } of rows) {
    tx.insert(incomingAssignments)
      .values({
        documentId,
        kind,
        assigneeUserId: ref.userId ?? null,
        assigneeUnitId: ref.unitId ?? null,
        // "Nhận để biết" has no deadline and no completion obligation (domain.md §4.4).
        deadline: kind === "info" ? null : deadline,
        assignedBy: auditActorOf(ctx).actorId,
        assignedAt: now,
      })
      .run();
  }
  // Each assignee learns of the work in the same transaction (the notification outbox).
  incomingAssigned(
    tx,
    doc,
    rows.map(({ kind, ref }) => ({ kind, userId: ref.userId, unitId: ref.unitId })),
    now,
    auditActorOf(ctx).actorId,
    `v${doc.version + 1}`,
  );
}

export type RouteIncomingDocumentsOptions = RoutingDecision & { documents: VersionedId[] };

/** Routes one or several documents with the same decision (phân phối hàng loạt). All or nothing. */
export function routeIncomingDocuments(ctx: ServiceContext, options: RouteIncomingDocumentsOptions): { routed: number; deadline: string | null } {
  if (options.documents.length === 0)
    throw new AppError(AppErrorCode.VALIDATION, IncomingMessages.CHOOSE_DOCUMENTS, { documents: IncomingMessages.CHOOSE_DOCUMENTS });
  const now = nowOf(ctx);
  const today = toVietnamDate(now);
  return writeTransaction(ctx.db, (tx) => {
    validateDecision(tx, ctx.actor, options);
    const decided = resolveDeadline(ctx, tx, options, today);
    for (const ref of options.documents) {
      const row = findVisibleIncomingDocument(tx, ctx.actor, ref.id);
      assertVersion(row, ref.version);
      const to = decide(tx, ctx.actor, row, "route");
      // No deadline in the decision keeps the one set at registration (hạn giải quyết, Decree 30 Art. 11):
      // routing without one must not erase it.
      const deadline = decided ?? row.handlingDeadline;
      insertAssignments(tx, ctx, row, options, deadline, now);
      tx.update(incomingDocuments)
        .set({
          status: to,
          handlingDeadline: deadline,
          directionNote: options.note?.trim() || row.directionNote,
          routedAt: now,
          routedBy: auditActorOf(ctx).actorId,
          ...mainHandlerOf(tx, options.main),
          version: row.version + 1,
          updatedAt: now,
        })
        .where(eq(incomingDocuments.id, row.id))
        .run();
      audit(tx, ctx, now, {
        action: "incoming.route",
        id: row.id,
        from: row.status,
        to,
        comment: options.note?.trim() || null,
        detail: { main: options.main, cooperating: options.cooperating ?? [], info: options.info ?? [], deadline },
      });
    }
    return { routed: options.documents.length, deadline: decided };
  });
}

export function forwardIncomingDocument(ctx: ServiceContext, options: VersionedId & { leaderUserId: number; note?: string | null }): IncomingDocument {
  const now = nowOf(ctx);
  return writeTransaction(ctx.db, (tx) => {
    const row = findVisibleIncomingDocument(tx, ctx.actor, options.id);
    assertVersion(row, options.version);
    const to = decide(tx, ctx.actor, row, "forward");
    const leader = tx.select({ id: users.id, organizationId: users.organizationId }).from(users).where(eq(users.id, options.leaderUserId)).get();
    const leaderPermissions = leader
      ? tx.all<{ key: string }>(
          sql`select rp.permission_key as key from user_roles ur join role_permissions rp on rp.role_key = ur.role_key where ur.user_id = ${leader.id}`,
        )
      : [];
    if (!leader || leader.organizationId !== ctx.actor.organizationId || !leaderPermissions.some((p) => p.key === "direct:incoming")) {
      throw new AppError(AppErrorCode.VALIDATION, IncomingMessages.CHOOSE_LEADER, { leaderUserId: IncomingMessages.CHOOSE_LEADER });
    }
    const updated = tx
      .update(incomingDocuments)
      .set({ status: to, forwardedToUserId: leader.id, directionNote: options.note?.trim() || row.directionNote, version: row.version + 1, updatedAt: now })
      .where(eq(incomingDocuments.id, row.id))
      .returning()
      .get();
    audit(tx, ctx, now, {
      action: "incoming.forward",
      id: row.id,
      from: row.status,
      to,
      comment: options.note?.trim() || null,
      detail: { leaderUserId: leader.id },
    });
    incomingForwarded(tx, row, leader.id, now, auditActorOf(ctx).actorId, `v${updated.version}`);
    return updated;
  });
}

/** The leader's direction (ý kiến chỉ đạo): back to the office for routing, or assigned directly. */
export function directIncomingDocument(ctx: ServiceContext, options: VersionedId & { note: string; assign?: RoutingDecision | null }): IncomingDocument {
  const note = options.note.trim();
  if (!note) throw new AppError(AppErrorCode.VALIDATION, IncomingMessages.DIRECTION_REQUIRED, { note: IncomingMessages.DIRECTION_REQUIRED });
  const now = nowOf(ctx);
  const today = toVietnamDate(now);
  return writeTransaction(ctx.db, (tx) => {
    const row = findVisibleIncomingDocument(tx, ctx.actor, options.id);
    assertVersion(row, options.version);
    const to = decide(tx, ctx.actor, row, "direct", options.assign ? "in_progress" : "awaiting_routing");
    let deadline = row.handlingDeadline;
    if (options.assign) {
      validateDecision(tx, ctx.actor, options.assign);
      // As in routing: a direction without a deadline keeps the registered one.
      deadline = resolveDeadline(ctx, tx, options.assign, today) ?? row.handlingDeadline;
      insertAssignments(tx, ctx, row, options.assign, deadline, now);
    }
    const updated = tx
      .update(incomingDocuments)
      .set({
        status: to,
        directionNote: note,
        handlingDeadline: deadline,
        ...(options.assign ? { routedAt: now, routedBy: auditActorOf(ctx).actorId, ...mainHandlerOf(tx, options.assign.main) } : {}),
        version: row.version + 1,
        updatedAt: now,
      })
      .where(eq(incomingDocuments.id, row.id))
      .returning()
      .get();
    audit(tx, ctx, now, {
      action: "incoming.direct",
      id: row.id,
      from: row.status,
      to,
      comment: note,
      detail: options.assign
        ? { main: options.assign.main, cooperating: options.assign.cooperating ?? [], info: options.assign.info ?? [], deadline }
        : undefined,
    });
    return updated;
  });
}

// ---------------------------------------------------------------------------------------------------
// Routing form options

export type RoutingOptions = {
  units: Array<{ value: string; label: string }>;
  people: Array<{ value: string; label: string }>;
  leaders: Array<{ value: number; label: string }>;
  colleagues: Array<{ value: number; label: string }>;
};

/** The assignees an actor can choose from: the units and people of their own organisation. */
/** The internal units of the actor's organisation, indented, for the incoming list's unit filter. */
export function listRoutingUnits(ctx: ServiceContext): RoutingOptions["units"] {
  return unitOptions(listUnitsOf(ctx.db, ctx.actor.organizationId).filter((u) => u.id !== ctx.actor.organizationId));
}

const unitOptions = (units: Array<{ id: number; name: string; depth: number }>): RoutingOptions["units"] =>
  units.map((u) => ({ value: `o:${u.id}`, label: `${"\u00a0\u00a0".repeat(Math.max(u.depth - 1, 0))}${u.name}` }));

export function listRoutingOptions(ctx: ServiceContext): RoutingOptions {
  const orgId = ctx.actor.organizationId;
  const units = listUnitsOf(ctx.db, orgId).filter((u) => u.id !== orgId);
  let people = ctx.db
    .select({ id: users.id, fullName: users.fullName, title: users.title, unitId: users.unitId })
    .from(users)
    .where(and(eq(users.organizationId, orgId), eq(users.isActive, true)))
    .orderBy(asc(users.fullName))
    .all();
  const leaderIds = new Set(
    ctx.db
      .all<{ id: number }>(
        sql`select distinct ur.user_id as id from user_roles ur join role_permissions rp on rp.role_key = ur.role_key join users u on u.id = ur.user_id where rp.permission_key = 'direct:incoming' and u.organization_id = ${orgId} and u.is_active = 1`,
      )
      .map((r) => r.id),
  );
  const unitName = new Map(units.map((u) => [u.id, u.name]));
  const handlers = handlerUserIds(
    ctx.db,
    people.map((p) => p.id),
  );
  people = people.filter((p) => handlers.has(p.id));
  return {
    units: unitOptions(units),
    people: people.map((p) => ({
      value: `u:${p.id}`,
      label: `${p.fullName}${p.title ? ` – ${p.title}` : ""}${unitName.get(p.unitId) ? ` (${unitName.get(p.unitId)})` : ""}`,
    })),
    leaders: people.filter((p) => leaderIds.has(p.id)).map((p) => ({ value: p.id, label: `${p.fullName}${p.title ? ` – ${p.title}` : ""}` })),
    colleagues: people
      .filter((p) => p.unitId === ctx.actor.unitId && p.id !== ctx.actor.id)
      .map((p) => ({ value: p.id, label: `${p.fullName}${p.title ? ` – ${p.title}` : ""}` })),
  };
}
