// Evidence of a task's results (issue 6 §4): uploaded files (checked like any upload) or references to
// issued documents, matched against the required evidence items; removal keeps the row for the journal.
import { and, eq, isNull } from "drizzle-orm";
import { writeTransaction } from "#db/client";
import { taskEvidence, taskEvidenceItems } from "#db/schema/index";
import { isValidIsoDate } from "#app/domain/shared/dates";
import { COMPLETED_STATUSES } from "#app/domain/plans/progress";
import { AppError, AppErrorCode } from "#app/utils/errors";
import { CommonMessages } from "#app/messages/common";
import { TaskMessages } from "#app/messages/plans";
import { appendAuditEvent } from "#app/platform/audit.server";
import { auditActorOf, nowOf, type ServiceContext } from "#app/platform/context.server";
import { getFileRow, insertFileRow, readStoredFile, writeBlob } from "#app/platform/files/files.server";
import { checkUploadedFile } from "#app/platform/files/upload-content.server";
import { journal, loadTask, requireUpdate } from "#app/features/plans/task-access.server";

// ---- Evidence -------------------------------------------------------------------------------------

/** Evidence files (tasks.md §4.6): documents and scans, checked by content (app/platform/files/upload-content.server.ts). */
const EVIDENCE_KINDS = ["pdf", "docx", "xlsx", "png", "jpeg"] as const;

function checkItem(ctx: ServiceContext, taskId: number, itemId: number | null | undefined): number | null {
  if (!itemId) return null;
  const item = ctx.db
    .select()
    .from(taskEvidenceItems)
    .where(and(eq(taskEvidenceItems.id, itemId), eq(taskEvidenceItems.taskId, taskId)))
    .get();
  if (!item) throw new AppError(AppErrorCode.VALIDATION, TaskMessages.EVIDENCE_ITEM_FOREIGN, { itemId: TaskMessages.CHOOSE_AGAIN });
  return item.id;
}

/** Uploads a file (PDF, DOCX, XLSX, PNG, JPEG) as evidence, content-addressed. */
export async function attachEvidenceFile(
  ctx: ServiceContext,
  options: { taskId: number; itemId?: number | null; bytes: Uint8Array; fileName: string; title?: string | null; note?: string | null },
): Promise<number> {
  const { task, perms } = loadTask(ctx, options.taskId);
  if (!perms.canUpdate && !perms.canContribute) requireUpdate(perms);
  // A truncated, encrypted or cyclic PDF, a renamed executable or an image bomb is refused here.
  const kind = await checkUploadedFile(options.bytes, { fileName: options.fileName, field: "file", accept: EVIDENCE_KINDS });
  const itemId = checkItem(ctx, task.id, options.itemId);
  const blob = writeBlob(ctx.dataDir, options.bytes);
  const now = nowOf(ctx);
  return writeTransaction(ctx.db, (tx) => {
    const file = insertFileRow(tx, { blob, mimeType: kind.mimeType, originalName: options.fileName, createdBy: ctx.actor.id || null, at: now });
    const row = tx
      .insert(taskEvidence)
      .values({
        taskId: task.id,
        itemId,
        kind: "file",
        fileId: file.id,
        title: options.title?.trim() || options.fileName,
        note: options.note?.trim() || null,
        attachedBy: ctx.actor.id || null,
        attachedByOrganizationId: ctx.actor.organizationId || null,
        attachedAt: now,
      })
      .returning({ id: taskEvidence.id })
      .get();
    journal(tx, ctx, task, { kind: "evidence", note: `Đính kèm tệp “${options.fileName}”` });
    appendAuditEvent(tx, {
      at: now,
      ...auditActorOf(ctx),
      action: "task.evidence_file",
      entityType: "plan_task",
      entityId: task.id,
      detail: { evidenceId: row.id, sha256: blob.sha256, itemId },
    });
    return row.id;
  });
}

/** Links a document as evidence by its reference (number-symbol, date, title). */
export function attachEvidenceReference(
  ctx: ServiceContext,
  options: { taskId: number; itemId?: number | null; documentNumber: string; documentDate?: string | null; title: string; note?: string | null },
): number {
  const { task, perms } = loadTask(ctx, options.taskId);
  if (!perms.canUpdate && !perms.canContribute) requireUpdate(perms);
  const fieldErrors: Record<string, string> = {};
  if (!options.documentNumber?.trim()) fieldErrors.documentNumber = "Nhập số, ký hiệu văn bản";
  if (!options.title?.trim()) fieldErrors.title = "Nhập trích yếu";
  if (options.documentDate && !isValidIsoDate(options.documentDate)) fieldErrors.documentDate = "Ngày không hợp lệ";
  if (Object.keys(fieldErrors).length) throw new AppError(AppErrorCode.VALIDATION, Object.values(fieldErrors)[0], fieldErrors);
  const itemId = checkItem(ctx, task.id, options.itemId);
  const now = nowOf(ctx);
  return writeTransaction(ctx.db, (tx) => {
    const row = tx
      .insert(taskEvidence)
      .values({
        taskId: task.id,
        itemId,
        kind: "document_ref",
        documentNumber: options.documentNumber.trim(),
        documentDate: options.documentDate || null,
        title: options.title.trim(),
        note: options.note?.trim() || null,
        attachedBy: ctx.actor.id || null,
        attachedByOrganizationId: ctx.actor.organizationId || null,
        attachedAt: now,
      })
      .returning({ id: taskEvidence.id })
      .get();
    journal(tx, ctx, task, { kind: "evidence", note: `Liên kết văn bản ${options.documentNumber.trim()}` });
    appendAuditEvent(tx, {
      at: now,
      ...auditActorOf(ctx),
      action: "task.evidence_document",
      entityType: "plan_task",
      entityId: task.id,
      detail: { evidenceId: row.id, documentNumber: options.documentNumber, itemId },
    });
    return row.id;
  });
}

export function removeEvidence(ctx: ServiceContext, options: { taskId: number; evidenceId: number }): void {
  const { task, perms } = loadTask(ctx, options.taskId);
  requireUpdate(perms);
  const ev = ctx.db
    .select()
    .from(taskEvidence)
    .where(and(eq(taskEvidence.id, options.evidenceId), eq(taskEvidence.taskId, task.id), isNull(taskEvidence.removedAt)))
    .get();
  if (!ev) throw new AppError(AppErrorCode.NOT_FOUND, CommonMessages.NOT_FOUND("tài liệu"));
  if (COMPLETED_STATUSES.has(task.status)) throw new AppError(AppErrorCode.INVALID_STATE, TaskMessages.EVIDENCE_LOCKED);
  const now = nowOf(ctx);
  writeTransaction(ctx.db, (tx) => {
    tx.update(taskEvidence).set({ removedAt: now }).where(eq(taskEvidence.id, ev.id)).run();
    journal(tx, ctx, task, { kind: "evidence", note: `Gỡ tài liệu “${ev.title}”` });
    appendAuditEvent(tx, {
      at: now,
      ...auditActorOf(ctx),
      action: "task.evidence_remove",
      entityType: "plan_task",
      entityId: task.id,
      detail: { evidenceId: ev.id },
    });
  });
}

/** The bytes of an evidence file, for a user who may see the task (else NOT_FOUND). Removed evidence is gone for downloads too. */
export function readEvidenceFile(ctx: ServiceContext, options: { taskId: number; evidenceId: number }): { bytes: Buffer; fileName: string; mimeType: string } {
  const { task } = loadTask(ctx, options.taskId);
  const ev = ctx.db
    .select()
    .from(taskEvidence)
    .where(and(eq(taskEvidence.id, options.evidenceId), eq(taskEvidence.taskId, task.id), isNull(taskEvidence.removedAt)))
    .get();
  const row = ev?.fileId ? getFileRow(ctx.db, ev.fileId) : undefined;
  if (!row) throw new AppError(AppErrorCode.NOT_FOUND, CommonMessages.NOT_FOUND("tệp"));
  return { bytes: readStoredFile(ctx.dataDir, row), fileName: row.originalName ?? "tai-lieu", mimeType: row.mimeType };
}
