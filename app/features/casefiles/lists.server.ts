// Danh mục hồ sơ (Decree 30 Art. 28, Phụ lục V): one list per organisation and year, imported from a spreadsheet
// (CSV/XLSX read in the untrusted-file pool), or copied from last year's list, then approved by the head of the
// organisation. Each change with its audit row in one transaction; an approved list no longer changes.
import { and, asc, eq, inArray, sql } from "drizzle-orm";
import { writeTransaction, type Tx } from "#db/client";
import { caseFileListEntries, caseFileLists, caseFiles, users, type CaseFileList } from "#db/schema/index";
import { formatRetention, parseCaseFileList, type ParsedListEntry } from "#app/domain/casefiles/casefiles";
import { SPREADSHEET_LIMITS } from "#app/domain/plans/plan-import";
import { appendAuditEvent } from "#app/platform/audit.server";
import { auditActorOf, nowOf, type ServiceContext } from "#app/platform/context.server";
import { runUntrusted, UntrustedTaskError } from "#app/platform/untrusted/pool.server";
import { AppError, AppErrorCode } from "#app/utils/errors";
import { CaseFileMessages } from "#app/messages/casefiles";
import { CommonMessages } from "#app/messages/common";
import { CASE_FILE_LIST_ENTITY, requirePermission, requireYear } from "./access.server";

export type ListEntryView = {
  id: number;
  position: number;
  code: string;
  title: string;
  isHeading: boolean;
  retentionYears: number | null;
  retentionPermanent: boolean;
  retentionText: string;
  responsible: string;
  note: string;
  /** The file opened from this entry this year, if any. */
  caseFileId: number | null;
};

export type CaseFileListView = {
  id: number | null;
  year: number;
  status: "draft" | "approved" | "none";
  approvedByName: string | null;
  approvedAt: Date | null;
  version: number;
  entries: ListEntryView[];
};

async function readRows(bytes: Uint8Array): Promise<string[][]> {
  if (bytes.byteLength === 0) throw new AppError(AppErrorCode.VALIDATION, CaseFileMessages.LIST_FILE_REQUIRED);
  try {
    return await runUntrusted<string[][]>("spreadsheet", { bytes }, { timeoutMs: SPREADSHEET_LIMITS.timeoutMs, maxMemoryMb: SPREADSHEET_LIMITS.maxMemoryMb });
  } catch (error) {
    if (error instanceof UntrustedTaskError) {
      if (error.code === "BUSY") throw new AppError(AppErrorCode.RATE_LIMITED, error.message);
      throw new AppError(AppErrorCode.VALIDATION, error.message);
    }
    throw error;
  }
}

function listOf(tx: Tx, organizationId: number, year: number): CaseFileList | undefined {
  return tx
    .select()
    .from(caseFileLists)
    .where(and(eq(caseFileLists.organizationId, organizationId), eq(caseFileLists.year, year)))
    .get();
}

/** A draft list whose entries may still be replaced: not approved, no file opened from it. */
function requireReplaceable(tx: Tx, list: CaseFileList): void {
  if (list.status === "approved") throw new AppError(AppErrorCode.INVALID_STATE, CaseFileMessages.LIST_APPROVED(list.year));
  const used = tx
    .select({ n: sql<number>`count(*)` })
    .from(caseFiles)
    .innerJoin(caseFileListEntries, eq(caseFileListEntries.id, caseFiles.entryId))
    .where(eq(caseFileListEntries.listId, list.id))
    .get();
  if ((used?.n ?? 0) > 0) throw new AppError(AppErrorCode.INVALID_STATE, CaseFileMessages.LIST_IN_USE(list.year));
}

function replaceEntries(
  tx: Tx,
  ctx: ServiceContext,
  year: number,
  entries: Omit<ParsedListEntry, "rowNumber">[],
  action: string,
  detail: Record<string, unknown>,
) {
  const now = nowOf(ctx);
  let list = listOf(tx, ctx.actor.organizationId, year);
  if (list) {
    requireReplaceable(tx, list);
    tx.delete(caseFileListEntries).where(eq(caseFileListEntries.listId, list.id)).run();
    tx.update(caseFileLists)
      .set({ version: list.version + 1, updatedAt: now })
      .where(eq(caseFileLists.id, list.id))
      .run();
  } else {
    list = tx
      .insert(caseFileLists)
      .values({
        organizationId: ctx.actor.organizationId,
        year,
        status: "draft",
        createdBy: ctx.actor.id > 0 ? ctx.actor.id : null,
        createdAt: now,
        updatedAt: now,
      })
      .returning()
      .get();
  }
  for (const [i, e] of entries.entries()) {
    tx.insert(caseFileListEntries)
      .values({
        listId: list.id,
        position: i + 1,
        code: e.code,
        title: e.title,
        isHeading: e.isHeading,
        retentionYears: e.retentionYears,
        retentionPermanent: e.retentionPermanent,
        responsible: e.responsible,
        note: e.note,
      })
      .run();
  }
  const files = entries.filter((e) => !e.isHeading).length;
  appendAuditEvent(tx, {
    at: now,
    ...auditActorOf(ctx),
    action,
    entityType: CASE_FILE_LIST_ENTITY,
    entityId: list.id,
    toState: "draft",
    detail: { year, entries: files, headings: entries.length - files, ...detail },
  });
  return { listId: list.id, year, entries: files, headings: entries.length - files };
}

export type ImportCaseFileListResult = { listId: number; year: number; entries: number; headings: number };

/** Imports the year's danh mục from CSV/XLSX with the Phụ lục V columns; replaces the entries of a draft list. */
export async function importCaseFileList(
  ctx: ServiceContext,
  options: { year: number; bytes: Uint8Array; originalName?: string },
): Promise<ImportCaseFileListResult> {
  requirePermission(ctx.actor, "archive:casefile");
  const year = requireYear(options.year);
  const rows = await readRows(options.bytes);
  const parsed = parseCaseFileList(rows);
  if (!parsed.headerFound) throw new AppError(AppErrorCode.VALIDATION, CaseFileMessages.LIST_HEADER_MISSING);
  if (parsed.problems.length) throw new AppError(AppErrorCode.VALIDATION, CaseFileMessages.LIST_HAS_ERRORS(parsed.problems.length, parsed.problems[0].message));
  if (!parsed.entries.some((e) => !e.isHeading)) throw new AppError(AppErrorCode.VALIDATION, CaseFileMessages.LIST_EMPTY);
  return writeTransaction(ctx.db, (tx) =>
    replaceEntries(tx, ctx, year, parsed.entries, "casefile_list.import", { originalName: options.originalName ?? null }),
  );
}

/** Starts this year's list from last year's (codes, titles, retention, responsible, notes). */
export function copyCaseFileList(ctx: ServiceContext, options: { fromYear: number; toYear: number }): ImportCaseFileListResult {
  requirePermission(ctx.actor, "archive:casefile");
  const fromYear = requireYear(options.fromYear);
  const toYear = requireYear(options.toYear);
  return writeTransaction(ctx.db, (tx) => {
    const source = listOf(tx, ctx.actor.organizationId, fromYear);
    const entries = source
      ? tx.select().from(caseFileListEntries).where(eq(caseFileListEntries.listId, source.id)).orderBy(asc(caseFileListEntries.position)).all()
      : [];
    if (!entries.length) throw new AppError(AppErrorCode.VALIDATION, CaseFileMessages.LIST_NOTHING_TO_COPY(fromYear));
    return replaceEntries(
      tx,
      ctx,
      toYear,
      entries.map((e) => ({
        code: e.code,
        title: e.title,
        isHeading: e.isHeading,
        retentionYears: e.retentionYears,
        retentionPermanent: e.retentionPermanent,
        responsible: e.responsible,
        note: e.note,
      })),
      "casefile_list.copy",
      { fromYear },
    );
  });
}

/** The head of the organisation approves the list (Art. 28 k.1): audited, and the list is frozen. */
export function approveCaseFileList(ctx: ServiceContext, options: { year: number; version?: number }): { listId: number } {
  requirePermission(ctx.actor, "approve:casefile-list");
  const year = requireYear(options.year);
  return writeTransaction(ctx.db, (tx) => {
    const list = listOf(tx, ctx.actor.organizationId, year);
    if (!list) throw new AppError(AppErrorCode.VALIDATION, CaseFileMessages.LIST_NOTHING_TO_APPROVE);
    if (list.status === "approved") throw new AppError(AppErrorCode.INVALID_STATE, CaseFileMessages.LIST_APPROVED(year));
    if (options.version !== undefined && options.version !== list.version)
      throw new AppError(AppErrorCode.CONFLICT, CommonMessages.STALE_FORM("danh mục hồ sơ"));
    const n =
      tx
        .select({ n: sql<number>`count(*)` })
        .from(caseFileListEntries)
        .where(and(eq(caseFileListEntries.listId, list.id), eq(caseFileListEntries.isHeading, false)))
        .get()?.n ?? 0;
    if (n === 0) throw new AppError(AppErrorCode.VALIDATION, CaseFileMessages.LIST_NOTHING_TO_APPROVE);
    const now = nowOf(ctx);
    tx.update(caseFileLists)
      .set({ status: "approved", approvedBy: ctx.actor.id > 0 ? ctx.actor.id : null, approvedAt: now, version: list.version + 1, updatedAt: now })
      .where(eq(caseFileLists.id, list.id))
      .run();
    appendAuditEvent(tx, {
      at: now,
      ...auditActorOf(ctx),
      action: "casefile_list.approve",
      entityType: CASE_FILE_LIST_ENTITY,
      entityId: list.id,
      fromState: "draft",
      toState: "approved",
      detail: { year, entries: n },
    });
    return { listId: list.id };
  });
}

export function getCaseFileList(ctx: ServiceContext, options: { year: number }): CaseFileListView {
  const year = requireYear(options.year);
  const db = ctx.db;
  const list = db
    .select()
    .from(caseFileLists)
    .where(and(eq(caseFileLists.organizationId, ctx.actor.organizationId), eq(caseFileLists.year, year)))
    .get();
  if (!list) return { id: null, year, status: "none", approvedByName: null, approvedAt: null, version: 0, entries: [] };
  const entries = db.select().from(caseFileListEntries).where(eq(caseFileListEntries.listId, list.id)).orderBy(asc(caseFileListEntries.position)).all();
  const ids = entries.map((e) => e.id);
  const opened = ids.length
    ? db
        .select({ id: caseFiles.id, entryId: caseFiles.entryId })
        .from(caseFiles)
        .where(and(inArray(caseFiles.entryId, ids), eq(caseFiles.organizationId, ctx.actor.organizationId)))
        .all()
    : [];
  const byEntry = new Map(opened.map((o) => [o.entryId, o.id]));
  const approver = list.approvedBy ? (db.select({ name: users.fullName }).from(users).where(eq(users.id, list.approvedBy)).get()?.name ?? null) : null;
  return {
    id: list.id,
    year,
    status: list.status,
    approvedByName: approver,
    approvedAt: list.approvedAt,
    version: list.version,
    entries: entries.map((e) => ({
      id: e.id,
      position: e.position,
      code: e.code,
      title: e.title,
      isHeading: e.isHeading,
      retentionYears: e.retentionYears,
      retentionPermanent: e.retentionPermanent,
      retentionText: e.isHeading ? "" : formatRetention(e),
      responsible: e.responsible,
      note: e.note,
      caseFileId: byEntry.get(e.id) ?? null,
    })),
  };
}
