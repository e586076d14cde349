import { index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { files, organizations, users } from "./core";

// Case files and the organisation archive (Decree 30/2020/NĐ-CP Chapter IV, Art. 28–31; Thông tư 01/2019/TT-BNV):
// the year's list of files (danh mục hồ sơ), the files (hồ sơ) with their documents, the handover to the
// organisation's archive (nộp lưu) and the destruction decisions of the retention review.

export const CASE_FILE_LIST_STATUSES = ["draft", "approved"] as const;
export type CaseFileListStatus = (typeof CASE_FILE_LIST_STATUSES)[number];

/** Danh mục hồ sơ: one per organisation and year, approved by the head of the organisation. */
export const caseFileLists = sqliteTable(
  "case_file_lists",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    organizationId: integer("organization_id")
      .notNull()
      .references(() => organizations.id),
    year: integer("year").notNull(),
    status: text("status", { enum: CASE_FILE_LIST_STATUSES }).notNull().default("draft"),
    approvedBy: integer("approved_by").references(() => users.id),
    approvedAt: integer("approved_at", { mode: "timestamp_ms" }),
    createdBy: integer("created_by").references(() => users.id),
    version: integer("version").notNull().default(1),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
    updatedAt: integer("updated_at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [uniqueIndex("case_file_lists_org_year_unique").on(t.organizationId, t.year)],
);

/** One row of the danh mục (Phụ lục V): a heading (đề mục, no code) or a file to be formed (code, title, retention). */
export const caseFileListEntries = sqliteTable(
  "case_file_list_entries",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    listId: integer("list_id")
      .notNull()
      .references(() => caseFileLists.id, { onDelete: "cascade" }),
    position: integer("position").notNull(),
    // Số và ký hiệu hồ sơ (FileNotation, ≤ 20 characters), e.g. "01.TCCB"; "" for a heading row.
    code: text("code").notNull().default(""),
    title: text("title").notNull(),
    isHeading: integer("is_heading", { mode: "boolean" }).notNull().default(false),
    // Thời hạn bảo quản: a number of years, or permanent (Vĩnh viễn).
    retentionYears: integer("retention_years"),
    retentionPermanent: integer("retention_permanent", { mode: "boolean" }).notNull().default(false),
    responsible: text("responsible").notNull().default(""),
    note: text("note").notNull().default(""),
  },
  (t) => [index("case_file_list_entries_list_idx").on(t.listId, t.position)],
);

export const CASE_FILE_STATUSES = ["open", "closed", "handed_over", "destroyed"] as const;
export type CaseFileStatus = (typeof CASE_FILE_STATUSES)[number];

// Chế độ sử dụng (Thông tư 01/2019 metadata "Rights"): open to the organisation, or limited to those who formed it.
export const CASE_FILE_ACCESS = ["open", "restricted"] as const;
export type CaseFileAccess = (typeof CASE_FILE_ACCESS)[number];

/** A case file (hồ sơ). FileCode = OrganId.Year.FileNotation (Phụ lục VI). */
export const caseFiles = sqliteTable(
  "case_files",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    organizationId: integer("organization_id")
      .notNull()
      .references(() => organizations.id),
    year: integer("year").notNull(),
    // The danh mục entry it was opened from; null for an ad hoc file (not in the list: flagged).
    entryId: integer("entry_id").references(() => caseFileListEntries.id),
    adHoc: integer("ad_hoc", { mode: "boolean" }).notNull().default(false),
    fileNotation: text("file_notation").notNull(),
    fileCode: text("file_code").notNull(),
    title: text("title").notNull(),
    retentionYears: integer("retention_years"),
    retentionPermanent: integer("retention_permanent", { mode: "boolean" }).notNull().default(false),
    access: text("access", { enum: CASE_FILE_ACCESS }).notNull().default("open"),
    language: text("language").notNull().default("Tiếng Việt"),
    note: text("note").notNull().default(""),
    status: text("status", { enum: CASE_FILE_STATUSES }).notNull().default("open"),
    // Người lập hồ sơ and the unit that forms it.
    creatorId: integer("creator_id")
      .notNull()
      .references(() => users.id),
    unitId: integer("unit_id")
      .notNull()
      .references(() => organizations.id),
    // Derived from the documents in the file (kept up to date on every change, fixed at closing).
    startDate: text("start_date"),
    endDate: text("end_date"),
    documentCount: integer("document_count").notNull().default(0),
    pageCount: integer("page_count").notNull().default(0),
    closedAt: integer("closed_at", { mode: "timestamp_ms" }),
    closedBy: integer("closed_by").references(() => users.id),
    handoverId: integer("handover_id").references(() => caseFileHandovers.id),
    destructionId: integer("destruction_id").references(() => caseFileDestructions.id),
    version: integer("version").notNull().default(1),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
    updatedAt: integer("updated_at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [
    uniqueIndex("case_files_code_unique").on(t.organizationId, t.year, t.fileNotation),
    index("case_files_org_status_idx").on(t.organizationId, t.status, t.closedAt),
  ],
);

// "evidence": a reform-plan task's evidence (minh chứng, task_evidence) filed with the documents of the matter.
export const CASE_FILE_DOCUMENT_KINDS = ["incoming", "outgoing", "evidence"] as const;
export type CaseFileDocumentKind = (typeof CASE_FILE_DOCUMENT_KINDS)[number];

/**
 * A document filed in a case file, with its order number (DocOrdinal): dense 1..n per file, allocated inside the
 * IMMEDIATE write transaction. One document may sit in several files; never twice in the same one.
 * No foreign keys to the incoming/outgoing/task_evidence tables (owned by other features), as in liên thông links.
 */
export const caseFileDocuments = sqliteTable(
  "case_file_documents",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    caseFileId: integer("case_file_id")
      .notNull()
      .references(() => caseFiles.id),
    ordinal: integer("ordinal").notNull(),
    kind: text("kind", { enum: CASE_FILE_DOCUMENT_KINDS }).notNull(),
    documentId: integer("document_id").notNull(),
    addedBy: integer("added_by").references(() => users.id),
    addedAt: integer("added_at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [
    uniqueIndex("case_file_documents_ordinal_unique").on(t.caseFileId, t.ordinal),
    uniqueIndex("case_file_documents_doc_unique").on(t.caseFileId, t.kind, t.documentId),
    index("case_file_documents_doc_idx").on(t.kind, t.documentId),
  ],
);

/** Nộp lưu: the archive received closed files; the handover record and the list are stored as they were issued. */
export const caseFileHandovers = sqliteTable(
  "case_file_handovers",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    organizationId: integer("organization_id")
      .notNull()
      .references(() => organizations.id),
    // Bên giao (the unit/person handing over) and bên nhận (the archive clerk).
    delivererId: integer("deliverer_id")
      .notNull()
      .references(() => users.id),
    receiverId: integer("receiver_id")
      .notNull()
      .references(() => users.id),
    fileCount: integer("file_count").notNull(),
    note: text("note").notNull().default(""),
    recordPdfFileId: integer("record_pdf_file_id").references(() => files.id),
    recordXlsxFileId: integer("record_xlsx_file_id").references(() => files.id),
    listPdfFileId: integer("list_pdf_file_id").references(() => files.id),
    listXlsxFileId: integer("list_xlsx_file_id").references(() => files.id),
    at: integer("at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [index("case_file_handovers_org_idx").on(t.organizationId, t.at)],
);

/** A destruction decision after the retention review: recorded, never a silent delete; never for permanent files. */
export const caseFileDestructions = sqliteTable(
  "case_file_destructions",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    organizationId: integer("organization_id")
      .notNull()
      .references(() => organizations.id),
    // Số, ký hiệu and date of the head of the organisation's decision (quyết định hủy tài liệu hết giá trị).
    decisionNumber: text("decision_number").notNull(),
    decisionDate: text("decision_date").notNull(),
    // Người ký quyết định, and căn cứ (e.g. the appraisal council's minutes): as written on the decision.
    signerName: text("signer_name").notNull().default(""),
    basis: text("basis").notNull().default(""),
    reason: text("reason").notNull(),
    // The archivist who recorded the decision in the system (the signer is usually the head, signerName).
    decidedBy: integer("decided_by")
      .notNull()
      .references(() => users.id),
    fileCount: integer("file_count").notNull(),
    at: integer("at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [index("case_file_destructions_org_idx").on(t.organizationId, t.at)],
);

export type CaseFileList = typeof caseFileLists.$inferSelect;
export type CaseFileListEntry = typeof caseFileListEntries.$inferSelect;
export type CaseFile = typeof caseFiles.$inferSelect;
export type CaseFileDocument = typeof caseFileDocuments.$inferSelect;
export type CaseFileHandover = typeof caseFileHandovers.$inferSelect;
export type CaseFileDestruction = typeof caseFileDestructions.$inferSelect;
