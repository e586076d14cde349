// Search of outgoing documents (issue 16 §4): accent-free full text (db/sql/016-outgoing-fts.sql, the query folded
// exactly as incoming search folds it) and filters by type, signer, drafting unit, register book, issue date and
// status — always inside outgoingDocumentsVisibleTo(actor).
import { and, desc, eq, gte, inArray, lte, sql, type SQL } from "drizzle-orm";
import { outgoingDocuments, users, type OutgoingStatus } from "#db/schema/index";
import { toIncomingFtsQuery } from "#app/domain/incoming/incoming";
import { isValidIsoDate } from "#app/domain/shared/dates";
import { findDocumentTypeByCode } from "#app/domain/shared/document-types";
import { OUTGOING_STATUS_LABELS } from "#app/domain/outgoing/workflow";
import type { ServiceContext } from "#app/platform/context.server";
import { outgoingDocumentsVisibleTo } from "./visibility.server";

export type OutgoingSearch = {
  q?: string | null;
  status?: OutgoingStatus | null;
  docTypeCode?: string | null;
  signerId?: number | null;
  unitId?: number | null;
  bookId?: number | null;
  /** Issue date range (YYYY-MM-DD). */
  from?: string | null;
  to?: string | null;
  limit?: number;
};

export type OutgoingSearchItem = {
  id: number;
  numberSymbol: string | null;
  summary: string;
  docTypeName: string;
  status: OutgoingStatus;
  statusLabel: string;
  issuedDate: string | null;
  signerName: string;
  confidentiality: string;
};

/** True when the search has anything to search by (otherwise the page shows its queues). */
export function isOutgoingSearch(s: OutgoingSearch): boolean {
  return Boolean(s.q?.trim() || s.status || s.docTypeCode || s.signerId || s.unitId || s.bookId || s.from || s.to);
}

export function searchOutgoingDocuments(ctx: ServiceContext, search: OutgoingSearch): { items: OutgoingSearchItem[]; truncated: boolean } {
  const limit = Math.min(Math.max(search.limit ?? 200, 1), 1000);
  const o = outgoingDocuments;
  const where: SQL[] = [outgoingDocumentsVisibleTo(ctx.actor)];
  if (search.status) where.push(eq(o.status, search.status));
  if (search.docTypeCode) where.push(eq(o.docTypeCode, search.docTypeCode));
  if (search.signerId) where.push(eq(o.signerId, search.signerId));
  if (search.unitId) where.push(eq(o.draftingUnitId, search.unitId));
  if (search.bookId) where.push(eq(o.bookId, search.bookId));
  if (search.from && isValidIsoDate(search.from)) where.push(gte(o.issuedDate, search.from));
  if (search.to && isValidIsoDate(search.to)) where.push(lte(o.issuedDate, search.to));
  const fts = search.q ? toIncomingFtsQuery(search.q) : null;
  if (search.q?.trim() && !fts) return { items: [], truncated: false };
  if (fts) where.push(sql`${o.id} in (select rowid from outgoing_documents_fts where outgoing_documents_fts match ${fts})`);
  const rows = ctx.db
    .select({
      id: o.id,
      numberSymbol: o.numberSymbol,
      summary: o.summary,
      docTypeCode: o.docTypeCode,
      status: o.status,
      issuedDate: o.issuedDate,
      signerId: o.signerId,
      confidentiality: o.confidentiality,
    })
    .from(o)
    .where(and(...where))
    .orderBy(desc(o.id))
    .limit(limit + 1)
    .all();
  const shown = rows.slice(0, limit);
  const signerIds = [...new Set(shown.map((r) => r.signerId))];
  const names = new Map(
    signerIds.length
      ? ctx.db
          .select({ id: users.id, name: users.fullName })
          .from(users)
          .where(inArray(users.id, signerIds))
          .all()
          .map((u) => [u.id, u.name])
      : [],
  );
  return {
    items: shown.map((r) => ({
      id: r.id,
      numberSymbol: r.numberSymbol,
      summary: r.summary,
      docTypeName: findDocumentTypeByCode(r.docTypeCode)?.name ?? r.docTypeCode,
      status: r.status,
      statusLabel: OUTGOING_STATUS_LABELS[r.status],
      issuedDate: r.issuedDate,
      signerName: names.get(r.signerId) ?? "",
      confidentiality: r.confidentiality,
    })),
    truncated: rows.length > limit,
  };
}

export type OutgoingSearchOptions = {
  types: Array<{ value: string; label: string }>;
  signers: Array<{ value: number; label: string }>;
  units: Array<{ value: number; label: string }>;
  books: Array<{ value: number; label: string }>;
};

/** The choices of the search form: the organisation's signers, drafting units and outgoing register books. */
export function getOutgoingSearchOptions(ctx: ServiceContext): OutgoingSearchOptions {
  const org = ctx.actor.organizationId;
  const signers = ctx.db.all<{ value: number; label: string }>(sql`select distinct u.id as value, u.full_name as label from users u
    join user_roles ur on ur.user_id = u.id join role_permissions rp on rp.role_key = ur.role_key
    where u.organization_id = ${org} and rp.permission_key = 'sign:outgoing' order by u.full_name`);
  const units = ctx.db.all<{
    value: number;
    label: string;
  }>(sql`select distinct o.id as value, o.name as label from outgoing_documents d join organizations o on o.id = d.drafting_unit_id
    where d.organization_id = ${org} order by o.name`);
  const books = ctx.db.all<{ value: number; label: string }>(sql`select id as value, name || ' ' || year as label from register_books
    where organization_id = ${org} and direction = 'outgoing' order by year desc, name`);
  const used = new Set(
    ctx.db.all<{ code: string }>(sql`select distinct doc_type_code as code from outgoing_documents where organization_id = ${org}`).map((r) => r.code),
  );
  const types = [...used]
    .map((code) => ({ value: code, label: findDocumentTypeByCode(code)?.name ?? code }))
    .sort((a, b) => a.label.localeCompare(b.label, "vi"));
  return { types, signers, units, books };
}
