// The document page: one document the actor may see, with its assignments, trail, edXML packet, and what the
// actor may do now (`actions` from the state machine, `can` from their own assignments; the actions re-check).
import { and, asc, eq, inArray, sql } from "drizzle-orm";
import { auditEvents, files, incomingAssignments, organizations, registerBooks, users, type IncomingStatus, type Urgency } from "#db/schema/index";
import { toVietnamDate } from "#app/domain/shared/dates";
import { ASSIGNMENT_KIND_LABELS, deadlineMark, formatArrivalNumber, type DeadlineMark } from "#app/domain/incoming/incoming";
import { availableIncomingActions, type IncomingAction } from "#app/domain/incoming/workflow";
import { AppError, AppErrorCode } from "#app/utils/errors";
import { listEntityTrail, type TrailEntry } from "#app/platform/audit.server";
import { loadWorkingCalendar } from "#app/platform/calendar.server";
import { nowOf, type ServiceContext } from "#app/platform/context.server";
import { getFileRow, readStoredFile } from "#app/platform/files/files.server";
import { CommonMessages } from "#app/messages/common";
import { IncomingMessages } from "#app/messages/incoming";
import { getReceivedPacketInfo } from "#app/features/exchange/inbox.server";
import { findVisibleIncomingDocument, has } from "#app/features/incoming/visibility.server";
import { INCOMING_ENTITY } from "#app/features/incoming/transition.server";
import { docTypeName } from "#app/features/incoming/queries.server";
import { checkIncomingPdfSignatures, checkStoredPdfSignatures, type IncomingSignatureStatus } from "#app/features/incoming/signatures.server";
import { ocrDerivationOf } from "#app/features/incoming/ocr.server";
import type { DbOrTx } from "#db/client";

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
  /**
   * The registered file. `searchable`: a scan whose OCR finished has a searchable PDF (the scan's images with an
   * invisible text layer, file_derivations); the viewer and the ordinary download show that one, and the scan as
   * registered stays downloadable as the original.
   */
  file: { id: number; name: string; size: number; sha256: string; searchable: { id: number; size: number } | null } | null;
  /** Received as an edXML packet from another system: its DocumentId, sender and XML-signature check. */
  edxml: {
    documentId: string;
    senderOrganId: string;
    xmlSignature: "valid" | "invalid" | "absent";
    xmlSignatureTrusted: boolean;
    xmlSignerName: string | null;
    /**
     * Every file the packet carried, in packet order (the main PDF is also `file`; `isMain` marks it), each
     * downloadable through readIncomingAttachment.
     */
    attachments: Array<{ position: number; name: string; size: number; isMain: boolean }>;
    /** ADR 0019: the registered copy this genuine re-delivery stands beside, or the copy that superseded this one. */
    earlierIncomingDocumentId: number | null;
    laterIncomingDocumentId: number | null;
  } | null;
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
  const isMine = (x: typeof a.$inferSelect) =>
    x.assigneeUserId === actor.id || (x.assigneeUserId == null && x.assigneeUnitId === actor.unitId && !row.isSecret);
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
  const sender = row.senderOrganizationId
    ? ctx.db.select({ name: organizations.name }).from(organizations).where(eq(organizations.id, row.senderOrganizationId)).get()
    : undefined;
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
    file: file
      ? { id: file.id, name: file.originalName ?? "van-ban-den.pdf", size: file.size, sha256: file.sha256, searchable: searchableOf(ctx.db, file.id) }
      : null,
    edxml: edxmlSummary(ctx.db, row.id, file?.sha256 ?? null),
    assignments,
    trail: listEntityTrail(ctx.db, INCOMING_ENTITY, row.id),
    actions: availableIncomingActions(
      row.status,
      { permissions: actor.permissions, isMainHandler, isForwardedLeader: row.forwardedToUserId === actor.id },
      row.recalledAt != null,
    ),
    can: {
      delegate: isOpen && mine.some((x) => x.kind !== "info"),
      contribute: isOpen && mine.some((x) => x.kind === "cooperate"),
      markRead: mine.some((x) => x.kind === "info"),
      comment: !row.recalledAt && row.status !== "returned" && has(actor, "handle:incoming"),
      linkReply: row.status === "completed" && assignmentRows.some((r) => r.a.kind === "main" && r.a.status !== "delegated" && isMine(r.a)),
    },
  };
}

/** The searchable PDF made from a registered scan, once its OCR is done (null for a text PDF or while OCR runs). */
function searchableOf(db: DbOrTx, fileId: number): { id: number; size: number } | null {
  const derivation = ocrDerivationOf(db, fileId);
  if (derivation?.state !== "done" || !derivation.derivedFileId) return null;
  const derived = getFileRow(db, derivation.derivedFileId);
  return derived ? { id: derived.id, size: derived.size } : null;
}

/**
 * The PDF of a visible, non-secret document, with a download name built from its number and symbol. By default
 * the searchable PDF when the scan's OCR is done (the registered scan otherwise); `original` gives the file as
 * registered, byte for byte — the record, and the one whose signatures are checked.
 */
export function readIncomingFile(
  ctx: ServiceContext,
  id: number,
  options: { original?: boolean; previous?: number } = {},
): { bytes: Buffer; fileName: string; searchable: boolean } {
  const row = findVisibleIncomingDocument(ctx.db, ctx.actor, id);
  const base = row.numberSymbol ? row.numberSymbol.replace(/[\\/:*?"<>|]+/g, "-") : `van-ban-den-${row.id}`;
  if (options.previous !== undefined) {
    const previous = previousFileOf(ctx.db, row.id, options.previous);
    return { bytes: readStoredFile(ctx.dataDir, previous), fileName: `${base}-truoc-cap-nhat-${previous.id}.pdf`, searchable: false };
  }
  if (!row.fileId) throw new AppError(AppErrorCode.NOT_FOUND, IncomingMessages.NO_FILE);
  const file = getFileRow(ctx.db, row.fileId);
  if (!file) throw new AppError(AppErrorCode.NOT_FOUND, CommonMessages.NOT_FOUND("tệp"));
  const searchable = options.original ? null : searchableOf(ctx.db, file.id);
  const derived = searchable ? getFileRow(ctx.db, searchable.id) : undefined;
  if (derived) return { bytes: readStoredFile(ctx.dataDir, derived), fileName: `${base}.pdf`, searchable: true };
  return {
    bytes: readStoredFile(ctx.dataDir, file),
    fileName: options.original && searchableOf(ctx.db, file.id) ? `${base}-ban-quet-goc.pdf` : `${base}.pdf`,
    searchable: false,
  };
}

/**
 * A PDF the sender's update replaced (incoming.edxml_update, detail.file.before): still stored, and still part of the
 * document's record — the clerk compares it with the correction, and what was registered stays retrievable
 * (Decree 30 Art. 21: the register's entry is true to what arrived). Any other file id is "not found", so this
 * never serves a file of another document.
 */
function previousFileOf(db: DbOrTx, documentId: number, fileId: number) {
  const replaced = db
    .select({ id: auditEvents.id })
    .from(auditEvents)
    .where(
      and(
        eq(auditEvents.entityType, INCOMING_ENTITY),
        eq(auditEvents.entityId, String(documentId)),
        eq(auditEvents.action, "incoming.edxml_update"),
        sql`json_extract(${auditEvents.detail}, '$.file.before.fileId') = ${fileId}`,
      ),
    )
    .limit(1)
    .get();
  const file = replaced ? getFileRow(db, fileId) : undefined;
  if (!file) throw new AppError(AppErrorCode.NOT_FOUND, CommonMessages.NOT_FOUND("tệp"));
  return file;
}

/**
 * The signature status of the document's PDF (Decree 30 Art. 21), checked in the untrusted-file pool. `doc` comes
 * from getIncomingDocument, which checked that the actor may see it. The registered original (`doc.file`): the
 * OCR'd copy is a new file whose signatures (if any) no longer cover it. Read by the pool child, only when no
 * verdict is cached for its stored hash.
 */
export async function checkIncomingDocumentSignatures(ctx: ServiceContext, doc: Pick<IncomingDetail, "file">): Promise<IncomingSignatureStatus> {
  if (!doc.file) return checkIncomingPdfSignatures(ctx.dataDir, null);
  return checkStoredPdfSignatures(ctx.dataDir, doc.file.sha256);
}

function edxmlSummary(db: ServiceContext["db"], incomingDocumentId: number, mainSha256: string | null): IncomingDetail["edxml"] {
  const info = getReceivedPacketInfo(db, incomingDocumentId);
  if (!info) return null;
  const { senderName: _senderName, attachments, ...rest } = info;
  // One read for all the packet's files (up to 50), not one per file.
  const storedById = new Map(
    attachments.length
      ? db
          .select({ id: files.id, sha256: files.sha256, size: files.size })
          .from(files)
          .where(
            inArray(
              files.id,
              attachments.map((a) => a.fileId),
            ),
          )
          .all()
          .map((f) => [f.id, f])
      : [],
  );
  let mainSeen = false;
  return {
    ...rest,
    attachments: attachments.map((a, position) => {
      const stored = storedById.get(a.fileId);
      // The main PDF is stored once more as the document's file (named by its number): the same bytes.
      const isMain = !mainSeen && !!stored && stored.sha256 === mainSha256;
      if (isMain) mainSeen = true;
      return { position, name: a.name, size: stored?.size ?? 0, isMain };
    }),
  };
}

/**
 * One file of the edXML packet a document came in (an appendix: DOCX, XLSX…), by its position in the packet, for
 * whoever may see the document. Always served as a download: its content type is the sender's word.
 */
export function readIncomingAttachment(ctx: ServiceContext, id: number, position: number): { bytes: Buffer; fileName: string } {
  const row = findVisibleIncomingDocument(ctx.db, ctx.actor, id);
  const info = getReceivedPacketInfo(ctx.db, row.id);
  const attachment = info?.attachments[position];
  const file = attachment ? getFileRow(ctx.db, attachment.fileId) : undefined;
  if (!attachment || !file) throw new AppError(AppErrorCode.NOT_FOUND, CommonMessages.NOT_FOUND("tệp kèm theo"));
  return { bytes: readStoredFile(ctx.dataDir, file), fileName: attachment.name };
}
