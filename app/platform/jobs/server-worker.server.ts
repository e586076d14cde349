// Starts the job worker inside the server process, once per process (app/db.server.ts calls this when it
// opens the database). Several web workers may each run one: the lease (jobs.server.ts) keeps a job to one
// of them. JOBS_WORKER=0 turns it off (e.g. when a separate `cli jobs:work` process does the work).
import type { Db } from "#db/client";
import { getEnv } from "#app/env.server";
import { startJobWorker } from "#app/platform/jobs/worker.server";

const g = globalThis as unknown as { __jobWorkerStop?: () => Promise<void> };

/** The modules that register job handlers (each calls registerJobHandler on import). */
export async function loadJobHandlers(): Promise<void> {
  await import("#app/features/incoming/index");
}

export function ensureServerJobWorker(db: Db, dataDir: string): void {
  if (g.__jobWorkerStop || getEnv().JOBS_WORKER === "0") return;
  g.__jobWorkerStop = () => Promise.resolve();
  void loadJobHandlers().then(() => {
    g.__jobWorkerStop = startJobWorker({ db, dataDir, pollMs: 1000 });
  });
}
