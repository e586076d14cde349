// Handling (xử lý, Decree 30 Art. 24): delegation inside a unit, comments, cooperating contributions,
// read receipts, completion by the main handler; and the return of a document not for this office (trả lại).
import { eq, inArray } from "drizzle-orm";
import { writeTransaction } from "#db/client";
import { incomingAssignments, incomingDocuments, users, type IncomingDocument } from "#db/schema/index";
import { formatDateVi, toVietnamDate, isValidIsoDate } from "#app/domain/shared/dates";
import { AppError, AppErrorCode } from "#app/utils/errors";
import { auditActorOf, nowOf, type ServiceContext } from "#app/platform/context.server";
import { IncomingMessages } from "#app/messages/incoming";
import { actorAssignments, findVisibleIncomingDocument, handlerUserIds } from "#app/features/incoming/visibility.server";
import { assertVersion, audit, decide, type VersionedId } from "#app/features/incoming/transition.server";
import { deliveryAnswered, incomingAssigned } from "#app/features/notifications/index";

/** received | registered | awaiting_routing → returned, with the reason (the sender sees it on liên thông). */
export function returnIncomingDocument(ctx: ServiceContext, options: VersionedId & { reason: string }): IncomingDocument {
  const reason = options.reason.trim();
  if (!reason) throw new AppError(AppErrorCode.VALIDATION, IncomingMessages.RETURN_REASON_REQUIRED, { reason: IncomingMessages.RETURN_REASON_REQUIRED });
  const now = nowOf(ctx);
  return writeTransaction(ctx.db, (tx) => {
    const row = findVisibleIncomingDocument(tx, ctx.actor, options.id);
    assertVersion(row, options.version);
    const to = decide(tx, ctx.actor, row, "return");
    const updated = tx
      .update(incomingDocuments)
      .set({ status: to, returnReason: reason, version: row.version + 1, updatedAt: now })
      .where(eq(incomingDocuments.id, row.id))
      .returning()
      .get();
    audit(tx, ctx, now, {
      action: "incoming.return",
      id: row.id,
      from: row.status,
      to,
      comment: reason,
      detail: { senderOrganizationId: row.senderOrganizationId },
    });
    if (row.outgoingDocumentId)
      deliveryAnswered(tx, {
        outgoingDocumentId: row.outgoingDocumentId,
        recipientOrganizationId: row.organizationId,
        status: "returned",
        reason,
        at: now,
        eventSeed: `${row.id}:returned`,
      });
    return updated;
  });
}

function assertHandleable(row: IncomingDocument) {
  if (row.recalledAt) throw new AppError(AppErrorCode.INVALID_STATE, IncomingMessages.RECALLED);
  if (row.status !== "in_progress") throw new AppError(AppErrorCode.INVALID_STATE, IncomingMessages.NOT_IN_PROGRESS);
}

/** A unit's lead (or any holder of the assignment) passes it on to a colleague of the same unit. */
export function delegateIncomingAssignment(
  ctx: ServiceContext,
  options: { documentId: number; userId: number; deadline?: string | null; note?: string | null },
): void {
  const now = nowOf(ctx);
  writeTransaction(ctx.db, (tx) => {
    const row = findVisibleIncomingDocument(tx, ctx.actor, options.documentId);
    assertHandleable(row);
    const held = actorAssignments(tx, ctx.actor, row.id, row.isSecret).filter((a) => a.status === "pending" && a.kind !== "info");
    if (held.length === 0) throw new AppError(AppErrorCode.FORBIDDEN, IncomingMessages.NOT_ASSIGNED);
    const target = tx
      .select({ id: users.id, unitId: users.unitId, organizationId: users.organizationId, isActive: users.isActive, fullName: users.fullName })
      .from(users)
      .where(eq(users.id, options.userId))
      .get();
    if (
      !target ||
      !target.isActive ||
      target.organizationId !== ctx.actor.organizationId ||
      target.unitId !== ctx.actor.unitId ||
      target.id === ctx.actor.id ||
      !handlerUserIds(tx, [target.id]).has(target.id)
    ) {
      throw new AppError(AppErrorCode.VALIDATION, IncomingMessages.CHOOSE_COLLEAGUE, { userId: IncomingMessages.CHOOSE_COLLEAGUE });
    }
    if (options.deadline && !isValidIsoDate(options.deadline))
      throw new AppError(AppErrorCode.VALIDATION, IncomingMessages.DEADLINE_INVALID, { deadline: IncomingMessages.DEADLINE_INVALID });
    // Same rule as routing: a deadline given now cannot already have passed.
    if (options.deadline && options.deadline < toVietnamDate(now))
      throw new AppError(AppErrorCode.VALIDATION, IncomingMessages.DEADLINE_IN_PAST, { deadline: IncomingMessages.DEADLINE_IN_PAST });
    const source = held.find((a) => a.kind === "main") ?? held[0];
    // A unit lead's deadline for the specialist cannot be later than the unit's own: said, not silently shortened.
    if (options.deadline && source.deadline && options.deadline > source.deadline) {
      const message = IncomingMessages.DEADLINE_AFTER_UNIT(formatDateVi(source.deadline));
      throw new AppError(AppErrorCode.VALIDATION, message, { deadline: message });
    }
    const deadline = options.deadline || source.deadline;
    tx.update(incomingAssignments)
      .set({ status: "delegated", note: options.note?.trim() || null })
      .where(eq(incomingAssignments.id, source.id))
      .run();
    tx.insert(incomingAssignments)
      .values({
        documentId: row.id,
        kind: source.kind,
        assigneeUserId: target.id,
        assigneeUnitId: null,
        deadline,
        parentAssignmentId: source.id,
        assignedBy: auditActorOf(ctx).actorId,
        assignedAt: now,
      })
      .run();
    // Passing on the main part moves the document's main handler (the statistics' person and unit).
    const main = source.kind === "main" ? { mainUserId: target.id, mainUnitId: target.unitId } : {};
    tx.update(incomingDocuments)
      .set({ ...main, version: row.version + 1, updatedAt: now })
      .where(eq(incomingDocuments.id, row.id))
      .run();
    incomingAssigned(tx, row, [{ kind: source.kind, userId: target.id }], now, auditActorOf(ctx).actorId, `v${row.version + 1}`);
    audit(tx, ctx, now, {
      action: "incoming.delegate",
      id: row.id,
      from: row.status,
      to: row.status,
      comment: options.note?.trim() || null,
      detail: { kind: source.kind, toUserId: target.id, toUserName: target.fullName, deadline },
    });
  });
}

/** Ý kiến xử lý: a comment on the document's trail, by anyone handling or overseeing it. */
export function commentOnIncomingDocument(ctx: ServiceContext, options: { id: number; comment: string }): void {
  const comment = options.comment.trim();
  if (!comment) throw new AppError(AppErrorCode.VALIDATION, IncomingMessages.COMMENT_REQUIRED, { comment: IncomingMessages.COMMENT_REQUIRED });
  if (comment.length > 4000)
    throw new AppError(AppErrorCode.VALIDATION, IncomingMessages.COMMENT_TOO_LONG, { comment: IncomingMessages.COMMENT_TOO_LONG_FIELD });
  const now = nowOf(ctx);
  writeTransaction(ctx.db, (tx) => {
    const row = findVisibleIncomingDocument(tx, ctx.actor, options.id);
    if (row.recalledAt) throw new AppError(AppErrorCode.INVALID_STATE, IncomingMessages.RECALLED);
    audit(tx, ctx, now, { action: "incoming.comment", id: row.id, from: row.status, to: row.status, comment });
  });
}

/** A cooperating unit or person records their contribution (ý kiến phối hợp) and closes their part. */
export function recordIncomingContribution(ctx: ServiceContext, options: { id: number; note: string }): void {
  const note = options.note.trim();
  if (!note) throw new AppError(AppErrorCode.VALIDATION, IncomingMessages.CONTRIBUTION_REQUIRED, { note: IncomingMessages.CONTRIBUTION_REQUIRED });
  const now = nowOf(ctx);
  writeTransaction(ctx.db, (tx) => {
    const row = findVisibleIncomingDocument(tx, ctx.actor, options.id);
    assertHandleable(row);
    const mine = actorAssignments(tx, ctx.actor, row.id, row.isSecret).find((a) => a.kind === "cooperate" && a.status === "pending");
    if (!mine) throw new AppError(AppErrorCode.FORBIDDEN, IncomingMessages.NOT_COOPERATING);
    tx.update(incomingAssignments).set({ status: "done", note, doneAt: now }).where(eq(incomingAssignments.id, mine.id)).run();
    audit(tx, ctx, now, { action: "incoming.contribute", id: row.id, from: row.status, to: row.status, comment: note, detail: { assignmentId: mine.id } });
  });
}

/** A recipient for information marks the document read. */
export function markIncomingRead(ctx: ServiceContext, options: { id: number }): void {
  const now = nowOf(ctx);
  writeTransaction(ctx.db, (tx) => {
    const row = findVisibleIncomingDocument(tx, ctx.actor, options.id);
    const mine = actorAssignments(tx, ctx.actor, row.id, row.isSecret).filter((a) => a.kind === "info" && a.status === "pending");
    if (mine.length === 0) throw new AppError(AppErrorCode.INVALID_STATE, IncomingMessages.NOTHING_TO_READ);
    tx.update(incomingAssignments)
      .set({ status: "done", doneAt: now })
      .where(
        inArray(
          incomingAssignments.id,
          mine.map((a) => a.id),
        ),
      )
      .run();
    audit(tx, ctx, now, { action: "incoming.read", id: row.id, from: row.status, to: row.status });
  });
}

/** The main handler closes the document with a result note (a reply outgoing document can be linked later). */
export function completeIncomingDocument(ctx: ServiceContext, options: VersionedId & { result: string }): IncomingDocument {
  const result = options.result.trim();
  if (!result) throw new AppError(AppErrorCode.VALIDATION, IncomingMessages.RESULT_REQUIRED, { result: IncomingMessages.RESULT_REQUIRED });
  const now = nowOf(ctx);
  return writeTransaction(ctx.db, (tx) => {
    const row = findVisibleIncomingDocument(tx, ctx.actor, options.id);
    assertVersion(row, options.version);
    const to = decide(tx, ctx.actor, row, "complete");
    const main = actorAssignments(tx, ctx.actor, row.id, row.isSecret).find((a) => a.kind === "main" && a.status === "pending")!;
    tx.update(incomingAssignments).set({ status: "done", note: result, doneAt: now }).where(eq(incomingAssignments.id, main.id)).run();
    const updated = tx
      .update(incomingDocuments)
      .set({ status: to, resultNote: result, completedAt: now, completedBy: auditActorOf(ctx).actorId, version: row.version + 1, updatedAt: now })
      .where(eq(incomingDocuments.id, row.id))
      .returning()
      .get();
    const deadlineMissed = row.handlingDeadline ? toVietnamDate(now) > row.handlingDeadline : false;
    audit(tx, ctx, now, {
      action: "incoming.complete",
      id: row.id,
      from: row.status,
      to,
      comment: result,
      detail: { deadline: row.handlingDeadline, late: deadlineMissed },
    });
    if (row.outgoingDocumentId)
      deliveryAnswered(tx, {
        outgoingDocumentId: row.outgoingDocumentId,
        recipientOrganizationId: row.organizationId,
        status: "completed",
        at: now,
        eventSeed: `${row.id}:completed`,
      });
    return updated;
  });
}
