import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { expect, test } from "playwright/test";
import { composeSampleDocumentPdf } from "#app/features/demo/sample-pdf.server";
import { expectAccessible, loginAs, logout } from "./support";

const SUMMARY = "Đôn đốc rà soát thủ tục hành chính nội bộ năm 2025";

test.describe
  .serial("[INCOMING] registration to completion", () => {
    let pdfPath = "";
    let documentUrl = "";

    test.beforeAll(async () => {
      const folder = join(process.cwd(), "tests", ".tmp", "e2e-files");
      mkdirSync(folder, { recursive: true });
      pdfPath = join(folder, "cong-van-e2e.pdf");
      writeFileSync(
        pdfPath,
        await composeSampleDocumentPdf({
          parentIssuer: "UBND TỈNH CÀ MAU",
          issuerLines: ["SỞ TƯ PHÁP"],
          number: "345/STP-KSTT",
          dateLine: "Cà Mau, ngày 05 tháng 6 năm 2025",
          officialLetterSummary: [`V/v ${SUMMARY}`],
          body: ["Kính gửi: Ủy ban nhân dân tỉnh Cà Mau.", "Sở Tư pháp đề nghị rà soát, đơn giản hóa thủ tục hành chính nội bộ."],
          recipients: ["- Như trên;", "- Lưu: VT."],
          signatureLines: ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"],
          signerName: "Trần Văn Hùng",
        }),
      );
    });

    test("[CLERK]: uploads a PDF, sees the fields filled from it, and saves", async ({ page }) => {
      await loginAs(page, "vanthu");
      await page.goto("/incoming/new");
      await expectAccessible(page);
      await page.getByLabel(/Tệp PDF/).setInputFiles(pdfPath);
      await expect(page.getByLabel("Số, ký hiệu")).toHaveValue("345/STP-KSTT");
      await expect(page.getByLabel("Số, ký hiệu")).toHaveClass(/extracted/);
      await expect(page.getByLabel("Trích yếu nội dung")).toHaveValue(SUMMARY);
      await expect(page.getByLabel("Cơ quan ban hành (tác giả)")).toHaveValue("Sở Tư pháp");
      await expect(page.getByLabel("Ngày văn bản")).toHaveValue("05/06/2025");
      await expectAccessible(page);
      await page.getByLabel("Độ khẩn").selectOption("urgent");
      await page.getByRole("button", { name: "Lưu và chuyển phân phối" }).click();
      await expect(page.getByRole("status").filter({ hasText: "Đã đăng ký văn bản đến, số đến" })).toBeVisible();
      documentUrl = new URL(page.url()).pathname;
      await expect(page.getByText("Chờ phân phối").first()).toBeVisible();
      await expectAccessible(page);
      await logout(page);
    });

    test("[OFFICE LEAD]: routes it to the specialist with a deadline", async ({ page }) => {
      await loginAs(page, "chanhvanphong");
      await page.goto("/incoming/routing");
      await expectAccessible(page);
      await page.getByLabel("Chọn văn bản 345/STP-KSTT").check();
      await page.getByLabel("Xử lý chính (chủ trì)").selectOption({ label: "Võ Thị Thu Trang – Chuyên viên (Phòng Kinh tế)" });
      await page.getByLabel("hoặc số ngày làm việc").fill("5");
      await page.getByLabel("Ý kiến phân phối").fill("Đồng chí Trang tham mưu trả lời Sở Tư pháp.");
      await page.getByRole("button", { name: "Phân phối", exact: true }).click();
      await expect(page.getByText(/Đã phân phối 1 văn bản, hạn xử lý/)).toBeVisible();
      await logout(page);
    });

    test("[SPECIALIST]: finds it in the inbox and completes it", async ({ page }) => {
      await loginAs(page, "chuyenvien");
      await page.goto("/incoming?box=inbox");
      await expectAccessible(page);
      await page.getByRole("link", { name: new RegExp(SUMMARY) }).click();
      await expect(page).toHaveURL(new RegExp(`${documentUrl}$`));
      await expect(page.locator(".pdf-viewer canvas").first()).toBeVisible();
      await expectAccessible(page);
      await page.getByLabel("Kết quả xử lý").fill("Đã tham mưu văn bản trả lời Sở Tư pháp.");
      await page.getByRole("button", { name: "Hoàn thành xử lý" }).click();
      await expect(page.getByText("Đã hoàn thành xử lý văn bản.")).toBeVisible();
      await expect(page.getByRole("heading", { name: "Vết xử lý" })).toBeVisible();
      await expect(page.locator(".trail")).toContainText("Hoàn thành");
      await logout(page);
    });

    test("[CLERK]: the register book shows the row and an accent-free search finds it", async ({ page }) => {
      await loginAs(page, "vanthu");
      await page.goto("/incoming/register-book");
      await expectAccessible(page);
      const row = page.getByRole("row").filter({ hasText: "345/STP-KSTT" });
      await expect(row).toContainText("Sở Tư pháp");
      await expect(row).toContainText("Võ Thị Thu Trang (chủ trì)");
      const download = page.waitForEvent("download");
      await page.getByRole("link", { name: "Xuất Excel" }).click();
      expect((await download).suggestedFilename()).toMatch(/^Sổ văn bản đến \d{4}\.xlsx$/);
      await page.goto("/incoming?box=all");
      await page.getByLabel(/Từ khóa/).fill("don doc ra soat thu tuc");
      await page.getByRole("button", { name: "Tìm kiếm" }).click();
      await expect(page.getByRole("link", { name: new RegExp(SUMMARY) })).toBeVisible();
      await expectAccessible(page);
    });

    test("[SCOPE]: a Tân Thành user gets 404 on the province document", async ({ page }) => {
      await loginAs(page, "chanhvanphong.tanthanh");
      const response = await page.goto(documentUrl);
      expect(response?.status()).toBe(404);
    });
  });
