// Draft revisions: the metadata snapshot kept with each revision and the compare view.
import { joinListItems } from "#app/domain/shared/text";
import { and, eq, inArray } from "drizzle-orm";
import { outgoingRevisions, type OutgoingDocument } from "#db/schema/index";
import { findDocumentTypeByCode } from "#app/domain/shared/document-types";
import { CONFIDENTIALITY_LABELS, URGENCY_LABELS } from "#app/domain/outgoing/workflow";
import type { ServiceContext } from "#app/platform/context.server";
import { getFileRow } from "#app/platform/files/files.server";
import { AppError, AppErrorCode } from "#app/utils/errors";
import { loadVisible } from "./visibility.server";
import { SNAPSHOT_FIELD_LABELS } from "#app/domain/outgoing/labels";
import { CommonMessages } from "#app/messages/common";

/** The metadata snapshot kept with every revision (what the compare view diffs). */
export function snapshotOf(
  doc: Pick<
    OutgoingDocument,
    | "docTypeCode"
    | "summary"
    | "signerId"
    | "signingAuthority"
    | "signerTitle"
    | "urgency"
    | "confidentiality"
    | "distributionList"
    | "archiveLine"
    | "composeInput"
  >,
  recipients: Array<{ name: string }>,
  signerName: string,
) {
  const compose = doc.composeInput ? (JSON.parse(doc.composeInput) as { body?: string; recipientsHeading?: string[] }) : {};
  return {
    docType: findDocumentTypeByCode(doc.docTypeCode)?.name ?? doc.docTypeCode,
    summary: doc.summary,
    signer: signerName,
    signingAuthority: doc.signingAuthority ?? "",
    signerTitle: doc.signerTitle,
    urgency: URGENCY_LABELS[doc.urgency],
    confidentiality: CONFIDENTIALITY_LABELS[doc.confidentiality],
    recipients: joinListItems(recipients.map((r) => r.name)),
    distributionList: joinListItems(JSON.parse(doc.distributionList) as string[]),
    archiveLine: doc.archiveLine ?? "",
    recipientsHeading: (compose.recipientsHeading ?? []).join("; "),
    body: compose.body ?? "",
  };
}
export type RevisionSnapshot = ReturnType<typeof snapshotOf>;

export const SNAPSHOT_LABELS: Record<keyof RevisionSnapshot, string> = SNAPSHOT_FIELD_LABELS;

export type RevisionComparison = {
  from: { revision: number; fileId: number | null; returnComment: string | null };
  to: { revision: number; fileId: number | null; returnComment: string | null };
  changes: Array<{ field: string; label: string; before: string; after: string }>;
  fileChanged: boolean;
};

export function compareOutgoingRevisions(ctx: ServiceContext, options: { documentId: number; from: number; to: number }): RevisionComparison {
  const doc = loadVisible(ctx.db, ctx.actor, options.documentId);
  const rows = ctx.db
    .select()
    .from(outgoingRevisions)
    .where(and(eq(outgoingRevisions.documentId, doc.id), inArray(outgoingRevisions.revision, [options.from, options.to])))
    .all();
  const a = rows.find((r) => r.revision === options.from);
  const b = rows.find((r) => r.revision === options.to);
  if (!a || !b) throw new AppError(AppErrorCode.NOT_FOUND, CommonMessages.NOT_FOUND("phiên bản"));
  const before = JSON.parse(a.metadata) as Record<string, string>;
  const after = JSON.parse(b.metadata) as Record<string, string>;
  const changes = (Object.keys(SNAPSHOT_LABELS) as Array<keyof RevisionSnapshot>)
    .filter((k) => (before[k] ?? "") !== (after[k] ?? ""))
    .map((k) => ({ field: k, label: SNAPSHOT_LABELS[k], before: before[k] ?? "", after: after[k] ?? "" }));
  return {
    from: { revision: a.revision, fileId: a.fileId, returnComment: a.returnComment },
    to: { revision: b.revision, fileId: b.fileId, returnComment: b.returnComment },
    changes,
    // Rows are per upload, so the same bytes stored twice have two ids: compare the content.
    fileChanged: (a.fileId ? getFileRow(ctx.db, a.fileId)?.sha256 : null) !== (b.fileId ? getFileRow(ctx.db, b.fileId)?.sha256 : null),
  };
}
