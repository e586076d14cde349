// Benchmark: dashboard figures over 100,000 tasks (50 plans × 2,000, 100 lead units) in a throw-away
// DB, through the real service (currentFigures: one GROUP BY on the covering index) against a raw SQL
// baseline in the same run. Prints one JSON line. Goal: p95 ≤ 15 ms per plan dashboard.
import { performance } from "node:perf_hooks";
import { sql } from "drizzle-orm";
import { createTestDb } from "#tests/support/test-db";
import { systemActor } from "#app/platform/context.server";
import { currentFigures } from "#app/features/plans/index";

const PLANS = 50;
const PER_PLAN = 2000;
const UNITS = 100;
const AREAS = 8;
const RUNS = 200;

const t = createTestDb();
const db = t.db;
const c = db.$client;
const sctx = { db, actor: systemActor(), dataDir: t.dataDir };
const now = Date.now();
c.exec("BEGIN");
const org = c.prepare("insert into organizations (parent_id, name, kind, abbreviation, created_at, updated_at) values (?, ?, ?, ?, ?, ?)");
const root = Number(org.run(null, "UBND tỉnh", "province", "UBND", now, now).lastInsertRowid);
const units: number[] = [];
for (let i = 0; i < UNITS; i++) units.push(Number(org.run(root, `Sở ${i}`, "department", `S${i}`, now, now).lastInsertRowid));
const insPlan = c.prepare("insert into plans (organization_id, title, year, created_at, updated_at) values (?, ?, 2025, ?, ?)");
const insArea = c.prepare("insert into plan_areas (plan_id, code, title, sort_order) values (?, ?, ?, ?)");
const insTask = c.prepare(
  "insert into plan_tasks (plan_id, area_id, sort_order, title, deadline_text, deadline_kind, due_date, lead_unit_id, lead_unit_text, status, completed_on, weight, created_at, updated_at) values (?, ?, ?, ?, '', 'fixed_date', ?, ?, ?, ?, ?, 1, ?, ?)",
);
const STATUSES = ["not_started", "in_progress", "done", "done", "done", "awaiting_confirmation", "paused", "not_applicable", "cancelled", "deferred"];
let seed = 42;
const rnd = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
const iso = (d: number) => new Date(Date.UTC(2025, 0, 1) + d * 86400000).toISOString().slice(0, 10);
const planIds: number[] = [];
for (let p = 0; p < PLANS; p++) {
  const planId = Number(insPlan.run(root, `Kế hoạch ${p}`, now, now).lastInsertRowid);
  planIds.push(planId);
  const areas: number[] = [];
  for (let a = 0; a < AREAS; a++) areas.push(Number(insArea.run(planId, String(a + 1), `Lĩnh vực ${a + 1}`, a + 1).lastInsertRowid));
  for (let i = 0; i < PER_PLAN; i++) {
    const status = STATUSES[Math.floor(rnd() * STATUSES.length)];
    const due = iso(Math.floor(rnd() * 365));
    const done = status === "done" || status === "awaiting_confirmation" ? iso(Math.floor(rnd() * 330)) : null;
    const unit = units[Math.floor(rnd() * UNITS)];
    insTask.run(planId, areas[i % AREAS], i, `Nhiệm vụ ${i}`, due, unit, `Sở ${unit}`, status, done, now, now);
  }
}
c.exec("COMMIT");
c.exec("ANALYZE");

const cutOff = "2025-12-31";
const today = "2025-12-31";
function p95(samples: number[]) {
  const s = [...samples].sort((a, b) => a - b);
  return Math.round(s[Math.floor(s.length * 0.95)] * 100) / 100;
}
function measure(fn: (planId: number) => unknown) {
  for (let i = 0; i < 20; i++) fn(planIds[i % PLANS]);
  const samples: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const s = performance.now();
    fn(planIds[i % PLANS]);
    samples.push(performance.now() - s);
  }
  return { p50: Math.round(samples.sort((a, b) => a - b)[Math.floor(RUNS / 2)] * 100) / 100, p95: p95(samples) };
}

const baselineStmt = c.prepare(
  "select area_id, lead_unit_id, count(*) n, sum(status in ('done','awaiting_confirmation') and (completed_on is null or completed_on <= ?)) d from plan_tasks where plan_id = ? and status not in ('not_applicable','cancelled') group by area_id, lead_unit_id",
);
const baseline = measure((planId) => baselineStmt.all(cutOff, planId));
const service = measure((planId) => currentFigures(sctx, planId, cutOff, { today }));
const plan = c
  .prepare("explain query plan select count(*) from plan_tasks where plan_id = ? group by area_id, lead_unit_id, lead_unit_text")
  .all(planIds[0]) as Array<{ detail: string }>;
const total = (db.select({ n: sql<number>`count(*)` }).from(sql`plan_tasks`).get() as { n: number }).n;
console.log(
  JSON.stringify({
    bench: "plans.dashboard_figures",
    tasks: total,
    plans: PLANS,
    units: UNITS,
    runs: RUNS,
    serviceP50Ms: service.p50,
    serviceP95Ms: service.p95,
    baselineP50Ms: baseline.p50,
    baselineP95Ms: baseline.p95,
    goalP95Ms: 15,
    pass: service.p95 <= 15,
    queryPlan: plan.map((r) => r.detail).join(" | "),
  }),
);
t.cleanup();
