// Step 2 of registration (đăng ký, Decree 30 Art. 21–22): the clerk checks the fields, the app warns of a
// possible duplicate, allocates the arrival number in the book and writes `incoming.register` in the same
// IMMEDIATE transaction; "Lưu và chuyển phân phối" also submits the document (`incoming.submit`).
import { and, eq } from "drizzle-orm";
import { writeTransaction, type DbOrTx } from "#db/client";
import { incomingDocuments, type Confidentiality, type IncomingChannel, type IncomingDocument, type Urgency, URGENCY_LEVELS } from "#db/schema/index";
import type { Actor } from "#app/platform/auth/actor";
import { toVietnamDate, isValidIsoDate } from "#app/domain/shared/dates";
import { DOCUMENT_TYPES, LEGAL_NORMATIVE_DOCUMENT_TYPES } from "#app/domain/shared/document-types";
import { URGENCY_RANK, formatArrivalNumber } from "#app/domain/incoming/incoming";
import type { IncomingState } from "#app/domain/incoming/workflow";
import { foldDiacritics } from "#app/domain/shared/text";
import { AppError, AppErrorCode } from "#app/utils/errors";
import { loadWorkingCalendar } from "#app/platform/calendar.server";
import { arrivalDateErrors, deadlineBeforeArrivalError } from "#app/domain/incoming/arrival-date";
import { auditActorOf, nowOf, type ServiceContext } from "#app/platform/context.server";
import { blobPath, getFileRow, isFileReferenced } from "#app/platform/files/files.server";
import { readPdfText } from "#app/platform/pdf-text/pdf-text.server";
import { IncomingMessages } from "#app/messages/incoming";
import { findVisibleIncomingDocument } from "#app/features/incoming/visibility.server";
import { assertVersion, audit, decide, indexIncomingForSearch, requirePermission, type VersionedId } from "#app/features/incoming/transition.server";
import { allocateArrivalNumber } from "#app/features/incoming/register-book.server";
import { deliveryAnswered, incomingUrgentArrived } from "#app/features/notifications/index";
import { ocrTextOf } from "#app/features/incoming/ocr.server";

export type RegisterIncomingDocumentOptions = {
  /** Registers an item already in the queue (electronic delivery) instead of creating a new one. */
  incomingDocumentId?: number;
  version?: number;
  fileId?: number | null;
  channel: IncomingChannel;
  receivedAt: Date;
  numberSymbol: string;
  docTypeCode: string;
  issuedDate: string | null;
  issuerName: string;
  summary: string;
  signerName?: string | null;
  signerTitle?: string | null;
  pageCount?: number | null;
  urgency: Urgency;
  confidentiality: Confidentiality;
  handlingDeadline?: string | null;
  note?: string | null;
  extractedFields?: string[];
  /** Pre-extracted text for search; read from the stored PDF when omitted. */
  extractedText?: string | null;
  needsReview?: boolean;
  /** The clerk saw the possible-duplicate warning and saves anyway. */
  confirmDuplicate?: boolean;
  /** "Lưu và chuyển phân phối": register, then submit for routing (two audited transitions). */
  submitForRouting?: boolean;
  /** Why the document is registered later than the next working day after it arrived (audited). */
  backdateReason?: string | null;
};

export type RegisteredIncoming = {
  id: number;
  arrivalNumber: number;
  arrivalNumberText: string;
  bookId: number;
  year: number;
  status: IncomingState;
  version: number;
};

const KNOWN_TYPE_CODES = new Set([...DOCUMENT_TYPES, ...LEGAL_NORMATIVE_DOCUMENT_TYPES].map((t) => t.code));

/** "172/KH-UBND" as typed, with stray spaces removed: duplicate detection compares this form. */
export function normalizeNumberSymbol(text: string): string {
  return text.normalize("NFC").replace(/\s+/g, "").trim();
}

/** The fields a clerk types at registration and may correct afterwards. */
export type RegistrationFields = Pick<
  RegisterIncomingDocumentOptions,
  "numberSymbol" | "docTypeCode" | "issuedDate" | "issuerName" | "summary" | "pageCount" | "handlingDeadline" | "urgency"
>;

/** Field errors shared by registration and correction (`receivedAt` bounds the issued date). */
export function registrationFieldErrors(fields: RegistrationFields, receivedAt: Date): Record<string, string> {
  const errors: Record<string, string> = {};
  if (!fields.numberSymbol.trim()) errors.numberSymbol = IncomingMessages.NUMBER_SYMBOL_REQUIRED;
  if (!KNOWN_TYPE_CODES.has(fields.docTypeCode)) errors.docTypeCode = IncomingMessages.DOC_TYPE_REQUIRED;
  if (fields.issuedDate && !isValidIsoDate(fields.issuedDate)) errors.issuedDate = IncomingMessages.ISSUED_DATE_INVALID;
  if (fields.issuedDate && isValidIsoDate(fields.issuedDate) && !Number.isNaN(receivedAt.getTime()) && fields.issuedDate > toVietnamDate(receivedAt)) {
    errors.issuedDate = IncomingMessages.ISSUED_AFTER_ARRIVAL;
  }
  if (!fields.issuerName.trim()) errors.issuerName = IncomingMessages.ISSUER_REQUIRED;
  if (!fields.summary.trim()) errors.summary = IncomingMessages.SUMMARY_REQUIRED;
  if (fields.summary.length > 2000) errors.summary = IncomingMessages.SUMMARY_TOO_LONG;
  if (fields.handlingDeadline && !isValidIsoDate(fields.handlingDeadline)) errors.handlingDeadline = IncomingMessages.DEADLINE_INVALID;
  else {
    const deadlineError = deadlineBeforeArrivalError(fields.handlingDeadline, receivedAt);
    if (deadlineError) errors.handlingDeadline = deadlineError;
  }
  if (fields.pageCount != null && (!Number.isInteger(fields.pageCount) || fields.pageCount < 1 || fields.pageCount > 10000))
    errors.pageCount = IncomingMessages.PAGE_COUNT_INVALID;
  if (!(URGENCY_LEVELS as readonly string[]).includes(fields.urgency)) errors.urgency = IncomingMessages.URGENCY_REQUIRED;
  return errors;
}

function validateRegistration(ctx: ServiceContext, options: RegisterIncomingDocumentOptions, isSecret: boolean) {
  const errors = registrationFieldErrors(options, options.receivedAt);
  if (Number.isNaN(options.receivedAt.getTime())) errors.receivedAt = IncomingMessages.RECEIVED_AT_INVALID;
  else
    Object.assign(
      errors,
      arrivalDateErrors({ receivedAt: options.receivedAt, now: nowOf(ctx), calendar: loadWorkingCalendar(ctx.db), backdateReason: options.backdateReason }),
    );
  // Luật Bảo vệ bí mật nhà nước 2018 Art. 5: secret content must not be stored on an Internet-connected system.
  if (isSecret && options.fileId) errors.fileId = IncomingMessages.SECRET_NO_FILE;
  if (Object.keys(errors).length) throw new AppError(AppErrorCode.VALIDATION, IncomingMessages.FORM_INVALID, errors);
}

export type DuplicateCandidate = { id: number; arrivalNumber: number | null; year: number | null; receivedAt: Date };

/** Same issuing body, number-symbol and date already registered this year (Decree 30 Art. 21: compare before registering). */
function findDuplicateIncoming(
  db: DbOrTx,
  options: { organizationId: number; year: number; numberSymbol: string; issuerName: string; issuedDate: string | null; excludeId?: number },
): DuplicateCandidate | null {
  const d = incomingDocuments;
  const candidates = db
    .select({ id: d.id, arrivalNumber: d.arrivalNumber, year: d.year, receivedAt: d.receivedAt, issuerName: d.issuerName, issuedDate: d.issuedDate })
    .from(d)
    .where(and(eq(d.organizationId, options.organizationId), eq(d.year, options.year), eq(d.numberSymbol, normalizeNumberSymbol(options.numberSymbol))))
    .all();
  const issuer = foldDiacritics(options.issuerName);
  const hit = candidates.find(
    (c) =>
      c.id !== options.excludeId &&
      c.arrivalNumber != null &&
      foldDiacritics(c.issuerName) === issuer &&
      (c.issuedDate ?? null) === (options.issuedDate ?? null),
  );
  return hit ? { id: hit.id, arrivalNumber: hit.arrivalNumber, year: hit.year, receivedAt: hit.receivedAt } : null;
}

/**
 * The hidden file id comes from the browser, so it is checked: a clerk may attach only a PDF they
 * uploaded themselves that nothing refers to yet (their own unregistered upload), or keep the file the
 * document already has (an electronic delivery). Anything else — another clerk's upload, another unit's
 * evidence, a file already registered — gets the same message as a missing id, so ids cannot be probed.
 */
function checkFileReference(tx: DbOrTx, actor: Actor, fileId: number, existing: IncomingDocument | null) {
  const refused = () => new AppError(AppErrorCode.VALIDATION, IncomingMessages.FILE_REFUSED, { file: IncomingMessages.FILE_REFUSED_FIELD });
  const file = getFileRow(tx, fileId);
  if (!file || file.mimeType !== "application/pdf") throw refused();
  if (existing?.fileId === fileId) return file;
  if (actor.id === 0) return file;
  if (file.createdBy !== actor.id || isFileReferenced(tx, fileId)) throw refused();
  return file;
}

async function readExtractedText(ctx: ServiceContext, fileId: number): Promise<string | null> {
  const file = getFileRow(ctx.db, fileId);
  if (!file) return null;
  try {
    // Read by the pool child from the store: no file read or IPC copy of it on the request thread.
    const text = await readPdfText({ path: blobPath(ctx.dataDir, file.sha256) });
    return text.hasTextLayer ? text.text : ocrTextOf(ctx.db, fileId);
  } catch {
    return null;
  }
}

export async function registerIncomingDocument(ctx: ServiceContext, options: RegisterIncomingDocumentOptions): Promise<RegisteredIncoming> {
  requirePermission(ctx.actor, "register:incoming");
  const isSecret = options.confidentiality !== "normal";
  validateRegistration(ctx, options, isSecret);
  const extractedText =
    options.extractedText !== undefined ? options.extractedText : options.fileId && !isSecret ? await readExtractedText(ctx, options.fileId) : null;
  const now = nowOf(ctx);
  const organizationId = ctx.actor.organizationId;
  const year = Number(toVietnamDate(options.receivedAt).slice(0, 4));
  const numberSymbol = normalizeNumberSymbol(options.numberSymbol);
  return writeTransaction(ctx.db, (tx) => {
    let existing: IncomingDocument | null = null;
    if (options.incomingDocumentId) {
      existing = findVisibleIncomingDocument(tx, ctx.actor, options.incomingDocumentId);
      assertVersion(existing, options.version);
      decide(tx, ctx.actor, existing, "register");
    }
    if (options.fileId) checkFileReference(tx, ctx.actor, options.fileId, existing);
    if (!options.confirmDuplicate) {
      const duplicate = findDuplicateIncoming(tx, {
        organizationId,
        year,
        numberSymbol,
        issuerName: options.issuerName,
        issuedDate: options.issuedDate,
        excludeId: existing?.id,
      });
      if (duplicate) {
        const message = IncomingMessages.POSSIBLE_DUPLICATE(formatArrivalNumber(duplicate.arrivalNumber), duplicate.year);
        throw new AppError(AppErrorCode.VALIDATION, message, { confirmDuplicate: message, duplicateId: String(duplicate.id) });
      }
    }
    const { bookId, arrivalNumber } = allocateArrivalNumber(tx, { organizationId, year, security: isSecret ? "secret" : "normal", at: now });
    const values = {
      organizationId,
      status: "registered" as const,
      channel: options.channel,
      receivedAt: options.receivedAt,
      bookId,
      year,
      arrivalNumber,
      registeredAt: now,
      registeredBy: auditActorOf(ctx).actorId,
      numberSymbol,
      docTypeCode: options.docTypeCode,
      issuedDate: options.issuedDate || null,
      issuerName: options.issuerName.trim(),
      // Secret register keeps metadata only; the summary is kept because the register needs it (Phụ lục IV col. 6).
      summary: options.summary.trim(),
      signerName: options.signerName?.trim() || null,
      signerTitle: options.signerTitle?.trim() || null,
      pageCount: options.pageCount ?? null,
      urgency: options.urgency,
      urgencyRank: URGENCY_RANK[options.urgency],
      confidentiality: options.confidentiality,
      isSecret,
      handlingDeadline: options.handlingDeadline || null,
      note: options.note?.trim() || null,
      fileId: isSecret ? null : (options.fileId ?? existing?.fileId ?? null),
      extractedText: isSecret ? null : (extractedText ?? existing?.extractedText ?? null),
      extractedFields: options.extractedFields?.length ? JSON.stringify(options.extractedFields) : null,
      needsReview: options.needsReview ?? false,
      updatedAt: now,
    };
    let row: IncomingDocument;
    if (existing) {
      row = tx
        .update(incomingDocuments)
        .set({ ...values, version: existing.version + 1 })
        .where(eq(incomingDocuments.id, existing.id))
        .returning()
        .get();
    } else {
      row = tx
        .insert(incomingDocuments)
        .values({ ...values, createdAt: now })
        .returning()
        .get();
    }
    audit(tx, ctx, now, {
      action: "incoming.register",
      id: row.id,
      from: existing?.status ?? null,
      to: "registered",
      detail: {
        arrivalNumber,
        year,
        bookId,
        numberSymbol,
        confidentiality: options.confidentiality,
        urgency: options.urgency,
        // The deadline set at registration: handling statistics rebuild the deadline as of a past cut-off from the journal.
        handlingDeadline: options.handlingDeadline || null,
        confirmedDuplicate: options.confirmDuplicate ?? false,
        ...(options.backdateReason?.trim() ? { backdateReason: options.backdateReason.trim() } : {}),
      },
    });
    incomingUrgentArrived(tx, row, now, auditActorOf(ctx).actorId);
    // Liên thông: the sender learns that its delivery was entered in our book (Decree 30 Art. 21 k.2).
    if (existing?.outgoingDocumentId) {
      deliveryAnswered(tx, {
        outgoingDocumentId: existing.outgoingDocumentId,
        recipientOrganizationId: row.organizationId,
        status: "registered",
        arrivalNumber,
        at: now,
        eventSeed: `${row.id}:registered`,
      });
    }
    if (options.submitForRouting) {
      decide(tx, ctx.actor, row, "submit");
      row = tx
        .update(incomingDocuments)
        .set({ status: "awaiting_routing", version: row.version + 1, updatedAt: now })
        .where(eq(incomingDocuments.id, row.id))
        .returning()
        .get();
      audit(tx, ctx, now, { action: "incoming.submit", id: row.id, from: "registered", to: "awaiting_routing" });
    }
    indexIncomingForSearch(tx, row, !existing);
    return { id: row.id, arrivalNumber, arrivalNumberText: formatArrivalNumber(arrivalNumber), bookId, year, status: row.status, version: row.version };
  });
}

/** registered → awaiting_routing: the clerk passes the document to the office for routing. */
export function submitIncomingForRouting(ctx: ServiceContext, options: VersionedId): IncomingDocument {
  const now = nowOf(ctx);
  return writeTransaction(ctx.db, (tx) => {
    const row = findVisibleIncomingDocument(tx, ctx.actor, options.id);
    assertVersion(row, options.version);
    const to = decide(tx, ctx.actor, row, "submit");
    const updated = tx
      .update(incomingDocuments)
      .set({ status: to, version: row.version + 1, updatedAt: now })
      .where(eq(incomingDocuments.id, row.id))
      .returning()
      .get();
    audit(tx, ctx, now, { action: "incoming.submit", id: row.id, from: row.status, to });
    return updated;
  });
}
