// Durable job queue on SQLite (issue 14). Work that must not run in a request (OCR of a scan) is written
// as a row in the same transaction as what asked for it; a worker (worker.server.ts) takes it with a lease.
// A job survives a restart: a running job whose lease expired (its worker died or was killed) is taken
// again by the next worker; a failed attempt is retried with back-off up to max_attempts.
import { randomBytes } from "node:crypto";
import { hostname } from "node:os";
import { and, eq, lte, or, sql } from "drizzle-orm";
import { writeTransaction, type Db, type DbOrTx } from "#db/client";
import { jobs, type Job } from "#db/schema/index";

/** How long a taken job belongs to its worker without a heartbeat. */
export const DEFAULT_LEASE_MS = 60_000;
/** Back-off before attempt n+1: 10 s, 40 s, 90 s… (n² × 10 s), capped at 10 minutes. */
export function retryDelayMs(attempts: number): number {
  return Math.min(10 * 60_000, attempts * attempts * 10_000);
}

export function workerId(): string {
  return `${hostname()}:${process.pid}:${randomBytes(3).toString("hex")}`;
}

export type EnqueueOptions = { kind: string; payload: unknown; at: Date; maxAttempts?: number };

/** Inserts a queued job inside the caller's transaction (so the job exists iff what asked for it does). */
export function enqueueJob(tx: DbOrTx, options: EnqueueOptions): Job {
  return tx
    .insert(jobs)
    .values({
      kind: options.kind,
      payload: JSON.stringify(options.payload ?? null),
      state: "queued",
      maxAttempts: options.maxAttempts ?? 3,
      nextAttemptAt: options.at,
      createdAt: options.at,
      updatedAt: options.at,
    })
    .returning()
    .get();
}

/**
 * Takes the oldest due job of one of `kinds` (queued and due, or running with an expired lease) for
 * `worker`, in one IMMEDIATE transaction so two workers cannot take the same row. Counts the attempt.
 */
export function claimJob(db: Db, options: { worker: string; kinds: readonly string[]; now: Date; leaseMs?: number }): Job | null {
  if (options.kinds.length === 0) return null;
  const leaseUntil = new Date(options.now.getTime() + (options.leaseMs ?? DEFAULT_LEASE_MS));
  return writeTransaction(db, (tx) => {
    const due = or(and(eq(jobs.state, "queued"), lte(jobs.nextAttemptAt, options.now)), and(eq(jobs.state, "running"), lte(jobs.leaseUntil, options.now)));
    const kindIn = sql`${jobs.kind} in (${sql.join(
      options.kinds.map((k) => sql`${k}`),
      sql`, `,
    )})`;
    const row = tx.select().from(jobs).where(and(due, kindIn)).orderBy(jobs.nextAttemptAt, jobs.id).limit(1).get();
    if (!row) return null;
    if (row.state === "running" && row.attempts >= row.maxAttempts) {
      // Its worker died on the last allowed attempt (a file that kills the OCR every time): give up.
      tx.update(jobs)
        .set({
          state: "failed",
          lastError: row.lastError ?? "worker died (lease expired) on the last attempt",
          leaseUntil: null,
          lockedBy: null,
          updatedAt: options.now,
          finishedAt: options.now,
        })
        .where(eq(jobs.id, row.id))
        .run();
      return null;
    }
    return tx
      .update(jobs)
      .set({ state: "running", attempts: row.attempts + 1, leaseUntil, lockedBy: options.worker, heartbeatAt: options.now, updatedAt: options.now })
      .where(eq(jobs.id, row.id))
      .returning()
      .get();
  });
}

/** Renews the lease; false when the job is no longer this worker's (it was retaken after a long stall). */
export function heartbeatJob(db: Db, options: { id: number; worker: string; now: Date; leaseMs?: number }): boolean {
  const leaseUntil = new Date(options.now.getTime() + (options.leaseMs ?? DEFAULT_LEASE_MS));
  const r = db
    .update(jobs)
    .set({ leaseUntil, heartbeatAt: options.now, updatedAt: options.now })
    .where(and(eq(jobs.id, options.id), eq(jobs.state, "running"), eq(jobs.lockedBy, options.worker)))
    .run();
  return r.changes > 0;
}

/** Marks the job done, inside the caller's transaction (with the writes that make it done). */
export function completeJob(tx: DbOrTx, options: { id: number; worker: string; now: Date; result?: unknown }): boolean {
  const r = tx
    .update(jobs)
    .set({
      state: "done",
      result: options.result === undefined ? null : JSON.stringify(options.result),
      leaseUntil: null,
      lockedBy: null,
      updatedAt: options.now,
      finishedAt: options.now,
    })
    .where(and(eq(jobs.id, options.id), eq(jobs.state, "running"), eq(jobs.lockedBy, options.worker)))
    .run();
  return r.changes > 0;
}

/** Records a failed attempt: queued again after the back-off, or failed for good after max_attempts. */
export function failJob(db: DbOrTx, options: { job: Job; worker: string; now: Date; error: string; permanent?: boolean }): "retry" | "failed" {
  const { job } = options;
  const final = options.permanent || job.attempts >= job.maxAttempts;
  tx(db)
    .update(jobs)
    .set(
      final
        ? { state: "failed", lastError: options.error, leaseUntil: null, lockedBy: null, updatedAt: options.now, finishedAt: options.now }
        : {
            state: "queued",
            lastError: options.error,
            leaseUntil: null,
            lockedBy: null,
            nextAttemptAt: new Date(options.now.getTime() + retryDelayMs(job.attempts)),
            updatedAt: options.now,
          },
    )
    .where(and(eq(jobs.id, job.id), eq(jobs.lockedBy, options.worker)))
    .run();
  return final ? "failed" : "retry";
}

const tx = (db: DbOrTx) => db;

export function getJob(db: DbOrTx, id: number): Job | undefined {
  return db.select().from(jobs).where(eq(jobs.id, id)).get();
}
