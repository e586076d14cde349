// Report snapshots: the appendices of a period generated once and frozen in report_snapshots; the
// figures JSON and the files (content-addressed) never change after generation.
import { desc, eq, inArray } from "drizzle-orm";
import { writeTransaction } from "#db/client";
import { reportSnapshots, plans, users } from "#db/schema/index";
import { formatDateVi, toVietnamDate } from "#app/domain/shared/dates";
import { reportingPeriods, type ReportingPeriodKey } from "#app/domain/plans/reporting-periods";
import { AppError, AppErrorCode } from "#app/utils/errors";
import { CommonMessages } from "#app/messages/common";
import { PlanMessages } from "#app/messages/plans";
import { userHasPermission } from "#app/platform/auth/actor";
import { appendAuditEvent } from "#app/platform/audit.server";
import { auditActorOf, nowOf, type ServiceContext } from "#app/platform/context.server";
import { getFileRow, insertFileRow, readStoredFile, writeBlob } from "#app/platform/files/files.server";
import { requirePlanAccess } from "#app/features/plans/access.server";
import { listPlans } from "#app/features/plans/plans.server";
import { buildReportFigures, type ReportFigures } from "#app/features/plans/reports/figures.server";
import { buildReportXlsx } from "#app/features/plans/reports/xlsx.server";
import { buildReportPdf } from "#app/features/plans/reports/pdf.server";

/** Generates the appendices for a period and freezes them (figures JSON + XLSX + PDF). */
export async function generateReportSnapshot(
  ctx: ServiceContext,
  options: { planId: number; periodKey: ReportingPeriodKey; year?: number; confirmEarly?: boolean },
): Promise<{ snapshotId: number }> {
  const { plan } = requirePlanAccess(ctx, options.planId);
  if (!userHasPermission(ctx.actor, "manage:plan") && ctx.actor.id !== 0) throw new AppError(AppErrorCode.FORBIDDEN, PlanMessages.REPORT_MANAGER_ONLY);
  const year = options.year ?? plan.year;
  if (!reportingPeriods(year).some((p) => p.key === options.periodKey)) throw new AppError(AppErrorCode.VALIDATION, PlanMessages.PERIOD_INVALID);
  // A report is frozen for good. Before its cut-off date the figures are still moving (tasks done after
  // today would be missing), so it is frozen early only when the manager confirms it (issue 9).
  const period = reportingPeriods(year).find((p) => p.key === options.periodKey)!;
  const today = toVietnamDate(nowOf(ctx));
  const isEarly = period.cutOff > today;
  if (isEarly && !options.confirmEarly) {
    const message = PlanMessages.PERIOD_NOT_CLOSED_DETAIL(period.label, formatDateVi(period.cutOff), formatDateVi(today));
    throw new AppError(AppErrorCode.VALIDATION, PlanMessages.PERIOD_NOT_CLOSED, { confirmEarly: message });
  }
  const figures = buildReportFigures(ctx, plan, options.periodKey, year);
  const xlsx = await buildReportXlsx(figures);
  const pdf = await buildReportPdf(figures);
  const xlsxBlob = writeBlob(ctx.dataDir, xlsx);
  const pdfBlob = writeBlob(ctx.dataDir, pdf);
  const now = nowOf(ctx);
  const base = `bao-cao-${figures.period.key}-${year}-ke-hoach-${plan.id}`;
  const snapshotId = writeTransaction(ctx.db, (tx) => {
    const x = insertFileRow(tx, {
      blob: xlsxBlob,
      mimeType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
      originalName: `${base}.xlsx`,
      createdBy: ctx.actor.id || null,
      at: now,
    });
    const p = insertFileRow(tx, { blob: pdfBlob, mimeType: "application/pdf", originalName: `${base}.pdf`, createdBy: ctx.actor.id || null, at: now });
    const row = tx
      .insert(reportSnapshots)
      .values({
        planId: plan.id,
        periodKey: figures.period.key,
        year,
        label: figures.period.label,
        cutOff: figures.period.cutOff,
        figures: JSON.stringify(figures),
        xlsxFileId: x.id,
        pdfFileId: p.id,
        generatedBy: ctx.actor.id || null,
        generatedAt: now,
      })
      .returning({ id: reportSnapshots.id })
      .get();
    appendAuditEvent(tx, {
      at: now,
      ...auditActorOf(ctx),
      action: "plan.report",
      entityType: "report_snapshot",
      entityId: row.id,
      detail: {
        planId: plan.id,
        period: figures.period,
        ...(isEarly ? { beforeCutOff: today } : {}),
        done: figures.summary.done,
        countable: figures.summary.countable,
        xlsx: xlsxBlob.sha256,
        pdf: pdfBlob.sha256,
      },
    });
    return row.id;
  });
  return { snapshotId };
}

export type SnapshotListItem = {
  id: number;
  planId: number;
  planTitle: string;
  label: string;
  cutOff: string;
  generatedAt: Date;
  generatedByName: string | null;
  done: number;
  countable: number;
  rateText: string;
};

/** Snapshots of the plans the actor can see (one plan, or all). */
export function listReportSnapshots(ctx: ServiceContext, planId?: number): SnapshotListItem[] {
  const planIds = planId ? [requirePlanAccess(ctx, planId).plan.id] : listPlans(ctx).map((p) => p.id);
  if (!planIds.length) return [];
  return ctx.db
    .select({ s: reportSnapshots, planTitle: plans.title, byName: users.fullName })
    .from(reportSnapshots)
    .innerJoin(plans, eq(plans.id, reportSnapshots.planId))
    .leftJoin(users, eq(users.id, reportSnapshots.generatedBy))
    .where(inArray(reportSnapshots.planId, planIds))
    .orderBy(desc(reportSnapshots.generatedAt), desc(reportSnapshots.id))
    .all()
    .map((r) => {
      const f = JSON.parse(r.s.figures) as ReportFigures;
      return {
        id: r.s.id,
        planId: r.s.planId,
        planTitle: r.planTitle,
        label: r.s.label,
        cutOff: r.s.cutOff,
        generatedAt: r.s.generatedAt,
        generatedByName: r.byName,
        done: f.summary.done,
        countable: f.summary.countable,
        rateText: f.summary.rateText,
      };
    });
}

export function getReportSnapshot(ctx: ServiceContext, snapshotId: number) {
  const s = ctx.db.select().from(reportSnapshots).where(eq(reportSnapshots.id, snapshotId)).get();
  if (!s) throw new AppError(AppErrorCode.NOT_FOUND, CommonMessages.NOT_FOUND("báo cáo"));
  requirePlanAccess(ctx, s.planId);
  return { ...s, figures: JSON.parse(s.figures) as ReportFigures };
}

/** The frozen file of a snapshot (XLSX or PDF). */
export function readReportFile(ctx: ServiceContext, snapshotId: number, format: "xlsx" | "pdf"): { bytes: Buffer; fileName: string; mimeType: string } {
  const s = getReportSnapshot(ctx, snapshotId);
  const row = getFileRow(ctx.db, format === "xlsx" ? s.xlsxFileId : s.pdfFileId);
  if (!row) throw new AppError(AppErrorCode.NOT_FOUND, CommonMessages.NOT_FOUND("tệp"));
  return { bytes: readStoredFile(ctx.dataDir, row), fileName: row.originalName ?? `bao-cao.${format}`, mimeType: row.mimeType };
}
