// STUB for the `extraction` branch only: the dispatcher (scripts/cli.ts) imports ./cli-db lazily, and the
// real module (opening, migrating and seeding DATA_DIR/app.db) lives on another branch. The integrator
// replaces this file with the real one; `extract` never opens the database.
import type { Db } from "#db/client";

export async function getCliDb(): Promise<Db> {
  throw new Error("Cơ sở dữ liệu chưa được cấu hình trên nhánh này (scripts/cli-db.ts là bản tạm)");
}

export function getDataDir(): string {
  return process.env.DATA_DIR ?? "./data";
}
