import { expect, test } from "playwright/test";
import { expectAccessible, loginAs, logout } from "./support";

// The plan manager imports a plan → Sở Tư pháp updates its task with evidence and completes it → the
// manager confirms → the dashboard figures change → a quarterly report downloads as XLSX.

const year = new Date().getFullYear();
const pad = (n: number) => String(n).padStart(2, "0");
const today = (() => {
  const d = new Date();
  return `${pad(d.getDate())}/${pad(d.getMonth() + 1)}/${d.getFullYear()}`;
})();

const csv = [
  'Nhiệm vụ chung,Nhiệm vụ cụ thể,Tài liệu kiểm chứng phải chuẩn bị,"Thời gian thực hiện, hoàn thành",Cơ quan chủ trì,Cơ quan phối hợp',
  `"I. Cải cách thể chế","1. Rà soát văn bản quy phạm pháp luật của tỉnh E2E","Báo cáo kết quả rà soát","Trong năm ${year}","Sở Tư pháp","Sở Nội vụ"`,
  `"","2. Kiểm tra công tác cải cách hành chính E2E","Thông báo kết luận kiểm tra","Trong năm ${year}","Văn phòng UBND tỉnh","Các sở, ban, ngành tỉnh"`,
].join("\r\n");

test.describe.configure({ mode: "serial" });

test("[PLANS]: import → department completes with evidence → manager confirms → dashboard and XLSX report", async ({ page }) => {
  await loginAs(page, "sonoivu");
  await page.goto("/plans/import");
  await expectAccessible(page);
  await page.getByLabel("Tệp phụ lục", { exact: true }).setInputFiles({ name: "phu-luc-e2e.csv", mimeType: "text/csv", buffer: Buffer.from(csv, "utf8") });
  await page.getByLabel("Năm kế hoạch", { exact: true }).fill(String(year));
  await page.getByRole("button", { name: "Xem trước" }).click();
  await expect(page.getByTestId("preview-task-count")).toHaveText("2");
  await expect(page.getByText("Các sở, ban, ngành tỉnh (chưa khớp)")).toBeVisible();
  await expectAccessible(page);
  await page.getByLabel("Tên kế hoạch", { exact: true }).fill(`Kế hoạch CCHC E2E ${year}`);
  await page.getByLabel("Số, ký hiệu văn bản ban hành", { exact: true }).fill("99/KH-UBND");
  await page.getByRole("button", { name: "Nhập kế hoạch" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(`Kế hoạch CCHC E2E ${year}`);
  await expect(page.getByTestId("plan-done")).toHaveText("0");
  await expect(page.getByTestId("plan-countable")).toHaveText("2");
  await expect(page.locator('svg[data-chart="gauge"]')).toHaveAttribute("aria-label", /0\/2 nhiệm vụ, tỷ lệ 0,00%/);
  await expectAccessible(page);
  const planUrl = page.url();
  await logout(page);

  await loginAs(page, "sotuphap");
  await page.goto("/tasks");
  await expectAccessible(page);
  await page.getByRole("link", { name: /Rà soát văn bản quy phạm pháp luật của tỉnh E2E/ }).click();
  await expect(page.getByTestId("task-status")).toHaveText("Chưa thực hiện");
  await expectAccessible(page);
  // Completing without evidence is refused.
  await page.getByLabel("Tình trạng mới", { exact: true }).selectOption("done");
  await page.getByLabel("Ngày hoàn thành (khi Hoàn thành)", { exact: true }).fill(today);
  await page.getByRole("button", { name: "Cập nhật tình trạng" }).click();
  await expect(page.getByText(/Chưa có tài liệu kiểm chứng/).first()).toBeVisible();
  // Link the report as evidence, then complete.
  await page.getByLabel("Số, ký hiệu", { exact: true }).fill("15/BC-STP");
  await page.getByLabel("Ngày văn bản", { exact: true }).fill(today);
  await page.getByLabel("Trích yếu", { exact: true }).fill("Báo cáo kết quả rà soát văn bản");
  await page.getByRole("button", { name: "Liên kết văn bản" }).click();
  await expect(page.getByText("Đã đính kèm tài liệu kiểm chứng.")).toBeVisible();
  await page.getByLabel("Tình trạng mới", { exact: true }).selectOption("done");
  await page.getByLabel("Ngày hoàn thành (khi Hoàn thành)", { exact: true }).fill(today);
  await page.getByRole("button", { name: "Cập nhật tình trạng" }).click();
  await expect(page.getByTestId("task-status")).toHaveText("Chờ xác nhận");
  const taskUrl = page.url().split("?")[0];
  await logout(page);

  await loginAs(page, "sonoivu");
  await page.goto(taskUrl);
  await page.getByRole("button", { name: "Xác nhận hoàn thành" }).click();
  await expect(page.getByTestId("task-status")).toHaveText("Hoàn thành");
  await page.goto(planUrl.split("?")[0]);
  await expect(page.getByTestId("plan-done")).toHaveText("1");
  await expect(page.getByTestId("plan-rate")).toHaveText("50,00%");

  await page.getByRole("link", { name: "Báo cáo định kỳ" }).click();
  await expectAccessible(page);
  await page.getByLabel("Kỳ báo cáo", { exact: true }).selectOption("q1");
  await page.getByRole("button", { name: "Lập báo cáo" }).click();
  // Before the quarter's cut-off date (January to March) the report is frozen only after a confirmation.
  const confirmEarly = page.getByLabel("Vẫn lập báo cáo trước ngày chốt");
  await expect(page.getByRole("link", { name: /XLSX/ }).first().or(confirmEarly)).toBeVisible();
  if (await confirmEarly.isVisible()) {
    await confirmEarly.check();
    await page.getByRole("button", { name: "Lập báo cáo" }).click();
  }
  const downloadPromise = page.waitForEvent("download");
  await page.getByRole("link", { name: /XLSX/ }).first().click();
  const download = await downloadPromise;
  expect(download.suggestedFilename()).toMatch(/\.xlsx$/);
});

test("[PLANS]: the leader sees the demo plan dashboard with accessible charts", async ({ page }) => {
  await loginAs(page, "chutich");
  await page.goto("/plans");
  await page.getByRole("link", { name: /Kế hoạch cải thiện Chỉ số cải cách hành chính/ }).click();
  await expect(page.locator('[data-chart="bars"]').first()).toHaveAttribute("aria-label", /Tỷ lệ hoàn thành theo nhiệm vụ chung/);
  await expectAccessible(page);
  await page.goto("/reports");
  await expectAccessible(page);
});
