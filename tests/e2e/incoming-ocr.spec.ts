// A clerk drops a scanned paper document in (issue 14): the form comes back at once with the OCR in
// progress, the clerk may type meanwhile, and when the text arrives the empty fields fill themselves
// (highlighted, to check) while what the clerk typed stays.
import { expect, test } from "playwright/test";
import { composeSampleDocumentPdf } from "#app/features/demo/sample-pdf.server";
import { KH_172_SPEC } from "#tests/support/incoming-fixtures";
import { scanPdf } from "#tests/support/scan-corpus";
import { loginAs } from "./support";

test("[CLERK]: a scan is OCR'd in the background and fills the empty fields without touching typed ones", async ({ page }) => {
  test.setTimeout(240_000);
  const scan = await scanPdf(await composeSampleDocumentPdf(KH_172_SPEC), 300);
  await loginAs(page, "vanthu");
  await page.goto("/incoming/new");
  await page.getByLabel(/Tệp PDF/).setInputFiles({ name: "ban-quet-172.pdf", mimeType: "application/pdf", buffer: Buffer.from(scan) });
  await expect(page.getByRole("status").filter({ hasText: "bản quét không có lớp văn bản" })).toBeVisible();
  // The clerk types the summary before the OCR ends.
  const summary = page.getByLabel("Trích yếu nội dung");
  await summary.fill("Văn thư tự nhập trích yếu");
  await expect(page.locator("[data-ocr-state=done]")).toBeVisible({ timeout: 200_000 });
  await expect(page.getByLabel("Số, ký hiệu")).toHaveValue("172/KH-UBND");
  await expect(page.getByLabel("Số, ký hiệu")).toHaveClass(/extracted/);
  await expect(page.getByLabel("Ngày văn bản")).toHaveValue("15/06/2025");
  await expect(page.getByLabel("Loại văn bản", { exact: true })).toHaveValue("KH");
  await expect(page.getByLabel("Người ký", { exact: true })).toHaveValue("Lâm Văn Bi");
  await expect(summary).toHaveValue("Văn thư tự nhập trích yếu");
  await page.screenshot({ path: "tests/.tmp/incoming-ocr.png", fullPage: true });
});
