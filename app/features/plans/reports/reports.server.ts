// Periodic report appendices of a plan (issue 6 §6; tasks.md §4.7–4.8): the task results table, the
// unfinished tasks with reasons (seed 002 Phụ lục 1) and the KPI table (Phụ lục 4), as XLSX and as a
// print-ready PDF (A4 landscape, Tinos), frozen in report_snapshots: the figures JSON and the files
// (content-addressed) never change after generation.
import ExcelJS from "exceljs";
import fontkit from "@pdf-lib/fontkit";
import { PDFDocument, rgb, type PDFFont, type PDFPage } from "pdf-lib";
import { and, asc, desc, eq, inArray } from "drizzle-orm";
import { writeTransaction } from "#db/client";
import { loadTinos } from "#documents/fonts/tinos";
import { planTasks, reportSnapshots, taskEvents, taskEvidence, plans, users, type Plan } from "#db/schema/index";
import { formatDateVi, toVietnamDate } from "#app/domain/shared/dates";
import { formatNumberVi } from "#app/domain/shared/numbers";
import { EXCLUDED_STATUSES, isDoneAsOf, TASK_STATUS_LABELS, type TaskStatus } from "#app/domain/plans/progress";
import { reportingPeriod, reportingPeriods, type ReportingPeriodKey } from "#app/domain/plans/reporting-periods";
import { AppError, AppErrorCode } from "#app/utils/errors";
import { userHasPermission } from "#app/platform/auth/actor";
import { appendAuditEvent } from "#app/platform/audit.server";
import { loadWorkingCalendar } from "#app/platform/calendar.server";
import { auditActorOf, nowOf, type ServiceContext } from "#app/platform/context.server";
import { getFileRow, insertFileRow, readStoredFile, writeBlob } from "#app/platform/files/files.server";
import { listKpisAsOf } from "#app/features/plans/kpis.server";
import { planFigures, tasksAsOf, type PlanFigures } from "#app/features/plans/progress.server";
import { listPlanAreas, listPlans, organizationNames, requirePlanAccess } from "#app/features/plans/plans.server";

export type ReportTaskRow = {
  stt: string;
  area: string;
  title: string;
  deadlineText: string;
  dueDate: string | null;
  leadUnit: string;
  cooperating: string;
  status: TaskStatus;
  statusLabel: string;
  completedOn: string | null;
  products: string;
  note: string;
};

export type ReportFigures = {
  plan: { id: number; title: string; year: number; documentNumber: string | null; documentDate: string | null };
  period: { key: ReportingPeriodKey; year: number; label: string; cutOff: string };
  summary: PlanFigures;
  summaryLine: string;
  tasks: ReportTaskRow[];
  unfinished: ReportTaskRow[];
  kpis: Array<{ stt: number; content: string; targetText: string; result: string; evaluation: string; note: string }>;
  countingNote: string;
};

const COUNTING_NOTE =
  "Cách tính: tỷ lệ = số nhiệm vụ hoàn thành đến ngày chốt số liệu / số nhiệm vụ phải thực hiện (không tính nhiệm vụ “Không phát sinh”, “Không thực hiện”); nhiệm vụ định kỳ tính là một nhiệm vụ; nhiệm vụ “Chờ xác nhận” được tính là hoàn thành.";

/** Computes the report content as of the period's cut-off (journal reconstruction for past dates). */
export function buildReportFigures(ctx: ServiceContext, plan: Plan, periodKey: ReportingPeriodKey, year = plan.year): ReportFigures {
  const period = reportingPeriod(year, periodKey);
  const today = toVietnamDate(nowOf(ctx));
  const calendar = loadWorkingCalendar(ctx.db);
  const summary = planFigures(ctx.db, plan.id, period.cutOff, { today, calendar });
  const asOf = new Map(tasksAsOf(ctx.db, plan.id, period.cutOff).map((t) => [t.id, t]));
  const areas = new Map(listPlanAreas(ctx.db, plan.id).map((a) => [a.id, a]));
  const tasks = ctx.db.select().from(planTasks).where(eq(planTasks.planId, plan.id)).orderBy(asc(planTasks.sortOrder)).all();
  const names = organizationNames(ctx.db, tasks.map((t) => t.leadUnitId).filter((x): x is number => x !== null));
  const ids = tasks.map((t) => t.id);
  const cutOffEnd = new Date(`${period.cutOff}T23:59:59.999+07:00`);
  const evidence = ids.length
    ? ctx.db.select().from(taskEvidence).where(inArray(taskEvidence.taskId, ids)).all().filter((e) => e.attachedAt <= cutOffEnd && (!e.removedAt || e.removedAt > cutOffEnd))
    : [];
  const notes = ids.length
    ? ctx.db.select().from(taskEvents).where(and(eq(taskEvents.planId, plan.id), inArray(taskEvents.kind, ["note", "status"]))).orderBy(desc(taskEvents.id)).all().filter((e) => e.effectiveOn <= period.cutOff && e.note)
    : [];
  const rows: ReportTaskRow[] = tasks.map((t) => {
    const s = asOf.get(t.id)!;
    const area = areas.get(t.areaId)!;
    const done = isDoneAsOf({ statusAsOf: s.status, completedOn: s.completedOn }, period.cutOff);
    const products = evidence
      .filter((e) => e.taskId === t.id)
      .map((e) => (e.kind === "document_ref" ? `${e.documentNumber}${e.documentDate ? ` ngày ${formatDateVi(e.documentDate)}` : ""}: ${e.title}` : e.title))
      .join("; ");
    const lastNote = notes.find((n) => n.taskId === t.id)?.note ?? "";
    let note = "";
    if (!done) {
      if (EXCLUDED_STATUSES.has(s.status)) note = t.statusDocument ?? t.statusReason ?? TASK_STATUS_LABELS[s.status];
      else note = t.status === s.status && t.statusReason ? t.statusReason : lastNote.replace(/^Tình trạng theo tệp nhập:?\s*/, "") || TASK_STATUS_LABELS[s.status];
    } else if (s.status === "awaiting_confirmation") note = "Chờ xác nhận";
    else if (t.evidenceExplanation) note = `Giải trình: ${t.evidenceExplanation}`;
    if (done && t.dueDate && s.completedOn && s.completedOn > t.dueDate) note = note ? `${note}; hoàn thành trễ hạn` : "Hoàn thành trễ hạn";
    return {
      stt: `${area.code}.${t.ordinal ?? t.sortOrder}`,
      area: `${area.code}. ${area.title}`,
      title: t.title,
      deadlineText: t.deadlineText,
      dueDate: t.dueDate,
      leadUnit: t.leadUnitId ? names.get(t.leadUnitId) ?? t.leadUnitText : t.leadUnitText,
      cooperating: t.cooperatingText,
      status: s.status,
      statusLabel: done ? TASK_STATUS_LABELS.done : TASK_STATUS_LABELS[s.status === "awaiting_confirmation" ? "in_progress" : s.status],
      completedOn: done ? s.completedOn : null,
      products,
      note,
    };
  });
  const unfinished = rows.filter((r) => r.statusLabel !== TASK_STATUS_LABELS.done && !EXCLUDED_STATUSES.has(r.status));
  const kpis = listKpisAsOf(ctx.db, plan.id, plan.year, period.cutOff).map((k, i) => ({
    stt: i + 1,
    content: k.content,
    targetText: k.targetText,
    result: k.resultText ?? (k.result !== null ? `${formatNumberVi(k.result)}${k.unit === "%" ? "%" : k.unit ? ` ${k.unit}` : ""}` : ""),
    evaluation: k.periodEnded ? k.evaluationLabel : k.forecastLabel ?? k.evaluationLabel,
    note: k.note ?? "",
  }));
  return {
    plan: { id: plan.id, title: plan.title, year: plan.year, documentNumber: plan.documentNumber, documentDate: plan.documentDate },
    period: { key: period.key, year: period.year, label: period.label, cutOff: period.cutOff },
    summary,
    summaryLine: `Đã thực hiện được ${summary.done}/${summary.countable} nhiệm vụ, tỷ lệ ${summary.rateText} (số liệu tính đến ngày ${formatDateVi(period.cutOff)}).`,
    tasks: rows,
    unfinished,
    kpis,
    countingNote: COUNTING_NOTE,
  };
}

// ---- XLSX ------------------------------------------------------------------------------------------

function styleHeader(row: ExcelJS.Row) {
  row.font = { bold: true };
  row.alignment = { vertical: "middle", horizontal: "center", wrapText: true };
  row.eachCell((c) => {
    c.border = { top: { style: "thin" }, left: { style: "thin" }, bottom: { style: "thin" }, right: { style: "thin" } };
    c.fill = { type: "pattern", pattern: "solid", fgColor: { argb: "FFE8EEF6" } };
  });
}

function borderRow(row: ExcelJS.Row) {
  row.alignment = { vertical: "top", wrapText: true };
  row.eachCell({ includeEmpty: true }, (c) => {
    c.border = { top: { style: "thin" }, left: { style: "thin" }, bottom: { style: "thin" }, right: { style: "thin" } };
  });
}

export async function buildReportXlsx(f: ReportFigures): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  wb.creator = "Văn phòng điện tử";
  const docRef = f.plan.documentNumber ? ` số ${f.plan.documentNumber}${f.plan.documentDate ? ` ngày ${formatDateVi(f.plan.documentDate)}` : ""}` : "";
  const title = (ws: ExcelJS.Worksheet, text: string, cols: number) => {
    ws.mergeCells(1, 1, 1, cols);
    ws.getCell(1, 1).value = text;
    ws.getCell(1, 1).font = { bold: true, size: 13 };
    ws.getCell(1, 1).alignment = { horizontal: "center", wrapText: true };
    ws.mergeCells(2, 1, 2, cols);
    ws.getCell(2, 1).value = `(${f.period.label}; số liệu tính đến ngày ${formatDateVi(f.period.cutOff)}; Kế hoạch${docRef})`;
    ws.getCell(2, 1).alignment = { horizontal: "center", wrapText: true };
    ws.getCell(2, 1).font = { italic: true };
  };

  // Sheet 1: task results, areas as merged rows.
  const ws = wb.addWorksheet("Kết quả thực hiện");
  const cols = ["STT", "Nhiệm vụ cụ thể", "Thời gian thực hiện, hoàn thành", "Cơ quan chủ trì", "Cơ quan phối hợp", "Tình trạng", "Ngày hoàn thành", "Kết quả/Sản phẩm", "Ghi chú"];
  ws.columns = [6, 50, 22, 24, 26, 16, 14, 36, 30].map((width) => ({ width }));
  title(ws, `KẾT QUẢ THỰC HIỆN NHIỆM VỤ THEO KẾ HOẠCH: ${f.plan.title.toUpperCase()}`, cols.length);
  ws.getRow(1).height = 36;
  styleHeader(ws.addRow(cols));
  let lastArea = "";
  for (const r of f.tasks) {
    if (r.area !== lastArea) {
      lastArea = r.area;
      const areaStats = f.summary.byArea.find((a) => a.label === r.area);
      const row = ws.addRow([r.area + (areaStats ? ` (${areaStats.done}/${areaStats.countable}, ${areaStats.rateText})` : "")]);
      ws.mergeCells(row.number, 1, row.number, cols.length);
      row.font = { bold: true };
      borderRow(row);
    }
    borderRow(ws.addRow([r.stt, r.title, r.deadlineText, r.leadUnit, r.cooperating, r.statusLabel, r.completedOn ? formatDateVi(r.completedOn) : "", r.products, r.note]));
  }
  const sumRow = ws.addRow([f.summaryLine]);
  ws.mergeCells(sumRow.number, 1, sumRow.number, cols.length);
  sumRow.font = { bold: true };
  const noteRow = ws.addRow([f.countingNote]);
  ws.mergeCells(noteRow.number, 1, noteRow.number, cols.length);
  noteRow.alignment = { wrapText: true };
  noteRow.font = { italic: true, size: 10 };
  noteRow.height = 30;

  // Sheet 2: per lead unit.
  const wu = wb.addWorksheet("Theo cơ quan chủ trì");
  wu.columns = [6, 46, 14, 14, 14, 14, 14, 14].map((width) => ({ width }));
  title(wu, "KẾT QUẢ THEO CƠ QUAN CHỦ TRÌ", 8);
  styleHeader(wu.addRow(["STT", "Cơ quan chủ trì", "Số nhiệm vụ", "Hoàn thành", "Tỷ lệ", "Đúng hạn", "Trễ hạn", "Quá hạn"]));
  f.summary.byUnit.forEach((u, i) => borderRow(wu.addRow([i + 1, u.label, u.countable, u.done, u.rateText, u.onTime, u.late, u.overdue])));
  borderRow(wu.addRow(["", "Tổng cộng", f.summary.countable, f.summary.done, f.summary.rateText, f.summary.onTime, f.summary.late, f.summary.overdue]));

  // Sheet 3: unfinished tasks (Phụ lục 1 of seed 002).
  const wf = wb.addWorksheet("Chưa hoàn thành");
  wf.columns = [6, 50, 30, 22, 24, 26, 32].map((width) => ({ width }));
  title(wf, "MỘT SỐ NHIỆM VỤ CHƯA HOÀN THÀNH THEO KẾ HOẠCH", 7);
  styleHeader(wf.addRow(["STT", "Nhiệm vụ cụ thể", "Sản phẩm", "Thời gian thực hiện, hoàn thành", "Cơ quan chủ trì", "Cơ quan phối hợp", "Ghi chú"]));
  f.unfinished.forEach((r, i) => borderRow(wf.addRow([i + 1, r.title, r.products, r.deadlineText, r.leadUnit, r.cooperating, r.note])));
  const total = wf.addRow([`Tổng cộng: ${String(f.unfinished.length).padStart(2, "0")} nhiệm vụ`]);
  wf.mergeCells(total.number, 1, total.number, 7);
  total.font = { bold: true };

  // Sheet 4: KPIs (Phụ lục 4 of seed 002).
  const wk = wb.addWorksheet("Chỉ tiêu");
  wk.columns = [6, 56, 22, 26, 30].map((width) => ({ width }));
  title(wk, "KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU CỦA KẾ HOẠCH", 5);
  styleHeader(wk.addRow(["STT", "Nội dung", "Mục tiêu", `Kết quả thực hiện tính đến ngày ${formatDateVi(f.period.cutOff)}`, "Ghi chú"]));
  f.kpis.forEach((k) => borderRow(wk.addRow([k.stt, k.content, k.targetText, k.result, [k.evaluation, k.note].filter(Boolean).join("; ")])));

  for (const sheet of [ws, wu, wf, wk]) sheet.pageSetup = { orientation: "landscape", paperSize: 9, fitToPage: true, fitToWidth: 1, fitToHeight: 0 };
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

// ---- PDF -------------------------------------------------------------------------------------------

// Tinos from the one font module: padded, or pdf-lib's subsets would draw scattered letters.
const fonts = () => ({ regular: loadTinos("regular"), bold: loadTinos("bold"), italic: loadTinos("italic") });

function wrap(text: string, font: PDFFont, size: number, width: number): string[] {
  const out: string[] = [];
  for (const para of (text || "").split(/\n/)) {
    let line = "";
    for (const word of para.split(/\s+/).filter(Boolean)) {
      const candidate = line ? `${line} ${word}` : word;
      if (font.widthOfTextAtSize(candidate, size) <= width) {
        line = candidate;
        continue;
      }
      if (line) out.push(line);
      // A single word wider than the column is cut.
      let w = word;
      while (font.widthOfTextAtSize(w, size) > width && w.length > 1) {
        let cut = w.length - 1;
        while (cut > 1 && font.widthOfTextAtSize(w.slice(0, cut), size) > width) cut--;
        out.push(w.slice(0, cut));
        w = w.slice(cut);
      }
      line = w;
    }
    out.push(line);
  }
  return out.length ? out : [""];
}

class PdfWriter {
  page!: PDFPage;
  y = 0;
  readonly W = 841.89;
  readonly H = 595.28;
  readonly M = 36;
  constructor(readonly doc: PDFDocument, readonly regular: PDFFont, readonly bold: PDFFont, readonly italic: PDFFont) {
    this.newPage();
  }
  newPage() {
    this.page = this.doc.addPage([this.W, this.H]);
    this.y = this.H - this.M;
  }
  text(text: string, opts: { font?: PDFFont; size?: number; center?: boolean; gap?: number } = {}) {
    const font = opts.font ?? this.regular;
    const size = opts.size ?? 11;
    for (const line of wrap(text, font, size, this.W - 2 * this.M)) {
      if (this.y - size < this.M) this.newPage();
      const x = opts.center ? (this.W - font.widthOfTextAtSize(line, size)) / 2 : this.M;
      this.page.drawText(line, { x, y: this.y - size, size, font });
      this.y -= size * 1.3;
    }
    this.y -= opts.gap ?? 4;
  }
  table(headers: string[], widthsPct: number[], rows: string[][], size = 9) {
    const total = this.W - 2 * this.M;
    const widths = widthsPct.map((p) => (p / widthsPct.reduce((a, b) => a + b, 0)) * total);
    const pad = 3;
    const lineH = size * 1.25;
    const drawRow = (cells: string[], font: PDFFont, shade: boolean) => {
      const lines = cells.map((c, i) => wrap(c, font, size, widths[i] - 2 * pad));
      const h = Math.max(...lines.map((l) => l.length)) * lineH + 2 * pad;
      if (this.y - h < this.M) {
        this.newPage();
        if (!shade) drawRow(headers, this.bold, true);
      }
      let x = this.M;
      cells.forEach((_, i) => {
        this.page.drawRectangle({ x, y: this.y - h, width: widths[i], height: h, borderColor: rgb(0.3, 0.3, 0.3), borderWidth: 0.5, color: shade ? rgb(0.91, 0.93, 0.96) : undefined });
        lines[i].forEach((ln, j) => this.page.drawText(ln, { x: x + pad, y: this.y - pad - (j + 1) * lineH + size * 0.25, size, font }));
        x += widths[i];
      });
      this.y -= h;
    };
    drawRow(headers, this.bold, true);
    for (const r of rows) drawRow(r, this.regular, false);
    this.y -= 8;
  }
}

export async function buildReportPdf(f: ReportFigures): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  doc.registerFontkit(fontkit);
  const fb = fonts();
  const w = new PdfWriter(doc, await doc.embedFont(fb.regular, { subset: true }), await doc.embedFont(fb.bold, { subset: true }), await doc.embedFont(fb.italic, { subset: true }));
  doc.setTitle(`Báo cáo ${f.period.label} – ${f.plan.title}`);
  doc.setCreator("Văn phòng điện tử");
  const sub = `(${f.period.label}; số liệu tính đến ngày ${formatDateVi(f.period.cutOff)}${f.plan.documentNumber ? `; Kế hoạch số ${f.plan.documentNumber}` : ""})`;

  w.text("Phụ lục", { font: w.bold, center: true, size: 12 });
  w.text(`KẾT QUẢ THỰC HIỆN NHIỆM VỤ THEO KẾ HOẠCH: ${f.plan.title.toUpperCase()}`, { font: w.bold, center: true, size: 12 });
  w.text(sub, { font: w.italic, center: true, gap: 8 });
  w.text(f.summaryLine, { font: w.bold });
  w.table(
    ["STT", "Nhiệm vụ cụ thể", "Thời gian thực hiện", "Chủ trì", "Tình trạng", "Ngày hoàn thành", "Kết quả/Sản phẩm", "Ghi chú"],
    [5, 34, 13, 13, 10, 9, 20, 14],
    f.tasks.map((r) => [r.stt, r.title, r.deadlineText, r.leadUnit, r.statusLabel, r.completedOn ? formatDateVi(r.completedOn) : "", r.products, r.note]),
  );
  w.text("Kết quả theo cơ quan chủ trì", { font: w.bold });
  w.table(
    ["STT", "Cơ quan chủ trì", "Số nhiệm vụ", "Hoàn thành", "Tỷ lệ", "Đúng hạn", "Trễ hạn", "Quá hạn"],
    [5, 40, 10, 10, 10, 10, 10, 10],
    f.summary.byUnit.map((u, i) => [String(i + 1), u.label, String(u.countable), String(u.done), u.rateText, String(u.onTime), String(u.late), String(u.overdue)]),
  );
  w.text(f.countingNote, { font: w.italic, size: 9 });

  w.newPage();
  w.text("MỘT SỐ NHIỆM VỤ CHƯA HOÀN THÀNH THEO KẾ HOẠCH", { font: w.bold, center: true, size: 12 });
  w.text(sub, { font: w.italic, center: true, gap: 8 });
  w.table(
    ["STT", "Nhiệm vụ cụ thể", "Sản phẩm", "Thời gian thực hiện, hoàn thành", "Cơ quan chủ trì", "Cơ quan phối hợp", "Ghi chú"],
    [5, 33, 14, 13, 12, 12, 13],
    f.unfinished.map((r, i) => [String(i + 1), r.title, r.products, r.deadlineText, r.leadUnit, r.cooperating, r.note]),
  );
  w.text(`Tổng cộng: ${String(f.unfinished.length).padStart(2, "0")} nhiệm vụ`, { font: w.bold });

  w.newPage();
  w.text("KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU CỦA KẾ HOẠCH", { font: w.bold, center: true, size: 12 });
  w.text(sub, { font: w.italic, center: true, gap: 8 });
  w.table(
    ["STT", "Nội dung", "Mục tiêu", `Kết quả thực hiện tính đến ngày ${formatDateVi(f.period.cutOff)}`, "Ghi chú"],
    [5, 45, 15, 17, 18],
    f.kpis.map((k) => [String(k.stt), k.content, k.targetText, k.result, [k.evaluation, k.note].filter(Boolean).join("; ")]),
  );
  return doc.save();
}

// ---- Snapshots -------------------------------------------------------------------------------------

/** Generates the appendices for a period and freezes them (figures JSON + XLSX + PDF). */
export async function generateReportSnapshot(ctx: ServiceContext, options: { planId: number; periodKey: ReportingPeriodKey; year?: number; confirmEarly?: boolean }): Promise<{ snapshotId: number }> {
  const { plan } = requirePlanAccess(ctx, options.planId);
  if (!userHasPermission(ctx.actor, "manage:plan") && ctx.actor.id !== 0) throw new AppError(AppErrorCode.FORBIDDEN, "Chỉ người theo dõi kế hoạch được lập báo cáo");
  const year = options.year ?? plan.year;
  if (!reportingPeriods(year).some((p) => p.key === options.periodKey)) throw new AppError(AppErrorCode.VALIDATION, "Kỳ báo cáo không hợp lệ");
  // A report is frozen for good. Before its cut-off date the figures are still moving (tasks done after
  // today would be missing), so it is frozen early only when the manager confirms it (issue 9).
  const period = reportingPeriods(year).find((p) => p.key === options.periodKey)!;
  const today = toVietnamDate(nowOf(ctx));
  const isEarly = period.cutOff > today;
  if (isEarly && !options.confirmEarly) {
    const message = `Ngày chốt số liệu của ${period.label} là ${formatDateVi(period.cutOff)}, chưa đến: báo cáo lập hôm nay sẽ được lưu cố định với số liệu đến ngày ${formatDateVi(today)}. Đánh dấu "Vẫn lập báo cáo trước ngày chốt" nếu cần lập ngay.`;
    throw new AppError(AppErrorCode.VALIDATION, "Chưa đến ngày chốt số liệu của kỳ báo cáo", { confirmEarly: message });
  }
  const figures = buildReportFigures(ctx, plan, options.periodKey, year);
  const xlsx = await buildReportXlsx(figures);
  const pdf = await buildReportPdf(figures);
  const xlsxBlob = writeBlob(ctx.dataDir, xlsx);
  const pdfBlob = writeBlob(ctx.dataDir, pdf);
  const now = nowOf(ctx);
  const base = `bao-cao-${figures.period.key}-${year}-ke-hoach-${plan.id}`;
  const snapshotId = writeTransaction(ctx.db, (tx) => {
    const x = insertFileRow(tx, { blob: xlsxBlob, mimeType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", originalName: `${base}.xlsx`, createdBy: ctx.actor.id || null, at: now });
    const p = insertFileRow(tx, { blob: pdfBlob, mimeType: "application/pdf", originalName: `${base}.pdf`, createdBy: ctx.actor.id || null, at: now });
    const row = tx
      .insert(reportSnapshots)
      .values({ planId: plan.id, periodKey: figures.period.key, year, label: figures.period.label, cutOff: figures.period.cutOff, figures: JSON.stringify(figures), xlsxFileId: x.id, pdfFileId: p.id, generatedBy: ctx.actor.id || null, generatedAt: now })
      .returning({ id: reportSnapshots.id })
      .get();
    appendAuditEvent(tx, { at: now, ...auditActorOf(ctx), action: "plan.report", entityType: "report_snapshot", entityId: row.id, detail: { planId: plan.id, period: figures.period, ...(isEarly ? { beforeCutOff: today } : {}), done: figures.summary.done, countable: figures.summary.countable, xlsx: xlsxBlob.sha256, pdf: pdfBlob.sha256 } });
    return row.id;
  });
  return { snapshotId };
}

export type SnapshotListItem = { id: number; planId: number; planTitle: string; label: string; cutOff: string; generatedAt: Date; generatedByName: string | null; done: number; countable: number; rateText: string };

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
      return { id: r.s.id, planId: r.s.planId, planTitle: r.planTitle, label: r.s.label, cutOff: r.s.cutOff, generatedAt: r.s.generatedAt, generatedByName: r.byName, done: f.summary.done, countable: f.summary.countable, rateText: f.summary.rateText };
    });
}

export function getReportSnapshot(ctx: ServiceContext, snapshotId: number) {
  const s = ctx.db.select().from(reportSnapshots).where(eq(reportSnapshots.id, snapshotId)).get();
  if (!s) throw new AppError(AppErrorCode.NOT_FOUND, "Không tìm thấy báo cáo");
  requirePlanAccess(ctx, s.planId);
  return { ...s, figures: JSON.parse(s.figures) as ReportFigures };
}

/** The frozen file of a snapshot (XLSX or PDF). */
export function readReportFile(ctx: ServiceContext, snapshotId: number, format: "xlsx" | "pdf"): { bytes: Buffer; fileName: string; mimeType: string } {
  const s = getReportSnapshot(ctx, snapshotId);
  const row = getFileRow(ctx.db, format === "xlsx" ? s.xlsxFileId : s.pdfFileId);
  if (!row) throw new AppError(AppErrorCode.NOT_FOUND, "Không tìm thấy tệp");
  return { bytes: readStoredFile(ctx.dataDir, row), fileName: row.originalName ?? `bao-cao.${format}`, mimeType: row.mimeType };
}
