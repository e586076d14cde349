// Durable background jobs (issue 14) and files derived from uploads (the OCR'd PDF of a scan).
import { index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { files } from "./core";

export const JOB_STATES = ["queued", "running", "done", "failed"] as const;
export type JobState = (typeof JOB_STATES)[number];

/**
 * One row per unit of background work. A worker takes a queued job whose `next_attempt_at` has come (or a
 * running one whose lease ran out: its worker died) by setting `state = running`, `lease_until` and
 * `locked_by` in one UPDATE, so two workers (two processes on one database) never run the same job. A
 * live worker renews the lease (heartbeat); after a restart the expired lease lets the job be retaken.
 */
export const jobs = sqliteTable(
  "jobs",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    kind: text("kind").notNull(),
    payload: text("payload").notNull(),
    state: text("state", { enum: JOB_STATES }).notNull().default("queued"),
    attempts: integer("attempts").notNull().default(0),
    maxAttempts: integer("max_attempts").notNull().default(3),
    nextAttemptAt: integer("next_attempt_at", { mode: "timestamp_ms" }).notNull(),
    leaseUntil: integer("lease_until", { mode: "timestamp_ms" }),
    lockedBy: text("locked_by"),
    heartbeatAt: integer("heartbeat_at", { mode: "timestamp_ms" }),
    lastError: text("last_error"),
    result: text("result"),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
    updatedAt: integer("updated_at", { mode: "timestamp_ms" }).notNull(),
    finishedAt: integer("finished_at", { mode: "timestamp_ms" }),
  },
  (t) => [index("jobs_pick_idx").on(t.state, t.nextAttemptAt)],
);

export type Job = typeof jobs.$inferSelect;

export const DERIVATION_STATES = ["pending", "done", "failed"] as const;
export type DerivationState = (typeof DERIVATION_STATES)[number];

/**
 * A file made from another: the searchable PDF OCRmyPDF makes from a scan. The upload is kept byte for byte;
 * the derived file is linked here. `source_file_id` has deliberately NO foreign key: files with a foreign
 * key pointing at them count as "referenced" (files.server.ts isFileReferenced), and a clerk's fresh scan
 * must stay attachable to the registration form while its OCR runs.
 */
export const fileDerivations = sqliteTable(
  "file_derivations",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    sourceFileId: integer("source_file_id").notNull(),
    /**
     * "ocr": derived_file_id is the searchable PDF made from the scan source_file_id. "original-image": the
     * scan was uploaded as an image; source_file_id is the image-only PDF made from it (the file the document
     * is registered with) and derived_file_id the image exactly as uploaded — held by a foreign key so
     * that the orphan collector (files-gc.server.ts) keeps it.
     */
    kind: text("kind", { enum: ["ocr", "original-image"] }).notNull(),
    state: text("state", { enum: DERIVATION_STATES }).notNull().default("pending"),
    jobId: integer("job_id").references(() => jobs.id),
    derivedFileId: integer("derived_file_id").references(() => files.id),
    /** The OCR text (plain), for search and the registered document's extracted_text. */
    text: text("text"),
    /** JSON: per page {page, confidence, dpi, isLowQuality}. */
    pages: text("pages"),
    /** JSON: the form fields read from the OCR text ({formFields, extracted, low}). */
    fields: text("fields"),
    error: text("error"),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
    completedAt: integer("completed_at", { mode: "timestamp_ms" }),
  },
  (t) => [uniqueIndex("file_derivations_source_kind").on(t.sourceFileId, t.kind)],
);

export type FileDerivation = typeof fileDerivations.$inferSelect;
