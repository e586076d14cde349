// Incoming documents (văn bản đến): registration, routing, direction, handling and return, Decree 30/2020
// Art. 20–24. Every state change goes through decideIncomingTransition (app/domain/incoming/workflow.ts)
// and writes its audit row in the same IMMEDIATE transaction.
import { and, eq, inArray, isNull, ne, or, sql, type SQL } from "drizzle-orm";
import { writeTransaction, type DbOrTx, type Tx } from "#db/client";
import {
  incomingAssignments,
  incomingDocuments,
  organizations,
  registerBooks,
  userRoles,
  users,
  type AssignmentKind,
  type Confidentiality,
  type IncomingChannel,
  type IncomingDocument,
  type Urgency,
  URGENCY_LEVELS,
} from "#db/schema/index";
import type { Actor } from "#app/platform/auth/actor";
import { toVietnamDate, isValidIsoDate } from "#app/domain/shared/dates";
import { DOCUMENT_TYPES, LEGAL_NORMATIVE_DOCUMENT_TYPES } from "#app/domain/shared/document-types";
import { extractDocumentFields, organNameCase, type ExtractedFields } from "#app/domain/incoming/document-extraction";
import {
  URGENCY_RANK,
  deadlineAfterWorkingDays,
  formatArrivalNumber,
  incomingBookName,
  incomingSearchBody,
  isHandler,
} from "#app/domain/incoming/incoming";
import { decideIncomingTransition, type IncomingAction, type IncomingState } from "#app/domain/incoming/workflow";
import { foldDiacritics } from "#app/domain/shared/text";
import { AppError, AppErrorCode } from "#app/utils/errors";
import { appendAuditEvent } from "#app/platform/audit.server";
import { loadWorkingCalendar } from "#app/platform/calendar.server";
import { arrivalDateErrors, deadlineBeforeArrivalError } from "#app/domain/incoming/arrival-date";
import { auditActorOf, nowOf, type ServiceContext } from "#app/platform/context.server";
import { getFileRow, insertFileRow, isFileReferenced, readStoredFile, writeBlob } from "#app/platform/files/files.server";
import { findIssuerOf } from "#app/platform/organizations.server";
import { PdfReadError, readPdfText } from "#app/platform/pdf-text/pdf-text.server";
import { ocrTextOf, prepareIncomingImageUpload, queueIncomingOcr, scanImageKind } from "#app/features/incoming/ocr.server";

export const INCOMING_ENTITY = "incoming_document";

const has = (actor: Pick<Actor, "permissions">, permission: string) => actor.permissions.includes(permission);

// ---------------------------------------------------------------------------------------------------
// Visibility: the ONE rule every query uses (house style rule 7)

/**
 * The documents an actor may see: their own organisation's, and within it
 * - every non-secret document for those whose role covers the whole register (view:incoming:all —
 *   leaders, office leads — and the clerks and register readers: register:incoming, view:register);
 * - secret documents only for leaders (direct:incoming, route:incoming), the clerk who registered them
 *   and their personal assignees (a unit-wide assignment does not open a secret document to the unit);
 * - anything they registered, were forwarded, or are assigned (personally or through their unit).
 */
export function incomingDocumentsVisibleTo(actor: Actor): SQL {
  const d = incomingDocuments;
  const seesAllOpen = ["view:incoming:all", "register:incoming", "view:register"].some((p) => has(actor, p));
  const seesSecret = has(actor, "direct:incoming") || has(actor, "route:incoming");
  const conditions: SQL[] = [
    eq(d.registeredBy, actor.id),
    eq(d.forwardedToUserId, actor.id),
    sql`exists (select 1 from incoming_assignments va where va.document_id = ${d.id} and (va.assignee_user_id = ${actor.id} or (va.assignee_user_id is null and va.assignee_unit_id = ${actor.unitId} and ${d.isSecret} = 0)))`,
  ];
  if (seesAllOpen) conditions.unshift(eq(d.isSecret, false));
  if (seesSecret) conditions.unshift(eq(d.isSecret, true));
  return and(eq(d.organizationId, actor.organizationId), or(...conditions))!;
}

/** Loads a document the actor may see, or NOT_FOUND (never confirms that it exists elsewhere). */
export function findVisibleIncomingDocument(db: DbOrTx, actor: Actor, id: number): IncomingDocument {
  const row = Number.isInteger(id) && id > 0 ? db.select().from(incomingDocuments).where(and(eq(incomingDocuments.id, id), incomingDocumentsVisibleTo(actor))).get() : undefined;
  if (!row) throw new AppError(AppErrorCode.NOT_FOUND, "Không tìm thấy văn bản đến");
  return row;
}

function assertVersion(row: IncomingDocument, version: number | undefined) {
  if (version !== undefined && row.version !== version) {
    throw new AppError(AppErrorCode.CONFLICT, "Văn bản đã được người khác cập nhật. Vui lòng tải lại trang và thực hiện lại.");
  }
}

/** The active (not delegated) assignments of the actor on a document, personally or through their unit. */
function actorAssignments(db: DbOrTx, actor: Actor, documentId: number, isSecret: boolean) {
  const a = incomingAssignments;
  const mine = isSecret
    ? eq(a.assigneeUserId, actor.id)
    : or(eq(a.assigneeUserId, actor.id), and(isNull(a.assigneeUserId), eq(a.assigneeUnitId, actor.unitId)));
  return db.select().from(a).where(and(eq(a.documentId, documentId), ne(a.status, "delegated"), mine)).all();
}

function decide(db: DbOrTx, actor: Actor, row: IncomingDocument, action: IncomingAction, target?: IncomingState): IncomingState {
  const assignments = action === "complete" ? actorAssignments(db, actor, row.id, row.isSecret) : [];
  const decision = decideIncomingTransition({
    from: row.status,
    action,
    target,
    isRecalled: row.recalledAt != null,
    actor: {
      permissions: actor.permissions,
      isMainHandler: assignments.some((x) => x.kind === "main" && x.status === "pending"),
      isForwardedLeader: row.forwardedToUserId === actor.id,
    },
  });
  if (!decision.ok) throw new AppError(decision.code === "FORBIDDEN" ? AppErrorCode.FORBIDDEN : AppErrorCode.INVALID_STATE, decision.message);
  return decision.to;
}

function audit(tx: Tx, ctx: ServiceContext, at: Date, input: { action: string; id: number; from?: string | null; to?: string | null; comment?: string | null; detail?: Record<string, unknown> }) {
  appendAuditEvent(tx, {
    at,
    ...auditActorOf(ctx),
    action: input.action,
    entityType: INCOMING_ENTITY,
    entityId: input.id,
    fromState: input.from ?? null,
    toState: input.to ?? null,
    comment: input.comment ?? null,
    detail: input.detail ?? null,
  });
}

/** Keeps the folded full-text row in step with the document, inside the caller's transaction. */
export function indexIncomingForSearch(tx: DbOrTx, row: Pick<IncomingDocument, "id" | "summary" | "numberSymbol" | "issuerName" | "signerName" | "extractedText">, isNew = false) {
  // A delete on a contentless_delete table writes a tombstone; new rows have nothing to delete.
  if (!isNew) tx.run(sql`delete from incoming_documents_fts where rowid = ${row.id}`);
  tx.run(sql`insert into incoming_documents_fts(rowid, body) values (${row.id}, ${incomingSearchBody(row)})`);
}

// ---------------------------------------------------------------------------------------------------
// Step 1: upload and extraction

export type IncomingUploadResult = {
  fileId: number;
  sha256: string;
  originalName: string;
  size: number;
  pageCount: number;
  hasTextLayer: boolean;
  fields: {
    numberSymbol: string;
    docTypeCode: string;
    issuedDate: string;
    issuerName: string;
    summary: string;
    signerName: string;
    signerTitle: string;
  };
  /** Form fields filled from the PDF (the clerk checks them; CSS class `extracted`). */
  extractedFields: string[];
  /** Filled but with low confidence: the clerk must review these. */
  lowConfidenceFields: string[];
  /** A scan without text layer: its OCR is queued (app/features/incoming/ocr.server.ts); poll for the fields. */
  ocrPending?: boolean;
};

export type PrepareIncomingUploadOptions = { bytes: Uint8Array; originalName: string; maxBytes?: number };

export const DEFAULT_MAX_UPLOAD_BYTES = 50 * 1024 * 1024;

/** The canonical names of the organisations the app knows, so that the extraction returns "Sở Nội vụ", not "SỞ NỘI VỤ". */
function knownIssuerNames(db: DbOrTx): string[] {
  return db.select({ name: organizations.name }).from(organizations).where(ne(organizations.kind, "unit")).all().map((o) => o.name);
}

function toFormFields(fields: ExtractedFields) {
  const formFields = {
    numberSymbol: fields.numberSymbol ?? "",
    docTypeCode: fields.docTypeCode ?? "",
    issuedDate: fields.issuedDate ?? "",
    // A body the directory does not know comes back as printed, in capitals: the form shows it the way
    // names of organs are written (Decree 30 App. II), "Sở Tư pháp tỉnh Bạc Liêu", for the clerk to check.
    issuerName: fields.issuer ? organNameCase(fields.issuer) : "",
    summary: fields.summary ?? "",
    signerName: fields.signerName ?? "",
    signerTitle: fields.signerTitle ?? "",
  };
  const confidenceKey: Record<keyof typeof formFields, keyof ExtractedFields["confidence"]> = {
    numberSymbol: "numberSymbol",
    docTypeCode: "docType",
    issuedDate: "issuedDate",
    issuerName: "issuer",
    summary: "summary",
    signerName: "signerName",
    signerTitle: "signerTitle",
  };
  const extracted = (Object.keys(formFields) as (keyof typeof formFields)[]).filter((k) => formFields[k] !== "");
  const low = (Object.keys(formFields) as (keyof typeof formFields)[]).filter((k) => formFields[k] === "" || fields.confidence[confidenceKey[k]] === "low");
  return { formFields, extracted, low };
}

/**
 * Reads the PDF's text layer and stores the file (content-addressed) so that the registration form can
 * refer to it by id: nothing is lost when the form comes back with a validation error. A file that
 * cannot be read (encrypted, damaged, not a PDF) or is too large is refused and NOT stored.
 */
export async function prepareIncomingUpload(ctx: ServiceContext, options: PrepareIncomingUploadOptions): Promise<IncomingUploadResult> {
  requirePermission(ctx.actor, "register:incoming");
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_UPLOAD_BYTES;
  if (options.bytes.byteLength === 0) throw new AppError(AppErrorCode.VALIDATION, "Chọn tệp PDF văn bản đến", { file: "Chọn tệp PDF văn bản đến" });
  if (options.bytes.byteLength > maxBytes) {
    const message = `Tệp tải lên vượt quá dung lượng cho phép (${Math.round(maxBytes / 1024 / 1024)} MB).`;
    throw new AppError(AppErrorCode.VALIDATION, message, { file: message });
  }
  // A scan saved as an image (JPEG, PNG, TIFF): wrapped into a PDF and OCR'd (issue 14).
  const imageKind = scanImageKind(options.bytes);
  if (imageKind) return prepareIncomingImageUpload(ctx, { bytes: options.bytes, originalName: options.originalName, kind: imageKind, createdBy: auditActorOf(ctx).actorId });
  let fields: ExtractedFields;
  try {
    const text = await readPdfText(options.bytes);
    fields = extractDocumentFields(text, { knownIssuers: knownIssuerNames(ctx.db) });
  } catch (error) {
    if (error instanceof PdfReadError) {
      // The pool's queue is full: nothing is wrong with the file, the clerk retries in a moment.
      if (error.code === "BUSY") throw new AppError(AppErrorCode.RATE_LIMITED, error.message);
      throw new AppError(AppErrorCode.VALIDATION, error.message, { file: error.message });
    }
    throw error;
  }
  const blob = writeBlob(ctx.dataDir, options.bytes);
  const now = nowOf(ctx);
  const file = writeTransaction(ctx.db, (tx) => {
    const row = insertFileRow(tx, { blob, mimeType: "application/pdf", originalName: options.originalName || "van-ban-den.pdf", createdBy: auditActorOf(ctx).actorId, at: now });
    if (!fields.hasTextLayer) queueIncomingOcr(tx, { fileId: row.id, pageCount: fields.pageCount, at: now });
    return row;
  });
  const { formFields, extracted, low } = toFormFields(fields);
  return {
    fileId: file.id,
    sha256: file.sha256,
    originalName: options.originalName,
    size: file.size,
    pageCount: fields.pageCount,
    hasTextLayer: fields.hasTextLayer,
    fields: formFields,
    extractedFields: extracted,
    lowConfidenceFields: fields.hasTextLayer ? low : [],
    ocrPending: !fields.hasTextLayer,
  };
}

function requirePermission(actor: Actor, permission: string) {
  // Routes check permissions too; the service repeats it for the CLI and for tests (defence in depth).
  if (!has(actor, permission) && actor.id !== 0) throw new AppError(AppErrorCode.FORBIDDEN, "Bạn không có quyền thực hiện thao tác này");
}

// ---------------------------------------------------------------------------------------------------
// Step 2: registration (đăng ký) and the arrival number

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

export type RegisteredIncoming = { id: number; arrivalNumber: number; arrivalNumberText: string; bookId: number; year: number; status: IncomingState; version: number };

const KNOWN_TYPE_CODES = new Set([...DOCUMENT_TYPES, ...LEGAL_NORMATIVE_DOCUMENT_TYPES].map((t) => t.code));

/** "172/KH-UBND" as typed, with stray spaces removed: duplicate detection compares this form. */
export function normalizeNumberSymbol(text: string): string {
  return text.normalize("NFC").replace(/\s+/g, "").trim();
}

/** The fields a clerk types at registration and may correct afterwards. */
type RegistrationFields = Pick<
  RegisterIncomingDocumentOptions,
  "numberSymbol" | "docTypeCode" | "issuedDate" | "issuerName" | "summary" | "pageCount" | "handlingDeadline" | "urgency"
>;

/** Field errors shared by registration and correction (`receivedAt` bounds the issued date). */
function registrationFieldErrors(fields: RegistrationFields, receivedAt: Date): Record<string, string> {
  const errors: Record<string, string> = {};
  if (!fields.numberSymbol.trim()) errors.numberSymbol = "Nhập số, ký hiệu văn bản";
  if (!KNOWN_TYPE_CODES.has(fields.docTypeCode)) errors.docTypeCode = "Chọn loại văn bản";
  if (fields.issuedDate && !isValidIsoDate(fields.issuedDate)) errors.issuedDate = "Ngày văn bản không hợp lệ";
  if (fields.issuedDate && isValidIsoDate(fields.issuedDate) && !Number.isNaN(receivedAt.getTime()) && fields.issuedDate > toVietnamDate(receivedAt)) {
    errors.issuedDate = "Ngày văn bản không thể sau ngày đến";
  }
  if (!fields.issuerName.trim()) errors.issuerName = "Nhập cơ quan ban hành";
  if (!fields.summary.trim()) errors.summary = "Nhập trích yếu nội dung";
  if (fields.summary.length > 2000) errors.summary = "Trích yếu quá dài (tối đa 2.000 ký tự)";
  if (fields.handlingDeadline && !isValidIsoDate(fields.handlingDeadline)) errors.handlingDeadline = "Hạn xử lý không hợp lệ";
  else {
    const deadlineError = deadlineBeforeArrivalError(fields.handlingDeadline, receivedAt);
    if (deadlineError) errors.handlingDeadline = deadlineError;
  }
  if (fields.pageCount != null && (!Number.isInteger(fields.pageCount) || fields.pageCount < 1 || fields.pageCount > 10000)) errors.pageCount = "Số trang không hợp lệ";
  if (!(URGENCY_LEVELS as readonly string[]).includes(fields.urgency)) errors.urgency = "Chọn độ khẩn";
  return errors;
}

function validateRegistration(ctx: ServiceContext, options: RegisterIncomingDocumentOptions, isSecret: boolean) {
  const errors = registrationFieldErrors(options, options.receivedAt);
  if (Number.isNaN(options.receivedAt.getTime())) errors.receivedAt = "Thời điểm đến không hợp lệ";
  else Object.assign(errors, arrivalDateErrors({ receivedAt: options.receivedAt, now: nowOf(ctx), calendar: loadWorkingCalendar(ctx.db), backdateReason: options.backdateReason }));
  // Luật Bảo vệ bí mật nhà nước 2018 Art. 5: secret content must not be stored on an Internet-connected system.
  if (isSecret && options.fileId) errors.fileId = "Văn bản mật chỉ được đăng ký thông tin, không được tải tệp lên hệ thống";
  if (Object.keys(errors).length) throw new AppError(AppErrorCode.VALIDATION, "Thông tin văn bản chưa hợp lệ", errors);
}

export type DuplicateCandidate = { id: number; arrivalNumber: number | null; year: number | null; receivedAt: Date };

/** Same issuing body, number-symbol and date already registered this year (Decree 30 Art. 21: compare before registering). */
export function findDuplicateIncoming(
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
  const hit = candidates.find((c) => c.id !== options.excludeId && c.arrivalNumber != null && foldDiacritics(c.issuerName) === issuer && (c.issuedDate ?? null) === (options.issuedDate ?? null));
  return hit ? { id: hit.id, arrivalNumber: hit.arrivalNumber, year: hit.year, receivedAt: hit.receivedAt } : null;
}

/**
 * The next arrival number in the organisation's incoming book for the year, inside the caller's IMMEDIATE
 * transaction (the write lock serialises allocators across processes; the unique index is the backstop).
 * The book row is created on first use.
 */
export function allocateArrivalNumber(tx: Tx, options: { organizationId: number; year: number; security: "normal" | "secret"; at: Date }): { bookId: number; arrivalNumber: number } {
  const b = registerBooks;
  const where = and(eq(b.organizationId, options.organizationId), eq(b.year, options.year), eq(b.direction, "incoming"), eq(b.security, options.security), eq(b.docTypeCode, ""));
  let book = tx.select({ id: b.id }).from(b).where(where).get();
  if (!book) {
    tx.insert(b)
      .values({ organizationId: options.organizationId, year: options.year, direction: "incoming", security: options.security, docTypeCode: "", name: incomingBookName(options.year, options.security), createdAt: options.at })
      .onConflictDoNothing()
      .run();
    book = tx.select({ id: b.id }).from(b).where(where).get()!;
  }
  const d = incomingDocuments;
  const max = tx
    .select({ n: sql<number | null>`max(${d.arrivalNumber})` })
    .from(d)
    .where(and(eq(d.organizationId, options.organizationId), eq(d.bookId, book.id), eq(d.year, options.year)))
    .get()?.n;
  return { bookId: book.id, arrivalNumber: (max ?? 0) + 1 };
}

/**
 * The hidden file id comes from the browser, so it is checked: a clerk may attach only a PDF they
 * uploaded themselves that nothing refers to yet (their own unregistered upload), or keep the file the
 * document already has (an electronic delivery). Anything else — another clerk's upload, another unit's
 * evidence, a file already registered — gets the same message as a missing id, so ids cannot be probed.
 */
function checkFileReference(tx: DbOrTx, actor: Actor, fileId: number, existing: IncomingDocument | null) {
  const refused = () => new AppError(AppErrorCode.VALIDATION, "Tệp đính kèm không hợp lệ, vui lòng tải lại tệp PDF", { file: "Tải lại tệp PDF" });
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
    const text = await readPdfText(new Uint8Array(readStoredFile(ctx.dataDir, file)));
    return text.hasTextLayer ? text.text : ocrTextOf(ctx.db, fileId);
  } catch {
    return null;
  }
}

export async function registerIncomingDocument(ctx: ServiceContext, options: RegisterIncomingDocumentOptions): Promise<RegisteredIncoming> {
  requirePermission(ctx.actor, "register:incoming");
  const isSecret = options.confidentiality !== "normal";
  validateRegistration(ctx, options, isSecret);
  const extractedText = options.extractedText !== undefined ? options.extractedText : options.fileId && !isSecret ? await readExtractedText(ctx, options.fileId) : null;
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
      const duplicate = findDuplicateIncoming(tx, { organizationId, year, numberSymbol, issuerName: options.issuerName, issuedDate: options.issuedDate, excludeId: existing?.id });
      if (duplicate) {
        const message = `Có thể trùng: văn bản cùng cơ quan ban hành, số ký hiệu và ngày đã được đăng ký số đến ${formatArrivalNumber(duplicate.arrivalNumber)}/${duplicate.year}. Đánh dấu "Vẫn đăng ký" nếu đây là văn bản khác.`;
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
      fileId: isSecret ? null : options.fileId ?? existing?.fileId ?? null,
      extractedText: isSecret ? null : extractedText ?? existing?.extractedText ?? null,
      extractedFields: options.extractedFields?.length ? JSON.stringify(options.extractedFields) : null,
      needsReview: options.needsReview ?? false,
      updatedAt: now,
    };
    let row: IncomingDocument;
    if (existing) {
      row = tx.update(incomingDocuments).set({ ...values, version: existing.version + 1 }).where(eq(incomingDocuments.id, existing.id)).returning().get();
    } else {
      row = tx.insert(incomingDocuments).values({ ...values, createdAt: now }).returning().get();
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
        confirmedDuplicate: options.confirmDuplicate ?? false,
        ...(options.backdateReason?.trim() ? { backdateReason: options.backdateReason.trim() } : {}),
      },
    });
    if (options.submitForRouting) {
      decide(tx, ctx.actor, row, "submit");
      row = tx.update(incomingDocuments).set({ status: "awaiting_routing", version: row.version + 1, updatedAt: now }).where(eq(incomingDocuments.id, row.id)).returning().get();
      audit(tx, ctx, now, { action: "incoming.submit", id: row.id, from: "registered", to: "awaiting_routing" });
    }
    indexIncomingForSearch(tx, row, !existing);
    return { id: row.id, arrivalNumber, arrivalNumberText: formatArrivalNumber(arrivalNumber), bookId, year, status: row.status, version: row.version };
  });
}


// ---------------------------------------------------------------------------------------------------
// Workflow steps

type VersionedId = { id: number; version?: number };

export function submitIncomingForRouting(ctx: ServiceContext, options: VersionedId): IncomingDocument {
  const now = nowOf(ctx);
  return writeTransaction(ctx.db, (tx) => {
    const row = findVisibleIncomingDocument(tx, ctx.actor, options.id);
    assertVersion(row, options.version);
    const to = decide(tx, ctx.actor, row, "submit");
    const updated = tx.update(incomingDocuments).set({ status: to, version: row.version + 1, updatedAt: now }).where(eq(incomingDocuments.id, row.id)).returning().get();
    audit(tx, ctx, now, { action: "incoming.submit", id: row.id, from: row.status, to });
    return updated;
  });
}

export function returnIncomingDocument(ctx: ServiceContext, options: VersionedId & { reason: string }): IncomingDocument {
  const reason = options.reason.trim();
  if (!reason) throw new AppError(AppErrorCode.VALIDATION, "Nhập lý do trả lại", { reason: "Nhập lý do trả lại" });
  const now = nowOf(ctx);
  return writeTransaction(ctx.db, (tx) => {
    const row = findVisibleIncomingDocument(tx, ctx.actor, options.id);
    assertVersion(row, options.version);
    const to = decide(tx, ctx.actor, row, "return");
    const updated = tx
      .update(incomingDocuments)
      .set({ status: to, returnReason: reason, version: row.version + 1, updatedAt: now })
      .where(eq(incomingDocuments.id, row.id))
      .returning()
      .get();
    audit(tx, ctx, now, { action: "incoming.return", id: row.id, from: row.status, to, comment: reason, detail: { senderOrganizationId: row.senderOrganizationId } });
    return updated;
  });
}

// ---------------------------------------------------------------------------------------------------
// Correction of the registration details (sửa thông tin đăng ký)

export type CorrectIncomingRegistrationOptions = VersionedId & {
  numberSymbol: string;
  docTypeCode: string;
  issuedDate: string | null;
  issuerName: string;
  summary: string;
  signerName?: string | null;
  signerTitle?: string | null;
  pageCount?: number | null;
  urgency: Urgency;
  handlingDeadline?: string | null;
  note?: string | null;
};

/** The fields a correction may change; the arrival number, book, year and confidentiality are the register's identity. */
export const CORRECTABLE_INCOMING_FIELDS = [
  "numberSymbol",
  "docTypeCode",
  "issuedDate",
  "issuerName",
  "summary",
  "signerName",
  "signerTitle",
  "pageCount",
  "urgency",
  "handlingDeadline",
  "note",
] as const;
type CorrectableField = (typeof CORRECTABLE_INCOMING_FIELDS)[number];

/**
 * The clerk corrects the registration details of a registered document that is still being handled. One
 * audit row `incoming.correct` records only the changed fields (before/after); the search index follows.
 */
export function correctIncomingRegistration(ctx: ServiceContext, options: CorrectIncomingRegistrationOptions): IncomingDocument {
  requirePermission(ctx.actor, "register:incoming");
  const now = nowOf(ctx);
  return writeTransaction(ctx.db, (tx) => {
    const row = findVisibleIncomingDocument(tx, ctx.actor, options.id);
    assertVersion(row, options.version);
    decide(tx, ctx.actor, row, "correct");
    const errors = registrationFieldErrors(options, row.receivedAt);
    if (Object.keys(errors).length) throw new AppError(AppErrorCode.VALIDATION, "Thông tin văn bản chưa hợp lệ", errors);
    const next: Pick<IncomingDocument, CorrectableField> = {
      numberSymbol: normalizeNumberSymbol(options.numberSymbol),
      docTypeCode: options.docTypeCode,
      issuedDate: options.issuedDate || null,
      issuerName: options.issuerName.trim(),
      summary: options.summary.trim(),
      signerName: options.signerName?.trim() || null,
      signerTitle: options.signerTitle?.trim() || null,
      pageCount: options.pageCount ?? null,
      urgency: options.urgency,
      handlingDeadline: options.handlingDeadline || null,
      note: options.note?.trim() || null,
    };
    const before: Record<string, unknown> = {};
    const after: Record<string, unknown> = {};
    for (const key of CORRECTABLE_INCOMING_FIELDS) {
      if ((row[key] ?? null) !== (next[key] ?? null)) {
        before[key] = row[key] ?? null;
        after[key] = next[key] ?? null;
      }
    }
    if (Object.keys(after).length === 0) throw new AppError(AppErrorCode.VALIDATION, "Không có thông tin nào thay đổi");
    const updated = tx
      .update(incomingDocuments)
      .set({ ...next, urgencyRank: URGENCY_RANK[next.urgency], version: row.version + 1, updatedAt: now })
      .where(eq(incomingDocuments.id, row.id))
      .returning()
      .get();
    indexIncomingForSearch(tx, updated);
    audit(tx, ctx, now, { action: "incoming.correct", id: row.id, from: row.status, to: row.status, detail: { before, after } });
    return updated;
  });
}

/** "u:12" = user 12, "o:34" = unit 34 (how the routing form names an assignee). */
export type AssigneeRef = { userId: number; unitId?: undefined } | { unitId: number; userId?: undefined };

export function parseAssigneeRef(value: string): AssigneeRef | null {
  const m = /^([uo]):(\d+)$/.exec(value.trim());
  if (!m) return null;
  return m[1] === "u" ? { userId: Number(m[2]) } : { unitId: Number(m[2]) };
}

export type RoutingDecision = {
  main: AssigneeRef;
  cooperating?: AssigneeRef[];
  info?: AssigneeRef[];
  /** A date (YYYY-MM-DD), or a number of working days from today. */
  deadline?: string | null;
  workingDays?: number | null;
  note?: string | null;
};

/** The ids of the given users who hold a handling role (HANDLER_ROLES). */
export function handlerUserIds(tx: DbOrTx, userIds: number[]): Set<number> {
  if (userIds.length === 0) return new Set();
  const rows = tx.select({ userId: userRoles.userId, roleKey: userRoles.roleKey }).from(userRoles).where(inArray(userRoles.userId, userIds)).all();
  const roles = new Map<number, string[]>();
  for (const r of rows) roles.set(r.userId, [...(roles.get(r.userId) ?? []), r.roleKey]);
  return new Set(userIds.filter((id) => isHandler(roles.get(id) ?? [])));
}

function assertAssigneeInOrganization(tx: DbOrTx, actor: Actor, ref: AssigneeRef) {
  if (ref.userId !== undefined) {
    const user = tx.select({ organizationId: users.organizationId, isActive: users.isActive }).from(users).where(eq(users.id, ref.userId)).get();
    if (!user || !user.isActive || user.organizationId !== actor.organizationId) throw new AppError(AppErrorCode.VALIDATION, "Người nhận không thuộc cơ quan", { main: "Người nhận không thuộc cơ quan" });
    if (!handlerUserIds(tx, [ref.userId]).has(ref.userId)) throw new AppError(AppErrorCode.VALIDATION, "Văn thư và quản trị hệ thống không được giao xử lý văn bản", { main: "Chọn lãnh đạo hoặc chuyên viên" });
    return;
  }
  let issuerId: number | null = null;
  try {
    issuerId = findIssuerOf(tx, ref.unitId).id;
  } catch {
    issuerId = null;
  }
  if (issuerId !== actor.organizationId) throw new AppError(AppErrorCode.VALIDATION, "Đơn vị nhận không thuộc cơ quan", { main: "Đơn vị nhận không thuộc cơ quan" });
}

function resolveDeadline(ctx: ServiceContext, tx: DbOrTx, decision: RoutingDecision, today: string): string | null {
  if (decision.workingDays) {
    try {
      return deadlineAfterWorkingDays(loadWorkingCalendar(tx), today, decision.workingDays);
    } catch {
      throw new AppError(AppErrorCode.VALIDATION, "Số ngày làm việc không hợp lệ", { workingDays: "Số ngày làm việc không hợp lệ (1–365)" });
    }
  }
  if (decision.deadline) {
    if (!isValidIsoDate(decision.deadline)) throw new AppError(AppErrorCode.VALIDATION, "Hạn xử lý không hợp lệ", { deadline: "Hạn xử lý không hợp lệ" });
    if (decision.deadline < today) throw new AppError(AppErrorCode.VALIDATION, "Hạn xử lý không thể trước hôm nay", { deadline: "Hạn xử lý không thể trước hôm nay" });
    return decision.deadline;
  }
  return null;
}

function validateDecision(tx: DbOrTx, actor: Actor, decision: RoutingDecision) {
  const refs = [decision.main, ...(decision.cooperating ?? []), ...(decision.info ?? [])];
  for (const ref of refs) assertAssigneeInOrganization(tx, actor, ref);
  const key = (r: AssigneeRef) => (r.userId !== undefined ? `u${r.userId}` : `o${r.unitId}`);
  const keys = refs.map(key);
  if (new Set(keys).size !== keys.length) throw new AppError(AppErrorCode.VALIDATION, "Mỗi đơn vị, cá nhân chỉ nhận một vai trò (chủ trì, phối hợp hoặc để biết)", { cooperating: "Trùng người nhận" });
}

function insertAssignments(tx: Tx, ctx: ServiceContext, documentId: number, decision: RoutingDecision, deadline: string | null, now: Date) {
  const rows: Array<{ kind: AssignmentKind; ref: AssigneeRef }> = [
    { kind: "main", ref: decision.main },
    ...(decision.cooperating ?? []).map((ref) => ({ kind: "cooperate" as const, ref })),
    ...(decision.info ?? []).map((ref) => ({ kind: "info" as const, ref })),
  ];
  for (const { kind, ref } of rows) {
    tx.insert(incomingAssignments)
      .values({
        documentId,
        kind,
        assigneeUserId: ref.userId ?? null,
        assigneeUnitId: ref.unitId ?? null,
        // "Nhận để biết" has no deadline and no completion obligation (domain.md §4.4).
        deadline: kind === "info" ? null : deadline,
        assignedBy: auditActorOf(ctx).actorId,
        assignedAt: now,
      })
      .run();
  }
}

export type RouteIncomingDocumentsOptions = RoutingDecision & { documents: VersionedId[] };

/** Routes one or several documents with the same decision (phân phối hàng loạt). All or nothing. */
export function routeIncomingDocuments(ctx: ServiceContext, options: RouteIncomingDocumentsOptions): { routed: number; deadline: string | null } {
  if (options.documents.length === 0) throw new AppError(AppErrorCode.VALIDATION, "Chọn ít nhất một văn bản", { documents: "Chọn ít nhất một văn bản" });
  const now = nowOf(ctx);
  const today = toVietnamDate(now);
  return writeTransaction(ctx.db, (tx) => {
    validateDecision(tx, ctx.actor, options);
    const deadline = resolveDeadline(ctx, tx, options, today);
    for (const ref of options.documents) {
      const row = findVisibleIncomingDocument(tx, ctx.actor, ref.id);
      assertVersion(row, ref.version);
      const to = decide(tx, ctx.actor, row, "route");
      insertAssignments(tx, ctx, row.id, options, deadline, now);
      tx.update(incomingDocuments)
        .set({ status: to, handlingDeadline: deadline, directionNote: options.note?.trim() || row.directionNote, routedAt: now, routedBy: auditActorOf(ctx).actorId, version: row.version + 1, updatedAt: now })
        .where(eq(incomingDocuments.id, row.id))
        .run();
      audit(tx, ctx, now, { action: "incoming.route", id: row.id, from: row.status, to, comment: options.note?.trim() || null, detail: { main: options.main, cooperating: options.cooperating ?? [], info: options.info ?? [], deadline } });
    }
    return { routed: options.documents.length, deadline };
  });
}

export function forwardIncomingDocument(ctx: ServiceContext, options: VersionedId & { leaderUserId: number; note?: string | null }): IncomingDocument {
  const now = nowOf(ctx);
  return writeTransaction(ctx.db, (tx) => {
    const row = findVisibleIncomingDocument(tx, ctx.actor, options.id);
    assertVersion(row, options.version);
    const to = decide(tx, ctx.actor, row, "forward");
    const leader = tx.select({ id: users.id, organizationId: users.organizationId }).from(users).where(eq(users.id, options.leaderUserId)).get();
    const leaderPermissions = leader ? tx.all<{ key: string }>(sql`select rp.permission_key as key from user_roles ur join role_permissions rp on rp.role_key = ur.role_key where ur.user_id = ${leader.id}`) : [];
    if (!leader || leader.organizationId !== ctx.actor.organizationId || !leaderPermissions.some((p) => p.key === "direct:incoming")) {
      throw new AppError(AppErrorCode.VALIDATION, "Chọn lãnh đạo cho ý kiến", { leaderUserId: "Chọn lãnh đạo cho ý kiến" });
    }
    const updated = tx
      .update(incomingDocuments)
      .set({ status: to, forwardedToUserId: leader.id, directionNote: options.note?.trim() || row.directionNote, version: row.version + 1, updatedAt: now })
      .where(eq(incomingDocuments.id, row.id))
      .returning()
      .get();
    audit(tx, ctx, now, { action: "incoming.forward", id: row.id, from: row.status, to, comment: options.note?.trim() || null, detail: { leaderUserId: leader.id } });
    return updated;
  });
}

/** The leader's direction (ý kiến chỉ đạo): back to the office for routing, or assigned directly. */
export function directIncomingDocument(ctx: ServiceContext, options: VersionedId & { note: string; assign?: RoutingDecision | null }): IncomingDocument {
  const note = options.note.trim();
  if (!note) throw new AppError(AppErrorCode.VALIDATION, "Nhập ý kiến chỉ đạo", { note: "Nhập ý kiến chỉ đạo" });
  const now = nowOf(ctx);
  const today = toVietnamDate(now);
  return writeTransaction(ctx.db, (tx) => {
    const row = findVisibleIncomingDocument(tx, ctx.actor, options.id);
    assertVersion(row, options.version);
    const to = decide(tx, ctx.actor, row, "direct", options.assign ? "in_progress" : "awaiting_routing");
    let deadline = row.handlingDeadline;
    if (options.assign) {
      validateDecision(tx, ctx.actor, options.assign);
      deadline = resolveDeadline(ctx, tx, options.assign, today);
      insertAssignments(tx, ctx, row.id, options.assign, deadline, now);
    }
    const updated = tx
      .update(incomingDocuments)
      .set({
        status: to,
        directionNote: note,
        handlingDeadline: deadline,
        ...(options.assign ? { routedAt: now, routedBy: auditActorOf(ctx).actorId } : {}),
        version: row.version + 1,
        updatedAt: now,
      })
      .where(eq(incomingDocuments.id, row.id))
      .returning()
      .get();
    audit(tx, ctx, now, { action: "incoming.direct", id: row.id, from: row.status, to, comment: note, detail: options.assign ? { main: options.assign.main, cooperating: options.assign.cooperating ?? [], info: options.assign.info ?? [], deadline } : undefined });
    return updated;
  });
}

function assertHandleable(row: IncomingDocument) {
  if (row.recalledAt) throw new AppError(AppErrorCode.INVALID_STATE, "Văn bản đã bị cơ quan gửi thu hồi, không thể xử lý tiếp");
  if (row.status !== "in_progress") throw new AppError(AppErrorCode.INVALID_STATE, "Văn bản không ở trạng thái đang xử lý");
}

/** A unit's lead (or any holder of the assignment) passes it on to a colleague of the same unit. */
export function delegateIncomingAssignment(ctx: ServiceContext, options: { documentId: number; userId: number; deadline?: string | null; note?: string | null }): void {
  const now = nowOf(ctx);
  writeTransaction(ctx.db, (tx) => {
    const row = findVisibleIncomingDocument(tx, ctx.actor, options.documentId);
    assertHandleable(row);
    const held = actorAssignments(tx, ctx.actor, row.id, row.isSecret).filter((a) => a.status === "pending" && a.kind !== "info");
    if (held.length === 0) throw new AppError(AppErrorCode.FORBIDDEN, "Bạn không được giao xử lý văn bản này");
    const target = tx.select({ id: users.id, unitId: users.unitId, organizationId: users.organizationId, isActive: users.isActive, fullName: users.fullName }).from(users).where(eq(users.id, options.userId)).get();
    if (!target || !target.isActive || target.organizationId !== ctx.actor.organizationId || target.unitId !== ctx.actor.unitId || target.id === ctx.actor.id || !handlerUserIds(tx, [target.id]).has(target.id)) {
      throw new AppError(AppErrorCode.VALIDATION, "Chọn chuyên viên của đơn vị", { userId: "Chọn chuyên viên của đơn vị" });
    }
    if (options.deadline && !isValidIsoDate(options.deadline)) throw new AppError(AppErrorCode.VALIDATION, "Hạn xử lý không hợp lệ", { deadline: "Hạn xử lý không hợp lệ" });
    const source = held.find((a) => a.kind === "main") ?? held[0];
    // A unit lead's deadline for the specialist cannot be later than the unit's own.
    const deadline = options.deadline && (!source.deadline || options.deadline <= source.deadline) ? options.deadline : source.deadline;
    tx.update(incomingAssignments).set({ status: "delegated", note: options.note?.trim() || null }).where(eq(incomingAssignments.id, source.id)).run();
    tx.insert(incomingAssignments)
      .values({ documentId: row.id, kind: source.kind, assigneeUserId: target.id, assigneeUnitId: null, deadline, parentAssignmentId: source.id, assignedBy: auditActorOf(ctx).actorId, assignedAt: now })
      .run();
    tx.update(incomingDocuments).set({ version: row.version + 1, updatedAt: now }).where(eq(incomingDocuments.id, row.id)).run();
    audit(tx, ctx, now, { action: "incoming.delegate", id: row.id, from: row.status, to: row.status, comment: options.note?.trim() || null, detail: { kind: source.kind, toUserId: target.id, toUserName: target.fullName, deadline } });
  });
}

/** Ý kiến xử lý: a comment on the document's trail, by anyone handling or overseeing it. */
export function commentOnIncomingDocument(ctx: ServiceContext, options: { id: number; comment: string }): void {
  const comment = options.comment.trim();
  if (!comment) throw new AppError(AppErrorCode.VALIDATION, "Nhập ý kiến", { comment: "Nhập ý kiến" });
  if (comment.length > 4000) throw new AppError(AppErrorCode.VALIDATION, "Ý kiến quá dài", { comment: "Tối đa 4.000 ký tự" });
  const now = nowOf(ctx);
  writeTransaction(ctx.db, (tx) => {
    const row = findVisibleIncomingDocument(tx, ctx.actor, options.id);
    if (row.recalledAt) throw new AppError(AppErrorCode.INVALID_STATE, "Văn bản đã bị cơ quan gửi thu hồi, không thể xử lý tiếp");
    audit(tx, ctx, now, { action: "incoming.comment", id: row.id, from: row.status, to: row.status, comment });
  });
}

/** A cooperating unit or person records their contribution (ý kiến phối hợp) and closes their part. */
export function recordIncomingContribution(ctx: ServiceContext, options: { id: number; note: string }): void {
  const note = options.note.trim();
  if (!note) throw new AppError(AppErrorCode.VALIDATION, "Nhập nội dung phối hợp", { note: "Nhập nội dung phối hợp" });
  const now = nowOf(ctx);
  writeTransaction(ctx.db, (tx) => {
    const row = findVisibleIncomingDocument(tx, ctx.actor, options.id);
    assertHandleable(row);
    const mine = actorAssignments(tx, ctx.actor, row.id, row.isSecret).find((a) => a.kind === "cooperate" && a.status === "pending");
    if (!mine) throw new AppError(AppErrorCode.FORBIDDEN, "Bạn không được giao phối hợp xử lý văn bản này");
    tx.update(incomingAssignments).set({ status: "done", note, doneAt: now }).where(eq(incomingAssignments.id, mine.id)).run();
    audit(tx, ctx, now, { action: "incoming.contribute", id: row.id, from: row.status, to: row.status, comment: note, detail: { assignmentId: mine.id } });
  });
}

/** A recipient for information marks the document read. */
export function markIncomingRead(ctx: ServiceContext, options: { id: number }): void {
  const now = nowOf(ctx);
  writeTransaction(ctx.db, (tx) => {
    const row = findVisibleIncomingDocument(tx, ctx.actor, options.id);
    const mine = actorAssignments(tx, ctx.actor, row.id, row.isSecret).filter((a) => a.kind === "info" && a.status === "pending");
    if (mine.length === 0) throw new AppError(AppErrorCode.INVALID_STATE, "Không có văn bản để biết cần đánh dấu đã đọc");
    tx.update(incomingAssignments).set({ status: "done", doneAt: now }).where(inArray(incomingAssignments.id, mine.map((a) => a.id))).run();
    audit(tx, ctx, now, { action: "incoming.read", id: row.id, from: row.status, to: row.status });
  });
}

/** The main handler closes the document with a result note (a reply outgoing document can be linked later). */
export function completeIncomingDocument(ctx: ServiceContext, options: VersionedId & { result: string }): IncomingDocument {
  const result = options.result.trim();
  if (!result) throw new AppError(AppErrorCode.VALIDATION, "Nhập kết quả xử lý", { result: "Nhập kết quả xử lý" });
  const now = nowOf(ctx);
  return writeTransaction(ctx.db, (tx) => {
    const row = findVisibleIncomingDocument(tx, ctx.actor, options.id);
    assertVersion(row, options.version);
    const to = decide(tx, ctx.actor, row, "complete");
    const main = actorAssignments(tx, ctx.actor, row.id, row.isSecret).find((a) => a.kind === "main" && a.status === "pending")!;
    tx.update(incomingAssignments).set({ status: "done", note: result, doneAt: now }).where(eq(incomingAssignments.id, main.id)).run();
    const updated = tx
      .update(incomingDocuments)
      .set({ status: to, resultNote: result, completedAt: now, completedBy: auditActorOf(ctx).actorId, version: row.version + 1, updatedAt: now })
      .where(eq(incomingDocuments.id, row.id))
      .returning()
      .get();
    const deadlineMissed = row.handlingDeadline ? toVietnamDate(now) > row.handlingDeadline : false;
    audit(tx, ctx, now, { action: "incoming.complete", id: row.id, from: row.status, to, comment: result, detail: { deadline: row.handlingDeadline, late: deadlineMissed } });
    return updated;
  });
}

