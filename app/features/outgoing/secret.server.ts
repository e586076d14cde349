// Secret documents (Mật and above): numbered and registered on paper only.
import { eq } from "drizzle-orm";
import { writeTransaction } from "#db/client";
import { outgoingDocuments, outgoingRecipients, outgoingRegisterEntries } from "#db/schema/index";
import { nextNumber } from "#app/domain/outgoing/numbering";
import { SECRET_NO_CONTENT_MESSAGE } from "#app/domain/outgoing/workflow";
import { appendAuditEvent } from "#app/platform/audit.server";
import { auditActorOf, nowOf, type ServiceContext } from "#app/platform/context.server";
import { AppError, AppErrorCode } from "#app/utils/errors";
import { ensureBook, lastNumberIn, numberSymbolFor, proposalFor } from "./numbering.server";
import { OUTGOING_ENTITY, decide, loadVisible } from "./visibility.server";
import { CommonMessages } from "#app/messages/common";
import { OutgoingMessages } from "#app/messages/outgoing";

/**
 * Secret documents (Decree 30 Art. 15 k.2, 16 k.3, 18 k.2 defer to the secrecy law): the clerk allocates
 * the next number in the organisation's SECRET outgoing book for the year, formats the number/symbol
 * and date as usual and registers it — no PDF, no organisation signature, no electronic delivery (the
 * paper original is stamped and sent by hand/post). One IMMEDIATE transaction: the number is max+1 of
 * the book and the unique index (organisation, book, year, number) refuses any duplicate.
 */
export function issueSecretOutgoingDocument(
  ctx: ServiceContext,
  options: { documentId: number; copies?: number | null; version?: number },
): { number: number; numberSymbol: string; issuedDate: string; bookId: number } {
  const now = nowOf(ctx);
  return writeTransaction(ctx.db, (tx) => {
    const doc = loadVisible(tx, ctx.actor, options.documentId);
    decide(doc, "issue_paper", ctx.actor);
    if (options.version != null && doc.version !== options.version) throw new AppError(AppErrorCode.CONFLICT, CommonMessages.STALE_FORM("văn bản"));
    if (doc.fileId) throw new AppError(AppErrorCode.INVALID_STATE, SECRET_NO_CONTENT_MESSAGE);
    if (doc.signingMethod !== "paper" || doc.signedBy !== doc.signerId) {
      throw new AppError(AppErrorCode.INVALID_STATE, OutgoingMessages.SECRET_NOT_APPROVED);
    }
    const proposal = proposalFor(tx, doc, now);
    const bookId = ensureBook(tx, doc.organizationId, proposal.year, proposal.book, now);
    const number = nextNumber(lastNumberIn(tx, doc.organizationId, bookId, proposal.year));
    const numberSymbol = numberSymbolFor(tx, doc, number);
    tx.insert(outgoingRegisterEntries)
      .values({
        organizationId: doc.organizationId,
        bookId,
        year: proposal.year,
        number,
        numberSymbol,
        documentId: doc.id,
        issuedDate: proposal.issuedDate,
        fileId: null,
        createdBy: ctx.actor.id,
        createdAt: now,
      })
      .run();
    const recipients = tx.select({ id: outgoingRecipients.id }).from(outgoingRecipients).where(eq(outgoingRecipients.documentId, doc.id)).all();
    tx.update(outgoingDocuments)
      .set({
        status: "issued",
        bookId,
        number,
        numberSymbol,
        issuedDate: proposal.issuedDate,
        issuedAt: now,
        issuedBy: ctx.actor.id,
        copies: options.copies ?? recipients.length + 1,
        version: doc.version + 1,
        updatedAt: now,
      })
      .where(eq(outgoingDocuments.id, doc.id))
      .run();
    appendAuditEvent(tx, {
      at: now,
      ...auditActorOf(ctx),
      action: "outgoing.issue_paper",
      entityType: OUTGOING_ENTITY,
      entityId: doc.id,
      fromState: "signed",
      toState: "issued",
      detail: { number, numberSymbol, issuedDate: proposal.issuedDate, bookId, security: "secret", confidentiality: doc.confidentiality },
    });
    return { number, numberSymbol, issuedDate: proposal.issuedDate, bookId };
  });
}
