import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createTestDb, type TestDb } from "#tests/support/test-db";
import { contextFor, makeUser, seedDirectory } from "#tests/support/factories";
import { findIssuerOf, listUnitsOf, saveOrganization, setOrganizationSeal } from "#app/platform/organizations.server";
import { setCalendarDay, deleteCalendarDay, loadWorkingCalendar, listCalendarDays } from "#app/platform/calendar.server";
import { addWorkingDays } from "#app/domain/shared/working-days";
import { verifyAuditChain, listEntityTrail } from "#app/platform/audit.server";
import type { Actor } from "#app/platform/auth/actor";

let t: TestDb;
let units: Map<string, number>;
let admin: Actor;
let specialist: Actor;
let communeClerk: Actor;

beforeAll(async () => {
  t = createTestDb();
  units = seedDirectory(t.db);
  admin = await makeUser(t.db, t.dataDir, { username: "admin", unitId: units.get("Văn phòng UBND tỉnh")!, roles: ["admin"] });
  specialist = await makeUser(t.db, t.dataDir, {
    username: "cv",
    unitId: units.get("Sở Tư pháp > Phòng Kiểm soát thủ tục hành chính")!,
    roles: ["specialist"],
  });
  communeClerk = await makeUser(t.db, t.dataDir, {
    username: "vt.tt",
    unitId: units.get("Ủy ban nhân dân phường Tân Thành > Văn phòng HĐND-UBND")!,
    roles: ["clerk"],
  });
});
afterAll(() => t.cleanup());

describe("organisation scope", () => {
  test("a user's organisation is the nearest issuing ancestor of their unit", () => {
    expect(specialist.organizationName).toBe("Sở Tư pháp");
    expect(communeClerk.organizationName).toBe("Ủy ban nhân dân phường Tân Thành");
    expect(findIssuerOf(t.db, units.get("Văn phòng UBND tỉnh > Phòng Kinh tế")!).name).toBe("Ủy ban nhân dân tỉnh Cà Mau");
  });

  test("the units of an organisation exclude child issuers (departments, communes)", () => {
    const names = listUnitsOf(t.db, units.get("Ủy ban nhân dân tỉnh Cà Mau")!).map((u) => u.name);
    expect(names).toContain("Văn phòng UBND tỉnh");
    expect(names).toContain("Phòng Kinh tế");
    expect(names).not.toContain("Sở Tư pháp");
    expect(names.some((n) => n.includes("Tân Thành"))).toBe(false);
  });
});

describe("administration", () => {
  test("organisation edits check the identifier shape, uniqueness and the version", () => {
    const ctx = contextFor(t.db, t.dataDir, admin);
    const id = units.get("Sở Tư pháp")!;
    expect(() =>
      saveOrganization(ctx, {
        id,
        version: 1,
        parentId: units.get("Ủy ban nhân dân tỉnh Cà Mau")!,
        name: "Sở Tư pháp",
        kind: "department",
        abbreviation: "STP",
        placeName: "Cà Mau",
        identifier: "12.34",
        parentHeading: null,
      }),
    ).toThrow(/Thông tin chưa hợp lệ/);
    expect(() =>
      saveOrganization(ctx, {
        id,
        version: 1,
        parentId: units.get("Ủy ban nhân dân tỉnh Cà Mau")!,
        name: "Sở Tư pháp",
        kind: "department",
        abbreviation: "STP",
        placeName: "Cà Mau",
        identifier: "000.00.00.H12",
        parentHeading: null,
      }),
    ).toThrow(/Thông tin chưa hợp lệ/);
    const saved = saveOrganization(ctx, {
      id,
      version: 1,
      parentId: units.get("Ủy ban nhân dân tỉnh Cà Mau")!,
      name: "Sở Tư pháp tỉnh Cà Mau",
      kind: "department",
      abbreviation: "STP",
      placeName: "Cà Mau",
      identifier: "000.00.02.H12",
      parentHeading: "UBND TỈNH CÀ MAU",
    });
    expect(saved.version).toBe(2);
    expect(() =>
      saveOrganization(ctx, {
        id,
        version: 1,
        parentId: null,
        name: "x",
        kind: "department",
        abbreviation: "STP",
        placeName: "Cà Mau",
        identifier: null,
        parentHeading: null,
      }),
    ).toThrow(/người khác thay đổi/);
    const trail = listEntityTrail(t.db, "organization", id);
    expect(trail.map((e) => e.action)).toEqual(["organization.update"]);
  });

  test("a seal upload must be a PNG", () => {
    const ctx = contextFor(t.db, t.dataDir, admin);
    expect(() => setOrganizationSeal(ctx, { organizationId: units.get("Sở Tư pháp")!, png: new TextEncoder().encode("%PDF-1.7 not an image") })).toThrow(/PNG/);
  });

  test("the working-day calendar is editable, audited and drives deadline arithmetic", () => {
    const ctx = contextFor(t.db, t.dataDir, admin);
    // Friday 2027-01-01 is a holiday; Saturday 2027-01-09 is worked in exchange.
    setCalendarDay(ctx, { date: "2027-01-01", kind: "holiday", name: "Tết Dương lịch" });
    expect(() => setCalendarDay(ctx, { date: "2027-01-05", kind: "working", name: "Sai" })).toThrow(/thứ Bảy hoặc Chủ nhật/);
    expect(() => setCalendarDay(ctx, { date: "2027-02-30", kind: "holiday", name: "Sai" })).toThrow(/không hợp lệ/);
    const calendar = loadWorkingCalendar(t.db);
    // From Thursday 31/12/2026, one working day later skips the holiday and the weekend.
    expect(addWorkingDays(calendar, "2026-12-31", 1)).toBe("2027-01-04");
    expect(listCalendarDays(t.db, 2027).map((d) => d.date)).toContain("2027-01-01");
    deleteCalendarDay(ctx, "2027-01-01");
    expect(addWorkingDays(loadWorkingCalendar(t.db), "2026-12-31", 1)).toBe("2027-01-01");
    expect(verifyAuditChain(t.db).ok).toBe(true);
  });
});
