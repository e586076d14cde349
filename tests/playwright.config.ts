import { defineConfig, devices } from "playwright/test";

// Debian's chromium, never a downloaded browser (feasibility.md pitfall 16). The server is the real
// production build started by scripts/start.js on a fresh DATA_DIR seeded with demo data.
const PORT = Number(process.env.E2E_PORT ?? 3311);
export const E2E_DATA_DIR = "tests/.tmp/e2e-data";
// The server's PKCS#11 (SoftHSM2) configuration: device-signing.spec.ts creates the token there before the server
// first loads the module (the admin registers the organisation's seal on it through the page).
export const E2E_SOFTHSM_DIR = "tests/.tmp/e2e-softhsm";

export default defineConfig({
  testDir: "./e2e",
  timeout: 60_000,
  expect: { timeout: 10_000 },
  forbidOnly: !!process.env.CI,
  workers: 1,
  retries: 0,
  reporter: process.env.CI ? [["line"], ["json", { outputFile: "../reports/e2e.json" }]] : [["list"], ["json", { outputFile: "../reports/e2e.json" }]],
  outputDir: "../reports/e2e-artifacts",
  use: {
    baseURL: `http://127.0.0.1:${PORT}`,
    locale: "vi-VN",
    timezoneId: "Asia/Ho_Chi_Minh",
    trace: "retain-on-failure",
  },
  projects: [
    {
      name: "debian-chromium",
      use: {
        ...devices["Desktop Chrome"],
        launchOptions: {
          executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
          args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        },
      },
    },
  ],
  webServer: {
    command: `rm -rf ${E2E_DATA_DIR} && node scripts/start.js`,
    cwd: "..",
    url: `http://127.0.0.1:${PORT}/healthcheck`,
    reuseExistingServer: false,
    timeout: 180_000,
    stdout: "pipe",
    env: {
      PORT: String(PORT),
      HOST: "127.0.0.1",
      NODE_ENV: "production",
      DATA_DIR: E2E_DATA_DIR,
      SEED_DEMO: "1",
      SKIP_BUILD: process.env.SKIP_BUILD ?? "0",
      SOFTHSM2_CONF: `${E2E_SOFTHSM_DIR}/softhsm2.conf`,
    },
  },
});
