// The documents a case file holds, read from the incoming and outgoing registers and from reform-plan tasks'
// evidence (minh chứng). Filing uses each feature's own visibility rule (the filer must see the document); the
// metadata of the filed documents is the Phụ lục VI input (number, symbol, date, issuer, summary, pages) that the
// file's dates, page count and export come from.
import { and, desc, eq, inArray, isNotNull, isNull, notInArray, sql } from "drizzle-orm";
import type { DbOrTx } from "#db/client";
import { caseFileDocuments, incomingDocuments, organizations, outgoingDocuments, type CaseFileDocumentKind } from "#db/schema/index";
import type { ServiceContext } from "#app/platform/context.server";
import { docTypeName, incomingDocumentsVisibleTo } from "#app/features/incoming/index";
import { outgoingDocumentsVisibleTo } from "#app/features/outgoing/index";
import { describeTaskEvidence, listEvidenceForFiling, loadEvidenceForFiling, type EvidenceRecord } from "#app/features/plans/index";
import { AppError, AppErrorCode } from "#app/utils/errors";
import { CommonMessages } from "#app/messages/common";
import { CaseFileMessages } from "#app/messages/casefiles";

export type FiledDocumentInfo = {
  kind: CaseFileDocumentKind;
  documentId: number;
  organizationId: number;
  numberSymbol: string;
  docTypeCode: string;
  typeName: string;
  /** Ngày, tháng, năm văn bản (ISO). */
  issuedDate: string | null;
  issuerName: string;
  summary: string;
  pageCount: number | null;
  signerName: string | null;
  signerTitle: string | null;
  /** The stored PDF as it was received or issued (signatures inside), when there is one; an evidence file as uploaded. */
  fileId: number | null;
  link: string;
  /** For task evidence: the task and plan it proves (exported with the document's metadata). */
  evidenceOf?: { TaskId: number; TaskTitle: string; PlanTitle: string };
};

export const EVIDENCE_TYPE_NAME = "Tài liệu kiểm chứng";

function evidenceInfo(e: EvidenceRecord, issuerName: string): FiledDocumentInfo {
  return {
    kind: "evidence",
    documentId: e.evidenceId,
    organizationId: e.organizationId ?? 0,
    numberSymbol: e.documentNumber ?? "",
    docTypeCode: "",
    typeName: EVIDENCE_TYPE_NAME,
    issuedDate: e.date,
    issuerName,
    summary: e.title,
    pageCount: null,
    signerName: null,
    signerTitle: null,
    fileId: e.fileId,
    link: `/tasks/${e.taskId}`,
    evidenceOf: { TaskId: e.taskId, TaskTitle: e.taskTitle, PlanTitle: e.planTitle },
  };
}

function incomingInfo(row: typeof incomingDocuments.$inferSelect): FiledDocumentInfo {
  return {
    kind: "incoming",
    documentId: row.id,
    organizationId: row.organizationId,
    numberSymbol: row.numberSymbol,
    docTypeCode: row.docTypeCode,
    typeName: docTypeName(row.docTypeCode),
    issuedDate: row.issuedDate,
    issuerName: row.issuerName,
    summary: row.summary,
    pageCount: row.pageCount,
    signerName: row.signerName,
    signerTitle: row.signerTitle,
    fileId: row.fileId,
    link: `/incoming/${row.id}`,
  };
}

function outgoingInfo(row: typeof outgoingDocuments.$inferSelect, issuerName: string): FiledDocumentInfo {
  return {
    kind: "outgoing",
    documentId: row.id,
    organizationId: row.organizationId,
    numberSymbol: row.numberSymbol ?? "",
    docTypeCode: row.docTypeCode,
    typeName: docTypeName(row.docTypeCode),
    issuedDate: row.issuedDate,
    issuerName,
    summary: row.summary,
    pageCount: row.pageCount,
    signerName: null,
    signerTitle: row.signerTitle,
    fileId: row.issuedFileId ?? row.fileId ?? null,
    link: `/outgoing/${row.id}`,
  };
}

/**
 * A document the actor may file: visible to them, in their organisation, registered (incoming) or issued
 * (outgoing), not secret (a secret document's content is never on this system; its register is kept on paper).
 */
export function loadFileableDocument(tx: DbOrTx, ctx: ServiceContext, kind: CaseFileDocumentKind, documentId: number): FiledDocumentInfo {
  const actor = ctx.actor;
  if (kind === "evidence") {
    // Task evidence: the plans feature decides who may file it (sees the task, their organisation attached it).
    const evidence = loadEvidenceForFiling(ctx, documentId);
    if (evidence.kind === "register_document") throw new AppError(AppErrorCode.INVALID_STATE, CaseFileMessages.EVIDENCE_NOT_FILEABLE);
    return evidenceInfo(evidence, organizationName(tx, evidence.organizationId ?? 0));
  }
  const notFound = () => new AppError(AppErrorCode.NOT_FOUND, CommonMessages.NOT_FOUND(kind === "incoming" ? "văn bản đến" : "văn bản đi"));
  if (!Number.isInteger(documentId) || documentId <= 0) throw notFound();
  if (kind === "incoming") {
    const row = tx
      .select()
      .from(incomingDocuments)
      .where(and(eq(incomingDocuments.id, documentId), incomingDocumentsVisibleTo(actor)))
      .get();
    if (!row) throw notFound();
    if (row.isSecret) throw new AppError(AppErrorCode.INVALID_STATE, CaseFileMessages.DOCUMENT_SECRET);
    if (row.arrivalNumber === null || row.status === "received" || row.status === "returned" || row.recalledAt) {
      throw new AppError(AppErrorCode.INVALID_STATE, CaseFileMessages.DOCUMENT_NOT_FILEABLE);
    }
    return incomingInfo(row);
  }
  const row = tx
    .select()
    .from(outgoingDocuments)
    .where(and(eq(outgoingDocuments.id, documentId), outgoingDocumentsVisibleTo(actor)))
    .get();
  if (!row) throw notFound();
  if (row.confidentiality !== "normal") throw new AppError(AppErrorCode.INVALID_STATE, CaseFileMessages.DOCUMENT_SECRET);
  if (row.status !== "issued") throw new AppError(AppErrorCode.INVALID_STATE, CaseFileMessages.DOCUMENT_NOT_FILEABLE);
  return outgoingInfo(row, organizationName(tx, row.organizationId));
}

function organizationName(tx: DbOrTx, id: number): string {
  return tx.select({ name: organizations.name }).from(organizations).where(eq(organizations.id, id)).get()?.name ?? "";
}

/** The metadata of filed documents (no visibility filter: the file's readers see its table of contents). */
export function describeFiledDocuments(tx: DbOrTx, refs: Array<{ kind: CaseFileDocumentKind; documentId: number }>): Map<string, FiledDocumentInfo> {
  const out = new Map<string, FiledDocumentInfo>();
  const incomingIds = refs.filter((r) => r.kind === "incoming").map((r) => r.documentId);
  const outgoingIds = refs.filter((r) => r.kind === "outgoing").map((r) => r.documentId);
  if (incomingIds.length) {
    for (const row of tx.select().from(incomingDocuments).where(inArray(incomingDocuments.id, incomingIds)).all())
      out.set(`incoming:${row.id}`, incomingInfo(row));
  }
  if (outgoingIds.length) {
    const names = new Map<number, string>();
    for (const row of tx.select().from(outgoingDocuments).where(inArray(outgoingDocuments.id, outgoingIds)).all()) {
      if (!names.has(row.organizationId)) names.set(row.organizationId, organizationName(tx, row.organizationId));
      out.set(`outgoing:${row.id}`, outgoingInfo(row, names.get(row.organizationId) ?? ""));
    }
  }
  const evidenceIds = refs.filter((r) => r.kind === "evidence").map((r) => r.documentId);
  for (const e of describeTaskEvidence(tx, evidenceIds).values())
    out.set(`evidence:${e.evidenceId}`, evidenceInfo(e, organizationName(tx, e.organizationId ?? 0)));
  return out;
}

export const refKey = (kind: CaseFileDocumentKind, documentId: number) => `${kind}:${documentId}`;

/**
 * Documents the actor may file into a given file, newest first (the bulk form of the file page): registered
 * incoming and issued outgoing documents they see, not secret, not already in the file.
 */
export function listFileableDocuments(ctx: ServiceContext, options: { caseFileId: number; limit?: number }): FiledDocumentInfo[] {
  const tx = ctx.db;
  const actor = ctx.actor;
  const limit = options.limit ?? 30;
  const inFile = (kind: CaseFileDocumentKind, idColumn: typeof incomingDocuments.id | typeof outgoingDocuments.id) =>
    sql`not exists (select 1 from case_file_documents c where c.case_file_id = ${options.caseFileId} and c.kind = ${kind} and c.document_id = ${idColumn})`;
  const incoming = tx
    .select()
    .from(incomingDocuments)
    .where(
      and(
        incomingDocumentsVisibleTo(actor),
        eq(incomingDocuments.isSecret, false),
        isNotNull(incomingDocuments.arrivalNumber),
        notInArray(incomingDocuments.status, ["received", "returned"]),
        isNull(incomingDocuments.recalledAt),
        inFile("incoming", incomingDocuments.id),
      ),
    )
    .orderBy(desc(incomingDocuments.id))
    .limit(limit)
    .all()
    .map(incomingInfo);
  const name = organizationName(tx, actor.organizationId);
  const outgoing = tx
    .select()
    .from(outgoingDocuments)
    .where(
      and(
        outgoingDocumentsVisibleTo(actor),
        eq(outgoingDocuments.status, "issued"),
        eq(outgoingDocuments.confidentiality, "normal"),
        inFile("outgoing", outgoingDocuments.id),
      ),
    )
    .orderBy(desc(outgoingDocuments.id))
    .limit(limit)
    .all()
    .map((row) => outgoingInfo(row, name));
  return [...incoming, ...outgoing].sort((a, b) => (b.issuedDate ?? "").localeCompare(a.issuedDate ?? "")).slice(0, limit);
}

/** Task evidence the actor may file into a given file (the file page's second list), newest first. */
export function listFileableEvidence(ctx: ServiceContext, options: { caseFileId: number; limit?: number }): FiledDocumentInfo[] {
  const filed = ctx.db
    .select({ id: caseFileDocuments.documentId })
    .from(caseFileDocuments)
    .where(and(eq(caseFileDocuments.caseFileId, options.caseFileId), eq(caseFileDocuments.kind, "evidence")))
    .all();
  const name = organizationName(ctx.db, ctx.actor.organizationId);
  return listEvidenceForFiling(ctx, { exclude: new Set(filed.map((r) => r.id)), limit: options.limit }).map((e) => evidenceInfo(e, name));
}
