// Read side of incoming documents: the lists and tabs (boxes), search (keyset pages) and the home counters.
// Every query is filtered by incomingDocumentsVisibleTo.
import { and, eq, gte, inArray, isNull, lt, lte, ne, sql, type SQL } from "drizzle-orm";
import { countEach } from "#db/client";
import { incomingDocuments, type IncomingStatus, type Urgency } from "#db/schema/index";
import type { Actor } from "#app/platform/auth/actor";
import { isValidIsoDate, toVietnamDate } from "#app/domain/shared/dates";
import { findDocumentTypeByCode } from "#app/domain/shared/document-types";
import {
  INCOMING_BOXES,
  INCOMING_BOX_LABELS,
  type IncomingBox,
  deadlineMark,
  dueSoonLimit,
  formatArrivalNumber,
  toIncomingFtsQuery,
  type DeadlineMark,
} from "#app/domain/incoming/incoming";
import { loadWorkingCalendar } from "#app/platform/calendar.server";
import { nowOf, type ServiceContext } from "#app/platform/context.server";
import { has, incomingDocumentsVisibleTo } from "#app/features/incoming/visibility.server";
import { decodeCursor, encodeCursor } from "#app/utils/keyset-cursor.server";

export { INCOMING_BOXES, INCOMING_BOX_LABELS, type IncomingBox };

const d = incomingDocuments;

export function docTypeName(code: string): string {
  return findDocumentTypeByCode(code, { includeLegalNormative: true })?.name ?? code;
}

/** Start of a Vietnam calendar day as an instant (UTC+7, no DST). */
export function vietnamDayStart(iso: string): Date {
  return new Date(`${iso}T00:00:00+07:00`);
}

export type ListIncomingOptions = {
  box?: IncomingBox;
  q?: string | null;
  from?: string | null;
  to?: string | null;
  docTypeCode?: string | null;
  status?: IncomingStatus | null;
  urgency?: Urgency | "urgent_any" | null;
  unitId?: number | null;
  isOverdue?: boolean;
  /** In progress with a deadline from today to the due-soon limit (the "Sắp đến hạn" tile). */
  isDueSoon?: boolean;
  /** Registered on this Vietnam calendar day (the clerk's "Đã đăng ký hôm nay" tile). */
  registeredOn?: string | null;
  /** The page after this cursor (a page's `nextCursor`). */
  cursor?: string | null;
  /** The page before this cursor (a page's `previousCursor`); ignored when `cursor` is given. */
  before?: string | null;
  limit?: number;
};

export type IncomingListItem = {
  id: number;
  arrivalNumber: string;
  year: number | null;
  receivedAt: Date;
  numberSymbol: string;
  docTypeName: string;
  issuedDate: string | null;
  issuerName: string;
  summary: string;
  status: IncomingStatus;
  urgency: Urgency;
  isSecret: boolean;
  isRecalled: boolean;
  deadline: string | null;
  deadlineMark: DeadlineMark | null;
  version: number;
};

export type IncomingPage = { items: IncomingListItem[]; nextCursor: string | null; previousCursor: string | null };

/** Pending work of the actor: assignments to them or (non-secret) to their unit. */
// An IN list driven by the assignment indexes: an inbox holds a few dozen rows out of a million.
function myPendingAssignment(actor: Actor): SQL {
  return sql`${d.id} in (select ma.document_id from incoming_assignments ma where ma.status = 'pending' and ma.assignee_user_id = ${actor.id} union select ua.document_id from incoming_assignments ua where ua.status = 'pending' and ua.assignee_user_id is null and ua.assignee_unit_id = ${actor.unitId}) and (${d.isSecret} = 0 or ${d.id} in (select sa.document_id from incoming_assignments sa where sa.assignee_user_id = ${actor.id}))`;
}

// The home tiles and the lists they open share these conditions, so a tile's count is the list's length.
function dueSoonCondition(ctx: ServiceContext, today: string): SQL | undefined {
  const soon = dueSoonLimit(loadWorkingCalendar(ctx.db), today);
  return and(eq(d.status, "in_progress"), gte(d.handlingDeadline, today), lte(d.handlingDeadline, soon));
}

function registeredOnCondition(day: string, now: Date): SQL | undefined {
  const end = new Date(vietnamDayStart(day).getTime() + 86_400_000);
  return and(gte(d.registeredAt, vietnamDayStart(day)), lt(d.registeredAt, end.getTime() < now.getTime() ? end : new Date(now.getTime() + 1)));
}

function boxCondition(actor: Actor, box: IncomingBox): SQL | undefined {
  switch (box) {
    case "inbox":
      return and(inArray(d.status, ["in_progress", "completed"]), myPendingAssignment(actor), isNull(d.recalledAt));
    case "registration":
      return eq(d.status, "received");
    case "routing":
      return eq(d.status, "awaiting_routing");
    case "direction":
      // A leader sees what was forwarded to them; the office lead sees every document waiting for direction.
      return has(actor, "route:incoming") ? eq(d.status, "awaiting_direction") : and(eq(d.status, "awaiting_direction"), eq(d.forwardedToUserId, actor.id));
    case "returned":
      return eq(d.status, "returned");
    default:
      return undefined;
  }
}

type ListRow = ReturnType<typeof selectListRows>[number];

/** The columns a list row shows, in the given order. */
function selectListRows(ctx: ServiceContext, where: (SQL | undefined)[], orderBy: SQL[], limit: number) {
  return ctx.db
    .select({
      id: d.id,
      arrivalNumber: d.arrivalNumber,
      year: d.year,
      receivedAt: d.receivedAt,
      numberSymbol: d.numberSymbol,
      docTypeCode: d.docTypeCode,
      issuedDate: d.issuedDate,
      issuerName: d.issuerName,
      summary: d.summary,
      status: d.status,
      urgency: d.urgency,
      urgencyRank: d.urgencyRank,
      isSecret: d.isSecret,
      recalledAt: d.recalledAt,
      handlingDeadline: d.handlingDeadline,
      version: d.version,
    })
    .from(d)
    .where(and(...where))
    .orderBy(...orderBy)
    .limit(limit)
    .all();
}

const QUEUE_BOXES = new Set<IncomingBox>(["inbox", "registration", "routing", "direction"]);

/**
 * One page of documents. Queues put urgent documents first (Decree 30 Art. 4 k.2 c: handled at once);
 * the full list and search are newest first. Keyset cursors use a row-value comparison, which SQLite
 * answers from the (organization_id, received_at, id) index (reliability.md §3.4).
 */
export function listIncomingDocuments(ctx: ServiceContext, options: ListIncomingOptions = {}): IncomingPage {
  const actor = ctx.actor;
  const box = options.box ?? "all";
  const limit = Math.min(Math.max(options.limit ?? 20, 1), 100);
  const today = toVietnamDate(nowOf(ctx));
  const conditions: (SQL | undefined)[] = [incomingDocumentsVisibleTo(actor), boxCondition(actor, box)];
  if (options.from && isValidIsoDate(options.from)) conditions.push(gte(d.receivedAt, vietnamDayStart(options.from)));
  if (options.to && isValidIsoDate(options.to)) conditions.push(lt(d.receivedAt, new Date(vietnamDayStart(options.to).getTime() + 86_400_000)));
  if (options.docTypeCode) conditions.push(eq(d.docTypeCode, options.docTypeCode));
  if (options.status) conditions.push(eq(d.status, options.status));
  if (options.urgency === "urgent_any") conditions.push(ne(d.urgency, "normal"));
  else if (options.urgency) conditions.push(eq(d.urgency, options.urgency));
  if (options.unitId)
    conditions.push(
      sql`exists (select 1 from incoming_assignments ua where ua.document_id = ${d.id} and ua.assignee_unit_id = ${options.unitId} and ua.status != 'delegated')`,
    );
  if (options.isOverdue) conditions.push(and(eq(d.status, "in_progress"), lt(d.handlingDeadline, today)));
  if (options.isDueSoon) conditions.push(dueSoonCondition(ctx, today));
  if (options.registeredOn && isValidIsoDate(options.registeredOn)) conditions.push(registeredOnCondition(options.registeredOn, nowOf(ctx)));

  const ftsQuery = options.q ? toIncomingFtsQuery(options.q) : null;
  const isSearch = Boolean(ftsQuery);
  const isQueue = !isSearch && QUEUE_BOXES.has(box);
  // The sort key, newest (or most urgent) first; the id ends it, so keys are unique and ties neither repeat
  // nor skip rows. Forward pages continue below a cursor, backward pages read upwards from one and are
  // turned round (ADR 0013).
  const key: SQL[] = isSearch ? [sql`${d.id}`] : isQueue ? [sql`${d.urgencyRank}`, sql`${d.receivedAt}`, sql`${d.id}`] : [sql`${d.receivedAt}`, sql`${d.id}`];
  const keyOf = (r: { id: number; urgencyRank: number; receivedAt: Date }): number[] =>
    isSearch ? [r.id] : isQueue ? [r.urgencyRank, r.receivedAt.getTime(), r.id] : [r.receivedAt.getTime(), r.id];
  const beyond = (cursor: number[], direction: "forward" | "backward"): SQL =>
    sql`(${sql.join(key, sql`, `)}) ${direction === "forward" ? sql`<` : sql`>`} (${sql.join(
      cursor.map((v) => sql`${v}`),
      sql`, `,
    )})`;

  const readRows = (cursor: number[] | null, direction: "forward" | "backward") => {
    const where = [...conditions, cursor ? beyond(cursor, direction) : undefined];
    const order = (column: SQL) => (direction === "forward" ? sql`${column} desc` : sql`${column} asc`);
    if (isSearch) {
      // Newest registered first, straight from the FTS rowid order: the FTS table drives the join (CROSS JOIN
      // keeps it as the outer loop), so SQLite streams matches newest-first and stops at the page size instead
      // of collecting and sorting every hit (reliability.md §3.3: 0.09 ms vs 27 ms for bm25 ordering).
      const ids = ctx.db
        .all<{ id: number }>(
          sql`select incoming_documents.id as id from incoming_documents_fts cross join incoming_documents on incoming_documents.id = incoming_documents_fts.rowid where incoming_documents_fts match ${ftsQuery} and ${and(...where)} order by ${order(sql`incoming_documents_fts.rowid`)} limit ${limit + 1}`,
        )
        .map((r) => r.id);
      return selectListRows(ctx, [ids.length ? inArray(d.id, ids) : sql`0`], [order(sql`${d.id}`)], limit + 1);
    }
    return selectListRows(ctx, where, key.map(order), limit + 1);
  };

  const after = decodeCursor(options.cursor, key.length);
  const before = after ? null : decodeCursor(options.before, key.length);
  let page: ListRow[];
  let hasNext: boolean;
  let hasPrevious: boolean;
  const backward = before ? readRows(before, "backward") : null;
  if (backward && backward.length > limit) {
    page = backward.slice(0, limit).reverse();
    hasNext = true;
    hasPrevious = true;
  } else {
    // Forward, or a backward page that ran into the start of the list (documents were added or moved
    // since): the first page, so that it has the same rows whichever way it was reached.
    const forward = readRows(after, "forward");
    page = forward.slice(0, limit);
    hasNext = forward.length > limit;
    hasPrevious = after !== null && page.length > 0;
  }
  const calendar = page.some((r) => r.handlingDeadline) ? loadWorkingCalendar(ctx.db) : null;
  const first = page[0];
  const last = page[page.length - 1];
  const nextCursor = hasNext && last ? encodeCursor(keyOf(last)) : null;
  const previousCursor = hasPrevious && first ? encodeCursor(keyOf(first)) : null;
  return {
    nextCursor,
    previousCursor,
    items: page.map((r) => ({
      id: r.id,
      arrivalNumber: formatArrivalNumber(r.arrivalNumber),
      year: r.year,
      receivedAt: r.receivedAt,
      numberSymbol: r.numberSymbol,
      docTypeName: docTypeName(r.docTypeCode),
      issuedDate: r.issuedDate,
      issuerName: r.issuerName,
      summary: r.summary,
      status: r.status,
      urgency: r.urgency,
      isSecret: r.isSecret,
      isRecalled: r.recalledAt != null,
      deadline: r.handlingDeadline,
      deadlineMark: calendar && r.status === "in_progress" ? deadlineMark(calendar, today, r.handlingDeadline) : null,
      version: r.version,
    })),
  };
}

// ---------------------------------------------------------------------------------------------------
// Dashboard counters

export type IncomingCounters = {
  awaitingRegistration?: number;
  registeredToday?: number;
  returned?: number;
  awaitingRouting?: number;
  awaitingDirection?: number;
  toHandle: number;
  dueSoon: number;
  overdue: number;
};

export function countIncomingWork(ctx: ServiceContext): IncomingCounters {
  const actor = ctx.actor;
  const now = nowOf(ctx);
  const today = toVietnamDate(now);
  // The tiles this actor has, each with the condition of the list it opens (null: not this actor's tile).
  const registers = has(actor, "register:incoming");
  const handles = has(actor, "handle:incoming");
  const inbox = handles ? boxCondition(actor, "inbox") : undefined;
  const counts = countEach(ctx.db, d, incomingDocumentsVisibleTo(actor), {
    awaitingRegistration: registers ? eq(d.status, "received") : null,
    registeredToday: registers ? registeredOnCondition(today, now) : null,
    returned: registers ? eq(d.status, "returned") : null,
    awaitingRouting: has(actor, "route:incoming") ? eq(d.status, "awaiting_routing") : null,
    awaitingDirection: has(actor, "direct:incoming") || has(actor, "route:incoming") ? boxCondition(actor, "direction") : null,
    toHandle: handles ? inbox : null,
    dueSoon: handles ? and(inbox, dueSoonCondition(ctx, today)) : null,
    overdue: handles ? and(inbox, eq(d.status, "in_progress"), lt(d.handlingDeadline, today)) : null,
  } satisfies Record<keyof IncomingCounters, SQL | null | undefined>);
  return { toHandle: 0, dueSoon: 0, overdue: 0, ...counts };
}
