// Reading outgoing documents: queues, detail, signatures and the home counters.
import { and, asc, desc, eq, gte, inArray, or, sql, type SQL } from "drizzle-orm";
import {
  incomingDocuments,
  OUTGOING_URGENCY_RANK_SQL,
  outgoingAttachments,
  outgoingDocuments,
  outgoingRecipients,
  outgoingRevisions,
  users,
  type OutgoingDocument,
} from "#db/schema/index";
import type { Actor } from "#app/platform/auth/actor";
import { countEach } from "#db/client";
import { findDocumentTypeByCode } from "#app/domain/shared/document-types";
import {
  availableActions,
  CONFIDENTIALITY_LABELS,
  isSecretConfidentiality,
  OUTGOING_QUEUES,
  SIGNING_METHOD_LABELS,
  URGENCY_LABELS,
  type Confidentiality,
  type OutgoingQueue,
  type Urgency,
  OUTGOING_STATUS_LABELS,
  type OutgoingAction,
  type OutgoingStatus,
} from "#app/domain/outgoing/workflow";
import { listEntityTrail, type TrailEntry } from "#app/platform/audit.server";
import { nowOf, type ServiceContext } from "#app/platform/context.server";
import type { SignatureReport } from "#app/platform/signing/document-signing.server";
import { storedPdfSignatureReports } from "#app/platform/signing/stored-signatures.server";
import { UntrustedTaskError } from "#app/platform/untrusted/pool.server";
import { getFileRow } from "#app/platform/files/files.server";
import { listDeliveryStatuses, type DeliveryStatus } from "#app/features/incoming/index";
import { AppError, AppErrorCode } from "#app/utils/errors";
import { OUTGOING_ENTITY, loadVisible, organizationOf, outgoingDocumentsVisibleTo, userName } from "./visibility.server";
import { signerTitleLinesOf } from "./draft-input.server";
import type { IssueRevocationWarning } from "./issue.server";
import { outgoingCan, type OutgoingCan } from "#app/domain/outgoing/access";
import { CommonMessages } from "#app/messages/common";
import { decodeCursor, encodeCursor } from "#app/utils/keyset-cursor.server";

export type OutgoingListItem = {
  id: number;
  status: OutgoingStatus;
  statusLabel: string;
  docTypeName: string;
  summary: string;
  numberSymbol: string | null;
  issuedDate: string | null;
  urgency: Urgency;
  confidentiality: Confidentiality;
  creatorName: string;
  signerName: string;
  updatedAt: Date;
  lastComment: string | null;
  revision: number;
};

function queueWhere(actor: Actor, queue: OutgoingQueue): SQL | null {
  const has = (p: string) => actor.permissions.includes(p);
  switch (queue) {
    case "mine":
      return has("draft:outgoing") ? eq(outgoingDocuments.createdBy, actor.id) : null;
    case "review": {
      const parts: SQL[] = [];
      if (has("review:outgoing:dept")) parts.push(and(eq(outgoingDocuments.status, "dept_review"), eq(outgoingDocuments.draftingUnitId, actor.unitId))!);
      if (has("review:outgoing:office")) parts.push(eq(outgoingDocuments.status, "office_review"));
      return parts.length ? or(...parts)! : null;
    }
    case "sign":
      return has("sign:outgoing") ? and(eq(outgoingDocuments.status, "leader_review"), eq(outgoingDocuments.signerId, actor.id))! : null;
    case "issue":
      return has("issue:outgoing") ? eq(outgoingDocuments.status, "signed") : null;
    case "issued":
      return inArray(outgoingDocuments.status, ["issued", "recalled"]);
  }
}

/** Queues the actor can open (tabs of /outgoing). */
export function availableQueues(ctx: ServiceContext): OutgoingQueue[] {
  return OUTGOING_QUEUES.filter((q) => queueWhere(ctx.actor, q) !== null);
}

// Most urgent first (flash 3 … normal 0). The very expression of outgoing_documents_creator_queue_idx, so
// the drafter's queue is read in order from the index instead of sorting all their documents (issue 18).
const URGENCY_RANK = OUTGOING_URGENCY_RANK_SQL;

/** Narrower views opened from the home tiles: the same conditions as their counts. */
export type OutgoingQueueFilter = { returnedOnly?: boolean; issuedWithinDays?: number | null };

function returnedToMeWhere(actor: Actor): SQL {
  return and(eq(outgoingDocuments.createdBy, actor.id), eq(outgoingDocuments.status, "draft"), sql`${outgoingDocuments.lastComment} is not null`)!;
}

function issuedSinceWhere(now: Date, days: number): SQL {
  return gte(outgoingDocuments.issuedAt, new Date(now.getTime() - days * 24 * 3600 * 1000));
}

/** Rows per page of an outgoing queue (the same as the incoming boxes). */
export const OUTGOING_PAGE_SIZE = 20;
/** A queue's documents are counted up to this many; beyond it the page says "hơn 1.000". */
export const OUTGOING_COUNT_CAP = 1000;

export type ListOutgoingQueueOptions = {
  queue: OutgoingQueue;
  filter?: OutgoingQueueFilter;
  /** The page after this cursor (a page's `nextCursor`). */
  cursor?: string | null;
  /** The page before this cursor (a page's `previousCursor`); ignored when `cursor` is given. */
  before?: string | null;
  limit?: number;
};

export type OutgoingQueuePage = {
  items: OutgoingListItem[];
  /** Null on the last page. */
  nextCursor: string | null;
  /** Null on the first page. */
  previousCursor: string | null;
  /** Documents in the queue (with its filter), counted up to OUTGOING_COUNT_CAP. */
  total: number;
  /** There are more than `total` (= OUTGOING_COUNT_CAP) documents. */
  isTotalCapped: boolean;
};

function queueCondition(ctx: ServiceContext, queue: OutgoingQueue, filter: OutgoingQueueFilter): SQL | undefined {
  const base = queueWhere(ctx.actor, queue);
  const where =
    base && filter.returnedOnly && queue === "mine"
      ? and(base, returnedToMeWhere(ctx.actor))
      : base && filter.issuedWithinDays && queue === "issued"
        ? and(base, issuedSinceWhere(nowOf(ctx), filter.issuedWithinDays))
        : base;
  if (!where) throw new AppError(AppErrorCode.NOT_FOUND, CommonMessages.NOT_FOUND("danh sách"));
  return and(outgoingDocumentsVisibleTo(ctx.actor), where);
}

/**
 * A row's place in its queue: [urgency rank, updated_at, id] for the work queues, [issued_at, updated_at, id]
 * for the issued tab (issued and recalled documents always have issued_at). Unique thanks to the id.
 */
type QueueKey = [number, number, number];
type Direction = "forward" | "backward";

function selectQueueRows(ctx: ServiceContext, where: SQL | undefined, orderBy: SQL[], limit: number) {
  const d = outgoingDocuments;
  // Only the columns the list shows: a row also carries the composer's input and the distribution list,
  // which the list never reads (a 200-row page read and mapped them all).
  return ctx.db
    .select({
      doc: {
        id: d.id,
        status: d.status,
        docTypeCode: d.docTypeCode,
        summary: d.summary,
        numberSymbol: d.numberSymbol,
        issuedDate: d.issuedDate,
        urgency: d.urgency,
        urgencyRank: sql<number>`${URGENCY_RANK}`,
        confidentiality: d.confidentiality,
        signerId: d.signerId,
        updatedAt: d.updatedAt,
        issuedAt: d.issuedAt,
        lastComment: d.lastComment,
        revision: d.revision,
      },
      creatorName: users.fullName,
    })
    .from(outgoingDocuments)
    .innerJoin(users, eq(users.id, outgoingDocuments.createdBy))
    .where(where)
    .orderBy(...orderBy)
    .limit(limit)
    .all();
}

type QueueRow = ReturnType<typeof selectQueueRows>[number];

function keyOf(queue: OutgoingQueue, row: QueueRow): QueueKey {
  const { doc } = row;
  return [queue === "issued" ? (doc.issuedAt?.getTime() ?? 0) : doc.urgencyRank, doc.updatedAt.getTime(), doc.id];
}

/**
 * Up to `limit` rows of the queue in display order (forward) or in reverse (backward), strictly after `key`
 * in that direction. The display order is the one the indexes of migration 0012 hold, and each statement is
 * a range on them, so a page deep in 200,000 documents costs what the first page costs:
 * - issued tab: `(issued_at, updated_at, id) < (?, ?, ?)` is a range on outgoing_documents_org_issued_idx;
 * - work queues: SQLite does not turn a row value that starts with the urgency expression into a range on
 *   outgoing_documents_creator_queue_idx (it scans the drafter's entries from the top to the cursor), so
 *   the page is read in two ranges: the rest of the cursor's urgency group (`rank = ?` and
 *   `(updated_at, id) < (?, ?)`), then, if the page is not full, the following groups (`rank < ?`).
 */
function readQueueRows(
  ctx: ServiceContext,
  queue: OutgoingQueue,
  where: SQL | undefined,
  key: QueueKey | null,
  direction: Direction,
  limit: number,
): QueueRow[] {
  const d = outgoingDocuments;
  const order = direction === "forward" ? desc : asc;
  const beyond = (left: SQL, right: SQL) => (direction === "forward" ? sql`${left} < ${right}` : sql`${left} > ${right}`);
  if (queue === "issued") {
    const after = key ? beyond(sql`(${d.issuedAt}, ${d.updatedAt}, ${d.id})`, sql`(${key[0]}, ${key[1]}, ${key[2]})`) : undefined;
    // The id breaks ties (documents issued or changed in the same millisecond) in the index's order.
    return selectQueueRows(ctx, and(where, after), [order(d.issuedAt), order(d.updatedAt), order(d.id)], limit);
  }
  const byRank = [sql`${URGENCY_RANK} ${sql.raw(direction === "forward" ? "desc" : "asc")}`, order(d.updatedAt), order(d.id)];
  if (!key) return selectQueueRows(ctx, where, byRank, limit);
  const sameGroup = selectQueueRows(
    ctx,
    and(where, sql`${URGENCY_RANK} = ${key[0]}`, beyond(sql`(${d.updatedAt}, ${d.id})`, sql`(${key[1]}, ${key[2]})`)),
    [order(d.updatedAt), order(d.id)],
    limit,
  );
  if (sameGroup.length >= limit) return sameGroup;
  return [...sameGroup, ...selectQueueRows(ctx, and(where, beyond(URGENCY_RANK, sql`${key[0]}`)), byRank, limit - sameGroup.length)];
}

function toListItems(ctx: ServiceContext, rows: QueueRow[]): OutgoingListItem[] {
  const signerNames = new Map(
    rows.length
      ? ctx.db
          .select({ id: users.id, name: users.fullName })
          .from(users)
          .where(inArray(users.id, [...new Set(rows.map((r) => r.doc.signerId))]))
          .all()
          .map((u) => [u.id, u.name])
      : [],
  );
  return rows.map(({ doc, creatorName }) => ({
    id: doc.id,
    status: doc.status,
    statusLabel: OUTGOING_STATUS_LABELS[doc.status],
    docTypeName: findDocumentTypeByCode(doc.docTypeCode)?.name ?? doc.docTypeCode,
    summary: doc.summary,
    numberSymbol: doc.numberSymbol,
    issuedDate: doc.issuedDate,
    urgency: doc.urgency,
    confidentiality: doc.confidentiality,
    creatorName,
    signerName: signerNames.get(doc.signerId) ?? "",
    updatedAt: doc.updatedAt,
    lastComment: doc.lastComment,
    revision: doc.revision,
  }));
}

/** The first `limit` documents of a queue, in its order (the list page reads pages: listOutgoingQueuePage). */
export function listOutgoingQueue(ctx: ServiceContext, queue: OutgoingQueue, limit = 200, filter: OutgoingQueueFilter = {}): OutgoingListItem[] {
  return toListItems(ctx, readQueueRows(ctx, queue, queueCondition(ctx, queue, filter), null, "forward", limit));
}

/**
 * One page of a queue (keyset pagination). Without a cursor, the first page. A page reached backwards
 * that runs into the start of the queue (documents were added or moved since) is answered with the
 * first page, so the first page always has the same rows whichever way it was reached.
 */
export function listOutgoingQueuePage(ctx: ServiceContext, options: ListOutgoingQueueOptions): OutgoingQueuePage {
  const { queue } = options;
  const limit = Math.min(Math.max(options.limit ?? OUTGOING_PAGE_SIZE, 1), 100);
  const where = queueCondition(ctx, queue, options.filter ?? {});
  const after = decodeCursor(options.cursor, 3) as QueueKey | null;
  const before = after ? null : (decodeCursor(options.before, 3) as QueueKey | null);
  let rows: QueueRow[];
  let hasNext: boolean;
  let hasPrevious: boolean;
  const backward = before ? readQueueRows(ctx, queue, where, before, "backward", limit + 1) : null;
  if (backward && backward.length > limit) {
    rows = backward.slice(0, limit).reverse();
    hasPrevious = true;
    hasNext = true;
  } else {
    const forward = readQueueRows(ctx, queue, where, after, "forward", limit + 1);
    rows = forward.slice(0, limit);
    hasNext = forward.length > limit;
    hasPrevious = after !== null && rows.length > 0;
  }
  const first = rows[0];
  const last = rows[rows.length - 1];
  // count(*) over at most CAP + 1 rows of the queue's index: bounded work however long the queue is.
  const counted = ctx.db.get<{ n: number }>(
    sql`select count(*) as n from (select 1 from ${outgoingDocuments} where ${where} limit ${OUTGOING_COUNT_CAP + 1})`,
  ).n;
  return {
    items: toListItems(ctx, rows),
    nextCursor: hasNext && last ? encodeCursor(keyOf(queue, last)) : null,
    previousCursor: hasPrevious && first ? encodeCursor(keyOf(queue, first)) : null,
    total: Math.min(counted, OUTGOING_COUNT_CAP),
    isTotalCapped: counted > OUTGOING_COUNT_CAP,
  };
}

export type OutgoingDetail = {
  document: OutgoingDocument & {
    statusLabel: string;
    docTypeName: string;
    urgencyLabel: string;
    confidentialityLabel: string;
    signingMethodLabel: string | null;
  };
  /** Mật and above: metadata only, the original is on paper (no PDF, no signatures, no delivery). */
  isSecret: boolean;
  organizationName: string;
  /** The title block above the signature as the PDF prints it: "TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH". */
  signerTitleLines: string[];
  draftingUnitName: string;
  creatorName: string;
  signerName: string;
  signedByName: string | null;
  officeInitialByName: string | null;
  distributionList: string[];
  compose: { body: string; recipientsHeading: string[] } | null;
  recipients: Array<{
    id: number;
    kind: "internal" | "external";
    recipientOrganizationId: number | null;
    name: string;
    identifier: string | null;
    address: string | null;
    deliveredAt: Date | null;
    incomingDocumentId: number | null;
  }>;
  attachments: Array<{ id: number; name: string; size: number; isSigned: boolean }>;
  revisions: Array<{
    revision: number;
    fileId: number | null;
    createdAt: Date;
    createdByName: string;
    returnComment: string | null;
    returnedByName: string | null;
    returnedAt: Date | null;
  }>;
  trail: TrailEntry[];
  actions: OutgoingAction[];
  deliveries: DeliveryStatus[];
  replaces: { id: number; numberSymbol: string | null } | null;
  replacedBy: Array<{ id: number; numberSymbol: string | null; status: OutgoingStatus }>;
  /** Incoming documents of the same organisation this one answers (linked on the incoming side). */
  answers: Array<{ id: number; numberSymbol: string; issuerName: string; summary: string }>;
  /** What the actor may do here (the pages show only these; every action is decided again on submit). */
  can: OutgoingCan;
  /** Signatures made elsewhere whose revocation data could not be fetched at issue (from the issue's audit row). */
  revocationWarnings: IssueRevocationWarning[];
};

/** The warnings the (last) issue recorded: the issue went ahead, the page says what could not be checked. */
function issueRevocationWarnings(trail: TrailEntry[]): IssueRevocationWarning[] {
  const issue = trail.findLast((t) => t.action === "outgoing.issue");
  const warnings = issue?.detail?.revocationWarnings;
  return Array.isArray(warnings) ? (warnings as IssueRevocationWarning[]) : [];
}

export function getOutgoingDocument(ctx: ServiceContext, documentId: number): OutgoingDetail {
  const doc = loadVisible(ctx.db, ctx.actor, documentId);
  const db = ctx.db;
  const revisionRows = db.select().from(outgoingRevisions).where(eq(outgoingRevisions.documentId, doc.id)).orderBy(asc(outgoingRevisions.revision)).all();
  const replaces = doc.replacesDocumentId
    ? (db
        .select({ id: outgoingDocuments.id, numberSymbol: outgoingDocuments.numberSymbol })
        .from(outgoingDocuments)
        .where(eq(outgoingDocuments.id, doc.replacesDocumentId))
        .get() ?? null)
    : null;
  const organizationName = organizationOf(db, doc.organizationId).name;
  const trail = listEntityTrail(db, OUTGOING_ENTITY, doc.id);
  return {
    document: {
      ...doc,
      statusLabel: OUTGOING_STATUS_LABELS[doc.status],
      docTypeName: findDocumentTypeByCode(doc.docTypeCode)?.name ?? doc.docTypeCode,
      urgencyLabel: URGENCY_LABELS[doc.urgency],
      confidentialityLabel: CONFIDENTIALITY_LABELS[doc.confidentiality],
      signingMethodLabel: doc.signingMethod ? SIGNING_METHOD_LABELS[doc.signingMethod] : null,
    },
    isSecret: isSecretConfidentiality(doc.confidentiality),
    organizationName,
    signerTitleLines: signerTitleLinesOf(doc, organizationName),
    draftingUnitName: organizationOf(db, doc.draftingUnitId).name,
    creatorName: userName(db, doc.createdBy) ?? "",
    signerName: userName(db, doc.signerId) ?? "",
    signedByName: userName(db, doc.signedBy),
    officeInitialByName: userName(db, doc.officeInitialBy),
    distributionList: JSON.parse(doc.distributionList) as string[],
    compose: doc.composeInput ? (JSON.parse(doc.composeInput) as { body: string; recipientsHeading: string[] }) : null,
    recipients: db.select().from(outgoingRecipients).where(eq(outgoingRecipients.documentId, doc.id)).orderBy(asc(outgoingRecipients.id)).all(),
    attachments: db
      .select({
        id: outgoingAttachments.id,
        name: outgoingAttachments.name,
        fileId: outgoingAttachments.fileId,
        issuedFileId: outgoingAttachments.issuedFileId,
      })
      .from(outgoingAttachments)
      .where(eq(outgoingAttachments.documentId, doc.id))
      .all()
      .map((a) => ({ id: a.id, name: a.name, size: getFileRow(db, a.issuedFileId ?? a.fileId)?.size ?? 0, isSigned: a.issuedFileId != null })),
    revisions: revisionRows.map((r) => ({
      revision: r.revision,
      fileId: r.fileId,
      createdAt: r.createdAt,
      createdByName: userName(db, r.createdBy) ?? "",
      returnComment: r.returnComment,
      returnedByName: userName(db, r.returnedBy),
      returnedAt: r.returnedAt,
    })),
    trail,
    actions: availableActions(doc, ctx.actor),
    deliveries: doc.status === "issued" || doc.status === "recalled" ? listDeliveryStatuses(db, doc.id) : [],
    replaces,
    replacedBy: db
      .select({ id: outgoingDocuments.id, numberSymbol: outgoingDocuments.numberSymbol, status: outgoingDocuments.status })
      .from(outgoingDocuments)
      .where(and(eq(outgoingDocuments.replacesDocumentId, doc.id), outgoingDocumentsVisibleTo(ctx.actor)))
      .all(),
    answers: db
      .select({
        id: incomingDocuments.id,
        numberSymbol: incomingDocuments.numberSymbol,
        issuerName: incomingDocuments.issuerName,
        summary: incomingDocuments.summary,
      })
      .from(incomingDocuments)
      .where(and(eq(incomingDocuments.replyOutgoingDocumentId, doc.id), eq(incomingDocuments.organizationId, doc.organizationId)))
      .all(),
    can: outgoingCan(doc, ctx.actor),
    revocationWarnings: issueRevocationWarnings(trail),
  };
}

/** Signatures of the current file, verified against the trust anchors (detail page). */
export async function getOutgoingSignatures(ctx: ServiceContext, documentId: number): Promise<SignatureReport[]> {
  const doc = loadVisible(ctx.db, ctx.actor, documentId);
  if (!doc.fileId || (!doc.leaderSignedFileId && !doc.issuedFileId)) return [];
  const file = getFileRow(ctx.db, doc.fileId);
  if (!file) throw new AppError(AppErrorCode.NOT_FOUND, CommonMessages.NOT_FOUND("tệp"));
  // Verified in the untrusted pool and kept per file hash (stored-signatures.server.ts): the page used to verify on
  // the request thread on every view (~10 ms of CPU for a one-page signed PDF).
  try {
    return await storedPdfSignatureReports(ctx.dataDir, file.sha256);
  } catch (error) {
    if (error instanceof UntrustedTaskError) throw new AppError(AppErrorCode.VALIDATION, error.message);
    throw error;
  }
}

export type OutgoingCounters = { returnedToMe: number; awaitingMyReview: number; awaitingMySignature: number; awaitingNumber: number; issuedThisWeek: number };

export function countOutgoingWork(ctx: ServiceContext): OutgoingCounters {
  const actor = ctx.actor;
  // A tile whose queue the actor does not have (null) counts 0 without a query.
  const counts = countEach(ctx.db, outgoingDocuments, outgoingDocumentsVisibleTo(actor), {
    returnedToMe: actor.permissions.includes("draft:outgoing") ? returnedToMeWhere(actor) : null,
    awaitingMyReview: queueWhere(actor, "review"),
    awaitingMySignature: queueWhere(actor, "sign"),
    awaitingNumber: queueWhere(actor, "issue"),
    issuedThisWeek: and(queueWhere(actor, "issued") ?? undefined, issuedSinceWhere(nowOf(ctx), 7)),
  } satisfies Record<keyof OutgoingCounters, SQL | null | undefined>);
  return { returnedToMe: 0, awaitingMyReview: 0, awaitingMySignature: 0, awaitingNumber: 0, issuedThisWeek: 0, ...counts };
}

/** For the bench and the seed: documents of an organisation in a status (system use). */
export function countByStatus(ctx: ServiceContext, organizationId = ctx.actor.organizationId): Record<string, number> {
  const rows = ctx.db
    .select({ status: outgoingDocuments.status, n: sql<number>`count(*)` })
    .from(outgoingDocuments)
    .where(eq(outgoingDocuments.organizationId, organizationId))
    .groupBy(outgoingDocuments.status)
    .all();
  return Object.fromEntries(rows.map((r) => [r.status, r.n]));
}
