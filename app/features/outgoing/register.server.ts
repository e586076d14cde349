// Register book (sổ đăng ký văn bản đi, Decree 30/2020 Phụ lục IV): the page and its XLSX export.
import { joinListItems } from "#app/domain/shared/text";
import { and, asc, eq, gte, lte, or } from "drizzle-orm";
import { outgoingDocuments, outgoingRegisterEntries, registerBooks } from "#db/schema/index";
import type { Actor } from "#app/platform/auth/actor";
import { findDocumentTypeByCode } from "#app/domain/shared/document-types";
import { formatDateVi } from "#app/domain/shared/dates";
import { CONFIDENTIALITY_LABELS, isSecretConfidentiality, REGISTER_COLUMNS, URGENCY_LABELS } from "#app/domain/outgoing/workflow";
import type { ServiceContext } from "#app/platform/context.server";
import { AppError, AppErrorCode } from "#app/utils/errors";
import { organizationOf, outgoingDocumentsVisibleTo, userName } from "./visibility.server";
import { CommonMessages } from "#app/messages/common";

export type RegisterRow = {
  documentId: number;
  number: number;
  numberSymbol: string;
  issuedDate: string;
  issuedDateVi: string;
  typeAndSummary: string;
  signerName: string;
  recipients: string;
  archiveHolder: string;
  copies: number | null;
  transferDate: string;
  receivedSignature: string;
  note: string;
  bookName: string;
  bookId: number;
};

export type OutgoingRegisterBook = { id: number; name: string; security: "normal" | "secret" };

function assertRegisterReader(actor: Actor) {
  if (!actor.permissions.includes("view:register") && !actor.permissions.includes("issue:outgoing"))
    throw new AppError(AppErrorCode.NOT_FOUND, CommonMessages.NOT_FOUND("sổ đăng ký"));
}

/** The organisation's outgoing books of a year (the register page's "Sổ" filter), ordinary books first. */
export function listOutgoingRegisterBooks(ctx: ServiceContext, options: { year: number }): OutgoingRegisterBook[] {
  assertRegisterReader(ctx.actor);
  return ctx.db
    .select({ id: registerBooks.id, name: registerBooks.name, security: registerBooks.security })
    .from(registerBooks)
    .where(and(eq(registerBooks.organizationId, ctx.actor.organizationId), eq(registerBooks.year, options.year), eq(registerBooks.direction, "outgoing")))
    .orderBy(asc(registerBooks.security), asc(registerBooks.id))
    .all();
}

/**
 * Rows of the register (all books of the year, or one with `bookId`). Entries of secret documents are
 * listed only for those who may see the document (outgoingDocumentsVisibleTo).
 */
export function listOutgoingRegister(ctx: ServiceContext, options: { year: number; from?: string; to?: string; bookId?: number | null }): RegisterRow[] {
  assertRegisterReader(ctx.actor);
  const conditions = [
    eq(outgoingRegisterEntries.organizationId, ctx.actor.organizationId),
    eq(outgoingRegisterEntries.year, options.year),
    or(eq(outgoingDocuments.confidentiality, "normal"), outgoingDocumentsVisibleTo(ctx.actor))!,
  ];
  if (options.bookId) conditions.push(eq(outgoingRegisterEntries.bookId, options.bookId));
  if (options.from) conditions.push(gte(outgoingRegisterEntries.issuedDate, options.from));
  if (options.to) conditions.push(lte(outgoingRegisterEntries.issuedDate, options.to));
  const rows = ctx.db
    .select({ entry: outgoingRegisterEntries, doc: outgoingDocuments, bookName: registerBooks.name })
    .from(outgoingRegisterEntries)
    .innerJoin(outgoingDocuments, eq(outgoingDocuments.id, outgoingRegisterEntries.documentId))
    .innerJoin(registerBooks, eq(registerBooks.id, outgoingRegisterEntries.bookId))
    .where(and(...conditions))
    .orderBy(asc(outgoingRegisterEntries.bookId), asc(outgoingRegisterEntries.number))
    .all();
  return rows.map(({ entry, doc, bookName }) => {
    const distribution = JSON.parse(doc.distributionList) as string[];
    const unit = organizationOf(ctx.db, doc.draftingUnitId);
    const notes = [
      doc.status === "recalled" ? `Đã thu hồi: ${doc.recallReason ?? ""}` : "",
      doc.replacesDocumentId ? `Thay thế văn bản #${doc.replacesDocumentId}` : "",
      doc.urgency !== "normal" ? URGENCY_LABELS[doc.urgency] : "",
      isSecretConfidentiality(doc.confidentiality) ? `${CONFIDENTIALITY_LABELS[doc.confidentiality]}, bản giấy` : "",
    ]
      .filter(Boolean)
      .join("; ");
    return {
      documentId: doc.id,
      number: entry.number,
      numberSymbol: entry.numberSymbol,
      issuedDate: entry.issuedDate,
      issuedDateVi: formatDateVi(entry.issuedDate),
      typeAndSummary: `${findDocumentTypeByCode(doc.docTypeCode)?.name ?? doc.docTypeCode}: ${doc.summary}`,
      signerName: userName(ctx.db, doc.signedBy ?? doc.signerId) ?? "",
      recipients: joinListItems(distribution),
      archiveHolder: `Văn thư; ${unit.name}`,
      copies: doc.copies,
      transferDate: entry.issuedDate ? formatDateVi(entry.issuedDate) : "",
      receivedSignature: "",
      note: notes,
      bookName,
      bookId: entry.bookId,
    };
  });
}

/** The register page: the year's books (filter) and the rows of the chosen book, or of all books. */
/**
 * Without a chosen book the register shows the ordinary book: secret documents have their own book
 * (Decree 30/2020 Art. 15 §1; Luật Bảo vệ bí mật nhà nước 2018), and listing its entries in the same
 * numbered table as the ordinary book mixed two number series on one printed page (issue 9).
 */
function chooseRegisterBook(books: OutgoingRegisterBook[], bookId: number | null | undefined): OutgoingRegisterBook | null {
  if (bookId) return books.find((b) => b.id === bookId) ?? null;
  return books.find((b) => b.security === "normal") ?? books[0] ?? null;
}

export function getOutgoingRegisterView(ctx: ServiceContext, options: { year: number; bookId?: number | null }) {
  const books = listOutgoingRegisterBooks(ctx, options);
  const book = chooseRegisterBook(books, options.bookId);
  const rows = book ? listOutgoingRegister(ctx, { year: options.year, bookId: book.id }) : [];
  return { books, book, rows };
}

export async function exportOutgoingRegisterXlsx(ctx: ServiceContext, options: { year: number; bookId?: number | null }): Promise<Buffer> {
  const book = chooseRegisterBook(listOutgoingRegisterBooks(ctx, options), options.bookId);
  const rows = book ? listOutgoingRegister(ctx, { year: options.year, bookId: book.id }) : [];
  const { default: ExcelJS } = await import("exceljs");
  const workbook = new ExcelJS.Workbook();
  workbook.creator = "Văn phòng điện tử";
  const sheet = workbook.addWorksheet(`Sổ VB đi ${options.year}`, {
    pageSetup: { paperSize: 9, orientation: "landscape", fitToPage: true, fitToWidth: 1, fitToHeight: 0 },
  });
  sheet.addRow([
    `SỔ ĐĂNG KÝ VĂN BẢN ĐI${book?.security === "secret" ? " MẬT" : ""} NĂM ${options.year} — ${ctx.actor.organizationName.toLocaleUpperCase("vi-VN")}`,
  ]);
  sheet.mergeCells(1, 1, 1, REGISTER_COLUMNS.length);
  sheet.getRow(1).font = { bold: true, size: 13 };
  const header = sheet.addRow([...REGISTER_COLUMNS]);
  header.font = { bold: true };
  header.alignment = { wrapText: true, vertical: "middle", horizontal: "center" };
  sheet.addRow(REGISTER_COLUMNS.map((_, i) => `(${i + 1})`)).alignment = { horizontal: "center" };
  for (const r of rows) {
    const row = sheet.addRow([
      r.numberSymbol,
      r.issuedDateVi,
      r.typeAndSummary,
      r.signerName,
      r.recipients,
      r.archiveHolder,
      r.copies ?? "",
      r.transferDate,
      r.receivedSignature,
      r.note,
    ]);
    row.alignment = { wrapText: true, vertical: "top" };
  }
  [16, 12, 45, 20, 35, 25, 9, 12, 12, 20].forEach((w, i) => {
    sheet.getColumn(i + 1).width = w;
  });
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

// ---------------------------------------------------------------------------------------------
