// A job worker in its own process, for the restart test (tests/integration/ocr.test.ts): it opens the test
// database, takes one job with a short lease and works on it until the test kills it.
import { openDb } from "#db/client";
import { loadJobHandlers } from "#app/platform/jobs/server-worker.server";
import { runOneJob } from "#app/platform/jobs/worker.server";

const [dbPath, dataDir, leaseMs] = process.argv.slice(2);
const db = openDb(dbPath);
await loadJobHandlers();
await runOneJob({ db, dataDir, leaseMs: Number(leaseMs), worker: "child-worker" });
process.exit(0);
