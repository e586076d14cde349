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
  await page.getByRole("link", { name: /Kế hoạch cải thiện Chỉ số cải cách hành chính/ }).first().click();
  await page.goto(`${new URL(page.url()).pathname.replace(/\/$/, "")}/kpis`);
  await expect(page.getByRole("heading", { name: "Chỉ tiêu của kế hoạch" })).toBeVisible();
  // Hydration runs after the HTML is shown: wait for the client router before judging.
  await page.waitForFunction(() => (window as unknown as { __remixRouter?: unknown }).__remixRouter !== undefined);
  await expect(page.getByText("Đã xảy ra lỗi")).toHaveCount(0);
  await expect(page.getByRole("combobox", { name: "Chiều đánh giá" }).first()).toContainText("Tăng thêm");
  expect(errors).toEqual([]);
});
