import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";

// Route modules read DATA_DIR through env.server: set it before the first import.
const dataDir = mkdtempSync(join(tmpdir(), "vpdt-boundaries-auth-"));
process.env.DATA_DIR = dataDir;
process.env.SESSION_SECRET = "test-secret-0123456789abcdef";

const { getDb } = await import("#app/db.server");
const { responseOf, sessionCookie } = await import("#tests/support/route-calls");
const { seedDirectory, makeUser } = await import("#tests/support/factories");
const { authenticate, LOGIN_POLICY } = await import("#app/platform/auth/sign-in.server");
const { signIn } = await import("#app/platform/auth/sign-in.server");
const { CLIENT_ADDRESS_HEADER, assertSameOrigin } = await import("#app/platform/auth/auth.server");
const loginRoute = await import("#app/routes/login");

const BASE = "http://127.0.0.1:3000";
const db = getDb();
let cookie = "";

beforeAll(async () => {
  const units = seedDirectory(db);
  await makeUser(db, dataDir, { username: "vanthu", unitId: units.get("Văn phòng UBND tỉnh")!, roles: ["clerk"] });
  await makeUser(db, dataDir, { username: "parallel", unitId: units.get("Văn phòng UBND tỉnh")!, roles: ["clerk"] });
  const result = await signIn({ request: new Request(`${BASE}/login`, { method: "POST" }), username: "vanthu", password: "demo", ipAddress: "10.9.0.1" });
  if (!result.ok) throw new Error("sign-in failed");
  cookie = result.cookie.split(";")[0];
});
afterAll(() => db.$client.close());

function loginPost(redirectTo: string, ip: string) {
  const body = new URLSearchParams({ username: "vanthu", password: "demo", redirectTo });
  return new Request(`${BASE}/login`, { method: "POST", body, headers: { Origin: BASE, [CLIENT_ADDRESS_HEADER]: ip } });
}

describe("redirect after login stays on this site", () => {
  const hostile = [
    "/\t/evil.example",
    "/\n/evil.example",
    "/\\evil.example",
    "/\\/evil.example",
    "//evil.example",
    "/%0a\r/evil",
    "https://evil.example",
    "/ok\\..\\evil",
  ];

  test.each(hostile)("the action refuses %j and goes home", async (target) => {
    const response = await responseOf(() => loginRoute.action({ request: loginPost(target, "10.9.1.1"), params: {}, context: {} }));
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe("/");
  });

  test("a same-site path with a query is kept", async () => {
    const response = await responseOf(() => loginRoute.action({ request: loginPost("/incoming?tab=mine", "10.9.1.2"), params: {}, context: {} }));
    expect(response.headers.get("location")).toBe("/incoming?tab=mine");
  });

  test("a signed-in user visiting /login with a newline or tab in redirectTo gets a redirect home, not a 500", async () => {
    for (const target of ["/a\nb", "/\t/evil.example"]) {
      const url = `${BASE}/login?${new URLSearchParams({ redirectTo: target })}`;
      const response = await responseOf(() => loginRoute.loader({ request: new Request(url, { headers: { Cookie: cookie } }), params: {}, context: {} }));
      expect(response.status).toBe(302);
      expect(response.headers.get("location")).toBe("/");
    }
  });
});

describe("same-origin check", () => {
  test("Origin: null is refused with 403, like another site", () => {
    const refused = (origin: string) => {
      try {
        assertSameOrigin(new Request(`${BASE}/incoming/new`, { method: "POST", headers: { Origin: origin } }));
        return null;
      } catch (e) {
        return e instanceof Response ? e.status : e;
      }
    };
    expect(refused("null")).toBe(403);
    expect(refused("https://evil.example")).toBe(403);
    expect(refused(BASE)).toBeNull();
  });
});

describe("login throttling under parallel attempts", () => {
  test(`8 parallel wrong passwords: only ${LOGIN_POLICY.maxFailuresPerAccount} are checked, the rest are refused as locked`, async () => {
    const now = new Date();
    const results = await Promise.all(
      Array.from({ length: 8 }, (_, i) => authenticate(db, { username: "parallel", password: `wrong-${i}`, ipAddress: `10.9.2.${i}`, now })),
    );
    const invalid = results.filter((r) => !r.ok && r.reason === "invalid").length;
    const locked = results.filter((r) => !r.ok && r.reason === "locked").length;
    expect({ invalid, locked }).toEqual({ invalid: LOGIN_POLICY.maxFailuresPerAccount, locked: 8 - LOGIN_POLICY.maxFailuresPerAccount });
    // Only the checked passwords were audited as wrong.
    const audited = db.$client.prepare("select count(*) n from audit_events where action = 'auth.login_failed' and entity_id = 'parallel'").get() as {
      n: number;
    };
    expect(audited.n).toBe(LOGIN_POLICY.maxFailuresPerAccount);
  });

  test("a correct password after a reservation still signs in (the reserved row becomes the success)", async () => {
    const result = await authenticate(db, { username: "vanthu", password: "demo", ipAddress: "10.9.3.1", now: new Date() });
    expect(result.ok).toBe(true);
  });
});
