// Plan import (issue 6): the appendix (CSV/XLSX) is read in the untrusted pool, previewed against the
// directory, then committed as a plan with its areas, tasks, cooperators and KPIs in one transaction.
import { createHash } from "node:crypto";
import { writeTransaction, type Tx } from "#db/client";
import { planAreas, planKpis, plans, planTasks, taskCooperators, taskEvents, taskEvidenceItems } from "#db/schema/index";
import { userHasPermission } from "#app/platform/auth/actor";
import { formatDateVi, isValidIsoDate, toVietnamDate } from "#app/domain/shared/dates";
import { DEADLINE_KIND_LABELS, type DeadlineKind } from "#app/domain/shared/deadlines";
import { parseKpiTarget } from "#app/domain/plans/kpi";
import {
  createUnitResolver,
  importedStatusSince,
  parsePlanAppendix,
  PlanImportError,
  type DirectoryUnit,
  type PlanImportResult as ParsedAppendix,
} from "#app/domain/plans/plan-import";
import { COMPLETED_STATUSES, TASK_STATUS_LABELS, type TaskStatus } from "#app/domain/plans/progress";
import { AppError, AppErrorCode } from "#app/utils/errors";
import { CommonMessages } from "#app/messages/common";
import { PlanMessages } from "#app/messages/plans";
import { appendAuditEvent } from "#app/platform/audit.server";
import { auditActorOf, nowOf, type ServiceContext } from "#app/platform/context.server";
import { insertFileRow, readStoredFile, writeBlob } from "#app/platform/files/files.server";
import { SPREADSHEET_LIMITS } from "#app/domain/plans/plan-import";
import { runUntrusted, UntrustedTaskError } from "#app/platform/untrusted/pool.server";
import { defaultPlanOwner, planDirectory, planScopeOrganizationIds } from "#app/features/plans/access.server";

// ---- Spreadsheet reading ----------------------------------------------------------------------------

/**
 * Reads the uploaded appendix (XLSX or CSV) into rows of cell strings, in the untrusted-file pool
 * (app/features/plans/spreadsheet.task.ts): rows, columns, inflated bytes, time and memory are limited there,
 * and a file over a limit is refused with a Vietnamese message naming it.
 */
async function readSpreadsheet(bytes: Uint8Array): Promise<string[][]> {
  if (bytes.byteLength > SPREADSHEET_LIMITS.maxFileBytes) {
    throw new PlanImportError(PlanMessages.APPENDIX_TOO_LARGE(SPREADSHEET_LIMITS.maxFileBytes / 1024 / 1024));
  }
  try {
    return await runUntrusted<string[][]>("spreadsheet", { bytes }, { timeoutMs: SPREADSHEET_LIMITS.timeoutMs, maxMemoryMb: SPREADSHEET_LIMITS.maxMemoryMb });
  } catch (error) {
    if (error instanceof UntrustedTaskError) {
      if (error.code === "BUSY") throw new AppError(AppErrorCode.RATE_LIMITED, error.message);
      throw new PlanImportError(error.message);
    }
    throw error;
  }
}

// ---- Import ----------------------------------------------------------------------------------------

export type PreviewTask = {
  rowNumber: number;
  ordinal: string | null;
  title: string;
  evidence: string[];
  deadlineText: string;
  deadlineKind: DeadlineKind;
  deadlineKindLabel: string;
  dueDate: string | null;
  deadlineNeedsInput: boolean;
  deadlineNote: string | null;
  leadUnitText: string;
  leadUnitId: number | null;
  leadUnitName: string | null;
  /** Event a relative deadline counts from ("ngày ký quyết định công bố"), else null. */
  anchorEvent: string | null;
  cooperatingText: string;
  cooperating: Array<{ id: number; name: string }>;
  cooperatingUnresolved: string[];
  status: TaskStatus;
  statusLabel: string;
  completedOn: string | null;
  note: string | null;
  criterionCodes: string[];
  weight: number;
};

export type PlanImportPreview = {
  sha256: string;
  fileName: string;
  year: number;
  ownerOrganizationId: number;
  areas: Array<{ code: string; title: string; tasks: PreviewTask[] }>;
  taskCount: number;
  errors: string[];
  warnings: string[];
  unresolvedUnits: string[];
  deadlinesToSet: number;
};

/** Rows searched for the header row: appendices carry a few title rows above it. */
const HEADER_SEARCH_ROWS = 30;

function buildPreview(parsed: ParsedAppendix, directory: DirectoryUnit[], today: string) {
  const nameOf = new Map(directory.map((d) => [d.id, d.name]));
  const unresolved = new Set<string>();
  const errors = parsed.errors.map((e) => e.message);
  let deadlinesToSet = 0;
  const areas = parsed.areas.map((area) => ({
    code: area.code,
    title: area.title,
    tasks: area.tasks.map((t): PreviewTask => {
      const d = t.deadline;
      const lead = t.leadUnit;
      if (lead.text && lead.unitId === null) unresolved.add(lead.text);
      const cooperating = new Map<number, string>();
      const cooperatingUnresolved: string[] = [];
      for (const u of t.cooperatingUnits) {
        if (u.unitId === null) {
          cooperatingUnresolved.push(u.text);
          unresolved.add(u.text);
        } else cooperating.set(u.unitId, nameOf.get(u.unitId)!);
      }
      const needsInput = d.dueDate === null && (d.kind === "unparsed" || d.kind === "relative");
      if (needsInput) deadlinesToSet++;
      if (t.completedOn && t.completedOn > today) errors.push(`Dòng ${t.rowNumber}: ngày hoàn thành ${formatDateVi(t.completedOn)} ở tương lai`);
      const status = t.status ?? "not_started";
      return {
        rowNumber: t.rowNumber,
        ordinal: t.ordinal ?? null,
        title: t.title,
        evidence: t.evidence,
        deadlineText: t.deadlineText,
        deadlineKind: d.kind,
        deadlineKindLabel: DEADLINE_KIND_LABELS[d.kind],
        dueDate: d.dueDate,
        deadlineNeedsInput: needsInput,
        deadlineNote: d.note ?? null,
        leadUnitText: lead.text,
        leadUnitId: lead.unitId,
        leadUnitName: lead.unitId === null ? null : nameOf.get(lead.unitId)!,
        anchorEvent: d.kind === "relative" ? (d.relative?.anchor ?? null) : null,
        cooperatingText: t.cooperatingText,
        cooperating: [...cooperating].map(([id, name]) => ({ id, name })),
        cooperatingUnresolved,
        status,
        statusLabel: TASK_STATUS_LABELS[status],
        completedOn: t.completedOn ?? null,
        note: t.note ?? null,
        criterionCodes: t.parCriteria ?? [],
        weight: t.weight ?? 1,
      };
    }),
  }));
  return { areas, errors, unresolvedUnits: [...unresolved], deadlinesToSet };
}

const SHA256_RE = /^[0-9a-f]{64}$/;

/**
 * Step 1 of the import: stores the uploaded file (content-addressed, so step 2 finds it by hash) and
 * returns the preview: every parsed deadline, every unresolved unit, errors that block the commit.
 * Writes no row. A file that cannot be read throws VALIDATION with a clear message.
 */
export async function previewPlanImport(
  ctx: ServiceContext,
  options: { bytes?: Uint8Array; sha256?: string; fileName: string; year: number; ownerOrganizationId?: number },
): Promise<PlanImportPreview> {
  if (!userHasPermission(ctx.actor, "manage:plan") && ctx.actor.id !== 0) throw new AppError(AppErrorCode.NOT_FOUND, CommonMessages.NOT_FOUND("trang"));
  if (!Number.isInteger(options.year) || options.year < 2000 || options.year > 2100)
    throw new AppError(AppErrorCode.VALIDATION, PlanMessages.YEAR_INVALID, { year: PlanMessages.YEAR_RANGE });
  let bytes: Uint8Array;
  let sha256: string;
  if (options.bytes) {
    // Stored only once it parsed (below): a refused file leaves nothing behind.
    sha256 = createHash("sha256").update(options.bytes).digest("hex");
    bytes = options.bytes;
  } else {
    if (!options.sha256 || !SHA256_RE.test(options.sha256)) throw new AppError(AppErrorCode.VALIDATION, PlanMessages.NO_FILE_CHOSEN);
    sha256 = options.sha256;
    try {
      bytes = readStoredFile(ctx.dataDir, { sha256 });
    } catch {
      throw new AppError(AppErrorCode.VALIDATION, PlanMessages.UPLOAD_EXPIRED);
    }
  }
  const owner = options.ownerOrganizationId ?? defaultPlanOwner(ctx);
  if (ctx.actor.id !== 0 && !planScopeOrganizationIds(ctx).includes(owner))
    throw new AppError(AppErrorCode.NOT_FOUND, CommonMessages.NOT_FOUND("cơ quan, đơn vị"));
  const directory = planDirectory(ctx, owner);
  let parsed: ParsedAppendix;
  try {
    parsed = parsePlanAppendix(await readSpreadsheet(bytes), { planYear: options.year, units: directory, headerSearchRows: HEADER_SEARCH_ROWS });
    if (!parsed.readable) throw new PlanImportError(parsed.errors.map((e) => e.message).join(". "));
  } catch (error) {
    if (error instanceof PlanImportError) throw new AppError(AppErrorCode.VALIDATION, error.message, { file: error.message });
    throw error;
  }
  // The commit step finds the file by hash; an abandoned preview's blob is collected after a day (files-gc).
  if (options.bytes) writeBlob(ctx.dataDir, options.bytes);
  const today = toVietnamDate(nowOf(ctx));
  const built = buildPreview(parsed, directory, today);
  return {
    sha256,
    fileName: options.fileName,
    year: options.year,
    ownerOrganizationId: owner,
    areas: built.areas,
    taskCount: built.areas.reduce((n, a) => n + a.tasks.length, 0),
    errors: built.errors,
    warnings: parsed.warnings.map((w) => w.message),
    unresolvedUnits: built.unresolvedUnits,
    deadlinesToSet: built.deadlinesToSet,
  };
}

export type CommitPlanImportOptions = {
  sha256: string;
  fileName: string;
  title: string;
  year: number;
  documentNumber?: string | null;
  documentDate?: string | null;
  ownerOrganizationId?: number;
  /** KPI rows to create with the plan (demo seed: the plan body's quantified goals). */
  kpis?: Array<{ content: string; targetText: string; leadUnit?: string | null }>;
};

export type PlanImportResult = { planId: number; areas: number; tasks: number; unresolvedUnits: string[]; deadlinesToSet: number };

function mimeOf(fileName: string, bytes: Uint8Array): string {
  if (bytes[0] === 0x50 && bytes[1] === 0x4b) return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
  return /\.csv$/i.test(fileName) ? "text/csv" : "text/plain";
}

/** Step 2: re-parses the stored file and creates the plan in one transaction; any error changes nothing. */
export async function commitPlanImport(ctx: ServiceContext, options: CommitPlanImportOptions): Promise<PlanImportResult> {
  const title = options.title.trim();
  if (!title) throw new AppError(AppErrorCode.VALIDATION, PlanMessages.TITLE_REQUIRED, { title: PlanMessages.TITLE_REQUIRED });
  if (options.documentDate && !isValidIsoDate(options.documentDate))
    throw new AppError(AppErrorCode.VALIDATION, PlanMessages.DOCUMENT_DATE_INVALID, { documentDate: PlanMessages.DATE_INVALID });
  const preview = await previewPlanImport(ctx, {
    sha256: options.sha256,
    fileName: options.fileName,
    year: options.year,
    ownerOrganizationId: options.ownerOrganizationId,
  });
  if (preview.errors.length)
    throw new AppError(AppErrorCode.VALIDATION, PlanMessages.FILE_HAS_ERRORS(preview.errors.length, preview.errors.slice(0, 5).join(" ")));
  const bytes = readStoredFile(ctx.dataDir, { sha256: preview.sha256 });
  const now = nowOf(ctx);
  const today = toVietnamDate(now);
  const resolveUnit = createUnitResolver(planDirectory(ctx, preview.ownerOrganizationId));
  const planId = writeTransaction(ctx.db, (tx) => {
    const file = insertFileRow(tx, {
      blob: { sha256: preview.sha256, size: bytes.byteLength },
      mimeType: mimeOf(options.fileName, bytes),
      originalName: options.fileName,
      createdBy: ctx.actor.id || null,
      at: now,
    });
    const plan = tx
      .insert(plans)
      .values({
        organizationId: preview.ownerOrganizationId,
        title,
        year: options.year,
        documentNumber: options.documentNumber?.trim() || null,
        documentDate: options.documentDate || null,
        sourceFileId: file.id,
        createdBy: ctx.actor.id || null,
        createdAt: now,
        updatedAt: now,
      })
      .returning()
      .get();
    const statusSince = importedStatusSince(
      options.year,
      plan.documentDate,
      preview.areas.flatMap((a) => a.tasks.filter((t) => COMPLETED_STATUSES.has(t.status)).map((t) => t.completedOn)),
    );
    insertPreviewTasks(tx, ctx, plan.id, preview, now, today, statusSince);
    (options.kpis ?? []).forEach((k, i) => {
      const parsed = parseKpiTarget(k.targetText);
      const leadUnitId = k.leadUnit ? resolveUnit(k.leadUnit) : null;
      tx.insert(planKpis)
        .values({
          planId: plan.id,
          sortOrder: i + 1,
          content: k.content,
          targetText: k.targetText,
          targetValue: parsed.value,
          unit: parsed.unit,
          direction: parsed.direction,
          increaseMode: parsed.increaseMode ?? null,
          leadUnitId,
          leadUnitText: k.leadUnit ?? null,
          updatedAt: now,
        })
        .run();
    });
    appendAuditEvent(tx, {
      at: now,
      ...auditActorOf(ctx),
      action: "plan.import",
      entityType: "plan",
      entityId: plan.id,
      toState: "imported",
      detail: {
        title,
        year: options.year,
        file: options.fileName,
        sha256: preview.sha256,
        areas: preview.areas.length,
        tasks: preview.taskCount,
        unresolvedUnits: preview.unresolvedUnits,
      },
    });
    return plan.id;
  });
  return { planId, areas: preview.areas.length, tasks: preview.taskCount, unresolvedUnits: preview.unresolvedUnits, deadlinesToSet: preview.deadlinesToSet };
}

/** `statusSince`: when a status from the file without a completion date takes effect (importedStatusSince). */
function insertPreviewTasks(tx: Tx, ctx: ServiceContext, planId: number, preview: PlanImportPreview, now: Date, today: string, statusSince: string): void {
  let order = 0;
  preview.areas.forEach((area, ai) => {
    const areaRow = tx
      .insert(planAreas)
      .values({ planId, code: area.code, title: area.title, sortOrder: ai + 1 })
      .returning({ id: planAreas.id })
      .get();
    for (const t of area.tasks) {
      order++;
      const isCompleted = COMPLETED_STATUSES.has(t.status);
      const task = tx
        .insert(planTasks)
        .values({
          planId,
          areaId: areaRow.id,
          ordinal: t.ordinal,
          sortOrder: order,
          title: t.title,
          deadlineText: t.deadlineText,
          deadlineKind: t.deadlineKind,
          dueDate: t.dueDate,
          dueDateNeedsInput: t.deadlineNeedsInput,
          anchorEvent: t.anchorEvent,
          leadUnitId: t.leadUnitId,
          leadUnitText: t.leadUnitText,
          cooperatingText: t.cooperatingText,
          cooperatingUnresolved: JSON.stringify(t.cooperatingUnresolved),
          criterionCodes: t.criterionCodes.join(", "),
          weight: t.weight,
          note: t.note,
          status: t.status,
          completedOn: isCompleted ? t.completedOn : null,
          statusReason: t.status === "paused" || t.status === "deferred" ? t.note : null,
          createdAt: now,
          updatedAt: now,
        })
        .returning({ id: planTasks.id })
        .get();
      t.evidence.forEach((description, i) => {
        tx.insert(taskEvidenceItems)
          .values({ taskId: task.id, description, sortOrder: i + 1 })
          .run();
      });
      for (const c of t.cooperating) tx.insert(taskCooperators).values({ taskId: task.id, organizationId: c.id }).onConflictDoNothing().run();
      tx.insert(taskEvents)
        .values({
          taskId: task.id,
          planId,
          at: now,
          effectiveOn: today,
          actorId: ctx.actor.id || null,
          organizationId: ctx.actor.organizationId || null,
          kind: "created",
          toStatus: null,
          note: `Nhập từ tệp ${preview.fileName}, dòng ${t.rowNumber}`,
        })
        .run();
      if (t.status !== "not_started") {
        tx.insert(taskEvents)
          .values({
            taskId: task.id,
            planId,
            at: now,
            effectiveOn: isCompleted && t.completedOn ? t.completedOn : statusSince,
            actorId: ctx.actor.id || null,
            organizationId: ctx.actor.organizationId || null,
            kind: "status",
            fromStatus: "not_started",
            toStatus: t.status,
            completedOn: isCompleted ? t.completedOn : null,
            note: `Tình trạng theo tệp nhập${t.note ? `: ${t.note}` : ""}`,
          })
          .run();
      }
    }
  });
}
