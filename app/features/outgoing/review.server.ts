// Review chain (trình, duyệt, trả lại): department lead for content, office for format (thể thức, ký nháy).
// Decree 30/2020 Art. 12–13.
import { and, eq } from "drizzle-orm";
import { outgoingRevisions } from "#db/schema/index";
import { isSecretConfidentiality, SECRET_NO_CONTENT_MESSAGE } from "#app/domain/outgoing/workflow";
import type { ServiceContext } from "#app/platform/context.server";
import { AppError, AppErrorCode } from "#app/utils/errors";
import { transition } from "./transition.server";
import { OutgoingMessages } from "#app/messages/outgoing";

export function submitOutgoingDocument(ctx: ServiceContext, options: { documentId: number; comment?: string | null; version?: number }) {
  return transition(ctx, { ...options, action: "submit" }, (tx, doc) => {
    if (isSecretConfidentiality(doc.confidentiality)) {
      if (doc.fileId) throw new AppError(AppErrorCode.INVALID_STATE, SECRET_NO_CONTENT_MESSAGE);
    } else if (!doc.fileId) throw new AppError(AppErrorCode.VALIDATION, OutgoingMessages.DRAFT_HAS_NO_PDF);
    return { lastComment: null };
  });
}

/** Department lead: content approved. Office lead: format (thể thức) checked, initial (ký nháy) recorded. */
export function approveOutgoingDocument(ctx: ServiceContext, options: { documentId: number; comment?: string | null; version?: number }) {
  return transition(ctx, { ...options, action: "approve" }, (_tx, doc, now) =>
    doc.status === "office_review" ? { officeInitialBy: ctx.actor.id, officeInitialAt: now } : {},
  );
}

/**
 * Any reviewer (or the intended signer) sends the draft back with a comment, kept on the revision. A signed
 * document that cannot be issued goes back too (the clerk or the signer): the leader-signed file stays in the
 * files table and the audit trail, the draft's own file becomes current again and the signature facts are
 * cleared, so the next signature is made on the draft, not on top of the refused one.
 */
export function returnOutgoingDocument(ctx: ServiceContext, options: { documentId: number; comment: string; version?: number }) {
  const comment = options.comment?.trim();
  if (!comment) throw new AppError(AppErrorCode.VALIDATION, OutgoingMessages.RETURN_COMMENT_REQUIRED, { comment: OutgoingMessages.RETURN_COMMENT_REQUIRED });
  return transition(ctx, { ...options, comment, action: "return" }, (tx, doc, now) => {
    tx.update(outgoingRevisions)
      .set({ returnComment: comment, returnedBy: ctx.actor.id, returnedAt: now })
      .where(and(eq(outgoingRevisions.documentId, doc.id), eq(outgoingRevisions.revision, doc.revision)))
      .run();
    const unsign =
      doc.status === "signed"
        ? { fileId: doc.draftFileId ?? doc.fileId, leaderSignedFileId: null, signedBy: null, signedAt: null, signingMethod: null, leaderCertificateName: null }
        : {};
    return { officeInitialBy: null, officeInitialAt: null, ...unsign };
  });
}
