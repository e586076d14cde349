import { join, resolve } from "node:path";
import { mkdirSync } from "node:fs";
import { openDb, startBackgroundCheckpointer, type Db } from "#db/client";
import { migrateDatabase } from "#db/migrate";
import { getEnv } from "#app/env.server";
import { ensureServerJobWorker } from "#app/platform/jobs/server-worker.server";

// One connection per process, kept across dev rebuilds (the module is re-evaluated, globalThis is not).
const g = globalThis as unknown as { __appDb?: Db };

export function getDataDir(): string {
  return resolve(getEnv().DATA_DIR);
}

/**
 * The application's database. Migrations are idempotent and cheap, so the server applies them on
 * first use too: the app never runs against an out-of-date schema, whatever started it.
 */
export function getDb(): Db {
  if (!g.__appDb) {
    const dataDir = getDataDir();
    mkdirSync(dataDir, { recursive: true });
    const path = join(dataDir, "app.db");
    const db = openDb(path);
    migrateDatabase(db);
    // The server's connection commits; a worker thread checkpoints the WAL so no request pays for it.
    startBackgroundCheckpointer(db, path);
    g.__appDb = db;
    // Background jobs (OCR of scans, issue 14) run beside the requests, never in them.
    ensureServerJobWorker(db, dataDir);
  }
  return g.__appDb;
}
