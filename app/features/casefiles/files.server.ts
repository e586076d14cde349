// Lập hồ sơ (Decree 30 Art. 29–30): open a file from an entry of the year's danh mục (or ad hoc, flagged), add the
// documents produced while handling the matter (order numbers dense 1..n, allocated inside the IMMEDIATE
// transaction), remove one while the file is open (the later ones move up: still dense), close it (contents frozen,
// dates and page count fixed). Every change with its audit row in the same transaction.
import { and, asc, desc, eq, gt, sql } from "drizzle-orm";
import { writeTransaction, type Tx } from "#db/client";
import {
  CASE_FILE_ACCESS,
  caseFileDocuments,
  caseFileListEntries,
  caseFileLists,
  caseFiles,
  type CaseFile,
  type CaseFileAccess,
  type CaseFileDocumentKind,
} from "#db/schema/index";
import {
  CASE_FILE_NOTE_MAX,
  CASE_FILE_TITLE_MAX,
  canEditRetention,
  fileDateRange,
  formatFileCode,
  isValidFileNotation,
  normalizeFileNotation,
  parseRetention,
} from "#app/domain/casefiles/casefiles";
import { appendAuditEvent } from "#app/platform/audit.server";
import { auditActorOf, nowOf, type ServiceContext } from "#app/platform/context.server";
import { AppError, AppErrorCode } from "#app/utils/errors";
import { CommonMessages } from "#app/messages/common";
import { CaseFileMessages } from "#app/messages/casefiles";
import { CASE_FILE_ENTITY, loadCaseFileFor, organIdOf, requirePermission, requireYear } from "./access.server";
import { describeFiledDocuments, loadFileableDocument, refKey } from "./documents.server";

export type OpenCaseFileOptions = {
  year: number;
  /** Số và ký hiệu hồ sơ: an entry of the year's list, or a new code for an ad hoc file (then title and retention). */
  code: string;
  title?: string;
  retention?: string;
  access?: CaseFileAccess;
  note?: string;
};

export type OpenedCaseFile = { id: number; fileCode: string; adHoc: boolean };

export function openCaseFile(ctx: ServiceContext, options: OpenCaseFileOptions): OpenedCaseFile {
  requirePermission(ctx.actor, "manage:casefile");
  const year = requireYear(options.year);
  const code = normalizeFileNotation(options.code);
  if (!isValidFileNotation(code)) throw new AppError(AppErrorCode.VALIDATION, CaseFileMessages.NOTATION_INVALID, { code: CaseFileMessages.NOTATION_INVALID });
  return writeTransaction(ctx.db, (tx) => {
    const actor = ctx.actor;
    const { organId } = organIdOf(tx, actor.organizationId);
    const existing = tx
      .select({ id: caseFiles.id })
      .from(caseFiles)
      .where(and(eq(caseFiles.organizationId, actor.organizationId), eq(caseFiles.year, year), sql`upper(${caseFiles.fileNotation}) = upper(${code})`))
      .get();
    if (existing) throw new AppError(AppErrorCode.CONFLICT, CaseFileMessages.FILE_ALREADY_OPEN(code), { code: CaseFileMessages.FILE_ALREADY_OPEN(code) });
    const entry = tx
      .select({ entry: caseFileListEntries })
      .from(caseFileListEntries)
      .innerJoin(caseFileLists, eq(caseFileLists.id, caseFileListEntries.listId))
      .where(
        and(
          eq(caseFileLists.organizationId, actor.organizationId),
          eq(caseFileLists.year, year),
          eq(caseFileListEntries.isHeading, false),
          sql`upper(${caseFileListEntries.code}) = upper(${code})`,
        ),
      )
      .get()?.entry;
    let title: string;
    let retentionYears: number | null;
    let retentionPermanent: boolean;
    let fileNotation = code;
    if (entry) {
      title = options.title?.trim() || entry.title;
      retentionYears = entry.retentionYears;
      retentionPermanent = entry.retentionPermanent;
      fileNotation = entry.code;
    } else {
      // Ad hoc (Art. 29 k.2: a file not in the danh mục): the handler sets title, code and retention.
      if (options.title === undefined && options.retention === undefined)
        throw new AppError(AppErrorCode.NOT_FOUND, CaseFileMessages.ENTRY_NOT_IN_LIST(code, year));
      title = (options.title ?? "").trim().replace(/\s+/g, " ");
      if (!title) throw new AppError(AppErrorCode.VALIDATION, CaseFileMessages.TITLE_REQUIRED, { title: CaseFileMessages.TITLE_REQUIRED });
      const retention = parseRetention(options.retention ?? "");
      if (!retention) throw new AppError(AppErrorCode.VALIDATION, CaseFileMessages.RETENTION_INVALID, { retention: CaseFileMessages.RETENTION_INVALID });
      retentionYears = retention.years;
      retentionPermanent = retention.permanent;
    }
    const now = nowOf(ctx);
    const fileCode = formatFileCode(organId, year, fileNotation);
    const row = tx
      .insert(caseFiles)
      .values({
        organizationId: actor.organizationId,
        year,
        entryId: entry?.id ?? null,
        adHoc: !entry,
        fileNotation,
        fileCode,
        title,
        retentionYears,
        retentionPermanent,
        access: options.access ?? "open",
        note: options.note?.trim() ?? "",
        status: "open",
        creatorId: actor.id,
        unitId: actor.unitId,
        createdAt: now,
        updatedAt: now,
      })
      .returning({ id: caseFiles.id })
      .get();
    appendAuditEvent(tx, {
      at: now,
      ...auditActorOf(ctx),
      action: "casefile.open",
      entityType: CASE_FILE_ENTITY,
      entityId: row.id,
      toState: "open",
      detail: { fileCode, title, adHoc: !entry, entryId: entry?.id ?? null, retention: retentionPermanent ? "permanent" : retentionYears },
    });
    return { id: row.id, fileCode, adHoc: !entry };
  });
}

/** Recomputes the derived fields (dates from the documents, page and document counts) inside the transaction. */
function refreshDerived(tx: Tx, file: CaseFile, now: Date): { startDate: string | null; endDate: string | null; documentCount: number; pageCount: number } {
  const refs = tx
    .select({ kind: caseFileDocuments.kind, documentId: caseFileDocuments.documentId })
    .from(caseFileDocuments)
    .where(eq(caseFileDocuments.caseFileId, file.id))
    .all();
  const info = describeFiledDocuments(tx, refs);
  const docs = refs.map((r) => info.get(refKey(r.kind, r.documentId)));
  const { startDate, endDate } = fileDateRange(docs.map((d) => d?.issuedDate));
  const pageCount = docs.reduce((n, d) => n + (d?.pageCount ?? 0), 0);
  const derived = { startDate, endDate, documentCount: refs.length, pageCount };
  tx.update(caseFiles)
    .set({ ...derived, version: file.version + 1, updatedAt: now })
    .where(eq(caseFiles.id, file.id))
    .run();
  return derived;
}

export type AddToCaseFileOptions = { caseFileId: number; documents: Array<{ kind: CaseFileDocumentKind; documentId: number }> };
export type AddedToCaseFile = { caseFileId: number; added: Array<{ kind: CaseFileDocumentKind; documentId: number; order: number }> };

/**
 * Files documents into an open file (from the document page: one; from a list: several). Each gets the next order
 * number; the whole batch is one transaction (all or nothing) with one audit row per document.
 */
export function addDocumentsToCaseFile(ctx: ServiceContext, options: AddToCaseFileOptions): AddedToCaseFile {
  requirePermission(ctx.actor, "manage:casefile");
  return writeTransaction(ctx.db, (tx) => {
    const file = loadCaseFileFor(tx, ctx.actor, options.caseFileId, "add_document");
    const now = nowOf(ctx);
    const last = tx
      .select({ ordinal: caseFileDocuments.ordinal })
      .from(caseFileDocuments)
      .where(eq(caseFileDocuments.caseFileId, file.id))
      .orderBy(desc(caseFileDocuments.ordinal))
      .limit(1)
      .get();
    let next = (last?.ordinal ?? 0) + 1;
    const added: AddedToCaseFile["added"] = [];
    const seen = new Set<string>();
    for (const ref of options.documents) {
      const doc = loadFileableDocument(tx, ctx, ref.kind, ref.documentId);
      const key = refKey(ref.kind, ref.documentId);
      const already = tx
        .select({ id: caseFileDocuments.id })
        .from(caseFileDocuments)
        .where(and(eq(caseFileDocuments.caseFileId, file.id), eq(caseFileDocuments.kind, ref.kind), eq(caseFileDocuments.documentId, ref.documentId)))
        .get();
      if (already || seen.has(key)) throw new AppError(AppErrorCode.CONFLICT, CaseFileMessages.DOCUMENT_ALREADY_FILED);
      seen.add(key);
      const order = next++;
      tx.insert(caseFileDocuments)
        .values({
          caseFileId: file.id,
          ordinal: order,
          kind: ref.kind,
          documentId: ref.documentId,
          addedBy: ctx.actor.id > 0 ? ctx.actor.id : null,
          addedAt: now,
        })
        .run();
      appendAuditEvent(tx, {
        at: now,
        ...auditActorOf(ctx),
        action: "casefile.add_document",
        entityType: CASE_FILE_ENTITY,
        entityId: file.id,
        detail: { kind: ref.kind, documentId: ref.documentId, order, numberSymbol: doc.numberSymbol },
      });
      added.push({ kind: ref.kind, documentId: ref.documentId, order });
    }
    refreshDerived(tx, file, now);
    return { caseFileId: file.id, added };
  });
}

/** Takes a document out of an open file; the documents after it move up one place (dense numbering). */
export function removeDocumentFromCaseFile(
  ctx: ServiceContext,
  options: { caseFileId: number; kind: CaseFileDocumentKind; documentId: number },
): { removedOrder: number } {
  requirePermission(ctx.actor, "manage:casefile");
  return writeTransaction(ctx.db, (tx) => {
    const file = loadCaseFileFor(tx, ctx.actor, options.caseFileId, "remove_document");
    const row = tx
      .select()
      .from(caseFileDocuments)
      .where(and(eq(caseFileDocuments.caseFileId, file.id), eq(caseFileDocuments.kind, options.kind), eq(caseFileDocuments.documentId, options.documentId)))
      .get();
    if (!row) throw new AppError(AppErrorCode.NOT_FOUND, CaseFileMessages.DOCUMENT_NOT_IN_FILE);
    const now = nowOf(ctx);
    tx.delete(caseFileDocuments).where(eq(caseFileDocuments.id, row.id)).run();
    // Two steps so the unique (file, ordinal) index never sees two rows with one number.
    const later = and(eq(caseFileDocuments.caseFileId, file.id), gt(caseFileDocuments.ordinal, row.ordinal));
    tx.update(caseFileDocuments)
      .set({ ordinal: sql`-(${caseFileDocuments.ordinal} - 1)` })
      .where(later)
      .run();
    tx.update(caseFileDocuments)
      .set({ ordinal: sql`-${caseFileDocuments.ordinal}` })
      .where(and(eq(caseFileDocuments.caseFileId, file.id), sql`${caseFileDocuments.ordinal} < 0`))
      .run();
    appendAuditEvent(tx, {
      at: now,
      ...auditActorOf(ctx),
      action: "casefile.remove_document",
      entityType: CASE_FILE_ENTITY,
      entityId: file.id,
      detail: { kind: options.kind, documentId: options.documentId, order: row.ordinal },
    });
    refreshDerived(tx, file, now);
    return { removedOrder: row.ordinal };
  });
}

/** Kết thúc hồ sơ: fixes dates and page count from the documents and freezes the contents. */
export function closeCaseFile(
  ctx: ServiceContext,
  options: { caseFileId: number; version?: number },
): { id: number; status: "closed"; startDate: string | null; endDate: string | null; documentCount: number; pageCount: number } {
  requirePermission(ctx.actor, "manage:casefile");
  return writeTransaction(ctx.db, (tx) => {
    const file = loadCaseFileFor(tx, ctx.actor, options.caseFileId, "close");
    if (options.version !== undefined && options.version !== file.version) throw new AppError(AppErrorCode.CONFLICT, CommonMessages.STALE_FORM("hồ sơ"));
    const now = nowOf(ctx);
    const derived = refreshDerived(tx, file, now);
    if (derived.documentCount === 0) throw new AppError(AppErrorCode.INVALID_STATE, CaseFileMessages.CLOSE_EMPTY);
    tx.update(caseFiles)
      .set({ status: "closed", closedAt: now, closedBy: ctx.actor.id > 0 ? ctx.actor.id : null })
      .where(eq(caseFiles.id, file.id))
      .run();
    appendAuditEvent(tx, {
      at: now,
      ...auditActorOf(ctx),
      action: "casefile.close",
      entityType: CASE_FILE_ENTITY,
      entityId: file.id,
      fromState: "open",
      toState: "closed",
      detail: derived,
    });
    return { id: file.id, status: "closed", ...derived };
  });
}

export type UpdateCaseFileOptions = {
  caseFileId: number;
  /** The version the form was built from (a stale form is refused). */
  version?: number;
  title?: string;
  access?: CaseFileAccess;
  note?: string;
  /** Ad hoc files only ("10 năm", "Vĩnh viễn"); a list file keeps the approved danh mục's retention. */
  retention?: string;
};

export type UpdatedCaseFile = { id: number; version: number; changed: string[] };

/**
 * Corrects an open file's metadata (Art. 30: before closing, the handler completes and fixes the file's title,
 * access right and notes; the retention of an ad hoc file). Refused once the file is closed. One audit row with
 * each changed field from → to; nothing changed writes nothing.
 */
export function updateCaseFile(ctx: ServiceContext, options: UpdateCaseFileOptions): UpdatedCaseFile {
  requirePermission(ctx.actor, "manage:casefile");
  return writeTransaction(ctx.db, (tx) => {
    const file = loadCaseFileFor(tx, ctx.actor, options.caseFileId, "edit");
    if (options.version !== undefined && options.version !== file.version) throw new AppError(AppErrorCode.CONFLICT, CommonMessages.STALE_FORM("hồ sơ"));
    const next: Partial<Pick<CaseFile, "title" | "access" | "note" | "retentionYears" | "retentionPermanent">> = {};
    const errors: Record<string, string> = {};
    if (options.title !== undefined) {
      const title = options.title.trim().replace(/\s+/g, " ");
      if (!title) errors.title = CaseFileMessages.TITLE_REQUIRED;
      else if (title.length > CASE_FILE_TITLE_MAX) errors.title = CaseFileMessages.TITLE_TOO_LONG;
      else if (title !== file.title) next.title = title;
    }
    if (options.note !== undefined) {
      const note = options.note.trim();
      if (note.length > CASE_FILE_NOTE_MAX) errors.note = CaseFileMessages.NOTE_TOO_LONG;
      else if (note !== file.note) next.note = note;
    }
    if (options.access !== undefined && !(CASE_FILE_ACCESS as readonly string[]).includes(options.access)) errors.access = CaseFileMessages.ACCESS_INVALID;
    else if (options.access !== undefined && options.access !== file.access) next.access = options.access;
    if (options.retention !== undefined && options.retention.trim() !== "") {
      const retention = parseRetention(options.retention);
      if (!retention) errors.retention = CaseFileMessages.RETENTION_INVALID;
      else if (retention.permanent !== file.retentionPermanent || retention.years !== file.retentionYears) {
        if (!canEditRetention(file)) errors.retention = CaseFileMessages.RETENTION_FROM_LIST;
        else {
          next.retentionYears = retention.years;
          next.retentionPermanent = retention.permanent;
        }
      }
    }
    const firstError = Object.values(errors)[0];
    if (firstError) throw new AppError(AppErrorCode.VALIDATION, firstError, errors);
    const changed = Object.keys(next);
    if (changed.length === 0) return { id: file.id, version: file.version, changed: [] };
    const now = nowOf(ctx);
    tx.update(caseFiles)
      .set({ ...next, version: file.version + 1, updatedAt: now })
      .where(eq(caseFiles.id, file.id))
      .run();
    const before = Object.fromEntries(changed.map((k) => [k, file[k as keyof typeof next]]));
    appendAuditEvent(tx, {
      at: now,
      ...auditActorOf(ctx),
      action: "casefile.edit",
      entityType: CASE_FILE_ENTITY,
      entityId: file.id,
      detail: { from: before, to: next },
    });
    return { id: file.id, version: file.version + 1, changed };
  });
}

/** The ordered (kind, documentId, ordinal) rows of a file. */
export function filedDocumentRows(tx: Tx | ServiceContext["db"], caseFileId: number) {
  return tx.select().from(caseFileDocuments).where(eq(caseFileDocuments.caseFileId, caseFileId)).orderBy(asc(caseFileDocuments.ordinal)).all();
}
