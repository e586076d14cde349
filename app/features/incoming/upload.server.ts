// Step 1 of registration: the clerk uploads the PDF; its text layer is read off the request thread and the
// form is pre-filled (Decree 30 Art. 21: the clerk checks what was read). The file is stored before the
// document exists, so a form that comes back with an error keeps it.
import { ne } from "drizzle-orm";
import { writeTransaction, type DbOrTx } from "#db/client";
import { organizations } from "#db/schema/index";
import { extractDocumentFields, organNameCase, type ExtractedFields } from "#app/domain/incoming/document-extraction";
import { isHeif } from "#app/domain/shared/file-content";
import { AppError, AppErrorCode } from "#app/utils/errors";
import { auditActorOf, nowOf, type ServiceContext } from "#app/platform/context.server";
import { insertFileRow, keepIfUsed, type WrittenBlob } from "#app/platform/files/files.server";
import { PdfReadError, readPdfText } from "#app/platform/pdf-text/pdf-text.server";
import { IncomingMessages } from "#app/messages/incoming";
import { requirePermission } from "#app/features/incoming/transition.server";
import { checkStoredPdfSignatures, type IncomingSignatureStatus } from "#app/features/incoming/signatures.server";
import { prepareIncomingImageUpload, queueIncomingOcr, scanImageKind } from "#app/features/incoming/ocr.server";

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
  /**
   * The file's digital signatures, checked before the clerk registers it (Decree 30 Art. 21: authenticity and
   * integrity are verified on receipt). Cached by the file's hash, so the document page reuses the verdict.
   */
  signature?: IncomingSignatureStatus;
};

export type PrepareIncomingUploadOptions = { bytes: Uint8Array; originalName: string; maxBytes?: number };

export const DEFAULT_MAX_UPLOAD_BYTES = 50 * 1024 * 1024;

/** The canonical names of the organisations the app knows, so that the extraction returns "Sở Nội vụ", not "SỞ NỘI VỤ". */
function knownIssuerNames(db: DbOrTx): string[] {
  return db
    .select({ name: organizations.name })
    .from(organizations)
    .where(ne(organizations.kind, "unit"))
    .all()
    .map((o) => o.name);
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
  if (options.bytes.byteLength === 0) throw new AppError(AppErrorCode.VALIDATION, IncomingMessages.CHOOSE_PDF, { file: IncomingMessages.CHOOSE_PDF });
  if (options.bytes.byteLength > maxBytes) {
    const message = IncomingMessages.UPLOAD_TOO_LARGE(Math.round(maxBytes / 1024 / 1024));
    throw new AppError(AppErrorCode.VALIDATION, message, { file: message });
  }
  // A scan saved as an image (JPEG, PNG, TIFF): wrapped into a PDF and OCR'd (issue 14).
  const imageKind = scanImageKind(options.bytes);
  if (!imageKind && isHeif(options.bytes))
    throw new AppError(AppErrorCode.VALIDATION, IncomingMessages.HEIF_NOT_SUPPORTED, { file: IncomingMessages.HEIF_NOT_SUPPORTED });
  if (imageKind)
    return prepareIncomingImageUpload(ctx, { bytes: options.bytes, originalName: options.originalName, kind: imageKind, createdBy: auditActorOf(ctx).actorId });
  let fields: ExtractedFields;
  let blob: WrittenBlob;
  try {
    // The child reads the PDF from the store's staging folder; it is kept only if it could be read.
    ({ value: fields, blob } = await keepIfUsed(ctx.dataDir, options.bytes, async (path) =>
      extractDocumentFields(await readPdfText({ path }), { knownIssuers: knownIssuerNames(ctx.db) }),
    ));
  } catch (error) {
    if (error instanceof PdfReadError) {
      // The pool's queue is full: nothing is wrong with the file, the clerk retries in a moment.
      if (error.code === "BUSY") throw new AppError(AppErrorCode.RATE_LIMITED, error.message);
      throw new AppError(AppErrorCode.VALIDATION, error.message, { file: error.message });
    }
    throw error;
  }
  const now = nowOf(ctx);
  const file = writeTransaction(ctx.db, (tx) => {
    const row = insertFileRow(tx, {
      blob,
      mimeType: "application/pdf",
      originalName: options.originalName || "van-ban-den.pdf",
      createdBy: auditActorOf(ctx).actorId,
      at: now,
    });
    if (!fields.hasTextLayer) queueIncomingOcr(tx, { fileId: row.id, pageCount: fields.pageCount, at: now });
    return row;
  });
  const signature = await checkStoredPdfSignatures(ctx.dataDir, file.sha256);
  const { formFields, extracted, low } = toFormFields(fields);
  return {
    signature,
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
