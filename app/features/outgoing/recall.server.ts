// Recall (thu hồi, Decree 30/2020 Art. 18 k.4).
import { auditActorOf, type ServiceContext } from "#app/platform/context.server";
import { markDeliveredDocumentsRecalled } from "#app/features/incoming/index";
import { enqueueEdxmlRecall } from "#app/features/exchange/outbox.server";
import { AppError, AppErrorCode } from "#app/utils/errors";
import { transition } from "./transition.server";
import { OutgoingMessages } from "#app/messages/outgoing";

/** Thu hồi (Decree 30 Art. 18 k.4): the document is frozen; recipients in the system see it recalled. */
export function recallOutgoingDocument(ctx: ServiceContext, options: { documentId: number; reason: string }) {
  const reason = options.reason?.trim();
  if (!reason) throw new AppError(AppErrorCode.VALIDATION, OutgoingMessages.RECALL_REASON_REQUIRED, { reason: OutgoingMessages.RECALL_REASON_REQUIRED });
  return transition(ctx, { documentId: options.documentId, action: "recall", comment: reason }, (tx, doc, now) => {
    markDeliveredDocumentsRecalled(tx, { outgoingDocumentId: doc.id, reason, at: now, actorId: auditActorOf(ctx).actorId });
    enqueueEdxmlRecall(tx, ctx.dataDir, { outgoingDocumentId: doc.id, reason, at: now });
    return { recallReason: reason, recalledAt: now, recalledBy: ctx.actor.id };
  });
}
