// Who sees and who changes a case file (house style rule 7: one rule, used by every query and action).
// - Readers: everyone in the organisation who keeps files (manage:casefile), the archive (archive:casefile) and the
//   head who approves the list (approve:casefile-list); a restricted file (Hạn chế sử dụng) only for its creator,
//   its unit, the archive and the head.
// - Changers: the creator and their unit (manage:casefile), and the archive for every file of the organisation.
// - The archive package: every reader, once the file is closed (mayExportCaseFile).
// - The retention review and destruction decisions: the archive only (archive:casefile).
// A file outside the actor's organisation or visibility is NOT_FOUND (never confirm existence).
import { and, eq, or, sql, type SQL } from "drizzle-orm";
import type { DbOrTx } from "#db/client";
import { caseFiles, organizations, type CaseFile } from "#db/schema/index";
import type { Actor } from "#app/platform/auth/actor";
import type { ActorValues } from "#app/platform/auth/actor.server";
import { decideCaseFileTransition, type CaseFileAction } from "#app/domain/casefiles/casefiles";
import { AppError, AppErrorCode } from "#app/utils/errors";
import { CommonMessages } from "#app/messages/common";
import { CaseFileMessages } from "#app/messages/casefiles";

export const CASE_FILE_ENTITY = "case_file";
export const CASE_FILE_LIST_ENTITY = "case_file_list";

const has = (actor: Pick<Actor, "permissions">, p: string) => actor.permissions.includes(p);

export function isArchivist(actor: Actor): boolean {
  return has(actor, "archive:casefile");
}

export function readsCaseFiles(actor: Actor): boolean {
  return has(actor, "manage:casefile") || has(actor, "archive:casefile") || has(actor, "approve:casefile-list");
}

export function caseFilesVisibleTo(actor: Actor, who: ActorValues = actor): SQL {
  const f = caseFiles;
  if (!readsCaseFiles(actor)) return sql`0`;
  const clauses: SQL[] = [eq(f.access, "open"), eq(f.creatorId, who.id), eq(f.unitId, who.unitId)];
  if (seesRestrictedCaseFiles(actor)) clauses.push(eq(f.access, "restricted"));
  return and(eq(f.organizationId, who.organizationId), or(...clauses)) ?? sql`0`;
}

function seesRestrictedCaseFiles(actor: Actor): boolean {
  return has(actor, "archive:casefile") || has(actor, "approve:casefile-list");
}

/** The rule's SQL text is a function of this key alone (a prepared query is kept per key). */
export const caseFileVisibilityShape = (actor: Actor) => `${readsCaseFiles(actor) ? 1 : 0}${seesRestrictedCaseFiles(actor) ? 1 : 0}`;

export function findVisibleCaseFile(tx: DbOrTx, actor: Actor, id: number): CaseFile {
  const row =
    Number.isInteger(id) && id > 0
      ? tx
          .select()
          .from(caseFiles)
          .where(and(eq(caseFiles.id, id), caseFilesVisibleTo(actor)))
          .get()
      : undefined;
  if (!row) throw new AppError(AppErrorCode.NOT_FOUND, CommonMessages.NOT_FOUND("hồ sơ"));
  return row;
}

export function mayChangeCaseFile(actor: Actor, file: Pick<CaseFile, "creatorId" | "unitId" | "organizationId">): boolean {
  if (file.organizationId !== actor.organizationId) return false;
  if (isArchivist(actor)) return true;
  return has(actor, "manage:casefile") && (file.creatorId === actor.id || file.unitId === actor.unitId);
}

/**
 * The archive package (export, ZIP download) is for whoever may read the file: its access right (Chế độ sử dụng)
 * already decides who sees its documents. Only a closed file has a fixed content to package (closed, handed over,
 * or destroyed by decision: its documents and trail are kept).
 */
export function mayExportCaseFile(file: Pick<CaseFile, "status">): boolean {
  return file.status !== "open";
}

/**
 * Loads a file for a change: visible, the actor may change it, and the state machine allows the action
 * (a handed-over or destroyed file is read-only for every action but the archive's own).
 */
export function loadCaseFileFor(tx: DbOrTx, actor: Actor, id: number, action: CaseFileAction): CaseFile {
  const file = findVisibleCaseFile(tx, actor, id);
  if (!mayChangeCaseFile(actor, file)) throw new AppError(AppErrorCode.FORBIDDEN, CaseFileMessages.NOT_MANAGER);
  requireTransition(file, action);
  return file;
}

export function requireTransition(file: Pick<CaseFile, "status">, action: CaseFileAction): void {
  if (decideCaseFileTransition(file.status, action).ok) return;
  if (file.status === "handed_over" || file.status === "destroyed") throw new AppError(AppErrorCode.INVALID_STATE, CaseFileMessages.READ_ONLY);
  throw new AppError(AppErrorCode.INVALID_STATE, CaseFileMessages.NOT_OPEN);
}

export function requirePermission(actor: Actor, permission: string): void {
  if (!has(actor, permission)) throw new AppError(AppErrorCode.FORBIDDEN, CommonMessages.FORBIDDEN);
}

/** The organisation's electronic identifier (OrganId, Phụ lục VI: 13 characters) for the file code. */
export function organIdOf(tx: DbOrTx, organizationId: number): { organId: string; name: string } {
  const org = tx
    .select({ identifier: organizations.identifier, name: organizations.name })
    .from(organizations)
    .where(eq(organizations.id, organizationId))
    .get();
  if (!org?.identifier) throw new AppError(AppErrorCode.VALIDATION, CaseFileMessages.ORGAN_ID_MISSING);
  return { organId: org.identifier, name: org.name };
}

export function requireYear(year: number): number {
  if (!Number.isInteger(year) || year < 2000 || year > 2100)
    throw new AppError(AppErrorCode.VALIDATION, CaseFileMessages.YEAR_INVALID, { year: CaseFileMessages.YEAR_INVALID });
  return year;
}

/** Only a closed file goes to the archive (nộp lưu); an open, handed-over or destroyed one is refused by code. */
export function requireHandoverable(file: Pick<CaseFile, "status" | "fileCode">): void {
  if (!decideCaseFileTransition(file.status, "hand_over").ok)
    throw new AppError(AppErrorCode.INVALID_STATE, CaseFileMessages.HANDOVER_NOT_CLOSED(file.fileCode));
}
