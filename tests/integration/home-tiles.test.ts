// Issue 9: a home tile's count must be the length of the list it opens (the clerk's "Đã đăng ký hôm nay"
// showed 3 and opened an empty list). For every demo account, every incoming and outgoing tile is
// followed through the real list route with the tile's own link.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";

const dataDir = mkdtempSync(join(tmpdir(), "vpdt-home-tiles-"));
process.env.DATA_DIR = dataDir;
process.env.SESSION_SECRET = "test-secret-0123456789abcdef";

const { getDb } = await import("#app/db.server");
const { seedDemoData } = await import("#app/features/demo/seed-demo.server");
const { signIn } = await import("#app/platform/auth/sign-in.server");
const { DEMO_ACCOUNTS } = await import("#app/features/demo/directory.server");
const homeRoute = await import("#app/routes/_index");
const incomingRoute = await import("#app/routes/incoming._index");
const outgoingRoute = await import("#app/routes/outgoing._index");
const tasksRoute = await import("#app/routes/tasks._index");
const { loadActorByUsername } = await import("#app/platform/auth/actor.server");
const { actorUnitChain } = await import("#app/features/plans/access.server");
const { sql } = await import("drizzle-orm");

const BASE = "http://127.0.0.1:3000";
const db = getDb();
const cookies: Record<string, string> = {};

beforeAll(async () => {
  await seedDemoData(db, dataDir);
  for (const a of DEMO_ACCOUNTS) {
    const result = await signIn({ request: new Request(`${BASE}/login`, { method: "POST" }), username: a.username, password: "demo", ipAddress: "10.8.0.2" });
    if (!result.ok) throw new Error(`sign-in failed: ${a.username}`);
    cookies[a.username] = result.cookie.split(";")[0];
  }
}, 180_000);
afterAll(() => db.$client.close());

const get = (path: string, username: string) => new Request(`${BASE}${path}`, { headers: { Cookie: cookies[username] } });

async function listLength(href: string, username: string): Promise<number> {
  if (href.startsWith("/tasks?")) {
    const body = (await (await tasksRoute.loader({ request: get(href, username), params: {}, context: {} }))!.json()) as { tasks: unknown[] };
    return body.tasks.length;
  }
  if (href.startsWith("/incoming?") || href === "/incoming") {
    let total = 0;
    let next: string | null = href;
    for (let pages = 0; next && pages < 50; pages++) {
      const body = (await (await incomingRoute.loader({ request: get(next, username), params: {}, context: {} }))!.json()) as {
        page: { items: unknown[]; nextCursor: string | null };
      };
      total += body.page.items.length;
      next = body.page.nextCursor ? `${href}${href.includes("?") ? "&" : "?"}cursor=${encodeURIComponent(body.page.nextCursor)}` : null;
    }
    return total;
  }
  let total = 0;
  let counted: number | null = null;
  let next: string | null = href;
  for (let pages = 0; next && pages < 50; pages++) {
    const body = (await (await outgoingRoute.loader({ request: get(next, username), params: {}, context: {} }))!.json()) as {
      items: unknown[];
      page: { nextCursor: string | null; total: number };
    };
    counted ??= body.page.total;
    total += body.items.length;
    next = body.page.nextCursor ? `${href}&cursor=${encodeURIComponent(body.page.nextCursor)}` : null;
  }
  // The list's own count (its caption) agrees with its rows, and so with the tile.
  if (counted !== total) throw new Error(`${href}: the list counts ${counted}, shows ${total}`);
  return total;
}

describe("home tiles open lists of their own length", () => {
  test("every incoming, outgoing and task tile of every demo account", async () => {
    const mismatches: string[] = [];
    let checked = 0;
    let nonZero = 0;
    for (const a of DEMO_ACCOUNTS) {
      const home = (await (await homeRoute.loader({ request: get("/", a.username), params: {}, context: {} }))!.json()) as {
        sections: Array<{ counters: Array<{ key: string; count: number; href: string }> }>;
      };
      for (const c of home.sections.flatMap((s) => s.counters)) {
        if (!/^\/(incoming|outgoing|tasks)(\?|$)/.test(c.href)) continue;
        const length = await listLength(c.href, a.username);
        checked++;
        if (c.count > 0) nonZero++;
        if (length !== c.count) mismatches.push(`${a.username} ${c.key}: tile ${c.count}, list ${length} (${c.href})`);
      }
    }
    expect(mismatches).toEqual([]);
    expect(checked).toBeGreaterThan(20);
    expect(nonZero).toBeGreaterThan(5);
  }, 120_000);

  test("the clerk's 'Đã đăng ký hôm nay' is not empty on the demo and lists today's registrations", async () => {
    const home = (await (await homeRoute.loader({ request: get("/", "vanthu"), params: {}, context: {} }))!.json()) as {
      sections: Array<{ counters: Array<{ key: string; count: number; href: string }> }>;
    };
    const tile = home.sections.flatMap((s) => s.counters).find((c) => c.key === "incoming-registered-today")!;
    expect(tile.count).toBeGreaterThan(0);
    expect(await listLength(tile.href, "vanthu")).toBe(tile.count);
  });

  test("a task tile counts the tasks the unit leads and opens that list, though the unit also cooperates on an overdue task", async () => {
    type Home = { sections: Array<{ counters: Array<{ key: string; count: number; href: string }> }> };
    const tileOf = async (username: string) => {
      const home = (await (await homeRoute.loader({ request: get("/", username), params: {}, context: {} }))!.json()) as Home;
      return home.sections.flatMap((s) => s.counters).find((c) => c.key === "tasks-overdue");
    };
    let username: string | undefined;
    for (const a of DEMO_ACCOUNTS) if (await tileOf(a.username)) username = username ?? a.username;
    if (!username) throw new Error("no demo account has the task tiles");
    const actor = loadActorByUsername(db, username)!;
    const chain = actorUnitChain({ db, dataDir, actor });
    // A task another unit leads, overdue, on which this unit cooperates.
    const task = db
      .all<{ id: number; lead: number | null }>(sql`select id, lead_unit_id as lead from plan_tasks order by id`)
      .find((t) => t.lead === null || !chain.includes(t.lead));
    if (!task) throw new Error("no task led by another unit");
    db.run(sql`update plan_tasks set status = 'in_progress', due_date = '2020-01-10', completed_on = null where id = ${task.id}`);
    db.run(sql`insert or ignore into task_cooperators (task_id, organization_id) values (${task.id}, ${actor.unitId})`);

    const tile = (await tileOf(username))!;
    expect(tile.href).toContain("role=lead");
    expect(await listLength(tile.href, username)).toBe(tile.count);
    // The unfiltered list has the cooperating task too.
    expect(await listLength("/tasks?filter=overdue", username)).toBeGreaterThan(tile.count);
  });
});
