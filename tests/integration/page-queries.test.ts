// Issue 18: the page indexes of migration 0012 (and the queues' id tie-breaker) must not change what the
// pages show. On a generated set with many ties (urgency, updated_at, issued_at), documents of another
// organisation, secret documents, corrections and replies, each list and counter the indexes serve is
// compared with a brute-force answer computed in JavaScript from all the rows, and the plans are checked
// to read the queues in order from their indexes (no sort of everything the drafter ever wrote).
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { writeTransaction } from "#db/client";
import { refreshPlannerStatistics } from "#db/migrate";
import { countIncomingWork, vietnamDayStart } from "#app/features/incoming/index";
import { countOutgoingWork, getOutgoingDocument, listOutgoingQueue } from "#app/features/outgoing/index";
import { toVietnamDate } from "#app/domain/shared/dates";
import { createOutgoingWorld, type OutgoingWorld } from "#tests/support/outgoing-world";

const NOW = new Date("2026-06-15T09:30:00+07:00");
const DAY = 86_400_000;
const URGENCIES = ["normal", "urgent", "very_urgent", "flash"] as const;
const RANK: Record<string, number> = { flash: 3, very_urgent: 2, urgent: 1, normal: 0 };
const STATUSES = ["draft", "dept_review", "office_review", "leader_review", "signed", "issued", "recalled"] as const;

type Out = {
  id: number;
  org: number;
  createdBy: number;
  signerId: number;
  urgency: string;
  confidentiality: string;
  status: string;
  updatedAt: number;
  issuedAt: number | null;
  replaces: number | null;
};
type In = { id: number; org: number; registeredAt: number | null; reply: number | null };

let world: OutgoingWorld;
const outgoing: Out[] = [];
const incoming: In[] = [];

/** Deterministic pseudo-random numbers (mulberry32), so a failure can be replayed. */
function random(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

beforeAll(async () => {
  world = await createOutgoingWorld();
  const next = random(18);
  const pick = <T>(values: readonly T[]) => values[Math.floor(next() * values.length)];
  const { chuyenvien, vanthu, chutich, truongphong } = world.actors;
  const other = world.actors["vanthu.tanthanh"];
  const insertOut =
    world.db.$client.prepare(`insert into outgoing_documents (organization_id, drafting_unit_id, created_by, doc_type_code, summary, signer_id, signer_title,
    urgency, confidentiality, status, source, issued_at, replaces_document_id, created_at, updated_at) values (?, ?, ?, 'CV', 'Văn bản thử', ?, 'Chủ tịch', ?, ?, ?, 'composed', ?, ?, ?, ?) returning id`);
  const insertIn =
    world.db.$client.prepare(`insert into incoming_documents (organization_id, status, channel, received_at, registered_at, registered_by, summary,
    is_secret, reply_outgoing_document_id, created_at, updated_at) values (?, 'in_progress', 'postal', ?, ?, ?, 'Văn bản đến thử', 0, ?, ?, ?) returning id`);
  writeTransaction(world.db, () => {
    for (let i = 0; i < 3000; i++) {
      const mine = next() < 0.5;
      const org = next() < 0.1 ? other.organizationId : world.provinceId;
      const createdBy = org === world.provinceId ? (mine ? chuyenvien.id : pick([truongphong.id, chutich.id, vanthu.id])) : other.id;
      const status = pick(STATUSES);
      // Coarse times (whole hours over 20 days) so that many rows tie on updated_at and issued_at.
      const updatedAt = NOW.getTime() - Math.floor(next() * 480) * 3600_000;
      const issuedAt = status === "issued" || status === "recalled" ? NOW.getTime() - Math.floor(next() * 480) * 3600_000 : null;
      const replaces = outgoing.length > 10 && next() < 0.05 ? pick(outgoing).id : null;
      const row = {
        org,
        createdBy,
        signerId: next() < 0.2 ? chuyenvien.id : chutich.id,
        urgency: pick(URGENCIES),
        confidentiality: replaces ? "normal" : next() < 0.15 ? "secret" : "normal",
        status,
        updatedAt,
        issuedAt,
        replaces,
      };
      const { id } = insertOut.get(
        row.org,
        chuyenvien.unitId,
        row.createdBy,
        row.signerId,
        row.urgency,
        row.confidentiality,
        row.status,
        row.issuedAt,
        row.replaces,
        row.updatedAt,
        row.updatedAt,
      ) as { id: number };
      outgoing.push({ id, ...row });
    }
    for (let i = 0; i < 1500; i++) {
      const org = next() < 0.1 ? other.organizationId : world.provinceId;
      // Registration times around "today" in Vietnam (some yesterday, some later today than NOW), unregistered ones too.
      const registeredAt = next() < 0.2 ? null : NOW.getTime() - Math.floor((next() - 0.2) * 3 * DAY);
      const reply = next() < 0.1 ? pick(outgoing).id : null;
      const { id } = insertIn.get(org, NOW.getTime() - 5 * DAY, registeredAt, vanthu.id, reply, NOW.getTime() - 5 * DAY, NOW.getTime()) as { id: number };
      incoming.push({ id, org, registeredAt, reply });
    }
  });
  refreshPlannerStatistics(world.db);
}, 120_000);
afterAll(() => world?.cleanup());

const byQueueOrder = (a: Out, b: Out) => RANK[b.urgency] - RANK[a.urgency] || b.updatedAt - a.updatedAt || b.id - a.id;
const byIssuedOrder = (a: Out, b: Out) => (b.issuedAt ?? 0) - (a.issuedAt ?? 0) || b.updatedAt - a.updatedAt || b.id - a.id;

/** Runs fn and returns the SQL and parameters of the statements it ran whose text matches. */
function capture(pattern: RegExp, fn: () => unknown): { sql: string; params: unknown[] }[] {
  const seen: { sql: string; params: unknown[] }[] = [];
  const client = world.db.$client;
  const prepare = client.prepare;
  client.prepare = ((source: string) => {
    const stmt = prepare.call(client, source);
    if (!pattern.test(source)) return stmt;
    const proxy: typeof stmt = new Proxy(stmt, {
      get(target, key) {
        const value = Reflect.get(target, key, target);
        // drizzle reads joined rows as arrays: stmt.raw().all(…) must stay on the proxy.
        if (key === "raw") {
          return (...args: unknown[]) => {
            (value as (...a: unknown[]) => unknown).apply(target, args);
            return proxy;
          };
        }
        if (key === "all" || key === "get" || key === "values") {
          return (...args: unknown[]) => {
            seen.push({ sql: source, params: args });
            return (value as (...a: unknown[]) => unknown).apply(target, args);
          };
        }
        return typeof value === "function" ? value.bind(target) : value;
      },
    });
    return proxy;
  }) as typeof client.prepare;
  try {
    fn();
  } finally {
    client.prepare = prepare;
  }
  return seen;
}

const planOf = (q: { sql: string; params: unknown[] }) =>
  (world.db.$client.prepare(`explain query plan ${q.sql}`).all(...q.params) as { detail: string }[]).map((r) => r.detail).join("; ");

describe("page queries at scale return what a brute-force reading of the rows returns", () => {
  test("the drafter's queue: own documents, most urgent first, then last changed, then newest id", () => {
    const me = world.actors.chuyenvien;
    const expected = outgoing.filter((d) => d.org === me.organizationId && d.createdBy === me.id).sort(byQueueOrder);
    expect(expected.length).toBeGreaterThan(200);
    const ctx = world.ctx("chuyenvien");
    expect(listOutgoingQueue(ctx, "mine", 200).map((d) => d.id)).toEqual(expected.slice(0, 200).map((d) => d.id));
    expect(listOutgoingQueue(ctx, "mine", 5000).map((d) => d.id)).toEqual(expected.map((d) => d.id));
    const [query] = capture(/from "outgoing_documents" inner join "users"/, () => listOutgoingQueue(ctx, "mine", 200));
    const plan = planOf(query);
    expect(plan).toContain("outgoing_documents_creator_queue_idx");
    expect(plan).not.toContain("TEMP B-TREE");
  });

  test("the issued tab: issued and recalled documents of the organisation, newest issued first", () => {
    const ctx = world.ctx("vanthu");
    const expected = outgoing.filter((d) => d.org === world.provinceId && (d.status === "issued" || d.status === "recalled")).sort(byIssuedOrder);
    expect(expected.length).toBeGreaterThan(200);
    expect(listOutgoingQueue(ctx, "issued", 200).map((d) => d.id)).toEqual(expected.slice(0, 200).map((d) => d.id));
    const weekAgo = NOW.getTime() - 7 * DAY;
    const clocked = world.ctx("vanthu", () => NOW);
    expect(listOutgoingQueue(clocked, "issued", 5000, { issuedWithinDays: 7 }).map((d) => d.id)).toEqual(
      expected.filter((d) => (d.issuedAt ?? 0) >= weekAgo).map((d) => d.id),
    );
    const [query] = capture(/from "outgoing_documents" inner join "users"/, () => listOutgoingQueue(ctx, "issued", 200));
    const plan = planOf(query);
    expect(plan).toContain("outgoing_documents_org_issued_idx");
    expect(plan).not.toContain("TEMP B-TREE");
  });

  test("the queues of review, signature and numbering keep the urgency order with the id tie-breaker", () => {
    const lead = world.ctx("chanhvanphong");
    const office = outgoing.filter((d) => d.org === world.provinceId && d.status === "office_review").sort(byQueueOrder);
    expect(listOutgoingQueue(lead, "review", 5000).map((d) => d.id)).toEqual(office.map((d) => d.id));
    const signer = world.actors.chutich;
    const toSign = outgoing.filter((d) => d.org === world.provinceId && d.status === "leader_review" && d.signerId === signer.id).sort(byQueueOrder);
    expect(listOutgoingQueue(world.ctx("chutich"), "sign", 5000).map((d) => d.id)).toEqual(toSign.map((d) => d.id));
    const toNumber = outgoing.filter((d) => d.org === world.provinceId && d.status === "signed").sort(byQueueOrder);
    expect(listOutgoingQueue(world.ctx("vanthu"), "issue", 5000).map((d) => d.id)).toEqual(toNumber.map((d) => d.id));
  });

  test("the issued-in-7-days tile counts what the clerk and the drafter may see", () => {
    const weekAgo = NOW.getTime() - 7 * DAY;
    const recent = (d: Out) => d.org === world.provinceId && (d.status === "issued" || d.status === "recalled") && (d.issuedAt ?? 0) >= weekAgo;
    expect(countOutgoingWork(world.ctx("vanthu", () => NOW)).issuedThisWeek).toBe(outgoing.filter(recent).length);
    const me = world.actors.chuyenvien;
    const mine = outgoing.filter((d) => recent(d) && (d.createdBy === me.id || d.signerId === me.id)).length;
    expect(mine).toBeGreaterThan(0);
    expect(countOutgoingWork(world.ctx("chuyenvien", () => NOW)).issuedThisWeek).toBe(mine);
  });

  test("the registered-today tile counts today's registrations (Vietnam day, up to now) of the organisation", () => {
    const start = vietnamDayStart(toVietnamDate(NOW)).getTime();
    const expected = incoming.filter(
      (d) => d.org === world.provinceId && d.registeredAt !== null && d.registeredAt >= start && d.registeredAt <= NOW.getTime(),
    ).length;
    expect(expected).toBeGreaterThan(0);
    expect(countIncomingWork(world.ctx("vanthu", () => NOW)).registeredToday).toBe(expected);
  });

  test("a document page lists the documents that replace it and the incoming documents it answers", () => {
    const ctx = world.ctx("vanthu");
    const replaced = [...new Set(outgoing.filter((d) => d.replaces).map((d) => d.replaces as number))];
    const answered = [...new Set(incoming.filter((d) => d.reply).map((d) => d.reply as number))];
    let checked = 0;
    for (const id of [...replaced, ...answered].slice(0, 60)) {
      const doc = outgoing.find((d) => d.id === id)!;
      if (doc.org !== world.provinceId || (doc.confidentiality !== "normal" && !["signed", "issued", "recalled"].includes(doc.status))) continue;
      const detail = getOutgoingDocument(ctx, id);
      expect(detail.replacedBy.map((r) => r.id).sort((a, b) => a - b)).toEqual(
        outgoing.filter((d) => d.replaces === id && d.org === world.provinceId).map((d) => d.id),
      );
      expect(detail.answers.map((r) => r.id).sort((a, b) => a - b)).toEqual(incoming.filter((d) => d.reply === id && d.org === doc.org).map((d) => d.id));
      checked++;
    }
    expect(checked).toBeGreaterThan(20);
  });
});
