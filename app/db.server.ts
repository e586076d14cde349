import { join, resolve } from "node:path";
import { mkdirSync } from "node:fs";
import { openDb, startBackgroundCheckpointer, type Db } from "#db/client";
import { migrateDatabase } from "#db/migrate";
import { getEnv } from "#app/env.server";

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
  }
  return g.__appDb;
}

export type AppServices = { db: Db; dataDir: string };

/**
 * The process's database and data directory, for the edges only: the request guards
 * (app/platform/auth/auth.server.ts `requestServices`) and server boot. Services receive them in their
 * ServiceContext (tests/unit/architecture.test.ts keeps it so).
 */
export function appServices(): AppServices {
  return { db: getDb(), dataDir: getDataDir() };
}
