import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { migrate } from "drizzle-orm/better-sqlite3/migrator";
import type { Db } from "./client";
import { withDatabaseLockSync } from "./lock";
import { insertReferenceData } from "./reference-data";

/** The repository root: scripts, the server and tests all run from it (npm sets the cwd). */
function dbFolder(): string {
  const candidates = [process.env.APP_ROOT, process.cwd()].filter(Boolean) as string[];
  for (const root of candidates) {
    const folder = resolve(root, "db");
    if (existsSync(join(folder, "migrations", "meta", "_journal.json"))) return folder;
  }
  throw new Error(`db/migrations not found from ${process.cwd()}; run from the repository root`);
}

/**
 * Brings a database to the current schema: the generated drizzle migrations (append-only), then the
 * idempotent SQLite-specific objects in db/sql/*.sql (FTS5 tables and their triggers, which drizzle
 * cannot express), then reference data (roles, permissions, document types) with INSERT OR IGNORE.
 */
export function migrateDatabase(db: Db): void {
  const folder = dbFolder();
  // Under the database's bootstrap lock: processes starting together must not migrate at once (db/lock.ts).
  withDatabaseLockSync(db.$client.name, () => {
    migrate(db, { migrationsFolder: join(folder, "migrations") });
    const sqlFolder = join(folder, "sql");
    if (existsSync(sqlFolder)) {
      for (const name of readdirSync(sqlFolder)
        .filter((n) => n.endsWith(".sql"))
        .sort()) {
        db.$client.exec(readFileSync(join(sqlFolder, name), "utf8"));
      }
    }
    insertReferenceData(db);
    refreshPlannerStatistics(db);
  });
}

/**
 * Gives SQLite's query planner statistics (sqlite_stat1) for tables that have none or whose size changed a
 * lot since they were gathered (`PRAGMA optimize` with 0x10000: every table, not only those this connection
 * queried). Without them every index equality is guessed at ~10 rows, and `organization_id = ?` — one value
 * for almost every row of a single-province install — looks selective: with 200,000 documents the planner
 * took a new index over the one that gives a list its order (200 ms instead of 0.2 ms), and walked an
 * organisation's 200,000 documents for an inbox of a dozen (issue 18, docs/benchmarks/http.md).
 * analysis_limit samples each index (~130 ms on 400,000 documents, nothing to do when current).
 */
export function refreshPlannerStatistics(db: Db): void {
  db.$client.pragma("analysis_limit = 1000");
  db.$client.pragma("optimize = 0x10002");
}
