import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { expect, test } from "playwright/test";
import { issueDemoCertificate } from "#signing/index";
import { createSoftHsmToken, softHsmKeyFromP12, type SoftHsmToken } from "#tests/support/softhsm";
import { revdiff, sigcheck } from "#tests/support/signature-check";
import { E2E_SOFTHSM_DIR } from "../playwright.config";
import { loginAs, withE2eDb } from "./support";

// Signing on the holder's own token in chromium, through the real signing agent (npm run signing-agent, a separate
// process on 127.0.0.1) over SoftHSM2, and the organisation's seal on a server token registered on the admin page:
//   1. the leader registers the USB token and signs the demo document waiting for the Chủ tịch on it;
//   2. the administrator registers the seal key on the server's token (a wrong PIN refused, the right one tested);
//   3. the clerk registers the seal on the clerk's own token and issues that document on it;
//   4. the administrator stops using both seal devices (later specs issue with the demo PKCS#12 again).
// The PINs go to the agent (or once to the admin form) only. SIGNING_AGENT_URL must match for the server CSP.
const AGENT_URL = process.env.SIGNING_AGENT_URL ?? "http://127.0.0.1:8731";
const PIN = "482916";
const HSM_PIN = "Hsm-730164";
const KEYS_DIR = join(process.cwd(), "tests", ".tmp", "e2e-data", "keys");
let token: SoftHsmToken;
let hsm: SoftHsmToken;
let agent: ChildProcess | undefined;
let origin: string;
let provinceId: number;
let documentId: number;

/** Starts the agent for `keyLabel` on the agent port (the leader's machine, then the clerk's). */
async function startAgent(keyLabel: string) {
  await stopAgent();
  const port = new URL(AGENT_URL).port;
  const child = spawn(
    process.execPath,
    [
      "--import",
      "tsx",
      "scripts/signing-agent.ts",
      "--module",
      token.modulePath,
      "--token-label",
      token.tokenLabel,
      "--key-label",
      keyLabel,
      "--port",
      port,
      "--allow-origin",
      origin,
    ],
    {
      env: { ...process.env, SOFTHSM2_CONF: token.conf },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  agent = child;
  await new Promise<void>((ready, fail) => {
    let err = "";
    child.stdout!.on("data", (d) => String(d).includes("listening") && ready());
    child.stderr!.on("data", (d) => (err += d));
    child.on("exit", (code) => fail(new Error(`signing agent exited ${code}: ${err}`)));
  });
}

async function stopAgent() {
  const child = agent;
  agent = undefined;
  if (!child || child.exitCode !== null) return;
  await new Promise<void>((done) => {
    child.once("exit", () => done());
    child.kill("SIGTERM");
  });
}

test.beforeAll(async ({ baseURL }) => {
  origin = new URL(baseURL!).origin;
  const ca = { certPem: readFileSync(join(KEYS_DIR, "demo-ca.pem"), "utf8"), keyPem: readFileSync(join(KEYS_DIR, "demo-ca-key.pem"), "utf8") };
  const leader = withE2eDb(
    (db) =>
      db
        .prepare("select u.full_name as name, o.name as org from users u join organizations o on o.id = u.organization_id where u.username = 'chutich'")
        .get() as { name: string; org: string },
  );
  provinceId = withE2eDb((db) => (db.prepare("select id from organizations where identifier = '000.00.00.H12'").get() as { id: number }).id);
  const leaderCert = issueDemoCertificate(ca, { commonName: leader.name, organization: leader.org, kind: "person", password: "x" });
  const clerkSeal = issueDemoCertificate(ca, { commonName: leader.org, organization: leader.org, kind: "organization", password: "x" });
  const serverSeal = issueDemoCertificate(ca, { commonName: leader.org, organization: leader.org, kind: "organization", password: "x" });
  // The server's HSM: where the server process (SOFTHSM2_CONF in playwright.config.ts) looks for it.
  hsm = createSoftHsmToken({
    dir: E2E_SOFTHSM_DIR,
    tokenLabel: "HSM UBND tinh",
    pin: HSM_PIN,
    keys: [softHsmKeyFromP12(serverSeal.p12, "x", "con-dau", "41")],
  });
  // The USB tokens on the users' machines (one SoftHSM2 store; the agent serves one key at a time).
  token = createSoftHsmToken({
    tokenLabel: "Token E2E",
    pin: PIN,
    keys: [softHsmKeyFromP12(leaderCert.p12, "x", "leader", "21"), softHsmKeyFromP12(clerkSeal.p12, "x", "con-dau-van-thu", "22")],
  });
  await startAgent("leader");
});

test.afterAll(async () => {
  await stopAgent();
  // Whatever happened above, later specs issue with the organisation's PKCS#12 again.
  withE2eDb((db) => db.prepare("delete from signing_devices where organization_id = ?").run(provinceId));
  token?.cleanup();
});

test("[LEADER]: registers the USB token, then signs on the device; a wrong PIN is refused and nothing is stored", async ({ page }) => {
  documentId = withE2eDb(
    (db) =>
      (
        db
          .prepare(
            "select d.id from outgoing_documents d join users u on u.id = d.signer_id where u.username = 'chutich' and d.status = 'leader_review' order by d.id limit 1",
          )
          .get() as { id: number }
      ).id,
  );
  await loginAs(page, "chutich");
  await page.goto("/account");
  await page.getByRole("button", { name: "Đăng ký thiết bị của tôi" }).click();
  await expect(page.getByText(/Thiết bị của tôi .* — /)).toBeVisible();
  await page.getByLabel(/Thiết bị của tôi/).check();
  await page.getByRole("button", { name: "Lưu phương thức ký" }).click();
  await expect(page.getByText("Đã lưu phương thức ký số.")).toBeVisible();
  await expect(page.getByText(/Chứng thư số đang dùng có hiệu lực đến ngày \d{2}\/\d{2}\/\d{4}/)).toBeVisible();
  await page.screenshot({ path: "reports/e2e-artifacts/device-account.png", fullPage: true });

  await page.goto(`/outgoing/${documentId}/sign`);
  const panel = page.getByRole("region", { name: "Ký bằng thiết bị của tôi" });
  await expect(panel).toBeVisible();
  await panel.getByLabel("Mã PIN thiết bị ký số").fill("000000");
  await panel.getByRole("button", { name: "Ký bằng thiết bị của tôi" }).click();
  await expect(panel.getByRole("alert")).toHaveText(/Mã PIN của thiết bị ký số không đúng/);
  await expect(panel.getByLabel("Mã PIN thiết bị ký số")).toHaveValue("");
  expect(withE2eDb((db) => (db.prepare("select status from outgoing_documents where id = ?").get(documentId) as { status: string }).status)).toBe(
    "leader_review",
  );
  await page.screenshot({ path: "reports/e2e-artifacts/device-sign-wrong-pin.png", fullPage: true });

  await panel.getByLabel("Mã PIN thiết bị ký số").fill(PIN);
  await panel.getByRole("button", { name: "Ký bằng thiết bị của tôi" }).click();
  await expect(page.getByText("Đã ký số văn bản.")).toBeVisible();
  await expect(page.getByTestId("outgoing-status")).toHaveText("Đã ký, chờ cấp số");
  const row = withE2eDb(
    (db) =>
      db.prepare("select signing_method as m, leader_certificate_name as c from outgoing_documents where id = ?").get(documentId) as { m: string; c: string },
  );
  expect(row).toEqual({ m: "digital", c: expect.any(String) });

  // Back to the certificate file, as the leader would when the token is unplugged: the later specs sign with the
  // passphrase on the same database.
  await page.goto("/account");
  await page.getByLabel(/Tệp chứng thư số \(PKCS#12\)/).check();
  await page.getByRole("button", { name: "Lưu phương thức ký" }).click();
  await expect(page.getByText("Đã lưu phương thức ký số.")).toBeVisible();
});

test("[ADMIN]: registers the organisation's seal on the server token: a wrong PIN is refused, the right one makes a test signature", async ({ page }) => {
  const count = () =>
    withE2eDb(
      (db) => (db.prepare("select count(*) as n from signing_devices where organization_id = ? and kind = 'server_token'").get(provinceId) as { n: number }).n,
    );
  await loginAs(page, "admin");
  await page.goto(`/admin/organizations/${provinceId}`);
  const section = page.getByRole("region", { name: "Thiết bị ký số của cơ quan trên máy chủ (PKCS#11/HSM)" });
  await expect(section.getByText("Chưa khai báo thiết bị ký số trên máy chủ.")).toBeVisible();
  await section.getByLabel("Thư viện PKCS#11 (module)").selectOption(hsm.modulePath);
  await section.getByLabel("Nhãn token (slot)").fill(hsm.tokenLabel);
  await section.getByLabel("Nhãn khóa (CKA_LABEL)").fill("con-dau");
  await section.getByLabel("Mã PIN thiết bị ký số").fill("000000");
  await section.getByRole("button", { name: "Ký thử và lưu" }).click();
  await expect(section.locator(".form-error")).toHaveText(/Mã PIN của thiết bị ký số không đúng/);
  await expect(section.getByLabel("Mã PIN thiết bị ký số")).toHaveValue("");
  await expect(section.getByLabel("Nhãn token (slot)")).toHaveValue(hsm.tokenLabel);
  expect(count()).toBe(0);
  await page.screenshot({ path: "reports/e2e-artifacts/admin-server-token-wrong-pin.png", fullPage: true });

  await section.getByLabel("Mã PIN thiết bị ký số").fill(HSM_PIN);
  await section.getByRole("button", { name: "Ký thử và lưu" }).click();
  await expect(page.getByText(/^Đã ký thử thành công và lưu thiết bị ký số của cơ quan: /)).toBeVisible();
  await expect(section.getByTestId("server-token-current")).toContainText(hsm.tokenLabel);
  await expect(section.getByRole("button", { name: "Ký thử và thay thế" })).toBeVisible();
  expect(count()).toBe(1);
  expect(withE2eDb((db) => JSON.stringify(db.prepare("select * from audit_events where action = 'signing.device_register'").all()))).not.toContain(HSM_PIN);
  await page.screenshot({ path: "reports/e2e-artifacts/admin-server-token.png", fullPage: true });
});

test("[CLERK]: registers the seal on the clerk's own token and issues the leader-signed document on it; both signatures verify", async ({ page }) => {
  const state = () =>
    withE2eDb(
      (db) =>
        db.prepare("select status, number_symbol as numberSymbol from outgoing_documents where id = ?").get(documentId) as {
          status: string;
          numberSymbol: string | null;
        },
    );
  expect(state().status).toBe("signed");
  await startAgent("con-dau-van-thu");
  await loginAs(page, "vanthu");
  await page.goto(`/outgoing/${documentId}/issue`);
  // The server token registered above is offered with its PIN; the clerk's own token beside it.
  await expect(page.getByLabel("Mã PIN thiết bị ký số của cơ quan (máy chủ)")).toBeVisible();
  const panel = page.getByRole("region", { name: "Cấp số, ký số bằng thiết bị của tôi" });
  await panel.getByRole("button", { name: "Đăng ký thiết bị ký số của cơ quan" }).click();
  await expect(panel.getByText(/Chứng thư số của cơ quan đã đăng ký: /)).toBeVisible();

  await panel.getByLabel("Mã PIN thiết bị ký số của cơ quan").fill("000000");
  await panel.getByRole("button", { name: "Cấp số, ký số bằng thiết bị của tôi" }).click();
  await expect(panel.getByRole("alert")).toHaveText(/Mã PIN của thiết bị ký số không đúng/);
  await expect(panel.getByLabel("Mã PIN thiết bị ký số của cơ quan")).toHaveValue("");
  expect(state()).toEqual({ status: "signed", numberSymbol: null });
  await page.screenshot({ path: "reports/e2e-artifacts/device-issue-wrong-pin.png", fullPage: true });

  await panel.getByLabel("Mã PIN thiết bị ký số của cơ quan").fill(PIN);
  await panel.getByRole("button", { name: "Cấp số, ký số bằng thiết bị của tôi" }).click();
  await expect(page.getByText("Đã cấp số, ký số cơ quan và phát hành văn bản.")).toBeVisible();
  await expect(page.getByTestId("outgoing-status")).toHaveText("Đã phát hành");
  const issued = state();
  expect(issued.status).toBe("issued");
  expect(issued.numberSymbol).toMatch(/^\d{2,}\/[^/]+-UBND/);
  await page.screenshot({ path: "reports/e2e-artifacts/device-issued.png", fullPage: true });

  const response = await page.request.get(`/resources/outgoing/${documentId}/file?kind=issued`);
  expect(response.status()).toBe(200);
  const file = join(process.cwd(), "reports", "e2e-artifacts", "device-issued.pdf");
  writeFileSync(file, await response.body());
  const [sc, rd] = await Promise.all([sigcheck(file, join(KEYS_DIR, "demo-ca.pem"), 2, [], 120_000), revdiff(file, 60_000)]);
  expect(sc.code, sc.output).toBe(0);
  expect(rd.code, rd.output).toBe(0);
  execFileSync("pdftoppm", ["-png", "-r", "70", "-f", "1", "-l", "1", file, join(process.cwd(), "reports", "e2e-artifacts", "device-issued-page")]);
});

test("[ADMIN]: stops using both seal devices", async ({ page }) => {
  page.on("dialog", (dialog) => void dialog.accept());
  await loginAs(page, "admin");
  await page.goto(`/admin/organizations/${provinceId}`);
  const section = page.getByRole("region", { name: "Thiết bị ký số của cơ quan trên máy chủ (PKCS#11/HSM)" });
  await section.getByTestId("server-token-current").getByRole("button", { name: "Ngừng sử dụng" }).click();
  await expect(page.getByText("Đã ngừng sử dụng thiết bị ký số.")).toBeVisible();
  await expect(section.getByText("Chưa khai báo thiết bị ký số trên máy chủ.")).toBeVisible();
  await section.getByTestId("own-device-current").getByRole("button", { name: "Ngừng sử dụng" }).click();
  await expect(section.getByTestId("own-device-current")).toHaveCount(0);
  expect(withE2eDb((db) => (db.prepare("select count(*) as n from signing_devices where organization_id = ?").get(provinceId) as { n: number }).n)).toBe(0);
  expect(withE2eDb((db) => (db.prepare("select count(*) as n from audit_events where action = 'signing.device_disable'").get() as { n: number }).n)).toBe(2);
});
