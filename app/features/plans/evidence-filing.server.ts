// Task evidence (minh chứng) as records for case files (issue 17 §2: "incoming and outgoing documents (and plan
// evidence) are added to it"). The case-files feature reads evidence only through these functions: what one piece
// of evidence is (title, number, date, stored file, the task it proves), whether the actor may file it (they see
// the task, and their organisation attached it: an organisation files the records it produced), and the pieces
// the actor may file. Evidence removed from a task after it was filed stays described: the case file keeps it.
import { and, desc, eq, inArray, isNull } from "drizzle-orm";
import type { DbOrTx } from "#db/client";
import { plans, planTasks, taskEvidence } from "#db/schema/index";
import { toVietnamDate } from "#app/domain/shared/dates";
import { AppError, AppErrorCode } from "#app/utils/errors";
import { CommonMessages } from "#app/messages/common";
import type { ServiceContext } from "#app/platform/context.server";
import { loadTask, taskPermissions } from "#app/features/plans/task-access.server";

/** The audit entity of a plan task (the evidence's attach/remove rows are written on the task). */
export const PLAN_TASK_ENTITY = "plan_task";

export type EvidenceRecord = {
  evidenceId: number;
  /** "file": an uploaded file; "document_ref": a document named by number and date (no file here). */
  kind: "file" | "document_ref" | "register_document";
  taskId: number;
  taskTitle: string;
  planTitle: string;
  title: string;
  documentNumber: string | null;
  /** The document's date when given, else the day it was attached (ISO). */
  date: string;
  fileId: number | null;
  organizationId: number | null;
  isRemoved: boolean;
};

function select(db: DbOrTx) {
  return db
    .select({ e: taskEvidence, taskTitle: planTasks.title, planTitle: plans.title })
    .from(taskEvidence)
    .innerJoin(planTasks, eq(planTasks.id, taskEvidence.taskId))
    .innerJoin(plans, eq(plans.id, planTasks.planId));
}

function recordOf(row: { e: typeof taskEvidence.$inferSelect; taskTitle: string; planTitle: string }): EvidenceRecord {
  const { e } = row;
  return {
    evidenceId: e.id,
    kind: e.kind,
    taskId: e.taskId,
    taskTitle: row.taskTitle,
    planTitle: row.planTitle,
    title: e.title,
    documentNumber: e.documentNumber,
    date: e.documentDate ?? toVietnamDate(e.attachedAt),
    fileId: e.fileId,
    organizationId: e.attachedByOrganizationId,
    isRemoved: e.removedAt !== null,
  };
}

/** The evidence rows by id, whatever their state (a case file's table of contents; no visibility filter). */
export function describeTaskEvidence(db: DbOrTx, evidenceIds: number[]): Map<number, EvidenceRecord> {
  if (evidenceIds.length === 0) return new Map();
  return new Map(
    select(db)
      .where(inArray(taskEvidence.id, evidenceIds))
      .all()
      .map((r) => [r.e.id, recordOf(r)]),
  );
}

/**
 * One piece of evidence the actor may file: they can open its task, it is still attached, and their organisation
 * attached it. Anything else is NOT_FOUND (never confirm what the actor cannot see).
 */
export function loadEvidenceForFiling(ctx: ServiceContext, evidenceId: number): EvidenceRecord {
  const notFound = () => new AppError(AppErrorCode.NOT_FOUND, CommonMessages.NOT_FOUND("tài liệu kiểm chứng"));
  if (!Number.isInteger(evidenceId) || evidenceId <= 0) throw notFound();
  const row = select(ctx.db).where(eq(taskEvidence.id, evidenceId)).get();
  if (!row || row.e.removedAt !== null || row.e.attachedByOrganizationId !== ctx.actor.organizationId) throw notFound();
  try {
    loadTask(ctx, row.e.taskId);
  } catch {
    throw notFound();
  }
  return recordOf(row);
}

/** The newest evidence the actor may file (see loadEvidenceForFiling), without the ids in `exclude`. */
export function listEvidenceForFiling(ctx: ServiceContext, options: { exclude?: ReadonlySet<number>; limit?: number } = {}): EvidenceRecord[] {
  const limit = options.limit ?? 30;
  const rows = select(ctx.db)
    .where(
      and(
        eq(taskEvidence.attachedByOrganizationId, ctx.actor.organizationId),
        isNull(taskEvidence.removedAt),
        inArray(taskEvidence.kind, ["file", "document_ref"]),
      ),
    )
    .orderBy(desc(taskEvidence.id))
    .limit(limit * 4)
    .all()
    .filter((r) => !options.exclude?.has(r.e.id));
  const visible = new Map<number, boolean>();
  const out: EvidenceRecord[] = [];
  for (const row of rows) {
    if (!visible.has(row.e.taskId)) {
      const task = ctx.db.select().from(planTasks).where(eq(planTasks.id, row.e.taskId)).get();
      const plan = task ? ctx.db.select().from(plans).where(eq(plans.id, task.planId)).get() : undefined;
      visible.set(row.e.taskId, !!task && !!plan && taskPermissions(ctx, task, plan).canView);
    }
    if (visible.get(row.e.taskId)) out.push(recordOf(row));
    if (out.length >= limit) break;
  }
  return out;
}
