import { sql } from "drizzle-orm";
import { index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { files, organizations } from "./core";

// Exchange with other agencies' systems as edXML packets (QCVN 102:2016/BTTTT + SĐ1:2022, QĐ 28/2018/QĐ-TTg):
// peers, an outbox and an inbox with states and retries, and the links between packets and documents.
// No FK to the incoming/outgoing tables, which belong to other modules (same rule as liên thông).

export const EDXML_TRANSPORTS = ["http", "directory"] as const;
export type EdxmlTransport = (typeof EDXML_TRANSPORTS)[number];

/**
 * Another system we exchange with: an LGSP, the national axis, or another instance of this product.
 * HTTP peers authenticate both ways with one shared per-peer bearer token (README "edXML").
 */
export const edxmlPeers = sqliteTable(
  "edxml_peers",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    name: text("name").notNull(),
    transport: text("transport", { enum: EDXML_TRANSPORTS }).notNull(),
    // HTTP: the peer's packet endpoint (e.g. https://lgsp.example.gov.vn/api/edxml).
    url: text("url"),
    // Directory: the exchange folder (out/ for packets we send, in/ for packets we receive).
    directory: text("directory"),
    // Shared secret sent as `Authorization: Bearer …` and expected from the peer; its SHA-256 finds the peer.
    token: text("token"),
    tokenSha256: text("token_sha256"),
    isActive: integer("is_active", { mode: "boolean" }).notNull().default(true),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
    updatedAt: integer("updated_at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [uniqueIndex("edxml_peers_name_unique").on(t.name), uniqueIndex("edxml_peers_token_unique").on(t.tokenSha256)],
);

/** Organisations of the directory that are hosted on a peer, not here: documents to them travel as edXML. */
export const edxmlRemoteOrganizations = sqliteTable("edxml_remote_organizations", {
  organizationId: integer("organization_id")
    .primaryKey()
    .references(() => organizations.id),
  peerId: integer("peer_id")
    .notNull()
    .references(() => edxmlPeers.id),
});

export const EDXML_PACKET_KINDS = ["document", "recall", "update", "status"] as const;
export type EdxmlPacketKind = (typeof EDXML_PACKET_KINDS)[number];
export const EDXML_OUTBOX_STATES = ["pending", "sent", "refused"] as const;

/**
 * Packets waiting to be sent or sent. Idempotent on (DocumentId, recipient OrganId, business key):
 * business key "0" document, "1" recall, "2@<time>" update, "status:NN" a status message.
 */
export const edxmlOutbox = sqliteTable(
  "edxml_outbox",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    peerId: integer("peer_id")
      .notNull()
      .references(() => edxmlPeers.id),
    kind: text("kind", { enum: EDXML_PACKET_KINDS }).notNull(),
    documentId: text("document_id").notNull(),
    recipientOrganId: text("recipient_organ_id").notNull(),
    businessKey: text("business_key").notNull(),
    state: text("state", { enum: EDXML_OUTBOX_STATES }).notNull().default("pending"),
    attempts: integer("attempts").notNull().default(0),
    nextAttemptAt: integer("next_attempt_at", { mode: "timestamp_ms" }).notNull(),
    lastError: text("last_error"),
    fileId: integer("file_id")
      .notNull()
      .references(() => files.id),
    outgoingDocumentId: integer("outgoing_document_id"),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
    sentAt: integer("sent_at", { mode: "timestamp_ms" }),
  },
  (t) => [
    uniqueIndex("edxml_outbox_idempotency_unique").on(t.documentId, t.recipientOrganId, t.businessKey),
    index("edxml_outbox_due_idx").on(t.state, t.nextAttemptAt),
  ],
);

// superseded: an accepted packet whose place a later, genuine packet under the same key took (ADR 0019); it stays
// as the evidence of what arrived.
export const EDXML_INBOX_STATES = ["accepted", "refused", "superseded"] as const;
export const EDXML_CHANNELS = ["http", "directory", "cli"] as const;
export const EDXML_SIGNATURE_STATES = ["valid", "invalid", "absent"] as const;

/**
 * Every packet that reached us: accepted (stored once, applied) or refused (the reason only: nothing
 * else of a refused packet is stored). A duplicate of an accepted packet increments `duplicates`.
 */
export const edxmlInbox = sqliteTable(
  "edxml_inbox",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    sha256: text("sha256").notNull(),
    bytes: integer("bytes").notNull(),
    channel: text("channel", { enum: EDXML_CHANNELS }).notNull(),
    peerId: integer("peer_id").references(() => edxmlPeers.id),
    state: text("state", { enum: EDXML_INBOX_STATES }).notNull(),
    kind: text("kind", { enum: EDXML_PACKET_KINDS }),
    documentId: text("document_id"),
    senderOrganId: text("sender_organ_id"),
    recipientOrganId: text("recipient_organ_id"),
    businessKey: text("business_key"),
    statusCode: text("status_code"),
    refusalCode: text("refusal_code"),
    refusalReason: text("refusal_reason"),
    fileId: integer("file_id").references(() => files.id),
    xmlSignature: text("xml_signature", { enum: EDXML_SIGNATURE_STATES }),
    xmlSignatureTrusted: integer("xml_signature_trusted", { mode: "boolean" }),
    // JSON: what applying the packet produced ({incomingDocumentIds} / {affected}).
    result: text("result"),
    duplicates: integer("duplicates").notNull().default(0),
    receivedAt: integer("received_at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [
    uniqueIndex("edxml_inbox_idempotency_unique").on(t.documentId, t.recipientOrganId, t.businessKey).where(sql`state = 'accepted'`),
    index("edxml_inbox_received_idx").on(t.receivedAt),
  ],
);

/** A received document packet → the `received` incoming document it became, and what we told the sender. */
export const edxmlReceivedDocuments = sqliteTable(
  "edxml_received_documents",
  {
    incomingDocumentId: integer("incoming_document_id").primaryKey(),
    inboxId: integer("inbox_id")
      .notNull()
      .references(() => edxmlInbox.id),
    documentId: text("document_id").notNull(),
    senderOrganId: text("sender_organ_id").notNull(),
    senderName: text("sender_name").notNull(),
    recipientOrganId: text("recipient_organ_id").notNull(),
    peerId: integer("peer_id").references(() => edxmlPeers.id),
    xmlSignature: text("xml_signature", { enum: EDXML_SIGNATURE_STATES }).notNull(),
    xmlSignatureTrusted: integer("xml_signature_trusted", { mode: "boolean" }).notNull().default(false),
    xmlSignerName: text("xml_signer_name"),
    // The last status code emitted for this copy (01, 02, 03, 04, 05, 06): the dispatcher sends what follows.
    lastStatusCode: text("last_status_code"),
    recalled: integer("recalled", { mode: "boolean" }).notNull().default(false),
    // A copy the clerk had already registered when a genuine packet arrived for it (its own packet's signature was
    // invalid or absent): it stays as registered but no longer tells the sender anything; the genuine packet became
    // a new copy whose earlierIncomingDocumentId names this one (ADR 0019).
    superseded: integer("superseded", { mode: "boolean" }).notNull().default(false),
    earlierIncomingDocumentId: integer("earlier_incoming_document_id"),
  },
  (t) => [
    uniqueIndex("edxml_received_document_unique").on(t.documentId, t.recipientOrganId).where(sql`${t.superseded} = 0`),
    // The copies the status dispatcher still follows (app/features/exchange/statuses.server.ts): it looks for them
    // every tick, and without this index SQLite drove that query from incoming_documents, a full scan of every
    // incoming document twice per tick (120 ms with 200,000; issue 18, docs/benchmarks/http.md §11).
    index("edxml_received_open_idx")
      .on(t.incomingDocumentId)
      .where(sql`${t.recalled} = 0 AND ${t.superseded} = 0 AND (${t.lastStatusCode} IS NULL OR ${t.lastStatusCode} NOT IN ('02', '06'))`),
  ],
);

/** Attachments of a received packet beyond the main PDF (stored byte-identical). */
export const edxmlReceivedAttachments = sqliteTable(
  "edxml_received_attachments",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    incomingDocumentId: integer("incoming_document_id").notNull(),
    fileId: integer("file_id")
      .notNull()
      .references(() => files.id),
    name: text("name").notNull(),
    contentType: text("content_type").notNull(),
    position: integer("position").notNull(),
  },
  (t) => [index("edxml_received_attachments_doc_idx").on(t.incomingDocumentId, t.position)],
);

/** Sender side: each remote recipient's progress as reported by its status messages. */
export const edxmlDeliveries = sqliteTable(
  "edxml_deliveries",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    outgoingDocumentId: integer("outgoing_document_id").notNull(),
    recipientOrganizationId: integer("recipient_organization_id")
      .notNull()
      .references(() => organizations.id),
    documentId: text("document_id").notNull(),
    recipientOrganId: text("recipient_organ_id").notNull(),
    statusCode: text("status_code"),
    description: text("description"),
    updatedAt: integer("updated_at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [
    uniqueIndex("edxml_deliveries_unique").on(t.outgoingDocumentId, t.recipientOrganizationId),
    index("edxml_deliveries_document_idx").on(t.documentId, t.recipientOrganId),
  ],
);

export type EdxmlPeer = typeof edxmlPeers.$inferSelect;
export type EdxmlOutboxRow = typeof edxmlOutbox.$inferSelect;
export type EdxmlInboxRow = typeof edxmlInbox.$inferSelect;
