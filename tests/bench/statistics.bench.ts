// Handling-statistics benchmark (`npm run -s bench:statistics`, issue 16): a throw-away database in os.tmpdir()
// with 1,000,000 incoming documents (5 organisations × 4 years, ~50,000 per organisation-year, with their main
// assignments) and 200,000 outgoing documents, written by direct SQL inserts in one transaction. Then p50/p95 of
// the real services for one organisation's year — the figures (stats:handling) and the per-unit breakdown — next
// to the raw GROUP BY each is built on, measured in the same run; and the journal path (a past cut-off, replaying
// the audit trail) on the same year. Goal: p95 ≤ 50 ms and within 3× of the raw SQL. Prints one JSON line.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openDb, writeTransaction } from "#db/client";
import { migrateDatabase } from "#db/migrate";
import { insertDemoDirectory } from "#app/features/demo/directory.server";
import { createUser } from "#app/platform/users.server";
import { loadActor } from "#app/platform/auth/actor.server";
import { systemActor, type ServiceContext } from "#app/platform/context.server";
import { computeHandlingStatistics, countIncomingByUnit } from "#app/features/statistics/index";

const TOTAL = Number(process.env.BENCH_DOCUMENTS ?? 1_000_000);
const OUTGOING = Math.round(TOTAL / 5);
const RUNS = Number(process.env.BENCH_RUNS ?? 40);
const dir = mkdtempSync(join(tmpdir(), "vpdt-bench-statistics-"));
const db = openDb(join(dir, "app.db"));
db.$client.pragma("cache_size = -65536");
migrateDatabase(db);
const started = performance.now();

const byPath = writeTransaction(db, (tx) => insertDemoDirectory(tx, new Date()));
const sys: ServiceContext = { db, actor: systemActor(), dataDir: dir };
const ORG_NAMES = ["Ủy ban nhân dân tỉnh Cà Mau", "Ủy ban nhân dân phường Tân Thành", "Sở Nội vụ", "Sở Tư pháp", "Ủy ban nhân dân xã Đầm Dơi"];
const orgs = ORG_NAMES.map((n) => byPath.get(n)!);
const provinceUnits = [...byPath.entries()].filter(([k]) => k.startsWith("Văn phòng UBND tỉnh")).map(([, v]) => v); // the office and its rooms
async function actor(username: string, unit: string, roles: Parameters<typeof createUser>[1]["roles"]) {
  const user = await createUser(sys, {
    username,
    fullName: username,
    title: null,
    unitId: byPath.get(unit)!,
    roles,
    password: "bench-password-1",
    allowWeakPassword: true,
  });
  return loadActor(db, user.id)!;
}
const leader = await actor("chutich", "Ủy ban nhân dân tỉnh Cà Mau", ["leader"]);
const specialists: Array<Awaited<ReturnType<typeof actor>>> = [];
for (let i = 0; i < 20; i++)
  specialists.push(await actor(`cv${i}`, i % 2 ? "Văn phòng UBND tỉnh > Phòng Kinh tế" : "Văn phòng UBND tỉnh > Phòng Nội chính", ["specialist"]));

let seed = 42;
const rand = (n: number) => {
  seed = (seed * 1103515245 + 12345) & 0x7fffffff;
  return (seed >>> 12) % n; // high bits: the low bits of this LCG repeat with a short period
};
const DAY = 86_400_000;
const YEARS = [2022, 2023, 2024, 2025];
const yearStart = (y: number) => Date.parse(`${y}-01-01T00:00:00+07:00`);
const isoOf = (ms: number) => new Date(ms + 7 * 3600_000).toISOString().slice(0, 10);
const MEASURED = { org: orgs[0], year: 2025 };

// --- Bulk insert: direct SQL, one transaction --------------------------------------------------------
const insertStarted = performance.now();
const c = db.$client;
const insertDoc =
  c.prepare(`insert into incoming_documents (id, organization_id, status, channel, received_at, number_symbol, doc_type_code, issuer_name, summary,
  handling_deadline, routed_at, completed_at, file_id, version, created_at, updated_at, main_user_id, main_unit_id) values (?, ?, ?, ?, ?, ?, 'CV', 'Sở Nội vụ', 'Văn bản', ?, ?, ?, null, 1, ?, ?, ?, ?)`);
const unitOfUser = new Map<number, number>(specialists.map((s) => [s.id, s.unitId]));
const insertAssignment = c.prepare(
  "insert into incoming_assignments (document_id, kind, assignee_user_id, assignee_unit_id, deadline, status, assigned_at, done_at) values (?, 'main', ?, ?, ?, ?, ?, ?)",
);
const insertAudit = c.prepare(
  "insert into audit_events (at, actor_id, organization_id, action, entity_type, entity_id, from_state, to_state, detail, prev_hash, hash) values (?, null, ?, ?, ?, ?, ?, ?, ?, '', '')",
);
const insertOut =
  c.prepare(`insert into outgoing_documents (id, organization_id, drafting_unit_id, created_by, doc_type_code, summary, signer_id, signer_title, status, source, issued_at, signing_method, issued_file_id, created_at, updated_at)
  values (?, ?, ?, ?, 'CV', 'Văn bản đi', ?, 'Chủ tịch', ?, 'composed', ?, ?, ?, ?, ?)`);
const issuedFile = (
  c.prepare("insert into files (sha256, size, mime_type, created_at) values (?, 1, 'application/pdf', ?) returning id").get("0".repeat(64), Date.now()) as {
    id: number;
  }
).id;
const STATUSES = ["completed", "completed", "completed", "completed", "in_progress", "in_progress", "awaiting_routing", "registered", "returned"] as const;
let auditRows = 0;
c.transaction(() => {
  for (let id = 1; id <= TOTAL; id++) {
    const org = orgs[(id - 1) % orgs.length];
    const year = YEARS[Math.floor(((id - 1) / orgs.length) % YEARS.length)];
    const received = yearStart(year) + rand(360) * DAY + 2 * 3600_000;
    const status = STATUSES[rand(STATUSES.length)];
    const routed = status === "completed" || status === "in_progress";
    const deadline = routed && rand(5) > 0 ? isoOf(received + (3 + rand(20)) * DAY) : null;
    const routedAt = routed ? received + DAY : null;
    // Nothing happens after the measured "now" (31/12/2025): completions are clamped to the 30th.
    const completedAt = status === "completed" ? Math.min(received + (1 + rand(25)) * DAY, Date.parse("2025-12-30T10:00:00+07:00")) : null;
    const journaled = org === MEASURED.org && year === MEASURED.year;
    let main: { userId: number | null; unitId: number | null } | null = null;
    if (routed) {
      main =
        org === orgs[0] && rand(2) === 0
          ? { userId: specialists[rand(specialists.length)].id, unitId: null }
          : { userId: null, unitId: org === orgs[0] ? provinceUnits[rand(provinceUnits.length)] : org };
    }
    // The document's main-handler columns, as routing writes them (a person with the unit they belong to).
    insertDoc.run(
      id,
      org,
      status,
      rand(3) === 0 ? "electronic" : "postal",
      received,
      `${id}/SNV`,
      deadline,
      routedAt,
      completedAt,
      received,
      completedAt ?? routedAt ?? received,
      main?.userId ?? null,
      main ? (main.unitId ?? unitOfUser.get(main.userId!)!) : null,
    );
    if (main) insertAssignment.run(id, main.userId, main.unitId, deadline, status === "completed" ? "done" : "pending", routedAt, completedAt);
    if (journaled) {
      // The audit rows the services write, for the journal path (past cut-off) on the measured year.
      const e = (at: number, action: string, from: string | null, to: string, detail: unknown) => (
        insertAudit.run(at, org, action, "incoming_document", String(id), from, to, detail ? JSON.stringify(detail) : null), auditRows++
      );
      e(received, "incoming.register", null, "registered", { handlingDeadline: null });
      if (status !== "registered") e(received + 60_000, "incoming.submit", "registered", "awaiting_routing", null);
      if (status === "returned") e(received + 120_000, "incoming.return", "awaiting_routing", "returned", null);
      if (routed) e(routedAt!, "incoming.route", "awaiting_routing", "in_progress", { main, deadline });
      if (completedAt) e(completedAt, "incoming.complete", "in_progress", "completed", { deadline });
    }
  }
  for (let id = 1; id <= OUTGOING; id++) {
    const org = orgs[(id - 1) % orgs.length];
    const year = YEARS[Math.floor(((id - 1) / orgs.length) % YEARS.length)];
    const created = yearStart(year) + rand(360) * DAY + 3 * 3600_000;
    const issued = rand(3) > 0;
    const issuedAt = issued ? Math.min(created + (2 + rand(10)) * DAY, Date.parse("2025-12-30T10:00:00+07:00")) : null;
    const digital = issued && rand(10) > 0;
    insertOut.run(
      id,
      org,
      org === orgs[0] ? provinceUnits[rand(provinceUnits.length)] : org,
      leader.id,
      leader.id,
      issued ? "issued" : "draft",
      issuedAt,
      issued ? (digital ? "digital" : "paper") : null,
      digital ? issuedFile : null,
      created,
      issuedAt ?? created,
    );
    if (org === MEASURED.org && year === MEASURED.year) {
      insertAudit.run(created + DAY, org, "outgoing.submit", "outgoing_document", String(id), "draft", "dept_review", null);
      auditRows++;
      if (rand(6) === 0)
        insertAudit.run(created + DAY + 3600_000, org, "outgoing.return", "outgoing_document", String(id), "dept_review", "draft", null), auditRows++;
    }
  }
})();
c.exec("analyze");
const insertMs = performance.now() - insertStarted;

// --- Measurements ------------------------------------------------------------------------------------
function timed(fn: () => unknown, runs = RUNS) {
  fn(); // warm the statement cache and the page cache
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    fn();
    ms.push(performance.now() - t0);
  }
  ms.sort((a, b) => a - b);
  const at = (p: number) => Math.round(ms[Math.min(ms.length - 1, Math.floor(p * ms.length))] * 100) / 100;
  return { p50: at(0.5), p95: at(0.95), max: at(1) };
}
const now = new Date("2025-12-31T08:00:00Z"); // 15:00 on 31/12/2025: the year's cut-off is current
const ctx: ServiceContext = { db, actor: leader, dataDir: dir, now: () => now };
const pastCtx: ServiceContext = { db, actor: leader, dataDir: dir, now: () => new Date("2026-03-01T02:00:00Z") };
const YEAR = { from: "2025-01-01", to: "2025-12-31" };
const fromMs = yearStart(2025);
const toMs = yearStart(2026);

// The raw SQL a developer would write for the same figures: the incoming categories in one GROUP BY, and the
// outgoing counts (drafted, issued, paper, returned, mean days submission → issue) in one aggregate.
const rawYear = c.prepare(`select case when status = 'returned' then 'r' when status = 'completed' then case when handling_deadline is null then 'cn'
    when completed_at < unixepoch(handling_deadline) * 1000 + 61200000 then 'co' else 'cl' end
    when handling_deadline is null then 'on' when ? > handling_deadline then 'oo' else 'oi' end as k, count(*)
  from incoming_documents where organization_id = ? and received_at >= ? and received_at < ? group by k`);
const rawOutgoing = c.prepare(`select count(case when created_at >= @from and created_at < @to then 1 end) as drafted,
    count(case when issued_at >= @from and issued_at < @to then 1 end) as issued,
    count(case when issued_at >= @from and issued_at < @to and issued_file_id is null then 1 end) as paper,
    avg(case when issued_at >= @from and issued_at < @to then issued_at - (select min(s.at) from audit_events s where s.action = 'outgoing.submit' and s.entity_id = cast(o.id as text)) end) as meanMs,
    (select count(distinct entity_id) from audit_events where action = 'outgoing.return' and at >= @from and at < @to) as returned
  from outgoing_documents o where organization_id = @org and ((created_at >= @from and created_at < @to) or (issued_at >= @from and issued_at < @to))`);
const rawUnits = c.prepare(`select main_unit_id, status, count(*) from incoming_documents
  where organization_id = ? and received_at >= ? and received_at < ? group by 1, 2`);

const stats = computeHandlingStatistics(ctx, YEAR);
const byUnit = countIncomingByUnit(ctx, YEAR);
const journal = computeHandlingStatistics(pastCtx, { ...YEAR, asOf: "2025-12-31" });
const result = {
  bench: "statistics",
  documents: TOTAL,
  outgoingDocuments: OUTGOING,
  organisationYear: { received: stats.incoming.received, units: byUnit.byUnit.size, journalAuditRows: auditRows },
  ...(process.env.BENCH_DEBUG ? { byUnit: [...byUnit.byUnit.entries()].map(([k, v]) => [k, v.received]), provinceUnits } : {}),
  insertSeconds: Math.round(insertMs / 100) / 10,
  runs: RUNS,
  yearlyStatistics: {
    service: timed(() => computeHandlingStatistics(ctx, YEAR)),
    rawGroupBy: timed(() => (rawYear.all("2025-12-31", MEASURED.org, fromMs, toMs), rawOutgoing.get({ from: fromMs, to: toMs, org: MEASURED.org }))),
  },
  perUnitBreakdown: { service: timed(() => countIncomingByUnit(ctx, YEAR)), rawGroupBy: timed(() => rawUnits.all(MEASURED.org, fromMs, toMs)) },
  journalPastCutOff: { service: timed(() => computeHandlingStatistics(pastCtx, { ...YEAR, asOf: "2025-12-31" }), 5) },
  agree: JSON.stringify(journal.incoming) === JSON.stringify(stats.incoming),
  ...(process.env.BENCH_DEBUG ? { current: stats.incoming, journal: journal.incoming, outgoing: stats.outgoing, outgoingJournal: journal.outgoing } : {}),
  partition: Object.entries(stats.incoming).reduce((s, [k, v]) => (k === "received" ? s : s + v), 0) === stats.incoming.received,
  totalSeconds: 0,
};
const ratio = (a: { p95: number }, b: { p95: number }) => Math.round((a.p95 / Math.max(b.p95, 0.01)) * 100) / 100;
Object.assign(result, {
  ratios: {
    yearly: ratio(result.yearlyStatistics.service, result.yearlyStatistics.rawGroupBy),
    perUnit: ratio(result.perUnitBreakdown.service, result.perUnitBreakdown.rawGroupBy),
  },
  goalsMet: result.yearlyStatistics.service.p95 <= 50 && result.perUnitBreakdown.service.p95 <= 50,
});
result.totalSeconds = Math.round((performance.now() - started) / 100) / 10;
console.log(JSON.stringify(result));
db.$client.close();
// BENCH_KEEP=1 keeps the database for EXPLAIN QUERY PLAN sessions (its path goes to stderr).
if (process.env.BENCH_KEEP) console.error(join(dir, "app.db"));
else rmSync(dir, { recursive: true, force: true });
