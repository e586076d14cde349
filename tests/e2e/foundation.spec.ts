import { expect, test } from "playwright/test";
import { expectAccessible, loginAs, logout, withE2eDb } from "./support";

const DEMO_ACCOUNTS = [
  "vanthu",
  "chanhvanphong",
  "chutich",
  "truongphong",
  "chuyenvien",
  "sonoivu",
  "sotuphap",
  "admin",
  "vanthu.tanthanh",
  "chanhvanphong.tanthanh",
  "chutich.tanthanh",
  "chuyenvien.tanthanh",
];

test.describe("[AUTH] sign-in", () => {
  for (const username of DEMO_ACCOUNTS) {
    test(`[AUTH]: ${username} signs in and sees Đăng xuất`, async ({ page }) => {
      await loginAs(page, username);
      await expect(page.getByRole("heading", { level: 1 })).toContainText("Xin chào");
      await logout(page);
    });
  }

  test("[AUTH]: a wrong password is refused with the generic message", async ({ page }) => {
    await page.goto("/login");
    await page.getByLabel("Tên đăng nhập").fill("chuyenvien");
    await page.getByLabel("Mật khẩu").fill("sai-mat-khau");
    await page.getByRole("button", { name: "Đăng nhập" }).click();
    await expect(page.getByRole("alert")).toHaveText("Tên đăng nhập hoặc mật khẩu không đúng.");
    await expect(page.getByRole("button", { name: "Đăng xuất" })).toHaveCount(0);
  });

  test("[AUTH]: an anonymous visitor is sent to the login page and back after signing in", async ({ page }) => {
    await page.goto("/account");
    await expect(page).toHaveURL(/\/login\?redirectTo=%2Faccount/);
    await page.getByLabel("Tên đăng nhập").fill("chuyenvien");
    await page.getByLabel("Mật khẩu").fill("demo");
    await page.getByRole("button", { name: "Đăng nhập" }).click();
    await expect(page).toHaveURL(/\/account$/);
    await expect(page.getByRole("heading", { name: "Tài khoản của tôi" })).toBeVisible();
  });

  test("[AUTH]: an expired session returns to the login page", async ({ page }) => {
    await loginAs(page, "truongphong");
    // Age the session past the 30-minute idle timeout on the server side.
    withE2eDb((db) => {
      db.prepare("UPDATE sessions SET last_seen_at = ? WHERE user_id = (SELECT id FROM users WHERE username = 'truongphong') AND revoked_at IS NULL").run(
        Date.now() - 31 * 60 * 1000,
      );
    });
    await page.goto("/account");
    await expect(page).toHaveURL(/\/login/);
    await expect(page.getByLabel("Tên đăng nhập")).toBeVisible();
  });
});

test.describe("[ACCESS] role boundaries", () => {
  test("[ACCESS]: a specialist opening an admin page gets the not-found page", async ({ page }) => {
    await loginAs(page, "chuyenvien");
    for (const path of ["/admin", "/admin/users", "/admin/organizations", "/admin/calendar"]) {
      const response = await page.goto(path);
      expect(response?.status()).toBe(404);
      await expect(page.getByRole("heading", { name: "Không tìm thấy trang" })).toBeVisible();
    }
    await expect(page.getByRole("link", { name: "Quản trị" })).toHaveCount(0);
  });

  test("[ACCESS]: the admin manages users and the calendar", async ({ page }) => {
    await loginAs(page, "admin");
    await page.getByRole("navigation", { name: "Điều hướng chính" }).getByRole("link", { name: "Quản trị" }).click();
    await page.getByRole("link", { name: /Người dùng/ }).click();
    await expect(page.getByRole("cell", { name: "vanthu.tanthanh" })).toBeVisible();
    await page.getByLabel("Tên đăng nhập").fill("le.thi.mai");
    await page.getByLabel("Họ và tên").fill("Lê Thị Mai");
    await page.getByLabel("Chức vụ").fill("Chuyên viên");
    await page
      .getByLabel("Đơn vị")
      .selectOption({ label: "\u00a0\u00a0\u00a0\u00a0Phòng Kinh tế" })
      .catch(async () => {
        const value = await page.locator("#unitId option", { hasText: "Phòng Kinh tế" }).first().getAttribute("value");
        await page.getByLabel("Đơn vị").selectOption(value!);
      });
    await page.getByLabel("Mật khẩu ban đầu").fill("Rung-U-Minh-Ha-2025");
    await page.getByLabel("Chuyên viên").check();
    await page.getByRole("button", { name: "Thêm người dùng" }).click();
    await expect(page.getByText("Đã tạo người dùng.")).toBeVisible();
    await expect(page.getByRole("heading", { level: 1 })).toContainText("Lê Thị Mai");

    await page.goto("/admin/calendar?year=2027");
    await page.getByLabel("Ngày (dd/mm/yyyy)").fill("31/02/2027");
    await page.getByLabel("Tên, lý do").fill("Ngày sai");
    await page.getByRole("button", { name: "Lưu" }).click();
    await expect(page.getByText("Ngày 31/02/2027 không có thật: tháng 2/2027 chỉ có 28 ngày.")).toBeVisible();
    await page.getByLabel("Ngày (dd/mm/yyyy)").fill("24/11/2027");
    await page.getByLabel("Tên, lý do").fill("Ngày Văn hóa Việt Nam");
    await page.getByRole("button", { name: "Lưu" }).click();
    await expect(page.getByRole("cell", { name: "Ngày Văn hóa Việt Nam" })).toBeVisible();
  });
});

test.describe("[A11Y] accessibility", () => {
  test("[A11Y]: login, dashboard, account and admin pages have no serious axe violations", async ({ page }) => {
    await page.goto("/login");
    await expectAccessible(page);
    await loginAs(page, "admin");
    for (const path of ["/", "/account", "/admin", "/admin/users", "/admin/organizations", "/admin/calendar", "/khong-co-trang-nay"]) {
      await page.goto(path);
      await expectAccessible(page);
    }
  });

  test("[A11Y]: the shell works on a 390 px phone screen", async ({ page }) => {
    await page.setViewportSize({ width: 390, height: 844 });
    await loginAs(page, "vanthu");
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await expect(page.getByRole("button", { name: "Đăng xuất" })).toBeVisible();
  });

  test("[A11Y]: the login form is usable with the keyboard alone", async ({ page }) => {
    await page.goto("/login");
    await page.keyboard.type("chuyenvien");
    await page.keyboard.press("Tab");
    await page.keyboard.type("demo");
    await page.keyboard.press("Enter");
    await expect(page.getByRole("button", { name: "Đăng xuất" })).toBeVisible();
  });
});
