// The competent person's signature (Decree 30/2020 Art. 13): digital for ordinary documents, recorded
// paper approval for secret ones.
import { eq } from "drizzle-orm";
import { writeTransaction } from "#db/client";
import { outgoingDocuments } from "#db/schema/index";
import { SECRET_NO_CONTENT_MESSAGE } from "#app/domain/outgoing/workflow";
import { appendAuditEvent } from "#app/platform/audit.server";
import { auditActorOf, nowOf, type ServiceContext } from "#app/platform/context.server";
import { applyLeaderSignature } from "#app/platform/signing/document-signing.server";
import { insertFileRow, writeBlob } from "#app/platform/files/files.server";
import { loadUserSigningMaterial } from "#app/platform/signing/credentials.server";
import { AppError, AppErrorCode } from "#app/utils/errors";
import { transition } from "./transition.server";
import { OUTGOING_ENTITY, decide, loadVisible, readFileBytes } from "./visibility.server";
import { CommonMessages } from "#app/messages/common";
import { OutgoingMessages } from "#app/messages/outgoing";
import { openLeaderSigner } from "#app/features/outgoing/device-signing.server";
import { outgoingMoved } from "#app/features/notifications/index";

/**
 * The intended signer signs with their PKCS#12 (passphrase typed now, never stored). The signed
 * revision is a new file; the transaction re-checks that nobody changed the document meanwhile.
 */
export async function signOutgoingDocument(ctx: ServiceContext, options: { documentId: number; passphrase: string }): Promise<{ fileId: number }> {
  const doc = loadVisible(ctx.db, ctx.actor, options.documentId);
  decide(doc, "sign", ctx.actor);
  if (!doc.fileId) throw new AppError(AppErrorCode.INVALID_STATE, OutgoingMessages.DOCUMENT_HAS_NO_PDF);
  const material = loadUserSigningMaterial(ctx, ctx.actor.id);
  const now = nowOf(ctx);
  // A PKCS#12 file or a server token (issue 13): the passphrase or PIN is checked there and never kept.
  const signer = await openLeaderSigner(ctx, { p12: material.p12, secret: options.passphrase, at: now });
  const base = readFileBytes(ctx, doc.fileId);
  const signed = await applyLeaderSignature(base, {
    signer,
    signerName: ctx.actor.fullName,
    signerTitle: doc.signerTitle,
    signatureImagePng: material.signatureImage,
    signingTime: now,
    placement: doc.signatureBlock ? (JSON.parse(doc.signatureBlock) as { page: number; rect: [number, number, number, number] }) : null,
  }).finally(() => signer.close());
  const blob = writeBlob(ctx.dataDir, signed);
  return writeTransaction(ctx.db, (tx) => {
    const fresh = loadVisible(tx, ctx.actor, doc.id);
    decide(fresh, "sign", ctx.actor);
    if (fresh.fileId !== doc.fileId || fresh.version !== doc.version) throw new AppError(AppErrorCode.CONFLICT, CommonMessages.STALE_FORM("văn bản"));
    const file = insertFileRow(tx, { blob, mimeType: "application/pdf", originalName: "van-ban-da-ky.pdf", createdBy: ctx.actor.id, at: now });
    tx.update(outgoingDocuments)
      .set({
        status: "signed",
        fileId: file.id,
        leaderSignedFileId: file.id,
        signedBy: ctx.actor.id,
        signedAt: now,
        signingMethod: "digital",
        leaderCertificateName: signer.commonName,
        version: fresh.version + 1,
        updatedAt: now,
      })
      .where(eq(outgoingDocuments.id, doc.id))
      .run();
    appendAuditEvent(tx, {
      at: now,
      ...auditActorOf(ctx),
      action: "outgoing.sign",
      entityType: OUTGOING_ENTITY,
      entityId: doc.id,
      fromState: "leader_review",
      toState: "signed",
      detail: { sha256: blob.sha256, certificate: signer.commonName },
    });
    outgoingMoved(tx, { ...fresh, isSecret: fresh.confidentiality !== "normal" }, "signed", now, auditActorOf(ctx).actorId);
    return { fileId: file.id };
  });
}

/**
 * Secret documents: the intended signer records "Duyệt ký (bản giấy)" — the paper original is signed
 * by hand outside the system. Same permission and assignee rules as the digital signature (the state
 * machine decides); no passphrase, no PDF. The status becomes `signed` (signing_method "paper"), so
 * the clerk's `Chờ cấp số` queue is unchanged.
 */
export function approveOutgoingOnPaper(ctx: ServiceContext, options: { documentId: number; comment?: string | null; version?: number }) {
  return transition(ctx, { ...options, action: "approve_paper" }, (_tx, doc, now) => {
    if (doc.fileId) throw new AppError(AppErrorCode.INVALID_STATE, SECRET_NO_CONTENT_MESSAGE);
    return { signedBy: ctx.actor.id, signedAt: now, signingMethod: "paper", leaderCertificateName: null };
  });
}
