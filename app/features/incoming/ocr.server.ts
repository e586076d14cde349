// OCR of scanned incoming documents (issue 14). A scan uploaded for registration (a PDF without a text
// layer) is stored as uploaded; an OCR job is queued in the same transaction (app/platform/jobs/). The
// job runs OCRmyPDF in a child process (app/platform/ocr/ocr-runner.server.ts), stores the searchable PDF
// as a file derived from the scan (file_derivations), reads its fields from the words tesseract read (its
// hOCR, not a second parse of the PDF it wrote: ADR 0015) with the ordinary extraction plus OCR tolerance
// (app/domain/incoming/ocr-correction.ts), and — when the clerk registered the document before the OCR
// ended — completes the document: its search text, and only the fields still empty. What
// the clerk typed is never changed.
import { and, eq, ne, sql } from "drizzle-orm";
import type { DbOrTx, Tx } from "#db/client";
import { fileDerivations, files, incomingDocuments, organizations, type FileDerivation } from "#db/schema/index";
import { extractDocumentFields, organNameCase, type ExtractedFields } from "#app/domain/incoming/document-extraction";
import { closestKnownName, repairOcrText } from "#app/domain/incoming/ocr-correction";
import { incomingSearchBody } from "#app/domain/incoming/incoming";
import type { OcrPage } from "#app/domain/incoming/ocr-quality";
import { appendAuditEvent } from "#app/platform/audit.server";
import { nowOf, type ServiceContext } from "#app/platform/context.server";
import { getFileRow, insertFileRow, readStoredFile, writeBlob } from "#app/platform/files/files.server";
import { enqueueJob, getJob } from "#app/platform/jobs/jobs.server";
import { PermanentJobError, registerJobHandler, runOneJob, type JobContext } from "#app/platform/jobs/worker.server";
import { OcrError, runOcr, type OcrResult } from "#app/platform/ocr/ocr-runner.server";
import type { PdfText } from "#app/platform/pdf-text/pdf-text.server";
import { CommonMessages } from "#app/messages/common";
import { AppError, AppErrorCode } from "#app/utils/errors";
import { writeTransaction } from "#db/client";
import { runUntrusted, UntrustedTaskError } from "#app/platform/untrusted/pool.server";
import type { ImagePdfResult } from "#app/platform/ocr/image-pdf.task";
import type { IncomingUploadResult } from "#app/features/incoming/upload.server";

export const INCOMING_OCR_JOB = "incoming-ocr";

export type OcrFormFields = {
  numberSymbol: string;
  docTypeCode: string;
  issuedDate: string;
  issuerName: string;
  summary: string;
  signerName: string;
  signerTitle: string;
};

export type OcrFieldsResult = { formFields: OcrFormFields; extracted: string[]; low: string[]; fields: ExtractedFields };

function knownIssuerNames(db: DbOrTx): string[] {
  return db
    .select({ name: organizations.name })
    .from(organizations)
    .where(ne(organizations.kind, "unit"))
    .all()
    .map((o) => o.name);
}

/**
 * Header fields from OCR'd text: the items are repaired first, then the ordinary extraction runs, then the
 * issuer is snapped to the directory when within a few OCR slips. Every filled field is "low": the clerk
 * checks each value read from a scan (issue 14).
 */
export function ocrFieldsFromText(text: PdfText, knownIssuers: string[]): OcrFieldsResult {
  const fields = extractDocumentFields(repairOcrText(text), { knownIssuers });
  if (fields.issuer) {
    const known = closestKnownName(fields.issuer, knownIssuers);
    if (known) fields.issuer = known;
  }
  const formFields: OcrFormFields = {
    numberSymbol: fields.numberSymbol ?? "",
    docTypeCode: fields.docTypeCode ?? "",
    issuedDate: fields.issuedDate ?? "",
    issuerName: fields.issuer ? organNameCase(fields.issuer) : "",
    summary: fields.summary ?? "",
    signerName: fields.signerName ?? "",
    signerTitle: fields.signerTitle ?? "",
  };
  const keys = Object.keys(formFields) as (keyof OcrFormFields)[];
  return { formFields, extracted: keys.filter((k) => formFields[k] !== ""), low: keys, fields };
}

/** Queues the OCR of an uploaded scan, inside the caller's transaction (the upload's). */
export function queueIncomingOcr(tx: Tx, options: { fileId: number; pageCount: number; isImage?: boolean; at: Date }): FileDerivation {
  const job = enqueueJob(tx, {
    kind: INCOMING_OCR_JOB,
    payload: { sourceFileId: options.fileId, pageCount: options.pageCount, isImage: options.isImage ?? false },
    at: options.at,
  });
  return tx
    .insert(fileDerivations)
    .values({ sourceFileId: options.fileId, kind: "ocr", state: "pending", jobId: job.id, createdAt: options.at })
    .returning()
    .get();
}

export function ocrDerivationOf(db: DbOrTx, sourceFileId: number): FileDerivation | undefined {
  return db
    .select()
    .from(fileDerivations)
    .where(and(eq(fileDerivations.sourceFileId, sourceFileId), eq(fileDerivations.kind, "ocr")))
    .get();
}

/** The OCR text of a scan, when its OCR has finished (registration uses it as the search text). */
export function ocrTextOf(db: DbOrTx, sourceFileId: number): string | null {
  const d = ocrDerivationOf(db, sourceFileId);
  return d?.state === "done" ? d.text : null;
}

type OcrPayload = { sourceFileId: number; pageCount: number; isImage: boolean };

/** Fills the registered document's empty fields and search text from the OCR; never overwrites the clerk's. */
function completeRegisteredDocuments(tx: Tx, sourceFileId: number, ocr: OcrFieldsResult, text: string, at: Date, derivationId: number) {
  const docs = tx.select().from(incomingDocuments).where(eq(incomingDocuments.fileId, sourceFileId)).all();
  for (const doc of docs) {
    if (doc.isSecret) continue;
    const filled: Record<string, string> = {};
    const patch: Partial<typeof incomingDocuments.$inferInsert> = { extractedText: doc.extractedText ?? text };
    if (!doc.issuedDate && ocr.formFields.issuedDate) (patch.issuedDate = ocr.formFields.issuedDate), (filled.issuedDate = ocr.formFields.issuedDate);
    if (!doc.signerName && ocr.formFields.signerName) (patch.signerName = ocr.formFields.signerName), (filled.signerName = ocr.formFields.signerName);
    if (!doc.signerTitle && ocr.formFields.signerTitle) (patch.signerTitle = ocr.formFields.signerTitle), (filled.signerTitle = ocr.formFields.signerTitle);
    if (Object.keys(filled).length) patch.needsReview = true;
    tx.update(incomingDocuments).set(patch).where(eq(incomingDocuments.id, doc.id)).run();
    const row = { ...doc, ...patch } as typeof doc;
    // Same folded body as indexIncomingForSearch (documents.server.ts), which this file cannot import
    // without a cycle while the incoming services are being split.
    tx.run(sql`delete from incoming_documents_fts where rowid = ${doc.id}`);
    tx.run(sql`insert into incoming_documents_fts(rowid, body) values (${doc.id}, ${incomingSearchBody(row)})`);
    appendAuditEvent(tx, {
      at,
      actorId: null,
      organizationId: doc.organizationId,
      ipAddress: null,
      action: "incoming.ocr_completed",
      entityType: "incoming_document",
      entityId: doc.id,
      fromState: null,
      toState: null,
      comment: null,
      detail: { derivationId, filled },
    });
  }
}

async function runIncomingOcrJob(ctx: JobContext, payload: unknown) {
  const p = payload as OcrPayload;
  const derivation = ocrDerivationOf(ctx.db, p.sourceFileId);
  const source = getFileRow(ctx.db, p.sourceFileId);
  if (!derivation || !source) throw new PermanentJobError("scan not found");
  let result: OcrResult;
  try {
    result = await runOcr(new Uint8Array(readStoredFile(ctx.dataDir, source)), { isImage: p.isImage, pageCount: p.pageCount });
  } catch (error) {
    const final = ctx.job.attempts >= ctx.job.maxAttempts || (error instanceof OcrError && error.code === "MISSING_TOOL");
    if (final) markFailed(ctx, derivation.id, (error as Error).message);
    throw error instanceof OcrError && error.code === "MISSING_TOOL" ? new PermanentJobError(error.message) : error;
  }
  const ocr = ocrFieldsFromText(result.textLayer, knownIssuerNames(ctx.db));
  const blob = writeBlob(ctx.dataDir, result.pdf);
  const at = new Date();
  ctx.complete((tx) => {
    const derived = insertFileRow(tx, {
      blob,
      mimeType: "application/pdf",
      originalName: `${(source.originalName ?? "ban-quet").replace(/\.[^.]+$/, "")}.ocr.pdf`,
      createdBy: source.createdBy,
      at,
    });
    tx.update(fileDerivations)
      .set({
        state: "done",
        derivedFileId: derived.id,
        text: result.text,
        pages: JSON.stringify(
          result.pages.map((page, i) => {
            const skew = result.skewDegrees[i];
            return { ...page, deskewed: result.deskewed, skewDegrees: skew === null || skew === undefined ? null : Math.round(skew * 100) / 100 };
          }),
        ),
        fields: JSON.stringify({ formFields: ocr.formFields, extracted: ocr.extracted, low: ocr.low }),
        completedAt: at,
        error: null,
      })
      .where(eq(fileDerivations.id, derivation.id))
      .run();
    completeRegisteredDocuments(tx, p.sourceFileId, ocr, result.text, at, derivation.id);
  });
}

function markFailed(ctx: JobContext, derivationId: number, error: string) {
  ctx.db
    .update(fileDerivations)
    .set({ state: "failed", error: error.slice(0, 1000), completedAt: new Date() })
    .where(eq(fileDerivations.id, derivationId))
    .run();
}

registerJobHandler(INCOMING_OCR_JOB, runIncomingOcrJob);

export type OcrStatus = {
  state: "queued" | "running" | "done" | "failed";
  attempts: number;
  fields: OcrFormFields | null;
  extractedFields: string[];
  lowConfidenceFields: string[];
  pages: OcrPage[];
  derivedFileId: number | null;
  error: string | null;
};

/**
 * Progress of a scan's OCR for the registration form (polled). Only the uploader of the scan, or someone
 * who can see a document registered with it, may ask; anyone else gets NOT_FOUND.
 */
export function getIncomingOcrStatus(ctx: ServiceContext, fileId: number): OcrStatus {
  const file = Number.isInteger(fileId) && fileId > 0 ? ctx.db.select().from(files).where(eq(files.id, fileId)).get() : undefined;
  const mayRead =
    file &&
    (file.createdBy === ctx.actor.id ||
      ctx.actor.id === 0 ||
      ctx.db
        .select({ id: incomingDocuments.id })
        .from(incomingDocuments)
        .where(and(eq(incomingDocuments.fileId, fileId), eq(incomingDocuments.organizationId, ctx.actor.organizationId)))
        .get());
  const derivation = mayRead ? ocrDerivationOf(ctx.db, fileId) : undefined;
  if (!derivation) throw new AppError(AppErrorCode.NOT_FOUND, CommonMessages.NOT_FOUND("tệp"));
  return statusOf(ctx.db, derivation);
}

function statusOf(db: DbOrTx, derivation: FileDerivation): OcrStatus {
  const job = derivation.jobId ? getJob(db, derivation.jobId) : undefined;
  const parsed = derivation.fields ? (JSON.parse(derivation.fields) as { formFields: OcrFormFields; extracted: string[]; low: string[] }) : null;
  const state =
    derivation.state === "done"
      ? "done"
      : derivation.state === "failed" || job?.state === "failed"
        ? "failed"
        : job?.state === "running"
          ? "running"
          : "queued";
  return {
    state,
    attempts: job?.attempts ?? 0,
    fields: parsed?.formFields ?? null,
    extractedFields: parsed?.extracted ?? [],
    lowConfidenceFields: parsed?.low ?? [],
    pages: derivation.pages ? (JSON.parse(derivation.pages) as OcrPage[]) : [],
    derivedFileId: derivation.derivedFileId,
    error: derivation.error ?? job?.lastError ?? null,
  };
}

/**
 * Runs the queued OCR of `fileId` in this process and waits for it (CLI import: the batch has no form to
 * come back to). Other due jobs may run first; the loop stops when this one is done or failed.
 */
export async function waitForIncomingOcr(ctx: ServiceContext, fileId: number): Promise<OcrStatus> {
  for (;;) {
    const derivation = ocrDerivationOf(ctx.db, fileId);
    if (!derivation) throw new AppError(AppErrorCode.NOT_FOUND, CommonMessages.NOT_FOUND("tệp"));
    const status = statusOf(ctx.db, derivation);
    if (status.state === "done" || status.state === "failed") return status;
    const ran = await runOneJob({ db: ctx.db, dataDir: ctx.dataDir, now: () => nowOf(ctx) });
    if (!ran) await new Promise((r) => setTimeout(r, 500));
  }
}

export type ScanImageKind = "png" | "jpeg" | "tiff";

/** JPEG, PNG or TIFF by their first bytes (TIFF: "II*\0" or "MM\0*"). */
export function scanImageKind(bytes: Uint8Array): ScanImageKind | null {
  if (bytes.length > 8 && bytes[0] === 0x89 && bytes[1] === 0x50 && bytes[2] === 0x4e && bytes[3] === 0x47) return "png";
  if (bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return "jpeg";
  if (
    (bytes[0] === 0x49 && bytes[1] === 0x49 && bytes[2] === 0x2a && bytes[3] === 0) ||
    (bytes[0] === 0x4d && bytes[1] === 0x4d && bytes[2] === 0 && bytes[3] === 0x2a)
  )
    return "tiff";
  return null;
}

const MIME: Record<ScanImageKind, string> = { png: "image/png", jpeg: "image/jpeg", tiff: "image/tiff" };
export const IMAGE_PDF_LIMITS = { maxPages: 200, timeoutMs: 120_000, maxMemoryMb: 1024 } as const;

/**
 * A scan uploaded as an image: the image is stored as uploaded; an image-only PDF is made from it in the
 * untrusted pool (app/platform/ocr/image-pdf.task.ts) and linked to it (file_derivations, kind
 * "original-image"); that PDF is what the document is registered with, and its OCR is queued like any scan.
 */
export async function prepareIncomingImageUpload(
  ctx: ServiceContext,
  options: { bytes: Uint8Array; originalName: string; kind: ScanImageKind; createdBy: number | null },
): Promise<IncomingUploadResult> {
  let wrapped: ImagePdfResult;
  try {
    wrapped = await runUntrusted<ImagePdfResult>(
      "image-pdf",
      { bytes: options.bytes, kind: options.kind, maxPages: IMAGE_PDF_LIMITS.maxPages },
      { timeoutMs: IMAGE_PDF_LIMITS.timeoutMs, maxMemoryMb: IMAGE_PDF_LIMITS.maxMemoryMb },
    );
  } catch (error) {
    if (error instanceof UntrustedTaskError) {
      if (error.code === "BUSY") throw new AppError(AppErrorCode.RATE_LIMITED, error.message);
      throw new AppError(AppErrorCode.VALIDATION, error.message, { file: error.message });
    }
    throw error;
  }
  const imageBlob = writeBlob(ctx.dataDir, options.bytes);
  const pdfBlob = writeBlob(ctx.dataDir, wrapped.pdf);
  const now = nowOf(ctx);
  const pdfName = `${(options.originalName || "ban-quet").replace(/\.[^.]+$/, "")}.pdf`;
  const pdfFile = writeTransaction(ctx.db, (tx) => {
    const image = insertFileRow(tx, {
      blob: imageBlob,
      mimeType: MIME[options.kind],
      originalName: options.originalName || `ban-quet.${options.kind}`,
      createdBy: options.createdBy,
      at: now,
    });
    const pdf = insertFileRow(tx, { blob: pdfBlob, mimeType: "application/pdf", originalName: pdfName, createdBy: options.createdBy, at: now });
    tx.insert(fileDerivations)
      .values({ sourceFileId: pdf.id, kind: "original-image", state: "done", derivedFileId: image.id, createdAt: now, completedAt: now })
      .run();
    queueIncomingOcr(tx, { fileId: pdf.id, pageCount: wrapped.pageCount, at: now });
    return pdf;
  });
  const empty = { numberSymbol: "", docTypeCode: "", issuedDate: "", issuerName: "", summary: "", signerName: "", signerTitle: "" };
  return {
    fileId: pdfFile.id,
    sha256: pdfFile.sha256,
    originalName: pdfName,
    size: pdfFile.size,
    pageCount: wrapped.pageCount,
    hasTextLayer: false,
    fields: empty,
    extractedFields: [],
    lowConfidenceFields: [],
    ocrPending: true,
  };
}
