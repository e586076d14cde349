// Notifications against a real SMTP server on loopback: who gets what for each routing, preferences, no secret
// content, retries after refusals, a kill -9 of the worker, the daily scheduler and đôn đốc.
import { fork } from "node:child_process";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { eq, sql } from "drizzle-orm";
import { notificationDeliveries, notifications, planAreas, plans, planTasks, users } from "#db/schema/index";
import { createTestDb, type TestDb } from "#tests/support/test-db";
import { contextFor, makeUser, seedDirectory } from "#tests/support/factories";
import { startTestSmtp, type TestSmtp } from "#tests/support/smtp-server";
import type { Actor } from "#app/platform/auth/actor";
import { verifyAuditChain } from "#app/platform/audit.server";
import { registerIncomingDocument, routeIncomingDocuments, forwardIncomingDocument, type RegisterIncomingDocumentOptions } from "#app/features/incoming/index";
import {
  computeDailyNotifications,
  getNotificationPreferences,
  listNotifications,
  listReminders,
  markNotificationsRead,
  saveNotificationPreferences,
  sendDueNotificationEmails,
  sendReminder,
  smtpTransport,
  unreadNotificationCount,
} from "#app/features/notifications/index";
import { SECRET_EMAIL_LINE } from "#app/domain/shared/notifications";

let t: TestDb;
let smtp: TestSmtp;
let clerk: Actor, officeLead: Actor, leader: Actor, deptLead: Actor, specialist: Actor, otherSpecialist: Actor, economyMember: Actor;
let officeUnit: number;
let economyUnit: number;
const MONDAY = new Date("2026-11-30T02:00:00Z"); // Monday 30/11/2026, 09:00 in Vietnam
const ctx = (actor: Actor, now = MONDAY) => contextFor(t.db, t.dataDir, actor, () => now);
const FROM = "Văn phòng điện tử <vpdt@vpdt.example>";

function doc(overrides: Partial<RegisterIncomingDocumentOptions> = {}): RegisterIncomingDocumentOptions {
  return {
    channel: "postal",
    receivedAt: MONDAY,
    numberSymbol: `${Math.floor(Math.random() * 1e6)}/SNV-CCHC`,
    docTypeCode: "CV",
    issuedDate: "2026-11-27",
    issuerName: "Sở Nội vụ",
    summary: "Đôn đốc triển khai chuyển đổi số năm 2027",
    urgency: "normal",
    confidentiality: "normal",
    submitForRouting: true,
    ...overrides,
  };
}

async function registered(overrides: Partial<RegisterIncomingDocumentOptions> = {}) {
  return registerIncomingDocument(ctx(clerk), doc(overrides));
}

/** Sends everything due now (and retries that have come due by `at`). */
async function drain(at = new Date()) {
  return sendDueNotificationEmails(t.db, smtpTransport(smtp.url), { from: FROM, backoffBaseMs: 1_000 }, at);
}

function mailsTo(user: Actor) {
  return smtp.messages.filter((m) => m.to.includes(`${user.username}@vpdt.example`));
}

beforeAll(async () => {
  t = createTestDb();
  smtp = await startTestSmtp();
  const units = seedDirectory(t.db);
  const office = units.get("Văn phòng UBND tỉnh")!;
  officeUnit = office;
  economyUnit = units.get("Văn phòng UBND tỉnh > Phòng Kinh tế")!;
  clerk = await makeUser(t.db, t.dataDir, { username: "vanthu", unitId: office, roles: ["clerk"] });
  officeLead = await makeUser(t.db, t.dataDir, { username: "cvp", unitId: office, roles: ["office_lead"] });
  leader = await makeUser(t.db, t.dataDir, { username: "ct", unitId: units.get("Ủy ban nhân dân tỉnh Cà Mau")!, roles: ["leader"] });
  deptLead = await makeUser(t.db, t.dataDir, { username: "tp", unitId: economyUnit, roles: ["dept_lead"] });
  economyMember = await makeUser(t.db, t.dataDir, { username: "cv.kt", unitId: economyUnit, roles: ["specialist"] });
  specialist = await makeUser(t.db, t.dataDir, { username: "cv", unitId: units.get("Văn phòng UBND tỉnh > Phòng Nội chính")!, roles: ["specialist"] });
  otherSpecialist = await makeUser(t.db, t.dataDir, { username: "cv2", unitId: units.get("Văn phòng UBND tỉnh > Phòng Nội chính")!, roles: ["specialist"] });
  for (const u of [clerk, officeLead, leader, deptLead, economyMember, specialist, otherSpecialist]) {
    t.db
      .update(users)
      .set({ email: `${u.username}@vpdt.example` })
      .where(eq(users.id, u.id))
      .run();
  }
});
afterAll(async () => {
  await smtp.close();
  t.cleanup();
});

/** A plan task due 01/12/2026 (two working days after MONDAY), led by the given unit, in a plan of its own. */
function insertDueTask(o: { code: string; title: string; leadUnitId: number; leadUnitText: string }) {
  const [plan] = t.db
    .insert(plans)
    .values({
      organizationId: leader.organizationId,
      year: 2026,
      title: `KH CCHC 2026 (${o.code})`,
      code: o.code,
      createdAt: MONDAY,
      updatedAt: MONDAY,
    } as never)
    .returning()
    .all();
  const [area] = t.db
    .insert(planAreas)
    .values({ planId: plan.id, ordinal: "I", code: "I", title: "Cải cách hành chính", sortOrder: 1 } as never)
    .returning()
    .all();
  const [task] = t.db
    .insert(planTasks)
    .values({
      planId: plan.id,
      areaId: area.id,
      sortOrder: 1,
      title: o.title,
      deadlineKind: "fixed_date",
      dueDate: "2026-12-01",
      leadUnitId: o.leadUnitId,
      leadUnitText: o.leadUnitText,
      createdAt: MONDAY,
      updatedAt: MONDAY,
    })
    .returning()
    .all();
  return task;
}

describe("routing notifies each assignee once, in app and by e-mail", () => {
  test("main (person), cooperating (a unit: its head), for information (person); not the office lead who routed", async () => {
    const before = smtp.messages.length;
    const r = await registered({ numberSymbol: "101/SNV-CCHC" });
    routeIncomingDocuments(ctx(officeLead), {
      documents: [{ id: r.id, version: r.version }],
      main: { userId: specialist.id },
      cooperating: [{ unitId: economyUnit }],
      info: [{ userId: otherSpecialist.id }],
      deadline: "2026-12-18",
    });
    expect(listNotifications(ctx(specialist)).map((n) => n.title)).toContain("Văn bản 101/SNV-CCHC được giao cho bạn xử lý chính");
    expect(listNotifications(ctx(deptLead)).map((n) => n.title)).toContain("Văn bản 101/SNV-CCHC được giao cho bạn phối hợp xử lý");
    // The unit's head acts for the unit (Decree 30 Art. 20); its other members are not all mailed.
    expect(listNotifications(ctx(economyMember))).toHaveLength(0);
    expect(listNotifications(ctx(otherSpecialist)).map((n) => n.title)).toContain("Văn bản 101/SNV-CCHC được gửi để bạn biết");
    expect(listNotifications(ctx(officeLead))).toHaveLength(0);
    const counts = await drain();
    expect(counts).toEqual({ sent: 3, retried: 0, dead: 0 });
    const mine = smtp.messages.slice(before);
    expect(mine.map((m) => m.to[0]).sort()).toEqual(["cv2@vpdt.example", "cv@vpdt.example", "tp@vpdt.example"]);
    const toSpecialist = mine.find((m) => m.to[0] === "cv@vpdt.example")!;
    expect(toSpecialist.subject).toBe("[Văn phòng điện tử] Văn bản 101/SNV-CCHC được giao cho bạn xử lý chính");
    expect(toSpecialist.text).toContain("Đôn đốc triển khai chuyển đổi số năm 2027");
    expect(toSpecialist.text).toMatch(new RegExp(`/incoming/${r.id}\\b`));
    // Nothing more is due: a second pass sends nothing.
    expect(await drain()).toEqual({ sent: 0, retried: 0, dead: 0 });
  });

  test("a routing that fails writes no notification (same transaction)", async () => {
    const r = await registered();
    const count = () => t.db.get<{ n: number }>(sql`select count(*) as n from notifications`)!.n;
    const before = count();
    expect(() =>
      routeIncomingDocuments(ctx(officeLead), {
        documents: [{ id: r.id, version: r.version }],
        main: { userId: specialist.id },
        cooperating: [{ userId: specialist.id }],
      }),
    ).toThrow();
    expect(count()).toBe(before);
  });

  test("'off' for an event type sends nothing; e-mail off keeps the bell", async () => {
    const prefs = getNotificationPreferences(ctx(otherSpecialist));
    saveNotificationPreferences(ctx(otherSpecialist), {
      rows: prefs.rows.map((p) => (p.type === "incoming_assigned" ? { ...p, inApp: false, email: false } : p)),
      dailyDigest: false,
    });
    const specialistPrefs = getNotificationPreferences(ctx(specialist));
    saveNotificationPreferences(ctx(specialist), {
      rows: specialistPrefs.rows.map((p) => (p.type === "incoming_assigned" ? { ...p, inApp: true, email: false } : p)),
      dailyDigest: false,
    });
    const before = smtp.messages.length;
    const r = await registered({ numberSymbol: "102/SNV-CCHC" });
    routeIncomingDocuments(ctx(officeLead), {
      documents: [{ id: r.id, version: r.version }],
      main: { userId: specialist.id },
      info: [{ userId: otherSpecialist.id }],
    });
    await drain();
    expect(smtp.messages.slice(before)).toHaveLength(0);
    expect(listNotifications(ctx(specialist)).some((n) => n.title.includes("102/SNV-CCHC"))).toBe(true);
    expect(listNotifications(ctx(otherSpecialist)).some((n) => n.title.includes("102/SNV-CCHC"))).toBe(false);
    // Back to the defaults for the tests below.
    saveNotificationPreferences(ctx(specialist), { rows: specialistPrefs.rows, dailyDigest: false });
    saveNotificationPreferences(ctx(otherSpecialist), { rows: prefs.rows, dailyDigest: false });
  });
});

describe("secret documents", () => {
  test("the e-mail says only that a secret document awaits, with the link; the bell keeps the title inside the app", async () => {
    const before = smtp.messages.length;
    const r = await registered({ numberSymbol: "07/CAT-M", summary: "Phương án bảo vệ mục tiêu trọng điểm", confidentiality: "secret", urgency: "urgent" });
    routeIncomingDocuments(ctx(officeLead), { documents: [{ id: r.id, version: r.version }], main: { userId: specialist.id } });
    await drain();
    const mails = smtp.messages.slice(before);
    // The office lead (urgent arrival) and the handler.
    expect(mails.map((m) => m.to[0]).sort()).toEqual(["cv@vpdt.example", "cvp@vpdt.example"]);
    for (const m of mails) {
      expect(m.subject).toBe(`[Văn phòng điện tử] ${SECRET_EMAIL_LINE}`);
      expect(m.text).toContain(SECRET_EMAIL_LINE);
      expect(m.text).toContain(`/incoming/${r.id}`);
      for (const leak of ["Phương án", "bảo vệ", "07/CAT-M", "CAT-M", "mục tiêu"]) {
        expect(m.subject + m.text).not.toContain(leak);
      }
    }
  });

  test("an urgent (Khẩn) arrival reaches the office lead at once, before routing", async () => {
    const before = mailsTo(officeLead).length;
    await registered({ numberSymbol: "88/UBND-KT", urgency: "very_urgent", summary: "Ứng phó bão số 9" });
    await drain();
    const got = mailsTo(officeLead).slice(before);
    expect(got).toHaveLength(1);
    expect(got[0].subject).toBe("[Văn phòng điện tử] Văn bản thượng khẩn mới đến: 88/UBND-KT");
  });
});

describe("delivery that survives faults", () => {
  test("a refusing SMTP server: retried with back-off, then sent once", async () => {
    const before = smtp.messages.length;
    const r = await registered({ numberSymbol: "103/SNV-CCHC" });
    routeIncomingDocuments(ctx(officeLead), { documents: [{ id: r.id, version: r.version }], main: { userId: specialist.id } });
    smtp.refuseNext(2);
    const now = Date.now();
    expect(await drain(new Date(now))).toMatchObject({ sent: 0, retried: 1 });
    // Not due yet: the back-off holds it.
    expect(await drain(new Date(now + 100))).toMatchObject({ sent: 0, retried: 0 });
    expect(await drain(new Date(now + 60_000))).toMatchObject({ sent: 0, retried: 1 });
    expect(await drain(new Date(now + 600_000))).toMatchObject({ sent: 1 });
    const row = t.db.select().from(notificationDeliveries).where(eq(notificationDeliveries.toAddress, "cv@vpdt.example")).all().at(-1)!;
    expect(row).toMatchObject({ state: "sent", attempts: 3 });
    expect(smtp.messages.slice(before).filter((m) => m.subject.includes("103/SNV-CCHC"))).toHaveLength(1);
  });

  test("kill -9 of the worker while the SMTP server holds a message: nothing lost, nothing doubled", async () => {
    const before = smtp.messages.length;
    for (let i = 0; i < 5; i++) {
      const r = await registered({ numberSymbol: `2${i}/KILL` });
      routeIncomingDocuments(ctx(officeLead), { documents: [{ id: r.id, version: r.version }], main: { userId: specialist.id } });
    }
    const pending = t.db.select().from(notificationDeliveries).where(eq(notificationDeliveries.state, "pending")).all();
    expect(pending.length).toBe(5);
    smtp.setDelay(3_000);
    const child = fork(join(process.cwd(), "tests/support/notification-worker-child.ts"), [t.dbPath, smtp.url], {
      execArgv: ["--import", "tsx"],
      stdio: "pipe",
    });
    // Wait until the worker has claimed the batch (rows leased) and the SMTP server holds the first message.
    for (let i = 0; i < 200; i++) {
      const leased = t.db.get<{ n: number }>(sql`select count(*) as n from notification_deliveries where state = 'sending'`)!.n;
      if (leased === 5) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    await new Promise((r) => setTimeout(r, 500));
    child.kill("SIGKILL");
    await new Promise((r) => child.once("exit", r));
    smtp.setDelay(0);
    await new Promise((r) => setTimeout(r, 3_000)); // the held message is dropped: the sender vanished before 250 OK
    expect(smtp.messages.length - before).toBe(0);
    // The next worker retakes the rows once their lease has expired.
    expect(await drain(new Date())).toMatchObject({ sent: 0 });
    expect(await drain(new Date(Date.now() + 10 * 60_000))).toMatchObject({ sent: 5 });
    const got = smtp.messages.slice(before);
    expect(got).toHaveLength(5);
    expect(new Set(got.map((m) => m.messageId)).size).toBe(5);
    expect(new Set(got.map((m) => m.subject)).size).toBe(5);
  });
});

describe("the daily scheduler", () => {
  test("due soon and overdue on working days, once per day, nothing on a Sunday", async () => {
    const soon = await registered({ numberSymbol: "201/DUE" });
    routeIncomingDocuments(ctx(officeLead), { documents: [{ id: soon.id, version: soon.version }], main: { userId: specialist.id }, deadline: "2026-12-01" });
    const late = await registered({ numberSymbol: "202/LATE" });
    routeIncomingDocuments(ctx(officeLead), { documents: [{ id: late.id, version: late.version }], main: { userId: specialist.id }, deadline: "2026-12-02" });
    const far = await registered({ numberSymbol: "203/FAR" });
    routeIncomingDocuments(ctx(officeLead), { documents: [{ id: far.id, version: far.version }], main: { userId: specialist.id }, deadline: "2026-12-31" });
    const sunday = new Date("2026-12-06T01:00:00Z");
    expect(computeDailyNotifications(t.db, { now: sunday, dueSoonWorkingDays: 2 })).toMatchObject({ skipped: true });
    // At a start on a Sunday the scheduler makes good Friday's run (04/12).
    expect(computeDailyNotifications(t.db, { now: sunday, dueSoonWorkingDays: 2, catchUp: true })).toMatchObject({ skipped: false, date: "2026-12-04" });
    // Thursday 03/12: 201 (01/12) and 202 (02/12) are overdue; 203 is far off.
    const thursday = new Date("2026-12-03T00:00:00Z");
    const first = computeDailyNotifications(t.db, { now: thursday, dueSoonWorkingDays: 2 });
    expect(first).toMatchObject({ skipped: false, date: "2026-12-03" });
    const titles = listNotifications(ctx(specialist), { limit: 100 }).map((n) => n.title);
    expect(titles).toContain("Văn bản 201/DUE đã quá hạn xử lý (hạn 01/12/2026)");
    expect(titles).toContain("Văn bản 202/LATE đã quá hạn xử lý (hạn 02/12/2026)");
    expect(titles.some((x) => x.includes("203/FAR") && /hạn xử lý/.test(x))).toBe(false);
    const again = computeDailyNotifications(t.db, { now: new Date("2026-12-03T05:00:00Z"), dueSoonWorkingDays: 2 });
    expect(again.incoming).toBe(0);
    // Monday 30/11 (an earlier day, its own keys): 201 is due within 2 working days.
    const monday = computeDailyNotifications(t.db, { now: MONDAY, dueSoonWorkingDays: 2 });
    expect(monday.incoming).toBeGreaterThanOrEqual(2);
    expect(listNotifications(ctx(specialist), { limit: 100 }).map((n) => n.title)).toContain("Văn bản 201/DUE sắp đến hạn xử lý (01/12/2026)");
  });

  test("plan tasks: the lead unit's head is told of a task due soon", async () => {
    const task = insertDueTask({ code: "KH-TEST", title: "Rà soát văn bản quy phạm pháp luật", leadUnitId: economyUnit, leadUnitText: "Phòng Kinh tế" });
    computeDailyNotifications(t.db, { now: MONDAY, dueSoonWorkingDays: 2 });
    const got = listNotifications(ctx(deptLead), { limit: 100 }).filter((n) => n.entityType === "plan_task" && n.entityId === task.id);
    expect(got.map((n) => n.title)).toEqual(["Nhiệm vụ sắp đến hạn (01/12/2026)"]);
  });

  test("a task led by a unit whose own members do not work tasks (Văn phòng UBND tỉnh) reaches the heads of its phòng; đôn đốc too", async () => {
    const task = insertDueTask({
      code: "KH-VP",
      title: "Vận hành Trung tâm Phục vụ hành chính công",
      leadUnitId: officeUnit,
      leadUnitText: "Văn phòng UBND tỉnh",
    });
    const forTask = (a: Actor) => listNotifications(ctx(a), { limit: 100 }).filter((n) => n.entityType === "plan_task" && n.entityId === task.id);
    computeDailyNotifications(t.db, { now: MONDAY, dueSoonWorkingDays: 2 });
    expect(forTask(deptLead).map((n) => n.title)).toEqual(["Nhiệm vụ sắp đến hạn (01/12/2026)"]);
    // The office's clerk and chief cannot open a task page: never told. A phòng with a head: only the head.
    for (const a of [clerk, officeLead, economyMember]) expect(forTask(a)).toEqual([]);
    // Before the fix this was refused with "Chưa có người hoặc đơn vị xử lý để đôn đốc".
    sendReminder(ctx(leader), { entityType: "plan_task", entityId: task.id, level: "nhac_nho", note: "Đề nghị khẩn trương hoàn thành" });
    expect(forTask(deptLead).map((n) => n.title)).toHaveLength(2);
    // Phòng Nội chính has no head here: its specialists are the ones who can work the task, but a head elsewhere
    // below the lead unit is preferred, as for one unit.
    expect(forTask(specialist)).toEqual([]);
  });
});

describe("đôn đốc", () => {
  test("a leader chases the handler with a level and a note: audited, notified, listed on the item", async () => {
    const r = await registered({ numberSymbol: "301/DD" });
    routeIncomingDocuments(ctx(officeLead), { documents: [{ id: r.id, version: r.version }], main: { userId: specialist.id } });
    const before = mailsTo(specialist).length;
    sendReminder(ctx(leader), { entityType: "incoming_document", entityId: r.id, level: "phe_binh", note: "Đề nghị báo cáo kết quả trước 16 giờ." });
    await drain();
    // (The scheduler's reminders of the previous test go out in the same pass.)
    const got = mailsTo(specialist)
      .slice(before)
      .filter((m) => m.subject.includes("Đôn đốc"));
    expect(got).toHaveLength(1);
    expect(got[0].subject).toBe("[Văn phòng điện tử] Đôn đốc (Phê bình): 301/DD");
    expect(got[0].text).toContain("Đề nghị báo cáo kết quả trước 16 giờ.");
    expect(listReminders(ctx(leader), { entityType: "incoming_document", entityId: r.id })).toMatchObject([{ level: "phe_binh", toUserId: specialist.id }]);
    const trail = t.db.all<{ action: string }>(sql`select action from audit_events where entity_type = 'incoming_document' and entity_id = ${String(r.id)}`);
    expect(trail.map((x) => x.action)).toContain("reminder.sent");
    expect(verifyAuditChain(t.db).ok).toBe(true);
  });

  test("forbidden without the permission; not found outside the actor's view; refused before routing", async () => {
    const r = await registered({ numberSymbol: "302/DD" });
    expect(() => sendReminder(ctx(specialist), { entityType: "incoming_document", entityId: r.id, level: "nhac_nho", note: "" })).toThrow(/không có quyền/);
    expect(() => sendReminder(ctx(leader), { entityType: "incoming_document", entityId: 999_999, level: "nhac_nho", note: "" })).toThrow(/Không tìm thấy/);
    expect(() => sendReminder(ctx(leader), { entityType: "incoming_document", entityId: r.id, level: "nhac_nho", note: "" })).toThrow(/Chưa có người/);
  });
});

describe("the bell", () => {
  test("unread count, mark read (own notifications only)", async () => {
    const unread = unreadNotificationCount(ctx(specialist));
    expect(unread).toBeGreaterThan(0);
    const [first] = listNotifications(ctx(specialist), { unreadOnly: true, limit: 1 });
    expect(markNotificationsRead(ctx(otherSpecialist), [first.id])).toBe(0);
    expect(markNotificationsRead(ctx(specialist), [first.id])).toBe(1);
    expect(unreadNotificationCount(ctx(specialist))).toBe(unread - 1);
    markNotificationsRead(ctx(specialist), "all");
    expect(unreadNotificationCount(ctx(specialist))).toBe(0);
    expect(
      t.db
        .select()
        .from(notifications)
        .where(eq(notifications.userId, specialist.id))
        .all()
        .every((n) => n.readAt),
    ).toBe(true);
  });

  test("forwarding to a leader asks for a direction", async () => {
    const r = await registered({ numberSymbol: "401/FW" });
    forwardIncomingDocument(ctx(officeLead), { id: r.id, version: r.version, leaderUserId: leader.id });
    expect(listNotifications(ctx(leader)).map((n) => n.title)).toContain("Văn bản 401/FW chờ bạn cho ý kiến chỉ đạo");
  });
});
