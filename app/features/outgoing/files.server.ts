// The document's files (resource routes) and the package for recipients outside the system.
import { and, eq } from "drizzle-orm";
import { outgoingAttachments, outgoingRevisions } from "#db/schema/index";
import type { ServiceContext } from "#app/platform/context.server";
import { getFileRow, readStoredFile } from "#app/platform/files/files.server";
import { AppError, AppErrorCode } from "#app/utils/errors";
import { getOutgoingDocument } from "./queries.server";
import { loadVisible, organizationOf } from "./visibility.server";
import { CommonMessages } from "#app/messages/common";
import { OutgoingMessages } from "#app/messages/outgoing";

export type OutgoingFileKind = "current" | "draft" | "signed" | "issued" | "revision" | "attachment";

/** Bytes of one of the document's files, after the visibility check (resource routes). */
export function readOutgoingFile(
  ctx: ServiceContext,
  options: { documentId: number; kind: OutgoingFileKind; n?: number },
): { bytes: Buffer; mimeType: string; name: string } {
  const doc = loadVisible(ctx.db, ctx.actor, options.documentId);
  let fileId: number | null | undefined;
  let name = `van-ban-${doc.id}.pdf`;
  switch (options.kind) {
    case "current":
      fileId = doc.fileId;
      if (doc.numberSymbol) name = `${doc.numberSymbol.replace(/\//g, "-")}.pdf`;
      break;
    case "draft":
      fileId = doc.draftFileId;
      break;
    case "signed":
      fileId = doc.leaderSignedFileId;
      break;
    case "issued":
      fileId = doc.issuedFileId;
      if (doc.numberSymbol) name = `${doc.numberSymbol.replace(/\//g, "-")}.pdf`;
      break;
    case "revision": {
      const rev = ctx.db
        .select()
        .from(outgoingRevisions)
        .where(and(eq(outgoingRevisions.documentId, doc.id), eq(outgoingRevisions.revision, options.n ?? 0)))
        .get();
      fileId = rev?.fileId;
      name = `du-thao-${doc.id}-lan-${options.n}.pdf`;
      break;
    }
    case "attachment": {
      const att = ctx.db
        .select()
        .from(outgoingAttachments)
        .where(and(eq(outgoingAttachments.documentId, doc.id), eq(outgoingAttachments.id, options.n ?? 0)))
        .get();
      fileId = att?.issuedFileId ?? att?.fileId;
      name = att?.name ?? name;
      break;
    }
  }
  const row = fileId ? getFileRow(ctx.db, fileId) : undefined;
  if (!row) throw new AppError(AppErrorCode.NOT_FOUND, CommonMessages.NOT_FOUND("tệp"));
  return { bytes: readStoredFile(ctx.dataDir, row), mimeType: row.mimeType, name };
}

/** Metadata for postal/e-mail sending to external recipients (Phụ lục VI fields), next to the signed PDF. */
export function buildExternalPackageMetadata(ctx: ServiceContext, documentId: number) {
  const detail = getOutgoingDocument(ctx, documentId);
  const d = detail.document;
  if (d.status !== "issued" && d.status !== "recalled") throw new AppError(AppErrorCode.INVALID_STATE, OutgoingMessages.NOT_ISSUED);
  if (detail.isSecret) throw new AppError(AppErrorCode.INVALID_STATE, OutgoingMessages.SECRET_NO_PACKAGE);
  const org = organizationOf(ctx.db, d.organizationId);
  return {
    OrganId: org.identifier,
    OrganName: org.name,
    TypeName: d.docTypeName,
    CodeNumber: d.number != null ? String(d.number).padStart(2, "0") : null,
    CodeNotation: d.numberSymbol?.split("/").slice(1).join("/") ?? null,
    NumberSymbol: d.numberSymbol,
    IssuedDate: d.issuedDate,
    Subject: d.summary,
    PageAmount: d.pageCount,
    SignerInfo: { Competence: d.signingAuthority, Position: d.signerTitle, FullName: detail.signedByName ?? detail.signerName },
    To: detail.recipients.map((r) => ({ OrganId: r.identifier, OrganName: r.name, Address: r.address, Kind: r.kind })),
    Priority: d.urgency,
    IssuedAmount: d.copies,
    Status: d.status,
    RecallReason: d.recallReason,
    File: detail.document.numberSymbol ? `${detail.document.numberSymbol.replace(/\//g, "-")}.pdf` : null,
  };
}
