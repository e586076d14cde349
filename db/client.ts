import { createRequire } from "node:module";
import { Worker } from "node:worker_threads";
import Database from "better-sqlite3";
import { and, eq, getTableName, sql, type SQL } from "drizzle-orm";
import { drizzle, type BetterSQLite3Database } from "drizzle-orm/better-sqlite3";
import type { SQLiteColumn, SQLiteTable } from "drizzle-orm/sqlite-core";
import * as schema from "./schema/index";

const require = createRequire(import.meta.url);

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
  cacheStatements(sqlite);
  // The busy timeout first: switching a new file to WAL needs a lock that a process starting alongside may hold.
  sqlite.pragma("busy_timeout = 5000");
  if (path !== ":memory:") sqlite.pragma("journal_mode = WAL");
  sqlite.pragma("synchronous = NORMAL");
  sqlite.pragma("foreign_keys = ON");
  return drizzle(sqlite, { schema }) as Db;
}

const STATEMENT_CACHE_SIZE = 500;
const REQUEST_CONTEXT_KEY = Symbol.for("vpdt.requestContext");
type TimedStore = { dbMs: number } | undefined;

/**
 * drizzle asks better-sqlite3 to prepare every query afresh, and compiling the SQL was a third of a page
 * view's database time (CPU profile under load, docs/decisions/0012-page-speed.md). Statements are kept
 * by their SQL text (bounded, least recently used first out) and reused. drizzle switches a statement to
 * raw (array) mode for some queries and not for others, so a reused statement is reset to object mode
 * first. Statement run time is added to the request's Server-Timing `db` figure when the server has a
 * request store (app/utils/request-context.server.ts).
 */
function cacheStatements(sqlite: Database.Database): void {
  const cache = new Map<string, Database.Statement>();
  const prepare = sqlite.prepare.bind(sqlite);
  const als = () => (globalThis as Record<symbol, { getStore(): TimedStore } | undefined>)[REQUEST_CONTEXT_KEY]?.getStore();
  const timed = (stmt: Database.Statement) => {
    for (const method of ["run", "get", "all"] as const) {
      const original = stmt[method] as (...args: unknown[]) => unknown;
      (stmt as unknown as Record<string, unknown>)[method] = function (this: Database.Statement, ...args: unknown[]) {
        const store = als();
        if (!store) return original.apply(this, args);
        const started = performance.now();
        try {
          return original.apply(this, args);
        } finally {
          store.dbMs += performance.now() - started;
        }
      };
    }
    return stmt;
  };
  sqlite.prepare = ((source: string) => {
    const cached = cache.get(source);
    if (cached) {
      cache.delete(source);
      cache.set(source, cached);
      if (cached.reader) cached.raw(false);
      return cached;
    }
    const stmt = timed(prepare(source));
    cache.set(source, stmt);
    if (cache.size > STATEMENT_CACHE_SIZE) cache.delete(cache.keys().next().value as string);
    return stmt;
  }) as typeof sqlite.prepare;
}

const preparedQueries = new WeakMap<object, Map<string, unknown>>();

/**
 * The better-sqlite3 connection behind a database or transaction handle. A drizzle transaction handle has no
 * `$client`; its session holds the same connection (drizzle-orm 0.45 BetterSQLiteSession.client).
 */
function connectionOf(db: DbOrTx): Database.Database | null {
  const handle = db as { $client?: Database.Database; session?: { client?: Database.Database } };
  return handle.$client ?? handle.session?.client ?? null;
}

/**
 * A drizzle query built and prepared once per connection, then run with `sql.placeholder` values: for the queries
 * every page view or every write of a kind makes (the session lookup, the file and audit rows, the edXML
 * reception), where drizzle's query building cost several times the statement itself (~85 µs to build a
 * three-condition select against ~20 µs to run it; CPU profiles in docs/benchmarks/http.md §10 and edxml.md).
 * Works inside a transaction: the statement belongs to the connection, and better-sqlite3 runs it in whatever
 * transaction that connection has open. `key` names the query; `build` gets the handle to build it on and must
 * not capture per-call values.
 */
export function preparedOnce<T, H extends DbOrTx>(db: H, key: string, build: (db: H) => T): T {
  const connection = connectionOf(db);
  // An unknown handle (a drizzle upgrade moved the connection): correct, only not cached.
  if (!connection) return build(db);
  let queries = preparedQueries.get(connection);
  if (!queries) {
    queries = new Map();
    preparedQueries.set(connection, queries);
  }
  let query = queries.get(key) as T | undefined;
  if (query === undefined) {
    query = build(db);
    queries.set(key, query);
  }
  return query;
}

/** The row of `table` whose `id` is this, or undefined: one query per table, prepared once per connection. */
export function rowById<T extends SQLiteTable & { id: SQLiteColumn }>(db: DbOrTx, table: T, id: number): T["$inferSelect"] | undefined {
  const query = preparedOnce(db, `rowById.${getTableName(table)}`, (d) =>
    d
      .select()
      .from(table as SQLiteTable)
      .where(eq(table.id, sql.placeholder("id")))
      .prepare(),
  );
  return query.get({ id }) as T["$inferSelect"] | undefined;
}

/**
 * How many rows of `table` match `within` and each named condition (null: not asked, no subquery, not in the
 * answer), in one statement: one scalar subquery per condition, so each count still reads only its own index range
 * (a single `sum(case …)` pass would read every row `within` admits), while drizzle builds one query instead of one
 * per count — its query builder cost ~0.1 ms a count against a few microseconds for SQLite to count through an
 * index (home page tiles, docs/benchmarks/http.md §12). Conditions may refer to `table` by its own name: each
 * subquery reads it afresh.
 */
export function countEach<K extends string>(
  db: DbOrTx,
  table: SQLiteTable,
  within: SQL | undefined,
  conditions: Partial<Record<K, SQL | null | undefined>>,
): Partial<Record<K, number>> {
  const asked = (Object.entries(conditions) as [K, SQL | null | undefined][]).filter(([, where]) => where !== null);
  if (asked.length === 0) return {};
  const counts = asked.map(([, where]) => {
    const all = and(within, where ?? undefined);
    return all ? sql`(select count(*) from ${table} where ${all})` : sql`(select count(*) from ${table})`;
  });
  const [row] = db.values<number[]>(sql`select ${sql.join(counts, sql`, `)}`);
  return Object.fromEntries(asked.map(([name], i) => [name, Number(row?.[i] ?? 0)])) as Partial<Record<K, number>>;
}

/**
 * Runs `fn` in a `BEGIN IMMEDIATE` transaction. Deferred transactions that read then write fail
 * with SQLITE_BUSY_SNAPSHOT under concurrency (reliability.md: 3,231 failures in 8,000 attempts),
 * so every write path goes through here. The callback must be synchronous (better-sqlite3).
 */
export function writeTransaction<T>(db: Db, fn: (tx: Tx) => T): T {
  return db.transaction(fn, { behavior: "immediate" });
}

/**
 * `writeTransaction` whose commit is on disk when it returns. Connections run `synchronous = NORMAL`: in WAL mode
 * a commit survives a crash of the process but not a power loss or kernel crash (the last commits before the next
 * checkpoint may roll back). This commit runs with `synchronous = FULL`, which fsyncs the WAL: for writes that are
 * acknowledged to another system which will not send them again (an edXML packet answered 200,
 * docs/decisions/0016-edxml-durable-accept.md). better-sqlite3 is synchronous, so no other statement of this
 * connection runs between the pragmas.
 */
export function durableWriteTransaction<T>(db: Db, fn: (tx: Tx) => T): T {
  db.$client.pragma("synchronous = FULL");
  try {
    return writeTransaction(db, fn);
  } finally {
    db.$client.pragma("synchronous = NORMAL");
  }
}

/**
 * Moves WAL checkpoints off the request path. With the default auto-checkpoint (every 1,000 pages) the
 * commit that crosses the threshold copies the WAL into the database and fsyncs it, which is where the
 * p99 of a registration went (reliability.md §2; measured 29 ms p99 against 1.4 ms p50). A worker thread
 * with its own connection runs PASSIVE checkpoints (never blocking writers) every `intervalMs`; the
 * request connection keeps a much higher auto-checkpoint as a safety net should the worker stop.
 * Returns a function that stops the worker.
 */
export function startBackgroundCheckpointer(db: Db, path: string, intervalMs = 1000): () => Promise<void> {
  if (path === ":memory:") return async () => {};
  db.$client.pragma("wal_autocheckpoint = 16000"); // ~64 MB of WAL before a foreground checkpoint
  const worker = new Worker(
    `const { parentPort, workerData } = require("node:worker_threads");
     const Database = require(workerData.module);
     const db = new Database(workerData.path);
     db.pragma("busy_timeout = 5000");
     const timer = setInterval(() => { try { db.pragma("wal_checkpoint(PASSIVE)"); } catch {} }, workerData.intervalMs);
     // Planner statistics kept current as the tables grow (db/migrate.ts refreshPlannerStatistics), off the
     // request thread; a no-op while the row counts have not changed much.
     const stats = setInterval(() => { try { db.pragma("analysis_limit = 1000"); db.pragma("optimize = 0x10002"); } catch {} }, 6 * 3600_000);
     parentPort.on("message", () => { clearInterval(timer); clearInterval(stats); db.close(); process.exit(0); });`,
    { eval: true, workerData: { path, intervalMs, module: require.resolve("better-sqlite3") } },
  );
  worker.unref();
  return async () => {
    worker.postMessage("stop");
    await new Promise((resolve) => worker.once("exit", resolve));
  };
}
