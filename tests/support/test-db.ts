import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openDb, type Db } from "#db/client";
import { migrateDatabase } from "#db/migrate";

export type TestDb = { db: Db; dataDir: string; dbPath: string; cleanup: () => void };

/** A fresh, migrated SQLite database in its own temp DATA_DIR (house style rule 13). */
export function createTestDb(): TestDb {
  const dataDir = mkdtempSync(join(tmpdir(), "vpdt-test-"));
  const dbPath = join(dataDir, "app.db");
  const db = openDb(dbPath);
  migrateDatabase(db);
  return {
    db,
    dataDir,
    dbPath,
    cleanup: () => {
      db.$client.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
