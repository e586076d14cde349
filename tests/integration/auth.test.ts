import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { eq } from "drizzle-orm";

// Route-level helpers read DATA_DIR through env.server; set it before the first import.
const dataDir = mkdtempSync(join(tmpdir(), "vpdt-auth-"));
process.env.DATA_DIR = dataDir;
process.env.SESSION_SECRET = "test-secret-0123456789abcdef";

const { getDb } = await import("#app/db.server");
const { seedDirectory, makeUser, contextFor } = await import("#tests/support/factories");
const { signIn, signOut } = await import("#app/platform/auth/sign-in.server");
const { getOptionalAuth, requirePermission, assertSameOrigin, requireAuth } = await import("#app/platform/auth/auth.server");
const { authenticate, LOGIN_FAILED_MESSAGE, LOGIN_LOCKED_MESSAGE, LOGIN_POLICY } = await import("#app/platform/auth/sign-in.server");
const { SESSION_IDLE_MS, SESSION_ABSOLUTE_MS, getActiveSession } = await import("#app/platform/auth/sessions.server");
const { changeOwnPassword, updateUser, getUserForAdmin, resetUserPassword } = await import("#app/platform/users.server");
const { listActiveSessions, endOtherSessions } = await import("#app/platform/auth/sessions.server");
const { verifyAuditChain } = await import("#app/platform/audit.server");
const schema = await import("#db/schema/index");

const db = getDb();
let units: Map<string, number>;

beforeAll(async () => {
  units = seedDirectory(db);
  await makeUser(db, dataDir, { username: "vanthu", unitId: units.get("Văn phòng UBND tỉnh")!, roles: ["clerk"] });
  await makeUser(db, dataDir, { username: "chuyenvien", unitId: units.get("Văn phòng UBND tỉnh > Phòng Kinh tế")!, roles: ["specialist"] });
  await makeUser(db, dataDir, { username: "admin", unitId: units.get("Văn phòng UBND tỉnh")!, roles: ["admin"] });
  await makeUser(db, dataDir, { username: "locked.user", unitId: units.get("Văn phòng UBND tỉnh")!, roles: ["clerk"] });
  await makeUser(db, dataDir, { username: "tanthanh", unitId: units.get("Ủy ban nhân dân phường Tân Thành > Văn phòng HĐND-UBND")!, roles: ["clerk"] });
});

afterAll(() => db.$client.close());

const BASE = "http://127.0.0.1:3000";

function requestWithCookie(cookieHeader: string, path = "/", init: RequestInit = {}) {
  const cookie = cookieHeader.split(";")[0];
  return new Request(`${BASE}${path}`, { ...init, headers: { ...(init.headers as Record<string, string>), Cookie: cookie } });
}

async function login(username: string, password = "demo", ip = "10.0.0.1") {
  return signIn({ request: new Request(`${BASE}/login`, { method: "POST" }), username, password, ipAddress: ip });
}

describe("sign-in", () => {
  test("a correct password opens a session the next request recognises", async () => {
    const result = await login("vanthu");
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.cookie).toMatch(/HttpOnly/i);
    expect(result.cookie).toMatch(/SameSite=Lax/i);
    expect(result.cookie).not.toMatch(/Secure/i); // plain http on loopback
    const auth = await getOptionalAuth(requestWithCookie(result.cookie));
    expect(auth?.actor.username).toBe("vanthu");
    expect(auth?.actor.permissions).toContain("register:incoming");
    expect(auth?.actor.organizationName).toBe("Ủy ban nhân dân tỉnh Cà Mau");
  });

  test("the cookie is Secure with the __Host- prefix over HTTPS", async () => {
    const result = await signIn({
      request: new Request("https://vpdt.camau.gov.vn/login", { method: "POST" }),
      username: "vanthu",
      password: "demo",
      ipAddress: "10.0.0.2",
    });
    expect(result.ok && result.cookie).toMatch(/^__Host-vpdt_session=.*Secure/i);
  });

  test("unknown user and wrong password get the same message", async () => {
    const unknown = await login("nobody", "demo", "10.0.1.1");
    const wrong = await login("vanthu", "not-the-password", "10.0.1.2");
    expect(unknown.ok).toBe(false);
    expect(wrong.ok).toBe(false);
    if (unknown.ok || wrong.ok) return;
    expect(unknown.message).toBe(LOGIN_FAILED_MESSAGE);
    expect(wrong.message).toBe(unknown.message);
  });

  test("a forged or missing cookie is not a session", async () => {
    expect(await getOptionalAuth(new Request(BASE))).toBeNull();
    expect(await getOptionalAuth(new Request(BASE, { headers: { Cookie: "vpdt_session=forged" } }))).toBeNull();
  });
});

describe("login rate limit", () => {
  test(`${LOGIN_POLICY.maxFailuresPerAccount} failures lock the account, even for the right password, and it is audited`, async () => {
    for (let i = 0; i < LOGIN_POLICY.maxFailuresPerAccount; i++) {
      const r = await login("locked.user", "wrong-password", `10.1.0.${i}`);
      expect(r.ok).toBe(false);
    }
    const blocked = await login("locked.user", "demo", "10.1.0.99");
    expect(blocked).toMatchObject({ ok: false, reason: "locked", message: LOGIN_LOCKED_MESSAGE });
    const audit = db.select().from(schema.auditEvents).where(eq(schema.auditEvents.entityId, "locked.user")).all();
    expect(audit.filter((a) => a.action === "auth.login_failed")).toHaveLength(LOGIN_POLICY.maxFailuresPerAccount);
    expect(audit.some((a) => a.action === "auth.login_locked")).toBe(true);
  });

  test("the lock ends after the window", async () => {
    const later = new Date(Date.now() + LOGIN_POLICY.windowMs + 1000);
    const r = await authenticate(db, { username: "locked.user", password: "demo", ipAddress: "10.1.0.100", now: later });
    expect(r.ok).toBe(true);
  });

  test(`${LOGIN_POLICY.maxFailuresPerAddress} failures from one address lock that address for every account`, async () => {
    const ip = "10.2.0.1";
    for (let i = 0; i < LOGIN_POLICY.maxFailuresPerAddress; i++) await login(`spray${i}`, "x", ip);
    const blocked = await login("vanthu", "demo", ip);
    expect(blocked).toMatchObject({ ok: false, reason: "locked" });
    const elsewhere = await login("vanthu", "demo", "10.2.0.2");
    expect(elsewhere.ok).toBe(true);
  });
});

describe("sessions", () => {
  test("idle timeout (30 min) and absolute timeout (12 h)", async () => {
    const result = await login("chuyenvien");
    if (!result.ok) throw new Error("login failed");
    const request = requestWithCookie(result.cookie);
    const now = Date.now();
    expect(await getActiveSession(db, request, dataDir, new Date(now + SESSION_IDLE_MS - 5000))).not.toBeNull();
    // The previous call touched last_seen_at; idle counts from there.
    expect(await getActiveSession(db, request, dataDir, new Date(now + 2 * SESSION_IDLE_MS))).toBeNull();
    expect(await getActiveSession(db, request, dataDir, new Date(now + SESSION_ABSOLUTE_MS + 1))).toBeNull();
  });

  test("logout revokes the session on the server", async () => {
    const result = await login("chuyenvien");
    if (!result.ok) throw new Error("login failed");
    const request = requestWithCookie(result.cookie, "/logout", { method: "POST" });
    await signOut(request, "10.0.0.1");
    expect(await getOptionalAuth(requestWithCookie(result.cookie))).toBeNull();
  });

  test("changing the password ends the other sessions but keeps the current one", async () => {
    const a = await login("tanthanh");
    const b = await login("tanthanh");
    if (!a.ok || !b.ok) throw new Error("login failed");
    const authA = await getOptionalAuth(requestWithCookie(a.cookie));
    await changeOwnPassword(contextFor(db, dataDir, authA!.actor), {
      currentPassword: "demo",
      newPassword: "Tan-Thanh-2025-mua-nuoc",
      currentSessionId: authA!.sessionId,
    });
    expect(await getOptionalAuth(requestWithCookie(a.cookie))).not.toBeNull();
    expect(await getOptionalAuth(requestWithCookie(b.cookie))).toBeNull();
    expect((await login("tanthanh", "demo")).ok).toBe(false);
    expect((await login("tanthanh", "Tan-Thanh-2025-mua-nuoc", "10.9.9.9")).ok).toBe(true);
  });

  test("deactivating a user ends their sessions and blocks sign-in", async () => {
    const s = await login("vanthu", "demo", "10.3.0.1");
    if (!s.ok) throw new Error("login failed");
    const adminAuth = await login("admin", "demo", "10.3.0.2");
    if (!adminAuth.ok) throw new Error("login failed");
    const admin = (await getOptionalAuth(requestWithCookie(adminAuth.cookie)))!.actor;
    const target = getUserForAdmin(db, (await getOptionalAuth(requestWithCookie(s.cookie)))!.actor.id);
    updateUser(contextFor(db, dataDir, admin), {
      userId: target.id,
      version: target.version,
      fullName: target.fullName,
      title: target.title,
      email: null,
      unitId: target.unitId,
      roles: target.roles as never,
      isActive: false,
    });
    expect(await getOptionalAuth(requestWithCookie(s.cookie))).toBeNull();
    expect((await login("vanthu", "demo", "10.3.0.3")).ok).toBe(false);
    const fresh = getUserForAdmin(db, target.id);
    updateUser(contextFor(db, dataDir, admin), {
      userId: target.id,
      version: fresh.version,
      fullName: target.fullName,
      title: target.title,
      email: null,
      unitId: target.unitId,
      roles: target.roles as never,
      isActive: true,
    });
  });

  test("a stale admin form (old version) is refused as a conflict", async () => {
    const adminAuth = await login("admin", "demo", "10.3.1.2");
    if (!adminAuth.ok) throw new Error("login failed");
    const admin = (await getOptionalAuth(requestWithCookie(adminAuth.cookie)))!.actor;
    const target = getUserForAdmin(db, admin.id - 1);
    const update = () =>
      updateUser(contextFor(db, dataDir, admin), {
        userId: target.id,
        version: target.version,
        fullName: "Tên mới",
        title: null,
        email: null,
        unitId: target.unitId,
        roles: target.roles as never,
        isActive: true,
      });
    update();
    expect(update).toThrow(/người khác cập nhật/);
  });
});

describe("admin reset and session list", () => {
  test("after an admin reset the user must change the password before anything else", async () => {
    await makeUser(db, dataDir, { username: "reset.me", unitId: units.get("Văn phòng UBND tỉnh")!, roles: ["clerk"] });
    const adminLogin = await login("admin", "demo", "10.5.0.1");
    if (!adminLogin.ok) throw new Error("login failed");
    const admin = (await getOptionalAuth(requestWithCookie(adminLogin.cookie)))!.actor;
    const target = (await import("#app/platform/users.server")).findUserByUsername(db, "reset.me")!;
    await resetUserPassword(contextFor(db, dataDir, admin), { userId: target.id, newPassword: "Tam-thoi-Ca-Mau-2025" });
    const r = await login("reset.me", "Tam-thoi-Ca-Mau-2025", "10.5.0.2");
    expect(r).toMatchObject({ ok: true, mustChangePassword: true });
    if (!r.ok) return;
    const thrown = await requireAuth(requestWithCookie(r.cookie, "/incoming")).catch((e: unknown) => e);
    expect((thrown as Response).headers.get("Location")).toBe("/account?changePassword=1");
    await expect(requireAuth(requestWithCookie(r.cookie, "/account"))).resolves.toBeTruthy();
  });

  test("a user sees their sessions and can end the others", async () => {
    const a = await login("admin", "demo", "10.6.0.1");
    const b = await login("admin", "demo", "10.6.0.2");
    if (!a.ok || !b.ok) throw new Error("login failed");
    const authA = (await getOptionalAuth(requestWithCookie(a.cookie)))!;
    const before = listActiveSessions(db, authA.actor.id, authA.sessionId, new Date());
    expect(before.filter((s) => s.isCurrent)).toHaveLength(1);
    expect(before.length).toBeGreaterThanOrEqual(2);
    endOtherSessions(contextFor(db, dataDir, authA.actor), authA.sessionId);
    expect(listActiveSessions(db, authA.actor.id, authA.sessionId, new Date())).toHaveLength(1);
    expect(await getOptionalAuth(requestWithCookie(b.cookie))).toBeNull();
  });
});

describe("authorization and CSRF", () => {
  test("a specialist asking for an admin permission gets 404, not 403", async () => {
    const s = await login("chuyenvien", "demo", "10.4.0.1");
    if (!s.ok) throw new Error("login failed");
    const thrown = await requirePermission(requestWithCookie(s.cookie, "/admin/users"), "manage:users").catch((e: unknown) => e);
    expect(thrown).toBeInstanceOf(Response);
    expect((thrown as Response).status).toBe(404);
  });

  test("an anonymous request is redirected to the login page with redirectTo", async () => {
    const thrown = await requireAuth(new Request(`${BASE}/incoming?q=abc`)).catch((e: unknown) => e);
    expect((thrown as Response).status).toBe(302);
    expect((thrown as Response).headers.get("Location")).toBe("/login?redirectTo=%2Fincoming%3Fq%3Dabc");
  });

  test("a cross-site POST is refused; same-origin and header-less ones pass", () => {
    const post = (headers: Record<string, string>) => new Request(`${BASE}/account`, { method: "POST", headers });
    expect(() => assertSameOrigin(post({ Origin: "https://evil.example" }))).toThrow();
    expect(() => assertSameOrigin(post({ "Sec-Fetch-Site": "cross-site" }))).toThrow();
    expect(() => assertSameOrigin(post({ Origin: BASE }))).not.toThrow();
    expect(() => assertSameOrigin(new Request(`${BASE}/x`, { headers: { Origin: "https://evil.example" } }))).not.toThrow();
  });
});

describe("audit chain", () => {
  test("every failure and success above left a verifiable chain; tampering is detected", () => {
    const ok = verifyAuditChain(db);
    expect(ok.ok).toBe(true);
    expect(ok.checked).toBeGreaterThan(20);
    const victim = db.select().from(schema.auditEvents).where(eq(schema.auditEvents.action, "auth.login_failed")).get()!;
    db.$client.prepare("UPDATE audit_events SET comment = 'sửa' WHERE id = ?").run(victim.id);
    const broken = verifyAuditChain(db);
    expect(broken).toMatchObject({ ok: false, firstBrokenId: victim.id });
    db.$client.prepare("UPDATE audit_events SET comment = NULL WHERE id = ?").run(victim.id);
    expect(verifyAuditChain(db).ok).toBe(true);
    db.$client.prepare("DELETE FROM audit_events WHERE id = ?").run(victim.id + 1);
    expect(verifyAuditChain(db)).toMatchObject({ ok: false, firstBrokenId: victim.id + 2 });
  });
});
