// The plan dashboard keeps what every viewer sees alike per process, under the "plans" counter that triggers bump
// (db/sql/021-plans-cache-version.sql). A second connection to the same file stands for another cluster worker or
// the CLI: every change below goes through it, and the next dashboard must show it.
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createTestDb, type TestDb } from "#tests/support/test-db";
import { contextFor, makeUser, seedDirectory } from "#tests/support/factories";
import { DEMO_ACCOUNTS } from "#app/features/demo/directory.server";
import { seedDemoPlans } from "#app/features/demo/plans-demo.server";
import { getPlanDashboard } from "#app/features/plans/index";
import { cacheVersion } from "#app/platform/cache-versions.server";
import type { Actor } from "#app/platform/auth/actor";

let t: TestDb;
let other: Database.Database;
let planId: number;
const actors: Record<string, Actor> = {};
const NOW = new Date("2023-09-15T03:00:00Z");

const dashboard = (username: string, asOf?: string) =>
  getPlanDashboard(
    contextFor(t.db, t.dataDir, actors[username], () => NOW),
    planId,
    { asOf },
  );
const allTasks = (d: ReturnType<typeof dashboard>) => d.areas.flatMap((a) => a.tasks);

beforeAll(async () => {
  t = createTestDb();
  const units = seedDirectory(t.db);
  for (const a of DEMO_ACCOUNTS)
    actors[a.username] = await makeUser(t.db, t.dataDir, { username: a.username, unitId: units.get(a.unit)!, roles: a.roles, fullName: a.fullName });
  ({ planId } = await seedDemoPlans(t.db, t.dataDir));
  other = new Database(t.dbPath);
}, 120_000);

afterAll(() => {
  other.close();
  t.cleanup();
});

describe("the plan dashboard's per-process copy", () => {
  test("a second view with no change in between is the same; a task completed elsewhere shows at the next view", () => {
    const before = dashboard("sonoivu");
    expect(dashboard("sonoivu")).toEqual(before);
    const open = allTasks(before).find((x) => x.status === "in_progress" || x.status === "not_started");
    expect(open, "the demo plan has an open task").toBeDefined();
    other.prepare("update plan_tasks set status = 'done', completed_on = '2023-09-14' where id = ?").run(open!.id);
    const after = dashboard("sonoivu");
    expect(after.figures.done).toBe(before.figures.done + 1);
    expect(allTasks(after).find((x) => x.id === open!.id)!.status).toBe("done");
  });

  test("a retitled task, a renamed area and a renamed lead organisation show at the next view", () => {
    const task = allTasks(dashboard("sonoivu")).find((x) => x.leadUnitId !== null)!;
    other.prepare("update plan_tasks set title = 'Nhiệm vụ đã đổi tên' where id = ?").run(task.id);
    other.prepare("update plan_areas set title = 'Lĩnh vực đã đổi tên' where id = ?").run(task.areaId);
    other.prepare("update organizations set name = 'Cơ quan đã đổi tên' where id = ?").run(task.leadUnitId);
    const after = dashboard("sonoivu");
    const row = allTasks(after).find((x) => x.id === task.id)!;
    expect(row.title).toBe("Nhiệm vụ đã đổi tên");
    expect(row.leadUnitName).toBe("Cơ quan đã đổi tên");
    expect(after.areas.find((a) => a.id === task.areaId)!.title).toBe("Lĩnh vực đã đổi tên");
    expect(after.figures.byUnit.map((u) => u.label)).toContain("Cơ quan đã đổi tên");
  });

  test("a due date moved into the past elsewhere puts the task in the overdue list", () => {
    const before = dashboard("sonoivu");
    const open = allTasks(before).find(
      (x) => !["done", "awaiting_confirmation", "cancelled", "not_applicable"].includes(x.status) && !before.overdue.some((o) => o.id === x.id),
    );
    expect(open, "an open task that is not overdue").toBeDefined();
    other.prepare("update plan_tasks set due_date = '2023-09-01' where id = ?").run(open!.id);
    const after = dashboard("sonoivu");
    expect(after.overdue.map((o) => o.id)).toContain(open!.id);
    expect(after.figures.overdue).toBe(before.figures.overdue + 1);
  });

  test("journal entries, plans, areas and calendar days bump the counter in the writer's transaction", () => {
    const version = () => cacheVersion(t.db, "plans")!;
    const task = other.prepare("select id, plan_id from plan_tasks order by id limit 1").get() as { id: number; plan_id: number };
    for (const change of [
      () =>
        other
          .prepare(
            "insert into task_events (task_id, plan_id, at, effective_on, kind, from_status, to_status) values (?, ?, ?, '2023-09-14', 'status', 'in_progress', 'done')",
          )
          .run(task.id, task.plan_id, NOW.getTime()),
      () => other.prepare("update plans set title = title || ' ' where id = ?").run(planId),
      () => other.prepare("update plan_areas set sort_order = sort_order where plan_id = ?").run(planId),
      () => other.prepare("insert into calendar_days (date, kind, name, updated_at) values ('2023-09-18', 'holiday', 'Nghỉ bù', ?)").run(NOW.getTime()),
    ]) {
      const before = version();
      change();
      expect(version()).toBeGreaterThan(before);
    }
    const rolledBack = version();
    expect(() =>
      other.transaction(() => {
        other.prepare("update plan_tasks set title = 'không lưu' where id = ?").run(task.id);
        throw new Error("rollback");
      })(),
    ).toThrow("rollback");
    expect(version()).toBe(rolledBack);
  });

  test("which tasks are links stays the viewer's own: the plan's manager opens every task, a department only its own", () => {
    const manager = allTasks(dashboard("sonoivu"));
    const department = allTasks(dashboard("sotuphap"));
    expect(manager.every((x) => x.canOpen)).toBe(true);
    expect(department.some((x) => x.canOpen)).toBe(true);
    expect(department.some((x) => !x.canOpen)).toBe(true);
    // The same rows otherwise.
    expect(department.map(({ canOpen, ...rest }) => rest)).toEqual(manager.map(({ canOpen, ...rest }) => rest));
    // And the manager's view after the department's is unchanged (the shared copy was not altered).
    expect(allTasks(dashboard("sonoivu")).every((x) => x.canOpen)).toBe(true);
  });
});
