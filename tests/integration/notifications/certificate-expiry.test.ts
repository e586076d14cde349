// "A certificate about to expire" (issue 15; issue 13 flags it on the account page): the daily scheduler tells
// the holder of a signing certificate and the organisation's administrators 30, 7 and 0 days before it expires,
// once per threshold; the organisation's seal reaches the clerks who keep it. Real scheduler, real outbox.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { eq } from "drizzle-orm";
import { signingDevices, users } from "#db/schema/index";
import type { Actor } from "#app/platform/auth/actor";
import { computeDailyNotifications, listNotifications } from "#app/features/notifications/index";
import { createTestDb, type TestDb } from "#tests/support/test-db";
import { contextFor, makeUser, seedDirectory } from "#tests/support/factories";

let t: TestDb;
let signer: Actor, admin: Actor, clerk: Actor, otherAdmin: Actor, colleague: Actor;
const DAY = 86_400_000;
const MONDAY = new Date("2026-11-30T02:00:00Z"); // Monday 30/11/2026, 09:00 in Vietnam

const expiring = (user: Actor) =>
  listNotifications(contextFor(t.db, t.dataDir, user), { limit: 100 })
    .filter((n) => n.eventType === "certificate_expiring")
    .map((n) => n.title)
    .reverse();
const run = (now: Date) => computeDailyNotifications(t.db, { now, dueSoonWorkingDays: 2 });

function device(owner: { userId?: number; organizationId?: number }, kind: "server_token" | "own_device", notAfter: Date, sha: string) {
  t.db
    .insert(signingDevices)
    .values({
      ...owner,
      kind,
      certificateChain: "[]",
      certificateSha256: sha,
      subjectName: "CN=test",
      notAfter,
      modulePath: null,
      tokenLabel: "t",
      keyLabel: "k",
      updatedAt: MONDAY,
    })
    .run();
}

beforeAll(async () => {
  t = createTestDb();
  const units = seedDirectory(t.db);
  const province = units.get("Ủy ban nhân dân tỉnh Cà Mau")!;
  const office = units.get("Văn phòng UBND tỉnh")!;
  signer = await makeUser(t.db, t.dataDir, { username: "ct", fullName: "Nguyễn Văn An", unitId: province, roles: ["leader"] });
  colleague = await makeUser(t.db, t.dataDir, { username: "pct", fullName: "Phạm Văn Bình", unitId: province, roles: ["leader"] });
  admin = await makeUser(t.db, t.dataDir, { username: "qt", unitId: office, roles: ["admin"] });
  clerk = await makeUser(t.db, t.dataDir, { username: "vt", unitId: office, roles: ["clerk"] });
  otherAdmin = await makeUser(t.db, t.dataDir, { username: "qt.tanthanh", unitId: units.get("Ủy ban nhân dân phường Tân Thành")!, roles: ["admin"] });
  for (const u of [signer, admin, clerk])
    t.db
      .update(users)
      .set({ email: `${u.username}@vpdt.example` })
      .where(eq(users.id, u.id))
      .run();
  // The signer's USB token (own device) expires in 29½ days; a colleague's is a year off.
  device({ userId: signer.id }, "own_device", new Date(MONDAY.getTime() + 29.5 * DAY), "aa");
  device({ userId: colleague.id }, "own_device", new Date(MONDAY.getTime() + 365 * DAY), "bb");
});
afterAll(() => t.cleanup());

describe("certificate expiring", () => {
  test("30 days before: the holder and the organisation's administrators, once; 7 days before: again, once", () => {
    expect(run(MONDAY).certificates).toBe(2);
    const first = "Chứng thư số của Nguyễn Văn An sẽ hết hạn sau 29 ngày (29/12/2026): đề nghị gia hạn với tổ chức cung cấp dịch vụ chứng thực";
    expect(expiring(signer)).toEqual([first]);
    expect(expiring(admin)).toEqual([first]);
    // Not the clerk (not the seal), not another organisation's administrator, not the colleague whose certificate is far off.
    for (const u of [clerk, otherAdmin, colleague]) expect(expiring(u)).toEqual([]);
    // E-mail is on by default for this event: one mail each to the holder and the administrator.
    const mails = t.db.$client.prepare("select to_address a from notification_deliveries where event_type = 'certificate_expiring' order by a").all();
    expect(mails).toEqual([{ a: "ct@vpdt.example" }, { a: "qt@vpdt.example" }]);
    // The next working days (same threshold): nothing more.
    expect(run(new Date(MONDAY.getTime() + DAY)).certificates).toBe(0);
    expect(run(new Date(MONDAY.getTime() + 7 * DAY)).certificates).toBe(0);
    // Wednesday 23/12: 6 days left, the 7-day threshold.
    expect(run(new Date(MONDAY.getTime() + 23 * DAY)).certificates).toBe(2);
    expect(run(new Date(MONDAY.getTime() + 23 * DAY + 3_600_000)).certificates).toBe(0);
    expect(expiring(signer)).toEqual([
      first,
      "Chứng thư số của Nguyễn Văn An sẽ hết hạn sau 6 ngày (29/12/2026): đề nghị gia hạn với tổ chức cung cấp dịch vụ chứng thực",
    ]);
  });

  test("the organisation's seal token reaches the clerks who keep it and the administrators; a renewed certificate starts again", () => {
    const orgId = signer.organizationId;
    device({ organizationId: orgId }, "server_token", new Date(MONDAY.getTime() - 2 * DAY), "cc");
    run(MONDAY);
    const expired = "Chứng thư số của Ủy ban nhân dân tỉnh Cà Mau đã hết hạn (28/11/2026): không thể ký số cho đến khi gia hạn";
    expect(expiring(clerk)).toEqual([expired]);
    // (Listed by time: this run is dated before the previous test's last one, so it is not the newest.)
    expect(expiring(admin)).toContain(expired);
    expect(expiring(colleague)).toEqual([]);
    expect(expiring(otherAdmin)).toEqual([]);
    // Renewed (another certificate on the token), expiring in 7 days: a new notice, not swallowed by the old key.
    t.db
      .update(signingDevices)
      .set({ certificateSha256: "dd", notAfter: new Date(MONDAY.getTime() + 7.2 * DAY) })
      .where(eq(signingDevices.certificateSha256, "cc"))
      .run();
    run(MONDAY);
    expect(expiring(clerk)).toEqual([
      expired,
      "Chứng thư số của Ủy ban nhân dân tỉnh Cà Mau sẽ hết hạn sau 7 ngày (07/12/2026): đề nghị gia hạn với tổ chức cung cấp dịch vụ chứng thực",
    ]);
  });

  test("nothing on a Sunday (the scheduler skips non-working days)", () => {
    device({ userId: colleague.id }, "server_token", new Date(MONDAY.getTime() + 10 * DAY), "ee");
    expect(run(new Date("2026-12-06T01:00:00Z"))).toMatchObject({ skipped: true, certificates: 0 });
    expect(expiring(colleague)).toEqual([]);
  });
});
