// The one shape of a simple state change: re-load and decide inside the transaction, check the form's
// version, update the row and append the audit event in the same transaction.
import { eq } from "drizzle-orm";
import { writeTransaction, type Tx } from "#db/client";
import { outgoingDocuments, type OutgoingDocument } from "#db/schema/index";
import type { OutgoingAction, OutgoingStatus } from "#app/domain/outgoing/workflow";
import { appendAuditEvent } from "#app/platform/audit.server";
import { auditActorOf, nowOf, type ServiceContext } from "#app/platform/context.server";
import { AppError, AppErrorCode } from "#app/utils/errors";
import { OUTGOING_ENTITY, decide, loadVisible } from "./visibility.server";
import { CommonMessages } from "#app/messages/common";
import { outgoingMoved } from "#app/features/notifications/index";

export function transition(
  ctx: ServiceContext,
  options: { documentId: number; action: OutgoingAction; comment?: string | null; version?: number },
  extra?: (tx: Tx, doc: OutgoingDocument, now: Date) => Partial<typeof outgoingDocuments.$inferInsert>,
): { status: OutgoingStatus } {
  const now = nowOf(ctx);
  return writeTransaction(ctx.db, (tx) => {
    const doc = loadVisible(tx, ctx.actor, options.documentId);
    const to = decide(doc, options.action, ctx.actor, tx);
    if (options.version != null && doc.version !== options.version) throw new AppError(AppErrorCode.CONFLICT, CommonMessages.STALE_FORM("văn bản"));
    const set = { status: to, version: doc.version + 1, updatedAt: now, lastComment: options.comment ?? doc.lastComment, ...(extra?.(tx, doc, now) ?? {}) };
    tx.update(outgoingDocuments).set(set).where(eq(outgoingDocuments.id, doc.id)).run();
    appendAuditEvent(tx, {
      at: now,
      ...auditActorOf(ctx),
      action: `outgoing.${options.action}`,
      entityType: OUTGOING_ENTITY,
      entityId: doc.id,
      fromState: doc.status,
      toState: to,
      comment: options.comment ?? null,
      detail: { revision: doc.revision },
    });
    // Whoever holds the draft next learns of it in the same transaction (notification outbox).
    outgoingMoved(tx, { ...doc, isSecret: doc.confidentiality !== "normal" }, to, now, auditActorOf(ctx).actorId);
    return { status: to };
  });
}
