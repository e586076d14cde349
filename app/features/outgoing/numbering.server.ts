// Numbering (cấp số, Decree 30/2020 Art. 15): the register book of the year, the next number, the
// number/symbol and the date line the clerk confirms.
import { and, eq, sql } from "drizzle-orm";
import type { DbOrTx, Tx } from "#db/client";
import { outgoingRegisterEntries, registerBooks, type OutgoingDocument } from "#db/schema/index";
import { findDocumentTypeByCode } from "#app/domain/shared/document-types";
import { formatDateLine, toVietnamDate } from "#app/domain/shared/dates";
import { formatNumberSymbol, nextNumber, selectRegisterBook } from "#app/domain/outgoing/numbering";
import { isSecretConfidentiality } from "#app/domain/outgoing/workflow";
import { nowOf, type ServiceContext } from "#app/platform/context.server";
import { decide, loadVisible, organizationOf } from "./visibility.server";
import { organizationSignerSummary } from "#app/features/outgoing/device-signing.server";

type BookChoice = { id: number | null; name: string; security: "normal" | "secret"; docTypeCode: string };

function chooseBook(db: DbOrTx, doc: OutgoingDocument, year: number): BookChoice {
  const isSecret = doc.confidentiality !== "normal";
  const books = db
    .select()
    .from(registerBooks)
    .where(and(eq(registerBooks.organizationId, doc.organizationId), eq(registerBooks.year, year), eq(registerBooks.direction, "outgoing")))
    .all();
  const book = selectRegisterBook(books, doc.docTypeCode, isSecret);
  if (book) return { id: book.id, name: book.name, security: book.security, docTypeCode: book.docTypeCode };
  return { id: null, name: `Sổ đăng ký văn bản đi${isSecret ? " mật" : ""} năm ${year}`, security: isSecret ? "secret" : "normal", docTypeCode: "" };
}

export function ensureBook(tx: Tx, organizationId: number, year: number, choice: BookChoice, now: Date): number {
  if (choice.id) return choice.id;
  const existing = tx
    .select()
    .from(registerBooks)
    .where(
      and(
        eq(registerBooks.organizationId, organizationId),
        eq(registerBooks.year, year),
        eq(registerBooks.direction, "outgoing"),
        eq(registerBooks.security, choice.security),
        eq(registerBooks.docTypeCode, choice.docTypeCode),
      ),
    )
    .get();
  if (existing) return existing.id;
  return tx
    .insert(registerBooks)
    .values({ organizationId, year, direction: "outgoing", security: choice.security, docTypeCode: choice.docTypeCode, name: choice.name, createdAt: now })
    .returning()
    .get().id;
}

export function lastNumberIn(db: DbOrTx, organizationId: number, bookId: number | null, year: number): number | null {
  if (!bookId) return null;
  return (
    db
      .select({ n: sql<number | null>`max(${outgoingRegisterEntries.number})` })
      .from(outgoingRegisterEntries)
      .where(
        and(eq(outgoingRegisterEntries.organizationId, organizationId), eq(outgoingRegisterEntries.bookId, bookId), eq(outgoingRegisterEntries.year, year)),
      )
      .get()?.n ?? null
  );
}

export type IssueProposal = {
  bookName: string;
  number: number;
  numberSymbol: string;
  issuedDate: string;
  dateLine: string;
  hasOrganizationCertificate: boolean;
  organizationCertificateName: string | null;
  /** Where the organisation's key for the passphrase/PIN form is: its PKCS#12 file or a server token. */
  organizationSignerCustody: "pkcs12" | "server_token" | null;
  /** A secret document: numbered and registered only (paper original), no digital signature, no delivery. */
  paper: boolean;
};

export function numberSymbolFor(db: DbOrTx, doc: OutgoingDocument, number: number): string {
  const org = organizationOf(db, doc.organizationId);
  const unit = organizationOf(db, doc.draftingUnitId);
  const docType = findDocumentTypeByCode(doc.docTypeCode);
  return formatNumberSymbol(number, {
    typeAbbreviation: docType?.abbreviation ?? null,
    issuerAbbreviation: org.abbreviation,
    draftingUnitAbbreviation: unit.id === org.id ? null : unit.abbreviation,
  });
}

export function proposalFor(db: DbOrTx, doc: OutgoingDocument, now: Date) {
  const issuedDate = toVietnamDate(now);
  const year = Number(issuedDate.slice(0, 4));
  const book = chooseBook(db, doc, year);
  const number = nextNumber(lastNumberIn(db, doc.organizationId, book.id, year));
  const org = organizationOf(db, doc.organizationId);
  const numberSymbol = numberSymbolFor(db, doc, number);
  return { year, book, number, numberSymbol, issuedDate, dateLine: formatDateLine(org.placeName ?? org.name, issuedDate), org };
}

/** What the clerk confirms in `Chờ cấp số`: the next number in the right book, the symbol and today's date line. */
export function proposeIssue(ctx: ServiceContext, documentId: number): IssueProposal {
  const doc = loadVisible(ctx.db, ctx.actor, documentId);
  const paper = isSecretConfidentiality(doc.confidentiality);
  decide(doc, paper ? "issue_paper" : "issue", ctx.actor);
  const p = proposalFor(ctx.db, doc, nowOf(ctx));
  const material = paper ? { has: false, name: null, custody: null } : organizationSignerSummary(ctx, doc.organizationId);
  return {
    paper,
    bookName: p.book.name,
    number: p.number,
    numberSymbol: p.numberSymbol,
    issuedDate: p.issuedDate,
    dateLine: p.dateLine,
    hasOrganizationCertificate: material.has,
    organizationCertificateName: material.name,
    organizationSignerCustody: material.custody,
  };
}
