// Drafting (soạn thảo): create and revise a draft, each in one transaction with its audit row, and the
// draft form's options and defaults. Decree 30/2020 Art. 10–11; DESIGN.md §4.
import { and, eq, sql } from "drizzle-orm";
import { writeTransaction, type DbOrTx } from "#db/client";
import { outgoingAttachments, outgoingDocuments, outgoingRecipients, outgoingRevisions, type OutgoingDocument } from "#db/schema/index";
import { DOCUMENT_TYPES } from "#app/domain/shared/document-types";
import { isSecretConfidentiality } from "#app/domain/outgoing/workflow";
import { appendAuditEvent } from "#app/platform/audit.server";
import { auditActorOf, nowOf, type ServiceContext } from "#app/platform/context.server";
import { insertFileRow } from "#app/platform/files/files.server";
import { AppError, AppErrorCode } from "#app/utils/errors";
import { type OutgoingDraftInput, listRecipientOrganizations, listSignerCandidates, prepareDraft, writeDraftFiles } from "./draft-input.server";
import { snapshotOf } from "./revisions.server";
import { OUTGOING_ENTITY, decide, loadVisible } from "./visibility.server";
import { CommonMessages } from "#app/messages/common";
import { OutgoingMessages } from "#app/messages/outgoing";

/** Creates a draft (status draft, revision 1). The drafting unit is the actor's unit. */
export async function createOutgoingDraft(ctx: ServiceContext, input: OutgoingDraftInput): Promise<{ id: number }> {
  if (!ctx.actor.permissions.includes("draft:outgoing")) throw new AppError(AppErrorCode.FORBIDDEN, CommonMessages.FORBIDDEN);
  const prepared = await prepareDraft(ctx, input, ctx.actor.unitId);
  const written = writeDraftFiles(ctx, prepared, input.attachments, input.uploadedPdf?.name);
  const now = nowOf(ctx);
  return writeTransaction(ctx.db, (tx) => {
    if (input.replacesDocumentId) {
      const replaced = tx
        .select()
        .from(outgoingDocuments)
        .where(and(eq(outgoingDocuments.id, input.replacesDocumentId), eq(outgoingDocuments.organizationId, ctx.actor.organizationId)))
        .get();
      if (!replaced) throw new AppError(AppErrorCode.NOT_FOUND, CommonMessages.NOT_FOUND("văn bản được thay thế"));
      if (replaced.status !== "issued" && replaced.status !== "recalled") throw new AppError(AppErrorCode.INVALID_STATE, OutgoingMessages.REPLACE_ONLY_ISSUED);
    }
    const mainFile = written.main
      ? insertFileRow(tx, { blob: written.main.blob, mimeType: "application/pdf", originalName: written.main.name, createdBy: ctx.actor.id, at: now })
      : null;
    const doc = tx
      .insert(outgoingDocuments)
      .values({
        organizationId: ctx.actor.organizationId,
        draftingUnitId: ctx.actor.unitId,
        createdBy: ctx.actor.id,
        docTypeCode: prepared.docType.code,
        summary: input.summary.trim(),
        signerId: prepared.signer.id,
        signingAuthority: input.signingAuthority,
        authorityLine: input.authorityLine?.trim() || null,
        signerTitle: prepared.signerTitle,
        urgency: input.urgency,
        confidentiality: input.confidentiality,
        status: "draft",
        source: isSecretConfidentiality(input.confidentiality) ? "paper" : input.source,
        composeInput: prepared.composeInput,
        distributionList: JSON.stringify(prepared.distributionList),
        archiveLine: prepared.archiveLine,
        fileId: mainFile?.id ?? null,
        draftFileId: mainFile?.id ?? null,
        pageCount: prepared.pdf?.pageCount ?? null,
        signatureBlock: prepared.pdf?.signatureBlock ? JSON.stringify(prepared.pdf.signatureBlock) : null,
        revision: 1,
        replacesDocumentId: input.replacesDocumentId ?? null,
        createdAt: now,
        updatedAt: now,
      })
      .returning()
      .get();
    for (const r of prepared.recipients)
      tx.insert(outgoingRecipients)
        .values({ documentId: doc.id, ...r })
        .run();
    for (const a of written.attachments) {
      const file = insertFileRow(tx, { blob: a.blob, mimeType: a.type, originalName: a.name, createdBy: ctx.actor.id, at: now });
      tx.insert(outgoingAttachments).values({ documentId: doc.id, fileId: file.id, name: a.name, createdAt: now }).run();
    }
    tx.insert(outgoingRevisions)
      .values({
        documentId: doc.id,
        revision: 1,
        metadata: JSON.stringify(snapshotOf(doc, prepared.recipients, prepared.signer.fullName)),
        fileId: mainFile?.id ?? null,
        createdBy: ctx.actor.id,
        createdAt: now,
      })
      .run();
    appendAuditEvent(tx, {
      at: now,
      ...auditActorOf(ctx),
      action: "outgoing.create",
      entityType: OUTGOING_ENTITY,
      entityId: doc.id,
      toState: "draft",
      detail: {
        docType: prepared.docType.code,
        source: isSecretConfidentiality(input.confidentiality) ? "paper" : input.source,
        confidentiality: input.confidentiality,
        replaces: input.replacesDocumentId ?? null,
      },
    });
    return { id: doc.id };
  });
}

/** Revises a draft (after a return, or before submitting): a new revision with its snapshot and file. */
export async function updateOutgoingDraft(
  ctx: ServiceContext,
  input: OutgoingDraftInput & { documentId: number; version: number },
): Promise<{ revision: number }> {
  const current = loadVisible(ctx.db, ctx.actor, input.documentId);
  decide(current, "edit", ctx.actor);
  const secret = isSecretConfidentiality(input.confidentiality);
  if (secret) assertNoStoredContent(ctx.db, current);
  const keepFile = !secret && input.source === "uploaded" && !input.uploadedPdf && current.source === "uploaded";
  const prepared = await prepareDraft(ctx, input, current.draftingUnitId, keepFile);
  const written = writeDraftFiles(ctx, prepared, input.attachments, input.uploadedPdf?.name);
  const now = nowOf(ctx);
  return writeTransaction(ctx.db, (tx) => {
    const doc = loadVisible(tx, ctx.actor, input.documentId);
    decide(doc, "edit", ctx.actor);
    if (doc.version !== input.version) throw new AppError(AppErrorCode.CONFLICT, CommonMessages.STALE_FORM("văn bản"));
    if (secret) assertNoStoredContent(tx, doc);
    const mainFile = written.main
      ? insertFileRow(tx, { blob: written.main.blob, mimeType: "application/pdf", originalName: written.main.name, createdBy: ctx.actor.id, at: now })
      : null;
    const revision = doc.revision + 1;
    const updated = tx
      .update(outgoingDocuments)
      .set({
        docTypeCode: prepared.docType.code,
        summary: input.summary.trim(),
        signerId: prepared.signer.id,
        signingAuthority: input.signingAuthority,
        authorityLine: input.authorityLine?.trim() || null,
        signerTitle: prepared.signerTitle,
        urgency: input.urgency,
        confidentiality: input.confidentiality,
        source: secret ? "paper" : keepFile ? doc.source : input.source,
        composeInput: keepFile ? doc.composeInput : prepared.composeInput,
        distributionList: JSON.stringify(prepared.distributionList),
        archiveLine: prepared.archiveLine,
        fileId: mainFile?.id ?? doc.fileId,
        draftFileId: mainFile?.id ?? doc.draftFileId,
        pageCount: prepared.pdf?.pageCount ?? doc.pageCount,
        signatureBlock: prepared.pdf ? (prepared.pdf.signatureBlock ? JSON.stringify(prepared.pdf.signatureBlock) : null) : doc.signatureBlock,
        revision,
        version: doc.version + 1,
        updatedAt: now,
      })
      .where(eq(outgoingDocuments.id, doc.id))
      .returning()
      .get();
    tx.delete(outgoingRecipients).where(eq(outgoingRecipients.documentId, doc.id)).run();
    for (const r of prepared.recipients)
      tx.insert(outgoingRecipients)
        .values({ documentId: doc.id, ...r })
        .run();
    for (const a of written.attachments) {
      const file = insertFileRow(tx, { blob: a.blob, mimeType: a.type, originalName: a.name, createdBy: ctx.actor.id, at: now });
      tx.insert(outgoingAttachments).values({ documentId: doc.id, fileId: file.id, name: a.name, createdAt: now }).run();
    }
    tx.insert(outgoingRevisions)
      .values({
        documentId: doc.id,
        revision,
        metadata: JSON.stringify(snapshotOf(updated, prepared.recipients, prepared.signer.fullName)),
        fileId: updated.fileId,
        createdBy: ctx.actor.id,
        createdAt: now,
      })
      .run();
    appendAuditEvent(tx, {
      at: now,
      ...auditActorOf(ctx),
      action: "outgoing.revise",
      entityType: OUTGOING_ENTITY,
      entityId: doc.id,
      fromState: "draft",
      toState: "draft",
      detail: {
        revision,
        ...(doc.confidentiality !== input.confidentiality ? { confidentiality: { from: doc.confidentiality, to: input.confidentiality } } : {}),
      },
    });
    return { revision };
  });
}

/**
 * A draft becomes (or stays) secret only if it never stored content: switching a draft that already
 * has a PDF or attachments to Mật is refused (dropping them silently would still leave the earlier
 * revisions' files on the system).
 */
function assertNoStoredContent(db: DbOrTx, doc: OutgoingDocument): void {
  const hasAttachment = !!db.select({ id: outgoingAttachments.id }).from(outgoingAttachments).where(eq(outgoingAttachments.documentId, doc.id)).limit(1).get();
  const hasRevisionFile = !!db
    .select({ id: outgoingRevisions.id })
    .from(outgoingRevisions)
    .where(and(eq(outgoingRevisions.documentId, doc.id), sql`${outgoingRevisions.fileId} is not null`))
    .limit(1)
    .get();
  if (doc.fileId || doc.draftFileId || hasAttachment || hasRevisionFile) {
    const message = OutgoingMessages.SECRET_HAS_CONTENT;
    throw new AppError(AppErrorCode.VALIDATION, message, { confidentiality: message });
  }
}

export function getDraftFormOptions(ctx: ServiceContext) {
  if (!ctx.actor.permissions.includes("draft:outgoing")) throw new AppError(AppErrorCode.NOT_FOUND, CommonMessages.NOT_FOUND());
  return {
    docTypes: DOCUMENT_TYPES.map((t) => ({ code: t.code, name: t.name, abbreviation: t.abbreviation })),
    signers: listSignerCandidates(ctx),
    organizations: listRecipientOrganizations(ctx),
  };
}

/** The current values of a draft, for the edit form (only its drafter, only in draft). */
export function getDraftFormDefaults(ctx: ServiceContext, documentId: number) {
  const doc = loadVisible(ctx.db, ctx.actor, documentId);
  decide(doc, "edit", ctx.actor);
  const recipients = ctx.db.select().from(outgoingRecipients).where(eq(outgoingRecipients.documentId, doc.id)).all();
  const compose = doc.composeInput ? (JSON.parse(doc.composeInput) as { body?: string; recipientsHeading?: string[] }) : {};
  return {
    source: doc.source,
    docTypeCode: doc.docTypeCode,
    summary: doc.summary,
    recipientsHeading: (compose.recipientsHeading ?? []).join("\n"),
    body: compose.body ?? "",
    signerId: String(doc.signerId),
    signingAuthority: doc.signingAuthority ?? "",
    authorityLine: doc.authorityLine ?? "",
    signerTitle: doc.signerTitle,
    urgency: doc.urgency,
    confidentiality: doc.confidentiality,
    internalRecipientIds: recipients.filter((r) => r.kind === "internal").map((r) => r.recipientOrganizationId!),
    externalRecipients: recipients
      .filter((r) => r.kind === "external")
      .map((r) => (r.address ? `${r.name}; ${r.address}` : r.name))
      .join("\n"),
    distributionList: (JSON.parse(doc.distributionList) as string[]).join("\n"),
    archiveLine: doc.archiveLine ?? "",
    version: doc.version,
    lastComment: doc.lastComment,
    revision: doc.revision,
  };
}
