// The job worker (issue 14): runs in the server's primary process (started by the app bootstrap) and from
// the CLI (`jobs:work`). It takes one job at a time — OCR is CPU-bound and the machine is shared — renews
// the lease while the handler runs, and records success or failure. Handlers do their heavy work in
// child processes (ocrmypdf), never in this thread's event loop for long.
import type { Db } from "#db/client";
import type { Job } from "#db/schema/index";
import { claimJob, completeJob, DEFAULT_LEASE_MS, failJob, heartbeatJob, workerId } from "#app/platform/jobs/jobs.server";
import { writeTransaction, type Tx } from "#db/client";

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

/** Runs jobs until none is due. */
export async function drainJobs(options: WorkerOptions): Promise<number> {
  let count = 0;
  while (await runOneJob(options)) count++;
  return count;
}

/**
 * Polls for jobs every `pollMs` until stopped. Returns the stop function (resolves when the current job,
 * if any, has finished).
 */
export function startJobWorker(options: WorkerOptions & { pollMs?: number }): () => Promise<void> {
  let stopped = false;
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
