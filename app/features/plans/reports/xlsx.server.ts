// The report appendices as XLSX: one sheet per appendix (results by area, by lead unit, unfinished
// tasks, KPIs), landscape A4 fitted to the page width.
import type ExcelJS from "exceljs";
import { loadExcelJS } from "#app/platform/xlsx/exceljs.server";
import { formatDateVi } from "#app/domain/shared/dates";
import type { ReportFigures } from "#app/features/plans/reports/figures.server";

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
  const wb = new (await loadExcelJS()).Workbook();
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
  const cols = [
    "STT",
    "Nhiệm vụ cụ thể",
    "Thời gian thực hiện, hoàn thành",
    "Cơ quan chủ trì",
    "Cơ quan phối hợp",
    "Tình trạng",
    "Ngày hoàn thành",
    "Kết quả/Sản phẩm",
    "Ghi chú",
  ];
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
    borderRow(
      ws.addRow([
        r.stt,
        r.title,
        r.deadlineText,
        r.leadUnit,
        r.cooperating,
        r.statusLabel,
        r.completedOn ? formatDateVi(r.completedOn) : "",
        r.products,
        r.note,
      ]),
    );
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
  f.summary.byUnit.forEach((u, i) => {
    borderRow(wu.addRow([i + 1, u.label, u.countable, u.done, u.rateText, u.onTime, u.late, u.overdue]));
  });
  borderRow(wu.addRow(["", "Tổng cộng", f.summary.countable, f.summary.done, f.summary.rateText, f.summary.onTime, f.summary.late, f.summary.overdue]));

  // Sheet 3: unfinished tasks (Phụ lục 1 of seed 002).
  const wf = wb.addWorksheet("Chưa hoàn thành");
  wf.columns = [6, 50, 30, 22, 24, 26, 32].map((width) => ({ width }));
  title(wf, "MỘT SỐ NHIỆM VỤ CHƯA HOÀN THÀNH THEO KẾ HOẠCH", 7);
  styleHeader(wf.addRow(["STT", "Nhiệm vụ cụ thể", "Sản phẩm", "Thời gian thực hiện, hoàn thành", "Cơ quan chủ trì", "Cơ quan phối hợp", "Ghi chú"]));
  f.unfinished.forEach((r, i) => {
    borderRow(wf.addRow([i + 1, r.title, r.products, r.deadlineText, r.leadUnit, r.cooperating, r.note]));
  });
  const total = wf.addRow([`Tổng cộng: ${String(f.unfinished.length).padStart(2, "0")} nhiệm vụ`]);
  wf.mergeCells(total.number, 1, total.number, 7);
  total.font = { bold: true };

  // Sheet 4: KPIs (Phụ lục 4 of seed 002).
  const wk = wb.addWorksheet("Chỉ tiêu");
  wk.columns = [6, 56, 22, 26, 30].map((width) => ({ width }));
  title(wk, "KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU CỦA KẾ HOẠCH", 5);
  styleHeader(wk.addRow(["STT", "Nội dung", "Mục tiêu", `Kết quả thực hiện tính đến ngày ${formatDateVi(f.period.cutOff)}`, "Ghi chú"]));
  f.kpis.forEach((k) => {
    borderRow(wk.addRow([k.stt, k.content, k.targetText, k.result, [k.evaluation, k.note].filter(Boolean).join("; ")]));
  });

  for (const sheet of [ws, wu, wf, wk]) sheet.pageSetup = { orientation: "landscape", paperSize: 9, fitToPage: true, fitToWidth: 1, fitToHeight: 0 };
  return new Uint8Array(await wb.xlsx.writeBuffer());
}
