// Recall and update packets (QCVN 102:2016 BussinessDocType 1 and 2) on the received copies: a recall marks each
// copy recalled (no further routing; the clerk sees why) and is answered with 15 or 16; an update replaces the
// metadata and, when it carries one, the PDF, with a trail entry. Split from inbox.server.ts (the packet intake), which calls it in its transaction.
import { and, eq, inArray } from "drizzle-orm";
import type { Tx } from "#db/client";
import { edxmlReceivedAttachments, edxmlReceivedDocuments, files, incomingDocuments, type organizations, type IncomingDocument } from "#db/schema/index";
import { docTypeCodeOf, urgencyOfPriority, type DocumentPacket, type StatusCode } from "#edxml/index";
import { URGENCY_RANK } from "#app/domain/incoming/incoming";
import { appendAuditEvent } from "#app/platform/audit.server";
import { INCOMING_ENTITY, indexIncomingForSearch, type IncomingSignatureStatus } from "#app/features/incoming/index";
import { incomingChangedBySender } from "#app/features/notifications/index";
import { NotificationMessages } from "#app/messages/notifications";
import { insertFileRow, type WrittenBlob } from "#app/platform/files/files.server";
import { enqueueEdxmlStatus, organInfoOf } from "#app/features/exchange/outbox.server";
import { peerOfOrganId } from "#app/features/exchange/peers.server";
import { present } from "#app/utils/errors";

/** A packet refused with a reason (recorded in the inbox; nothing else stored). */
export class Refused extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** A corrected PDF's checks, made before the transaction (inbox.server.ts checkCorrectedPdf). */
export type CorrectedPdfCheck = { pageCount: number | null; signature: IncomingSignatureStatus };

/** The main PDF's file row: named by the document's number (12-UBND-VP.pdf). */
export function mainFileName(numberSymbol: string): string {
  return `${numberSymbol.replace(/\//g, "-")}.pdf`;
}

type RecallOrUpdateInput = {
  packet: DocumentPacket;
  hosted: Array<typeof organizations.$inferSelect>;
  peerId: number | null;
  at: Date;
  /** The packet's inbox business key (an update's: its trace time): names its answer and its notification. */
  businessKey: string;
  /** An update's files, stored: the corrected PDF at `pdfIndex` (-1: none), checked by `check`. */
  files: { pdfIndex: number; list: Array<{ blob: WrittenBlob; name: string; contentType: string }>; check: CorrectedPdfCheck | null } | null;
  /** A genuine update re-applied after a stored copy of it that was not (ADR 0019). */
  supersedes: { sha256: string; xmlSignature: "valid" | "invalid" | "absent" | null } | null;
};

/** Thu hồi (1) or cập nhật (2) of a copy received earlier; answered with 15 (accepted) or 16 (refused). */
export function applyRecallOrUpdate(tx: Tx, dataDir: string, input: RecallOrUpdateInput): number[] {
  const p = input.packet;
  const copies = tx
    .select({ link: edxmlReceivedDocuments, doc: incomingDocuments })
    .from(edxmlReceivedDocuments)
    .innerJoin(incomingDocuments, eq(incomingDocuments.id, edxmlReceivedDocuments.incomingDocumentId))
    .where(
      and(
        eq(edxmlReceivedDocuments.documentId, p.documentId),
        inArray(
          edxmlReceivedDocuments.recipientOrganId,
          input.hosted.map((o) => present(o.identifier, "a hosted OrganId")),
        ),
      ),
    )
    .all();
  if (copies.length === 0)
    throw new Refused("UNKNOWN_DOCUMENT", `Không có văn bản ${p.documentId} đã nhận để ${p.businessDocType === 1 ? "thu hồi" : "cập nhật"}.`);
  const affected: number[] = [];
  for (const { link, doc } of copies) {
    const org = present(
      input.hosted.find((o) => o.identifier === link.recipientOrganId),
      "the hosted recipient",
    );
    const peerId = link.peerId ?? input.peerId ?? peerOfOrganId(tx, link.senderOrganId)?.id ?? null;
    let code: StatusCode;
    let description: string;
    if (p.businessDocType === 1) {
      // A copy already handled to completion keeps its result: the recall is refused (16) with the reason.
      if (doc.status === "completed" || doc.recalledAt) {
        code = "16";
        description = doc.recalledAt ? "Văn bản đã được thu hồi trước đó" : "Văn bản đã được xử lý xong, không thu hồi được";
      } else {
        code = "15";
        description = "Đồng ý thu hồi";
        const reason = p.businessReason || "Cơ quan ban hành thu hồi văn bản";
        tx.update(incomingDocuments)
          .set({ recalledAt: input.at, recallReason: reason, version: doc.version + 1, updatedAt: input.at })
          .where(eq(incomingDocuments.id, doc.id))
          .run();
        tx.update(edxmlReceivedDocuments).set({ recalled: true }).where(eq(edxmlReceivedDocuments.incomingDocumentId, doc.id)).run();
        appendAuditEvent(tx, {
          at: input.at,
          actorId: null,
          organizationId: doc.organizationId,
          action: "incoming.recalled",
          entityType: INCOMING_ENTITY,
          entityId: doc.id,
          fromState: doc.status,
          toState: doc.status,
          comment: reason,
          detail: { edxmlDocumentId: p.documentId },
        });
        affected.push(doc.id);
      }
    } else {
      if (doc.recalledAt) {
        code = "16";
        description = "Văn bản đã bị thu hồi";
      } else {
        const pdf = applyUpdate(tx, input, doc);
        code = "15";
        description = pdf ? "Đã cập nhật thông tin và tệp văn bản" : "Đã cập nhật thông tin văn bản";
        affected.push(doc.id);
      }
    }
    // Each update is answered once (its business key names it); keyed by the code alone, every update after the
    // first — and a recall after an update — found the first answer there and was never answered.
    const answers = p.businessDocType === 2 ? input.businessKey : undefined;
    if (peerId) enqueueEdxmlStatus(tx, dataDir, { peerId, origin: link, from: organInfoOf(org), code, description, at: input.at, answers });
  }
  return affected;
}

/**
 * Writes what a sender's packet changes on a received copy (a new version, re-indexed for search) and returns the
 * same fields as they were, for the trail entry, with the row as written. Used by updates and by a genuine packet replacing a tampered copy.
 */
export function updateReceivedCopy(
  tx: Tx,
  doc: IncomingDocument,
  next: Partial<IncomingDocument>,
  at: Date,
): { before: Record<string, unknown>; row: IncomingDocument } {
  const before = Object.fromEntries(Object.keys(next).map((k) => [k, doc[k as keyof IncomingDocument]]));
  const row = tx
    .update(incomingDocuments)
    .set({ ...next, version: doc.version + 1, updatedAt: at })
    .where(eq(incomingDocuments.id, doc.id))
    .returning()
    .get();
  indexIncomingForSearch(tx, row);
  return { before, row };
}

/**
 * Applies an update to one copy: its metadata and, when the packet carries one, its corrected PDF — stored
 * byte-identical as the document's file, the old one kept in the store and named in the trail entry, the page count
 * read from the new PDF. A copy someone already holds (registered or further) is still updated, the sender having
 * corrected its document, and its handlers and clerks are told. Returns whether the PDF was replaced.
 */
function applyUpdate(tx: Tx, input: RecallOrUpdateInput, doc: IncomingDocument): boolean {
  const p = input.packet;
  const files = input.files;
  const pdf = files && files.pdfIndex >= 0 ? files.list[files.pdfIndex] : null;
  const urgency = urgencyOfPriority(p.priority);
  const next: Partial<IncomingDocument> = {
    summary: p.subject || doc.summary,
    docTypeCode: p.docType.typeName || p.docType.type ? docTypeCodeOf(p.docType.type, p.docType.typeName) : doc.docTypeCode,
    signerName: p.signer.fullName || doc.signerName,
    // Competence + position, as a received copy stores them (inbox.server.ts deliverPacket); it was left as sent first.
    signerTitle: [p.signer.competence, p.signer.position].filter(Boolean).join(" ") || doc.signerTitle,
    urgency,
    urgencyRank: URGENCY_RANK[urgency],
    handlingDeadline: p.dueDate ?? doc.handlingDeadline,
    // The new PDF's own count when it opens; else what the packet says.
    pageCount: (pdf ? files?.check?.pageCount : null) ?? p.pageAmount ?? doc.pageCount,
  };
  let file: { before: StoredFileRef | null; after: StoredFileRef; signature: string | null } | null = null;
  if (pdf) {
    const row = insertFileRow(tx, { blob: pdf.blob, mimeType: "application/pdf", originalName: mainFileName(doc.numberSymbol), at: input.at });
    next.fileId = row.id;
    file = { before: doc.fileId ? storedFileRef(tx, doc.fileId) : null, after: storedFileRef(tx, row.id), signature: files?.check?.signature.label ?? null };
  }
  if (files) replaceListedFiles(tx, doc.id, files.list, files.pdfIndex, file?.before?.sha256 ?? null, input.at);
  const { before, row } = updateReceivedCopy(tx, doc, next, input.at);
  const resent = input.supersedes
    ? `Áp dụng theo gói tin cập nhật có chữ ký số hợp lệ, được tin cậy (bản nhận trước của gói tin này: chữ ký số ${input.supersedes.xmlSignature === "invalid" ? "không hợp lệ" : "không có hoặc chưa được tin cậy"}).`
    : null;
  appendAuditEvent(tx, {
    at: input.at,
    actorId: null,
    organizationId: doc.organizationId,
    action: "incoming.edxml_update",
    entityType: INCOMING_ENTITY,
    entityId: doc.id,
    fromState: doc.status,
    toState: doc.status,
    comment: [p.businessReason, resent].filter(Boolean).join(" ") || null,
    detail: { edxmlDocumentId: p.documentId, before, after: next, ...(file ? { file } : {}) },
  });
  if (doc.status !== "received")
    incomingChangedBySender(tx, row, {
      title: NotificationMessages.INCOMING_UPDATED_BY_SENDER(row.numberSymbol, pdf !== null),
      link: `/incoming/${doc.id}`,
      at: input.at,
      eventSeed: `update:${input.businessKey}`,
    });
  return pdf !== null;
}

type StoredFileRef = { fileId: number; name: string; sha256: string; size: number };

function storedFileRef(tx: Tx, fileId: number): StoredFileRef {
  const f = present(tx.select().from(files).where(eq(files.id, fileId)).get(), "a stored file");
  return { fileId: f.id, name: f.originalName ?? "", sha256: f.sha256, size: f.size };
}

/**
 * The packet's file list on the document page after an update: the corrected PDF takes the old main PDF's place, an
 * appendix replaces the one of the same name, anything else is added after the others. The old files stay stored.
 */
function replaceListedFiles(
  tx: Tx,
  incomingDocumentId: number,
  list: NonNullable<RecallOrUpdateInput["files"]>["list"],
  pdfIndex: number,
  oldMainSha256: string | null,
  at: Date,
): void {
  const listed = tx
    .select({ id: edxmlReceivedAttachments.id, name: edxmlReceivedAttachments.name, position: edxmlReceivedAttachments.position, sha256: files.sha256 })
    .from(edxmlReceivedAttachments)
    .innerJoin(files, eq(files.id, edxmlReceivedAttachments.fileId))
    .where(eq(edxmlReceivedAttachments.incomingDocumentId, incomingDocumentId))
    .all();
  let nextPosition = listed.reduce((max, r) => Math.max(max, r.position + 1), 0);
  list.forEach((f, i) => {
    const file = insertFileRow(tx, { blob: f.blob, mimeType: f.contentType || "application/octet-stream", originalName: f.name, at });
    const target = i === pdfIndex ? listed.find((r) => r.sha256 === oldMainSha256) : listed.find((r) => r.name === f.name && r.sha256 !== oldMainSha256);
    if (target)
      tx.update(edxmlReceivedAttachments)
        .set({ fileId: file.id, name: f.name, contentType: f.contentType })
        .where(eq(edxmlReceivedAttachments.id, target.id))
        .run();
    else
      tx.insert(edxmlReceivedAttachments)
        .values({ incomingDocumentId, fileId: file.id, name: f.name, contentType: f.contentType, position: nextPosition++ })
        .run();
  });
}
