// Read side of incoming documents: lists and search (keyset pages), the document page, the register book
// (sổ đăng ký văn bản đến, Phụ lục IV) and its XLSX export, dashboard counters. Every query is filtered by
// incomingDocumentsVisibleTo.
import { and, asc, desc, eq, gte, inArray, isNull, lt, lte, ne, sql, type SQL } from "drizzle-orm";
import ExcelJS from "exceljs";
import type { DbOrTx } from "#db/client";
import { incomingAssignments, incomingDocuments, organizations, registerBooks, users, type IncomingStatus, type Urgency } from "#db/schema/index";
import type { Actor } from "#app/platform/auth/actor";
import { formatDateVi, isValidIsoDate, toVietnamDate } from "#app/domain/shared/dates";
import { DOCUMENT_TYPES, LEGAL_NORMATIVE_DOCUMENT_TYPES } from "#app/domain/shared/document-types";
import { ASSIGNMENT_KIND_LABELS, INCOMING_BOXES, INCOMING_BOX_LABELS, type IncomingBox, deadlineMark, dueSoonLimit, formatArrivalNumber, toIncomingFtsQuery, type DeadlineMark } from "#app/domain/incoming/incoming";
import { availableIncomingActions, type IncomingAction } from "#app/domain/incoming/workflow";
import { AppError, AppErrorCode } from "#app/utils/errors";
import { listEntityTrail, type TrailEntry } from "#app/platform/audit.server";
import { loadWorkingCalendar } from "#app/platform/calendar.server";
import { nowOf, type ServiceContext } from "#app/platform/context.server";
import { getFileRow, readStoredFile } from "#app/platform/files/files.server";
import { INCOMING_ENTITY, findVisibleIncomingDocument, handlerUserIds, incomingDocumentsVisibleTo } from "#app/features/incoming/documents.server";
import { listUnitsOf } from "#app/platform/organizations.server";
import { getReceivedPacketInfo } from "#app/features/exchange/inbox.server";

export { INCOMING_BOXES, INCOMING_BOX_LABELS, type IncomingBox };

const d = incomingDocuments;
const has = (actor: Pick<Actor, "permissions">, p: string) => actor.permissions.includes(p);

export function docTypeName(code: string): string {
  return [...DOCUMENT_TYPES, ...LEGAL_NORMATIVE_DOCUMENT_TYPES].find((t) => t.code === code)?.name ?? code;
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
  cursor?: string | null;
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

export type IncomingPage = { items: IncomingListItem[]; nextCursor: string | null };

function encodeCursor(values: number[]): string {
  return Buffer.from(values.join("."), "utf8").toString("base64url");
}

function decodeCursor(cursor: string | null | undefined, size: number): number[] | null {
  if (!cursor) return null;
  const values = Buffer.from(cursor, "base64url").toString("utf8").split(".").map(Number);
  return values.length === size && values.every((v) => Number.isSafeInteger(v)) ? values : null;
}

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
  if (options.unitId) conditions.push(sql`exists (select 1 from incoming_assignments ua where ua.document_id = ${d.id} and ua.assignee_unit_id = ${options.unitId} and ua.status != 'delegated')`);
  if (options.isOverdue) conditions.push(and(eq(d.status, "in_progress"), lt(d.handlingDeadline, today)));
  if (options.isDueSoon) conditions.push(dueSoonCondition(ctx, today));
  if (options.registeredOn && isValidIsoDate(options.registeredOn)) conditions.push(registeredOnCondition(options.registeredOn, nowOf(ctx)));

  const ftsQuery = options.q ? toIncomingFtsQuery(options.q) : null;
  const isSearch = Boolean(ftsQuery);
  const isQueue = !isSearch && QUEUE_BOXES.has(box);
  let orderBy: SQL[];
  if (isSearch) {
    // Newest registered first, straight from the FTS rowid order: the FTS table drives the join (CROSS JOIN
    // keeps it as the outer loop), so SQLite streams matches newest-first and stops at the page size instead
    // of collecting and sorting every hit (reliability.md §3.3: 0.09 ms vs 27 ms for bm25 ordering).
    const cursor = decodeCursor(options.cursor, 1);
    const filters = and(...conditions, cursor ? lt(d.id, cursor[0]) : undefined);
    const ids = ctx.db
      .all<{ id: number }>(sql`select incoming_documents.id as id from incoming_documents_fts cross join incoming_documents on incoming_documents.id = incoming_documents_fts.rowid where incoming_documents_fts match ${ftsQuery} and ${filters} order by incoming_documents_fts.rowid desc limit ${limit + 1}`)
      .map((r) => r.id);
    conditions.length = 0;
    conditions.push(ids.length ? inArray(d.id, ids) : sql`0`);
    orderBy = [desc(d.id)];
  } else if (isQueue) {
    const cursor = decodeCursor(options.cursor, 3);
    if (cursor) conditions.push(sql`(${d.urgencyRank}, ${d.receivedAt}, ${d.id}) < (${cursor[0]}, ${cursor[1]}, ${cursor[2]})`);
    orderBy = [desc(d.urgencyRank), desc(d.receivedAt), desc(d.id)];
  } else {
    const cursor = decodeCursor(options.cursor, 2);
    if (cursor) conditions.push(sql`(${d.receivedAt}, ${d.id}) < (${cursor[0]}, ${cursor[1]})`);
    orderBy = [desc(d.receivedAt), desc(d.id)];
  }
  if (isSearch && !options.q) throw new AppError(AppErrorCode.VALIDATION, "Nhập từ khóa tìm kiếm");

  const rows = ctx.db
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
    .where(and(...conditions))
    .orderBy(...orderBy)
    .limit(limit + 1)
    .all();
  const page = rows.slice(0, limit);
  const calendar = page.some((r) => r.handlingDeadline) ? loadWorkingCalendar(ctx.db) : null;
  const last = page[page.length - 1];
  const nextCursor =
    rows.length > limit && last
      ? isSearch
        ? encodeCursor([last.id])
        : isQueue
          ? encodeCursor([last.urgencyRank, last.receivedAt.getTime(), last.id])
          : encodeCursor([last.receivedAt.getTime(), last.id])
      : null;
  return {
    nextCursor,
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
// The document page

export type AssignmentView = {
  id: number;
  kind: "main" | "cooperate" | "info";
  kindLabel: string;
  assigneeName: string;
  isUnit: boolean;
  deadline: string | null;
  deadlineMark: DeadlineMark | null;
  status: "pending" | "done" | "delegated";
  note: string | null;
  doneAt: Date | null;
  isMine: boolean;
};

export type IncomingDetail = {
  id: number;
  status: IncomingStatus;
  version: number;
  arrivalNumber: string;
  year: number | null;
  bookName: string | null;
  channel: string;
  receivedAt: Date;
  registeredAt: Date | null;
  numberSymbol: string;
  docTypeCode: string;
  docTypeName: string;
  issuedDate: string | null;
  issuerName: string;
  summary: string;
  signerName: string | null;
  signerTitle: string | null;
  pageCount: number | null;
  urgency: Urgency;
  confidentiality: string;
  isSecret: boolean;
  handlingDeadline: string | null;
  deadlineMark: DeadlineMark | null;
  note: string | null;
  directionNote: string | null;
  returnReason: string | null;
  resultNote: string | null;
  recalledAt: Date | null;
  recallReason: string | null;
  senderName: string | null;
  outgoingDocumentId: number | null;
  replyOutgoingDocumentId: number | null;
  forwardedToName: string | null;
  needsReview: boolean;
  extractedFields: string[];
  file: { id: number; name: string; size: number; sha256: string } | null;
  /** Received as an edXML packet from another system: its DocumentId, sender and XML-signature check. */
  edxml: { documentId: string; senderOrganId: string; xmlSignature: "valid" | "invalid" | "absent"; xmlSignatureTrusted: boolean; xmlSignerName: string | null; attachments: string[] } | null;
  assignments: AssignmentView[];
  trail: TrailEntry[];
  /** Workflow actions the actor may take now (the services re-check). */
  actions: IncomingAction[];
  /** What the actor's own assignments allow. */
  can: { delegate: boolean; contribute: boolean; markRead: boolean; comment: boolean; linkReply: boolean };
};

export function getIncomingDocument(ctx: ServiceContext, id: number): IncomingDetail {
  const actor = ctx.actor;
  const row = findVisibleIncomingDocument(ctx.db, actor, id);
  const today = toVietnamDate(nowOf(ctx));
  const calendar = loadWorkingCalendar(ctx.db);
  const a = incomingAssignments;
  const assignmentRows = ctx.db
    .select({ a, userName: users.fullName, unitName: organizations.name })
    .from(a)
    .leftJoin(users, eq(users.id, a.assigneeUserId))
    .leftJoin(organizations, eq(organizations.id, a.assigneeUnitId))
    .where(eq(a.documentId, row.id))
    .orderBy(asc(a.id))
    .all();
  const isMine = (x: typeof a.$inferSelect) => x.assigneeUserId === actor.id || (x.assigneeUserId == null && x.assigneeUnitId === actor.unitId && !row.isSecret);
  const assignments: AssignmentView[] = assignmentRows.map(({ a: x, userName, unitName }) => ({
    id: x.id,
    kind: x.kind,
    kindLabel: ASSIGNMENT_KIND_LABELS[x.kind],
    assigneeName: userName ?? unitName ?? "",
    isUnit: x.assigneeUserId == null,
    deadline: x.deadline,
    deadlineMark: x.status === "pending" && row.status === "in_progress" ? deadlineMark(calendar, today, x.deadline) : null,
    status: x.status,
    note: x.note,
    doneAt: x.doneAt,
    isMine: isMine(x),
  }));
  const mine = assignmentRows.map((r) => r.a).filter((x) => isMine(x) && x.status === "pending");
  const isMainHandler = mine.some((x) => x.kind === "main");
  const book = row.bookId ? ctx.db.select({ name: registerBooks.name }).from(registerBooks).where(eq(registerBooks.id, row.bookId)).get() : undefined;
  const file = row.fileId ? getFileRow(ctx.db, row.fileId) : undefined;
  const sender = row.senderOrganizationId ? ctx.db.select({ name: organizations.name }).from(organizations).where(eq(organizations.id, row.senderOrganizationId)).get() : undefined;
  const forwardedTo = row.forwardedToUserId ? ctx.db.select({ name: users.fullName }).from(users).where(eq(users.id, row.forwardedToUserId)).get() : undefined;
  const isOpen = row.status === "in_progress" && !row.recalledAt;
  return {
    id: row.id,
    status: row.status,
    version: row.version,
    arrivalNumber: formatArrivalNumber(row.arrivalNumber),
    year: row.year,
    bookName: book?.name ?? null,
    channel: row.channel,
    receivedAt: row.receivedAt,
    registeredAt: row.registeredAt,
    numberSymbol: row.numberSymbol,
    docTypeCode: row.docTypeCode,
    docTypeName: docTypeName(row.docTypeCode),
    issuedDate: row.issuedDate,
    issuerName: row.issuerName,
    summary: row.summary,
    signerName: row.signerName,
    signerTitle: row.signerTitle,
    pageCount: row.pageCount,
    urgency: row.urgency,
    confidentiality: row.confidentiality,
    isSecret: row.isSecret,
    handlingDeadline: row.handlingDeadline,
    deadlineMark: row.status === "in_progress" ? deadlineMark(calendar, today, row.handlingDeadline) : null,
    note: row.note,
    directionNote: row.directionNote,
    returnReason: row.returnReason,
    resultNote: row.resultNote,
    recalledAt: row.recalledAt,
    recallReason: row.recallReason,
    senderName: sender?.name ?? null,
    outgoingDocumentId: row.outgoingDocumentId,
    replyOutgoingDocumentId: row.replyOutgoingDocumentId,
    forwardedToName: forwardedTo?.name ?? null,
    needsReview: row.needsReview,
    extractedFields: row.extractedFields ? (JSON.parse(row.extractedFields) as string[]) : [],
    file: file ? { id: file.id, name: file.originalName ?? "van-ban-den.pdf", size: file.size, sha256: file.sha256 } : null,
    edxml: edxmlSummary(ctx.db, row.id),
    assignments,
    trail: listEntityTrail(ctx.db, INCOMING_ENTITY, row.id),
    actions: availableIncomingActions(row.status, { permissions: actor.permissions, isMainHandler, isForwardedLeader: row.forwardedToUserId === actor.id }, row.recalledAt != null),
    can: {
      delegate: isOpen && mine.some((x) => x.kind !== "info"),
      contribute: isOpen && mine.some((x) => x.kind === "cooperate"),
      markRead: mine.some((x) => x.kind === "info"),
      comment: !row.recalledAt && row.status !== "returned" && has(actor, "handle:incoming"),
      linkReply: row.status === "completed" && assignmentRows.some((r) => r.a.kind === "main" && r.a.status !== "delegated" && isMine(r.a)),
    },
  };
}

/** The PDF of a visible, non-secret document, with a download name built from its number and symbol. */
export function readIncomingFile(ctx: ServiceContext, id: number): { bytes: Buffer; fileName: string } {
  const row = findVisibleIncomingDocument(ctx.db, ctx.actor, id);
  if (!row.fileId) throw new AppError(AppErrorCode.NOT_FOUND, "Văn bản không có tệp đính kèm");
  const file = getFileRow(ctx.db, row.fileId);
  if (!file) throw new AppError(AppErrorCode.NOT_FOUND, "Không tìm thấy tệp");
  const base = row.numberSymbol ? row.numberSymbol.replace(/[\\/:*?"<>|]+/g, "-") : `van-ban-den-${row.id}`;
  return { bytes: readStoredFile(ctx.dataDir, file), fileName: `${base}.pdf` };
}

// ---------------------------------------------------------------------------------------------------
// Routing form options

export type RoutingOptions = {
  units: Array<{ value: string; label: string }>;
  people: Array<{ value: string; label: string }>;
  leaders: Array<{ value: number; label: string }>;
  colleagues: Array<{ value: number; label: string }>;
};

/** The assignees an actor can choose from: the units and people of their own organisation. */
/** The internal units of the actor's organisation, indented, for the incoming list's unit filter. */
export function listRoutingUnits(ctx: ServiceContext): RoutingOptions["units"] {
  return unitOptions(listUnitsOf(ctx.db, ctx.actor.organizationId).filter((u) => u.id !== ctx.actor.organizationId));
}

const unitOptions = (units: Array<{ id: number; name: string; depth: number }>): RoutingOptions["units"] =>
  units.map((u) => ({ value: `o:${u.id}`, label: `${"\u00a0\u00a0".repeat(Math.max(u.depth - 1, 0))}${u.name}` }));

export function listRoutingOptions(ctx: ServiceContext): RoutingOptions {
  const orgId = ctx.actor.organizationId;
  const units = listUnitsOf(ctx.db, orgId).filter((u) => u.id !== orgId);
  let people = ctx.db
    .select({ id: users.id, fullName: users.fullName, title: users.title, unitId: users.unitId })
    .from(users)
    .where(and(eq(users.organizationId, orgId), eq(users.isActive, true)))
    .orderBy(asc(users.fullName))
    .all();
  const leaderIds = new Set(
    ctx.db
      .all<{ id: number }>(sql`select distinct ur.user_id as id from user_roles ur join role_permissions rp on rp.role_key = ur.role_key join users u on u.id = ur.user_id where rp.permission_key = 'direct:incoming' and u.organization_id = ${orgId} and u.is_active = 1`)
      .map((r) => r.id),
  );
  const unitName = new Map(units.map((u) => [u.id, u.name]));
  const handlers = handlerUserIds(ctx.db, people.map((p) => p.id));
  people = people.filter((p) => handlers.has(p.id));
  return {
    units: unitOptions(units),
    people: people.map((p) => ({ value: `u:${p.id}`, label: `${p.fullName}${p.title ? ` – ${p.title}` : ""}${unitName.get(p.unitId) ? ` (${unitName.get(p.unitId)})` : ""}` })),
    leaders: people.filter((p) => leaderIds.has(p.id)).map((p) => ({ value: p.id, label: `${p.fullName}${p.title ? ` – ${p.title}` : ""}` })),
    colleagues: people.filter((p) => p.unitId === ctx.actor.unitId && p.id !== ctx.actor.id).map((p) => ({ value: p.id, label: `${p.fullName}${p.title ? ` – ${p.title}` : ""}` })),
  };
}

// ---------------------------------------------------------------------------------------------------
// Register book (sổ đăng ký văn bản đến, Decree 30 Phụ lục IV)

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

export function getIncomingRegisterBook(ctx: ServiceContext, options: { bookId?: number | null; from?: string | null; to?: string | null }): RegisterBookView {
  const actor = ctx.actor;
  const seesSecret = has(actor, "direct:incoming") || has(actor, "route:incoming");
  const books = ctx.db
    .select({ id: registerBooks.id, name: registerBooks.name, year: registerBooks.year, security: registerBooks.security })
    .from(registerBooks)
    .where(and(eq(registerBooks.organizationId, actor.organizationId), eq(registerBooks.direction, "incoming"), seesSecret ? undefined : eq(registerBooks.security, "normal")))
    .orderBy(desc(registerBooks.year), asc(registerBooks.security))
    .all();
  const book = (options.bookId ? books.find((b) => b.id === options.bookId) : books[0]) ?? null;
  if (options.bookId && !book) throw new AppError(AppErrorCode.NOT_FOUND, "Không tìm thấy sổ đăng ký");
  const org = ctx.db.select({ name: organizations.name }).from(organizations).where(eq(organizations.id, actor.organizationId)).get();
  const from = options.from && isValidIsoDate(options.from) ? options.from : null;
  const to = options.to && isValidIsoDate(options.to) ? options.to : null;
  if (!book) return { books, book: null, from, to, rows: [], organizationName: org?.name ?? "" };
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
    organizationName: org?.name ?? "",
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
export async function exportIncomingRegisterBookXlsx(ctx: ServiceContext, options: { bookId?: number | null; from?: string | null; to?: string | null }): Promise<{ bytes: Buffer; fileName: string }> {
  const view = getIncomingRegisterBook(ctx, options);
  const workbook = new ExcelJS.Workbook();
  workbook.creator = "Văn phòng điện tử";
  const sheet = workbook.addWorksheet("Sổ văn bản đến", { pageSetup: { paperSize: 9, orientation: "landscape", fitToPage: true, fitToWidth: 1, fitToHeight: 0 } });
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
  const header = ["Ngày đến", "Số đến", "Tác giả", "Số, ký hiệu", "Ngày tháng", "Tên loại và trích yếu nội dung", "Đơn vị hoặc người nhận", "Ngày chuyển", "Ký nhận", "Ghi chú"];
  const headerRow = sheet.getRow(5);
  headerRow.values = header;
  headerRow.font = { bold: true };
  headerRow.alignment = { horizontal: "center", vertical: "middle", wrapText: true };
  sheet.getRow(6).values = header.map((_, i) => `(${i + 1})`);
  sheet.getRow(6).alignment = { horizontal: "center" };
  const widths = [12, 8, 28, 18, 12, 50, 30, 12, 12, 20];
  widths.forEach((w, i) => (sheet.getColumn(i + 1).width = w));
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
    for (let col = 1; col <= 10; col++) sheet.getCell(row, col).border = { top: { style: "thin" }, left: { style: "thin" }, bottom: { style: "thin" }, right: { style: "thin" } };
  }
  sheet.pageSetup.printTitlesRow = "5:6";
  const bytes = Buffer.from(await workbook.xlsx.writeBuffer());
  const year = view.book?.year ?? new Date().getFullYear();
  return { bytes, fileName: `Sổ văn bản đến ${year}${view.book?.security === "secret" ? " (mật)" : ""}.xlsx` };
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
  const visible = incomingDocumentsVisibleTo(actor);
  const count = (where: SQL | undefined) => ctx.db.select({ n: sql<number>`count(*)` }).from(d).where(and(visible, where)).get()?.n ?? 0;
  const result: IncomingCounters = { toHandle: 0, dueSoon: 0, overdue: 0 };
  if (has(actor, "register:incoming")) {
    result.awaitingRegistration = count(eq(d.status, "received"));
    result.registeredToday = count(registeredOnCondition(today, now));
    result.returned = count(eq(d.status, "returned"));
  }
  if (has(actor, "route:incoming")) result.awaitingRouting = count(eq(d.status, "awaiting_routing"));
  if (has(actor, "direct:incoming") || has(actor, "route:incoming")) result.awaitingDirection = count(boxCondition(actor, "direction"));
  if (has(actor, "handle:incoming")) {
    const inbox = boxCondition(actor, "inbox");
    result.toHandle = count(inbox);
    result.dueSoon = count(and(inbox, dueSoonCondition(ctx, today)));
    result.overdue = count(and(inbox, eq(d.status, "in_progress"), lt(d.handlingDeadline, today)));
  }
  return result;
}

function edxmlSummary(db: ServiceContext["db"], incomingDocumentId: number): IncomingDetail["edxml"] {
  const info = getReceivedPacketInfo(db, incomingDocumentId);
  if (!info) return null;
  const { senderName: _senderName, attachments, ...rest } = info;
  return { ...rest, attachments: attachments.map((a) => a.name) };
}

