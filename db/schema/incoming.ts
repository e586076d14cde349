import { sql } from "drizzle-orm";
import { index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { files, organizations, registerBooks, users } from "./core";

// Incoming documents (văn bản đến), Decree 30/2020/NĐ-CP Art. 20–24; states in app/domain/incoming/workflow.ts.
export const INCOMING_STATUSES = ["received", "registered", "awaiting_routing", "awaiting_direction", "in_progress", "completed", "returned"] as const;
export type IncomingStatus = (typeof INCOMING_STATUSES)[number];

export const INCOMING_CHANNELS = ["direct", "postal", "electronic", "email"] as const;
export type IncomingChannel = (typeof INCOMING_CHANNELS)[number];

// domain.md §3.1 (Decree 30 Art. 4 k.2 c): Khẩn, Thượng khẩn, Hỏa tốc are all "văn bản khẩn".
export const URGENCY_LEVELS = ["normal", "urgent", "very_urgent", "flash"] as const;
export type Urgency = (typeof URGENCY_LEVELS)[number];

// domain.md §3.2 (Luật Bảo vệ bí mật nhà nước 2018): Mật, Tối mật, Tuyệt mật.
// Same vocabulary as app/domain/shared/document-marks.ts (db/ may not import the app; a unit test keeps them equal).
export const CONFIDENTIALITY_LEVELS = ["normal", "confidential", "secret", "top_secret"] as const;
export type Confidentiality = (typeof CONFIDENTIALITY_LEVELS)[number];

export const ASSIGNMENT_KINDS = ["main", "cooperate", "info"] as const;
export type AssignmentKind = (typeof ASSIGNMENT_KINDS)[number];
export const ASSIGNMENT_STATUSES = ["pending", "done", "delegated"] as const;
export type AssignmentStatus = (typeof ASSIGNMENT_STATUSES)[number];

export const incomingDocuments = sqliteTable(
  "incoming_documents",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    // The receiving (issuing) organisation: the scope of every query.
    organizationId: integer("organization_id")
      .notNull()
      .references(() => organizations.id),
    status: text("status", { enum: INCOMING_STATUSES }).notNull(),
    channel: text("channel", { enum: INCOMING_CHANNELS }).notNull(),
    receivedAt: integer("received_at", { mode: "timestamp_ms" }).notNull(),
    // Register book and arrival number (số đến), set on registration; numbers restart every 1 January.
    bookId: integer("book_id").references(() => registerBooks.id),
    year: integer("year"),
    arrivalNumber: integer("arrival_number"),
    registeredAt: integer("registered_at", { mode: "timestamp_ms" }),
    registeredBy: integer("registered_by").references(() => users.id),
    // Phụ lục VI input fields.
    numberSymbol: text("number_symbol").notNull().default(""),
    docTypeCode: text("doc_type_code").notNull().default("CV"),
    issuedDate: text("issued_date"),
    issuerName: text("issuer_name").notNull().default(""),
    summary: text("summary").notNull().default(""),
    signerName: text("signer_name"),
    signerTitle: text("signer_title"),
    pageCount: integer("page_count"),
    urgency: text("urgency", { enum: URGENCY_LEVELS }).notNull().default("normal"),
    confidentiality: text("confidentiality", { enum: CONFIDENTIALITY_LEVELS }).notNull().default("normal"),
    // 1 for secret levels: kept as a column so the visibility rule and the urgent-first order stay indexable.
    isSecret: integer("is_secret", { mode: "boolean" }).notNull().default(false),
    urgencyRank: integer("urgency_rank").notNull().default(0),
    handlingDeadline: text("handling_deadline"),
    note: text("note"),
    fileId: integer("file_id").references(() => files.id),
    extractedText: text("extracted_text"),
    // Field names pre-filled from the PDF that the clerk should check (JSON array).
    extractedFields: text("extracted_fields"),
    needsReview: integer("needs_review", { mode: "boolean" }).notNull().default(false),
    // Liên thông (internal delivery): no FK to the outgoing tables owned by another module.
    senderOrganizationId: integer("sender_organization_id").references(() => organizations.id),
    outgoingDocumentId: integer("outgoing_document_id"),
    replyOutgoingDocumentId: integer("reply_outgoing_document_id"),
    recalledAt: integer("recalled_at", { mode: "timestamp_ms" }),
    recallReason: text("recall_reason"),
    // Routing (phân phối) and direction (chỉ đạo).
    directionNote: text("direction_note"),
    routedAt: integer("routed_at", { mode: "timestamp_ms" }),
    routedBy: integer("routed_by").references(() => users.id),
    forwardedToUserId: integer("forwarded_to_user_id").references(() => users.id),
    returnReason: text("return_reason"),
    resultNote: text("result_note"),
    completedAt: integer("completed_at", { mode: "timestamp_ms" }),
    completedBy: integer("completed_by").references(() => users.id),
    // The main handler (xử lý chính) as it stands — set by routing/direction and by a delegation of the main
    // part, with the unit the handler belonged to then. Denormalised from incoming_assignments so the handling
    // statistics per unit and person read one index without a join (issue 16).
    mainUserId: integer("main_user_id").references(() => users.id),
    mainUnitId: integer("main_unit_id").references(() => organizations.id),
    version: integer("version").notNull().default(1),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
    updatedAt: integer("updated_at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [
    // Decree 30 Art. 22: arrival numbers consecutive per book and year; no duplicates under concurrency.
    uniqueIndex("incoming_documents_arrival_unique").on(t.organizationId, t.bookId, t.year, t.arrivalNumber),
    // Keyset pagination newest-first: row-value cursor (received_at, id) within an organisation.
    index("incoming_documents_org_received_idx").on(t.organizationId, t.receivedAt, t.id),
    index("incoming_documents_org_status_idx").on(t.organizationId, t.status, t.receivedAt, t.id),
    index("incoming_documents_duplicate_idx").on(t.organizationId, t.year, t.numberSymbol),
    index("incoming_documents_outgoing_idx").on(t.outgoingDocumentId),
    // The clerk's "registered today" tile: a range on registered_at within the organisation. Partial, so
    // that only a query constraining registered_at can use it: a plain `organization_id = ?` list must
    // stay on org_received (its order), which an unanalysed planner could otherwise swap for this one.
    index("incoming_documents_org_registered_idx").on(t.organizationId, t.registeredAt).where(sql.raw("registered_at is not null")),
    // An outgoing document's page lists the incoming documents it answers; few rows have the column set.
    index("incoming_documents_reply_idx").on(t.replyOutgoingDocumentId).where(sql.raw("reply_outgoing_document_id is not null")),
    // Handling statistics (issue 16): the period's documents classified from the index alone.
    index("incoming_documents_stats_idx").on(
      t.organizationId,
      t.receivedAt,
      t.status,
      t.handlingDeadline,
      t.completedAt,
      t.createdAt,
      t.mainUnitId,
      t.mainUserId,
    ),
  ],
);

/** Who handles a document: one main handler (chủ trì), cooperating units/persons, recipients for information. */
export const incomingAssignments = sqliteTable(
  "incoming_assignments",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    documentId: integer("document_id")
      .notNull()
      .references(() => incomingDocuments.id, { onDelete: "cascade" }),
    kind: text("kind", { enum: ASSIGNMENT_KINDS }).notNull(),
    // A person, or a unit (any member may act; its lead passes it on to a specialist).
    assigneeUserId: integer("assignee_user_id").references(() => users.id),
    assigneeUnitId: integer("assignee_unit_id").references(() => organizations.id),
    deadline: text("deadline"),
    status: text("status", { enum: ASSIGNMENT_STATUSES }).notNull().default("pending"),
    note: text("note"),
    parentAssignmentId: integer("parent_assignment_id"),
    assignedBy: integer("assigned_by").references(() => users.id),
    assignedAt: integer("assigned_at", { mode: "timestamp_ms" }).notNull(),
    doneAt: integer("done_at", { mode: "timestamp_ms" }),
  },
  (t) => [
    index("incoming_assignments_document_idx").on(t.documentId),
    index("incoming_assignments_user_idx").on(t.assigneeUserId, t.status, t.documentId),
    index("incoming_assignments_unit_idx").on(t.assigneeUnitId, t.status, t.documentId),
  ],
);

export type IncomingDocument = typeof incomingDocuments.$inferSelect;
export type NewIncomingDocument = typeof incomingDocuments.$inferInsert;
export type IncomingAssignment = typeof incomingAssignments.$inferSelect;
export type NewIncomingAssignment = typeof incomingAssignments.$inferInsert;
