import { expect, test, type Page } from "playwright/test";
import { loginAs } from "./support";

// Defects a new user hit in the browser (issue 9) that server-side tests could not see.

/** Collects uncaught browser errors: a page that renders on the server and crashes at hydration. */
function watchPageErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on("pageerror", (error) => errors.push(error.message));
  return errors;
}

test("[UI]: the KPI page of a plan hydrates without error and lists its KPIs", async ({ page }) => {
  const errors = watchPageErrors(page);
  await loginAs(page, "sonoivu");
  await page.goto("/plans");
  await page
    .getByRole("link", { name: /Kế hoạch cải thiện Chỉ số cải cách hành chính/ })
    .first()
    .click();
  await page.getByRole("link", { name: "Chỉ tiêu", exact: true }).click();
  await expect(page).toHaveURL(/\/plans\/\d+\/kpis$/);
  await expect(page.getByRole("heading", { name: "Chỉ tiêu của kế hoạch" })).toBeVisible();
  // Hydration runs after the HTML is shown: wait for the client router before judging.
  await page.waitForFunction(() => (window as unknown as { __remixRouter?: unknown }).__remixRouter !== undefined);
  await expect(page.getByText("Đã xảy ra lỗi")).toHaveCount(0);
  await expect(page.getByRole("combobox", { name: "Chiều đánh giá" }).first()).toContainText("Tăng thêm");
  expect(errors).toEqual([]);
});

test('[UI]: every "Tải tệp PDF" link on an outgoing document page downloads the PDF', async ({ page }) => {
  await loginAs(page, "vanthu");
  await page.goto("/outgoing");
  const first = page.locator("table a[href^='/outgoing/']").first();
  await first.click();
  await expect(page.getByTestId("outgoing-status")).toBeVisible();
  const hrefs = await page.getByRole("link", { name: "Tải tệp PDF" }).evaluateAll((links) => links.map((a) => a.getAttribute("href") ?? ""));
  expect(hrefs.length).toBeGreaterThan(0);
  for (const href of hrefs) {
    expect(href, href).not.toMatch(/\?.*\?/);
    const response = await page.request.get(href);
    expect(response.status(), href).toBe(200);
    expect(response.headers()["content-disposition"], href).toMatch(/^attachment/);
    expect(href).toContain("download=1");
    expect((await response.body()).subarray(0, 5).toString("latin1"), href).toBe("%PDF-");
  }
});

test("[UI]: a posted comment leaves the box empty (no double posting)", async ({ page }) => {
  await loginAs(page, "chuyenvien");
  await page.goto("/incoming?box=inbox");
  await page.locator("table a[href^='/incoming/']").first().click();
  const box = page.getByLabel("Ý kiến xử lý");
  const comment = `Đã nghiên cứu, đề xuất phương án ${Date.now()}`;
  await box.fill(comment);
  await page.getByRole("button", { name: "Ghi ý kiến" }).click();
  await expect(page.getByText("Đã ghi ý kiến xử lý.")).toBeVisible();
  await expect(page.locator(".trail")).toContainText(comment);
  await expect(page.getByLabel("Ý kiến xử lý")).toHaveValue("");
});

test("[UI]: routing offers checkboxes, not Ctrl-click lists, and no clerk or administrator as handler", async ({ page }) => {
  await loginAs(page, "chanhvanphong");
  await page.goto("/incoming/routing");
  expect(await page.locator("select[multiple]").count()).toBe(0);
  const cooperating = page.getByRole("group", { name: "Phối hợp" }).first();
  await expect(cooperating.getByRole("checkbox").first()).toBeVisible();
  const main = page.getByLabel("Xử lý chính (chủ trì)").first();
  const labels = await main.locator("option").allTextContents();
  expect(labels.some((l) => l.includes("Nguyễn Thị Hồng Nhung"))).toBe(false); // vanthu
  expect(labels.some((l) => l.includes("Quản trị hệ thống"))).toBe(false); // admin
  expect(labels.some((l) => l.includes("Võ Thị Thu Trang"))).toBe(true);
});

test("[UI]: the clerk's 'Đã đăng ký hôm nay' tile opens the documents it counts", async ({ page }) => {
  await loginAs(page, "vanthu");
  await page.goto("/");
  const tile = page.locator("[data-counter='incoming-registered-today']");
  const count = Number(await tile.locator("strong").textContent());
  expect(count).toBeGreaterThan(0);
  await tile.click();
  await expect(page.locator("table a[href^='/incoming/']")).toHaveCount(count);
});

test("[UI]: statistics with 'Từ ngày' after 'Đến ngày' keep the form and say why, not the error page", async ({ page }) => {
  await loginAs(page, "chanhvanphong");
  for (const path of ["/statistics", "/statistics/tracking-register"]) {
    await page.goto(path);
    await page.getByLabel("Từ ngày", { exact: true }).fill("31/12/2026");
    await page.getByLabel("Đến ngày", { exact: true }).fill("01/12/2026");
    await page.locator("form.filters button[type=submit]").click();
    await expect(page.getByTestId("filter-error"), path).toContainText("Khoảng thời gian không hợp lệ");
    await expect(page.getByText("Đã xảy ra lỗi")).toHaveCount(0);
    await expect(page.getByLabel("Từ ngày", { exact: true })).toHaveValue("31/12/2026");
    await expect(page.getByLabel("Đến ngày", { exact: true })).toHaveValue("01/12/2026");
  }
  await page.goto("/statistics?period=custom&from=32/13/2026");
  await expect(page.getByTestId("filter-error")).toContainText("Ngày 32/13/2026 không có thật");
  await expect(page.getByLabel("Từ ngày", { exact: true })).toHaveValue("32/13/2026");
  await expect(page.getByTestId("statistics-period")).toHaveCount(0);
});

test("[UI]: routing with no document ticked shows 'Chọn ít nhất một văn bản' and keeps the choices", async ({ page }) => {
  await loginAs(page, "chanhvanphong");
  await page.goto("/incoming/routing");
  const main = page.getByLabel("Xử lý chính (chủ trì)");
  const value = await main.locator("option").nth(1).getAttribute("value");
  await main.selectOption(value!);
  await page.getByLabel("hoặc số ngày làm việc").fill("3");
  await page.getByRole("button", { name: "Phân phối" }).click();
  await expect(page.getByTestId("routing-documents-error")).toHaveText("Chọn ít nhất một văn bản");
  await expect(main).toHaveValue(value!);
  await expect(page.getByLabel("hoặc số ngày làm việc")).toHaveValue("3");
});

test("[UI]: a wrong passphrase at issue keeps 'Số lượng bản'; an empty one gets the Vietnamese message", async ({ page }) => {
  await loginAs(page, "vanthu");
  await page.goto("/outgoing?queue=issue");
  const href = await page.locator("table a[href^='/outgoing/']").first().getAttribute("href");
  await page.goto(`${href!.match(/^\/outgoing\/\d+/)![0]}/issue`);
  await page.getByLabel("Số lượng bản").fill("3");
  await page.getByRole("button", { name: "Cấp số, ký số và phát hành" }).click();
  // noValidate: no browser bubble; the server's message for the empty passphrase.
  await expect(page.locator(".field .error").first()).toBeVisible();
  await expect(page.getByLabel("Số lượng bản")).toHaveValue("3");
  await page.getByLabel("Mật khẩu chứng thư số của cơ quan").fill("sai-mat-khau");
  await page.getByRole("button", { name: "Cấp số, ký số và phát hành" }).click();
  await expect(page.getByText(/không đúng/).first()).toBeVisible();
  await expect(page.getByLabel("Số lượng bản")).toHaveValue("3");
  await expect(page.getByLabel("Mật khẩu chứng thư số của cơ quan")).toHaveValue("");
});
