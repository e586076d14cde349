// The register book of incoming documents (sổ đăng ký văn bản đến, Decree 30 Phụ lục IV): the arrival
// number allocated at registration, the book as a page and as an XLSX export for printing.
import { and, asc, desc, eq, gte, inArray, isNull, lt, ne, sql } from "drizzle-orm";
import { loadExcelJS } from "#app/platform/xlsx/exceljs.server";
import type { Tx } from "#db/client";
import { incomingAssignments, incomingDocuments, organizations, registerBooks, users } from "#db/schema/index";
import { formatDateVi, isValidIsoDate, toVietnamDate } from "#app/domain/shared/dates";
import { formatArrivalNumber, incomingBookName } from "#app/domain/incoming/incoming";
import { AppError, AppErrorCode } from "#app/utils/errors";
import type { ServiceContext } from "#app/platform/context.server";
import { findOrCreateRegisterBook } from "#app/platform/register-books.server";
import { CommonMessages } from "#app/messages/common";
import { has, incomingDocumentsVisibleTo } from "#app/features/incoming/visibility.server";
import { docTypeName, vietnamDayStart } from "#app/features/incoming/queries.server";

const d = incomingDocuments;

/**
 * The next arrival number in the organisation's incoming book for the year, inside the caller's IMMEDIATE
 * transaction (the write lock serialises allocators across processes; the unique index is the backstop).
 * The book row is created on first use.
 */
export function allocateArrivalNumber(
  tx: Tx,
  options: { organizationId: number; year: number; security: "normal" | "secret"; at: Date },
): { bookId: number; arrivalNumber: number } {
  const bookId = findOrCreateRegisterBook(
    tx,
    { organizationId: options.organizationId, year: options.year, direction: "incoming", security: options.security, docTypeCode: "" },
    { name: incomingBookName(options.year, options.security), at: options.at },
  );
  const max = tx
    .select({ n: sql<number | null>`max(${d.arrivalNumber})` })
    .from(d)
    .where(and(eq(d.organizationId, options.organizationId), eq(d.bookId, bookId), eq(d.year, options.year)))
    .get()?.n;
  return { bookId, arrivalNumber: (max ?? 0) + 1 };
}

export type RegisterBookRow = {
  id: number;
  receivedDate: string;
  arrivalNumber: string;
  issuerName: string;
  numberSymbol: string;
  issuedDate: string | null;
  typeAndSummary: string;
  recipients: string;
  transferDate: string | null;
  note: string;
  isUrgent: boolean;
};

export type RegisterBookView = {
  books: Array<{ id: number; name: string; year: number; security: "normal" | "secret" }>;
  book: { id: number; name: string; year: number; security: "normal" | "secret" } | null;
  from: string | null;
  to: string | null;
  rows: RegisterBookRow[];
  organizationName: string;
};

export type RegisterBookChoices = Pick<RegisterBookView, "books" | "book" | "organizationName">;

/** The books the actor may open and the one asked for (the newest by default): the page's form, also when a filter is refused. */
export function getIncomingRegisterBookChoices(ctx: ServiceContext, options: { bookId?: number | null }): RegisterBookChoices {
  const actor = ctx.actor;
  const seesSecret = has(actor, "direct:incoming") || has(actor, "route:incoming");
  const books = ctx.db
    .select({ id: registerBooks.id, name: registerBooks.name, year: registerBooks.year, security: registerBooks.security })
    .from(registerBooks)
    .where(
      and(
        eq(registerBooks.organizationId, actor.organizationId),
        eq(registerBooks.direction, "incoming"),
        seesSecret ? undefined : eq(registerBooks.security, "normal"),
      ),
    )
    .orderBy(desc(registerBooks.year), asc(registerBooks.security))
    .all();
  const book = (options.bookId ? books.find((b) => b.id === options.bookId) : books[0]) ?? null;
  if (options.bookId && !book) throw new AppError(AppErrorCode.NOT_FOUND, CommonMessages.NOT_FOUND("sổ đăng ký"));
  const org = ctx.db.select({ name: organizations.name }).from(organizations).where(eq(organizations.id, actor.organizationId)).get();
  return { books, book, organizationName: org?.name ?? "" };
}

export function getIncomingRegisterBook(ctx: ServiceContext, options: { bookId?: number | null; from?: string | null; to?: string | null }): RegisterBookView {
  const actor = ctx.actor;
  const { books, book, organizationName } = getIncomingRegisterBookChoices(ctx, options);
  const from = options.from && isValidIsoDate(options.from) ? options.from : null;
  const to = options.to && isValidIsoDate(options.to) ? options.to : null;
  if (!book) return { books, book: null, from, to, rows: [], organizationName };
  const rows = ctx.db
    .select()
    .from(d)
    .where(
      and(
        incomingDocumentsVisibleTo(actor),
        eq(d.bookId, book.id),
        from ? gte(d.receivedAt, vietnamDayStart(from)) : undefined,
        to ? lt(d.receivedAt, new Date(vietnamDayStart(to).getTime() + 86_400_000)) : undefined,
      ),
    )
    .orderBy(asc(d.arrivalNumber))
    .all();
  const ids = rows.map((r) => r.id);
  const recipients = new Map<number, string[]>();
  if (ids.length) {
    const a = incomingAssignments;
    const assigned = ctx.db
      .select({ documentId: a.documentId, kind: a.kind, userName: users.fullName, unitName: organizations.name })
      .from(a)
      .leftJoin(users, eq(users.id, a.assigneeUserId))
      .leftJoin(organizations, eq(organizations.id, a.assigneeUnitId))
      .where(and(inArray(a.documentId, ids), isNull(a.parentAssignmentId), ne(a.kind, "info")))
      .orderBy(asc(a.id))
      .all();
    for (const x of assigned) {
      const label = `${x.userName ?? x.unitName ?? ""}${x.kind === "main" ? " (chủ trì)" : " (phối hợp)"}`;
      recipients.set(x.documentId, [...(recipients.get(x.documentId) ?? []), label]);
    }
  }
  return {
    books,
    book,
    from,
    to,
    organizationName,
    rows: rows.map((r) => ({
      id: r.id,
      receivedDate: toVietnamDate(r.receivedAt),
      arrivalNumber: formatArrivalNumber(r.arrivalNumber),
      issuerName: r.issuerName,
      numberSymbol: r.numberSymbol,
      issuedDate: r.issuedDate,
      typeAndSummary: `${docTypeName(r.docTypeCode)}: ${r.summary}`,
      recipients: (recipients.get(r.id) ?? []).join("; "),
      transferDate: r.routedAt ? toVietnamDate(r.routedAt) : null,
      note: [r.status === "returned" ? `Đã trả lại: ${r.returnReason ?? ""}` : null, r.recalledAt ? "Đã thu hồi" : null, r.note].filter(Boolean).join(". "),
      isUrgent: r.urgency !== "normal",
    })),
  };
}

/** The register book as an XLSX workbook laid out for A4 landscape printing. */
export async function exportIncomingRegisterBookXlsx(
  ctx: ServiceContext,
  options: { bookId?: number | null; from?: string | null; to?: string | null },
): Promise<{ bytes: Buffer; fileName: string }> {
  const view = getIncomingRegisterBook(ctx, options);
  const workbook = new (await loadExcelJS()).Workbook();
  workbook.creator = "Văn phòng điện tử";
  const sheet = workbook.addWorksheet("Sổ văn bản đến", {
    pageSetup: { paperSize: 9, orientation: "landscape", fitToPage: true, fitToWidth: 1, fitToHeight: 0 },
  });
  sheet.mergeCells("A1:J1");
  sheet.getCell("A1").value = view.organizationName.toUpperCase();
  sheet.mergeCells("A2:J2");
  sheet.getCell("A2").value = (view.book?.name ?? "Sổ đăng ký văn bản đến").toUpperCase();
  sheet.getCell("A2").font = { bold: true, size: 14 };
  sheet.getCell("A2").alignment = { horizontal: "center" };
  if (view.from || view.to) {
    sheet.mergeCells("A3:J3");
    sheet.getCell("A3").value = `Từ ngày ${view.from ? formatDateVi(view.from) : "…"} đến ngày ${view.to ? formatDateVi(view.to) : "…"}`;
    sheet.getCell("A3").alignment = { horizontal: "center" };
  }
  const header = [
    "Ngày đến",
    "Số đến",
    "Tác giả",
    "Số, ký hiệu",
    "Ngày tháng",
    "Tên loại và trích yếu nội dung",
    "Đơn vị hoặc người nhận",
    "Ngày chuyển",
    "Ký nhận",
    "Ghi chú",
  ];
  const headerRow = sheet.getRow(5);
  headerRow.values = header;
  headerRow.font = { bold: true };
  headerRow.alignment = { horizontal: "center", vertical: "middle", wrapText: true };
  sheet.getRow(6).values = header.map((_, i) => `(${i + 1})`);
  sheet.getRow(6).alignment = { horizontal: "center" };
  const widths = [12, 8, 28, 18, 12, 50, 30, 12, 12, 20];
  widths.forEach((w, i) => {
    sheet.getColumn(i + 1).width = w;
  });
  let r = 7;
  for (const row of view.rows) {
    sheet.getRow(r).values = [
      formatDateVi(row.receivedDate),
      row.arrivalNumber,
      row.issuerName,
      row.numberSymbol,
      row.issuedDate ? formatDateVi(row.issuedDate) : "",
      row.typeAndSummary,
      row.recipients,
      row.transferDate ? formatDateVi(row.transferDate) : "",
      "",
      row.note,
    ];
    sheet.getRow(r).alignment = { vertical: "top", wrapText: true };
    r++;
  }
  for (let row = 5; row < r; row++) {
    for (let col = 1; col <= 10; col++)
      sheet.getCell(row, col).border = { top: { style: "thin" }, left: { style: "thin" }, bottom: { style: "thin" }, right: { style: "thin" } };
  }
  sheet.pageSetup.printTitlesRow = "5:6";
  const bytes = Buffer.from(await workbook.xlsx.writeBuffer());
  const year = view.book?.year ?? new Date().getFullYear();
  return { bytes, fileName: `Sổ văn bản đến ${year}${view.book?.security === "secret" ? " (mật)" : ""}.xlsx` };
}
