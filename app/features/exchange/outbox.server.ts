// Packets out (QCVN 102:2016): document packets made at issue (signed with the organisation's key while
// the clerk's passphrase is open), recall packets, status messages; all go through the outbox, which is
// idempotent on (DocumentId, recipient OrganId, business key) and is emptied by the dispatcher.
import { and, asc, eq, sql } from "drizzle-orm";
import { preparedOnce, type DbOrTx, type Tx } from "#db/client";
import {
  edxmlDeliveries,
  edxmlOutbox,
  edxmlRemoteOrganizations,
  files,
  organizations,
  outgoingAttachments,
  outgoingDocuments,
  outgoingRecipients,
  type EdxmlPacketKind,
  type Organization,
  type OutgoingDocument,
} from "#db/schema/index";
import {
  PRIORITY_OF_URGENCY,
  buildDocumentPacketXml,
  buildStatusPacketXml,
  edxmlTypeOf,
  formatDocumentId,
  parseEdxmlDate,
  signPacketXml,
  splitNumberSymbol,
  type DocumentPacket,
  type OrganInfo,
  type StatusCode,
  type UrgencyKey,
} from "#edxml/index";
import type { KeyObject } from "node:crypto";
import { findDocumentTypeByCode } from "#app/domain/shared/document-types";
import { getFileRow, insertFileRow, readStoredFile, writeBlob, type WrittenBlob } from "#app/platform/files/files.server";
import { AppError, AppErrorCode } from "#app/utils/errors";
import { ExchangeMessages } from "#app/messages/exchange";
import { present } from "#app/utils/errors";
import { deliveryAnswered, type DeliveryAnswer } from "#app/features/notifications/index";

/** A PKCS#12 key (privateKey) or a PKCS#11 token (signSync, issue 13). */
type PacketKey = { certificateChainDer: Uint8Array[]; privateKey?: KeyObject; signSync?: (data: Uint8Array) => Uint8Array };

export const EDXML_MIME = "application/xml";

export function organInfoOf(org: Pick<Organization, "identifier" | "name" | "placeName">): OrganInfo {
  return { organId: org.identifier ?? "", organName: org.name, organAdd: org.placeName ?? null };
}

type PlannedPacket = { peerId: number; organId: string; blob: WrittenBlob; documentId: string };
export type EdxmlIssuePlan = { packets: Map<number, PlannedPacket> };

export type PrepareIssuePacketsInput = {
  doc: OutgoingDocument;
  numberSymbol: string;
  issuedDate: string;
  organization: Organization;
  signer: PacketKey;
  signerName: string;
  signedPdf: Uint8Array;
  /** Attachments signed at this issue attempt (outgoing_attachments.id → blob). */
  signedAttachments: Array<{ id: number; blob: WrittenBlob; name: string }>;
  at: Date;
};

/** Recipients of the document hosted on a peer (outside this instance). */
function remoteRecipients(db: DbOrTx, outgoingDocumentId: number) {
  return db
    .select({ recipientOrganizationId: outgoingRecipients.recipientOrganizationId, peerId: edxmlRemoteOrganizations.peerId, org: organizations })
    .from(outgoingRecipients)
    .innerJoin(edxmlRemoteOrganizations, eq(edxmlRemoteOrganizations.organizationId, outgoingRecipients.recipientOrganizationId))
    .innerJoin(organizations, eq(organizations.id, outgoingRecipients.recipientOrganizationId))
    .where(and(eq(outgoingRecipients.documentId, outgoingDocumentId), eq(outgoingRecipients.kind, "internal")))
    .orderBy(asc(outgoingRecipients.id))
    .all();
}

/** Whether the issue must also build edXML packets (a recipient hosted on a peer system). */
export function hasRemoteRecipients(db: DbOrTx, outgoingDocumentId: number): boolean {
  return remoteRecipients(db, outgoingDocumentId).length > 0;
}

function headerOf(
  doc: OutgoingDocument,
  org: Organization,
  numberSymbol: string,
  issuedDate: string,
  signerName: string,
  pageCount: number | null,
): Omit<DocumentPacket, "to" | "attachments" | "businessDocType" | "traces"> {
  const { codeNumber, codeNotation } = splitNumberSymbol(numberSymbol);
  const type = findDocumentTypeByCode(doc.docTypeCode);
  const organId = present(org.identifier, "the sender OrganId");
  return {
    from: organInfoOf(org),
    codeNumber,
    codeNotation,
    place: org.placeName ?? org.name,
    promulgationDate: issuedDate,
    docType: edxmlTypeOf(doc.docTypeCode, type?.name),
    subject: doc.summary,
    content: null,
    signer: { competence: doc.signingAuthority ?? null, position: doc.signerTitle, fullName: signerName },
    dueDate: null,
    priority: PRIORITY_OF_URGENCY[doc.urgency as UrgencyKey] ?? 0,
    pageAmount: pageCount,
    appendixes: [],
    toPlaces: (JSON.parse(doc.distributionList || "[]") as string[]).filter(Boolean),
    documentId: formatDocumentId(organId, issuedDate, codeNumber, codeNotation),
  };
}

/**
 * Builds and signs (XML-DSig with the organisation's key) one document packet per recipient hosted on a
 * peer. Runs outside the issue transaction, next to the PDF signature; the blobs are written (fsynced)
 * before the transaction that enqueues them. Returns an empty plan when no recipient is remote.
 */
export function prepareEdxmlIssuePackets(ctx: { db: DbOrTx; dataDir: string }, input: PrepareIssuePacketsInput): EdxmlIssuePlan {
  const plan: EdxmlIssuePlan = { packets: new Map() };
  if (input.doc.confidentiality !== "normal") return plan;
  const remote = remoteRecipients(ctx.db, input.doc.id);
  if (remote.length === 0) return plan;
  if (!input.organization.identifier) throw new AppError(AppErrorCode.VALIDATION, ExchangeMessages.NO_ORGAN_ID_TO_SEND);
  const attachmentRows = ctx.db
    .select()
    .from(outgoingAttachments)
    .where(eq(outgoingAttachments.documentId, input.doc.id))
    .orderBy(asc(outgoingAttachments.id))
    .all();
  const attachments = attachmentRows.map((row, i) => {
    const signedBlob = input.signedAttachments.find((s) => s.id === row.id)?.blob;
    const file = signedBlob ? { sha256: signedBlob.sha256, mimeType: "application/pdf" } : getFileRow(ctx.db, row.fileId);
    if (!file) throw new AppError(AppErrorCode.NOT_FOUND, ExchangeMessages.ATTACHMENT_NOT_FOUND(row.name));
    return {
      contentId: `cid:phuluc${i + 1}@${input.organization.identifier}`,
      name: row.name,
      contentType: file.mimeType,
      bytes: new Uint8Array(readStoredFile(ctx.dataDir, file)),
    };
  });
  const header = headerOf(input.doc, input.organization, input.numberSymbol, input.issuedDate, input.signerName, input.doc.pageCount);
  const mainName = `${input.numberSymbol.replace(/\//g, "-")}.pdf`;
  for (const r of remote) {
    if (!r.recipientOrganizationId || !r.org.identifier) continue;
    const packet: DocumentPacket = {
      ...header,
      businessDocType: 0,
      to: [organInfoOf(r.org)],
      appendixes: attachments.map((a) => a.name),
      traces: [{ organId: input.organization.identifier, timestamp: input.at }],
      attachments: [
        { contentId: `cid:vanban@${input.organization.identifier}`, name: mainName, contentType: "application/pdf", bytes: input.signedPdf },
        ...attachments,
      ],
    };
    const xml = signPacketXml(buildDocumentPacketXml(packet), {
      privateKey: input.signer.privateKey,
      sign: input.signer.signSync,
      chainDer: input.signer.certificateChainDer,
    });
    plan.packets.set(r.recipientOrganizationId, {
      peerId: r.peerId,
      organId: r.org.identifier,
      blob: writeBlob(ctx.dataDir, Buffer.from(xml, "utf8")),
      documentId: header.documentId,
    });
  }
  return plan;
}

export type EnqueueOptions = {
  peerId: number;
  kind: EdxmlPacketKind;
  documentId: string;
  recipientOrganId: string;
  businessKey: string;
  blob: WrittenBlob;
  outgoingDocumentId?: number | null;
  at: Date;
};

/** Inserts the packet in the outbox unless the same (DocumentId, recipient, business key) is there already. */
export function enqueueEdxmlPacket(tx: Tx, options: EnqueueOptions): { outboxId: number; created: boolean } {
  // Prepared once (preparedOnce): every reception from a peer enqueues its "01 Đã đến" here, and drizzle's building
  // of these two statements was ~0.35 ms of that transaction (docs/benchmarks/edxml.md, session 6).
  const existing = preparedOnce(tx, "edxml.outbox.byKey", (d) =>
    d
      .select({ id: edxmlOutbox.id })
      .from(edxmlOutbox)
      .where(
        and(
          eq(edxmlOutbox.documentId, sql.placeholder("documentId")),
          eq(edxmlOutbox.recipientOrganId, sql.placeholder("recipientOrganId")),
          eq(edxmlOutbox.businessKey, sql.placeholder("businessKey")),
        ),
      )
      .prepare(),
  ).get({ documentId: options.documentId, recipientOrganId: options.recipientOrganId, businessKey: options.businessKey });
  if (existing) return { outboxId: existing.id, created: false };
  const file = insertFileRow(tx, { blob: options.blob, mimeType: EDXML_MIME, originalName: `${options.kind}.edxml`, at: options.at });
  const row = preparedOnce(tx, "edxml.outbox.insert", (d) =>
    d
      .insert(edxmlOutbox)
      .values({
        peerId: sql.placeholder("peerId"),
        kind: sql.placeholder("kind"),
        documentId: sql.placeholder("documentId"),
        recipientOrganId: sql.placeholder("recipientOrganId"),
        businessKey: sql.placeholder("businessKey"),
        state: "pending",
        attempts: 0,
        nextAttemptAt: sql.placeholder("at"),
        fileId: sql.placeholder("fileId"),
        outgoingDocumentId: sql.placeholder("outgoingDocumentId"),
        createdAt: sql.placeholder("at"),
      })
      .returning({ id: edxmlOutbox.id })
      .prepare(),
  ).get({
    peerId: options.peerId,
    kind: options.kind,
    documentId: options.documentId,
    recipientOrganId: options.recipientOrganId,
    businessKey: options.businessKey,
    at: options.at,
    fileId: file.id,
    outgoingDocumentId: options.outgoingDocumentId ?? null,
  }) as { id: number };
  return { outboxId: row.id, created: true };
}

/**
 * In the issue transaction: a recipient hosted on a peer gets its packet enqueued (and a delivery row the
 * sender's page reads) instead of an internal delivery. Returns false for recipients hosted here.
 */
export function enqueueEdxmlDelivery(
  tx: Tx,
  plan: EdxmlIssuePlan,
  options: { recipientOrganizationId: number | null; outgoingDocumentId: number; at: Date },
): boolean {
  const planned = options.recipientOrganizationId ? plan.packets.get(options.recipientOrganizationId) : undefined;
  if (!planned) return false;
  enqueueEdxmlPacket(tx, {
    peerId: planned.peerId,
    kind: "document",
    documentId: planned.documentId,
    recipientOrganId: planned.organId,
    businessKey: "0",
    blob: planned.blob,
    outgoingDocumentId: options.outgoingDocumentId,
    at: options.at,
  });
  tx.insert(edxmlDeliveries)
    .values({
      outgoingDocumentId: options.outgoingDocumentId,
      recipientOrganizationId: present(options.recipientOrganizationId, "the recipient organisation"),
      documentId: planned.documentId,
      recipientOrganId: planned.organId,
      statusCode: null,
      description: null,
      updatedAt: options.at,
    })
    .onConflictDoNothing()
    .run();
  return true;
}

/**
 * Thu hồi (Decree 30 Art. 18 k.4; BussinessDocType 1) to every remote recipient of the document, inside
 * the recall transaction. Recall packets carry no attachment and no XML signature (the clerk's key is
 * not open at recall); the transport's per-peer token authenticates them.
 */
export function enqueueEdxmlRecall(tx: Tx, dataDir: string, options: { outgoingDocumentId: number; reason: string; at: Date }): number {
  const deliveries = tx.select().from(edxmlDeliveries).where(eq(edxmlDeliveries.outgoingDocumentId, options.outgoingDocumentId)).all();
  if (deliveries.length === 0) return 0;
  const doc = tx.select().from(outgoingDocuments).where(eq(outgoingDocuments.id, options.outgoingDocumentId)).get();
  const org = doc ? tx.select().from(organizations).where(eq(organizations.id, doc.organizationId)).get() : undefined;
  if (!doc || !org?.identifier || !doc.numberSymbol || !doc.issuedDate) return 0;
  const header = headerOf(doc, org, doc.numberSymbol, doc.issuedDate, "", doc.pageCount);
  let count = 0;
  for (const d of deliveries) {
    const peer = tx
      .select({ peerId: edxmlRemoteOrganizations.peerId })
      .from(edxmlRemoteOrganizations)
      .where(eq(edxmlRemoteOrganizations.organizationId, d.recipientOrganizationId))
      .get();
    const recipient = tx.select().from(organizations).where(eq(organizations.id, d.recipientOrganizationId)).get();
    if (!peer || !recipient) continue;
    const xml = buildDocumentPacketXml({
      ...header,
      documentId: d.documentId,
      businessDocType: 1,
      businessReason: options.reason,
      to: [organInfoOf(recipient)],
      traces: [{ organId: org.identifier, timestamp: options.at }],
      attachments: [],
    });
    const blob = writeBlob(dataDir, Buffer.from(xml, "utf8"));
    if (
      enqueueEdxmlPacket(tx, {
        peerId: peer.peerId,
        kind: "recall",
        documentId: d.documentId,
        recipientOrganId: d.recipientOrganId,
        businessKey: "1",
        blob,
        outgoingDocumentId: doc.id,
        at: options.at,
      }).created
    )
      count++;
  }
  return count;
}

export type StatusOrigin = { documentId: string; senderOrganId: string; senderName: string; recipientOrganId: string };

export type StatusMessageOptions = { origin: StatusOrigin; from: OrganInfo; code: StatusCode; description: string; at: Date };

/** The bytes of a status message (gói tin trạng thái) from the receiving organisation back to the sender. */
export function buildEdxmlStatusBytes(options: StatusMessageOptions): Buffer {
  // DocumentId is "OrganId,yyyy/MM/dd,số/ký hiệu" (QCVN 102:2016); some senders use an opaque id (a UUID, a row
  // number). The answer always echoes it; the sender's OrganId stands in when it cannot be read from it.
  const [organId, date, ...rest] = options.origin.documentId.split(",");
  const promulgationDate = rest.length > 0 ? parseEdxmlDate(date) : null;
  const { codeNumber, codeNotation } = promulgationDate ? splitNumberSymbol(rest.join(",")) : { codeNumber: "", codeNotation: "" };
  const xml = buildStatusPacketXml({
    responseFor: {
      organId: promulgationDate ? organId : options.origin.senderOrganId,
      codeNumber,
      codeNotation,
      promulgationDate: promulgationDate ?? "",
      documentId: options.origin.documentId,
    },
    from: options.from,
    to: { organId: options.origin.senderOrganId, organName: options.origin.senderName },
    statusCode: options.code,
    description: options.description,
    timestamp: options.at,
  });
  return Buffer.from(xml, "utf8");
}

/** Enqueues a status message whose bytes (buildEdxmlStatusBytes) are already in the file store. */
export function enqueueEdxmlStatusBlob(
  tx: Tx,
  options: { peerId: number; origin: StatusOrigin; code: StatusCode; blob: WrittenBlob; at: Date; answers?: string },
): boolean {
  // Status messages are addressed to the sender; the business key keeps one of each code per copy — per packet
  // answered for the answers to updates (`answers`: the update's own business key), which may follow one another.
  return enqueueEdxmlPacket(tx, {
    peerId: options.peerId,
    kind: "status",
    documentId: options.origin.documentId,
    recipientOrganId: `${options.origin.senderOrganId}<${options.origin.recipientOrganId}`,
    businessKey: options.answers ? `status:${options.code}:${options.answers}` : `status:${options.code}`,
    blob: options.blob,
    at: options.at,
  }).created;
}

/** A status message from the receiving organisation back to the sender, via `peerId`. */
export function enqueueEdxmlStatus(tx: Tx, dataDir: string, options: StatusMessageOptions & { peerId: number; answers?: string }): boolean {
  const blob = writeBlob(dataDir, buildEdxmlStatusBytes(options));
  return enqueueEdxmlStatusBlob(tx, { peerId: options.peerId, origin: options.origin, code: options.code, blob, at: options.at, answers: options.answers });
}

/** Sender side: what each remote recipient reported, in the vocabulary of internal deliveries. */
export type EdxmlDeliveryStatus = {
  recipientOrganizationId: number;
  recipientName: string;
  incomingDocumentId: null;
  status: "sending" | "received" | "registered" | "routed" | "in_progress" | "completed" | "returned" | "recalled" | "recall_refused";
  arrivalNumber: null;
  updatedAt: Date;
  returnReason: string | null;
};

const STATUS_OF_CODE: Record<string, EdxmlDeliveryStatus["status"]> = {
  "01": "received",
  "02": "returned",
  "03": "registered",
  "04": "routed",
  "05": "in_progress",
  "06": "completed",
  "13": "recalled",
  "15": "recalled",
  "16": "recall_refused",
};

export function listEdxmlDeliveryStatuses(db: DbOrTx, outgoingDocumentId: number): EdxmlDeliveryStatus[] {
  return db
    .select({ d: edxmlDeliveries, name: organizations.name })
    .from(edxmlDeliveries)
    .innerJoin(organizations, eq(organizations.id, edxmlDeliveries.recipientOrganizationId))
    .where(eq(edxmlDeliveries.outgoingDocumentId, outgoingDocumentId))
    .orderBy(asc(organizations.name))
    .all()
    .map(({ d, name }) => ({
      recipientOrganizationId: d.recipientOrganizationId,
      recipientName: name,
      incomingDocumentId: null,
      status: d.statusCode ? (STATUS_OF_CODE[d.statusCode] ?? "sending") : "sending",
      arrivalNumber: null,
      updatedAt: d.updatedAt,
      returnReason: d.statusCode === "02" || d.statusCode === "16" ? d.description : null,
    }));
}

/** The status codes that answer the sender (the others — 01 arrived, 04 routed, 05 in progress — are progress only). */
const ANSWER_OF_CODE: Partial<Record<string, DeliveryAnswer>> = {
  "02": "returned",
  "03": "registered",
  "06": "completed",
  "13": "recalled",
  "15": "recalled",
  "16": "recall_refused",
};

/** Status codes in the order the receiving workflow moves; a late or repeated message never moves it back. */
const PROGRESS = ["01", "03", "04", "05", "06"];

/** Applies a received status message to the matching delivery; returns how many rows changed. */
/** The OrganIds a document (by its edXML DocumentId) was delivered to on other systems; empty when it never left here. */
export function edxmlDeliveryRecipients(db: DbOrTx, documentId: string): string[] {
  return db
    .select({ organId: edxmlDeliveries.recipientOrganId })
    .from(edxmlDeliveries)
    .where(eq(edxmlDeliveries.documentId, documentId))
    .all()
    .map((r) => r.organId);
}

/** Codes that answer a recall (13 thu hồi, 15 đồng ý, 16 từ chối): they mean something only while one is pending. */
const RECALL_ANSWERS = ["13", "15", "16"];

export function applyEdxmlStatus(tx: Tx, options: { documentId: string; fromOrganId: string; code: StatusCode; description: string; at: Date }): number {
  const rows = tx
    .select()
    .from(edxmlDeliveries)
    .where(and(eq(edxmlDeliveries.documentId, options.documentId), eq(edxmlDeliveries.recipientOrganId, options.fromOrganId)))
    .all();
  let changed = 0;
  for (const row of rows) {
    const before = row.statusCode;
    const forward = !before || !PROGRESS.includes(before) || !PROGRESS.includes(options.code) || PROGRESS.indexOf(options.code) > PROGRESS.indexOf(before);
    if (!forward) continue;
    // A recall answer is taken only for a document we recalled, and only the first one (a 16 after a 15 is ignored):
    // 15/16 for a document never recalled marked it recalled on our side.
    if (RECALL_ANSWERS.includes(options.code)) {
      const recalled = tx.select({ status: outgoingDocuments.status }).from(outgoingDocuments).where(eq(outgoingDocuments.id, row.outgoingDocumentId)).get();
      if (recalled?.status !== "recalled" || (before && RECALL_ANSWERS.includes(before))) continue;
    }
    tx.update(edxmlDeliveries)
      .set({ statusCode: options.code, description: options.description || null, updatedAt: options.at })
      .where(eq(edxmlDeliveries.id, row.id))
      .run();
    changed++;
    // The partner answered (registered, returned, completed, recall accepted or refused): the sender is told.
    const answer = ANSWER_OF_CODE[options.code];
    if (answer) {
      deliveryAnswered(tx, {
        outgoingDocumentId: row.outgoingDocumentId,
        recipientOrganizationId: row.recipientOrganizationId,
        status: answer,
        reason: options.description || null,
        at: options.at,
        eventSeed: `edxml:${options.code}`,
      });
    }
  }
  return changed;
}

export function outboxPacketBytes(db: DbOrTx, dataDir: string, fileId: number): Buffer {
  const file = db.select().from(files).where(eq(files.id, fileId)).get();
  if (!file) throw new Error(`packet file ${fileId} missing`);
  return readStoredFile(dataDir, file);
}

/**
 * `edxml:export`: the document packet of an issued outgoing document for one recipient OrganId, signed
 * with the organisation's PKCS#12 (passphrase typed now, never stored), for manual exchange through an LGSP.
 */
export function exportEdxmlDocumentPacket(
  ctx: { db: DbOrTx; dataDir: string; actor: { organizationId: number; permissions: string[] } },
  options: { documentId: number; toOrganId: string; signer: PacketKey; signerName: string; at: Date },
): { xml: string; documentId: string } {
  const doc = ctx.db.select().from(outgoingDocuments).where(eq(outgoingDocuments.id, options.documentId)).get();
  // Another organisation's document is "not found" (house rule: never confirm it exists).
  if (!doc || doc.organizationId !== ctx.actor.organizationId) throw new AppError(AppErrorCode.NOT_FOUND, ExchangeMessages.OUTGOING_NOT_FOUND);
  if (!ctx.actor.permissions.includes("issue:outgoing")) throw new AppError(AppErrorCode.NOT_FOUND, ExchangeMessages.OUTGOING_NOT_FOUND);
  if ((doc.status !== "issued" && doc.status !== "recalled") || !doc.issuedFileId || !doc.numberSymbol || !doc.issuedDate)
    throw new AppError(AppErrorCode.INVALID_STATE, ExchangeMessages.EXPORT_NEEDS_ISSUED);
  if (doc.confidentiality !== "normal") throw new AppError(AppErrorCode.INVALID_STATE, ExchangeMessages.SECRET_NOT_SENT);
  const org = present(ctx.db.select().from(organizations).where(eq(organizations.id, doc.organizationId)).get(), "the document's organisation");
  if (!org.identifier) throw new AppError(AppErrorCode.VALIDATION, ExchangeMessages.NO_ORGAN_ID);
  const recipient = ctx.db.select().from(organizations).where(eq(organizations.identifier, options.toOrganId)).get();
  const header = headerOf(doc, org, doc.numberSymbol, doc.issuedDate, options.signerName, doc.pageCount);
  const read = (fileId: number) => {
    const file = getFileRow(ctx.db, fileId);
    if (!file) throw new AppError(AppErrorCode.NOT_FOUND, ExchangeMessages.FILE_NOT_FOUND);
    return { bytes: new Uint8Array(readStoredFile(ctx.dataDir, file)), mimeType: file.mimeType };
  };
  const attachmentRows = ctx.db.select().from(outgoingAttachments).where(eq(outgoingAttachments.documentId, doc.id)).orderBy(asc(outgoingAttachments.id)).all();
  const attachments = attachmentRows.map((row, i) => {
    const f = read(row.issuedFileId ?? row.fileId);
    return { contentId: `cid:phuluc${i + 1}@${org.identifier}`, name: row.name, contentType: f.mimeType, bytes: f.bytes };
  });
  const packet: DocumentPacket = {
    ...header,
    businessDocType: 0,
    to: [recipient ? organInfoOf(recipient) : { organId: options.toOrganId, organName: options.toOrganId }],
    appendixes: attachments.map((a) => a.name),
    traces: [{ organId: org.identifier, timestamp: options.at }],
    attachments: [
      {
        contentId: `cid:vanban@${org.identifier}`,
        name: `${doc.numberSymbol.replace(/\//g, "-")}.pdf`,
        contentType: "application/pdf",
        bytes: read(doc.issuedFileId).bytes,
      },
      ...attachments,
    ],
  };
  return {
    xml: signPacketXml(buildDocumentPacketXml(packet), {
      privateKey: options.signer.privateKey,
      sign: options.signer.signSync,
      chainDer: options.signer.certificateChainDer,
    }),
    documentId: header.documentId,
  };
}
