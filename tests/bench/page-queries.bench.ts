// Per-loader database breakdown (issue 18): `npx tsx tests/bench/page-queries.bench.ts <DATA_DIR or app.db>`.
// Runs the service calls behind each main page of tests/bench/http.bench.ts in-process against a copy of a
// bench data set (e.g. tests/.tmp/bench-http-200000-<hash>/), RUNS times each, and prints per page the
// median db ms and its slowest statements with their EXPLAIN QUERY PLAN. Read-only: opens the database
// with the app's own openDb (statement cache, pragmas) but writes nothing.
// Env: RUNS (default 7), TOP (statements per page, default 3), PAGES (comma list of name fragments),
// FULL=1 (whole SQL text and its parameters).
import { existsSync, statSync } from "node:fs";
import { join } from "node:path";
import Database from "better-sqlite3";
import { openDb } from "#db/client";
import { loadActorByUsername } from "#app/platform/auth/actor.server";
import type { ServiceContext } from "#app/platform/context.server";
import { getDashboard } from "#app/features/home/dashboard.server";
import { getIncomingDocument, getIncomingRegisterBook, listIncomingDocuments, listRoutingOptions, listRoutingUnits } from "#app/features/incoming/index";
import { availableQueues, getOutgoingDocument, getOutgoingRegisterView, listOutgoingQueuePage } from "#app/features/outgoing/index";
import { getPlanDashboard, getTaskDetail } from "#app/features/plans/index";
import { listReminders, unreadNotificationCount } from "#app/features/notifications/index";

const arg = process.argv[2];
if (!arg) throw new Error("usage: tsx tests/bench/page-queries.bench.ts <DATA_DIR or app.db>");
const path = statSync(arg).isDirectory() ? join(arg, "app.db") : arg;
if (!existsSync(path)) throw new Error(`${path} not found`);
const RUNS = Number(process.env.RUNS ?? 7);
const TOP = Number(process.env.TOP ?? 3);
const ONLY = process.env.PAGES?.split(",").filter(Boolean);

const db = openDb(path);
const raw = new Database(path, { readonly: true });

// Per-statement timing: wrap each prepared statement once (the app's cache hands the same object back).
type Stat = { sql: string; ms: number[]; params: unknown[] };
let current: Map<string, Stat> | null = null;
const wrapped = new WeakSet<object>();
const prepare = db.$client.prepare.bind(db.$client);
db.$client.prepare = ((source: string) => {
  const stmt = prepare(source);
  if (!wrapped.has(stmt)) {
    wrapped.add(stmt);
    for (const method of ["run", "get", "all", "values"] as const) {
      const original = (stmt as unknown as Record<string, (...a: unknown[]) => unknown>)[method];
      if (!original) continue;
      (stmt as unknown as Record<string, unknown>)[method] = function (this: unknown, ...args: unknown[]) {
        const started = performance.now();
        try {
          return original.apply(this, args);
        } finally {
          if (current) {
            const stat = current.get(source) ?? { sql: source, ms: [], params: args };
            stat.ms.push(performance.now() - started);
            current.set(source, stat);
          }
        }
      };
    }
  }
  return stmt;
}) as typeof db.$client.prepare;

const one = (sql: string) => (raw.prepare(sql).get() as { id: number } | undefined)?.id ?? 0;
const province = one("select id from organizations where name = 'Ủy ban nhân dân tỉnh Cà Mau'");
const incomingId = one(
  `select id from incoming_documents where organization_id = ${province} and is_secret = 0 and status = 'in_progress' order by id limit 1`,
);
const draftId = one(
  `select d.id from outgoing_documents d join users u on u.id = d.created_by where u.username = 'chuyenvien' and d.status = 'draft' order by d.id limit 1`,
);
const planId = one("select id from plans order by id limit 1");
const taskId = one(`select id from plan_tasks where plan_id = ${planId} order by id limit 1`);
const thisYear = new Date().getFullYear();

const ctxOf = (username: string): ServiceContext => {
  const actor = loadActorByUsername(db, username);
  if (!actor) throw new Error(`no user ${username}`);
  return { db, actor, dataDir: join(path, "..") };
};

// The service calls of each page's loader (app/routes/*), plus the root loader's bell count.
const pages: { name: string; user: string; run: (ctx: ServiceContext) => unknown }[] = [
  { name: "home (office lead)", user: "chanhvanphong", run: (c) => getDashboard(c) },
  { name: "home (clerk)", user: "vanthu", run: (c) => getDashboard(c) },
  { name: "home (specialist)", user: "chuyenvien", run: (c) => getDashboard(c) },
  { name: "incoming all", user: "chanhvanphong", run: (c) => [listIncomingDocuments(c, { box: "all" }), listRoutingUnits(c)] },
  { name: "incoming routing tab", user: "chanhvanphong", run: (c) => [listIncomingDocuments(c, { box: "routing" }), listRoutingUnits(c)] },
  { name: "incoming registration tab", user: "vanthu", run: (c) => [listIncomingDocuments(c, { box: "registration" }), listRoutingUnits(c)] },
  { name: "incoming inbox", user: "chuyenvien", run: (c) => [listIncomingDocuments(c, { box: "inbox" }), listRoutingUnits(c)] },
  { name: "routing queue", user: "chanhvanphong", run: (c) => [listIncomingDocuments(c, { box: "routing", limit: 50 }), listRoutingOptions(c)] },
  {
    name: "incoming document",
    user: "chanhvanphong",
    run: (c) => [getIncomingDocument(c, incomingId), listReminders(c, { entityType: "incoming_document", entityId: incomingId }), listRoutingOptions(c)],
  },
  { name: "outgoing drafts", user: "chuyenvien", run: (c) => [availableQueues(c), listOutgoingQueuePage(c, { queue: "mine" })] },
  { name: "outgoing issued", user: "vanthu", run: (c) => [availableQueues(c), listOutgoingQueuePage(c, { queue: "issued" })] },
  // A page deep in the queue (the 5,000th row onwards) costs what the first page costs: keyset, not OFFSET.
  { name: "outgoing drafts, deep page", user: "chuyenvien", run: (c) => listOutgoingQueuePage(c, { queue: "mine", cursor: deepCursor(c, "mine") }) },
  { name: "outgoing issued, deep page", user: "vanthu", run: (c) => listOutgoingQueuePage(c, { queue: "issued", cursor: deepCursor(c, "issued") }) },
  { name: "outgoing draft page", user: "chuyenvien", run: (c) => getOutgoingDocument(c, draftId) },
  { name: "plan dashboard", user: "sonoivu", run: (c) => getPlanDashboard(c, planId, {}) },
  { name: "task page", user: "sonoivu", run: (c) => getTaskDetail(c, taskId) },
  { name: "incoming register book", user: "vanthu", run: (c) => getIncomingRegisterBook(c, {}) },
  { name: "outgoing register", user: "vanthu", run: (c) => getOutgoingRegisterView(c, { year: thisYear }) },
];

/** The next-page cursor after the 5,000th row of a queue (or its last row), found once per queue. */
const deepCursors = new Map<string, string | undefined>();
function deepCursor(ctx: ServiceContext, queue: "mine" | "issued"): string | undefined {
  if (!deepCursors.has(queue)) {
    const previous = current;
    current = null;
    let cursor: string | undefined;
    for (let row = 0; row < 5000; row += 100) {
      const next = listOutgoingQueuePage(ctx, { queue, cursor, limit: 100 }).nextCursor;
      if (!next) break;
      cursor = next;
    }
    current = previous;
    deepCursors.set(queue, cursor);
  }
  return deepCursors.get(queue);
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;
const round = (n: number) => Math.round(n * 100) / 100;
const results = [];
for (const page of pages.filter((p) => !ONLY || ONLY.some((o) => p.name.includes(o)))) {
  const ctx = ctxOf(page.user);
  const totals: number[] = [];
  let stats = new Map<string, Stat>();
  for (let i = 0; i < RUNS; i++) {
    current = new Map();
    unreadNotificationCount(ctx);
    page.run(ctx);
    totals.push([...current.values()].reduce((sum, s) => sum + s.ms.reduce((a, b) => a + b, 0), 0));
    stats = current;
    current = null;
  }
  const slowest = [...stats.values()].sort((a, b) => b.ms.reduce((x, y) => x + y, 0) - a.ms.reduce((x, y) => x + y, 0)).slice(0, TOP);
  results.push({
    page: page.name,
    dbMs: round(median(totals)),
    statements: [...stats.values()].reduce((n, s) => n + s.ms.length, 0),
    slowest: slowest.map((s) => {
      let plan: string[] = [];
      try {
        plan = (raw.prepare(`explain query plan ${s.sql}`).all(...(s.params as unknown[][]).flat()) as { detail: string }[]).map((r) => r.detail);
      } catch (error) {
        plan = [`(explain failed: ${(error as Error).message})`];
      }
      return {
        ms: round(s.ms.reduce((a, b) => a + b, 0)),
        calls: s.ms.length,
        sql: s.sql.length > 400 && !process.env.FULL ? `${s.sql.slice(0, 400)}…` : s.sql,
        params: process.env.FULL ? s.params : undefined,
        plan,
      };
    }),
  });
}
const load = (await import("node:os")).loadavg().map((n) => Math.round(n * 100) / 100);
console.log(JSON.stringify({ bench: "page-queries", db: path, runs: RUNS, loadAverage: load, pages: results }, null, 1));
