import Database from "better-sqlite3";
import { drizzle, type BetterSQLite3Database } from "drizzle-orm/better-sqlite3";
import * as schema from "./schema/index";

export type Db = BetterSQLite3Database<typeof schema> & { $client: Database.Database };
/** The transaction handle drizzle passes to a transaction callback. */
export type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];
/** Anything that can run a query: the database or an open transaction. */
export type DbOrTx = Db | Tx;

/**
 * Opens the SQLite database with the pragmas every connection needs (reliability.md §2):
 * WAL so readers never block the writer, NORMAL sync (durable across process crashes in WAL mode),
 * foreign keys, and a busy timeout so concurrent writers queue instead of failing.
 */
export function openDb(path: string): Db {
  const sqlite = new Database(path);
  if (path !== ":memory:") sqlite.pragma("journal_mode = WAL");
  sqlite.pragma("synchronous = NORMAL");
  sqlite.pragma("foreign_keys = ON");
  sqlite.pragma("busy_timeout = 5000");
  return drizzle(sqlite, { schema }) as Db;
}

/**
 * Runs `fn` in a `BEGIN IMMEDIATE` transaction. Deferred transactions that read then write fail
 * with SQLITE_BUSY_SNAPSHOT under concurrency (reliability.md: 3,231 failures in 8,000 attempts),
 * so every write path goes through here. The callback must be synchronous (better-sqlite3).
 */
export function writeTransaction<T>(db: Db, fn: (tx: Tx) => T): T {
  return db.transaction(fn, { behavior: "immediate" });
}
