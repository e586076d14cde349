// Sổ theo dõi giải quyết văn bản đến (Decree 30/2020 Phụ lục IV; domain.md §4.2): the seven columns — Số đến |
// Tên loại, số, ký hiệu, ngày tháng, tên cơ quan ban hành | Đơn vị hoặc người nhận | Thời hạn giải quyết |
// Tiến độ giải quyết | Số, ký hiệu văn bản trả lời | Ghi chú — for the documents received in a period, as of a
// cut-off, from the same facts as the statistics (so the register and the figures agree).
import { loadExcelJS } from "#app/platform/xlsx/exceljs.server";
import { sql } from "drizzle-orm";
import { formatDateVi } from "#app/domain/shared/dates";
import { findDocumentTypeByCode } from "#app/domain/shared/document-types";
import type { ServiceContext } from "#app/platform/context.server";
import { INCOMING_CATEGORY_LABELS, TRACKING_REGISTER_COLUMNS } from "#app/messages/statistics";
import { computeHandlingFacts, type HandlingStatisticsOptions } from "#app/features/statistics/handling.server";
import { unitNames, userNames } from "#app/features/statistics/scope.server";

export type TrackingRegisterRow = {
  id: number;
  arrival: string;
  document: string;
  recipient: string;
  deadline: string | null;
  progress: string;
  reply: string;
  note: string;
};

export type TrackingRegister = { organizationName: string; scopeLabel: string; from: string; to: string; asOf: string; rows: TrackingRegisterRow[] };

type DocRow = {
  id: number;
  arrivalNumber: number | null;
  year: number | null;
  docTypeCode: string;
  numberSymbol: string;
  issuedDate: string | null;
  issuerName: string;
  returnReason: string | null;
  note: string | null;
  reply: string | null;
};

export function getTrackingRegister(ctx: ServiceContext, options: HandlingStatisticsOptions): TrackingRegister {
  const facts = computeHandlingFacts(ctx, options);
  const ids = JSON.stringify(facts.incoming.map((f) => f.id));
  const docs = new Map(
    ctx.db
      .all<DocRow>(sql`select d.id, d.arrival_number as arrivalNumber, d.year, d.doc_type_code as docTypeCode, d.number_symbol as numberSymbol,
          d.issued_date as issuedDate, d.issuer_name as issuerName, d.return_reason as returnReason, d.note,
          (select o.number_symbol from outgoing_documents o where o.id = d.reply_outgoing_document_id and o.issued_at <= ${facts.period.cutOffMs}) as reply
        from incoming_documents d where d.organization_id = ${ctx.actor.organizationId} and d.id in (select value from json_each(${ids}))`)
      .map((d) => [d.id, d]),
  );
  const uNames = unitNames(
    ctx,
    facts.incoming.map((f) => f.mainUnitId).filter((x): x is number => x != null),
  );
  const pNames = userNames(
    ctx,
    facts.incoming.map((f) => f.mainUserId).filter((x): x is number => x != null),
  );
  const rows = facts.incoming
    .map((f) => ({ f, d: docs.get(f.id)! }))
    .filter((x) => x.d)
    .sort(
      (a, b) =>
        (a.d.year ?? 0) - (b.d.year ?? 0) || (a.d.arrivalNumber ?? Number.MAX_SAFE_INTEGER) - (b.d.arrivalNumber ?? Number.MAX_SAFE_INTEGER) || a.f.id - b.f.id,
    )
    .map(({ f, d }) => {
      const typeName = findDocumentTypeByCode(d.docTypeCode, { includeLegalNormative: true })?.name ?? d.docTypeCode;
      const person = f.mainUserId != null ? pNames.get(f.mainUserId) : null;
      const unit = f.mainUnitId != null ? uNames.get(f.mainUnitId) : null;
      const progress = INCOMING_CATEGORY_LABELS[f.category] + (f.completedDate ? ` (ngày ${formatDateVi(f.completedDate)})` : "");
      return {
        id: f.id,
        arrival: d.arrivalNumber != null ? String(d.arrivalNumber).padStart(2, "0") : "",
        document: `${typeName} số ${d.numberSymbol}${d.issuedDate ? ` ngày ${formatDateVi(d.issuedDate)}` : ""} của ${d.issuerName}`,
        recipient: [person, unit && unit !== person ? unit : null].filter(Boolean).join(", "),
        deadline: f.deadline,
        progress,
        reply: d.reply ?? "",
        note: f.category === "returned" && d.returnReason ? `Trả lại: ${d.returnReason}` : (d.note ?? ""),
      };
    });
  return {
    organizationName: ctx.actor.organizationName,
    scopeLabel: facts.scope.label,
    from: facts.period.from,
    to: facts.period.to,
    asOf: facts.period.asOf,
    rows,
  };
}

const THIN = { style: "thin" } as const;

export async function exportTrackingRegisterXlsx(ctx: ServiceContext, options: HandlingStatisticsOptions): Promise<{ bytes: Uint8Array; fileName: string }> {
  const view = getTrackingRegister(ctx, options);
  const wb = new (await loadExcelJS()).Workbook();
  wb.creator = "Văn phòng điện tử";
  const ws = wb.addWorksheet("Sổ theo dõi giải quyết", {
    pageSetup: { paperSize: 9, orientation: "landscape", fitToPage: true, fitToWidth: 1, fitToHeight: 0 },
  });
  ws.columns = [8, 48, 28, 14, 30, 20, 26].map((width) => ({ width }));
  ws.mergeCells("A1:G1");
  ws.getCell("A1").value = view.organizationName.toUpperCase();
  ws.getCell("A1").font = { bold: true };
  ws.mergeCells("A2:G2");
  ws.getCell("A2").value = "SỔ THEO DÕI GIẢI QUYẾT VĂN BẢN ĐẾN";
  ws.getCell("A2").font = { bold: true, size: 14 };
  ws.getCell("A2").alignment = { horizontal: "center" };
  ws.mergeCells("A3:G3");
  ws.getCell("A3").value =
    `${view.scopeLabel} · từ ngày ${formatDateVi(view.from)} đến ngày ${formatDateVi(view.to)} · tiến độ tính đến ngày ${formatDateVi(view.asOf)}`;
  ws.getCell("A3").alignment = { horizontal: "center" };
  const head = ws.getRow(5);
  head.values = [...TRACKING_REGISTER_COLUMNS];
  head.font = { bold: true };
  head.alignment = { horizontal: "center", vertical: "middle", wrapText: true };
  ws.getRow(6).values = TRACKING_REGISTER_COLUMNS.map((_, i) => `(${i + 1})`);
  ws.getRow(6).alignment = { horizontal: "center" };
  let r = 7;
  for (const row of view.rows) {
    ws.getRow(r).values = [row.arrival, row.document, row.recipient, row.deadline ? formatDateVi(row.deadline) : "", row.progress, row.reply, row.note];
    ws.getRow(r).alignment = { vertical: "top", wrapText: true };
    r++;
  }
  for (let i = 5; i < r; i++) ws.getRow(i).eachCell({ includeEmpty: true }, (c) => (c.border = { top: THIN, left: THIN, bottom: THIN, right: THIN }));
  return { bytes: new Uint8Array(await wb.xlsx.writeBuffer()), fileName: `so-theo-doi-giai-quyet-van-ban-den-${view.from}-${view.to}.xlsx` };
}
