import { index, integer, real, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { files, organizations, users } from "./core";

// Reform plans (kế hoạch CCHC), issue 6; model in reference/tasks.md §4.
// Statuses mirror app/domain/plans/progress.ts TASK_STATUSES (db/ may not import the app).

export const PLAN_TASK_STATUSES = ["not_started", "in_progress", "paused", "awaiting_confirmation", "done", "not_applicable", "cancelled", "deferred"] as const;

export const DEADLINE_KIND_VALUES = ["fixed_date", "end_of_period", "recurring", "event_triggered", "relative", "as_regulated", "none", "unparsed"] as const;

export const plans = sqliteTable(
  "plans",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    // Owner organisation (e.g. UBND tỉnh): the scope of the plan.
    organizationId: integer("organization_id")
      .notNull()
      .references(() => organizations.id),
    title: text("title").notNull(),
    year: integer("year").notNull(),
    // Issuing document: number-symbol and date, e.g. "123/KH-UBND" of 2023-05-29.
    documentNumber: text("document_number"),
    documentDate: text("document_date"),
    // Link to the register when it exists (no FK until the register tables are merged).
    incomingDocumentId: integer("incoming_document_id"),
    outgoingDocumentId: integer("outgoing_document_id"),
    sourceFileId: integer("source_file_id").references(() => files.id),
    createdBy: integer("created_by").references(() => users.id),
    version: integer("version").notNull().default(1),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
    updatedAt: integer("updated_at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [index("plans_org_year_idx").on(t.organizationId, t.year)],
);

/** "Nhiệm vụ chung", numbered I, II, … */
export const planAreas = sqliteTable(
  "plan_areas",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    planId: integer("plan_id")
      .notNull()
      .references(() => plans.id, { onDelete: "cascade" }),
    code: text("code").notNull(),
    title: text("title").notNull(),
    sortOrder: integer("sort_order").notNull(),
  },
  (t) => [index("plan_areas_plan_idx").on(t.planId, t.sortOrder)],
);

/** "Nhiệm vụ cụ thể". */
export const planTasks = sqliteTable(
  "plan_tasks",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    planId: integer("plan_id")
      .notNull()
      .references(() => plans.id, { onDelete: "cascade" }),
    areaId: integer("area_id")
      .notNull()
      .references(() => planAreas.id, { onDelete: "cascade" }),
    ordinal: text("ordinal"),
    sortOrder: integer("sort_order").notNull(),
    title: text("title").notNull(),
    // Deadline: verbatim text plus its parsed form (app/domain/shared/deadlines.ts).
    deadlineText: text("deadline_text").notNull().default(""),
    deadlineKind: text("deadline_kind", { enum: DEADLINE_KIND_VALUES }).notNull(),
    dueDate: text("due_date"),
    // True while a person must set the date (unparsed phrase, relative deadline without its anchor).
    dueDateNeedsInput: integer("due_date_needs_input", { mode: "boolean" }).notNull().default(false),
    dueDateSetManually: integer("due_date_set_manually", { mode: "boolean" }).notNull().default(false),
    anchorEvent: text("anchor_event"),
    anchorDate: text("anchor_date"),
    // Exactly one lead unit: resolved to the directory when possible, else kept as text and flagged.
    leadUnitId: integer("lead_unit_id").references(() => organizations.id),
    leadUnitText: text("lead_unit_text").notNull(),
    cooperatingText: text("cooperating_text").notNull().default(""),
    // Pieces of cooperatingText that matched no organisation (JSON array of strings).
    cooperatingUnresolved: text("cooperating_unresolved").notNull().default("[]"),
    criterionCodes: text("criterion_codes").notNull().default(""),
    weight: real("weight").notNull().default(1),
    note: text("note"),
    status: text("status", { enum: PLAN_TASK_STATUSES }).notNull().default("not_started"),
    // Reason of Tạm dừng / Chuyển kỳ sau / send-back; deciding document of Không thực hiện.
    statusReason: text("status_reason"),
    statusDocument: text("status_document"),
    completedOn: text("completed_on"),
    // Giải trình: why a required evidence item is missing at completion.
    evidenceExplanation: text("evidence_explanation"),
    version: integer("version").notNull().default(1),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
    updatedAt: integer("updated_at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [
    // Covering index for the completion figures (reliability.md §3.5): GROUP BY over a plan's tasks
    // reads the index only.
    index("plan_tasks_progress_idx").on(t.planId, t.status, t.completedOn, t.dueDate, t.areaId, t.leadUnitId, t.weight, t.leadUnitText),
    index("plan_tasks_lead_idx").on(t.leadUnitId, t.status, t.dueDate),
    index("plan_tasks_area_idx").on(t.areaId, t.sortOrder),
  ],
);

export const taskCooperators = sqliteTable(
  "task_cooperators",
  {
    taskId: integer("task_id")
      .notNull()
      .references(() => planTasks.id, { onDelete: "cascade" }),
    organizationId: integer("organization_id")
      .notNull()
      .references(() => organizations.id),
  },
  (t) => [uniqueIndex("task_cooperators_pk").on(t.taskId, t.organizationId), index("task_cooperators_org_idx").on(t.organizationId)],
);

/** "Tài liệu kiểm chứng phải chuẩn bị": required evidence items. */
export const taskEvidenceItems = sqliteTable(
  "task_evidence_items",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    taskId: integer("task_id")
      .notNull()
      .references(() => planTasks.id, { onDelete: "cascade" }),
    description: text("description").notNull(),
    sortOrder: integer("sort_order").notNull(),
  },
  (t) => [index("task_evidence_items_task_idx").on(t.taskId)],
);

export const EVIDENCE_KINDS = ["file", "document_ref", "register_document"] as const;

/** Evidence actually attached: a file, or a document reference (number-symbol + date + title). */
export const taskEvidence = sqliteTable(
  "task_evidence",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    taskId: integer("task_id")
      .notNull()
      .references(() => planTasks.id, { onDelete: "cascade" }),
    itemId: integer("item_id").references(() => taskEvidenceItems.id),
    kind: text("kind", { enum: EVIDENCE_KINDS }).notNull(),
    fileId: integer("file_id").references(() => files.id),
    documentNumber: text("document_number"),
    documentDate: text("document_date"),
    title: text("title").notNull(),
    registerDocumentId: integer("register_document_id"),
    note: text("note"),
    attachedBy: integer("attached_by").references(() => users.id),
    attachedByOrganizationId: integer("attached_by_organization_id").references(() => organizations.id),
    attachedAt: integer("attached_at", { mode: "timestamp_ms" }).notNull(),
    removedAt: integer("removed_at", { mode: "timestamp_ms" }),
  },
  (t) => [index("task_evidence_task_idx").on(t.taskId)],
);

export const TASK_EVENT_KINDS = ["created", "status", "note", "comment", "contribution", "deadline", "evidence", "edit"] as const;

/**
 * The task journal: every change, append-only. `effectiveOn` is the calendar date the change took
 * effect (for a completion: its completion date; for an import: the date given in the file), which
 * statusAsOf uses to reconstruct any past date.
 */
export const taskEvents = sqliteTable(
  "task_events",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    taskId: integer("task_id")
      .notNull()
      .references(() => planTasks.id, { onDelete: "cascade" }),
    planId: integer("plan_id")
      .notNull()
      .references(() => plans.id, { onDelete: "cascade" }),
    at: integer("at", { mode: "timestamp_ms" }).notNull(),
    effectiveOn: text("effective_on").notNull(),
    actorId: integer("actor_id").references(() => users.id),
    organizationId: integer("organization_id").references(() => organizations.id),
    kind: text("kind", { enum: TASK_EVENT_KINDS }).notNull(),
    fromStatus: text("from_status", { enum: PLAN_TASK_STATUSES }),
    toStatus: text("to_status", { enum: PLAN_TASK_STATUSES }),
    completedOn: text("completed_on"),
    note: text("note"),
  },
  (t) => [index("task_events_task_idx").on(t.taskId, t.id), index("task_events_plan_idx").on(t.planId, t.kind, t.effectiveOn)],
);

export const KPI_DIRECTIONS = ["at_least", "at_most", "increase_by", "exact"] as const;

/** "Chỉ tiêu" of a plan (tasks.md §4.6). */
export const planKpis = sqliteTable(
  "plan_kpis",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    planId: integer("plan_id")
      .notNull()
      .references(() => plans.id, { onDelete: "cascade" }),
    sortOrder: integer("sort_order").notNull(),
    content: text("content").notNull(),
    targetText: text("target_text").notNull(),
    targetValue: real("target_value"),
    unit: text("unit"),
    direction: text("direction", { enum: KPI_DIRECTIONS }).notNull(),
    increaseMode: text("increase_mode", { enum: ["percent", "absolute"] }),
    baseline: real("baseline"),
    result: real("result"),
    resultText: text("result_text"),
    projected: real("projected"),
    note: text("note"),
    leadUnitId: integer("lead_unit_id").references(() => organizations.id),
    leadUnitText: text("lead_unit_text"),
    // Bound to an e-government indicator (app/domain/statistics/indicators.ts INDICATOR_KEYS): the result is
    // computed from the documents at each cut-off instead of typed (issue 16 §3).
    indicatorKey: text("indicator_key"),
    version: integer("version").notNull().default(1),
    updatedAt: integer("updated_at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [index("plan_kpis_plan_idx").on(t.planId, t.sortOrder)],
);

export const REPORT_PERIOD_KEYS = ["q1", "h1", "q3", "year"] as const;

/** A generated report, frozen: later task edits never change it (tasks.md §4.7). */
export const reportSnapshots = sqliteTable(
  "report_snapshots",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    planId: integer("plan_id")
      .notNull()
      .references(() => plans.id, { onDelete: "cascade" }),
    periodKey: text("period_key", { enum: REPORT_PERIOD_KEYS }).notNull(),
    year: integer("year").notNull(),
    label: text("label").notNull(),
    cutOff: text("cut_off").notNull(),
    figures: text("figures").notNull(),
    xlsxFileId: integer("xlsx_file_id")
      .notNull()
      .references(() => files.id),
    pdfFileId: integer("pdf_file_id")
      .notNull()
      .references(() => files.id),
    generatedBy: integer("generated_by").references(() => users.id),
    generatedAt: integer("generated_at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [index("report_snapshots_plan_idx").on(t.planId, t.generatedAt)],
);

export type Plan = typeof plans.$inferSelect;
export type PlanArea = typeof planAreas.$inferSelect;
export type PlanTask = typeof planTasks.$inferSelect;
export type TaskEvent = typeof taskEvents.$inferSelect;
export type TaskEvidence = typeof taskEvidence.$inferSelect;
export type TaskEvidenceItem = typeof taskEvidenceItems.$inferSelect;
export type PlanKpi = typeof planKpis.$inferSelect;
export type ReportSnapshot = typeof reportSnapshots.$inferSelect;
