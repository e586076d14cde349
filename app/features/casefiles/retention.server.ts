// The retention review (xét hủy tài liệu hết giá trị; Luật Lưu trữ, Decree 30 Art. 28–31, Thông tư 10/2022/TT-BNV):
// the archive lists the organisation's closed and handed-over files whose retention has run out, and records the
// head's destruction decision. A decision is recorded, never a silent delete: the files go to "destroyed" and keep
// their documents, their order numbers and their whole trail; a permanent file (Vĩnh viễn) is never destroyed.
import { and, eq, inArray, sql } from "drizzle-orm";
import { writeTransaction } from "#db/client";
import { caseFileDestructions, caseFiles, type CaseFile } from "#db/schema/index";
import { decideDestruction, DESTRUCTION_LIMITS } from "#app/domain/casefiles/casefiles";
import { formatDateVi, isValidIsoDate, toVietnamDate } from "#app/domain/shared/dates";
import { appendAuditEvent } from "#app/platform/audit.server";
import { auditActorOf, nowOf, type ServiceContext } from "#app/platform/context.server";
import { AppError, AppErrorCode } from "#app/utils/errors";
import { CommonMessages } from "#app/messages/common";
import { CaseFileMessages } from "#app/messages/casefiles";
import { CASE_FILE_ENTITY, caseFilesVisibleTo, requirePermission } from "./access.server";
import { selectCaseFileItems, type CaseFileListItem } from "./queries.server";

export const CASE_FILE_DESTRUCTION_ENTITY = "case_file_destruction";

/**
 * Files due for the retention review on `today` (the service's clock when omitted): the archive's list (archive:
 * casefile), the organisation's closed and handed-over files that are not permanent and whose review date has come.
 */
export function listCaseFilesDueForReview(ctx: ServiceContext, options: { today?: string } = {}): CaseFileListItem[] {
  requirePermission(ctx.actor, "archive:casefile");
  const today = options.today ?? toVietnamDate(nowOf(ctx));
  if (!isValidIsoDate(today)) throw new AppError(AppErrorCode.VALIDATION, CaseFileMessages.REVIEW_DATE_INVALID, { date: CaseFileMessages.REVIEW_DATE_INVALID });
  const todayYear = Number(today.slice(0, 4));
  // Narrowed in SQL by year (review date = 1 January of end year + retention + 1), confirmed by the pure rule.
  const endYear = sql`coalesce(cast(substr(${caseFiles.endDate}, 1, 4) as integer), ${caseFiles.year})`;
  return selectCaseFileItems(
    ctx,
    and(
      inArray(caseFiles.status, ["closed", "handed_over"]),
      eq(caseFiles.retentionPermanent, false),
      sql`${caseFiles.retentionYears} is not null`,
      sql`${endYear} + ${caseFiles.retentionYears} + 1 <= ${todayYear}`,
    ),
  ).filter((f) => f.reviewDate !== null && f.reviewDate <= today);
}

export type DestroyCaseFilesOptions = {
  caseFileIds: number[];
  decisionNumber: string;
  /** ISO date of the decision (not after today, not before the files' review date). */
  decisionDate: string;
  signerName?: string;
  basis?: string;
  reason: string;
};

export type DestroyedCaseFiles = { destructionId: number; decisionNumber: string; decisionDate: string; files: Array<{ id: number; fileCode: string }> };

function refusal(file: CaseFile, today: string, decisionDate: string): AppError | null {
  const decision = decideDestruction(file, { today, decisionDate });
  if (decision.ok) return null;
  const review = decision.reviewDate ? formatDateVi(decision.reviewDate) : "";
  switch (decision.reason) {
    case "permanent":
      return new AppError(AppErrorCode.INVALID_STATE, CaseFileMessages.DESTROY_PERMANENT(file.fileCode));
    case "not_archived":
      return new AppError(AppErrorCode.INVALID_STATE, CaseFileMessages.DESTROY_NOT_ARCHIVED(file.fileCode));
    case "not_due":
      return new AppError(AppErrorCode.INVALID_STATE, CaseFileMessages.DESTROY_NOT_DUE(file.fileCode, review));
    case "decision_in_future":
      return new AppError(AppErrorCode.VALIDATION, CaseFileMessages.DESTROY_DECISION_IN_FUTURE, { decisionDate: CaseFileMessages.DESTROY_DECISION_IN_FUTURE });
    case "decision_before_due":
      return new AppError(AppErrorCode.VALIDATION, CaseFileMessages.DESTROY_DECISION_BEFORE_DUE(file.fileCode, review), {
        decisionDate: CaseFileMessages.DESTROY_DECISION_BEFORE_DUE(file.fileCode, review),
      });
  }
}

function checkFields(options: DestroyCaseFilesOptions): { decisionNumber: string; signerName: string; basis: string; reason: string } {
  const clean = (s: string | undefined) => (s ?? "").trim().replace(/[ \t]+/g, " ");
  const values = {
    decisionNumber: clean(options.decisionNumber),
    signerName: clean(options.signerName),
    basis: clean(options.basis),
    reason: clean(options.reason),
  };
  const errors: Record<string, string> = {};
  if (!values.decisionNumber) errors.decisionNumber = CaseFileMessages.DECISION_NUMBER_REQUIRED;
  else if (values.decisionNumber.length > DESTRUCTION_LIMITS.decisionNumber) errors.decisionNumber = CaseFileMessages.DECISION_NUMBER_TOO_LONG;
  if (!isValidIsoDate(options.decisionDate)) errors.decisionDate = CaseFileMessages.DECISION_DATE_INVALID;
  if (values.signerName.length > DESTRUCTION_LIMITS.signerName) errors.signerName = CaseFileMessages.SIGNER_TOO_LONG;
  if (values.basis.length > DESTRUCTION_LIMITS.basis) errors.basis = CaseFileMessages.BASIS_TOO_LONG;
  if (!values.reason) errors.reason = CaseFileMessages.REASON_REQUIRED;
  else if (values.reason.length > DESTRUCTION_LIMITS.reason) errors.reason = CaseFileMessages.REASON_TOO_LONG;
  const first = Object.values(errors)[0];
  if (first) throw new AppError(AppErrorCode.VALIDATION, first, errors);
  return values;
}

/**
 * Records a destruction decision for one or more files (the archive, archive:casefile): one decision row, each
 * file to "destroyed" with a link to it, an audit row per file and one for the decision, all in one transaction.
 * Every file is checked inside the write lock; one refused file refuses the whole decision (nothing recorded).
 */
export function destroyCaseFiles(ctx: ServiceContext, options: DestroyCaseFilesOptions): DestroyedCaseFiles {
  requirePermission(ctx.actor, "archive:casefile");
  const ids = [...new Set(options.caseFileIds)];
  if (ids.length === 0 || ids.some((id) => !Number.isInteger(id) || id <= 0)) throw new AppError(AppErrorCode.VALIDATION, CaseFileMessages.DESTROY_NONE);
  const fields = checkFields(options);
  const now = nowOf(ctx);
  const today = toVietnamDate(now);
  return writeTransaction(ctx.db, (tx) => {
    const files = tx
      .select()
      .from(caseFiles)
      .where(and(inArray(caseFiles.id, ids), caseFilesVisibleTo(ctx.actor)))
      .all();
    if (files.length !== ids.length) throw new AppError(AppErrorCode.NOT_FOUND, CommonMessages.NOT_FOUND("hồ sơ"));
    files.sort((a, b) => a.fileCode.localeCompare(b.fileCode));
    for (const file of files) {
      const refused = refusal(file, today, options.decisionDate);
      if (refused) throw refused;
    }
    const decision = tx
      .insert(caseFileDestructions)
      .values({
        organizationId: ctx.actor.organizationId,
        decisionNumber: fields.decisionNumber,
        decisionDate: options.decisionDate,
        signerName: fields.signerName,
        basis: fields.basis,
        reason: fields.reason,
        decidedBy: ctx.actor.id,
        fileCount: files.length,
        at: now,
      })
      .returning({ id: caseFileDestructions.id })
      .get();
    for (const file of files) {
      tx.update(caseFiles)
        .set({ status: "destroyed", destructionId: decision.id, version: file.version + 1, updatedAt: now })
        .where(eq(caseFiles.id, file.id))
        .run();
      appendAuditEvent(tx, {
        at: now,
        ...auditActorOf(ctx),
        action: "casefile.destroy",
        entityType: CASE_FILE_ENTITY,
        entityId: file.id,
        fromState: file.status,
        toState: "destroyed",
        comment: fields.reason,
        detail: { destructionId: decision.id, decisionNumber: fields.decisionNumber, decisionDate: options.decisionDate },
      });
    }
    appendAuditEvent(tx, {
      at: now,
      ...auditActorOf(ctx),
      action: "casefile_destruction.create",
      entityType: CASE_FILE_DESTRUCTION_ENTITY,
      entityId: decision.id,
      comment: fields.reason,
      detail: {
        decisionNumber: fields.decisionNumber,
        decisionDate: options.decisionDate,
        signerName: fields.signerName,
        basis: fields.basis,
        files: files.map((f) => f.fileCode),
      },
    });
    return {
      destructionId: decision.id,
      decisionNumber: fields.decisionNumber,
      decisionDate: options.decisionDate,
      files: files.map((f) => ({ id: f.id, fileCode: f.fileCode })),
    };
  });
}
