import { join } from "node:path";
import Database from "better-sqlite3";
import AxeBuilder from "@axe-core/playwright";
import { expect, type Page } from "playwright/test";

// Playwright runs specs from the repository root; the server writes to tests/.tmp/e2e-data.
export const E2E_DB_PATH = join(process.cwd(), "tests", ".tmp", "e2e-data", "app.db");

export async function loginAs(page: Page, username: string, password = "demo") {
  await page.goto("/login");
  await page.getByLabel("Tên đăng nhập").fill(username);
  await page.getByLabel("Mật khẩu").fill(password);
  await page.getByRole("button", { name: "Đăng nhập" }).click();
  await expect(page.getByRole("button", { name: "Đăng xuất" })).toBeVisible();
}

export async function logout(page: Page) {
  await page.getByRole("button", { name: "Đăng xuất" }).click();
  await expect(page.getByLabel("Tên đăng nhập")).toBeVisible();
}

/** axe-core: no serious or critical accessibility violation on the current page. */
export async function expectAccessible(page: Page) {
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  const bad = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  expect(
    bad.map(
      (v) =>
        `${v.id}: ${v.help} (${v.nodes
          .map((n) => n.target.join(" "))
          .slice(0, 3)
          .join(", ")})`,
    ),
  ).toEqual([]);
}

/** Direct access to the e2e server's database, for setting up states a browser cannot reach quickly. */
export function withE2eDb<T>(fn: (db: Database.Database) => T): T {
  const db = new Database(E2E_DB_PATH);
  db.pragma("busy_timeout = 5000");
  try {
    return fn(db);
  } finally {
    db.close();
  }
}
