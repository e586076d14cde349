// The job worker (issue 14): runs in the server's primary process (started by the app bootstrap) and from
// the CLI (`jobs:work`). It takes one job at a time — OCR is CPU-bound and the machine is shared — renews
// the lease while the handler runs, and records success or failure. Handlers do their heavy work in
// child processes (ocrmypdf), never in this thread's event loop for long.
import type { Db } from "#db/client";
import type { Job } from "#db/schema/index";
import { claimJob, completeJob, DEFAULT_LEASE_MS, failJob, heartbeatJob, workerId } from "#app/platform/jobs/jobs.server";
import { writeTransaction, type Tx } from "#db/client";
import { collectOrphanDerivations } from "#app/platform/files/files-gc.server";

export type JobContext = {
  db: Db;
  dataDir: string;
  job: Job;
  /** Commits the handler's final writes together with the job's `done` state. */
  complete: (write: (tx: Tx) => unknown) => void;
};

/** Thrown by a handler when retrying cannot help (the file is gone, the input is refused). */
export class PermanentJobError extends Error {}

export type JobHandler = (ctx: JobContext, payload: unknown) => Promise<void>;

const handlers = new Map<string, JobHandler>();

export function registerJobHandler(kind: string, handler: JobHandler): void {
  handlers.set(kind, handler);
}

export type WorkerOptions = { db: Db; dataDir: string; leaseMs?: number; now?: () => Date; worker?: string };

/** Runs at most one due job; returns it (as taken) or null when there was nothing to do. */
export async function runOneJob(options: WorkerOptions): Promise<Job | null> {
  const now = options.now ?? (() => new Date());
  const worker = options.worker ?? workerId();
  const leaseMs = options.leaseMs ?? DEFAULT_LEASE_MS;
  const job = claimJob(options.db, { worker, kinds: [...handlers.keys()], now: now(), leaseMs });
  if (!job) return null;
  const handler = handlers.get(job.kind)!;
  const beat = setInterval(() => heartbeatJob(options.db, { id: job.id, worker, now: now(), leaseMs }), Math.max(1000, leaseMs / 3));
  beat.unref();
  let completed = false;
  try {
    await handler(
      {
        db: options.db,
        dataDir: options.dataDir,
        job,
        complete: (write) => {
          writeTransaction(options.db, (tx) => {
            write(tx);
            completeJob(tx, { id: job.id, worker, now: now() });
          });
          completed = true;
        },
      },
      JSON.parse(job.payload),
    );
    if (!completed) writeTransaction(options.db, (tx) => completeJob(tx, { id: job.id, worker, now: now() }));
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    failJob(options.db, { job, worker, now: now(), error: message.slice(0, 2000), permanent: error instanceof PermanentJobError });
  } finally {
    clearInterval(beat);
  }
  return job;
}

/**
 * Upkeep the worker does when it has no job (issue 14: derived files whose scan was never registered). Each task
 * runs at most once per `everyMs` per worker; it must be safe to run from several workers at once (the
 * collectors re-check every row inside an IMMEDIATE transaction).
 */
export type IdleTask = { name: string; everyMs: number; run: (options: { db: Db; dataDir: string; now: Date }) => unknown };

/** The derivations of scans never registered, or whose document let go of them, after the grace period. */
export const DERIVATION_GC_EVERY_MS = 3600_000;
const idleTasks: IdleTask[] = [
  { name: "orphan-derivations", everyMs: DERIVATION_GC_EVERY_MS, run: ({ db, dataDir, now }) => collectOrphanDerivations(db, dataDir, { now }) },
];

/** Runs the idle tasks that are due (by `lastRun`, a per-worker record); returns what each that ran returned. */
export function runIdleTasks(options: { db: Db; dataDir: string; now: Date; lastRun: Map<string, number>; tasks?: IdleTask[] }): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const task of options.tasks ?? idleTasks) {
    const last = options.lastRun.get(task.name);
    if (last !== undefined && options.now.getTime() - last < task.everyMs) continue;
    options.lastRun.set(task.name, options.now.getTime());
    try {
      out[task.name] = task.run(options);
    } catch (error) {
      console.error(`[jobs] idle task ${task.name} failed:`, error instanceof Error ? error.message : error);
    }
  }
  return out;
}

/** Runs jobs until none is due. */
export async function drainJobs(options: WorkerOptions): Promise<number> {
  let count = 0;
  while (await runOneJob(options)) count++;
  return count;
}

/**
 * Polls for jobs every `pollMs` until stopped; between jobs, runs the idle tasks that are due. Returns the stop function (resolves when the current job,
 * if any, has finished).
 */
export function startJobWorker(options: WorkerOptions & { pollMs?: number; idleTasks?: IdleTask[] }): () => Promise<void> {
  let stopped = false;
  const lastRun = new Map<string, number>();
  let wake: (() => void) | null = null;
  const worker = options.worker ?? workerId();
  const loop = (async () => {
    while (!stopped) {
      let job: Job | null = null;
      try {
        job = await runOneJob({ ...options, worker });
      } catch (error) {
        console.error("[jobs] worker error", error);
      }
      if (!job && !stopped) {
        runIdleTasks({ db: options.db, dataDir: options.dataDir, now: (options.now ?? (() => new Date()))(), lastRun, tasks: options.idleTasks });
        await new Promise<void>((resolve) => {
          const t = setTimeout(resolve, options.pollMs ?? 1000);
          t.unref?.();
          wake = () => {
            clearTimeout(t);
            resolve();
          };
        });
        wake = null;
      }
    }
  })();
  return async () => {
    stopped = true;
    (wake as (() => void) | null)?.();
    await loop;
  };
}
