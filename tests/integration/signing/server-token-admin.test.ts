// The administrator's form for the organisation's seal key on a server PKCS#11 token (Quản trị → Cơ quan), through
// the real route module and a real SoftHSM2 token: only organisation managers reach it; a wrong PIN, a wrong token
// or key label, a module outside PKCS11_MODULES, an unfit PIN variable and a unit (not an issuing organisation) are
// refused in Vietnamese with nothing saved; a right PIN (typed, or from a named server variable) makes a verified
// test signature before the slot is saved; replacing and disabling are audited in the same transaction; the PIN is
// never stored, audited or sent back.
import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";

// Route modules read DATA_DIR through env.server: set it before the first import.
const dataDir = mkdtempSync(join(tmpdir(), "vpdt-server-token-"));
process.env.DATA_DIR = dataDir;

const { getDb } = await import("#app/db.server");
const { resetEnvCache } = await import("#app/env.server");
const { responseOf, sessionCookie } = await import("#tests/support/route-calls");
const { seedDirectory, makeUser } = await import("#tests/support/factories");
const { DEMO_CERTIFICATE_PASSPHRASE, ensureDemoCa, issueDemoP12 } = await import("#app/platform/signing/document-signing.server");
const { createSoftHsmToken, softHsmKeyFromP12 } = await import("#tests/support/softhsm");
const { SigningMessages } = await import("#app/messages/signing");
const route = await import("#app/routes/admin.organizations.$organizationId");
const sealDeviceRoute = await import("#app/routes/resources.organization.seal-device");
const deviceIssueRoute = await import("#app/routes/resources.outgoing.$documentId.device-issue");

resetEnvCache();
const BASE = "http://127.0.0.1:3000";
const db = getDb();
const cookies: Record<string, string> = {};
// Distinctive, so a scan of the database files cannot match by chance.
const PIN = "Pin#739150";
let token: ReturnType<typeof createSoftHsmToken>;
let provinceId: number;
let unitId: number;
let provinceName: string;

beforeAll(async () => {
  const units = seedDirectory(db);
  provinceName = "Ủy ban nhân dân tỉnh Cà Mau";
  provinceId = units.get(provinceName)!;
  unitId = units.get("Văn phòng UBND tỉnh")!;
  await makeUser(db, dataDir, { username: "admin", unitId, roles: ["admin"] });
  await makeUser(db, dataDir, { username: "vanthu", unitId, roles: ["clerk"] });
  await makeUser(db, dataDir, { username: "chutich", unitId: provinceId, roles: ["leader"] });
  for (const username of ["admin", "vanthu", "chutich"]) cookies[username] = await sessionCookie(username, { ipAddress: "10.8.0.3" });
  const ca = ensureDemoCa(dataDir);
  const seal = issueDemoP12(ca, { commonName: provinceName, organization: provinceName, kind: "organization" });
  const renewed = issueDemoP12(ca, { commonName: `${provinceName} (gia hạn)`, organization: provinceName, kind: "organization" });
  token = createSoftHsmToken({
    tokenLabel: "HSM UBND",
    pin: PIN,
    keys: [
      softHsmKeyFromP12(seal, DEMO_CERTIFICATE_PASSPHRASE, "con-dau", "c1"),
      softHsmKeyFromP12(renewed, DEMO_CERTIFICATE_PASSPHRASE, "con-dau-2025", "c2"),
    ],
  });
}, 120_000);
afterAll(() => {
  db.$client.close();
  token?.cleanup();
  delete process.env.PKCS11_PIN_UBND;
});

const url = (orgId: number) => `${BASE}/admin/organizations/${orgId}`;
const get = (username: string, orgId = provinceId) => new Request(url(orgId), { headers: { Cookie: cookies[username] } });
const post = (username: string, fields: Record<string, string>, orgId = provinceId) =>
  new Request(url(orgId), {
    method: "POST",
    headers: { Cookie: cookies[username], Origin: BASE, "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams(fields),
  });
const call = (request: Request, orgId = provinceId) => responseOf(() => route.action({ request, params: { organizationId: String(orgId) }, context: {} }));
const load = (request: Request, orgId = provinceId) => responseOf(() => route.loader({ request, params: { organizationId: String(orgId) }, context: {} }));

const fields = (over: Record<string, string> = {}) => ({
  intent: "server_token",
  modulePath: token.modulePath,
  tokenLabel: token.tokenLabel,
  keyLabel: "con-dau",
  keyId: "",
  pinSource: "typed",
  pin: PIN,
  ...over,
});
const devices = () =>
  db.$client
    .prepare(
      "select organization_id as organizationId, kind, token_label as tokenLabel, key_label as keyLabel, subject_name as subject from signing_devices order by id",
    )
    .all();
const audits = (action: string) =>
  (
    db.$client.prepare("select actor_id as actorId, detail from audit_events where action = ? order by id").all(action) as { actorId: number; detail: string }[]
  ).map((a) => ({ ...a, detail: JSON.parse(a.detail) }));

async function refusal(response: Response, status = 400) {
  expect(response.status).toBe(status);
  const text = await response.text();
  expect(text).not.toContain(PIN);
  return JSON.parse(text) as { ok: false; formError: string | null; fieldErrors: Record<string, string>; values: Record<string, string> };
}

describe("admin: the organisation's seal on a server PKCS#11 token", () => {
  test("a clerk can neither open the admin page nor register, replace or disable a token", async () => {
    expect((await load(get("vanthu"))).status).toBe(404);
    expect((await call(post("vanthu", fields()))).status).toBe(404);
    expect((await call(post("vanthu", { intent: "disable_device", kind: "server_token" }))).status).toBe(404);
    expect(devices()).toEqual([]);
  });

  test("the clerk's seal-device and device-issue JSON routes: only issue:outgoing reaches them, from the same origin", async () => {
    const json = (username: string, path: string, body: unknown, origin = BASE) =>
      new Request(`${BASE}${path}`, {
        method: "POST",
        headers: { Cookie: cookies[username], Origin: origin, "Content-Type": "application/json" },
        body: JSON.stringify(body),
      });
    const register = (username: string, origin?: string) =>
      responseOf(() =>
        sealDeviceRoute.action({ request: json(username, "/resources/organization/seal-device", { certificates: ["AA=="] }, origin), params: {}, context: {} }),
      );
    const prepare = (username: string) =>
      responseOf(() =>
        deviceIssueRoute.action({
          request: json(username, "/resources/outgoing/1/device-issue", { op: "prepare", certificates: ["AA=="] }),
          params: { documentId: "1" },
          context: {},
        }),
      );
    for (const username of ["admin", "chutich"]) {
      expect((await register(username)).status).toBe(404);
      expect((await prepare(username)).status).toBe(404);
    }
    expect((await register("vanthu", "https://evil.example")).status).toBe(403);
    // The clerk reaches the service, which refuses a certificate that is not one.
    const garbage = await register("vanthu");
    expect(garbage.status).toBe(400);
    expect(devices()).toEqual([]);
  });

  test("wrong PIN, wrong token label, wrong key label: a Vietnamese message, nothing saved, the PIN not echoed", async () => {
    const wrongPin = await refusal(await call(post("admin", fields({ pin: "Pin#000000" }))));
    expect(wrongPin.formError).toBe(SigningMessages.PKCS11_PIN_INCORRECT);
    expect(wrongPin.fieldErrors.pin).toBe(SigningMessages.PKCS11_PIN_INCORRECT);
    expect(wrongPin.values).not.toHaveProperty("pin");
    expect(wrongPin.values.tokenLabel).toBe(token.tokenLabel);

    const wrongToken = await refusal(await call(post("admin", fields({ tokenLabel: "Token khác" }))));
    expect(wrongToken.formError).toBe(SigningMessages.PKCS11_TOKEN_NOT_FOUND);
    const wrongKey = await refusal(await call(post("admin", fields({ keyLabel: "khong-co" }))));
    expect(wrongKey.formError).toBe(SigningMessages.PKCS11_CERT_NOT_FOUND);
    const badKeyId = await refusal(await call(post("admin", fields({ keyLabel: "", keyId: "xyz" }))));
    expect(badKeyId.fieldErrors.keyId).toBe(SigningMessages.KEY_ID_HEX);
    const noPin = await refusal(await call(post("admin", fields({ pin: "" }))));
    expect(noPin.fieldErrors.pin).toBe(SigningMessages.PIN_REQUIRED);
    expect(devices()).toEqual([]);
    expect(audits("signing.device_register")).toEqual([]);
  });

  test("a module outside PKCS11_MODULES, an unfit or empty PIN variable and a unit are refused before the token is touched", async () => {
    const module = await refusal(await call(post("admin", fields({ modulePath: "/tmp/khong-phai-module.so" }))));
    expect(module.fieldErrors.modulePath).toBe(SigningMessages.MODULE_NOT_ALLOWED);
    const secretName = await refusal(await call(post("admin", fields({ pinSource: "env", pin: "", pinVariable: "SESSION_SECRET" }))));
    expect(secretName.fieldErrors.pinVariable).toBe(SigningMessages.PIN_VARIABLE_NAME);
    const unset = await refusal(await call(post("admin", fields({ pinSource: "env", pin: "", pinVariable: "PKCS11_PIN_KHONG_CO" }))));
    expect(unset.fieldErrors.pinVariable).toBe(SigningMessages.PIN_VARIABLE_EMPTY("PKCS11_PIN_KHONG_CO"));
    const unit = await refusal(await call(post("admin", fields(), unitId), unitId));
    expect(unit.formError).toBe(SigningMessages.SEAL_NEEDS_ISSUING_ORGANIZATION);
    expect(devices()).toEqual([]);
  });

  test("register with the typed PIN, replace with a PIN from a named variable, disable: each audited, the PIN nowhere", async () => {
    const saved = await call(post("admin", fields()));
    expect(saved.status).toBe(200);
    expect(await saved.json()).toEqual({ ok: true, message: `Đã ký thử thành công và lưu thiết bị ký số của cơ quan: ${provinceName}.` });
    expect(devices()).toEqual([{ organizationId: provinceId, kind: "server_token", tokenLabel: token.tokenLabel, keyLabel: "con-dau", subject: provinceName }]);
    const page = (await (await load(get("admin"))).json()) as { devices: { serverToken: Record<string, unknown>; modules: string[] } };
    expect(page.devices.serverToken).toMatchObject({
      subjectName: provinceName,
      tokenLabel: token.tokenLabel,
      keyLabel: "con-dau",
      modulePath: token.modulePath,
    });
    expect(page.devices.modules).toContain(token.modulePath);
    expect(JSON.stringify(page)).not.toContain("certificateChain");

    process.env.PKCS11_PIN_UBND = PIN;
    const replaced = await call(post("admin", fields({ keyLabel: "con-dau-2025", pinSource: "env", pin: "", pinVariable: "PKCS11_PIN_UBND" })));
    expect(replaced.status).toBe(200);
    expect(devices()).toEqual([expect.objectContaining({ keyLabel: "con-dau-2025", subject: `${provinceName} (gia hạn)` })]);

    const admin = db.$client.prepare("select id from users where username = 'admin'").get() as { id: number };
    const registered = audits("signing.device_register");
    expect(registered).toHaveLength(2);
    expect(registered[0]).toMatchObject({
      actorId: admin.id,
      detail: { kind: "server_token", keyLabel: "con-dau", pinSource: "typed", testSignature: true, replaced: null },
    });
    expect(registered[1].detail).toMatchObject({
      keyLabel: "con-dau-2025",
      pinSource: "env:PKCS11_PIN_UBND",
      testSignature: true,
      replaced: { subject: provinceName, keyLabel: "con-dau" },
    });

    const disabled = await call(post("admin", { intent: "disable_device", kind: "server_token" }));
    expect(disabled.status).toBe(200);
    expect(devices()).toEqual([]);
    expect(audits("signing.device_disable")).toEqual([
      expect.objectContaining({
        actorId: admin.id,
        detail: expect.objectContaining({ kind: "server_token", keyLabel: "con-dau-2025", subject: `${provinceName} (gia hạn)` }),
      }),
    ]);
    const again = await refusal(await call(post("admin", { intent: "disable_device", kind: "server_token" })), 409);
    expect(again.formError).toBe(SigningMessages.NO_DEVICE_TO_DISABLE);

    // Nothing under DATA_DIR (database, WAL, files) holds the PIN.
    db.$client.pragma("wal_checkpoint(TRUNCATE)");
    const databaseFiles = readdirSync(dataDir).filter((name) => /\.db/.test(name));
    expect(databaseFiles.length).toBeGreaterThan(0);
    for (const name of databaseFiles) expect(readFileSync(join(dataDir, name)).includes(Buffer.from(PIN))).toBe(false);
  });
});
