// Reading case files: the year's list (/case-files), one file with its documents and trail, and the files a
// document sits in or may be added to (the incoming and outgoing document pages).
import { and, asc, desc, eq, sql, type SQL } from "drizzle-orm";
import {
  caseFileDestructions,
  caseFileDocuments,
  caseFiles,
  organizations,
  users,
  type CaseFileAccess,
  type CaseFileDocumentKind,
  type CaseFileStatus,
} from "#db/schema/index";
import {
  availableCaseFileActions,
  canEditRetention,
  CASE_FILE_STATUS_LABELS,
  formatDocumentCode,
  formatRetention,
  handoverDueDate,
  isDueForRetentionReview,
  retentionReviewDate,
  type CaseFileAction,
} from "#app/domain/casefiles/casefiles";
import { preparedOnce } from "#db/client";
import { ACTOR_PLACEHOLDERS, actorParams } from "#app/platform/auth/actor.server";
import { toVietnamDate } from "#app/domain/shared/dates";
import { listEntityTrail, type TrailEntry } from "#app/platform/audit.server";
import { nowOf, type ServiceContext } from "#app/platform/context.server";
import {
  CASE_FILE_ENTITY,
  caseFileVisibilityShape,
  caseFilesVisibleTo,
  findVisibleCaseFile,
  isArchivist,
  mayChangeCaseFile,
  mayExportCaseFile,
  readsCaseFiles,
  requireYear,
} from "./access.server";
import { describeFiledDocuments, listFileableDocuments, listFileableEvidence, refKey, type FiledDocumentInfo } from "./documents.server";
import { filedDocumentRows } from "./files.server";

export type CaseFileListItem = {
  id: number;
  year: number;
  fileCode: string;
  fileNotation: string;
  title: string;
  adHoc: boolean;
  status: CaseFileStatus;
  statusLabel: string;
  retentionText: string;
  startDate: string | null;
  endDate: string | null;
  documentCount: number;
  pageCount: number;
  creatorName: string;
  unitName: string;
  closedOn: string | null;
  /** Nộp lưu due (closed files only). */
  handoverDue: string | null;
  /** From when the file may be reviewed for destruction (null: permanent). */
  reviewDate: string | null;
};

function itemOf(row: typeof caseFiles.$inferSelect, creatorName: string, unitName: string): CaseFileListItem {
  const closedOn = row.closedAt ? toVietnamDate(row.closedAt) : null;
  return {
    id: row.id,
    year: row.year,
    fileCode: row.fileCode,
    fileNotation: row.fileNotation,
    title: row.title,
    adHoc: row.adHoc,
    status: row.status,
    statusLabel: CASE_FILE_STATUS_LABELS[row.status],
    retentionText: formatRetention(row),
    startDate: row.startDate,
    endDate: row.endDate,
    documentCount: row.documentCount,
    pageCount: row.pageCount,
    creatorName,
    unitName,
    closedOn,
    handoverDue: row.status === "closed" && closedOn ? handoverDueDate(closedOn) : null,
    reviewDate: retentionReviewDate(row),
  };
}

/** The list items of the files the actor sees that match `where`, in code order. */
export function selectCaseFileItems(ctx: ServiceContext, where: SQL | undefined): CaseFileListItem[] {
  const unit = sql<string>`(select name from organizations o where o.id = ${caseFiles.unitId})`;
  return ctx.db
    .select({ file: caseFiles, creatorName: users.fullName, unitName: unit })
    .from(caseFiles)
    .innerJoin(users, eq(users.id, caseFiles.creatorId))
    .where(and(caseFilesVisibleTo(ctx.actor), where))
    .orderBy(asc(caseFiles.fileNotation), asc(caseFiles.id))
    .all()
    .map((r) => itemOf(r.file, r.creatorName, r.unitName ?? ""));
}

export function listCaseFiles(ctx: ServiceContext, options: { year: number; status?: CaseFileStatus }): CaseFileListItem[] {
  const year = requireYear(options.year);
  if (!readsCaseFiles(ctx.actor)) return [];
  return selectCaseFileItems(ctx, and(eq(caseFiles.year, year), options.status ? eq(caseFiles.status, options.status) : undefined));
}

export type CaseFileDocumentView = FiledDocumentInfo & { order: number; documentCode: string; addedAt: Date };

export type CaseFileDetail = CaseFileListItem & {
  version: number;
  creatorId: number;
  access: CaseFileAccess;
  language: string;
  note: string;
  organizationName: string;
  retentionYears: number | null;
  retentionPermanent: boolean;
  handoverId: number | null;
  /** The recorded destruction decision of a destroyed file. */
  destruction: DestructionView | null;
  documents: CaseFileDocumentView[];
  trail: TrailEntry[];
  /** What the actor may do now (the services re-check). */
  actions: CaseFileAction[];
  /** The actor may download the archive package (readers of a closed, handed-over or destroyed file). */
  canExport: boolean;
  /** The actor may correct the retention (an open ad hoc file they may change). */
  canEditRetention: boolean;
  /** An archivist, and the file is due for the retention review today. */
  isDueForReview: boolean;
};

export type DestructionView = {
  id: number;
  decisionNumber: string;
  decisionDate: string;
  signerName: string;
  basis: string;
  reason: string;
  recordedByName: string;
  at: Date;
};

export function getCaseFile(ctx: ServiceContext, options: { id: number }): CaseFileDetail {
  const db = ctx.db;
  const file = findVisibleCaseFile(db, ctx.actor, options.id);
  const creator = db.select({ name: users.fullName }).from(users).where(eq(users.id, file.creatorId)).get()?.name ?? "";
  const unitName = db.select({ name: organizations.name }).from(organizations).where(eq(organizations.id, file.unitId)).get()?.name ?? "";
  const organizationName = db.select({ name: organizations.name }).from(organizations).where(eq(organizations.id, file.organizationId)).get()?.name ?? "";
  const rows = filedDocumentRows(db, file.id);
  const info = describeFiledDocuments(db, rows);
  const documents = rows.flatMap((r) => {
    const d = info.get(refKey(r.kind, r.documentId));
    return d ? [{ ...d, order: r.ordinal, documentCode: formatDocumentCode(file.fileCode, r.ordinal), addedAt: r.addedAt }] : [];
  });
  const mayChange = mayChangeCaseFile(ctx.actor, file);
  const actions = mayChange
    ? availableCaseFileActions(file.status)
        .filter((a) => (a === "hand_over" || a === "destroy" ? isArchivist(ctx.actor) : true))
        .filter((a) => a !== "destroy")
    : [];
  return {
    ...itemOf(file, creator, unitName),
    version: file.version,
    creatorId: file.creatorId,
    access: file.access,
    language: file.language,
    note: file.note,
    organizationName,
    retentionYears: file.retentionYears,
    retentionPermanent: file.retentionPermanent,
    handoverId: file.handoverId,
    destruction: file.destructionId ? destructionOf(ctx, file.destructionId) : null,
    documents,
    trail: listEntityTrail(db, CASE_FILE_ENTITY, file.id),
    actions,
    canExport: mayExportCaseFile(file),
    canEditRetention: actions.includes("edit") && canEditRetention(file),
    isDueForReview: isArchivist(ctx.actor) && isDueForRetentionReview(file, toVietnamDate(nowOf(ctx))),
  };
}

function destructionOf(ctx: ServiceContext, id: number): DestructionView | null {
  const row = ctx.db
    .select({ d: caseFileDestructions, recordedByName: users.fullName })
    .from(caseFileDestructions)
    .innerJoin(users, eq(users.id, caseFileDestructions.decidedBy))
    .where(eq(caseFileDestructions.id, id))
    .get();
  if (!row) return null;
  const { d } = row;
  return {
    id: d.id,
    decisionNumber: d.decisionNumber,
    decisionDate: d.decisionDate,
    signerName: d.signerName,
    basis: d.basis,
    reason: d.reason,
    recordedByName: row.recordedByName,
    at: d.at,
  };
}

export type DocumentCaseFiles = {
  /** The files this document sits in (that the actor may see). */
  containing: Array<{ id: number; fileCode: string; title: string; order: number; statusLabel: string }>;
  /** Open files the actor may add it to. */
  targets: Array<{ id: number; fileCode: string; title: string }>;
  canFile: boolean;
};

/** For the document pages: where the document is filed, and where the actor may file it. */
export function caseFilesForDocument(ctx: ServiceContext, options: { kind: CaseFileDocumentKind; documentId: number }): DocumentCaseFiles {
  if (!readsCaseFiles(ctx.actor)) return { containing: [], targets: [], canFile: false };
  const db = ctx.db;
  // Both document pages show this: prepared once per shape of the visibility rule, the actor's values bound per call.
  const shape = caseFileVisibilityShape(ctx.actor);
  const visibleTo = actorParams(ctx.actor);
  const containing = preparedOnce(db, `casefiles.containing.${shape}`, (d) =>
    d
      .select({ id: caseFiles.id, fileCode: caseFiles.fileCode, title: caseFiles.title, order: caseFileDocuments.ordinal, status: caseFiles.status })
      .from(caseFileDocuments)
      .innerJoin(caseFiles, eq(caseFiles.id, caseFileDocuments.caseFileId))
      .where(
        and(
          eq(caseFileDocuments.kind, sql.placeholder("kind")),
          eq(caseFileDocuments.documentId, sql.placeholder("documentId")),
          caseFilesVisibleTo(ctx.actor, ACTOR_PLACEHOLDERS),
        ),
      )
      .orderBy(asc(caseFiles.fileCode))
      .prepare(),
  )
    .all({ kind: options.kind, documentId: options.documentId, ...visibleTo })
    .map((r) => ({ id: r.id, fileCode: r.fileCode, title: r.title, order: r.order, statusLabel: CASE_FILE_STATUS_LABELS[r.status] }));
  const canFile = ctx.actor.permissions.includes("manage:casefile");
  const inIds = new Set(containing.map((c) => c.id));
  const targets = canFile
    ? preparedOnce(db, `casefiles.openTargets.${shape}`, (d) =>
        d
          .select({ file: caseFiles })
          .from(caseFiles)
          .where(and(caseFilesVisibleTo(ctx.actor, ACTOR_PLACEHOLDERS), eq(caseFiles.status, "open")))
          .orderBy(desc(caseFiles.year), asc(caseFiles.fileNotation))
          .prepare(),
      )
        .all(visibleTo)
        .map((r) => r.file)
        .filter((f) => !inIds.has(f.id) && mayChangeCaseFile(ctx.actor, f))
        .map((f) => ({ id: f.id, fileCode: f.fileCode, title: f.title }))
    : [];
  return { containing, targets, canFile };
}

/** Closed files whose handover (nộp lưu) is overdue: closed more than one year before `today`. */
export function listFilesAwaitingHandover(ctx: ServiceContext, options: { today: string }): CaseFileListItem[] {
  if (!readsCaseFiles(ctx.actor)) return [];
  return selectCaseFileItems(ctx, eq(caseFiles.status, "closed")).filter((f) => f.handoverDue !== null && f.handoverDue < options.today);
}

export function caseFileYears(ctx: ServiceContext): number[] {
  if (!readsCaseFiles(ctx.actor)) return [];
  return ctx.db
    .selectDistinct({ year: caseFiles.year })
    .from(caseFiles)
    .where(eq(caseFiles.organizationId, ctx.actor.organizationId))
    .orderBy(desc(caseFiles.year))
    .all()
    .map((r) => r.year);
}

/** The bulk-filing choices of a file page: documents the actor may add to this open file. */
export function listDocumentsToFile(ctx: ServiceContext, options: { caseFileId: number }): FiledDocumentInfo[] {
  const file = findVisibleCaseFile(ctx.db, ctx.actor, options.caseFileId);
  if (file.status !== "open" || !mayChangeCaseFile(ctx.actor, file)) return [];
  return listFileableDocuments(ctx, { caseFileId: file.id });
}

/** The evidence choices of a file page: task evidence (minh chứng) the actor may add to this open file. */
export function listEvidenceToFile(ctx: ServiceContext, options: { caseFileId: number }): FiledDocumentInfo[] {
  const file = findVisibleCaseFile(ctx.db, ctx.actor, options.caseFileId);
  if (file.status !== "open" || !mayChangeCaseFile(ctx.actor, file)) return [];
  return listFileableEvidence(ctx, { caseFileId: file.id });
}
