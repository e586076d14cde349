import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { expect, test } from "playwright/test";
import { issueDemoCertificate } from "#signing/index";
import { createSoftHsmToken, softHsmKeyFromP12, type SoftHsmToken } from "#tests/support/softhsm";
import { loginAs, withE2eDb } from "./support";

// "Ký bằng thiết bị của tôi" in chromium: the leader's key is on a SoftHSM2 token served by the real signing agent
// (npm run signing-agent, a separate process on 127.0.0.1); the page registers the device, then signs the demo
// document waiting for the Chủ tịch. The PIN goes to the agent only. SIGNING_AGENT_URL must match for the server CSP.
const AGENT_URL = process.env.SIGNING_AGENT_URL ?? "http://127.0.0.1:8731";
const PIN = "482916";
let token: SoftHsmToken;
let agent: ChildProcess;

test.beforeAll(async ({ baseURL }) => {
  const keys = join(process.cwd(), "tests", ".tmp", "e2e-data", "keys");
  const ca = { certPem: readFileSync(join(keys, "demo-ca.pem"), "utf8"), keyPem: readFileSync(join(keys, "demo-ca-key.pem"), "utf8") };
  const leader = withE2eDb((db) => db.prepare("select u.full_name as name, o.name as org from users u join organizations o on o.id = u.organization_id where u.username = 'chutich'").get() as { name: string; org: string });
  const issued = issueDemoCertificate(ca, { commonName: leader.name, organization: leader.org, kind: "person", password: "x" });
  token = createSoftHsmToken({ tokenLabel: "Token E2E", pin: PIN, keys: [softHsmKeyFromP12(issued.p12, "x", "leader", "21")] });
  const port = new URL(AGENT_URL).port;
  agent = spawn(process.execPath, ["--import", "tsx", "scripts/signing-agent.ts", "--module", token.modulePath, "--token-label", token.tokenLabel, "--key-label", "leader", "--port", port, "--allow-origin", new URL(baseURL!).origin], {
    env: { ...process.env, SOFTHSM2_CONF: token.conf },
    stdio: ["ignore", "pipe", "pipe"],
  });
  await new Promise<void>((ready, fail) => {
    let err = "";
    agent.stdout!.on("data", (d) => String(d).includes("listening") && ready());
    agent.stderr!.on("data", (d) => (err += d));
    agent.on("exit", (code) => fail(new Error(`signing agent exited ${code}: ${err}`)));
  });
});

test.afterAll(() => {
  agent?.kill("SIGTERM");
  token?.cleanup();
});

test("[LEADER]: registers the USB token, then signs on the device; a wrong PIN is refused and nothing is stored", async ({ page }) => {
  const documentId = withE2eDb((db) => (db.prepare("select d.id from outgoing_documents d join users u on u.id = d.signer_id where u.username = 'chutich' and d.status = 'leader_review' order by d.id limit 1").get() as { id: number }).id);
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
  expect(withE2eDb((db) => (db.prepare("select status from outgoing_documents where id = ?").get(documentId) as { status: string }).status)).toBe("leader_review");
  await page.screenshot({ path: "reports/e2e-artifacts/device-sign-wrong-pin.png", fullPage: true });

  await panel.getByLabel("Mã PIN thiết bị ký số").fill(PIN);
  await panel.getByRole("button", { name: "Ký bằng thiết bị của tôi" }).click();
  await expect(page.getByText("Đã ký số văn bản.")).toBeVisible();
  await expect(page.getByTestId("outgoing-status")).toHaveText("Đã ký, chờ cấp số");
  const row = withE2eDb((db) => db.prepare("select signing_method as m, leader_certificate_name as c from outgoing_documents where id = ?").get(documentId) as { m: string; c: string });
  expect(row).toEqual({ m: "digital", c: expect.any(String) });

  // Back to the certificate file, as the leader would when the token is unplugged: the later specs sign with the
  // passphrase on the same database.
  await page.goto("/account");
  await page.getByLabel(/Tệp chứng thư số \(PKCS#12\)/).check();
  await page.getByRole("button", { name: "Lưu phương thức ký" }).click();
  await expect(page.getByText("Đã lưu phương thức ký số.")).toBeVisible();
});
