// Internal electronic delivery (liên thông) between organisations on this instance: the contract with the
// outgoing-documents module. The sender's issue step calls deliverToIncomingQueue inside its own
// transaction; the sender's page shows listDeliveryStatuses; a recall marks the recipients' copies.
import { and, eq, inArray, ne } from "drizzle-orm";
import { writeTransaction, type DbOrTx, type Tx } from "#db/client";
import { incomingAssignments, incomingDocuments, organizations, outgoingDocuments, type IncomingStatus, type Urgency } from "#db/schema/index";
import { URGENCY_RANK } from "#app/domain/incoming/incoming";
import { incomingUrgentArrived } from "#app/features/notifications/index";
import { AppError, AppErrorCode } from "#app/utils/errors";
import { IncomingMessages } from "#app/messages/incoming";
import { appendAuditEvent } from "#app/platform/audit.server";
import { auditActorOf, nowOf, type ServiceContext } from "#app/platform/context.server";
import { findVisibleIncomingDocument } from "#app/features/incoming/visibility.server";
import { INCOMING_ENTITY, indexIncomingForSearch } from "#app/features/incoming/transition.server";
import { listEdxmlDeliveryStatuses } from "#app/features/exchange/outbox.server";

export type DeliverToIncomingQueueOptions = {
  recipientOrganizationId: number;
  senderOrganizationId: number;
  outgoingDocumentId: number;
  numberSymbol: string;
  docTypeCode: string;
  /** YYYY-MM-DD */
  issuedDate: string;
  issuerName: string;
  summary: string;
  signerName: string | null;
  signerTitle: string | null;
  urgency: Urgency;
  /** Secret documents are never delivered electronically (QĐ 28/2018/QĐ-TTg does not cover them). */
  confidentiality: "normal";
  /** The signed PDF, already stored by the sender. */
  fileId: number;
  pageCount: number | null;
  extractedText: string | null;
  at: Date;
  actorId: number | null;
};

/**
 * Puts a delivered document in the recipient's queue, state `received` ("Chờ đăng ký"), channel
 * `electronic`, inside the caller's transaction, with its audit row. The recipient's clerk registers it.
 */
export function deliverToIncomingQueue(tx: Tx, options: DeliverToIncomingQueueOptions): { incomingDocumentId: number } {
  if ((options.confidentiality as string) !== "normal") throw new AppError(AppErrorCode.VALIDATION, IncomingMessages.SECRET_NOT_DELIVERED);
  const recipient = tx
    .select({ id: organizations.id, kind: organizations.kind })
    .from(organizations)
    .where(eq(organizations.id, options.recipientOrganizationId))
    .get();
  if (!recipient || recipient.kind === "unit") throw new AppError(AppErrorCode.VALIDATION, IncomingMessages.RECIPIENT_INVALID);
  const row = tx
    .insert(incomingDocuments)
    .values({
      organizationId: recipient.id,
      status: "received",
      channel: "electronic",
      receivedAt: options.at,
      numberSymbol: options.numberSymbol.replace(/\s+/g, ""),
      docTypeCode: options.docTypeCode,
      issuedDate: options.issuedDate,
      issuerName: options.issuerName,
      summary: options.summary,
      signerName: options.signerName,
      signerTitle: options.signerTitle,
      pageCount: options.pageCount,
      urgency: options.urgency,
      urgencyRank: URGENCY_RANK[options.urgency],
      confidentiality: "normal",
      isSecret: false,
      fileId: options.fileId,
      extractedText: options.extractedText,
      senderOrganizationId: options.senderOrganizationId,
      outgoingDocumentId: options.outgoingDocumentId,
      createdAt: options.at,
      updatedAt: options.at,
    })
    .returning({
      id: incomingDocuments.id,
      summary: incomingDocuments.summary,
      numberSymbol: incomingDocuments.numberSymbol,
      issuerName: incomingDocuments.issuerName,
      signerName: incomingDocuments.signerName,
      extractedText: incomingDocuments.extractedText,
    })
    .get();
  indexIncomingForSearch(tx, row, true);
  incomingUrgentArrived(
    tx,
    { id: row.id, organizationId: recipient.id, numberSymbol: row.numberSymbol, summary: row.summary, isSecret: false, urgency: options.urgency },
    options.at,
    null,
  );
  appendAuditEvent(tx, {
    at: options.at,
    actorId: options.actorId,
    organizationId: options.senderOrganizationId,
    action: "incoming.deliver",
    entityType: INCOMING_ENTITY,
    entityId: row.id,
    fromState: null,
    toState: "received",
    detail: { outgoingDocumentId: options.outgoingDocumentId, senderOrganizationId: options.senderOrganizationId, recipientOrganizationId: recipient.id },
  });
  return { incomingDocumentId: row.id };
}

export type DeliveryStatus = {
  recipientOrganizationId: number;
  recipientName: string;
  /** Null for a recipient on another system (edXML): its progress comes from status messages. */
  incomingDocumentId: number | null;
  status: "received" | "registered" | "routed" | "in_progress" | "completed" | "returned" | "sending" | "recalled" | "recall_refused";
  arrivalNumber: number | null;
  updatedAt: Date;
  returnReason: string | null;
};

// The sender sees coarse progress (edXML status notifications, domain.md §8.4), not the internal steps.
const DELIVERY_STATUS: Record<IncomingStatus, DeliveryStatus["status"]> = {
  received: "received",
  registered: "registered",
  awaiting_routing: "registered",
  awaiting_direction: "registered",
  in_progress: "in_progress",
  completed: "completed",
  returned: "returned",
};

/** The receiving side's progress on every copy of one outgoing document, for the sender's page. */
export function listDeliveryStatuses(db: DbOrTx, outgoingDocumentId: number): DeliveryStatus[] {
  return [...listInternalDeliveryStatuses(db, outgoingDocumentId), ...listEdxmlDeliveryStatuses(db, outgoingDocumentId)];
}

function listInternalDeliveryStatuses(db: DbOrTx, outgoingDocumentId: number): DeliveryStatus[] {
  const d = incomingDocuments;
  return db
    .select({
      recipientOrganizationId: d.organizationId,
      recipientName: organizations.name,
      incomingDocumentId: d.id,
      status: d.status,
      routedAt: d.routedAt,
      arrivalNumber: d.arrivalNumber,
      updatedAt: d.updatedAt,
      returnReason: d.returnReason,
    })
    .from(d)
    .innerJoin(organizations, eq(organizations.id, d.organizationId))
    .where(eq(d.outgoingDocumentId, outgoingDocumentId))
    .orderBy(organizations.name)
    .all()
    .map((r) => ({
      recipientOrganizationId: r.recipientOrganizationId,
      recipientName: r.recipientName,
      incomingDocumentId: r.incomingDocumentId,
      // "routed" = handed to a handler just now; once someone works on it the sender sees in_progress.
      status: r.status === "in_progress" && r.routedAt && r.updatedAt.getTime() === r.routedAt.getTime() ? "routed" : DELIVERY_STATUS[r.status],
      arrivalNumber: r.arrivalNumber,
      updatedAt: r.updatedAt,
      returnReason: r.returnReason,
    }));
}

/**
 * The sender recalled the outgoing document (Decree 30 Art. 18 k.4): every delivered copy is marked
 * "Đã thu hồi" and can no longer be routed or handled (services refuse with INVALID_STATE).
 */
export function markDeliveredDocumentsRecalled(
  tx: Tx,
  options: { outgoingDocumentId: number; reason: string; at: Date; actorId: number | null },
): { recalled: number } {
  const d = incomingDocuments;
  const rows = tx
    .select({ id: d.id, status: d.status, organizationId: d.organizationId, version: d.version })
    .from(d)
    .where(and(eq(d.outgoingDocumentId, options.outgoingDocumentId)))
    .all();
  const open = rows.filter((r) => r.status !== "returned");
  if (open.length === 0) return { recalled: 0 };
  tx.update(d)
    .set({ recalledAt: options.at, recallReason: options.reason, updatedAt: options.at })
    .where(
      inArray(
        d.id,
        open.map((r) => r.id),
      ),
    )
    .run();
  for (const row of open) {
    tx.update(d)
      .set({ version: row.version + 1 })
      .where(eq(d.id, row.id))
      .run();
    appendAuditEvent(tx, {
      at: options.at,
      actorId: options.actorId,
      organizationId: row.organizationId,
      action: "incoming.recalled",
      entityType: INCOMING_ENTITY,
      entityId: row.id,
      fromState: row.status,
      toState: row.status,
      comment: options.reason,
      detail: { outgoingDocumentId: options.outgoingDocumentId },
    });
  }
  return { recalled: open.length };
}

/** Links the outgoing reply (văn bản trả lời) to a completed incoming document. */
export function linkReplyDocument(ctx: ServiceContext, options: { incomingDocumentId: number; outgoingDocumentId: number }): void {
  if (!Number.isInteger(options.outgoingDocumentId) || options.outgoingDocumentId < 1)
    throw new AppError(AppErrorCode.VALIDATION, IncomingMessages.REPLY_INVALID);
  const now = nowOf(ctx);
  writeTransaction(ctx.db, (tx) => {
    const row = findVisibleIncomingDocument(tx, ctx.actor, options.incomingDocumentId);
    if (row.status !== "completed") throw new AppError(AppErrorCode.INVALID_STATE, IncomingMessages.REPLY_NOT_COMPLETED);
    // The reply is the main handler's product (Decree 30 Art. 24): only they link it, not every viewer.
    const a = incomingAssignments;
    const mains = tx
      .select()
      .from(a)
      .where(and(eq(a.documentId, row.id), eq(a.kind, "main"), ne(a.status, "delegated")))
      .all();
    const isMainHandler = mains.some(
      (x) => x.assigneeUserId === ctx.actor.id || (x.assigneeUserId == null && x.assigneeUnitId === ctx.actor.unitId && !row.isSecret),
    );
    if (!isMainHandler && ctx.actor.id !== 0) throw new AppError(AppErrorCode.FORBIDDEN, IncomingMessages.REPLY_MAIN_HANDLER_ONLY);
    // …and it must be an issued outgoing document of the same organisation; any other id (another
    // organisation's, a draft, one that does not exist) gets the same answer.
    const reply = tx
      .select({ organizationId: outgoingDocuments.organizationId, status: outgoingDocuments.status })
      .from(outgoingDocuments)
      .where(eq(outgoingDocuments.id, options.outgoingDocumentId))
      .get();
    if (!reply || reply.organizationId !== row.organizationId || reply.status !== "issued") {
      throw new AppError(AppErrorCode.VALIDATION, IncomingMessages.REPLY_NOT_ISSUED, { outgoingDocumentId: IncomingMessages.REPLY_NOT_ISSUED_FIELD });
    }
    tx.update(incomingDocuments)
      .set({ replyOutgoingDocumentId: options.outgoingDocumentId, version: row.version + 1, updatedAt: now })
      .where(eq(incomingDocuments.id, row.id))
      .run();
    appendAuditEvent(tx, {
      at: now,
      ...auditActorOf(ctx),
      action: "incoming.link_reply",
      entityType: INCOMING_ENTITY,
      entityId: row.id,
      fromState: row.status,
      toState: row.status,
      detail: { outgoingDocumentId: options.outgoingDocumentId, previous: row.replyOutgoingDocumentId },
    });
  });
}
