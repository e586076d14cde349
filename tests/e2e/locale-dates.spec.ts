import { expect, test, type Page } from "playwright/test";
import { loginAs } from "./support";

// Issue 9: dates followed the browser's language (<input type=date> showed 12/03/2025 and 10:28 PM
// in an English browser). Every date and time a user reads or types is dd/mm/yyyy and 24-hour,
// whatever the browser's language and time zone. This spec runs as an American browser in New York.
test.use({ locale: "en-US", timezoneId: "America/New_York" });

const pad = (n: number) => String(n).padStart(2, "0");
/** Today in Vietnam (UTC+7), dd/mm/yyyy. */
function vietnamToday(): string {
  const v = new Date(Date.now() + 7 * 3600_000);
  return `${pad(v.getUTCDate())}/${pad(v.getUTCMonth() + 1)}/${v.getUTCFullYear()}`;
}

/** The visible text holds no AM/PM time, no ISO date and no month-first date of today. */
async function expectVietnameseDates(page: Page) {
  const text = await page.locator("main").innerText();
  expect(text).not.toMatch(/\b\d{1,2}:\d{2}(:\d{2})?\s?(AM|PM)\b/);
  expect(text).not.toMatch(/\b\d{4}-\d{2}-\d{2}(T|\b)/);
  const v = new Date(Date.now() + 7 * 3600_000);
  if (v.getUTCDate() > 12) expect(text).not.toContain(`${pad(v.getUTCMonth() + 1)}/${pad(v.getUTCDate())}/${v.getUTCFullYear()}`);
}

test("[LOCALE en-US]: the clerk types and reads dd/mm/yyyy and 24-hour times", async ({ page }) => {
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(e.message));
  await loginAs(page, "vanthu");
  await page.goto("/incoming/new?mode=manual");
  expect(await page.locator('input[type="date"], input[type="datetime-local"], input[type="time"]').count()).toBe(0);
  const receivedAt = page.getByLabel("Ngày, giờ đến");
  await expect(receivedAt).toHaveValue(new RegExp(`^${vietnamToday().replace(/\//g, "\\/")} ([01]\\d|2[0-3]):[0-5]\\d$`));

  const summary = `Kiểm tra định dạng ngày ${Date.now()}`;
  await page.getByLabel("Số, ký hiệu").fill(`77/${Date.now() % 100000}/UBND`);
  await page.getByLabel("Cơ quan ban hành (tác giả)").fill("Sở Nội vụ");
  await page.getByLabel("Trích yếu nội dung").fill(summary);
  await page.getByLabel("Ngày văn bản").fill("31/02/2025");
  await page.getByRole("button", { name: "Lưu", exact: true }).click();
  await expect(page.getByText("Ngày 31/02/2025 không có thật: tháng 2/2025 chỉ có 28 ngày.")).toBeVisible();
  // What the clerk typed comes back as typed.
  await expect(page.getByLabel("Ngày văn bản")).toHaveValue("31/02/2025");

  await page.getByLabel("Ngày văn bản").fill("03/01/2025");
  await page.getByRole("button", { name: "Lưu", exact: true }).click();
  await expect(page.getByRole("status").filter({ hasText: "Đã đăng ký văn bản đến, số đến" })).toBeVisible();
  const issued = page.locator("dt", { hasText: /^Ngày văn bản$/ }).locator("xpath=following-sibling::dd[1]");
  await expect(issued).toHaveText("03/01/2025");
  const arrived = page.locator("dt", { hasText: /^Ngày, giờ đến$/ }).locator("xpath=following-sibling::dd[1]");
  await expect(arrived).toHaveText(new RegExp(`^${vietnamToday().replace(/\//g, "\\/")} ([01]\\d|2[0-3]):[0-5]\\d$`));
  await expectVietnameseDates(page);

  // The correction form shows the stored dates as dd/mm/yyyy too.
  await page.getByText("Sửa thông tin đăng ký").click();
  await expect(page.locator("#correct-issuedDate")).toHaveValue("03/01/2025");

  // The list filter takes dd/mm/yyyy and keeps showing it that way.
  await page.goto("/incoming?box=all");
  await page.getByLabel("Đến từ ngày").fill(vietnamToday());
  await page.getByLabel(/Từ khóa/).fill(summary);
  await page.getByRole("button", { name: "Tìm kiếm" }).click();
  await expect(page.getByRole("link", { name: new RegExp(summary) })).toBeVisible();
  await expect(page.getByLabel("Đến từ ngày")).toHaveValue(vietnamToday());
  await expectVietnameseDates(page);
  expect(errors).toEqual([]);
});

test("[LOCALE en-US]: lists and detail pages show dates the Vietnamese way", async ({ page }) => {
  await loginAs(page, "chutich");
  for (const path of ["/", "/incoming?box=all", "/outgoing", "/plans", "/reports"]) {
    await page.goto(path);
    await expectVietnameseDates(page);
  }
  // The issued tab: the leader's default tab (to sign) may be empty once earlier specs have signed its documents.
  await page.goto("/outgoing?queue=issued");
  await page.locator("table a[href^='/outgoing/']").first().click();
  await expect(page.getByTestId("outgoing-status")).toBeVisible();
  await expectVietnameseDates(page);
});
