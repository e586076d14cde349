import { sql } from "drizzle-orm";
import type { AppServices } from "#app/db.server";

/** Liveness: the database answers a trivial query. */
export function checkHealth(services: Pick<AppServices, "db">): { ok: true } {
  services.db.get(sql`select 1`);
  return { ok: true };
}
