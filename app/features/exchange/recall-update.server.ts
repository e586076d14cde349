// Recall and update packets (QCVN 102:2016 BussinessDocType 1 and 2) on the received copies: a recall marks each
// copy recalled (no further routing; the clerk sees why) and is answered with 15 or 16; an update replaces the
// metadata with a trail entry. Split from inbox.server.ts (the packet intake), which calls it in its transaction.
import { and, eq, inArray } from "drizzle-orm";
import type { Tx } from "#db/client";
import { edxmlReceivedDocuments, incomingDocuments, type organizations, type IncomingDocument } from "#db/schema/index";
import { docTypeCodeOf, urgencyOfPriority, type DocumentPacket, type StatusCode } from "#edxml/index";
import { URGENCY_RANK } from "#app/domain/incoming/incoming";
import { appendAuditEvent } from "#app/platform/audit.server";
import { INCOMING_ENTITY, indexIncomingForSearch } from "#app/features/incoming/index";
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

/** Thu hồi (1) or cập nhật (2) of a copy received earlier; answered with 15 (accepted) or 16 (refused). */
export function applyRecallOrUpdate(
  tx: Tx,
  dataDir: string,
  input: { packet: DocumentPacket; hosted: Array<typeof organizations.$inferSelect>; peerId: number | null; at: Date },
): number[] {
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
        code = "15";
        description = "Đã cập nhật thông tin văn bản";
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
          pageCount: p.pageAmount ?? doc.pageCount,
        };
        const before = Object.fromEntries(Object.keys(next).map((k) => [k, doc[k as keyof IncomingDocument]]));
        const row = tx
          .update(incomingDocuments)
          .set({ ...next, version: doc.version + 1, updatedAt: input.at })
          .where(eq(incomingDocuments.id, doc.id))
          .returning()
          .get();
        indexIncomingForSearch(tx, row);
        appendAuditEvent(tx, {
          at: input.at,
          actorId: null,
          organizationId: doc.organizationId,
          action: "incoming.edxml_update",
          entityType: INCOMING_ENTITY,
          entityId: doc.id,
          fromState: doc.status,
          toState: doc.status,
          comment: p.businessReason ?? null,
          detail: { edxmlDocumentId: p.documentId, before, after: next },
        });
        affected.push(doc.id);
      }
    }
    if (peerId) enqueueEdxmlStatus(tx, dataDir, { peerId, origin: link, from: organInfoOf(org), code, description, at: input.at });
  }
  return affected;
}
