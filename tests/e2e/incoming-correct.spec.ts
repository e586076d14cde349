import { expect, test } from "playwright/test";
import { expectAccessible, loginAs, logout } from "./support";

test("[INCOMING] the clerk corrects a registration: errors per field, values kept, trail entry", async ({ page }) => {
  await loginAs(page, "vanthu");
  await page.goto("/incoming/new?mode=manual");
  await page.getByLabel("Số, ký hiệu").fill("77/SXD-QLXD");
  await page.getByLabel("Cơ quan ban hành (tác giả)").fill("Sở Xây dựng");
  await page.getByLabel("Trích yếu nội dung").fill("Góp ý dự thảo quy chế quản lý kiến trúc");
  await page.getByRole("button", { name: "Lưu", exact: true }).click();
  await expect(page.getByRole("status").filter({ hasText: "Đã đăng ký văn bản đến, số đến" })).toBeVisible();

  await page.getByText("Sửa thông tin đăng ký", { exact: true }).click();
  await expect(page.getByLabel("Trích yếu", { exact: true })).toHaveValue("Góp ý dự thảo quy chế quản lý kiến trúc");
  await page.getByLabel("Trích yếu", { exact: true }).fill("Góp ý dự thảo quy chế quản lý kiến trúc đô thị");
  await page.getByLabel("Người ký", { exact: true }).fill("Phạm Văn Minh");
  await page.getByLabel("Ngày văn bản", { exact: true }).fill("05/01/2099");
  await page.getByRole("button", { name: "Lưu thông tin đã sửa" }).click();
  await expect(page.getByText("Ngày văn bản không thể sau ngày đến")).toBeVisible();
  await expect(page.getByLabel("Người ký", { exact: true })).toHaveValue("Phạm Văn Minh");
  await expect(page.getByLabel("Trích yếu", { exact: true })).toHaveValue("Góp ý dự thảo quy chế quản lý kiến trúc đô thị");
  await expectAccessible(page);

  await page.getByLabel("Ngày văn bản", { exact: true }).fill("");
  await page.getByRole("button", { name: "Lưu thông tin đã sửa" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Đã sửa thông tin đăng ký." })).toBeVisible();
  await expect(page.getByText("Góp ý dự thảo quy chế quản lý kiến trúc đô thị").first()).toBeVisible();
  await expect(page.locator(".trail").getByText("Sửa thông tin đăng ký")).toBeVisible();
  await expect(page.locator(".trail").getByText("Đã sửa: trích yếu, người ký")).toBeVisible();
  await logout(page);
});
