// Issue 18: the page indexes of migration 0012 (and the queues' id tie-breaker) must not change what the
// pages show. On a generated set with many ties (urgency, updated_at, issued_at), documents of another
// organisation, secret documents, corrections and replies, each list and counter the indexes serve is
// compared with a brute-force answer computed in JavaScript from all the rows, and the plans are checked
// to read the queues in order from their indexes (no sort of everything the drafter ever wrote).
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { writeTransaction } from "#db/client";
import { refreshPlannerStatistics } from "#db/migrate";
import { countIncomingWork, vietnamDayStart } from "#app/features/incoming/index";
import {
  countOutgoingWork,
  getOutgoingDocument,
  listOutgoingQueue,
  listOutgoingQueuePage,
  OUTGOING_COUNT_CAP,
  type OutgoingQueue,
  type OutgoingQueueFilter,
} from "#app/features/outgoing/index";
import type { ServiceContext } from "#app/platform/context.server";
import { toVietnamDate } from "#app/domain/shared/dates";
import { createOutgoingWorld, type OutgoingWorld } from "#tests/support/outgoing-world";
import { seededRandom } from "#tests/support/random";

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

beforeAll(async () => {
  world = await createOutgoingWorld();
  const next = seededRandom(18);
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
    // Blocks that tie on the whole sort key but the id (a batch issued, or drafts changed, in one millisecond),
    // longer than a page, so that page boundaries fall inside them.
    const batchAt = NOW.getTime() - 50 * 3600_000;
    for (let i = 0; i < 25; i++) {
      for (const status of ["issued", "draft"] as const) {
        const row = {
          org: world.provinceId,
          createdBy: chuyenvien.id,
          signerId: chutich.id,
          urgency: "urgent",
          confidentiality: "normal",
          status,
          updatedAt: batchAt,
          issuedAt: status === "issued" ? batchAt : null,
          replaces: null,
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

// Keyset pages of the outgoing queues (issue 18: 20 rows a page instead of 200). Walking every page must give
// exactly the brute-force order — no row twice, none missing — across ties in every part of the sort key and
// across urgency groups (the work queues read a page in two steps there), forwards and backwards, and rows
// added between two page loads must neither shift nor repeat what was already read.
describe("outgoing queue pages", () => {
  const PAGE = 7;

  /** Follows nextCursor (or previousCursor from the last page backwards) and returns the ids in display order. */
  function walk(ctx: ServiceContext, queue: OutgoingQueue, filter: OutgoingQueueFilter = {}, between?: (cursor: string) => void) {
    const ids: number[] = [];
    let cursor: string | null = null;
    let pages = 0;
    let last = listOutgoingQueuePage(ctx, { queue, filter, limit: PAGE });
    for (;;) {
      pages++;
      ids.push(...last.items.map((d) => d.id));
      expect(last.previousCursor === null).toBe(cursor === null);
      if (!last.nextCursor) break;
      expect(last.items).toHaveLength(PAGE);
      cursor = last.nextCursor;
      between?.(cursor);
      last = listOutgoingQueuePage(ctx, { queue, filter, cursor, limit: PAGE });
    }
    const backwards: number[][] = [last.items.map((d) => d.id)];
    let page = last;
    while (page.previousCursor) {
      page = listOutgoingQueuePage(ctx, { queue, filter, before: page.previousCursor, limit: PAGE });
      backwards.unshift(page.items.map((d) => d.id));
    }
    return { ids, pages, backwards: backwards.flat() };
  }

  const cases: {
    name: string;
    user: string;
    queue: OutgoingQueue;
    filter?: OutgoingQueueFilter;
    rows: (me: { id: number; organizationId: number }) => Out[];
  }[] = [
    {
      name: "drafter's queue",
      user: "chuyenvien",
      queue: "mine",
      rows: (me) => outgoing.filter((d) => d.org === me.organizationId && d.createdBy === me.id).sort(byQueueOrder),
    },
    {
      name: "issued tab",
      user: "vanthu",
      queue: "issued",
      rows: (me) => outgoing.filter((d) => d.org === me.organizationId && (d.status === "issued" || d.status === "recalled")).sort(byIssuedOrder),
    },
    {
      name: "office review queue",
      user: "chanhvanphong",
      queue: "review",
      rows: (me) => outgoing.filter((d) => d.org === me.organizationId && d.status === "office_review").sort(byQueueOrder),
    },
    {
      name: "signature queue",
      user: "chutich",
      queue: "sign",
      rows: (me) => outgoing.filter((d) => d.org === me.organizationId && d.status === "leader_review" && d.signerId === me.id).sort(byQueueOrder),
    },
    {
      name: "numbering queue",
      user: "vanthu",
      queue: "issue",
      rows: (me) => outgoing.filter((d) => d.org === me.organizationId && d.status === "signed").sort(byQueueOrder),
    },
  ];

  for (const c of cases) {
    test(`every page of the ${c.name}, forwards and backwards, is the brute-force order`, () => {
      const ctx = world.ctx(c.user);
      const expected = c.rows(world.actors[c.user]).map((d) => d.id);
      expect(expected.length).toBeGreaterThan(3 * PAGE);
      const { ids, pages, backwards } = walk(ctx, c.queue);
      expect(new Set(ids).size).toBe(ids.length);
      expect(ids).toEqual(expected);
      expect(pages).toBe(Math.ceil(expected.length / PAGE));
      expect(backwards).toEqual(expected);
      const first = listOutgoingQueuePage(ctx, { queue: c.queue });
      expect(first.items.map((d) => d.id)).toEqual(expected.slice(0, 20));
      expect(first.total).toBe(Math.min(expected.length, OUTGOING_COUNT_CAP));
      expect(first.isTotalCapped).toBe(expected.length > OUTGOING_COUNT_CAP);
    });
  }

  test("the 'issued in 7 days' view pages through its own rows", () => {
    const clocked = world.ctx("vanthu", () => NOW);
    const expected = outgoing
      .filter((d) => d.org === world.provinceId && (d.status === "issued" || d.status === "recalled") && (d.issuedAt ?? 0) >= NOW.getTime() - 7 * DAY)
      .sort(byIssuedOrder);
    expect(expected.length).toBeGreaterThan(PAGE);
    expect(walk(clocked, "issued", { issuedWithinDays: 7 }).ids).toEqual(expected.map((d) => d.id));
    expect(listOutgoingQueuePage(clocked, { queue: "issued", filter: { issuedWithinDays: 7 } }).total).toBe(expected.length);
  });

  test("an unreadable or foreign cursor shows the first page; a page past the end is empty", () => {
    const ctx = world.ctx("vanthu");
    const first = listOutgoingQueuePage(ctx, { queue: "issued" }).items.map((d) => d.id);
    for (const cursor of ["", "abc", "%%%", Buffer.from("1.2").toString("base64url"), Buffer.from("1.x.3").toString("base64url")]) {
      expect(listOutgoingQueuePage(ctx, { queue: "issued", cursor }).items.map((d) => d.id)).toEqual(first);
      expect(listOutgoingQueuePage(ctx, { queue: "issued", before: cursor }).items.map((d) => d.id)).toEqual(first);
    }
    const end = listOutgoingQueuePage(ctx, { queue: "issued", cursor: Buffer.from("0.0.0").toString("base64url") });
    expect(end.items).toEqual([]);
    expect(end.nextCursor).toBeNull();
    // Before the top of the queue there is nothing: the first page, which has no previous page.
    const top = listOutgoingQueuePage(ctx, { queue: "issued", before: Buffer.from(`${NOW.getTime() + DAY}.0.0`).toString("base64url") });
    expect(top.items.map((d) => d.id)).toEqual(first);
    expect(top.previousCursor).toBeNull();
  });

  test("later pages are ranges on the queue indexes, not sorts or scans from the top", () => {
    const mine = world.ctx("chuyenvien");
    const second = listOutgoingQueuePage(mine, { queue: "mine", limit: PAGE }).nextCursor!;
    const drafts = capture(/from "outgoing_documents" inner join "users"/, () => listOutgoingQueuePage(mine, { queue: "mine", cursor: second, limit: PAGE }));
    expect(planOf(drafts[0])).toMatch(/outgoing_documents_creator_queue_idx \(created_by=\? AND <expr>=\? AND updated_at<\?\)/);
    for (const query of drafts) expect(planOf(query)).not.toContain("TEMP B-TREE");
    const clerk = world.ctx("vanthu");
    const next = listOutgoingQueuePage(clerk, { queue: "issued", limit: PAGE }).nextCursor!;
    const previous = listOutgoingQueuePage(clerk, { queue: "issued", cursor: next, limit: PAGE }).previousCursor!;
    for (const page of [{ cursor: next }, { before: previous }]) {
      const [query] = capture(/from "outgoing_documents" inner join "users"/, () => listOutgoingQueuePage(clerk, { queue: "issued", limit: PAGE, ...page }));
      expect(planOf(query)).toMatch(/outgoing_documents_org_issued_idx \(organization_id=\? AND \(issued_at,updated_at\)[<>]\(\?,\?\)\)/);
      expect(planOf(query)).not.toContain("TEMP B-TREE");
    }
  });

  // Last in the file: it adds rows (kept in `outgoing`, so a brute-force reading stays true).
  test("documents added between page loads are shown once, in order, or not at all if they sort before the cursor", () => {
    const me = world.actors.chuyenvien;
    const ctx = world.ctx("chuyenvien");
    const next = seededRandom(1818);
    const insert =
      world.db.$client.prepare(`insert into outgoing_documents (organization_id, drafting_unit_id, created_by, doc_type_code, summary, signer_id, signer_title,
      urgency, confidentiality, status, source, created_at, updated_at) values (?, ?, ?, 'CV', 'Văn bản thêm giữa hai trang', ?, 'Chủ tịch', ?, 'normal', 'draft', 'composed', ?, ?) returning id`);
    const keyOf = (d: Out) => [RANK[d.urgency], d.updatedAt, d.id];
    const sortsBefore = (d: Out, cursor: Out) => byQueueOrder(d, cursor) < 0;
    const unseen = new Set<number>();
    let added = 0;
    const { ids } = walk(ctx, "mine", {}, (cursor) => {
      const [rank, updatedAt, id] = Buffer.from(cursor, "base64url").toString("utf8").split(".").map(Number);
      const at = outgoing.find((d) => d.id === id)!;
      expect(keyOf(at)).toEqual([rank, updatedAt, id]);
      // Two rows per page load: ties with the cursor row's urgency and time (a larger id sorts before it),
      // and anything else on the same coarse clock, before or after the cursor.
      for (const tie of [true, false]) {
        const urgency = tie ? at.urgency : URGENCIES[Math.floor(next() * 4)];
        const updatedAt = tie ? at.updatedAt : NOW.getTime() - Math.floor(next() * 480) * 3600_000;
        const { id: newId } = insert.get(me.organizationId, me.unitId, me.id, world.actors.chutich.id, urgency, updatedAt, updatedAt) as { id: number };
        const row: Out = {
          id: newId,
          org: me.organizationId,
          createdBy: me.id,
          signerId: world.actors.chutich.id,
          urgency,
          confidentiality: "normal",
          status: "draft",
          updatedAt,
          issuedAt: null,
          replaces: null,
        };
        outgoing.push(row);
        if (sortsBefore(row, at)) unseen.add(newId);
        added++;
      }
    });
    expect(added).toBeGreaterThan(100);
    expect(unseen.size).toBeGreaterThan(0);
    expect(unseen.size).toBeLessThan(added);
    const expected = outgoing.filter((d) => d.org === me.organizationId && d.createdBy === me.id && !unseen.has(d.id)).sort(byQueueOrder);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual(expected.map((d) => d.id));
  });
});
