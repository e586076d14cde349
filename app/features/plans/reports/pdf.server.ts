// The report appendices as a print-ready PDF (A4 landscape, Tinos): what to print, in order; the layout
// (wrapping, tables, page breaks) is the pure documents/reports library.
import { renderTableDocument, type TableDocumentBlock } from "#documents/reports/table-pdf";
import { formatDateVi } from "#app/domain/shared/dates";
import type { ReportFigures } from "#app/features/plans/reports/figures.server";

export function buildReportPdf(f: ReportFigures): Promise<Uint8Array> {
  const sub = `(${f.period.label}; số liệu tính đến ngày ${formatDateVi(f.period.cutOff)}${f.plan.documentNumber ? `; Kế hoạch số ${f.plan.documentNumber}` : ""})`;
  const blocks: TableDocumentBlock[] = [
    { kind: "text", text: "Phụ lục", style: "bold", center: true, size: 12 },
    { kind: "text", text: `KẾT QUẢ THỰC HIỆN NHIỆM VỤ THEO KẾ HOẠCH: ${f.plan.title.toUpperCase()}`, style: "bold", center: true, size: 12 },
    { kind: "text", text: sub, style: "italic", center: true, gap: 8 },
    { kind: "text", text: f.summaryLine, style: "bold" },
    {
      kind: "table",
      headers: ["STT", "Nhiệm vụ cụ thể", "Thời gian thực hiện", "Chủ trì", "Tình trạng", "Ngày hoàn thành", "Kết quả/Sản phẩm", "Ghi chú"],
      widthsPct: [5, 34, 13, 13, 10, 9, 20, 14],
      rows: f.tasks.map((r) => [
        r.stt,
        r.title,
        r.deadlineText,
        r.leadUnit,
        r.statusLabel,
        r.completedOn ? formatDateVi(r.completedOn) : "",
        r.products,
        r.note,
      ]),
    },
    { kind: "text", text: "Kết quả theo cơ quan chủ trì", style: "bold" },
    {
      kind: "table",
      headers: ["STT", "Cơ quan chủ trì", "Số nhiệm vụ", "Hoàn thành", "Tỷ lệ", "Đúng hạn", "Trễ hạn", "Quá hạn"],
      widthsPct: [5, 40, 10, 10, 10, 10, 10, 10],
      rows: f.summary.byUnit.map((u, i) => [
        String(i + 1),
        u.label,
        String(u.countable),
        String(u.done),
        u.rateText,
        String(u.onTime),
        String(u.late),
        String(u.overdue),
      ]),
    },
    { kind: "text", text: f.countingNote, style: "italic", size: 9 },

    { kind: "page-break" },
    { kind: "text", text: "MỘT SỐ NHIỆM VỤ CHƯA HOÀN THÀNH THEO KẾ HOẠCH", style: "bold", center: true, size: 12 },
    { kind: "text", text: sub, style: "italic", center: true, gap: 8 },
    {
      kind: "table",
      headers: ["STT", "Nhiệm vụ cụ thể", "Sản phẩm", "Thời gian thực hiện, hoàn thành", "Cơ quan chủ trì", "Cơ quan phối hợp", "Ghi chú"],
      widthsPct: [5, 33, 14, 13, 12, 12, 13],
      rows: f.unfinished.map((r, i) => [String(i + 1), r.title, r.products, r.deadlineText, r.leadUnit, r.cooperating, r.note]),
    },
    { kind: "text", text: `Tổng cộng: ${String(f.unfinished.length).padStart(2, "0")} nhiệm vụ`, style: "bold" },

    { kind: "page-break" },
    { kind: "text", text: "KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU CỦA KẾ HOẠCH", style: "bold", center: true, size: 12 },
    { kind: "text", text: sub, style: "italic", center: true, gap: 8 },
    {
      kind: "table",
      headers: ["STT", "Nội dung", "Mục tiêu", `Kết quả thực hiện tính đến ngày ${formatDateVi(f.period.cutOff)}`, "Ghi chú"],
      widthsPct: [5, 45, 15, 17, 18],
      rows: f.kpis.map((k) => [String(k.stt), k.content, k.targetText, k.result, [k.evaluation, k.note].filter(Boolean).join("; ")]),
    },
  ];
  return renderTableDocument({ title: `Báo cáo ${f.period.label} – ${f.plan.title}`, creator: "Văn phòng điện tử", blocks });
}
