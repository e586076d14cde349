// TEMPORARY STUB of the internal-delivery contract owned by the incoming branch (issue brief §Parallel
// work). At merge, take the incoming branch's version of this file ("theirs"): the outgoing code calls
// exactly these four functions. Until then delivery records only the sender side (outgoing_recipients).
import type { DbOrTx } from "#db/client";
import type { ServiceContext } from "#app/services/context.server";

export type DeliverToIncomingQueueOptions = {
  recipientOrganizationId: number;
  senderOrganizationId: number;
  outgoingDocumentId: number;
  numberSymbol: string;
  docTypeCode: string;
  issuedDate: string;
  issuerName: string;
  summary: string;
  signerName: string;
  signerTitle: string;
  urgency: string;
  confidentiality: "normal";
  fileId: number;
  pageCount: number;
  extractedText: string;
  at: Date;
  actorId: number | null;
};

export type DeliveryStatus = {
  recipientOrganizationId: number;
  recipientName: string;
  incomingDocumentId: number;
  status: "received" | "registered" | "routed" | "in_progress" | "completed" | "returned" | "recalled";
  arrivalNumber: number | null;
  updatedAt: Date;
  returnReason: string | null;
};

export function deliverToIncomingQueue(_tx: DbOrTx, _options: DeliverToIncomingQueueOptions): { incomingDocumentId: number | null } {
  return { incomingDocumentId: null };
}

export function listDeliveryStatuses(_db: DbOrTx, _outgoingDocumentId: number): DeliveryStatus[] {
  return [];
}

export function markDeliveredDocumentsRecalled(_tx: DbOrTx, _options: { outgoingDocumentId: number; reason: string; at: Date; actorId: number | null }): void {}

export function linkReplyDocument(_ctx: ServiceContext, _options: { incomingDocumentId: number; outgoingDocumentId: number }): void {}
