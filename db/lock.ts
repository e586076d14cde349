import { AsyncLocalStorage } from "node:async_hooks";
import Database from "better-sqlite3";

/**
 * An exclusive lock between processes on one database, held while it is migrated and demo-seeded.
 *
 * Any number of processes (the server, its workers, CLI commands from several shells) may start together on a
 * new or old DATA_DIR; without the lock they migrated and seeded at the same time and all but one failed with
 * `UNIQUE constraint failed: organizations.identifier` (issue 9). The lock is SQLite's own: a separate file
 * `<db>.lock` opened by its own connection that holds `BEGIN EXCLUSIVE`. SQLite takes it with a POSIX advisory
 * lock, which the kernel drops when the holder exits or is killed, so a crash never leaves a stale lock behind
 * (no pid files to judge); a waiting process sleeps in SQLite's busy handler until the holder commits.
 *
 * Within a process the lock is re-entrant (migrateDatabase inside bootstrapApp). A second async holder in the
 * same process queues on a promise, so it never blocks the event loop its first holder needs; a synchronous
 * caller (getDb's migration) while another part of the process holds the lock runs without waiting, since
 * the holder migrated before anything else and the migrations are idempotent.
 */

/** How long a process waits for another one to finish migrating and seeding before it gives up. */
export const DATABASE_LOCK_TIMEOUT_MS = 10 * 60_000;

type Held = { connection: Database.Database; depth: number };
const held = new Map<string, Held>();
const queues = new Map<string, Promise<unknown>>();
/** The locks the current async context holds, to tell re-entry from a concurrent caller in the same process. */
const context = new AsyncLocalStorage<ReadonlySet<string>>();

export function lockPathFor(dbPath: string): string {
  return `${dbPath}.lock`;
}

function acquire(dbPath: string, timeoutMs: number): () => void {
  const lockPath = lockPathFor(dbPath);
  const current = held.get(lockPath);
  if (current) {
    current.depth++;
    return () => release(lockPath);
  }
  const connection = new Database(lockPath, { timeout: timeoutMs });
  try {
    connection.exec("BEGIN EXCLUSIVE");
  } catch (error) {
    connection.close();
    if ((error as { code?: string }).code === "SQLITE_BUSY") {
      throw new Error(
        `Another process has been migrating or seeding ${dbPath} for more than ${Math.round(timeoutMs / 1000)} s (lock ${lockPath}); stop it or try again.`,
      );
    }
    throw error;
  }
  held.set(lockPath, { connection, depth: 1 });
  return () => release(lockPath);
}

function release(lockPath: string): void {
  const current = held.get(lockPath);
  if (!current) return;
  if (--current.depth > 0) return;
  held.delete(lockPath);
  try {
    current.connection.exec("ROLLBACK");
  } finally {
    current.connection.close();
  }
}

/** Runs synchronous `fn` holding the lock of the database at `dbPath` (no lock for ":memory:"). */
export function withDatabaseLockSync<T>(dbPath: string, fn: () => T, timeoutMs = DATABASE_LOCK_TIMEOUT_MS): T {
  if (dbPath === ":memory:" || dbPath === "") return fn();
  const unlock = acquire(dbPath, timeoutMs);
  try {
    return fn();
  } finally {
    unlock();
  }
}

/**
 * Runs async `fn` holding the lock of the database at `dbPath`. Callers in the same process wait their turn on
 * a promise first: a second synchronous acquisition would spin in the busy handler and starve the first holder.
 */
export async function withDatabaseLock<T>(dbPath: string, fn: () => Promise<T>, timeoutMs = DATABASE_LOCK_TIMEOUT_MS): Promise<T> {
  if (dbPath === ":memory:" || dbPath === "") return fn();
  const lockPath = lockPathFor(dbPath);
  if (context.getStore()?.has(lockPath)) return fn();
  const previous = queues.get(lockPath) ?? Promise.resolve();
  const run = previous.catch(() => undefined).then(() => withHeld(dbPath, fn, timeoutMs));
  const tail = run.catch(() => undefined);
  queues.set(lockPath, tail);
  void tail.then(() => {
    if (queues.get(lockPath) === tail) queues.delete(lockPath);
  });
  return run;
}

async function withHeld<T>(dbPath: string, fn: () => Promise<T>, timeoutMs: number): Promise<T> {
  const unlock = acquire(dbPath, timeoutMs);
  try {
    const mine = new Set(context.getStore() ?? []).add(lockPathFor(dbPath));
    return await context.run(mine, fn);
  } finally {
    unlock();
  }
}
