// The plan dashboard links only to what the viewer may open (found by the e2e crawl: department users
// saw links to the reports page and to other units' tasks, each answering "Không tìm thấy"). For every
// demo account that can open the demo plan: each task shown as a link opens, each task shown as plain
// text does not, and the reports link is there exactly when the reports page opens.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";

const dataDir = mkdtempSync(join(tmpdir(), "vpdt-plan-links-"));
process.env.DATA_DIR = dataDir;

const { getDb } = await import("#app/db.server");
const schema = await import("#db/schema/index");
const { seedDirectory, makeUser, contextFor } = await import("#tests/support/factories");
const { DEMO_ACCOUNTS } = await import("#app/features/demo/directory.server");
const { seedDemoPlans } = await import("#app/features/demo/plans-demo.server");
const { getPlanDashboard } = await import("#app/features/plans/index");
const { getTaskDetail } = await import("#app/features/plans/index");
const { responseOf, sessionCookie } = await import("#tests/support/route-calls");
const reportsRoute = await import("#app/routes/plans.$planId.reports");

type Actor = Awaited<ReturnType<typeof makeUser>>;
const db = getDb();
const actors: Record<string, Actor> = {};

beforeAll(async () => {
  const units = seedDirectory(db);
  for (const a of DEMO_ACCOUNTS)
    actors[a.username] = await makeUser(db, dataDir, {
      username: a.username,
      unitId: units.get(a.unit)!,
      roles: a.roles,
      fullName: a.fullName,
      title: a.title,
    });
  await seedDemoPlans(db, dataDir);
}, 120_000);
afterAll(() => db.$client.close());

describe("plan dashboard links", () => {
  test("every task link opens and every unlinked task does not, for every account that sees the plan", () => {
    const plan = db.select().from(schema.plans).all()[0];
    let checked = 0;
    let restricted = 0;
    for (const [username, actor] of Object.entries(actors)) {
      const ctx = contextFor(db, dataDir, actor);
      let dashboard: ReturnType<typeof getPlanDashboard>;
      try {
        dashboard = getPlanDashboard(ctx, plan.id);
      } catch {
        continue; // cannot see the plan at all
      }
      const rows = [...dashboard.areas.flatMap((a) => a.tasks), ...dashboard.overdue, ...dashboard.dueSoon];
      for (const t of rows) {
        const opens = (() => {
          try {
            getTaskDetail(ctx, t.id);
            return true;
          } catch {
            return false;
          }
        })();
        expect({ username, task: t.id, opens }).toEqual({ username, task: t.id, opens: t.canOpen });
        checked++;
      }
      if (rows.some((t) => !t.canOpen)) restricted++;
    }
    expect(checked).toBeGreaterThan(50);
    // At least one account sees the plan but not every task (the case the crawl caught).
    expect(restricted).toBeGreaterThan(0);
  });

  test("the reports link is shown exactly to those whose reports page opens", async () => {
    const plan = db.select().from(schema.plans).all()[0];
    let shown = 0;
    let hidden = 0;
    for (const [username, actor] of Object.entries(actors)) {
      let dashboard: ReturnType<typeof getPlanDashboard>;
      try {
        dashboard = getPlanDashboard(contextFor(db, dataDir, actor), plan.id);
      } catch {
        continue;
      }
      const request = new Request(`http://127.0.0.1:3000/plans/${plan.id}/reports`, {
        headers: { Cookie: await sessionCookie(username, { ipAddress: "10.9.0.1" }) },
      });
      const status = (await responseOf(() => reportsRoute.loader({ request, params: { planId: String(plan.id) }, context: {} }))).status;
      expect({ username, status: status === 200 }).toEqual({ username, status: dashboard.canViewReports });
      if (dashboard.canViewReports) shown++;
      else hidden++;
    }
    expect(shown).toBeGreaterThan(0);
    expect(hidden).toBeGreaterThan(0);
  });
});
