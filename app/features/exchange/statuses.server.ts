// The receiving side's half of the status exchange (QCVN 102:2016 status packets, domain.md §8.4): the status
// messages each received copy owes its sender as the workflow moves, and what the document page and the CLI read
// back about a received packet. Split from inbox.server.ts (the packet intake).
import { eq, inArray, sql } from "drizzle-orm";
import { preparedOnce, writeTransaction, type Db } from "#db/client";
import { edxmlReceivedAttachments, edxmlReceivedDocuments, incomingDocuments, organizations, type IncomingDocument } from "#db/schema/index";
import type { StatusCode } from "#edxml/index";
import { enqueueEdxmlStatus, organInfoOf } from "#app/features/exchange/outbox.server";
import { peerOfOrganId } from "#app/features/exchange/peers.server";
import { present } from "#app/utils/errors";

// ---------------------------------------------------------------------------------------------
// Status messages from the receiving side's workflow (domain.md §8.4; Decree 30 Art. 21–24)

const PROGRESS: StatusCode[] = ["01", "03", "04", "05", "06"];

function targetCode(doc: IncomingDocument): StatusCode {
  switch (doc.status) {
    case "received":
      return "01";
    case "returned":
      return "02";
    case "registered":
    case "awaiting_routing":
    case "awaiting_direction":
      return "03";
    case "in_progress":
      // Routed just now = 04 (đã phân công); once someone works on it = 05 (đang xử lý).
      return doc.routedAt && doc.updatedAt.getTime() === doc.routedAt.getTime() ? "04" : "05";
    case "completed":
      return "06";
  }
}

/** What a copy that has just arrived tells its sender (01); the inbox sends it in the transaction that creates the copy. */
export const ARRIVED_DESCRIPTION = "Đã đến, chờ vào sổ";

function describe(code: StatusCode, doc: IncomingDocument): string {
  switch (code) {
    case "01":
      return ARRIVED_DESCRIPTION;
    case "02":
      return doc.returnReason ? `Từ chối tiếp nhận: ${doc.returnReason}` : "Từ chối tiếp nhận";
    case "03":
      return doc.arrivalNumber ? `Đã tiếp nhận, số đến ${String(doc.arrivalNumber).padStart(2, "0")}` : "Đã tiếp nhận";
    case "04":
      return "Đã phân công xử lý";
    case "05":
      return "Đang xử lý";
    case "06":
      return doc.resultNote ? `Hoàn thành: ${doc.resultNote}` : "Hoàn thành";
    default:
      return "";
  }
}

/** A received copy the dispatcher still follows: the WHERE of edxml_received_open_idx, word for word (db/schema/edxml.ts). */
export const OPEN_COPY = sql`${edxmlReceivedDocuments.recalled} = 0 AND ${edxmlReceivedDocuments.superseded} = 0 AND (${edxmlReceivedDocuments.lastStatusCode} IS NULL OR ${edxmlReceivedDocuments.lastStatusCode} NOT IN ('02', '06'))`;

/**
 * Emits the status messages each received copy owes its sender: every code between the last one sent and
 * the copy's present state, in order (a copy registered and routed within one tick sends 03 then 04).
 * State-based, so a crash between a workflow step and this call loses nothing: the next call catches up.
 */
export function reconcileEdxmlStatuses(deps: { db: Db; dataDir: string }, at: Date = new Date()): number {
  // The copies still followed, found by their partial index (db/schema/edxml.ts edxml_received_open_idx; this
  // condition is its WHERE, word for word, so the planner can use it), then their documents by id. One join let
  // SQLite drive from incoming_documents: every tick of every worker scanned all incoming documents twice (120 ms
  // with 200,000, a 90 ms stall of the page server every two seconds; issue 18, docs/benchmarks/http.md §11).
  const open = preparedOnce(deps.db, "edxml.received.open", (db) => db.select().from(edxmlReceivedDocuments).where(OPEN_COPY).prepare()).all();
  if (open.length === 0) return 0;
  const docs = new Map<number, IncomingDocument>();
  const ids = open.map((link) => link.incomingDocumentId);
  for (let i = 0; i < ids.length; i += 500)
    for (const doc of deps.db
      .select()
      .from(incomingDocuments)
      .where(inArray(incomingDocuments.id, ids.slice(i, i + 500)))
      .all())
      docs.set(doc.id, doc);
  const candidates = open
    .map((link) => ({ link, doc: docs.get(link.incomingDocumentId) }))
    .filter((c): c is { link: typeof c.link; doc: IncomingDocument } => c.doc !== undefined && targetCode(c.doc) !== c.link.lastStatusCode);
  if (candidates.length === 0) return 0;
  let sent = 0;
  writeTransaction(deps.db, (tx) => {
    for (const { link } of candidates) {
      const fresh = tx.select().from(incomingDocuments).where(eq(incomingDocuments.id, link.incomingDocumentId)).get();
      const current = tx.select().from(edxmlReceivedDocuments).where(eq(edxmlReceivedDocuments.incomingDocumentId, link.incomingDocumentId)).get();
      if (!fresh || !current || current.recalled || current.superseded) continue;
      const target = targetCode(fresh);
      if (target === current.lastStatusCode) continue;
      const codes: StatusCode[] =
        target === "02"
          ? ["02"]
          : PROGRESS.slice(
              current.lastStatusCode && PROGRESS.includes(current.lastStatusCode as StatusCode)
                ? PROGRESS.indexOf(current.lastStatusCode as StatusCode) + 1
                : 0,
              PROGRESS.indexOf(target) + 1,
            );
      if (codes.length === 0) continue;
      const org = present(tx.select().from(organizations).where(eq(organizations.id, fresh.organizationId)).get(), "the document's organisation");
      const peerId = current.peerId ?? peerOfOrganId(tx, current.senderOrganId)?.id ?? null;
      if (peerId)
        for (const code of codes)
          if (enqueueEdxmlStatus(tx, deps.dataDir, { peerId, origin: current, from: organInfoOf(org), code, description: describe(code, fresh), at })) sent++;
      tx.update(edxmlReceivedDocuments)
        .set({ lastStatusCode: codes[codes.length - 1] })
        .where(eq(edxmlReceivedDocuments.incomingDocumentId, current.incomingDocumentId))
        .run();
    }
  });
  return sent;
}

// ---------------------------------------------------------------------------------------------
// Reading back (CLI, document page)

export type ReceivedPacketInfo = {
  documentId: string;
  senderOrganId: string;
  senderName: string;
  xmlSignature: "valid" | "invalid" | "absent";
  xmlSignatureTrusted: boolean;
  xmlSignerName: string | null;
  attachments: Array<{ name: string; contentType: string; fileId: number }>;
  /** A genuine re-delivery kept beside a registered copy of a packet that was not (ADR 0019): that copy. */
  earlierIncomingDocumentId: number | null;
  /** This copy's packet was not genuine and a genuine one came after it was registered: the copy that holds it. */
  laterIncomingDocumentId: number | null;
};

export function getReceivedPacketInfo(db: Db, incomingDocumentId: number): ReceivedPacketInfo | null {
  const link = db.select().from(edxmlReceivedDocuments).where(eq(edxmlReceivedDocuments.incomingDocumentId, incomingDocumentId)).get();
  if (!link) return null;
  const attachments = db
    .select()
    .from(edxmlReceivedAttachments)
    .where(eq(edxmlReceivedAttachments.incomingDocumentId, incomingDocumentId))
    .orderBy(edxmlReceivedAttachments.position)
    .all();
  return {
    documentId: link.documentId,
    senderOrganId: link.senderOrganId,
    senderName: link.senderName,
    xmlSignature: link.xmlSignature,
    xmlSignatureTrusted: link.xmlSignatureTrusted,
    xmlSignerName: link.xmlSignerName,
    attachments: attachments.map((a) => ({ name: a.name, contentType: a.contentType, fileId: a.fileId })),
    earlierIncomingDocumentId: link.earlierIncomingDocumentId,
    laterIncomingDocumentId: link.superseded
      ? (db
          .select({ id: edxmlReceivedDocuments.incomingDocumentId })
          .from(edxmlReceivedDocuments)
          .where(eq(edxmlReceivedDocuments.earlierIncomingDocumentId, incomingDocumentId))
          .get()?.id ?? null)
      : null,
  };
}
