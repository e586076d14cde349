// Draft input: validation against the directory and the building of the main PDF (composed from the
// Decree 30 template in the untrusted pool, or an uploaded PDF checked there first). DESIGN.md §4, §6.
import { and, asc, eq, ne } from "drizzle-orm";
import { PDFDocument } from "pdf-lib";
import { organizations, rolePermissions, userRoles, users } from "#db/schema/index";
import { findDocumentTypeByCode, type DocumentType } from "#app/domain/shared/document-types";
import { printedSignerTitle } from "#app/domain/outgoing/numbering";
import { isSecretConfidentiality, SECRET_NO_CONTENT_MESSAGE, type Confidentiality, type Urgency } from "#app/domain/outgoing/workflow";
import type { ServiceContext } from "#app/platform/context.server";
import { bodyTooLongMessage, buildSignerTitleLines, COMPOSE_LIMITS, type ComposeDocumentInput, type ComposedDocument } from "#documents/composer/index";
import { checkPdfUpload, checkUploadedFile } from "#app/platform/files/upload-content.server";
import { runUntrusted, UntrustedTaskError } from "#app/platform/untrusted/pool.server";
import { writeBlob } from "#app/platform/files/files.server";
import { isCertifiedNoChanges } from "#app/platform/signing/document-signing.server";
import { AppError, AppErrorCode } from "#app/utils/errors";
import { organizationOf } from "./visibility.server";
import { CommonMessages } from "#app/messages/common";
import { OutgoingMessages } from "#app/messages/outgoing";

export type SigningAuthority = "TM." | "KT." | "TL." | "TUQ.";

const MAX_PDF_BYTES = 50 * 1024 * 1024;

/** "Ủy ban nhân dân tỉnh Cà Mau" → two header lines: "ỦY BAN NHÂN DÂN" / "TỈNH CÀ MAU". */
function composerOrganizationName(name: string): string {
  return name.replace(/^(Ủy ban nhân dân)\s+/i, "$1\n");
}

/** The line after "TM." / "KT." when the drafter left it empty: the collective body (TM.), the head's title (KT.). */
function authorityLineOrDefault(signingAuthority: SigningAuthority | null, authorityLine: string | null | undefined): string | undefined {
  return authorityLine?.trim() || (signingAuthority === "TM." ? "ỦY BAN NHÂN DÂN" : signingAuthority === "KT." ? "CHỦ TỊCH" : undefined);
}

/**
 * The title block above the signature exactly as the composed PDF prints it (ô 7a–7b: "TM. ỦY BAN NHÂN DÂN" /
 * "CHỦ TỊCH"), for the document page: the same inputs through the composer's own rule.
 */
export function signerTitleLinesOf(
  doc: { signingAuthority: SigningAuthority | null; authorityLine: string | null; signerTitle: string },
  organizationName: string,
): string[] {
  return buildSignerTitleLines({
    signingAuthority: doc.signingAuthority,
    authorityLine: authorityLineOrDefault(doc.signingAuthority, doc.authorityLine),
    organizationName: composerOrganizationName(organizationName),
    signerTitle: doc.signerTitle,
  });
}

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

/** Leaders of the organisation who may sign outgoing documents (the intended-signer choices). */
export function listSignerCandidates(ctx: ServiceContext): Array<{ id: number; fullName: string; title: string | null }> {
  return ctx.db
    .selectDistinct({ id: users.id, fullName: users.fullName, title: users.title })
    .from(users)
    .innerJoin(userRoles, eq(userRoles.userId, users.id))
    .innerJoin(rolePermissions, eq(rolePermissions.roleKey, userRoles.roleKey))
    .where(and(eq(users.organizationId, ctx.actor.organizationId), eq(users.isActive, true), eq(rolePermissions.permissionKey, "sign:outgoing")))
    .orderBy(asc(users.fullName))
    .all();
}

/** Issuing organisations of the directory a document can be delivered to (liên thông), except the sender. */
export function listRecipientOrganizations(ctx: ServiceContext): Array<{ id: number; name: string; identifier: string | null }> {
  return ctx.db
    .select({ id: organizations.id, name: organizations.name, identifier: organizations.identifier })
    .from(organizations)
    .where(and(ne(organizations.kind, "unit"), eq(organizations.isActive, true), ne(organizations.id, ctx.actor.organizationId)))
    .orderBy(asc(organizations.id))
    .all();
}

async function countPdfPages(bytes: Uint8Array): Promise<number> {
  if (bytes.byteLength > MAX_PDF_BYTES)
    throw new AppError(AppErrorCode.VALIDATION, OutgoingMessages.PDF_TOO_LARGE, { mainPdf: OutgoingMessages.PDF_TOO_LARGE });
  const head = Buffer.from(bytes.subarray(0, 1024)).toString("latin1");
  if (!head.includes("%PDF-")) throw new AppError(AppErrorCode.VALIDATION, OutgoingMessages.PDF_REQUIRED, { mainPdf: OutgoingMessages.PDF_REQUIRED });
  // Opened first in the untrusted-file pool (structure, encryption, page tree, page count), so that
  // pdf-lib below never sees a bomb on the request thread.
  await checkPdfUpload(bytes, "mainPdf");
  let pageCount: number;
  try {
    pageCount = (await PDFDocument.load(bytes, { updateMetadata: false })).getPageCount();
  } catch (error) {
    const message = /encrypt/i.test(String(error)) ? OutgoingMessages.PDF_ENCRYPTED : OutgoingMessages.PDF_UNREADABLE;
    throw new AppError(AppErrorCode.VALIDATION, message, { mainPdf: message });
  }
  if (isCertifiedNoChanges(bytes)) {
    throw new AppError(AppErrorCode.VALIDATION, OutgoingMessages.PDF_CERTIFIED_NO_CHANGES, { mainPdf: OutgoingMessages.PDF_CERTIFIED_NO_CHANGES });
  }
  return pageCount;
}

/** Validates the draft against the directory and builds the main PDF (outside any transaction: async). */
export async function prepareDraft(ctx: ServiceContext, input: OutgoingDraftInput, draftingUnitId: number, keepExistingPdf = false): Promise<PreparedDraft> {
  const fieldErrors: Record<string, string> = {};
  const docType = findDocumentTypeByCode(input.docTypeCode);
  if (!docType) fieldErrors.docTypeCode = OutgoingMessages.DOC_TYPE_REQUIRED;
  if (!input.summary.trim()) fieldErrors.summary = OutgoingMessages.SUMMARY_REQUIRED;
  const signer = listSignerCandidates(ctx).find((s) => s.id === input.signerId);
  if (!signer) fieldErrors.signerId = OutgoingMessages.SIGNER_REQUIRED;
  const allowed = new Map(listRecipientOrganizations(ctx).map((o) => [o.id, o]));
  const internal = [...new Set(input.internalRecipientIds)];
  if (internal.some((id) => !allowed.has(id))) fieldErrors.internalRecipientIds = OutgoingMessages.RECIPIENT_INVALID;
  // Secret documents are not sent through the electronic exchange (QĐ 28/2018/QĐ-TTg excludes state secrets).
  if (input.confidentiality !== "normal" && internal.length) fieldErrors.internalRecipientIds = OutgoingMessages.SECRET_NOT_EXCHANGED;
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
    if (input.source !== "composed" && input.source !== "uploaded") fieldErrors.source = OutgoingMessages.SOURCE_REQUIRED;
    if (input.source === "composed" && !input.body?.trim()) fieldErrors.body = OutgoingMessages.BODY_REQUIRED;
    if (input.source === "uploaded" && !input.uploadedPdf && !keepExistingPdf) fieldErrors.mainPdf = OutgoingMessages.MAIN_PDF_REQUIRED;
  }
  if (Object.keys(fieldErrors).length)
    throw new AppError(AppErrorCode.VALIDATION, contentRefused ? SECRET_NO_CONTENT_MESSAGE : CommonMessages.FORM_INVALID, fieldErrors);

  const org = organizationOf(ctx.db, ctx.actor.organizationId);
  const unit = organizationOf(ctx.db, draftingUnitId);
  const recipients: PreparedDraft["recipients"] = [
    ...internal.map((id) => ({
      kind: "internal" as const,
      recipientOrganizationId: id,
      name: allowed.get(id)!.name,
      identifier: allowed.get(id)!.identifier,
      address: null,
    })),
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
      organizationName: composerOrganizationName(org.name),
      placeName: org.placeName ?? org.name,
      summary: input.summary.trim(),
      recipientsHeading: input.recipientsHeading?.filter((l) => l.trim()),
      body: input.body!.trim(),
      signingAuthority: input.signingAuthority,
      authorityLine: authorityLineOrDefault(input.signingAuthority, input.authorityLine),
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
  for (const a of secret ? [] : (input.attachments ?? [])) {
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

export function writeDraftFiles(ctx: ServiceContext, prepared: PreparedDraft, attachments: OutgoingDraftInput["attachments"], uploadedName?: string) {
  return {
    main: prepared.pdf ? { blob: writeBlob(ctx.dataDir, prepared.pdf.bytes), name: uploadedName ?? "du-thao.pdf" } : null,
    attachments: (attachments ?? []).map((a, i) => ({
      blob: writeBlob(ctx.dataDir, a.bytes),
      name: a.name,
      type: prepared.attachmentTypes[i] ?? "application/octet-stream",
    })),
  };
}
