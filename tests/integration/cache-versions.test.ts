// The per-process caches of the signed-in user and of an organisation's units (app/platform/cache-versions.server.ts)
// must never serve what another process has changed: a second connection to the same file stands for another
// cluster worker or the CLI, and every change below goes through it (or through the service, in this process).
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createTestDb, type TestDb } from "#tests/support/test-db";
import { contextFor, makeUser, seedDirectory } from "#tests/support/factories";
import { loadActor } from "#app/platform/auth/actor.server";
import { listUnitsOf, saveOrganization } from "#app/platform/organizations.server";
import { updateUser } from "#app/platform/users.server";
import { cacheVersion } from "#app/platform/cache-versions.server";
import { loadWorkingCalendar, setCalendarDay } from "#app/platform/calendar.server";
import { isWorkingDay } from "#app/domain/shared/working-days";
import type { Actor } from "#app/platform/auth/actor";

let t: TestDb;
let other: Database.Database;
let units: Map<string, number>;
let admin: Actor;
let clerk: Actor;
const province = () => units.get("Ủy ban nhân dân tỉnh Cà Mau")!;
const office = () => units.get("Văn phòng UBND tỉnh")!;

beforeAll(async () => {
  t = createTestDb();
  units = seedDirectory(t.db);
  admin = await makeUser(t.db, t.dataDir, { username: "admin", unitId: office(), roles: ["admin"] });
  clerk = await makeUser(t.db, t.dataDir, { username: "vanthu", unitId: office(), roles: ["clerk"] });
  other = new Database(t.dbPath);
});

afterAll(() => {
  other.close();
  t.cleanup();
});

describe("the signed-in user (loadActor)", () => {
  test("a role taken away in another process is gone at the next load; a deactivated user loads as null", () => {
    const before = loadActor(t.db, clerk.id)!;
    expect(before.roles).toEqual(["clerk"]);
    expect(before.permissions).toContain("register:incoming");
    // A second load with no change in between is served from the cache and equal.
    expect(loadActor(t.db, clerk.id)).toEqual(before);

    other.prepare("update user_roles set role_key = 'specialist' where user_id = ?").run(clerk.id);
    const after = loadActor(t.db, clerk.id)!;
    expect(after.roles).toEqual(["specialist"]);
    expect(after.permissions).not.toContain("register:incoming");

    other.prepare("update users set is_active = 0 where id = ?").run(clerk.id);
    expect(loadActor(t.db, clerk.id)).toBeNull();
    other.prepare("update users set is_active = 1 where id = ?").run(clerk.id);
    other.prepare("update user_roles set role_key = 'clerk' where user_id = ?").run(clerk.id);
    expect(loadActor(t.db, clerk.id)!.roles).toEqual(["clerk"]);
  });

  test("a permission removed from a role, and a renamed unit, show at the next load", () => {
    other.prepare("delete from role_permissions where role_key = 'clerk' and permission_key = 'register:incoming'").run();
    try {
      expect(loadActor(t.db, clerk.id)!.permissions).not.toContain("register:incoming");
    } finally {
      other.prepare("insert into role_permissions (role_key, permission_key) values ('clerk', 'register:incoming')").run();
    }
    expect(loadActor(t.db, clerk.id)!.permissions).toContain("register:incoming");

    other.prepare("update organizations set name = 'Văn phòng UBND tỉnh (đổi tên)' where id = ?").run(office());
    expect(loadActor(t.db, clerk.id)!.unitName).toBe("Văn phòng UBND tỉnh (đổi tên)");
    other.prepare("update organizations set name = 'Văn phòng UBND tỉnh' where id = ?").run(office());
    expect(loadActor(t.db, clerk.id)!.unitName).toBe("Văn phòng UBND tỉnh");
  });

  test("an admin's edit through the service is seen at once, and changing a loaded actor does not change the next", () => {
    const row = t.db.$client.prepare("select version from users where id = ?").get(clerk.id) as { version: number };
    updateUser(contextFor(t.db, t.dataDir, admin), {
      userId: clerk.id,
      version: row.version,
      fullName: "Nguyễn Văn Thư",
      title: null,
      email: null,
      unitId: office(),
      roles: ["clerk", "specialist"],
      isActive: true,
    });
    const loaded = loadActor(t.db, clerk.id)!;
    expect(loaded.fullName).toBe("Nguyễn Văn Thư");
    expect(loaded.roles.sort()).toEqual(["clerk", "specialist"]);
    loaded.roles.push("admin");
    loaded.permissions.push("admin:users");
    const again = loadActor(t.db, clerk.id)!;
    expect(again.roles).not.toContain("admin");
    expect(again.permissions).not.toContain("admin:users");
  });

  test("a change rolled back is never served, even when the next change brings the counter to the same number", () => {
    const name = () => loadActor(t.db, clerk.id)!.fullName;
    const before = name();
    // Inside a transaction that renames the clerk and then fails, the read sees the new name...
    expect(() =>
      t.db.transaction(() => {
        t.db.$client.prepare("update users set full_name = 'Tên bị hủy' where id = ?").run(clerk.id);
        expect(name()).toBe("Tên bị hủy");
        throw new Error("rolled back");
      }),
    ).toThrow("rolled back");
    // ...and after a committed change elsewhere (the counter is one above where it was before the failed
    // transaction, the number that transaction saw), the committed name is read.
    other.prepare("update users set title = 'Văn thư' where id = ?").run(clerk.id);
    expect(name()).toBe(before);
  });
});

describe("an organisation's units (listUnitsOf)", () => {
  test("a unit added, renamed or moved in another process is listed at the next call", () => {
    const first = listUnitsOf(t.db, province());
    expect(listUnitsOf(t.db, province())).toBe(first); // served from the cache: the same frozen list
    expect(Object.isFrozen(first)).toBe(true);
    const names = first.map((u) => u.name);
    expect(names).toContain("Văn phòng UBND tỉnh");

    const now = Date.now();
    const added = other
      .prepare(
        "insert into organizations (parent_id, name, kind, abbreviation, is_active, version, created_at, updated_at) values (?, 'Phòng Thử nghiệm', 'unit', 'TN', 1, 1, ?, ?)",
      )
      .run(office(), now, now).lastInsertRowid as number;
    expect(listUnitsOf(t.db, province()).map((u) => u.name)).toContain("Phòng Thử nghiệm");

    other.prepare("update organizations set name = 'Phòng Thử nghiệm 2' where id = ?").run(added);
    const renamed = listUnitsOf(t.db, province()).map((u) => u.name);
    expect(renamed).toContain("Phòng Thử nghiệm 2");
    expect(renamed).not.toContain("Phòng Thử nghiệm");

    // Moved under another organisation (a commune): no longer one of the province's units.
    const commune = units.get("Ủy ban nhân dân phường Tân Thành")!;
    other.prepare("update organizations set parent_id = ? where id = ?").run(commune, added);
    expect(listUnitsOf(t.db, province()).map((u) => u.id)).not.toContain(added);
    expect(listUnitsOf(t.db, commune).map((u) => u.id)).toContain(added);

    other.prepare("delete from organizations where id = ?").run(added);
    expect(listUnitsOf(t.db, commune).map((u) => u.id)).not.toContain(added);
  });

  test("a change through the service bumps the directory's version in the same transaction", () => {
    const before = cacheVersion(t.db, "directory")!;
    const org = t.db.$client.prepare("select * from organizations where id = ?").get(office()) as Record<string, unknown>;
    saveOrganization(contextFor(t.db, t.dataDir, admin), {
      id: office(),
      version: org.version as number,
      parentId: province(),
      name: "Văn phòng Ủy ban nhân dân tỉnh",
      kind: "unit",
      abbreviation: org.abbreviation as string,
      placeName: null,
      identifier: null,
      parentHeading: null,
    });
    expect(cacheVersion(t.db, "directory")!).toBeGreaterThan(before);
    expect(listUnitsOf(t.db, province()).map((u) => u.name)).toContain("Văn phòng Ủy ban nhân dân tỉnh");
  });
});

describe("the working-day calendar (loadWorkingCalendar)", () => {
  test("a holiday added or removed in another process, or through the admin's service, counts at the next load", () => {
    // 2030-03-13 is a Wednesday with no entry in the seeded public calendar.
    const day = "2030-03-13";
    const first = loadWorkingCalendar(t.db);
    expect(isWorkingDay(first, day)).toBe(true);
    // Unchanged table: the same object, not read again.
    expect(loadWorkingCalendar(t.db)).toBe(first);

    const before = cacheVersion(t.db, "calendar")!;
    other.prepare("insert into calendar_days (date, kind, name, updated_at) values (?, 'holiday', 'Nghỉ bù', ?)").run(day, Date.now());
    expect(cacheVersion(t.db, "calendar")).toBe(before + 1);
    expect(isWorkingDay(loadWorkingCalendar(t.db), day)).toBe(false);

    other.prepare("delete from calendar_days where date = ?").run(day);
    expect(isWorkingDay(loadWorkingCalendar(t.db), day)).toBe(true);

    // A Saturday made a working day through the service (an audited write in this process).
    setCalendarDay(contextFor(t.db, t.dataDir, admin), { date: "2030-03-16", kind: "working", name: "Làm bù" });
    expect(isWorkingDay(loadWorkingCalendar(t.db), "2030-03-16")).toBe(true);
  });
});
