// What the administrator sees of the edXML exchange (issue 12): the peers, which directory organisations
// each hosts, packets still owed to a peer (with the last error and the next attempt), and packets we
// refused with their reason — the first things to look at when another agency says "we sent it".
// Tokens never leave the server: the page only says whether one is set.
import { and, count, desc, eq, inArray, isNotNull } from "drizzle-orm";
import { writeTransaction, type DbOrTx } from "#db/client";
import { edxmlInbox, edxmlOutbox, edxmlPeers, edxmlRemoteOrganizations, organizations } from "#db/schema/index";
import { appendAuditEvent } from "#app/platform/audit.server";
import { nowOf, type ServiceContext } from "#app/platform/context.server";
import { AppError, AppErrorCode } from "#app/utils/errors";
import { ExchangeMessages } from "#app/messages/exchange";

export type EdxmlPeerSummary = {
  id: number;
  name: string;
  transport: "http" | "directory";
  endpoint: string;
  hasToken: boolean;
  isActive: boolean;
  organizations: Array<{ id: number; name: string; organId: string | null }>;
  pending: number;
  sent: number;
  refused: number;
};

export type EdxmlOutboxProblem = {
  id: number;
  peerName: string;
  kind: string;
  documentId: string;
  recipientOrganId: string;
  state: "pending" | "sent" | "refused";
  attempts: number;
  nextAttemptAt: string;
  lastError: string | null;
};

export type EdxmlInboxRefusal = {
  id: number;
  receivedAt: string;
  channel: string;
  senderOrganId: string | null;
  documentId: string | null;
  reason: string | null;
  bytes: number;
};

export type EdxmlOverview = {
  peers: EdxmlPeerSummary[];
  problems: EdxmlOutboxProblem[];
  refusals: EdxmlInboxRefusal[];
  accepted: number;
};

const LIST_LIMIT = 50;

export function edxmlOverview(db: DbOrTx): EdxmlOverview {
  const peers = db.select().from(edxmlPeers).orderBy(edxmlPeers.name).all();
  const hosted = db
    .select({ peerId: edxmlRemoteOrganizations.peerId, id: organizations.id, name: organizations.name, organId: organizations.identifier })
    .from(edxmlRemoteOrganizations)
    .innerJoin(organizations, eq(organizations.id, edxmlRemoteOrganizations.organizationId))
    .orderBy(organizations.name)
    .all();
  const counts = db
    .select({ peerId: edxmlOutbox.peerId, state: edxmlOutbox.state, n: count() })
    .from(edxmlOutbox)
    .groupBy(edxmlOutbox.peerId, edxmlOutbox.state)
    .all();
  const countOf = (peerId: number, state: string) => counts.find((c) => c.peerId === peerId && c.state === state)?.n ?? 0;
  const peerName = new Map(peers.map((p) => [p.id, p.name]));
  // Owed packets that have failed at least once, and packets the peer refused: what needs a look.
  const problems = db
    .select()
    .from(edxmlOutbox)
    .where(inArray(edxmlOutbox.state, ["pending", "refused"]))
    .orderBy(desc(edxmlOutbox.id))
    .limit(LIST_LIMIT)
    .all()
    .filter((r) => r.state === "refused" || r.attempts > 0 || r.lastError);
  const refusals = db
    .select()
    .from(edxmlInbox)
    .where(and(eq(edxmlInbox.state, "refused"), isNotNull(edxmlInbox.refusalReason)))
    .orderBy(desc(edxmlInbox.id))
    .limit(LIST_LIMIT)
    .all();
  const accepted = db.select({ n: count() }).from(edxmlInbox).where(eq(edxmlInbox.state, "accepted")).get()?.n ?? 0;
  return {
    peers: peers.map((p) => ({
      id: p.id,
      name: p.name,
      transport: p.transport,
      endpoint: (p.transport === "http" ? p.url : p.directory) ?? "",
      hasToken: Boolean(p.tokenSha256),
      isActive: p.isActive,
      organizations: hosted.filter((h) => h.peerId === p.id).map(({ id, name, organId }) => ({ id, name, organId })),
      pending: countOf(p.id, "pending"),
      sent: countOf(p.id, "sent"),
      refused: countOf(p.id, "refused"),
    })),
    problems: problems.map((r) => ({
      id: r.id,
      peerName: peerName.get(r.peerId) ?? String(r.peerId),
      kind: r.kind,
      documentId: r.documentId,
      recipientOrganId: r.recipientOrganId,
      state: r.state,
      attempts: r.attempts,
      nextAttemptAt: r.nextAttemptAt.toISOString(),
      lastError: r.lastError,
    })),
    refusals: refusals.map((r) => ({
      id: r.id,
      receivedAt: r.receivedAt.toISOString(),
      channel: r.channel,
      senderOrganId: r.senderOrganId,
      documentId: r.documentId,
      reason: r.refusalReason,
      bytes: r.bytes,
    })),
    accepted,
  };
}

/** Sends an owed packet at the dispatcher's next tick instead of waiting out its back-off. */
export function retryEdxmlPacketNow(ctx: ServiceContext, outboxId: number): void {
  const at = nowOf(ctx);
  writeTransaction(ctx.db, (tx) => {
    const row = tx.select().from(edxmlOutbox).where(eq(edxmlOutbox.id, outboxId)).get();
    if (!row) throw new AppError(AppErrorCode.NOT_FOUND, ExchangeMessages.PACKET_NOT_FOUND);
    if (row.state !== "pending") throw new AppError(AppErrorCode.INVALID_STATE, ExchangeMessages.PACKET_NOT_PENDING);
    tx.update(edxmlOutbox).set({ nextAttemptAt: at }).where(eq(edxmlOutbox.id, outboxId)).run();
    appendAuditEvent(tx, {
      at,
      actorId: ctx.actor.id,
      organizationId: null,
      action: "edxml.retry_now",
      entityType: "edxml_outbox",
      entityId: outboxId,
      detail: { documentId: row.documentId, recipientOrganId: row.recipientOrganId, attempts: row.attempts },
    });
  });
}
