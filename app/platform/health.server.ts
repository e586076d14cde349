import { sql } from "drizzle-orm";
import { getDb } from "#app/db.server";

/** Liveness: the database answers a trivial query. */
export function checkHealth(): { ok: true } {
  getDb().get(sql`select 1`);
  return { ok: true };
}
