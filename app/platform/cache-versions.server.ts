// Per-process caches of rarely changing tables, checked against a version counter that triggers bump in the
// same transaction as any change (db/sql/020-cache-versions.sql). Every page view needs the signed-in user's
// roles and permissions, and the incoming list and statistics the organisation's units; loading them cost
// ~0.4 ms and ~1 ms of CPU per view (issue 18, docs/benchmarks/http.md §7). Reading the counter is one
// primary-key lookup, so a change made by any process (another cluster worker, the CLI) is seen at once.
import { sql } from "drizzle-orm";
import type { DbOrTx } from "#db/client";

export type CacheName = "directory" | "people" | "plans" | "calendar";

type Entry = { version: number; value: unknown };

// Keyed by the database handle (tests and the CLI open several); entries per cache name and key.
const caches = new WeakMap<object, Map<string, Entry>>();
/** Enough for every unit and user of a province; past it the cache starts again rather than grow. */
const MAX_ENTRIES = 20_000;

const VERSION_SQL = "select version from cache_versions where name = ?";

/** The counter of `name`, or null when its row is missing (then nothing is cached). */
export function cacheVersion(db: DbOrTx, name: CacheName): number | null {
  // Straight to better-sqlite3's (cached) statement when we have the connection: this runs on every request,
  // and drizzle's query building cost more than the lookup itself.
  const row =
    "$client" in db
      ? (db.$client.prepare(VERSION_SQL).get(name) as { version: number } | undefined)
      : db.get<{ version: number } | undefined>(sql`select version from cache_versions where name = ${name}`);
  return row?.version ?? null;
}

/**
 * `compute()`, or the value computed earlier for `key` if the tables behind `name` have not changed since.
 * The version is read before computing, so a cached value is never older than its version. Callers get
 * the cached object itself: it must be treated as read-only (return copies from the wrapping function
 * when callers may change what they get).
 */
export function cachedByVersion<T>(db: DbOrTx, name: CacheName, key: string | number, compute: () => T): T {
  // Only what is committed is cached: inside a transaction (a drizzle `tx`, or the connection with a
  // transaction open) a read may see a change that is then rolled back, and the next committed change would
  // bring the counter back to the same number with the rolled-back value still cached under it.
  if (!("$client" in db) || db.$client.inTransaction) return compute();
  const version = cacheVersion(db, name);
  if (version === null) return compute();
  let entries = caches.get(db);
  if (!entries) {
    entries = new Map();
    caches.set(db, entries);
  }
  const fullKey = `${name}:${key}`;
  const hit = entries.get(fullKey);
  if (hit && hit.version === version) return hit.value as T;
  const value = compute();
  if (entries.size >= MAX_ENTRIES) entries.clear();
  entries.set(fullKey, { version, value });
  return value;
}
