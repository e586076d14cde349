// Handling statistics, indicators, the tracking register and outgoing search in the browser (issue 16).
import { expect, test } from "playwright/test";
import ExcelJS from "exceljs";
import { expectAccessible, loginAs } from "./support";

// Outside Playwright's outputDir (emptied at every run); tests/.tmp is git-ignored.
const SHOTS = "tests/.tmp/statistics-shots";

test("a leader sees the year's figures; every number opens the documents behind it; charts, XLSX", async ({ page }) => {
  await loginAs(page, "chutich");
  await page.getByRole("link", { name: "Thống kê" }).first().click();
  await expect(page.getByRole("heading", { name: "Thống kê tình hình giải quyết văn bản" })).toBeVisible();
  await page.getByRole("link", { name: "Năm nay" }).click();
  await page.waitForURL(/period=year/);
  // The whole year, not the month or quarter shown before the click: in December (and all of Q4) those end on
  // 31/12 too, and reading the figures off the previous page made the parts of one period and the whole of
  // another disagree (a CI run on 06/12).
  await expect(page.getByTestId("statistics-period")).toContainText(/01\/01\/\d{4}.*31\/12\/\d{4}/);
  const received = Number(await page.locator('[data-figure="in:received"] strong').innerText());
  expect(received).toBeGreaterThan(0);
  // The parts add up to the whole.
  let sum = 0;
  for (const c of ["completedOnTime", "completedLate", "completedNoDeadline", "openInTime", "openOverdue", "openNoDeadline", "returned"])
    sum += Number(await page.locator(`[data-figure="in:${c}"] strong`).innerText());
  expect(sum).toBe(received);
  await expect(page.locator('svg[data-chart="trend"]')).toHaveAttribute("aria-label", /tiếp nhận/);
  await expect(page.locator('svg[data-chart="on-time"]')).toHaveAttribute("role", "img");
  await expectAccessible(page);
  await page.screenshot({ path: `${SHOTS}/statistics.png`, fullPage: true });
  // Drill down: the list under "Tiếp nhận trong kỳ" has exactly that many documents.
  await page.locator('[data-figure="in:received"]').click();
  await expect(page.getByTestId("drill")).toBeVisible();
  await expect(page.getByTestId("drill-incoming").locator("tbody tr[data-document-id]")).toHaveCount(received);
  const overdue = Number(await page.locator('[data-figure="in:openOverdue"] strong').innerText());
  await page.locator('[data-figure="in:openOverdue"]').click();
  await expect(page.getByTestId("drill-incoming").locator("tbody tr[data-document-id]")).toHaveCount(overdue);
  await page.screenshot({ path: `${SHOTS}/statistics-drill.png`, fullPage: true });
  // The XLSX of the page holds the same number.
  const response = await page.request.get(`/resources/statistics.xlsx?period=year`);
  expect(response.status()).toBe(200);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load((await response.body()) as unknown as ArrayBuffer);
  let cell: unknown = null;
  wb.getWorksheet("Tổng hợp")!.eachRow((row) => {
    if (row.getCell(1).value === "Tiếp nhận trong kỳ") cell = row.getCell(2).value;
  });
  expect(cell).toBe(received);
});

test("indicators with their definitions; the tracking register prints its seven columns", async ({ page }) => {
  await loginAs(page, "chutich");
  await page.goto("/statistics/indicators?period=year");
  await expect(page.getByRole("heading", { name: "Chỉ số chính quyền điện tử" })).toBeVisible();
  await expect(page.getByTestId("indicators").locator("tbody tr")).toHaveCount(6);
  await expect(page.getByText("Tử số:").first()).toBeVisible();
  await expectAccessible(page);
  await page.screenshot({ path: `${SHOTS}/indicators.png`, fullPage: true });
  await page.goto("/statistics/tracking-register?period=year");
  await expect(page.getByRole("columnheader", { name: "Tiến độ giải quyết" })).toBeVisible();
  await expect(page.getByTestId("tracking-register").locator("thead tr").first().locator("th")).toHaveCount(7);
  await expectAccessible(page);
  await page.screenshot({ path: `${SHOTS}/tracking-register.png`, fullPage: true });
});

test("a specialist has no statistics; a unit head sees only the unit", async ({ page }) => {
  // Lacking the permission answers 404 (requirePermission: the page's existence is not confirmed).
  await loginAs(page, "chuyenvien");
  await expect(page.getByRole("link", { name: "Thống kê" })).toHaveCount(0);
  expect((await page.goto("/statistics"))?.status()).toBe(404);
  expect((await page.request.get("/resources/statistics.xlsx")).status()).toBe(404);
  expect((await page.request.get("/resources/statistics/tracking-register.xlsx")).status()).toBe(404);
  expect((await page.goto("/statistics/indicators"))?.status()).toBe(404);
  await page.getByRole("button", { name: "Đăng xuất" }).click();
  await loginAs(page, "truongphong");
  await page.goto("/statistics?period=year");
  await expect(page.getByTestId("statistics-period")).toContainText("Phòng");
  await expect(page.getByLabel("Đơn vị").locator("option")).toHaveCount(1);
  // Asking for another unit in the URL is refused by the service (403), not widened.
  expect((await page.goto("/statistics?unit=1"))?.status()).toBe(403);
  expect((await page.goto("/statistics/indicators"))?.status()).toBe(404);
});

test("outgoing search accent-free, saved and replayed", async ({ page }) => {
  await loginAs(page, "chutich");
  await page.goto("/outgoing");
  await page.getByRole("link", { name: "Tìm kiếm" }).click();
  await page.getByLabel("Từ khóa (gõ có dấu hoặc không dấu)").fill("van hanh");
  await page.getByRole("button", { name: "Tìm" }).click();
  const rows = page.getByTestId("outgoing-search-results").locator("tbody tr");
  await expect(rows.first()).toContainText(/vận hành/i);
  const count = await rows.count();
  await page.getByLabel("Lưu tìm kiếm hiện tại với tên").fill("Vận hành");
  await page.getByRole("button", { name: "Lưu", exact: true }).click();
  await expect(page.getByRole("link", { name: "Vận hành", exact: true })).toBeVisible();
  await page.goto("/outgoing/search");
  await page.getByRole("link", { name: "Vận hành", exact: true }).click();
  await expect(page.getByTestId("outgoing-search-results").locator("tbody tr")).toHaveCount(count);
  await expectAccessible(page);
  await page.screenshot({ path: `${SHOTS}/outgoing-search.png`, fullPage: true });
});
