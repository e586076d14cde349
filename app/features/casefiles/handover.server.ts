// Nộp lưu (Decree 30 Art. 31): the archive clerk receives closed files from the unit/person who formed them. The
// handover record (Biên bản giao nhận hồ sơ, tài liệu) and the list (Mục lục hồ sơ, tài liệu nộp lưu; Phụ lục V) are
// produced as PDF (documents/ table layout, Tinos) and XLSX, stored content-addressed BEFORE the transaction, and
// linked in it; the files become handed_over (read-only) with one audit row each and one for the handover.
import { loadExcelJS } from "#app/platform/xlsx/exceljs.server";
import { and, eq, inArray } from "drizzle-orm";
import { writeTransaction } from "#db/client";
import { caseFileHandovers, caseFiles, users } from "#db/schema/index";
import { renderTableDocument, type TableDocumentBlock } from "#documents/reports/table-pdf";
import { formatRetention } from "#app/domain/casefiles/casefiles";
import { formatDateVi, toVietnamDate } from "#app/domain/shared/dates";
import { appendAuditEvent } from "#app/platform/audit.server";
import { auditActorOf, nowOf, type ServiceContext } from "#app/platform/context.server";
import { getFileRow, insertFileRow, readStoredFile, writeBlob } from "#app/platform/files/files.server";
import { CommonMessages } from "#app/messages/common";
import { AppError, AppErrorCode } from "#app/utils/errors";
import { CaseFileMessages } from "#app/messages/casefiles";
import { CASE_FILE_ENTITY, caseFilesVisibleTo, organIdOf, readsCaseFiles, requireHandoverable, requirePermission } from "./access.server";
import { findIssuerOf } from "#app/platform/organizations.server";

export const HANDOVER_LIST_HEADERS = ["STT", "Số, ký hiệu hồ sơ", "Tiêu đề hồ sơ", "Thời gian tài liệu", "Thời hạn bảo quản", "Số tờ/số trang", "Ghi chú"];

export type HandOverResult = {
  handoverId: number;
  files: number;
  recordPdfFileId: number;
  listPdfFileId: number;
  recordXlsxFileId: number;
  listXlsxFileId: number;
};

type Row = typeof caseFiles.$inferSelect;

function listRows(files: Row[]): string[][] {
  return files.map((f, i) => [
    String(i + 1),
    f.fileNotation,
    f.title,
    `${f.startDate ? formatDateVi(f.startDate) : ""} – ${f.endDate ? formatDateVi(f.endDate) : ""}`,
    formatRetention(f),
    String(f.pageCount),
    f.adHoc ? "Ngoài danh mục" : f.note,
  ]);
}

async function xlsxOf(title: string, lines: string[], headers: string[], rows: string[][]): Promise<Uint8Array> {
  const wb = new (await loadExcelJS()).Workbook();
  const ws = wb.addWorksheet(title.slice(0, 31));
  for (const line of lines) ws.addRow([line]);
  ws.addRow([]);
  const header = ws.addRow(headers);
  header.font = { bold: true };
  for (const r of rows) ws.addRow(r);
  ws.columns.forEach((c, i) => {
    c.width = i === 2 ? 60 : 18;
  });
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

/**
 * Nộp lưu of closed files by the archive (archive:casefile). Bên giao is `delivererUserId`, or when omitted the one
 * person who formed every file (files formed by several people need it named).
 */
export async function handOverCaseFiles(
  ctx: ServiceContext,
  options: { caseFileIds: number[]; delivererUserId?: number; note?: string },
): Promise<HandOverResult> {
  requirePermission(ctx.actor, "archive:casefile");
  if (options.caseFileIds.length === 0) throw new AppError(AppErrorCode.VALIDATION, CaseFileMessages.HANDOVER_NONE);
  const db = ctx.db;
  const now = nowOf(ctx);
  const files = db
    .select()
    .from(caseFiles)
    .where(and(inArray(caseFiles.id, options.caseFileIds), caseFilesVisibleTo(ctx.actor)))
    .all();
  if (files.length !== new Set(options.caseFileIds).size) throw new AppError(AppErrorCode.NOT_FOUND, CaseFileMessages.HANDOVER_NONE);
  for (const f of files) requireHandoverable(f);
  const creators = new Set(files.map((f) => f.creatorId));
  const delivererUserId = options.delivererUserId ?? (creators.size === 1 ? files[0].creatorId : undefined);
  if (delivererUserId === undefined)
    throw new AppError(AppErrorCode.VALIDATION, CaseFileMessages.DELIVERER_REQUIRED, { delivererUserId: CaseFileMessages.DELIVERER_REQUIRED });
  const deliverer = db.select().from(users).where(eq(users.id, delivererUserId)).get();
  const { name: organName } = organIdOf(db, ctx.actor.organizationId);
  if (!deliverer || findIssuerOf(db, deliverer.unitId).id !== ctx.actor.organizationId)
    throw new AppError(AppErrorCode.VALIDATION, CaseFileMessages.DELIVERER_INVALID);
  files.sort((a, b) => a.fileNotation.localeCompare(b.fileNotation));
  const today = formatDateVi(toVietnamDate(now));
  const rows = listRows(files);
  const pages = files.reduce((n, f) => n + f.pageCount, 0);
  const recordLines = [
    organName.toUpperCase(),
    "BIÊN BẢN GIAO NHẬN HỒ SƠ, TÀI LIỆU",
    `Hôm nay, ngày ${today}, tại ${organName}:`,
    `Bên giao: ${deliverer.fullName}${deliverer.title ? `, ${deliverer.title}` : ""}.`,
    `Bên nhận (Lưu trữ cơ quan): ${ctx.actor.fullName}${ctx.actor.title ? `, ${ctx.actor.title}` : ""}.`,
    `Thống nhất lập biên bản giao nhận ${files.length} hồ sơ điện tử, tổng số ${pages} trang, theo Mục lục hồ sơ, tài liệu nộp lưu kèm theo.`,
    options.note ? `Ghi chú: ${options.note}` : "",
    "Biên bản được lập thành bản điện tử; mỗi bên giữ một bản.",
  ].filter(Boolean);
  const recordBlocks: TableDocumentBlock[] = [
    { kind: "text", text: recordLines[0], style: "bold", size: 12 },
    { kind: "text", text: "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", style: "bold", center: true, size: 12, gap: 0 },
    { kind: "text", text: "Độc lập - Tự do - Hạnh phúc", style: "bold", center: true, size: 12, gap: 12 },
    { kind: "text", text: recordLines[1], style: "bold", center: true, size: 14, gap: 12 },
    ...recordLines.slice(2).map((text): TableDocumentBlock => ({ kind: "text", text, size: 12 })),
    {
      kind: "table",
      headers: ["ĐẠI DIỆN BÊN GIAO", "ĐẠI DIỆN BÊN NHẬN"],
      widthsPct: [50, 50],
      rows: [[`\n\n\n${deliverer.fullName}`, `\n\n\n${ctx.actor.fullName}`]],
      size: 12,
    },
  ];
  const listBlocks: TableDocumentBlock[] = [
    { kind: "text", text: organName.toUpperCase(), style: "bold", size: 12 },
    { kind: "text", text: "MỤC LỤC HỒ SƠ, TÀI LIỆU NỘP LƯU", style: "bold", center: true, size: 14 },
    { kind: "text", text: `Ngày ${today} · Bên giao: ${deliverer.fullName}`, center: true, size: 11, gap: 10 },
    { kind: "table", headers: HANDOVER_LIST_HEADERS, widthsPct: [5, 14, 38, 17, 10, 8, 8], rows, size: 10 },
    { kind: "text", text: `Mục lục này gồm ${files.length} hồ sơ.`, style: "italic", size: 11 },
  ];
  const creator = "Văn phòng điện tử";
  const parts = {
    recordPdf: await renderTableDocument({ title: "Biên bản giao nhận hồ sơ, tài liệu", creator, blocks: recordBlocks }),
    listPdf: await renderTableDocument({ title: "Mục lục hồ sơ, tài liệu nộp lưu", creator, blocks: listBlocks }),
    recordXlsx: await xlsxOf("Biên bản giao nhận", recordLines, ["Đại diện bên giao", "Đại diện bên nhận"], [[deliverer.fullName, ctx.actor.fullName]]),
    listXlsx: await xlsxOf("Mục lục hồ sơ nộp lưu", [organName.toUpperCase(), "MỤC LỤC HỒ SƠ, TÀI LIỆU NỘP LƯU", `Ngày ${today}`], HANDOVER_LIST_HEADERS, rows),
  };
  const blobs = Object.fromEntries(Object.entries(parts).map(([k, bytes]) => [k, writeBlob(ctx.dataDir, bytes)])) as Record<
    keyof typeof parts,
    ReturnType<typeof writeBlob>
  >;
  const stamp = toVietnamDate(now);
  return writeTransaction(db, (tx) => {
    // Re-check inside the lock: a file closed/handed over concurrently is refused.
    const fresh = tx
      .select()
      .from(caseFiles)
      .where(
        inArray(
          caseFiles.id,
          files.map((f) => f.id),
        ),
      )
      .all();
    for (const f of fresh) requireHandoverable(f);
    const by = ctx.actor.id > 0 ? ctx.actor.id : null;
    const pdf = "application/pdf";
    const xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    const ids = {
      recordPdf: insertFileRow(tx, { blob: blobs.recordPdf, mimeType: pdf, originalName: `bien-ban-giao-nhan-${stamp}.pdf`, createdBy: by, at: now }).id,
      listPdf: insertFileRow(tx, { blob: blobs.listPdf, mimeType: pdf, originalName: `muc-luc-ho-so-nop-luu-${stamp}.pdf`, createdBy: by, at: now }).id,
      recordXlsx: insertFileRow(tx, { blob: blobs.recordXlsx, mimeType: xlsx, originalName: `bien-ban-giao-nhan-${stamp}.xlsx`, createdBy: by, at: now }).id,
      listXlsx: insertFileRow(tx, { blob: blobs.listXlsx, mimeType: xlsx, originalName: `muc-luc-ho-so-nop-luu-${stamp}.xlsx`, createdBy: by, at: now }).id,
    };
    const handover = tx
      .insert(caseFileHandovers)
      .values({
        organizationId: ctx.actor.organizationId,
        delivererId: deliverer.id,
        receiverId: ctx.actor.id,
        fileCount: files.length,
        note: options.note ?? "",
        recordPdfFileId: ids.recordPdf,
        recordXlsxFileId: ids.recordXlsx,
        listPdfFileId: ids.listPdf,
        listXlsxFileId: ids.listXlsx,
        at: now,
      })
      .returning({ id: caseFileHandovers.id })
      .get();
    for (const f of fresh) {
      tx.update(caseFiles)
        .set({ status: "handed_over", handoverId: handover.id, version: f.version + 1, updatedAt: now })
        .where(eq(caseFiles.id, f.id))
        .run();
      appendAuditEvent(tx, {
        at: now,
        ...auditActorOf(ctx),
        action: "casefile.hand_over",
        entityType: CASE_FILE_ENTITY,
        entityId: f.id,
        fromState: "closed",
        toState: "handed_over",
        detail: { handoverId: handover.id },
      });
    }
    appendAuditEvent(tx, {
      at: now,
      ...auditActorOf(ctx),
      action: "casefile_handover.create",
      entityType: "case_file_handover",
      entityId: handover.id,
      detail: { files: fresh.map((f) => f.fileCode), delivererId: deliverer.id },
    });
    return {
      handoverId: handover.id,
      files: fresh.length,
      recordPdfFileId: ids.recordPdf,
      listPdfFileId: ids.listPdf,
      recordXlsxFileId: ids.recordXlsx,
      listXlsxFileId: ids.listXlsx,
    };
  });
}

export const HANDOVER_PARTS = ["record.pdf", "list.pdf", "record.xlsx", "list.xlsx"] as const;
export type HandoverPart = (typeof HANDOVER_PARTS)[number];

/** One stored part of a handover of the actor's organisation (readers of case files only), for download. */
export function readHandoverPart(
  ctx: ServiceContext,
  options: { handoverId: number; part: HandoverPart },
): { bytes: Uint8Array; mimeType: string; fileName: string } {
  const row = readsCaseFiles(ctx.actor)
    ? ctx.db
        .select()
        .from(caseFileHandovers)
        .where(and(eq(caseFileHandovers.id, options.handoverId), eq(caseFileHandovers.organizationId, ctx.actor.organizationId)))
        .get()
    : undefined;
  const fileId = row
    ? { "record.pdf": row.recordPdfFileId, "list.pdf": row.listPdfFileId, "record.xlsx": row.recordXlsxFileId, "list.xlsx": row.listXlsxFileId }[options.part]
    : null;
  const file = fileId ? getFileRow(ctx.db, fileId) : undefined;
  if (!file) throw new AppError(AppErrorCode.NOT_FOUND, CommonMessages.NOT_FOUND("tệp"));
  return { bytes: new Uint8Array(readStoredFile(ctx.dataDir, file)), mimeType: file.mimeType, fileName: file.originalName ?? options.part };
}
