// The receiving side's half of the status exchange (QCVN 102:2016 status packets, domain.md §8.4): the status
// messages each received copy owes its sender as the workflow moves, and what the document page and the CLI read
// back about a received packet. Split from inbox.server.ts (the packet intake).
import { and, eq, isNull, notInArray, or } from "drizzle-orm";
import { writeTransaction, type Db } from "#db/client";
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

/**
 * Emits the status messages each received copy owes its sender: every code between the last one sent and
 * the copy's present state, in order (a copy registered and routed within one tick sends 03 then 04).
 * State-based, so a crash between a workflow step and this call loses nothing: the next call catches up.
 */
export function reconcileEdxmlStatuses(deps: { db: Db; dataDir: string }, at: Date = new Date()): number {
  const candidates = deps.db
    .select({ link: edxmlReceivedDocuments, doc: incomingDocuments })
    .from(edxmlReceivedDocuments)
    .innerJoin(incomingDocuments, eq(incomingDocuments.id, edxmlReceivedDocuments.incomingDocumentId))
    .where(
      and(
        eq(edxmlReceivedDocuments.recalled, false),
        or(isNull(edxmlReceivedDocuments.lastStatusCode), notInArray(edxmlReceivedDocuments.lastStatusCode, ["02", "06"])),
      ),
    )
    .all()
    .filter(({ link, doc }) => targetCode(doc) !== link.lastStatusCode);
  if (candidates.length === 0) return 0;
  let sent = 0;
  writeTransaction(deps.db, (tx) => {
    for (const { link } of candidates) {
      const fresh = tx.select().from(incomingDocuments).where(eq(incomingDocuments.id, link.incomingDocumentId)).get();
      const current = tx.select().from(edxmlReceivedDocuments).where(eq(edxmlReceivedDocuments.incomingDocumentId, link.incomingDocumentId)).get();
      if (!fresh || !current || current.recalled) continue;
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
  };
}
