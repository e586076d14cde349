import { sql } from "drizzle-orm";
import { index, integer, sqliteTable, text, uniqueIndex, type AnySQLiteColumn } from "drizzle-orm/sqlite-core";
import { files, organizations, registerBooks, users } from "./core";

/** Outgoing workflow (DESIGN.md §4; app/domain/outgoing/workflow.ts is the only place that moves it). */
export const OUTGOING_STATUSES = ["draft", "dept_review", "office_review", "leader_review", "signed", "issued", "recalled"] as const;
export type OutgoingStatus = (typeof OUTGOING_STATUSES)[number];

/** Độ khẩn (Decree 30/2020 Art. 4 k.2 c): Khẩn, Thượng khẩn, Hỏa tốc. */
export const OUTGOING_URGENCIES = ["normal", "urgent", "very_urgent", "flash"] as const;
/** Độ mật: Mật, Tối mật, Tuyệt mật — numbered in the organisation's secret book. */
export const OUTGOING_CONFIDENTIALITIES = ["normal", "confidential", "secret", "top_secret"] as const;
/**
 * Urgency as a number, highest first (flash 3 … normal 0), written over the bare column name so that the
 * index below and the queries' ORDER BY (which qualify the column) are the same expression to SQLite.
 */
export const OUTGOING_URGENCY_RANK_SQL = sql.raw("case urgency when 'flash' then 3 when 'very_urgent' then 2 when 'urgent' then 1 else 0 end");
export const OUTGOING_SIGNING_AUTHORITIES = ["TM.", "KT.", "TL.", "TUQ."] as const;
/** `paper`: a secret document — metadata only, the original exists on paper (DESIGN.md §4). */
export const OUTGOING_SOURCES = ["composed", "uploaded", "paper"] as const;
/** How the leader signed: digitally (PKCS#12, PDF) or by hand on the paper original (secret documents). */
export const OUTGOING_SIGNING_METHODS = ["digital", "paper"] as const;
export const OUTGOING_RECIPIENT_KINDS = ["internal", "external"] as const;

export const outgoingDocuments = sqliteTable(
  "outgoing_documents",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    // The issuing organisation: the scope of every query.
    organizationId: integer("organization_id")
      .notNull()
      .references(() => organizations.id),
    draftingUnitId: integer("drafting_unit_id")
      .notNull()
      .references(() => organizations.id),
    createdBy: integer("created_by")
      .notNull()
      .references(() => users.id),
    docTypeCode: text("doc_type_code").notNull(),
    summary: text("summary").notNull(),
    // Intended signer (người có thẩm quyền ký) and how they sign (TM./KT./TL./TUQ. or none).
    signerId: integer("signer_id")
      .notNull()
      .references(() => users.id),
    signingAuthority: text("signing_authority", { enum: OUTGOING_SIGNING_AUTHORITIES }),
    authorityLine: text("authority_line"),
    signerTitle: text("signer_title").notNull(),
    urgency: text("urgency", { enum: OUTGOING_URGENCIES }).notNull().default("normal"),
    confidentiality: text("confidentiality", { enum: OUTGOING_CONFIDENTIALITIES }).notNull().default("normal"),
    status: text("status", { enum: OUTGOING_STATUSES }).notNull().default("draft"),
    source: text("source", { enum: OUTGOING_SOURCES }).notNull(),
    // Composer input (body, Kính gửi…) for composed drafts, JSON.
    composeInput: text("compose_input"),
    // "Nơi nhận" lines as printed (JSON string[]) and the archive line ("Lưu: VT, KT.").
    distributionList: text("distribution_list").notNull().default("[]"),
    archiveLine: text("archive_line"),
    // Current main PDF (draft, then the leader-signed revision, then the issued revision).
    fileId: integer("file_id").references((): AnySQLiteColumn => files.id),
    draftFileId: integer("draft_file_id").references((): AnySQLiteColumn => files.id),
    leaderSignedFileId: integer("leader_signed_file_id").references((): AnySQLiteColumn => files.id),
    issuedFileId: integer("issued_file_id").references((): AnySQLiteColumn => files.id),
    pageCount: integer("page_count"),
    // Where the leader's visible signature goes, JSON { page, rect } (composed drafts).
    signatureBlock: text("signature_block"),
    revision: integer("revision").notNull().default(1),
    lastComment: text("last_comment"),
    officeInitialBy: integer("office_initial_by").references(() => users.id),
    officeInitialAt: integer("office_initial_at", { mode: "timestamp_ms" }),
    signedBy: integer("signed_by").references(() => users.id),
    signedAt: integer("signed_at", { mode: "timestamp_ms" }),
    // "paper": the leader recorded "Duyệt ký (bản giấy)" for a secret document; no PDF, no certificate.
    signingMethod: text("signing_method", { enum: OUTGOING_SIGNING_METHODS }),
    // Subject CN of the certificate the leader signed with: the clerk's seal step checks the PDF's
    // first signature was made with it (Decree 30 Art. 32 k.2).
    leaderCertificateName: text("leader_certificate_name"),
    // Issuance (cấp số, đăng ký, ký số cơ quan, phát hành).
    bookId: integer("book_id").references(() => registerBooks.id),
    number: integer("number"),
    numberSymbol: text("number_symbol"),
    issuedDate: text("issued_date"), // YYYY-MM-DD, Asia/Ho_Chi_Minh
    issuedAt: integer("issued_at", { mode: "timestamp_ms" }),
    issuedBy: integer("issued_by").references(() => users.id),
    copies: integer("copies"),
    recallReason: text("recall_reason"),
    recalledAt: integer("recalled_at", { mode: "timestamp_ms" }),
    recalledBy: integer("recalled_by").references(() => users.id),
    // A corrected document replaces an issued one (Decree 30 Art. 18 k.3).
    replacesDocumentId: integer("replaces_document_id").references((): AnySQLiteColumn => outgoingDocuments.id),
    version: integer("version").notNull().default(1),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
    updatedAt: integer("updated_at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [
    index("outgoing_documents_org_status_idx").on(t.organizationId, t.status),
    // The drafter's queue ("mine", app/features/outgoing/queries.server.ts) in its display order: most urgent
    // first, then last changed. The expression must stay identical to OUTGOING_URGENCY_RANK there, or SQLite
    // cannot use the index for the ORDER BY and sorts every document the drafter ever wrote (issue 18:
    // 400 ms with 200,000). Also serves every `created_by = ?` lookup.
    index("outgoing_documents_creator_queue_idx").on(t.createdBy, sql`(${OUTGOING_URGENCY_RANK_SQL})`, t.updatedAt),
    index("outgoing_documents_signer_idx").on(t.signerId, t.status),
    // The issued tab (newest issued first) and the "issued in 7 days" tile: a range on issued_at.
    index("outgoing_documents_org_issued_idx").on(t.organizationId, t.issuedAt, t.updatedAt),
    // A document page lists the documents that replace it; only corrections have the column set.
    index("outgoing_documents_replaces_idx").on(t.replacesDocumentId).where(sql.raw("replaces_document_id is not null")),
    // Handling statistics (issue 16): drafted in a period (issued: org_issued_idx above).
    index("outgoing_documents_org_created_idx").on(t.organizationId, t.createdAt),
  ],
);

/** Every version of a draft: metadata snapshot + file, with the comment that sent it back. Append-only. */
export const outgoingRevisions = sqliteTable(
  "outgoing_revisions",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    documentId: integer("document_id")
      .notNull()
      .references(() => outgoingDocuments.id),
    revision: integer("revision").notNull(),
    metadata: text("metadata").notNull(),
    fileId: integer("file_id").references(() => files.id),
    // The reviewer's comment on this revision when it was returned.
    returnComment: text("return_comment"),
    returnedBy: integer("returned_by").references(() => users.id),
    returnedAt: integer("returned_at", { mode: "timestamp_ms" }),
    createdBy: integer("created_by")
      .notNull()
      .references(() => users.id),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [uniqueIndex("outgoing_revisions_unique").on(t.documentId, t.revision)],
);

export const outgoingRecipients = sqliteTable(
  "outgoing_recipients",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    documentId: integer("document_id")
      .notNull()
      .references(() => outgoingDocuments.id),
    kind: text("kind", { enum: OUTGOING_RECIPIENT_KINDS }).notNull(),
    // Internal recipients: an issuing organisation of the directory (liên thông).
    recipientOrganizationId: integer("recipient_organization_id").references(() => organizations.id),
    name: text("name").notNull(),
    identifier: text("identifier"),
    // External: how it is sent (bưu chính / thư điện tử) and the address.
    address: text("address"),
    incomingDocumentId: integer("incoming_document_id"),
    deliveredAt: integer("delivered_at", { mode: "timestamp_ms" }),
  },
  (t) => [index("outgoing_recipients_document_idx").on(t.documentId)],
);

export const outgoingAttachments = sqliteTable(
  "outgoing_attachments",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    documentId: integer("document_id")
      .notNull()
      .references(() => outgoingDocuments.id),
    fileId: integer("file_id")
      .notNull()
      .references(() => files.id),
    name: text("name").notNull(),
    // PDF attachments in separate files get the organisation's signature at issue (Phụ lục I: no seal
    // image, the number/symbol and the signing time at the top right of the first page).
    issuedFileId: integer("issued_file_id").references(() => files.id),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [index("outgoing_attachments_document_idx").on(t.documentId)],
);

/**
 * Sổ đăng ký văn bản đi (Decree 30 Phụ lục IV). One row per issued number; the unique index makes a
 * duplicate number impossible under any concurrency (DESIGN.md §5).
 */
export const outgoingRegisterEntries = sqliteTable(
  "outgoing_register_entries",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    organizationId: integer("organization_id")
      .notNull()
      .references(() => organizations.id),
    bookId: integer("book_id")
      .notNull()
      .references(() => registerBooks.id),
    year: integer("year").notNull(),
    number: integer("number").notNull(),
    numberSymbol: text("number_symbol").notNull(),
    documentId: integer("document_id")
      .notNull()
      .references(() => outgoingDocuments.id),
    issuedDate: text("issued_date").notNull(),
    // The issued PDF; null for secret documents (metadata only, the original is on paper).
    fileId: integer("file_id").references(() => files.id),
    createdBy: integer("created_by").references(() => users.id),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [
    uniqueIndex("outgoing_register_number_unique").on(t.organizationId, t.bookId, t.year, t.number),
    uniqueIndex("outgoing_register_document_unique").on(t.documentId),
  ],
);

/** The organisation's PKCS#12 for the seal signature (encrypted by its own passphrase, typed at issuance). */
export const organizationCertificates = sqliteTable("organization_certificates", {
  organizationId: integer("organization_id")
    .primaryKey()
    .references(() => organizations.id),
  certificateFileId: integer("certificate_file_id")
    .notNull()
    .references(() => files.id),
  subjectName: text("subject_name").notNull(),
  notAfter: integer("not_after", { mode: "timestamp_ms" }).notNull(),
  uploadedBy: integer("uploaded_by").references(() => users.id),
  updatedAt: integer("updated_at", { mode: "timestamp_ms" }).notNull(),
});

export type OutgoingDocument = typeof outgoingDocuments.$inferSelect;
export type NewOutgoingDocument = typeof outgoingDocuments.$inferInsert;
export type OutgoingRevision = typeof outgoingRevisions.$inferSelect;
export type OutgoingRecipient = typeof outgoingRecipients.$inferSelect;
export type OutgoingRegisterEntry = typeof outgoingRegisterEntries.$inferSelect;
