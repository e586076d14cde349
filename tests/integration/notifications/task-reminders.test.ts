// Đôn đốc on a plan task's page (issue 15): the plan manager sees the panel on /tasks/:id and chases the task's
// lead unit; the reminder is listed on the page, notified to the lead unit, audited; the lead unit's own user sees
// it but has no form and is refused if it posts one. Route modules called as Remix calls them, demo plan data.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";

const dataDir = mkdtempSync(join(tmpdir(), "vpdt-task-reminders-"));
process.env.DATA_DIR = dataDir;

const { getDb } = await import("#app/db.server");
const { and, eq } = await import("drizzle-orm");
const schema = await import("#db/schema/index");
const { seedDirectory, makeUser, contextFor } = await import("#tests/support/factories");
const { DEMO_ACCOUNTS } = await import("#app/features/demo/directory.server");
const { seedDemoPlans } = await import("#app/features/demo/plans-demo.server");
const { listNotifications } = await import("#app/features/notifications/index");
const { responseOf, sessionCookie, TEST_ORIGIN } = await import("#tests/support/route-calls");
const taskRoute = await import("#app/routes/tasks.$taskId");
const remindRoute = await import("#app/routes/notifications.remind");

type Actor = Awaited<ReturnType<typeof makeUser>>;
const db = getDb();
const actors: Record<string, Actor> = {};
let taskId: number;
let leadUnitName: string;

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
  // An open task led by Sở Tư pháp (its specialist "sotuphap" updates its tasks).
  const lead = db.select().from(schema.organizations).where(eq(schema.organizations.name, "Sở Tư pháp")).get()!;
  leadUnitName = lead.name;
  const task = db
    .select()
    .from(schema.planTasks)
    .where(and(eq(schema.planTasks.leadUnitId, lead.id)))
    .all()
    .find((x) => !["done", "not_applicable", "cancelled"].includes(x.status))!;
  taskId = task.id;
}, 120_000);
afterAll(() => db.$client.close());

async function loadTask(username: string) {
  const cookie = await sessionCookie(username);
  const res = await responseOf(() =>
    taskRoute.loader({ request: new Request(`${TEST_ORIGIN}/tasks/${taskId}`, { headers: { cookie } }), params: { taskId: String(taskId) }, context: {} }),
  );
  expect(res.status).toBe(200);
  return (await res.json()) as { canRemind: boolean; reminders: Array<{ level: string; note: string; fromName: string; toName: string | null }> };
}

async function postReminder(username: string, note: string) {
  const cookie = await sessionCookie(username);
  const body = new URLSearchParams({ entityType: "plan_task", entityId: String(taskId), level: "phe_binh", note });
  return responseOf(() =>
    remindRoute.action({
      request: new Request(`${TEST_ORIGIN}/notifications/remind`, {
        method: "POST",
        body,
        headers: { cookie, "content-type": "application/x-www-form-urlencoded", origin: TEST_ORIGIN },
      }),
      params: {},
      context: {},
    }),
  );
}

describe("đôn đốc on the plan task page", () => {
  test("the plan manager gets the panel and chases the lead unit: listed, notified, audited", async () => {
    expect(await loadTask("sonoivu")).toMatchObject({ canRemind: true, reminders: [] });
    const res = await postReminder("sonoivu", "Đề nghị báo cáo kết quả trước ngày 15.");
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe(`/tasks/${taskId}?reminded=1`);
    const page = await loadTask("sonoivu");
    expect(page.reminders).toEqual([
      expect.objectContaining({ level: "phe_binh", note: "Đề nghị báo cáo kết quả trước ngày 15.", fromName: actors.sonoivu.fullName, toName: leadUnitName }),
    ]);
    const row = db.select().from(schema.reminders).where(eq(schema.reminders.entityId, taskId)).get()!;
    expect(row).toMatchObject({
      entityType: "plan_task",
      toUnitId: db.select().from(schema.planTasks).where(eq(schema.planTasks.id, taskId)).get()!.leadUnitId,
      toUserId: null,
    });
    const audit = db
      .select()
      .from(schema.auditEvents)
      .where(and(eq(schema.auditEvents.action, "reminder.sent"), eq(schema.auditEvents.entityId, String(taskId))))
      .all();
    expect(audit).toHaveLength(1);
    // The lead unit's user is told, with the level; the page shows it to them without the form.
    const told = listNotifications(contextFor(db, dataDir, actors.sotuphap), { limit: 100 }).filter(
      (n) => n.entityType === "plan_task" && n.entityId === taskId,
    );
    expect(told.map((n) => n.title)).toEqual([expect.stringMatching(/^Đôn đốc \(Phê bình\): /)]);
    expect(told[0].link).toBe(`/tasks/${taskId}`);
    expect(await loadTask("sotuphap")).toMatchObject({ canRemind: false, reminders: [expect.objectContaining({ level: "phe_binh" })] });
  });

  test("forbidden: the lead unit's user cannot send a reminder (no permission), and nothing is written", async () => {
    const before = db.select().from(schema.reminders).all().length;
    const res = await postReminder("sotuphap", "Tự nhắc");
    expect(res.status).toBe(403);
    expect(db.select().from(schema.reminders).all()).toHaveLength(before);
  });
});
