// Demo data for reform plans: the 2023 PAR plan of seed 001 (123/KH-UBND), imported through the real
// import, then worked through the real task services at dates in 2023, so the dashboard shows a
// living plan: completions with evidence (some late), work in progress, a pause waiting for central
// guidance, a completion awaiting confirmation, an event that did not occur, and KPI results.
import { vietnamInstant } from "#app/domain/shared/dates";
import type { Db } from "#db/client";
import { PAR_PLAN_2023, parPlan2023AsRows } from "#app/domain/plans/par-plan-2023";
import { loadActor } from "#app/platform/auth/actor.server";
import { systemActor, type ServiceContext } from "#app/platform/context.server";
import { findOrganizationByName, PROVINCE_NAME } from "#app/features/demo/directory.server";
import {
  commitPlanImport,
  previewPlanImport,
  saveKpi,
  listPlanKpis,
  attachEvidenceReference,
  changeTaskStatus,
  getTaskDetail,
  addTaskEntry,
} from "#app/features/plans/index";
import { findUserByUsername } from "#app/platform/users.server";
import { planTasks } from "#db/schema/index";
import { asc, eq } from "drizzle-orm";
import { present } from "#app/utils/errors";

/** RFC 4180 CSV of a table (fields quoted when needed). */
export function toCsv(rows: string[][]): string {
  return `${rows.map((r) => r.map((c) => (/[",\n\r;]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c)).join(",")).join("\r\n")}\r\n`;
}

const at = (iso: string) => () => vietnamInstant(iso, "09:00");

export async function seedDemoPlans(db: Db, dataDir: string): Promise<{ planId: number; tasks: number }> {
  const province = findOrganizationByName(db, PROVINCE_NAME);
  const managerUser = findUserByUsername(db, "sonoivu");
  const tuphapUser = findUserByUsername(db, "sotuphap");
  if (!province || !managerUser || !tuphapUser) throw new Error("Demo directory/accounts missing for the plan demo");
  const manager = present(loadActor(db, managerUser.id), "the demo plan manager");
  const tuphap = present(loadActor(db, tuphapUser.id), "the demo department user");
  const sys: ServiceContext = { db, dataDir, actor: systemActor(), now: at("2023-06-01") };
  const bytes = new TextEncoder().encode(toCsv(parPlan2023AsRows()));
  const preview = await previewPlanImport(
    { ...sys, actor: manager },
    { bytes, fileName: "phu-luc-ke-hoach-123-KH-UBND-2023.csv", year: PAR_PLAN_2023.year, ownerOrganizationId: province.id },
  );
  const result = await commitPlanImport(
    { ...sys, actor: manager },
    {
      sha256: preview.sha256,
      fileName: "phu-luc-ke-hoach-123-KH-UBND-2023.csv",
      title: PAR_PLAN_2023.title,
      year: PAR_PLAN_2023.year,
      documentNumber: PAR_PLAN_2023.documentNumber,
      documentDate: PAR_PLAN_2023.issuedOn,
      ownerOrganizationId: province.id,
      kpis: PAR_PLAN_2023.kpis,
    },
  );
  const tasks = db
    .select({ id: planTasks.id, leadUnitText: planTasks.leadUnitText, deadlineKind: planTasks.deadlineKind })
    .from(planTasks)
    .where(eq(planTasks.planId, result.planId))
    .orderBy(asc(planTasks.sortOrder))
    .all();
  const mctx = (iso: string): ServiceContext => ({ db, dataDir, actor: manager, now: at(iso) });
  let docNo = 100;
  const completeWithEvidence = (ctx: ServiceContext, taskId: number, completedOn: string) => {
    const detail = getTaskDetail(ctx, taskId);
    for (const item of detail.items) {
      docNo += 7;
      attachEvidenceReference(ctx, {
        taskId,
        itemId: item.id,
        documentNumber: `${docNo}/${/^Báo cáo/i.test(item.description) ? "BC" : /^Kế hoạch/i.test(item.description) ? "KH" : "UBND"}-${detail.leadUnitName?.startsWith("Sở Tư pháp") ? "STP" : "UBND"}`,
        documentDate: completedOn,
        title: item.description,
      });
    }
    changeTaskStatus(ctx, { taskId, toStatus: "done", completedOn });
  };
  // A deterministic, realistic mix over the 2023 timeline.
  const doneDates = [
    "2023-03-10",
    "2023-04-20",
    "2023-05-25",
    "2023-06-12",
    "2023-07-28",
    "2023-08-30",
    "2023-09-08",
    "2023-10-16",
    "2023-11-20",
    "2023-12-08",
  ];
  for (const [i, t] of tasks.entries()) {
    if (t.deadlineKind === "event_triggered") {
      changeTaskStatus(mctx("2023-12-10"), { taskId: t.id, toStatus: "not_applicable", note: "Trong năm không phát sinh trường hợp giải quyết trễ hạn" });
      continue;
    }
    if (t.leadUnitText === "Sở Tư pháp" && i % 2 === 1) {
      // Sở Tư pháp reports a completion; the manager has not confirmed it yet.
      const ctx: ServiceContext = { db, dataDir, actor: tuphap, now: at("2023-12-11") };
      changeTaskStatus(ctx, { taskId: t.id, toStatus: "in_progress", note: "Đang tổng hợp số liệu" });
      completeWithEvidence(ctx, t.id, "2023-12-11");
      continue;
    }
    const r = i % 7;
    if (r === 3) {
      changeTaskStatus(mctx("2023-04-03"), { taskId: t.id, toStatus: "in_progress", note: "Đã xây dựng dự thảo" });
      addTaskEntry(mctx("2023-09-05"), { taskId: t.id, kind: "note", text: "Đang lấy ý kiến các sở, ngành; dự kiến trình trong quý IV" });
      continue;
    }
    if (r === 5 && i > 10) {
      changeTaskStatus(mctx("2023-05-02"), { taskId: t.id, toStatus: "in_progress" });
      changeTaskStatus(mctx("2023-08-14"), { taskId: t.id, toStatus: "paused", reason: "Đợi văn bản hướng dẫn Trung ương" });
      continue;
    }
    const completedOn = doneDates[i % doneDates.length];
    changeTaskStatus(mctx(completedOn < "2023-03-01" ? completedOn : "2023-03-01"), { taskId: t.id, toStatus: "in_progress" });
    completeWithEvidence(mctx(completedOn), t.id, completedOn);
  }
  // One completion reported by Sở Tư pháp earlier and already confirmed.
  const stp = tasks.find((t, i) => t.leadUnitText === "Sở Tư pháp" && i % 2 === 0);
  if (stp) {
    const detail = getTaskDetail(mctx("2023-10-01"), stp.id);
    if (detail.task.status === "done")
      addTaskEntry(mctx("2023-10-01"), { taskId: stp.id, kind: "comment", text: "Đã kiểm tra tài liệu kiểm chứng, đạt yêu cầu" });
  }
  // KPI results (evaluated as of the period end).
  const { kpis } = listPlanKpis(mctx("2023-12-12"), result.planId);
  const results: Array<[number, number | null, string | null, number | null]> = [
    [0, 6, "Tăng 06 bậc", null],
    [1, 96.5, "96,5%", 97],
    [2, 35, "35%", null],
    [3, 2, "02 sáng kiến", 2],
    [4, 99.2, "99,2%", 99.5],
    [5, 100, "100%", null],
    [6, 91.5, "91,5%", 95],
  ];
  for (const [idx, result_, text, projected] of results) {
    const k = kpis[idx];
    if (!k) continue;
    saveKpi(mctx("2023-12-12"), {
      planId: result.planId,
      kpiId: k.id,
      content: k.content,
      targetText: k.targetText,
      baseline: k.direction === "increase_by" ? (k.unit === "bậc" ? 0 : 100) : null,
      result: result_,
      resultText: text,
      projected,
    });
  }
  return { planId: result.planId, tasks: result.tasks };
}
