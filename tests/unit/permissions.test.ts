import { describe, expect, test } from "vitest";
import { PERMISSIONS, ROLES, ROLE_KEYS } from "#db/reference-data";
import { userHasPermission, userHasRole } from "#app/platform/auth/actor";

describe("roles and permissions (DESIGN.md §3)", () => {
  test("every role grants only permissions that exist", () => {
    for (const key of ROLE_KEYS) {
      for (const p of ROLES[key].permissions) expect(Object.keys(PERMISSIONS)).toContain(p);
    }
  });

  test("only the clerk registers incoming documents and issues outgoing ones", () => {
    const holders = (p: string) => ROLE_KEYS.filter((k) => (ROLES[k].permissions as string[]).includes(p));
    expect(holders("register:incoming")).toEqual(["clerk"]);
    expect(holders("issue:outgoing")).toEqual(["clerk"]);
  });

  test("routing belongs to the office lead, signing to the leader, admin pages to the admin", () => {
    const holders = (p: string) => ROLE_KEYS.filter((k) => (ROLES[k].permissions as string[]).includes(p));
    expect(holders("route:incoming")).toEqual(["office_lead"]);
    expect(holders("sign:outgoing")).toEqual(["leader"]);
    expect(holders("manage:users")).toEqual(["admin"]);
    expect(holders("manage:trust")).toEqual(["admin"]);
    expect(holders("manage:plan")).toEqual(["plan_manager"]);
    expect(holders("review:outgoing:dept")).toEqual(["dept_lead"]);
    expect(holders("review:outgoing:office")).toEqual(["office_lead"]);
  });

  test("a specialist holds no administrative permission", () => {
    const specialist = { permissions: ROLES.specialist.permissions as string[], roles: ["specialist"] };
    expect(userHasPermission(specialist, "manage:users")).toBe(false);
    expect(userHasPermission(specialist, "manage:organizations")).toBe(false);
    expect(userHasPermission(specialist, "handle:incoming")).toBe(true);
    expect(userHasRole(specialist, "specialist")).toBe(true);
    expect(userHasPermission(null, "view:dashboard")).toBe(false);
  });

  test("every role can see the dashboard", () => {
    for (const key of ROLE_KEYS) expect(ROLES[key].permissions).toContain("view:dashboard");
  });
});
