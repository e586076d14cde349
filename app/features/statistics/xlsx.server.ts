// Every table of the /statistics page as XLSX (issue 16 §5): the figures, the breakdown, the trend, the ten most
// overdue documents and, when one is open, the list behind a number. Built from the same view as the page.
import type ExcelJS from "exceljs";
import { loadExcelJS } from "#app/platform/xlsx/exceljs.server";
import { formatDateVi } from "#app/domain/shared/dates";
import { formatDecimalVi } from "#app/domain/shared/numbers";
import { INCOMING_CATEGORIES, OUTGOING_CATEGORIES } from "#app/domain/statistics/handling";
import type { ServiceContext } from "#app/platform/context.server";
import { INCOMING_CATEGORY_LABELS, OUTGOING_CATEGORY_LABELS, StatisticsLabels } from "#app/messages/statistics";
import type { HandlingStatisticsOptions } from "#app/features/statistics/handling.server";
import { getStatisticsView } from "#app/features/statistics/page.server";

const THIN = { style: "thin" } as const;

function header(row: ExcelJS.Row) {
  row.font = { bold: true };
  row.alignment = { vertical: "middle", horizontal: "center", wrapText: true };
  row.eachCell((c) => {
    c.border = { top: THIN, left: THIN, bottom: THIN, right: THIN };
    c.fill = { type: "pattern", pattern: "solid", fgColor: { argb: "FFE8EEF6" } };
  });
}

function body(row: ExcelJS.Row) {
  row.alignment = { vertical: "top", wrapText: true };
  row.eachCell({ includeEmpty: true }, (c) => (c.border = { top: THIN, left: THIN, bottom: THIN, right: THIN }));
}

export async function exportStatisticsXlsx(
  ctx: ServiceContext,
  options: HandlingStatisticsOptions & { show?: string | null },
): Promise<{ bytes: Uint8Array; fileName: string }> {
  const view = getStatisticsView(ctx, options);
  const { stats } = view;
  const wb = new (await loadExcelJS()).Workbook();
  wb.creator = "Văn phòng điện tử";
  const subtitle = `${stats.scope.label}; từ ngày ${formatDateVi(stats.period.from)} đến ngày ${formatDateVi(stats.period.to)}; số liệu tính đến ngày ${formatDateVi(stats.period.asOf)}`;
  const titled = (name: string, title: string, widths: number[]) => {
    const ws = wb.addWorksheet(name, { pageSetup: { paperSize: 9, orientation: "landscape", fitToPage: true, fitToWidth: 1, fitToHeight: 0 } });
    ws.columns = widths.map((width) => ({ width }));
    ws.mergeCells(1, 1, 1, widths.length);
    ws.getCell(1, 1).value = title;
    ws.getCell(1, 1).font = { bold: true, size: 13 };
    ws.getCell(1, 1).alignment = { horizontal: "center", wrapText: true };
    ws.mergeCells(2, 1, 2, widths.length);
    ws.getCell(2, 1).value = `(${subtitle})`;
    ws.getCell(2, 1).font = { italic: true };
    ws.getCell(2, 1).alignment = { horizontal: "center", wrapText: true };
    ws.addRow([]);
    return ws;
  };

  const ws = titled(
    "Tổng hợp",
    ctx.actor.organizationName ? `TÌNH HÌNH GIẢI QUYẾT VĂN BẢN — ${ctx.actor.organizationName.toUpperCase()}` : "TÌNH HÌNH GIẢI QUYẾT VĂN BẢN",
    [46, 16],
  );
  header(ws.addRow(["Văn bản đến", "Số văn bản"]));
  for (const c of ["received", ...INCOMING_CATEGORIES] as const) body(ws.addRow([INCOMING_CATEGORY_LABELS[c], stats.incoming[c]]));
  body(ws.addRow(["Tỷ lệ đúng hạn", view.onTime.text]));
  ws.addRow([]);
  header(ws.addRow(["Văn bản đi", "Số văn bản"]));
  for (const c of OUTGOING_CATEGORIES) body(ws.addRow([OUTGOING_CATEGORY_LABELS[c], stats.outgoing[c]]));
  body(ws.addRow([StatisticsLabels.AVERAGE_DAYS, stats.outgoing.averageDaysToIssue == null ? "—" : formatDecimalVi(stats.outgoing.averageDaysToIssue, 1)]));

  const catCols = ["received", ...INCOMING_CATEGORIES] as const;
  const wu = titled(view.breakdown.kind === "unit" ? "Theo đơn vị" : "Theo người xử lý", "VĂN BẢN ĐẾN THEO ĐƠN VỊ, NGƯỜI XỬ LÝ CHÍNH", [
    6,
    40,
    ...catCols.map(() => 13),
    13,
    13,
  ]);
  header(
    wu.addRow([
      "STT",
      view.breakdown.kind === "unit" ? "Đơn vị xử lý chính" : "Người xử lý chính",
      ...catCols.map((c) => INCOMING_CATEGORY_LABELS[c]),
      "Tỷ lệ đúng hạn",
      StatisticsLabels.REMINDERS,
    ]),
  );
  view.breakdown.rows.forEach((r, i) => {
    body(wu.addRow([i + 1, r.label, ...catCols.map((c) => r.counts[c]), r.onTimeText, r.reminders]));
  });
  body(wu.addRow(["", "Tổng cộng", ...catCols.map((c) => stats.incoming[c]), view.onTime.text, view.breakdown.rows.reduce((n, r) => n + r.reminders, 0)]));

  const wt = titled("Theo tháng", "VĂN BẢN ĐẾN THEO THÁNG TIẾP NHẬN", [12, 14, 14, 14, 14, 14]);
  header(
    wt.addRow([
      "Tháng",
      "Tiếp nhận",
      INCOMING_CATEGORY_LABELS.completedOnTime,
      INCOMING_CATEGORY_LABELS.completedLate,
      INCOMING_CATEGORY_LABELS.completedNoDeadline,
      INCOMING_CATEGORY_LABELS.openOverdue,
    ]),
  );
  for (const r of view.trend) body(wt.addRow([r.label, r.received, r.completedOnTime, r.completedLate, r.completedNoDeadline, r.openOverdue]));

  const incomingListSheet = (name: string, title: string, rows: NonNullable<typeof view.topOverdue>) => {
    const wl = titled(name, title, [6, 12, 20, 26, 50, 12, 12, 28, 22, 10]);
    header(
      wl.addRow(["STT", "Số đến", "Số, ký hiệu", "Cơ quan ban hành", "Trích yếu", "Ngày đến", "Hạn xử lý", "Xử lý chính", "Tình trạng", "Số ngày quá hạn"]),
    );
    rows.forEach((r, i) => {
      body(
        wl.addRow([
          i + 1,
          r.arrival,
          r.numberSymbol,
          r.issuerName,
          r.summary,
          formatDateVi(r.receivedDate),
          r.deadline ? formatDateVi(r.deadline) : "",
          r.handler,
          r.category,
          r.daysOverdue ?? "",
        ]),
      );
    });
  };
  incomingListSheet("Quá hạn nhiều nhất", "MƯỜI VĂN BẢN ĐẾN QUÁ HẠN NHIỀU NHẤT", view.topOverdue);
  if (view.drill?.incoming) incomingListSheet("Danh sách", `DANH SÁCH VĂN BẢN ĐẾN: ${view.drill.label.toUpperCase()}`, view.drill.incoming);
  if (view.drill?.outgoing) {
    const wl = titled("Danh sách", `DANH SÁCH VĂN BẢN ĐI: ${view.drill.label.toUpperCase()}`, [6, 18, 50, 28, 12, 12, 18, 12]);
    header(wl.addRow(["STT", "Số, ký hiệu", "Trích yếu", "Đơn vị soạn thảo", "Ngày tạo", "Ngày ban hành", "Hình thức", "Số ngày trình → ban hành"]));
    view.drill.outgoing.forEach((r, i) => {
      body(
        wl.addRow([
          i + 1,
          r.numberSymbol,
          r.summary,
          r.draftingUnit,
          formatDateVi(r.createdDate),
          r.issuedDate ? formatDateVi(r.issuedDate) : "",
          r.form,
          r.daysToIssue == null ? "" : formatDecimalVi(r.daysToIssue, 1),
        ]),
      );
    });
  }
  return { bytes: new Uint8Array(await wb.xlsx.writeBuffer()), fileName: `thong-ke-giai-quyet-van-ban-${stats.period.from}-${stats.period.to}.xlsx` };
}
