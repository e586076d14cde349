// Outgoing documents (văn bản đi): drafting, review chain, the leader's signature, numbering, the
// organisation's seal signature, issue, internal delivery (liên thông) and recall. Decree 30/2020
// Art. 10–18 and Phụ lục IV; DESIGN.md §4–§6. The state machine is app/domain/outgoing/workflow.ts.
import { joinListItems } from "#app/domain/shared/text";
import { and, asc, desc, eq, gte, inArray, lte, ne, or, sql, type SQL } from "drizzle-orm";
import { PDFDocument } from "pdf-lib";
import { writeTransaction, type Db, type DbOrTx, type Tx } from "#db/client";
import {
  incomingDocuments,
  organizations,
  outgoingAttachments,
  outgoingDocuments,
  outgoingRecipients,
  outgoingRegisterEntries,
  outgoingRevisions,
  registerBooks,
  rolePermissions,
  userRoles,
  users,
  type OutgoingDocument,
} from "#db/schema/index";
import type { Actor } from "#app/platform/auth/actor";
import { DOCUMENT_TYPES, findDocumentTypeByCode, type DocumentType } from "#app/domain/shared/document-types";
import { formatDateLine, formatDateVi, toVietnamDate } from "#app/domain/shared/dates";
import { formatNumberSymbol, nextNumber, printedSignerTitle, selectRegisterBook } from "#app/domain/outgoing/numbering";
import {
  availableActions,
  CONFIDENTIALITY_LABELS,
  decideTransition,
  isSecretConfidentiality,
  OUTGOING_QUEUES,
  SECRET_NO_CONTENT_MESSAGE,
  SIGNING_METHOD_LABELS,
  REGISTER_COLUMNS,
  URGENCY_LABELS,
  type Confidentiality,
  type OutgoingQueue,
  type Urgency,
  OUTGOING_STATUS_LABELS,
  type OutgoingAction,
  type OutgoingStatus,
} from "#app/domain/outgoing/workflow";
import { appendAuditEvent, listEntityTrail, type TrailEntry } from "#app/platform/audit.server";
import { auditActorOf, nowOf, type ServiceContext } from "#app/platform/context.server";
import { bodyTooLongMessage, COMPOSE_LIMITS, type ComposeDocumentInput, type ComposedDocument } from "#documents/composer/index";
import { checkPdfUpload, checkUploadedFile } from "#app/platform/files/upload-content.server";
import { runUntrusted, UntrustedTaskError } from "#app/platform/untrusted/pool.server";
import {
  applyAttachmentSignature,
  applyLeaderSignature,
  applyOrganizationSignature,
  openCertificate,
  verifySignatures,
  type SignatureReport,
} from "#app/platform/signing/document-signing.server";
import { getFileRow, insertFileRow, readStoredFile, writeBlob } from "#app/platform/files/files.server";
import { deliverToIncomingQueue, listDeliveryStatuses, markDeliveredDocumentsRecalled, type DeliveryStatus } from "#app/features/incoming/delivery.server";
import { loadOrganizationSigningMaterial, loadUserSigningMaterial } from "#app/platform/signing/credentials.server";
import { enqueueEdxmlDelivery, enqueueEdxmlRecall, prepareEdxmlIssuePackets } from "#app/features/exchange/outbox.server";
import { AppError, AppErrorCode } from "#app/utils/errors";

export const OUTGOING_ENTITY = "outgoing_document";
export type SigningAuthority = "TM." | "KT." | "TL." | "TUQ.";
export { OUTGOING_STATUS_LABELS };
export type { Confidentiality, OutgoingQueue, Urgency };

const MAX_PDF_BYTES = 50 * 1024 * 1024;
/** Bounded retries when another clerk took the proposed number while we were signing. */
const ISSUE_MAX_ATTEMPTS = 5;

// ---------------------------------------------------------------------------------------------
// Visibility (house style rule 7): one helper, reused by every query.

const SEE_ALL = ["view:outgoing:all", "review:outgoing:office", "sign:outgoing", "issue:outgoing", "recall:outgoing"];

/**
 * The drizzle `where` of the documents the actor may see, always within their own organisation:
 * - ordinary documents: own drafts, the own unit's drafts for its department lead, everything for a
 *   role that sees all (SEE_ALL);
 * - secret documents (Mật and above) only for those who need them: the drafter, the intended signer,
 *   the leaders (sign:outgoing), the department lead of the drafting unit, the office reviewers once
 *   the draft has reached them (or when they returned it), and the clerks (issue:outgoing) once it is
 *   approved for issue. view:outgoing:all or recall:outgoing alone do not open them.
 */
export function outgoingDocumentsVisibleTo(actor: Actor): SQL {
  const d = outgoingDocuments;
  const has = (p: string) => actor.permissions.includes(p);
  const isNormal = eq(d.confidentiality, "normal");
  const isSecret = ne(d.confidentiality, "normal");
  const clauses: SQL[] = [eq(d.createdBy, actor.id), eq(d.signerId, actor.id)];
  if (actor.permissions.some((p) => SEE_ALL.includes(p))) clauses.push(isNormal);
  if (has("review:outgoing:dept")) clauses.push(eq(d.draftingUnitId, actor.unitId));
  if (has("sign:outgoing")) clauses.push(isSecret);
  if (has("review:outgoing:office")) {
    clauses.push(
      and(
        isSecret,
        or(
          inArray(d.status, ["office_review", "leader_review", "signed", "issued", "recalled"]),
          sql`exists (select 1 from outgoing_revisions r where r.document_id = ${d.id} and r.returned_by = ${actor.id})`,
        ),
      )!,
    );
  }
  if (has("issue:outgoing")) clauses.push(and(isSecret, inArray(d.status, ["signed", "issued", "recalled"]))!);
  return and(eq(d.organizationId, actor.organizationId), or(...clauses))!;
}

function loadVisible(db: DbOrTx, actor: Actor, documentId: number): OutgoingDocument {
  const doc = db
    .select()
    .from(outgoingDocuments)
    .where(and(eq(outgoingDocuments.id, documentId), outgoingDocumentsVisibleTo(actor)))
    .get();
  if (!doc) throw new AppError(AppErrorCode.NOT_FOUND, "Không tìm thấy văn bản");
  return doc;
}

function decide(doc: OutgoingDocument, action: OutgoingAction, actor: Actor, db?: DbOrTx): OutgoingStatus {
  const facts = action === "submit" && db ? { ...doc, unitHasNoDeptReviewer: !unitHasDeptReviewer(db, doc.draftingUnitId) } : doc;
  const decision = decideTransition(facts, action, actor);
  if (!decision.ok) throw new AppError(decision.code === "INVALID_STATE" ? AppErrorCode.INVALID_STATE : AppErrorCode.FORBIDDEN, decision.message);
  return decision.to;
}

// ---------------------------------------------------------------------------------------------
// Drafting

export type RecipientInput = { organizationId: number } | { name: string; address?: string | null };

export type OutgoingDraftInput = {
  docTypeCode: string;
  summary: string;
  signerId: number;
  signingAuthority: SigningAuthority | null;
  authorityLine?: string | null;
  /** Printed title under the authority line ("CHỦ TỊCH"); default from the signer's job title. */
  signerTitle?: string | null;
  urgency: Urgency;
  confidentiality: Confidentiality;
  internalRecipientIds: number[];
  externalRecipients: Array<{ name: string; address?: string | null }>;
  /** "Nơi nhận" lines; default: the recipients' names. */
  distributionList?: string[];
  archiveLine?: string | null;
  /** Composed from the Decree 30 template, or an uploaded PDF; secret documents are always "paper" (metadata only). */
  source: "composed" | "uploaded" | "paper";
  body?: string;
  recipientsHeading?: string[];
  uploadedPdf?: { bytes: Uint8Array; name: string } | null;
  attachments?: Array<{ bytes: Uint8Array; name: string; type: string }>;
  replacesDocumentId?: number | null;
};

type PreparedDraft = {
  docType: DocumentType;
  signer: { id: number; fullName: string; title: string | null };
  signerTitle: string;
  recipients: Array<{ kind: "internal" | "external"; recipientOrganizationId: number | null; name: string; identifier: string | null; address: string | null }>;
  distributionList: string[];
  archiveLine: string;
  pdf: { bytes: Uint8Array; pageCount: number; signatureBlock: { page: number; rect: [number, number, number, number] } | null } | null;
  composeInput: string | null;
  /** The attachments' MIME types as judged from their bytes (never the browser's). */
  attachmentTypes: string[];
};

export function listDocumentTypes(): DocumentType[] {
  return DOCUMENT_TYPES;
}

/** Leaders of the organisation who may sign outgoing documents (the intended-signer choices). */
export function listSignerCandidates(db: DbOrTx, organizationId: number): Array<{ id: number; fullName: string; title: string | null }> {
  return db
    .selectDistinct({ id: users.id, fullName: users.fullName, title: users.title })
    .from(users)
    .innerJoin(userRoles, eq(userRoles.userId, users.id))
    .innerJoin(rolePermissions, eq(rolePermissions.roleKey, userRoles.roleKey))
    .where(and(eq(users.organizationId, organizationId), eq(users.isActive, true), eq(rolePermissions.permissionKey, "sign:outgoing")))
    .orderBy(asc(users.fullName))
    .all();
}

/** Issuing organisations of the directory a document can be delivered to (liên thông), except the sender. */
export function listRecipientOrganizations(db: DbOrTx, senderOrganizationId: number): Array<{ id: number; name: string; identifier: string | null }> {
  return db
    .select({ id: organizations.id, name: organizations.name, identifier: organizations.identifier })
    .from(organizations)
    .where(and(ne(organizations.kind, "unit"), eq(organizations.isActive, true), ne(organizations.id, senderOrganizationId)))
    .orderBy(asc(organizations.id))
    .all();
}

function organizationOf(db: DbOrTx, id: number) {
  const org = db.select().from(organizations).where(eq(organizations.id, id)).get();
  if (!org) throw new AppError(AppErrorCode.NOT_FOUND, "Không tìm thấy cơ quan");
  return org;
}

async function countPdfPages(bytes: Uint8Array): Promise<number> {
  if (bytes.byteLength > MAX_PDF_BYTES) throw new AppError(AppErrorCode.VALIDATION, "Tệp PDF quá lớn", { mainPdf: "Tệp PDF quá lớn" });
  const head = Buffer.from(bytes.subarray(0, 1024)).toString("latin1");
  if (!head.includes("%PDF-")) throw new AppError(AppErrorCode.VALIDATION, "Tệp văn bản phải là PDF", { mainPdf: "Tệp văn bản phải là PDF" });
  // Opened first in the untrusted-file pool (structure, encryption, page tree, page count), so that
  // pdf-lib below never sees a bomb on the request thread.
  await checkPdfUpload(bytes, "mainPdf");
  try {
    const doc = await PDFDocument.load(bytes, { updateMetadata: false });
    return doc.getPageCount();
  } catch (error) {
    const message = /encrypt/i.test(String(error)) ? "Tệp PDF đã được mã hóa, không thể ký số" : "Tệp PDF bị hỏng hoặc không đọc được";
    throw new AppError(AppErrorCode.VALIDATION, message, { mainPdf: message });
  }
}

/** Validates the draft against the directory and builds the main PDF (outside any transaction: async). */
async function prepareDraft(ctx: ServiceContext, input: OutgoingDraftInput, draftingUnitId: number, keepExistingPdf = false): Promise<PreparedDraft> {
  const fieldErrors: Record<string, string> = {};
  const docType = findDocumentTypeByCode(input.docTypeCode);
  if (!docType) fieldErrors.docTypeCode = "Chọn loại văn bản";
  if (!input.summary.trim()) fieldErrors.summary = "Nhập trích yếu";
  const signer = listSignerCandidates(ctx.db, ctx.actor.organizationId).find((s) => s.id === input.signerId);
  if (!signer) fieldErrors.signerId = "Chọn người ký (lãnh đạo của cơ quan)";
  const allowed = new Map(listRecipientOrganizations(ctx.db, ctx.actor.organizationId).map((o) => [o.id, o]));
  const internal = [...new Set(input.internalRecipientIds)];
  if (internal.some((id) => !allowed.has(id))) fieldErrors.internalRecipientIds = "Nơi nhận không hợp lệ";
  // Secret documents are not sent through the electronic exchange (QĐ 28/2018/QĐ-TTg excludes state secrets).
  if (input.confidentiality !== "normal" && internal.length) fieldErrors.internalRecipientIds = "Văn bản mật không được gửi liên thông điện tử; ghi nơi nhận ngoài hệ thống (gửi bản giấy).";
  const external = input.externalRecipients.map((r) => ({ name: r.name.trim(), address: r.address?.trim() || null })).filter((r) => r.name);
  // Secret documents: register metadata only — no composed body, no PDF, no attachments (DESIGN.md §4).
  const secret = isSecretConfidentiality(input.confidentiality);
  let contentRefused = false;
  if (secret) {
    if (input.uploadedPdf) fieldErrors.mainPdf = SECRET_NO_CONTENT_MESSAGE;
    if (input.attachments?.length) fieldErrors.attachments = SECRET_NO_CONTENT_MESSAGE;
    if (input.body?.trim()) fieldErrors.body = SECRET_NO_CONTENT_MESSAGE;
    contentRefused = !!(fieldErrors.mainPdf || fieldErrors.attachments || fieldErrors.body);
  } else {
    if (input.source !== "composed" && input.source !== "uploaded") fieldErrors.source = "Chọn cách tạo văn bản";
    if (input.source === "composed" && !input.body?.trim()) fieldErrors.body = "Nhập nội dung văn bản";
    if (input.source === "uploaded" && !input.uploadedPdf && !keepExistingPdf) fieldErrors.mainPdf = "Chọn tệp PDF của văn bản";
  }
  if (Object.keys(fieldErrors).length) throw new AppError(AppErrorCode.VALIDATION, contentRefused ? SECRET_NO_CONTENT_MESSAGE : "Vui lòng kiểm tra các trường được đánh dấu", fieldErrors);

  const org = organizationOf(ctx.db, ctx.actor.organizationId);
  const unit = organizationOf(ctx.db, draftingUnitId);
  const recipients: PreparedDraft["recipients"] = [
    ...internal.map((id) => ({ kind: "internal" as const, recipientOrganizationId: id, name: allowed.get(id)!.name, identifier: allowed.get(id)!.identifier, address: null })),
    ...external.map((r) => ({ kind: "external" as const, recipientOrganizationId: null, name: r.name, identifier: null, address: r.address })),
  ];
  const distributionList = (input.distributionList?.map((l) => l.trim()).filter(Boolean) ?? []).length
    ? input.distributionList!.map((l) => l.replace(/^[-–]\s*/, "").trim()).filter(Boolean)
    : recipients.map((r) => r.name);
  const archiveLine = input.archiveLine?.trim() || `Lưu: VT, ${unit.id === org.id ? "VP" : unit.abbreviation}.`;
  const signerTitle = input.signerTitle?.trim() || printedSignerTitle(signer!.title) || "CHỦ TỊCH";

  let pdf: PreparedDraft["pdf"] = null;
  let composeInput: string | null = null;
  if (secret) {
    // Metadata only: nothing is composed or stored.
  } else if (keepExistingPdf) {
    // An uploaded draft revised without a new file keeps its PDF.
  } else if (input.source === "composed") {
    const compose: ComposeDocumentInput = {
      docType: { code: docType!.code, name: docType!.name, abbreviation: docType!.abbreviation },
      parentOrganizationName: org.parentHeading,
      // "Ủy ban nhân dân tỉnh Cà Mau" → two header lines: "ỦY BAN NHÂN DÂN" / "TỈNH CÀ MAU".
      organizationName: org.name.replace(/^(Ủy ban nhân dân)\s+/i, "$1\n"),
      placeName: org.placeName ?? org.name,
      summary: input.summary.trim(),
      recipientsHeading: input.recipientsHeading?.filter((l) => l.trim()),
      body: input.body!.trim(),
      signingAuthority: input.signingAuthority,
      authorityLine: input.authorityLine?.trim() || (input.signingAuthority === "TM." ? "ỦY BAN NHÂN DÂN" : input.signingAuthority === "KT." ? "CHỦ TỊCH" : undefined),
      signerTitle,
      signerName: signer!.fullName,
      recipients: distributionList,
      archiveLine,
      urgency: input.urgency,
    };
    const composed = await composeInPool(compose);
    pdf = { bytes: composed.pdf, pageCount: composed.pageCount, signatureBlock: composed.signatureBlock };
    composeInput = JSON.stringify({ body: compose.body, recipientsHeading: compose.recipientsHeading ?? [], authorityLine: compose.authorityLine ?? null });
  } else if (input.uploadedPdf) {
    pdf = { bytes: input.uploadedPdf.bytes, pageCount: await countPdfPages(input.uploadedPdf.bytes), signatureBlock: null };
  }
  const attachmentTypes: string[] = [];
  for (const a of secret ? [] : input.attachments ?? []) {
    attachmentTypes.push((await checkUploadedFile(a.bytes, { fileName: a.name, field: "attachments", accept: ATTACHMENT_KINDS })).mimeType);
  }
  return { docType: docType!, signer: signer!, signerTitle, recipients, distributionList, archiveLine, pdf, composeInput, attachmentTypes };
}

/** Attachments (phụ lục, tài liệu kèm theo): documents and images, checked by content. */
const ATTACHMENT_KINDS = ["pdf", "docx", "xlsx", "png", "jpeg", "text"] as const;

/** Composition runs in the untrusted-file pool: user text decides its size (COMPOSE_LIMITS). */
async function composeInPool(input: ComposeDocumentInput): Promise<ComposedDocument> {
  if (input.body.length > COMPOSE_LIMITS.maxBodyChars) {
    const message = bodyTooLongMessage();
    throw new AppError(AppErrorCode.VALIDATION, message, { body: message });
  }
  try {
    return await runUntrusted<ComposedDocument>("compose", input, { timeoutMs: COMPOSE_LIMITS.timeoutMs, maxMemoryMb: COMPOSE_LIMITS.maxMemoryMb });
  } catch (error) {
    if (error instanceof UntrustedTaskError) {
      if (error.code === "BUSY") throw new AppError(AppErrorCode.RATE_LIMITED, error.message);
      if (error.code === "TASK" && error.remoteName !== "ComposeLimitError") throw new Error(`composition failed: ${error.message}`);
      throw new AppError(AppErrorCode.VALIDATION, error.message, { body: error.message });
    }
    throw error;
  }
}

/** The metadata snapshot kept with every revision (what the compare view diffs). */
function snapshotOf(doc: Pick<OutgoingDocument, "docTypeCode" | "summary" | "signerId" | "signingAuthority" | "signerTitle" | "urgency" | "confidentiality" | "distributionList" | "archiveLine" | "composeInput">, recipients: Array<{ name: string }>, signerName: string) {
  const compose = doc.composeInput ? (JSON.parse(doc.composeInput) as { body?: string; recipientsHeading?: string[] }) : {};
  return {
    docType: findDocumentTypeByCode(doc.docTypeCode)?.name ?? doc.docTypeCode,
    summary: doc.summary,
    signer: signerName,
    signingAuthority: doc.signingAuthority ?? "",
    signerTitle: doc.signerTitle,
    urgency: URGENCY_LABELS[doc.urgency],
    confidentiality: CONFIDENTIALITY_LABELS[doc.confidentiality],
    recipients: joinListItems(recipients.map((r) => r.name)),
    distributionList: joinListItems(JSON.parse(doc.distributionList) as string[]),
    archiveLine: doc.archiveLine ?? "",
    recipientsHeading: (compose.recipientsHeading ?? []).join("; "),
    body: compose.body ?? "",
  };
}
export type RevisionSnapshot = ReturnType<typeof snapshotOf>;

export const SNAPSHOT_LABELS: Record<keyof RevisionSnapshot, string> = {
  docType: "Loại văn bản",
  summary: "Trích yếu",
  signer: "Người ký",
  signingAuthority: "Thẩm quyền ký",
  signerTitle: "Chức vụ người ký",
  urgency: "Độ khẩn",
  confidentiality: "Độ mật",
  recipients: "Nơi nhận (gửi)",
  distributionList: "Nơi nhận (in trên văn bản)",
  archiveLine: "Lưu",
  recipientsHeading: "Kính gửi",
  body: "Nội dung",
};

function writeDraftFiles(ctx: ServiceContext, prepared: PreparedDraft, attachments: OutgoingDraftInput["attachments"], uploadedName?: string) {
  return {
    main: prepared.pdf ? { blob: writeBlob(ctx.dataDir, prepared.pdf.bytes), name: uploadedName ?? "du-thao.pdf" } : null,
    attachments: (attachments ?? []).map((a, i) => ({ blob: writeBlob(ctx.dataDir, a.bytes), name: a.name, type: prepared.attachmentTypes[i] ?? "application/octet-stream" })),
  };
}

/** Creates a draft (status draft, revision 1). The drafting unit is the actor's unit. */
export async function createOutgoingDraft(ctx: ServiceContext, input: OutgoingDraftInput): Promise<{ id: number }> {
  if (!ctx.actor.permissions.includes("draft:outgoing")) throw new AppError(AppErrorCode.FORBIDDEN, "Bạn không có quyền soạn thảo văn bản đi");
  const prepared = await prepareDraft(ctx, input, ctx.actor.unitId);
  const written = writeDraftFiles(ctx, prepared, input.attachments, input.uploadedPdf?.name);
  const now = nowOf(ctx);
  return writeTransaction(ctx.db, (tx) => {
    if (input.replacesDocumentId) {
      const replaced = tx
        .select()
        .from(outgoingDocuments)
        .where(and(eq(outgoingDocuments.id, input.replacesDocumentId), eq(outgoingDocuments.organizationId, ctx.actor.organizationId)))
        .get();
      if (!replaced) throw new AppError(AppErrorCode.NOT_FOUND, "Không tìm thấy văn bản được thay thế");
      if (replaced.status !== "issued" && replaced.status !== "recalled") throw new AppError(AppErrorCode.INVALID_STATE, "Chỉ thay thế được văn bản đã phát hành");
    }
    const mainFile = written.main ? insertFileRow(tx, { blob: written.main.blob, mimeType: "application/pdf", originalName: written.main.name, createdBy: ctx.actor.id, at: now }) : null;
    const doc = tx
      .insert(outgoingDocuments)
      .values({
        organizationId: ctx.actor.organizationId,
        draftingUnitId: ctx.actor.unitId,
        createdBy: ctx.actor.id,
        docTypeCode: prepared.docType.code,
        summary: input.summary.trim(),
        signerId: prepared.signer.id,
        signingAuthority: input.signingAuthority,
        authorityLine: input.authorityLine?.trim() || null,
        signerTitle: prepared.signerTitle,
        urgency: input.urgency,
        confidentiality: input.confidentiality,
        status: "draft",
        source: isSecretConfidentiality(input.confidentiality) ? "paper" : input.source,
        composeInput: prepared.composeInput,
        distributionList: JSON.stringify(prepared.distributionList),
        archiveLine: prepared.archiveLine,
        fileId: mainFile?.id ?? null,
        draftFileId: mainFile?.id ?? null,
        pageCount: prepared.pdf?.pageCount ?? null,
        signatureBlock: prepared.pdf?.signatureBlock ? JSON.stringify(prepared.pdf.signatureBlock) : null,
        revision: 1,
        replacesDocumentId: input.replacesDocumentId ?? null,
        createdAt: now,
        updatedAt: now,
      })
      .returning()
      .get();
    for (const r of prepared.recipients) tx.insert(outgoingRecipients).values({ documentId: doc.id, ...r }).run();
    for (const a of written.attachments) {
      const file = insertFileRow(tx, { blob: a.blob, mimeType: a.type, originalName: a.name, createdBy: ctx.actor.id, at: now });
      tx.insert(outgoingAttachments).values({ documentId: doc.id, fileId: file.id, name: a.name, createdAt: now }).run();
    }
    tx.insert(outgoingRevisions)
      .values({ documentId: doc.id, revision: 1, metadata: JSON.stringify(snapshotOf(doc, prepared.recipients, prepared.signer.fullName)), fileId: mainFile?.id ?? null, createdBy: ctx.actor.id, createdAt: now })
      .run();
    appendAuditEvent(tx, {
      at: now,
      ...auditActorOf(ctx),
      action: "outgoing.create",
      entityType: OUTGOING_ENTITY,
      entityId: doc.id,
      toState: "draft",
      detail: { docType: prepared.docType.code, source: isSecretConfidentiality(input.confidentiality) ? "paper" : input.source, confidentiality: input.confidentiality, replaces: input.replacesDocumentId ?? null },
    });
    return { id: doc.id };
  });
}

/** Revises a draft (after a return, or before submitting): a new revision with its snapshot and file. */
export async function updateOutgoingDraft(ctx: ServiceContext, input: OutgoingDraftInput & { documentId: number; version: number }): Promise<{ revision: number }> {
  const current = loadVisible(ctx.db, ctx.actor, input.documentId);
  decide(current, "edit", ctx.actor);
  const secret = isSecretConfidentiality(input.confidentiality);
  if (secret) assertNoStoredContent(ctx.db, current);
  const keepFile = !secret && input.source === "uploaded" && !input.uploadedPdf && current.source === "uploaded";
  const prepared = await prepareDraft(ctx, input, current.draftingUnitId, keepFile);
  const written = writeDraftFiles(ctx, prepared, input.attachments, input.uploadedPdf?.name);
  const now = nowOf(ctx);
  return writeTransaction(ctx.db, (tx) => {
    const doc = loadVisible(tx, ctx.actor, input.documentId);
    decide(doc, "edit", ctx.actor);
    if (doc.version !== input.version) throw new AppError(AppErrorCode.CONFLICT, "Văn bản vừa được người khác thay đổi, vui lòng tải lại trang.");
    if (secret) assertNoStoredContent(tx, doc);
    const mainFile = written.main ? insertFileRow(tx, { blob: written.main.blob, mimeType: "application/pdf", originalName: written.main.name, createdBy: ctx.actor.id, at: now }) : null;
    const revision = doc.revision + 1;
    const updated = tx
      .update(outgoingDocuments)
      .set({
        docTypeCode: prepared.docType.code,
        summary: input.summary.trim(),
        signerId: prepared.signer.id,
        signingAuthority: input.signingAuthority,
        authorityLine: input.authorityLine?.trim() || null,
        signerTitle: prepared.signerTitle,
        urgency: input.urgency,
        confidentiality: input.confidentiality,
        source: secret ? "paper" : keepFile ? doc.source : input.source,
        composeInput: keepFile ? doc.composeInput : prepared.composeInput,
        distributionList: JSON.stringify(prepared.distributionList),
        archiveLine: prepared.archiveLine,
        fileId: mainFile?.id ?? doc.fileId,
        draftFileId: mainFile?.id ?? doc.draftFileId,
        pageCount: prepared.pdf?.pageCount ?? doc.pageCount,
        signatureBlock: prepared.pdf ? (prepared.pdf.signatureBlock ? JSON.stringify(prepared.pdf.signatureBlock) : null) : doc.signatureBlock,
        revision,
        version: doc.version + 1,
        updatedAt: now,
      })
      .where(eq(outgoingDocuments.id, doc.id))
      .returning()
      .get();
    tx.delete(outgoingRecipients).where(eq(outgoingRecipients.documentId, doc.id)).run();
    for (const r of prepared.recipients) tx.insert(outgoingRecipients).values({ documentId: doc.id, ...r }).run();
    for (const a of written.attachments) {
      const file = insertFileRow(tx, { blob: a.blob, mimeType: a.type, originalName: a.name, createdBy: ctx.actor.id, at: now });
      tx.insert(outgoingAttachments).values({ documentId: doc.id, fileId: file.id, name: a.name, createdAt: now }).run();
    }
    tx.insert(outgoingRevisions)
      .values({ documentId: doc.id, revision, metadata: JSON.stringify(snapshotOf(updated, prepared.recipients, prepared.signer.fullName)), fileId: updated.fileId, createdBy: ctx.actor.id, createdAt: now })
      .run();
    appendAuditEvent(tx, {
      at: now,
      ...auditActorOf(ctx),
      action: "outgoing.revise",
      entityType: OUTGOING_ENTITY,
      entityId: doc.id,
      fromState: "draft",
      toState: "draft",
      detail: { revision, ...(doc.confidentiality !== input.confidentiality ? { confidentiality: { from: doc.confidentiality, to: input.confidentiality } } : {}) },
    });
    return { revision };
  });
}

/**
 * A draft becomes (or stays) secret only if it never stored content: switching a draft that already
 * has a PDF or attachments to Mật is refused (dropping them silently would still leave the earlier
 * revisions' files on the system).
 */
function assertNoStoredContent(db: DbOrTx, doc: OutgoingDocument): void {
  const hasAttachment = !!db.select({ id: outgoingAttachments.id }).from(outgoingAttachments).where(eq(outgoingAttachments.documentId, doc.id)).limit(1).get();
  const hasRevisionFile = !!db
    .select({ id: outgoingRevisions.id })
    .from(outgoingRevisions)
    .where(and(eq(outgoingRevisions.documentId, doc.id), sql`${outgoingRevisions.fileId} is not null`))
    .limit(1)
    .get();
  if (doc.fileId || doc.draftFileId || hasAttachment || hasRevisionFile) {
    const message = "Dự thảo đã có tệp nội dung trên hệ thống nên không thể chuyển thành văn bản mật; hãy lập dự thảo mới chỉ gồm thông tin quản lý.";
    throw new AppError(AppErrorCode.VALIDATION, message, { confidentiality: message });
  }
}

// ---------------------------------------------------------------------------------------------
// Review chain

function transition(
  ctx: ServiceContext,
  options: { documentId: number; action: OutgoingAction; comment?: string | null; version?: number },
  extra?: (tx: Tx, doc: OutgoingDocument, now: Date) => Partial<typeof outgoingDocuments.$inferInsert>,
): { status: OutgoingStatus } {
  const now = nowOf(ctx);
  return writeTransaction(ctx.db, (tx) => {
    const doc = loadVisible(tx, ctx.actor, options.documentId);
    const to = decide(doc, options.action, ctx.actor, tx);
    if (options.version != null && doc.version !== options.version) throw new AppError(AppErrorCode.CONFLICT, "Văn bản vừa được người khác xử lý, vui lòng tải lại trang.");
    const set = { status: to, version: doc.version + 1, updatedAt: now, lastComment: options.comment ?? doc.lastComment, ...(extra?.(tx, doc, now) ?? {}) };
    tx.update(outgoingDocuments).set(set).where(eq(outgoingDocuments.id, doc.id)).run();
    appendAuditEvent(tx, {
      at: now,
      ...auditActorOf(ctx),
      action: `outgoing.${options.action}`,
      entityType: OUTGOING_ENTITY,
      entityId: doc.id,
      fromState: doc.status,
      toState: to,
      comment: options.comment ?? null,
      detail: { revision: doc.revision },
    });
    return { status: to };
  });
}

/** Does anyone active in the unit review drafts for content (review:outgoing:dept)? */
function unitHasDeptReviewer(db: DbOrTx, unitId: number): boolean {
  return !!db
    .select({ id: users.id })
    .from(users)
    .innerJoin(userRoles, eq(userRoles.userId, users.id))
    .innerJoin(rolePermissions, eq(rolePermissions.roleKey, userRoles.roleKey))
    .where(and(eq(users.unitId, unitId), eq(users.isActive, true), eq(rolePermissions.permissionKey, "review:outgoing:dept")))
    .limit(1)
    .get();
}

export function submitOutgoingDocument(ctx: ServiceContext, options: { documentId: number; comment?: string | null; version?: number }) {
  return transition(ctx, { ...options, action: "submit" }, (tx, doc) => {
    if (isSecretConfidentiality(doc.confidentiality)) {
      if (doc.fileId) throw new AppError(AppErrorCode.INVALID_STATE, SECRET_NO_CONTENT_MESSAGE);
    } else if (!doc.fileId) throw new AppError(AppErrorCode.VALIDATION, "Dự thảo chưa có tệp văn bản (PDF)");
    return { lastComment: null };
  });
}

/** Department lead: content approved. Office lead: format (thể thức) checked, initial (ký nháy) recorded. */
export function approveOutgoingDocument(ctx: ServiceContext, options: { documentId: number; comment?: string | null; version?: number }) {
  return transition(ctx, { ...options, action: "approve" }, (_tx, doc, now) =>
    doc.status === "office_review" ? { officeInitialBy: ctx.actor.id, officeInitialAt: now } : {},
  );
}

/** Any reviewer (or the intended signer) sends the draft back with a comment, kept on the revision. */
export function returnOutgoingDocument(ctx: ServiceContext, options: { documentId: number; comment: string; version?: number }) {
  const comment = options.comment?.trim();
  if (!comment) throw new AppError(AppErrorCode.VALIDATION, "Nhập ý kiến khi trả lại dự thảo", { comment: "Nhập ý kiến khi trả lại dự thảo" });
  return transition(ctx, { ...options, comment, action: "return" }, (tx, doc, now) => {
    tx.update(outgoingRevisions)
      .set({ returnComment: comment, returnedBy: ctx.actor.id, returnedAt: now })
      .where(and(eq(outgoingRevisions.documentId, doc.id), eq(outgoingRevisions.revision, doc.revision)))
      .run();
    return { officeInitialBy: null, officeInitialAt: null };
  });
}

// ---------------------------------------------------------------------------------------------
// The leader's signature

function readFileBytes(ctx: ServiceContext, fileId: number): Uint8Array {
  const row = getFileRow(ctx.db, fileId);
  if (!row) throw new AppError(AppErrorCode.NOT_FOUND, "Không tìm thấy tệp");
  return new Uint8Array(readStoredFile(ctx.dataDir, row));
}

/**
 * The intended signer signs with their PKCS#12 (passphrase typed now, never stored). The signed
 * revision is a new file; the transaction re-checks that nobody changed the document meanwhile.
 */
export async function signOutgoingDocument(ctx: ServiceContext, options: { documentId: number; passphrase: string }): Promise<{ fileId: number }> {
  const doc = loadVisible(ctx.db, ctx.actor, options.documentId);
  decide(doc, "sign", ctx.actor);
  if (!doc.fileId) throw new AppError(AppErrorCode.INVALID_STATE, "Văn bản chưa có tệp PDF");
  if (!options.passphrase) throw new AppError(AppErrorCode.VALIDATION, "Nhập mật khẩu chứng thư số", { passphrase: "Nhập mật khẩu chứng thư số" });
  const material = loadUserSigningMaterial(ctx, ctx.actor.id);
  if (!material.p12) throw new AppError(AppErrorCode.VALIDATION, "Bạn chưa tải lên chứng thư số (Tài khoản → Chữ ký số).");
  const now = nowOf(ctx);
  const signer = openCertificate(material.p12, options.passphrase, now);
  const base = readFileBytes(ctx, doc.fileId);
  const signed = await applyLeaderSignature(base, {
    signer,
    signerName: ctx.actor.fullName,
    signerTitle: doc.signerTitle,
    signatureImagePng: material.signatureImage,
    signingTime: now,
    placement: doc.signatureBlock ? (JSON.parse(doc.signatureBlock) as { page: number; rect: [number, number, number, number] }) : null,
  });
  const blob = writeBlob(ctx.dataDir, signed);
  return writeTransaction(ctx.db, (tx) => {
    const fresh = loadVisible(tx, ctx.actor, doc.id);
    decide(fresh, "sign", ctx.actor);
    if (fresh.fileId !== doc.fileId || fresh.version !== doc.version) throw new AppError(AppErrorCode.CONFLICT, "Văn bản vừa được người khác xử lý, vui lòng tải lại trang.");
    const file = insertFileRow(tx, { blob, mimeType: "application/pdf", originalName: "van-ban-da-ky.pdf", createdBy: ctx.actor.id, at: now });
    tx.update(outgoingDocuments)
      .set({
        status: "signed",
        fileId: file.id,
        leaderSignedFileId: file.id,
        signedBy: ctx.actor.id,
        signedAt: now,
        signingMethod: "digital",
        leaderCertificateName: signer.commonName,
        version: fresh.version + 1,
        updatedAt: now,
      })
      .where(eq(outgoingDocuments.id, doc.id))
      .run();
    appendAuditEvent(tx, {
      at: now,
      ...auditActorOf(ctx),
      action: "outgoing.sign",
      entityType: OUTGOING_ENTITY,
      entityId: doc.id,
      fromState: "leader_review",
      toState: "signed",
      detail: { sha256: blob.sha256, certificate: signer.commonName },
    });
    return { fileId: file.id };
  });
}

/**
 * Secret documents: the intended signer records "Duyệt ký (bản giấy)" — the paper original is signed
 * by hand outside the system. Same permission and assignee rules as the digital signature (the state
 * machine decides); no passphrase, no PDF. The status becomes `signed` (signing_method "paper"), so
 * the clerk's `Chờ cấp số` queue is unchanged.
 */
export function approveOutgoingOnPaper(ctx: ServiceContext, options: { documentId: number; comment?: string | null; version?: number }) {
  return transition(ctx, { ...options, action: "approve_paper" }, (_tx, doc, now) => {
    if (doc.fileId) throw new AppError(AppErrorCode.INVALID_STATE, SECRET_NO_CONTENT_MESSAGE);
    return { signedBy: ctx.actor.id, signedAt: now, signingMethod: "paper", leaderCertificateName: null };
  });
}

// ---------------------------------------------------------------------------------------------
// Numbering and issue

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

function ensureBook(tx: Tx, organizationId: number, year: number, choice: BookChoice, now: Date): number {
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

function lastNumberIn(db: DbOrTx, organizationId: number, bookId: number | null, year: number): number | null {
  if (!bookId) return null;
  return (
    db
      .select({ n: sql<number | null>`max(${outgoingRegisterEntries.number})` })
      .from(outgoingRegisterEntries)
      .where(and(eq(outgoingRegisterEntries.organizationId, organizationId), eq(outgoingRegisterEntries.bookId, bookId), eq(outgoingRegisterEntries.year, year)))
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
  /** A secret document: numbered and registered only (paper original), no digital signature, no delivery. */
  paper: boolean;
};

function numberSymbolFor(db: DbOrTx, doc: OutgoingDocument, number: number): string {
  const org = organizationOf(db, doc.organizationId);
  const unit = organizationOf(db, doc.draftingUnitId);
  const docType = findDocumentTypeByCode(doc.docTypeCode);
  return formatNumberSymbol(number, {
    typeAbbreviation: docType?.abbreviation ?? null,
    issuerAbbreviation: org.abbreviation,
    draftingUnitAbbreviation: unit.id === org.id ? null : unit.abbreviation,
  });
}

function proposalFor(db: DbOrTx, doc: OutgoingDocument, now: Date) {
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
  const material = paper ? { p12: null, subjectName: null } : loadOrganizationSigningMaterial(ctx, doc.organizationId);
  return {
    paper,
    bookName: p.book.name,
    number: p.number,
    numberSymbol: p.numberSymbol,
    issuedDate: p.issuedDate,
    dateLine: p.dateLine,
    hasOrganizationCertificate: !!material.p12,
    organizationCertificateName: material.subjectName,
  };
}

/**
 * Decree 30 Art. 32 k.2: the clerk seals only documents signed by the competent person. The current
 * file must be the leader-signed revision, made by the intended signer, and its signature(s) must
 * verify, chain to a trust anchor and be the leader's certificate recorded at signing.
 */
async function assertLeaderSignature(ctx: ServiceContext, doc: OutgoingDocument, pdf: Uint8Array): Promise<void> {
  const reports = await verifySignatures(ctx.dataDir, pdf);
  const ok =
    doc.signedBy === doc.signerId &&
    doc.fileId === doc.leaderSignedFileId &&
    reports.length > 0 &&
    reports.every((r) => r.valid && r.trusted && r.certValidAtSigning && !r.modifiedAfter) &&
    reports[reports.length - 1].signerName === doc.leaderCertificateName;
  if (!ok) throw new AppError(AppErrorCode.INVALID_STATE, "Chữ ký số của người có thẩm quyền không hợp lệ hoặc không được tin cậy; không thể đóng dấu, phát hành.");
}

/** PDF attachments (separate files) to be signed by the organisation at issue, with their first page size. */
async function loadPdfAttachments(ctx: ServiceContext, documentId: number) {
  const rows = ctx.db.select().from(outgoingAttachments).where(eq(outgoingAttachments.documentId, documentId)).all();
  const out: Array<{ id: number; name: string; bytes: Uint8Array; pageSize: { width: number; height: number } }> = [];
  for (const row of rows) {
    const file = getFileRow(ctx.db, row.fileId);
    if (!file || file.mimeType !== "application/pdf") continue;
    const bytes = new Uint8Array(readStoredFile(ctx.dataDir, file));
    try {
      const page = (await PDFDocument.load(bytes, { updateMetadata: false })).getPage(0);
      out.push({ id: row.id, name: row.name, bytes, pageSize: page.getSize() });
    } catch {
      throw new AppError(AppErrorCode.VALIDATION, `Tài liệu kèm theo "${row.name}" không phải PDF hợp lệ hoặc đã bị mã hóa; không thể ký số phát hành.`);
    }
  }
  return out;
}

function extractedTextOf(doc: OutgoingDocument): string {
  const compose = doc.composeInput ? (JSON.parse(doc.composeInput) as { body?: string }) : {};
  return [doc.summary, compose.body ?? ""].filter(Boolean).join("\n");
}

/**
 * Cấp số → ký số cơ quan → đăng ký → phát hành → liên thông (Decree 30 Art. 14–18). The number is
 * proposed and signed OUTSIDE the transaction (signing is async); then ONE immediate transaction
 * re-checks the number is still next and the document still `signed` on the same file, inserts the
 * register row (unique per org/book/year/number), the status and the deliveries. If another clerk
 * took the number meanwhile, sign again with the new number (bounded): the book never holds a number
 * without a signed file, and a failed signature releases nothing.
 */
export async function issueOutgoingDocument(
  ctx: ServiceContext,
  options: { documentId: number; passphrase: string; copies?: number | null },
): Promise<{ number: number; numberSymbol: string; issuedDate: string; fileId: number; attempts: number }> {
  const doc = loadVisible(ctx.db, ctx.actor, options.documentId);
  decide(doc, "issue", ctx.actor);
  if (!doc.fileId) throw new AppError(AppErrorCode.INVALID_STATE, "Văn bản chưa có tệp PDF");
  if (!options.passphrase) throw new AppError(AppErrorCode.VALIDATION, "Nhập mật khẩu chứng thư số của cơ quan", { passphrase: "Nhập mật khẩu chứng thư số của cơ quan" });
  const material = loadOrganizationSigningMaterial(ctx, doc.organizationId);
  if (!material.p12) throw new AppError(AppErrorCode.VALIDATION, "Cơ quan chưa có chứng thư số để ký phát hành (Quản trị → Cơ quan).");
  const now = nowOf(ctx);
  const signer = openCertificate(material.p12, options.passphrase, now);
  const base = readFileBytes(ctx, doc.fileId);
  await assertLeaderSignature(ctx, doc, base);
  const signerRow = ctx.db.select({ fullName: users.fullName }).from(users).where(eq(users.id, doc.signerId)).get();
  const pdfAttachments = await loadPdfAttachments(ctx, doc.id);

  for (let attempt = 1; attempt <= ISSUE_MAX_ATTEMPTS; attempt++) {
    const proposal = proposalFor(ctx.db, doc, now);
    const signed = await applyOrganizationSignature(base, {
      signer,
      organizationName: proposal.org.name,
      sealImagePng: material.sealImage,
      signingTime: now,
      formValues: doc.source === "composed" ? { so_ky_hieu: proposal.numberSymbol, ngay_thang: proposal.dateLine } : {},
      stamps:
        doc.source === "composed"
          ? undefined
          : [
              // A PDF without "Số:" / "ngày" lines (a scan, another layout) gets both in the Phụ lục I places.
              { text: proposal.numberSymbol, anchorText: "Số:", fallback: { slot: "number", text: `Số: ${proposal.numberSymbol}` } },
              // An uploaded PDF already prints the place before "ngày": the stamp covers the date part only.
              { text: proposal.dateLine.slice(proposal.dateLine.indexOf("ngày")), anchorText: "ngày", replaceAnchor: true, fontSize: 13, fallback: { slot: "date", text: proposal.dateLine } },
            ],
    });
    const blob = writeBlob(ctx.dataDir, signed);
    const signedAttachments: Array<{ id: number; blob: ReturnType<typeof writeBlob>; name: string }> = [];
    for (const attachment of pdfAttachments) {
      const bytes = await applyAttachmentSignature(attachment.bytes, { signer, numberSymbol: proposal.numberSymbol, signingTime: now, pageSize: attachment.pageSize });
      signedAttachments.push({ id: attachment.id, blob: writeBlob(ctx.dataDir, bytes), name: attachment.name });
    }
    // Recipients hosted on another system get a signed edXML packet (QCVN 102:2016), built here and enqueued below.
    const edxml = prepareEdxmlIssuePackets(ctx, { doc, numberSymbol: proposal.numberSymbol, issuedDate: proposal.issuedDate, organization: proposal.org, signer, signerName: signerRow?.fullName ?? "", signedPdf: signed, signedAttachments, at: now });
    const result = writeTransaction(ctx.db, (tx) => {
      const fresh = loadVisible(tx, ctx.actor, doc.id);
      decide(fresh, "issue", ctx.actor);
      if (fresh.fileId !== doc.fileId) throw new AppError(AppErrorCode.CONFLICT, "Văn bản vừa được người khác xử lý, vui lòng tải lại trang.");
      const bookId = ensureBook(tx, doc.organizationId, proposal.year, proposal.book, now);
      const last = lastNumberIn(tx, doc.organizationId, bookId, proposal.year);
      if (nextNumber(last) !== proposal.number) return null; // taken meanwhile: sign again with the new number
      const file = insertFileRow(tx, { blob, mimeType: "application/pdf", originalName: `${proposal.numberSymbol.replace(/\//g, "-")}.pdf`, createdBy: ctx.actor.id, at: now });
      tx.insert(outgoingRegisterEntries)
        .values({
          organizationId: doc.organizationId,
          bookId,
          year: proposal.year,
          number: proposal.number,
          numberSymbol: proposal.numberSymbol,
          documentId: doc.id,
          issuedDate: proposal.issuedDate,
          fileId: file.id,
          createdBy: ctx.actor.id,
          createdAt: now,
        })
        .run();
      for (const a of signedAttachments) {
        const row = insertFileRow(tx, { blob: a.blob, mimeType: "application/pdf", originalName: a.name, createdBy: ctx.actor.id, at: now });
        tx.update(outgoingAttachments).set({ issuedFileId: row.id }).where(eq(outgoingAttachments.id, a.id)).run();
      }
      const recipients = tx.select().from(outgoingRecipients).where(eq(outgoingRecipients.documentId, doc.id)).all();
      tx.update(outgoingDocuments)
        .set({
          status: "issued",
          fileId: file.id,
          issuedFileId: file.id,
          bookId,
          number: proposal.number,
          numberSymbol: proposal.numberSymbol,
          issuedDate: proposal.issuedDate,
          issuedAt: now,
          issuedBy: ctx.actor.id,
          copies: options.copies ?? recipients.length + 1,
          version: fresh.version + 1,
          updatedAt: now,
        })
        .where(eq(outgoingDocuments.id, doc.id))
        .run();
      // Liên thông: each internal recipient gets a `received` item in its incoming queue, in this transaction.
      for (const r of recipients) {
        if (r.kind !== "internal" || !r.recipientOrganizationId || doc.confidentiality !== "normal") continue;
        if (enqueueEdxmlDelivery(tx, edxml, { recipientOrganizationId: r.recipientOrganizationId, outgoingDocumentId: doc.id, at: now })) {
          tx.update(outgoingRecipients).set({ deliveredAt: now }).where(eq(outgoingRecipients.id, r.id)).run();
          continue;
        }
        const delivered = deliverToIncomingQueue(tx, {
          recipientOrganizationId: r.recipientOrganizationId,
          senderOrganizationId: doc.organizationId,
          outgoingDocumentId: doc.id,
          numberSymbol: proposal.numberSymbol,
          docTypeCode: doc.docTypeCode,
          issuedDate: proposal.issuedDate,
          issuerName: proposal.org.name,
          summary: doc.summary,
          signerName: signerRow?.fullName ?? "",
          signerTitle: doc.signerTitle,
          urgency: doc.urgency,
          confidentiality: "normal",
          fileId: file.id,
          pageCount: doc.pageCount ?? 1,
          extractedText: extractedTextOf(doc),
          at: now,
          actorId: auditActorOf(ctx).actorId,
        });
        tx.update(outgoingRecipients)
          .set({ incomingDocumentId: delivered.incomingDocumentId ?? null, deliveredAt: now })
          .where(eq(outgoingRecipients.id, r.id))
          .run();
      }
      appendAuditEvent(tx, {
        at: now,
        ...auditActorOf(ctx),
        action: "outgoing.issue",
        entityType: OUTGOING_ENTITY,
        entityId: doc.id,
        fromState: "signed",
        toState: "issued",
        detail: { number: proposal.number, numberSymbol: proposal.numberSymbol, issuedDate: proposal.issuedDate, bookId, sha256: blob.sha256, attempt },
      });
      return { number: proposal.number, numberSymbol: proposal.numberSymbol, issuedDate: proposal.issuedDate, fileId: file.id, attempts: attempt };
    });
    if (result) return result;
  }
  throw new AppError(AppErrorCode.CONFLICT, "Sổ văn bản đi đang được cấp số liên tục, vui lòng thử lại.");
}

/**
 * Secret documents (Decree 30 Art. 15 k.2, 16 k.3, 18 k.2 defer to the secrecy law): the clerk allocates
 * the next number in the organisation's SECRET outgoing book for the year, formats the number/symbol
 * and date as usual and registers it — no PDF, no organisation signature, no electronic delivery (the
 * paper original is stamped and sent by hand/post). One IMMEDIATE transaction: the number is max+1 of
 * the book and the unique index (organisation, book, year, number) refuses any duplicate.
 */
export function issueSecretOutgoingDocument(
  ctx: ServiceContext,
  options: { documentId: number; copies?: number | null; version?: number },
): { number: number; numberSymbol: string; issuedDate: string; bookId: number } {
  const now = nowOf(ctx);
  return writeTransaction(ctx.db, (tx) => {
    const doc = loadVisible(tx, ctx.actor, options.documentId);
    decide(doc, "issue_paper", ctx.actor);
    if (options.version != null && doc.version !== options.version) throw new AppError(AppErrorCode.CONFLICT, "Văn bản vừa được người khác xử lý, vui lòng tải lại trang.");
    if (doc.fileId) throw new AppError(AppErrorCode.INVALID_STATE, SECRET_NO_CONTENT_MESSAGE);
    if (doc.signingMethod !== "paper" || doc.signedBy !== doc.signerId) {
      throw new AppError(AppErrorCode.INVALID_STATE, "Văn bản mật chưa được người có thẩm quyền duyệt ký (bản giấy); không thể cấp số.");
    }
    const proposal = proposalFor(tx, doc, now);
    const bookId = ensureBook(tx, doc.organizationId, proposal.year, proposal.book, now);
    const number = nextNumber(lastNumberIn(tx, doc.organizationId, bookId, proposal.year));
    const numberSymbol = numberSymbolFor(tx, doc, number);
    tx.insert(outgoingRegisterEntries)
      .values({ organizationId: doc.organizationId, bookId, year: proposal.year, number, numberSymbol, documentId: doc.id, issuedDate: proposal.issuedDate, fileId: null, createdBy: ctx.actor.id, createdAt: now })
      .run();
    const recipients = tx.select({ id: outgoingRecipients.id }).from(outgoingRecipients).where(eq(outgoingRecipients.documentId, doc.id)).all();
    tx.update(outgoingDocuments)
      .set({
        status: "issued",
        bookId,
        number,
        numberSymbol,
        issuedDate: proposal.issuedDate,
        issuedAt: now,
        issuedBy: ctx.actor.id,
        copies: options.copies ?? recipients.length + 1,
        version: doc.version + 1,
        updatedAt: now,
      })
      .where(eq(outgoingDocuments.id, doc.id))
      .run();
    appendAuditEvent(tx, {
      at: now,
      ...auditActorOf(ctx),
      action: "outgoing.issue_paper",
      entityType: OUTGOING_ENTITY,
      entityId: doc.id,
      fromState: "signed",
      toState: "issued",
      detail: { number, numberSymbol, issuedDate: proposal.issuedDate, bookId, security: "secret", confidentiality: doc.confidentiality },
    });
    return { number, numberSymbol, issuedDate: proposal.issuedDate, bookId };
  });
}

/** Thu hồi (Decree 30 Art. 18 k.4): the document is frozen; recipients in the system see it recalled. */
export function recallOutgoingDocument(ctx: ServiceContext, options: { documentId: number; reason: string }) {
  const reason = options.reason?.trim();
  if (!reason) throw new AppError(AppErrorCode.VALIDATION, "Nhập lý do thu hồi", { reason: "Nhập lý do thu hồi" });
  return transition(ctx, { documentId: options.documentId, action: "recall", comment: reason }, (tx, doc, now) => {
    markDeliveredDocumentsRecalled(tx, { outgoingDocumentId: doc.id, reason, at: now, actorId: auditActorOf(ctx).actorId });
    enqueueEdxmlRecall(tx, ctx.dataDir, { outgoingDocumentId: doc.id, reason, at: now });
    return { recallReason: reason, recalledAt: now, recalledBy: ctx.actor.id };
  });
}

// ---------------------------------------------------------------------------------------------
// Queues, detail, compare, files

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
export function availableQueues(actor: Actor): OutgoingQueue[] {
  return OUTGOING_QUEUES.filter((q) => queueWhere(actor, q) !== null);
}

const URGENCY_ORDER = sql`case ${outgoingDocuments.urgency} when 'flash' then 0 when 'very_urgent' then 1 when 'urgent' then 2 else 3 end`;

/** Narrower views opened from the home tiles: the same conditions as their counts. */
export type OutgoingQueueFilter = { returnedOnly?: boolean; issuedWithinDays?: number | null };

function returnedToMeWhere(actor: Actor): SQL {
  return and(eq(outgoingDocuments.createdBy, actor.id), eq(outgoingDocuments.status, "draft"), sql`${outgoingDocuments.lastComment} is not null`)!;
}

function issuedSinceWhere(now: Date, days: number): SQL {
  return gte(outgoingDocuments.issuedAt, new Date(now.getTime() - days * 24 * 3600 * 1000));
}

export function listOutgoingQueue(ctx: ServiceContext, queue: OutgoingQueue, limit = 200, filter: OutgoingQueueFilter = {}): OutgoingListItem[] {
  const base = queueWhere(ctx.actor, queue);
  const where =
    base && filter.returnedOnly && queue === "mine"
      ? and(base, returnedToMeWhere(ctx.actor))
      : base && filter.issuedWithinDays && queue === "issued"
        ? and(base, issuedSinceWhere(nowOf(ctx), filter.issuedWithinDays))
        : base;
  if (!where) throw new AppError(AppErrorCode.NOT_FOUND, "Không tìm thấy danh sách");
  const rows = ctx.db
    .select({ doc: outgoingDocuments, creatorName: users.fullName })
    .from(outgoingDocuments)
    .innerJoin(users, eq(users.id, outgoingDocuments.createdBy))
    .where(and(outgoingDocumentsVisibleTo(ctx.actor), where))
    .orderBy(queue === "issued" ? desc(outgoingDocuments.issuedAt) : URGENCY_ORDER, desc(outgoingDocuments.updatedAt))
    .limit(limit)
    .all();
  const signerNames = new Map(
    rows.length
      ? ctx.db.select({ id: users.id, name: users.fullName }).from(users).where(inArray(users.id, [...new Set(rows.map((r) => r.doc.signerId))])).all().map((u) => [u.id, u.name])
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

export type OutgoingDetail = {
  document: OutgoingDocument & { statusLabel: string; docTypeName: string; urgencyLabel: string; confidentialityLabel: string; signingMethodLabel: string | null };
  /** Mật and above: metadata only, the original is on paper (no PDF, no signatures, no delivery). */
  isSecret: boolean;
  organizationName: string;
  draftingUnitName: string;
  creatorName: string;
  signerName: string;
  signedByName: string | null;
  officeInitialByName: string | null;
  distributionList: string[];
  compose: { body: string; recipientsHeading: string[] } | null;
  recipients: Array<{ id: number; kind: "internal" | "external"; recipientOrganizationId: number | null; name: string; identifier: string | null; address: string | null; deliveredAt: Date | null; incomingDocumentId: number | null }>;
  attachments: Array<{ id: number; name: string; size: number; isSigned: boolean }>;
  revisions: Array<{ revision: number; fileId: number | null; createdAt: Date; createdByName: string; returnComment: string | null; returnedByName: string | null; returnedAt: Date | null }>;
  trail: TrailEntry[];
  actions: OutgoingAction[];
  deliveries: DeliveryStatus[];
  replaces: { id: number; numberSymbol: string | null } | null;
  replacedBy: Array<{ id: number; numberSymbol: string | null; status: OutgoingStatus }>;
  /** Incoming documents of the same organisation this one answers (linked on the incoming side). */
  answers: Array<{ id: number; numberSymbol: string; issuerName: string; summary: string }>;
  canRecall: boolean;
};

function userName(db: DbOrTx, id: number | null | undefined): string | null {
  if (!id) return null;
  return db.select({ n: users.fullName }).from(users).where(eq(users.id, id)).get()?.n ?? null;
}

export function getOutgoingDocument(ctx: ServiceContext, documentId: number): OutgoingDetail {
  const doc = loadVisible(ctx.db, ctx.actor, documentId);
  const db = ctx.db;
  const revisionRows = db.select().from(outgoingRevisions).where(eq(outgoingRevisions.documentId, doc.id)).orderBy(asc(outgoingRevisions.revision)).all();
  const replaces = doc.replacesDocumentId ? db.select({ id: outgoingDocuments.id, numberSymbol: outgoingDocuments.numberSymbol }).from(outgoingDocuments).where(eq(outgoingDocuments.id, doc.replacesDocumentId)).get() ?? null : null;
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
    organizationName: organizationOf(db, doc.organizationId).name,
    draftingUnitName: organizationOf(db, doc.draftingUnitId).name,
    creatorName: userName(db, doc.createdBy) ?? "",
    signerName: userName(db, doc.signerId) ?? "",
    signedByName: userName(db, doc.signedBy),
    officeInitialByName: userName(db, doc.officeInitialBy),
    distributionList: JSON.parse(doc.distributionList) as string[],
    compose: doc.composeInput ? (JSON.parse(doc.composeInput) as { body: string; recipientsHeading: string[] }) : null,
    recipients: db.select().from(outgoingRecipients).where(eq(outgoingRecipients.documentId, doc.id)).orderBy(asc(outgoingRecipients.id)).all(),
    attachments: db
      .select({ id: outgoingAttachments.id, name: outgoingAttachments.name, fileId: outgoingAttachments.fileId, issuedFileId: outgoingAttachments.issuedFileId })
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
    trail: listEntityTrail(db, OUTGOING_ENTITY, doc.id),
    actions: availableActions(doc, ctx.actor),
    deliveries: doc.status === "issued" || doc.status === "recalled" ? listDeliveryStatuses(db, doc.id) : [],
    replaces,
    replacedBy: db
      .select({ id: outgoingDocuments.id, numberSymbol: outgoingDocuments.numberSymbol, status: outgoingDocuments.status })
      .from(outgoingDocuments)
      .where(and(eq(outgoingDocuments.replacesDocumentId, doc.id), outgoingDocumentsVisibleTo(ctx.actor)))
      .all(),
    answers: db
      .select({ id: incomingDocuments.id, numberSymbol: incomingDocuments.numberSymbol, issuerName: incomingDocuments.issuerName, summary: incomingDocuments.summary })
      .from(incomingDocuments)
      .where(and(eq(incomingDocuments.replyOutgoingDocumentId, doc.id), eq(incomingDocuments.organizationId, doc.organizationId)))
      .all(),
    canRecall: decideTransition(doc, "recall", ctx.actor).ok,
  };
}

/** Signatures of the current file, verified against the trust anchors (detail page). */
export async function getOutgoingSignatures(ctx: ServiceContext, documentId: number): Promise<SignatureReport[]> {
  const doc = loadVisible(ctx.db, ctx.actor, documentId);
  if (!doc.fileId || (!doc.leaderSignedFileId && !doc.issuedFileId)) return [];
  return verifySignatures(ctx.dataDir, readFileBytes(ctx, doc.fileId));
}

export type RevisionComparison = {
  from: { revision: number; fileId: number | null; returnComment: string | null };
  to: { revision: number; fileId: number | null; returnComment: string | null };
  changes: Array<{ field: string; label: string; before: string; after: string }>;
  fileChanged: boolean;
};

export function compareOutgoingRevisions(ctx: ServiceContext, options: { documentId: number; from: number; to: number }): RevisionComparison {
  const doc = loadVisible(ctx.db, ctx.actor, options.documentId);
  const rows = ctx.db
    .select()
    .from(outgoingRevisions)
    .where(and(eq(outgoingRevisions.documentId, doc.id), inArray(outgoingRevisions.revision, [options.from, options.to])))
    .all();
  const a = rows.find((r) => r.revision === options.from);
  const b = rows.find((r) => r.revision === options.to);
  if (!a || !b) throw new AppError(AppErrorCode.NOT_FOUND, "Không tìm thấy phiên bản");
  const before = JSON.parse(a.metadata) as Record<string, string>;
  const after = JSON.parse(b.metadata) as Record<string, string>;
  const changes = (Object.keys(SNAPSHOT_LABELS) as Array<keyof RevisionSnapshot>)
    .filter((k) => (before[k] ?? "") !== (after[k] ?? ""))
    .map((k) => ({ field: k, label: SNAPSHOT_LABELS[k], before: before[k] ?? "", after: after[k] ?? "" }));
  return {
    from: { revision: a.revision, fileId: a.fileId, returnComment: a.returnComment },
    to: { revision: b.revision, fileId: b.fileId, returnComment: b.returnComment },
    changes,
    // Rows are per upload, so the same bytes stored twice have two ids: compare the content.
    fileChanged: (a.fileId ? getFileRow(ctx.db, a.fileId)?.sha256 : null) !== (b.fileId ? getFileRow(ctx.db, b.fileId)?.sha256 : null),
  };
}

export type OutgoingFileKind = "current" | "draft" | "signed" | "issued" | "revision" | "attachment";

/** Bytes of one of the document's files, after the visibility check (resource routes). */
export function readOutgoingFile(ctx: ServiceContext, options: { documentId: number; kind: OutgoingFileKind; n?: number }): { bytes: Buffer; mimeType: string; name: string } {
  const doc = loadVisible(ctx.db, ctx.actor, options.documentId);
  let fileId: number | null | undefined;
  let name = `van-ban-${doc.id}.pdf`;
  switch (options.kind) {
    case "current":
      fileId = doc.fileId;
      if (doc.numberSymbol) name = `${doc.numberSymbol.replace(/\//g, "-")}.pdf`;
      break;
    case "draft":
      fileId = doc.draftFileId;
      break;
    case "signed":
      fileId = doc.leaderSignedFileId;
      break;
    case "issued":
      fileId = doc.issuedFileId;
      if (doc.numberSymbol) name = `${doc.numberSymbol.replace(/\//g, "-")}.pdf`;
      break;
    case "revision": {
      const rev = ctx.db.select().from(outgoingRevisions).where(and(eq(outgoingRevisions.documentId, doc.id), eq(outgoingRevisions.revision, options.n ?? 0))).get();
      fileId = rev?.fileId;
      name = `du-thao-${doc.id}-lan-${options.n}.pdf`;
      break;
    }
    case "attachment": {
      const att = ctx.db.select().from(outgoingAttachments).where(and(eq(outgoingAttachments.documentId, doc.id), eq(outgoingAttachments.id, options.n ?? 0))).get();
      fileId = att?.issuedFileId ?? att?.fileId;
      name = att?.name ?? name;
      break;
    }
  }
  const row = fileId ? getFileRow(ctx.db, fileId) : undefined;
  if (!row) throw new AppError(AppErrorCode.NOT_FOUND, "Không tìm thấy tệp");
  return { bytes: readStoredFile(ctx.dataDir, row), mimeType: row.mimeType, name };
}

/** Metadata for postal/e-mail sending to external recipients (Phụ lục VI fields), next to the signed PDF. */
export function buildExternalPackageMetadata(ctx: ServiceContext, documentId: number) {
  const detail = getOutgoingDocument(ctx, documentId);
  const d = detail.document;
  if (d.status !== "issued" && d.status !== "recalled") throw new AppError(AppErrorCode.INVALID_STATE, "Văn bản chưa phát hành");
  if (detail.isSecret) throw new AppError(AppErrorCode.INVALID_STATE, "Văn bản mật không có gói gửi điện tử; bản gốc được gửi bằng bản giấy.");
  const org = organizationOf(ctx.db, d.organizationId);
  return {
    OrganId: org.identifier,
    OrganName: org.name,
    TypeName: d.docTypeName,
    CodeNumber: d.number != null ? String(d.number).padStart(2, "0") : null,
    CodeNotation: d.numberSymbol?.split("/").slice(1).join("/") ?? null,
    NumberSymbol: d.numberSymbol,
    IssuedDate: d.issuedDate,
    Subject: d.summary,
    PageAmount: d.pageCount,
    SignerInfo: { Competence: d.signingAuthority, Position: d.signerTitle, FullName: detail.signedByName ?? detail.signerName },
    To: detail.recipients.map((r) => ({ OrganId: r.identifier, OrganName: r.name, Address: r.address, Kind: r.kind })),
    Priority: d.urgency,
    IssuedAmount: d.copies,
    Status: d.status,
    RecallReason: d.recallReason,
    File: detail.document.numberSymbol ? `${detail.document.numberSymbol.replace(/\//g, "-")}.pdf` : null,
  };
}

// ---------------------------------------------------------------------------------------------
// Register book (sổ đăng ký văn bản đi, Phụ lục IV)

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
  if (!actor.permissions.includes("view:register") && !actor.permissions.includes("issue:outgoing")) throw new AppError(AppErrorCode.NOT_FOUND, "Không tìm thấy sổ");
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
  const sheet = workbook.addWorksheet(`Sổ VB đi ${options.year}`, { pageSetup: { paperSize: 9, orientation: "landscape", fitToPage: true, fitToWidth: 1, fitToHeight: 0 } });
  sheet.addRow([`SỔ ĐĂNG KÝ VĂN BẢN ĐI${book?.security === "secret" ? " MẬT" : ""} NĂM ${options.year} — ${ctx.actor.organizationName.toLocaleUpperCase("vi-VN")}`]);
  sheet.mergeCells(1, 1, 1, REGISTER_COLUMNS.length);
  sheet.getRow(1).font = { bold: true, size: 13 };
  const header = sheet.addRow([...REGISTER_COLUMNS]);
  header.font = { bold: true };
  header.alignment = { wrapText: true, vertical: "middle", horizontal: "center" };
  sheet.addRow(REGISTER_COLUMNS.map((_, i) => `(${i + 1})`)).alignment = { horizontal: "center" };
  for (const r of rows) {
    const row = sheet.addRow([r.numberSymbol, r.issuedDateVi, r.typeAndSummary, r.signerName, r.recipients, r.archiveHolder, r.copies ?? "", r.transferDate, r.receivedSignature, r.note]);
    row.alignment = { wrapText: true, vertical: "top" };
  }
  [16, 12, 45, 20, 35, 25, 9, 12, 12, 20].forEach((w, i) => (sheet.getColumn(i + 1).width = w));
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

// ---------------------------------------------------------------------------------------------
// Dashboard counters

export type OutgoingCounters = { returnedToMe: number; awaitingMyReview: number; awaitingMySignature: number; awaitingNumber: number; issuedThisWeek: number };

export function countOutgoingWork(ctx: ServiceContext): OutgoingCounters {
  const count = (where: SQL | null | undefined) =>
    where ? ctx.db.select({ n: sql<number>`count(*)` }).from(outgoingDocuments).where(and(outgoingDocumentsVisibleTo(ctx.actor), where)).get()?.n ?? 0 : 0;
  return {
    returnedToMe: ctx.actor.permissions.includes("draft:outgoing") ? count(returnedToMeWhere(ctx.actor)) : 0,
    awaitingMyReview: count(queueWhere(ctx.actor, "review")),
    awaitingMySignature: count(queueWhere(ctx.actor, "sign")),
    awaitingNumber: count(queueWhere(ctx.actor, "issue")),
    issuedThisWeek: count(and(queueWhere(ctx.actor, "issued") ?? undefined, issuedSinceWhere(nowOf(ctx), 7))),
  };
}

/** For the bench and the seed: documents of an organisation in a status (system use). */
export function countByStatus(db: Db, organizationId: number): Record<string, number> {
  const rows = db
    .select({ status: outgoingDocuments.status, n: sql<number>`count(*)` })
    .from(outgoingDocuments)
    .where(eq(outgoingDocuments.organizationId, organizationId))
    .groupBy(outgoingDocuments.status)
    .all();
  return Object.fromEntries(rows.map((r) => [r.status, r.n]));
}

// ---------------------------------------------------------------------------------------------
// Form support

export function getDraftFormOptions(ctx: ServiceContext) {
  if (!ctx.actor.permissions.includes("draft:outgoing")) throw new AppError(AppErrorCode.NOT_FOUND, "Không tìm thấy trang");
  return {
    docTypes: DOCUMENT_TYPES.map((t) => ({ code: t.code, name: t.name, abbreviation: t.abbreviation })),
    signers: listSignerCandidates(ctx.db, ctx.actor.organizationId),
    organizations: listRecipientOrganizations(ctx.db, ctx.actor.organizationId),
  };
}

/** The current values of a draft, for the edit form (only its drafter, only in draft). */
export function getDraftFormDefaults(ctx: ServiceContext, documentId: number) {
  const doc = loadVisible(ctx.db, ctx.actor, documentId);
  decide(doc, "edit", ctx.actor);
  const recipients = ctx.db.select().from(outgoingRecipients).where(eq(outgoingRecipients.documentId, doc.id)).all();
  const compose = doc.composeInput ? (JSON.parse(doc.composeInput) as { body?: string; recipientsHeading?: string[] }) : {};
  return {
    source: doc.source,
    docTypeCode: doc.docTypeCode,
    summary: doc.summary,
    recipientsHeading: (compose.recipientsHeading ?? []).join("\n"),
    body: compose.body ?? "",
    signerId: String(doc.signerId),
    signingAuthority: doc.signingAuthority ?? "",
    authorityLine: doc.authorityLine ?? "",
    signerTitle: doc.signerTitle,
    urgency: doc.urgency,
    confidentiality: doc.confidentiality,
    internalRecipientIds: recipients.filter((r) => r.kind === "internal").map((r) => r.recipientOrganizationId!),
    externalRecipients: recipients
      .filter((r) => r.kind === "external")
      .map((r) => (r.address ? `${r.name}; ${r.address}` : r.name))
      .join("\n"),
    distributionList: (JSON.parse(doc.distributionList) as string[]).join("\n"),
    archiveLine: doc.archiveLine ?? "",
    version: doc.version,
    lastComment: doc.lastComment,
    revision: doc.revision,
  };
}
