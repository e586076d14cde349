// Notifications benchmark (`npm run -s bench:notifications`): (1) routing one document to 50 recipients (a main
// unit and 49 cooperating units, one head each) — the routing transaction with the notification outbox written
// inside it, beside the same routing with notifications off (NOTIFICATIONS_ENABLED=0) in the same run; goal:
// under 20% more. (2) Messages per second through the worker to a local SMTP server (smtp-server on loopback).
// Prints one JSON line; asserts nothing about time.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { eq } from "drizzle-orm";
import { openDb, writeTransaction } from "#db/client";
import { migrateDatabase } from "#db/migrate";
import { organizations, users } from "#db/schema/index";
import { insertDemoDirectory } from "#app/features/demo/directory.server";
import { createUser } from "#app/platform/users.server";
import { loadActor } from "#app/platform/auth/actor.server";
import { systemActor, type ServiceContext } from "#app/platform/context.server";
import { registerIncomingDocument, routeIncomingDocuments } from "#app/features/incoming/index";
import { sendDueNotificationEmails, smtpTransport } from "#app/features/notifications/index";
import { resetEnvCache } from "#app/env.server";
import { startTestSmtp } from "#tests/support/smtp-server";

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 60);
const UNITS = 50;
const dir = mkdtempSync(join(tmpdir(), "vpdt-bench-notify-"));
const db = openDb(join(dir, "app.db"));
migrateDatabase(db);
const byPath = writeTransaction(db, (tx) => insertDemoDirectory(tx, new Date()));
const office = byPath.get("Văn phòng UBND tỉnh")!;
const province = byPath.get("Ủy ban nhân dân tỉnh Cà Mau")!;
const sys: ServiceContext = { db, actor: systemActor(), dataDir: dir };
const now = new Date();
const unitIds = writeTransaction(db, (tx) =>
  Array.from(
    { length: UNITS },
    (_, i) =>
      tx
        .insert(organizations)
        .values({ name: `Phòng thử ${i + 1}`, abbreviation: `P${i + 1}`, kind: "unit", parentId: office, createdAt: now, updatedAt: now })
        .returning({ id: organizations.id })
        .get().id,
  ),
);
for (const [i, unitId] of unitIds.entries()) {
  const u = await createUser(sys, {
    username: `tp${i}`,
    fullName: `Trưởng phòng ${i}`,
    title: null,
    unitId,
    roles: ["dept_lead"],
    password: "bench-password-1",
    allowWeakPassword: true,
  });
  db.update(users)
    .set({ email: `tp${i}@vpdt.example` })
    .where(eq(users.id, u.id))
    .run();
}
const mk = async (username: string, roles: Parameters<typeof createUser>[1]["roles"]) =>
  loadActor(
    db,
    (await createUser(sys, { username, fullName: username, title: null, unitId: office, roles, password: "bench-password-1", allowWeakPassword: true })).id,
  )!;
const clerk = await mk("vanthu", ["clerk"]);
const officeLead = await mk("cvp", ["office_lead"]);
void province;

async function routingRound(n: number): Promise<number[]> {
  const ms: number[] = [];
  for (let i = 0; i < n; i++) {
    const r = await registerIncomingDocument(
      { db, actor: clerk, dataDir: dir },
      {
        channel: "postal",
        receivedAt: new Date(),
        numberSymbol: `${i}/${Math.random().toString(36).slice(2, 8)}`,
        docTypeCode: "CV",
        issuedDate: "2026-12-01",
        issuerName: "Sở Nội vụ",
        summary: "Triển khai kế hoạch cải cách hành chính năm 2027",
        urgency: "normal",
        confidentiality: "normal",
        submitForRouting: true,
      },
    );
    const t0 = performance.now();
    routeIncomingDocuments(
      { db, actor: officeLead, dataDir: dir },
      {
        documents: [{ id: r.id, version: r.version }],
        main: { unitId: unitIds[0] },
        cooperating: unitIds.slice(1).map((unitId) => ({ unitId })),
        deadline: null,
      },
    );
    ms.push(performance.now() - t0);
  }
  return ms;
}

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return Math.round(s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] * 1000) / 1000;
};
function withNotifications(on: boolean) {
  process.env.NOTIFICATIONS_ENABLED = on ? "1" : "0";
  resetEnvCache();
}

// Warm up both paths, then alternate blocks so that drift of the machine affects both alike.
withNotifications(false);
await routingRound(10);
withNotifications(true);
await routingRound(10);
const off: number[] = [];
const on: number[] = [];
for (let block = 0; block < 4; block++) {
  withNotifications(false);
  off.push(...(await routingRound(ROUNDS / 4)));
  withNotifications(true);
  on.push(...(await routingRound(ROUNDS / 4)));
}

const smtp = await startTestSmtp();
const transport = smtpTransport(smtp.url);
const pendingBefore = db.$client.prepare("select count(*) as n from notification_deliveries where state = 'pending'").get() as { n: number };
const t0 = performance.now();
let sent = 0;
for (;;) {
  const c = await sendDueNotificationEmails(db, transport, { from: "vpdt@vpdt.example", batch: 100 }, new Date(Date.now() + 60_000));
  sent += c.sent;
  if (c.sent + c.retried + c.dead === 0) break;
}
const seconds = (performance.now() - t0) / 1000;
transport.close();
await smtp.close();

const result = {
  bench: "notifications",
  recipientsPerRouting: UNITS,
  routing: {
    withoutNotifications: { p50: pct(off, 50), p95: pct(off, 95), n: off.length },
    withNotifications: { p50: pct(on, 50), p95: pct(on, 95), n: on.length },
    addedP50: `${Math.round(((pct(on, 50) - pct(off, 50)) / pct(off, 50)) * 1000) / 10}%`,
    goal: "under 20% more",
  },
  worker: {
    messages: sent,
    pendingBefore: pendingBefore.n,
    received: smtp.messages.length,
    seconds: Math.round(seconds * 100) / 100,
    perSecond: Math.round((sent / seconds) * 10) / 10,
  },
};
console.log(JSON.stringify(result));
db.$client.close();
rmSync(dir, { recursive: true, force: true });
