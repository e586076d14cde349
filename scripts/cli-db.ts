// STUB for the signing branch only: the real cli-db (database access for the CLI) lives on another branch and
// replaces this file on merge. Signing commands never open the database.
import type { Db } from "#db/client";

export async function getCliDb(): Promise<Db> {
  throw new Error("Cơ sở dữ liệu không khả dụng trong nhánh này (cli-db stub)");
}

export function getDataDir(): string {
  return process.env.DATA_DIR ?? "./data";
}
