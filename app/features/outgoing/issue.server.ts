// Issue (phát hành, Decree 30/2020 Art. 14–18): organisation signature with the number and date, register
// entry, status and liên thông delivery, with bounded retries when another clerk took the number.
import { eq } from "drizzle-orm";
import { PDFDocument } from "pdf-lib";
import { writeTransaction, type Tx } from "#db/client";
import { outgoingAttachments, outgoingDocuments, outgoingRecipients, outgoingRegisterEntries, users, type OutgoingDocument } from "#db/schema/index";
import { nextNumber } from "#app/domain/outgoing/numbering";
import { appendAuditEvent } from "#app/platform/audit.server";
import { auditActorOf, nowOf, type ServiceContext } from "#app/platform/context.server";
import {
  applyAttachmentSignature,
  applyOrganizationSignature,
  verifySignatures,
  type OrganizationSignatureOptions,
  type RevocationWarning,
  type SignatureReport,
} from "#app/platform/signing/document-signing.server";
import { getFileRow, insertFileRow, readStoredFile, writeBlob, type WrittenBlob } from "#app/platform/files/files.server";
import { deliverToIncomingQueue } from "#app/features/incoming/index";
import { loadOrganizationSigningMaterial } from "#app/platform/signing/credentials.server";
import { enqueueEdxmlDelivery, prepareEdxmlIssuePackets, type EdxmlIssuePlan } from "#app/features/exchange/outbox.server";
import { AppError, AppErrorCode } from "#app/utils/errors";
import { ensureBook, lastNumberIn, proposalFor } from "./numbering.server";
import { OUTGOING_ENTITY, decide, loadVisible, readFileBytes } from "./visibility.server";
import { CommonMessages } from "#app/messages/common";
import { OutgoingMessages } from "#app/messages/outgoing";
import { openOrganizationSigner } from "#app/features/outgoing/device-signing.server";

/** Bounded retries when another clerk took the proposed number while we were signing. */
const ISSUE_MAX_ATTEMPTS = 5;

/** A signature in the leader-signed file that is not the leader's (the uploaded PDF was signed elsewhere first). */
export type EarlierSignature = { fieldName: string; signerName: string | null; valid: boolean; trusted: boolean };

/** What the issue step learned about the leader-signed file: the leader's field and the signatures made before it. */
export type LeaderSignatureCheck = { leaderFieldName: string; earlierSignatures: EarlierSignature[] };

/**
 * An unreachable OCSP responder for a signature made elsewhere, kept in the issue's audit row (`revocationWarnings`)
 * and shown on the document page; `file` is the attachment's name, null for the document itself.
 */
export type IssueRevocationWarning = RevocationWarning & { file: string | null };

/**
 * The leader's signature among a file's reports: the last signature (by the end of the revision it covers), which
 * is the revision our signing step appended, and made with the certificate recorded at signing. Earlier
 * signatures belong to whoever signed the uploaded PDF before (a decree from another body, a form signed by its
 * author): they are not the competent person's and are not searched.
 */
export function findLeaderSignature(reports: SignatureReport[], leaderCertificateName: string | null): SignatureReport | null {
  const signatures = reports.filter((r) => r.kind === "signature");
  const last = signatures.reduce<SignatureReport | null>((a, r) => (a && (a.revisionEnd ?? -1) >= (r.revisionEnd ?? -1) ? a : r), null);
  return last && leaderCertificateName && last.signerName === leaderCertificateName ? last : null;
}

/**
 * Decree 30 Art. 32 k.2: the clerk seals only documents signed by the competent person. The current file must be
 * the leader-signed revision, made by the intended signer, and the leader's own signature must verify, chain to a
 * trust anchor, be made with the certificate recorded at signing and cover its whole revision with nothing
 * forbidden after it. Signatures made on the uploaded PDF before the leader signed are returned (they go into the
 * issue's audit row) but do not block: an invalid or untrusted foreign signature is not the leader's to answer for.
 * The refusal cannot be cured by retrying: the message sends the document back (signed --return--> draft).
 */
export async function assertLeaderSignature(ctx: ServiceContext, doc: OutgoingDocument, pdf: Uint8Array): Promise<LeaderSignatureCheck> {
  const reports = await verifySignatures(ctx.dataDir, pdf);
  const leader = findLeaderSignature(reports, doc.leaderCertificateName);
  const ok =
    doc.signedBy === doc.signerId &&
    doc.fileId === doc.leaderSignedFileId &&
    !!leader &&
    leader.valid &&
    leader.trusted &&
    leader.certValidAtSigning &&
    leader.coversRevision &&
    !leader.modifiedAfter;
  if (!ok) throw new AppError(AppErrorCode.INVALID_STATE, OutgoingMessages.LEADER_SIGNATURE_INVALID);
  return {
    leaderFieldName: leader.fieldName,
    earlierSignatures: reports
      .filter((r) => r !== leader)
      .map((r) => ({ fieldName: r.fieldName, signerName: r.signerName, valid: r.valid && r.coversRevision && !r.modifiedAfter, trusted: r.trusted })),
  };
}

/** PDF attachments (separate files) to be signed by the organisation at issue, with their first page size. */
export async function loadPdfAttachments(ctx: ServiceContext, documentId: number) {
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
      throw new AppError(AppErrorCode.VALIDATION, OutgoingMessages.ATTACHMENT_NOT_SIGNABLE(row.name));
    }
  }
  return out;
}

function extractedTextOf(doc: OutgoingDocument): string {
  const compose = doc.composeInput ? (JSON.parse(doc.composeInput) as { body?: string }) : {};
  return [doc.summary, compose.body ?? ""].filter(Boolean).join("\n");
}

export type IssueProposalDraft = ReturnType<typeof proposalFor>;

/** The number, the date and the seal of the issue signature, for the server's signer and the clerk's device alike. */
export function organizationSignatureInput(
  doc: OutgoingDocument,
  proposal: IssueProposalDraft,
  sealImage: Uint8Array | null,
  now: Date,
): Omit<OrganizationSignatureOptions, "signer"> {
  return {
    organizationName: proposal.org.name,
    sealImagePng: sealImage,
    signingTime: now,
    formValues: doc.source === "composed" ? { so_ky_hieu: proposal.numberSymbol, ngay_thang: proposal.dateLine } : {},
    stamps:
      doc.source === "composed"
        ? undefined
        : [
            // A PDF without "Số:" / "ngày" lines (a scan, another layout) gets both in the Phụ lục I places.
            { text: proposal.numberSymbol, anchorText: "Số:", fallback: { slot: "number", text: `Số: ${proposal.numberSymbol}` } },
            // An uploaded PDF already prints the place before "ngày": the stamp covers the date part only.
            {
              text: proposal.dateLine.slice(proposal.dateLine.indexOf("ngày")),
              anchorText: "ngày",
              replaceAnchor: true,
              fontSize: 13,
              fallback: { slot: "date", text: proposal.dateLine },
            },
          ],
  };
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
  if (!doc.fileId) throw new AppError(AppErrorCode.INVALID_STATE, OutgoingMessages.DOCUMENT_HAS_NO_PDF);
  const material = loadOrganizationSigningMaterial(ctx, doc.organizationId);
  const now = nowOf(ctx);
  const base = readFileBytes(ctx, doc.fileId);
  const { leaderFieldName, earlierSignatures } = await assertLeaderSignature(ctx, doc, base);
  const signerRow = ctx.db.select({ fullName: users.fullName }).from(users).where(eq(users.id, doc.signerId)).get();
  const pdfAttachments = await loadPdfAttachments(ctx, doc.id);
  // The organisation's seal: its PKCS#12 file or its server token (issue 13); closed whatever happens.
  const signer = await openOrganizationSigner(ctx, { organizationId: doc.organizationId, p12: material.p12, secret: options.passphrase, at: now });
  try {
    for (let attempt = 1; attempt <= ISSUE_MAX_ATTEMPTS; attempt++) {
      const proposal = proposalFor(ctx.db, doc, now);
      const { pdf: signed, revocationWarnings } = await applyOrganizationSignature(base, {
        signer,
        leaderFieldName,
        ...organizationSignatureInput(doc, proposal, material.sealImage, now),
      });
      const warnings: IssueRevocationWarning[] = revocationWarnings.map((w) => ({ ...w, file: null }));
      const blob = writeBlob(ctx.dataDir, signed);
      const signedAttachments: Array<{ id: number; blob: ReturnType<typeof writeBlob>; name: string }> = [];
      for (const attachment of pdfAttachments) {
        const issued = await applyAttachmentSignature(attachment.bytes, {
          signer,
          numberSymbol: proposal.numberSymbol,
          signingTime: now,
          pageSize: attachment.pageSize,
        });
        warnings.push(...issued.revocationWarnings.map((w) => ({ ...w, file: attachment.name })));
        signedAttachments.push({ id: attachment.id, blob: writeBlob(ctx.dataDir, issued.pdf), name: attachment.name });
      }
      // Recipients hosted on another system get a signed edXML packet (QCVN 102:2016), built here and enqueued below.
      const edxml = prepareEdxmlIssuePackets(ctx, {
        doc,
        numberSymbol: proposal.numberSymbol,
        issuedDate: proposal.issuedDate,
        organization: proposal.org,
        signer,
        signerName: signerRow?.fullName ?? "",
        signedPdf: signed,
        signedAttachments,
        at: now,
      });
      const result = writeTransaction(ctx.db, (tx) =>
        recordIssue(tx, ctx, {
          doc,
          proposal,
          blob,
          signedAttachments,
          edxml,
          copies: options.copies ?? null,
          signerName: signerRow?.fullName ?? "",
          now,
          auditDetail: {
            attempt,
            ...(earlierSignatures.length ? { earlierSignatures } : {}),
            ...(warnings.length ? { revocationWarnings: warnings } : {}),
          },
        }),
      );
      if (result) return { ...result, attempts: attempt };
    }
  } finally {
    signer.close(); // a PKCS#11 token: logout, close the session
  }
  throw new AppError(AppErrorCode.CONFLICT, OutgoingMessages.NUMBER_CONTENDED);
}

export type RecordIssueInput = {
  doc: OutgoingDocument;
  proposal: IssueProposalDraft;
  /** The signed main document and attachments, already written (fsynced) as blobs. */
  blob: WrittenBlob;
  signedAttachments: Array<{ id: number; blob: WrittenBlob; name: string }>;
  edxml: EdxmlIssuePlan;
  copies: number | null;
  signerName: string;
  now: Date;
  /** Added to the audit row's detail (attempt; method and preparation for the clerk's device). */
  auditDetail: Record<string, unknown>;
};

/**
 * Inside the issue transaction: re-checks the document is still `signed` on the same file and the proposed number
 * still next (null when another clerk took it: the caller signs again or asks to reload), then the register row
 * (unique per org/book/year/number), the files, the status, liên thông deliveries and the audit row, all at once.
 */
export function recordIssue(
  tx: Tx,
  ctx: ServiceContext,
  input: RecordIssueInput,
): { number: number; numberSymbol: string; issuedDate: string; fileId: number } | null {
  const { doc, proposal, blob, signedAttachments, edxml, now } = input;
  const fresh = loadVisible(tx, ctx.actor, doc.id);
  decide(fresh, "issue", ctx.actor);
  if (fresh.fileId !== doc.fileId) throw new AppError(AppErrorCode.CONFLICT, CommonMessages.STALE_FORM("văn bản"));
  const bookId = ensureBook(tx, doc.organizationId, proposal.year, proposal.book, now);
  const last = lastNumberIn(tx, doc.organizationId, bookId, proposal.year);
  if (nextNumber(last) !== proposal.number) return null; // taken meanwhile: sign again with the new number
  const file = insertFileRow(tx, {
    blob,
    mimeType: "application/pdf",
    originalName: `${proposal.numberSymbol.replace(/\//g, "-")}.pdf`,
    createdBy: ctx.actor.id,
    at: now,
  });
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
      copies: input.copies ?? recipients.length + 1,
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
      signerName: input.signerName,
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
    detail: {
      number: proposal.number,
      numberSymbol: proposal.numberSymbol,
      issuedDate: proposal.issuedDate,
      bookId,
      sha256: blob.sha256,
      ...input.auditDetail,
    },
  });
  return { number: proposal.number, numberSymbol: proposal.numberSymbol, issuedDate: proposal.issuedDate, fileId: file.id };
}
