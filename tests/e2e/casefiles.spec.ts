// Issue 17: the clerk sees the approved demo danh mục, opens a file from an entry, files an incoming document from
// its page, then files another in bulk on the file page and closes it; the closed file offers no more changes.
import { expect, test } from "playwright/test";
import { expectAccessible, loginAs, logout, withE2eDb } from "./support";

test("danh mục, open a file, add from the document page and in bulk, close", async ({ page }) => {
  await loginAs(page, "vanthu");
  await page.getByRole("link", { name: "Hồ sơ", exact: true }).click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Hồ sơ – lưu trữ năm");
  await expect(page.getByText("Đã duyệt")).toBeVisible();
  await expectAccessible(page);

  // Open 02.VT from its entry of the list.
  await page.getByRole("button", { name: "Mở hồ sơ 02.VT" }).click();
  await expect(page.getByText("Đã mở hồ sơ.")).toBeVisible();
  await expect(page.getByText(/000\.00\.00\.H12\.\d{4}\.02\.VT/).first()).toBeVisible();
  const fileUrl = page.url().split("?")[0];

  // From an incoming document's page.
  const docId = withE2eDb(
    (db) =>
      (
        db
          .prepare(
            "select d.id from incoming_documents d join organizations o on o.id = d.organization_id where o.identifier = '000.00.00.H12' and d.arrival_number is not null and d.is_secret = 0 and d.status not in ('received','returned') and d.recalled_at is null order by d.id desc limit 1",
          )
          .get() as { id: number }
      ).id,
  );
  await page.goto(`/incoming/${docId}`);
  await page
    .getByLabel("Đưa vào hồ sơ")
    .selectOption({ label: (await page.getByLabel("Đưa vào hồ sơ").locator("option", { hasText: "02.VT" }).textContent()) ?? "" });
  await page.getByRole("button", { name: "Đưa vào hồ sơ" }).click();
  await expect(page.getByText(/Đã đưa văn bản vào hồ sơ 000\.00\.00\.H12\.\d{4}\.02\.VT/)).toBeVisible();

  // In bulk on the file page.
  await page.goto(fileUrl);
  await expect(page.locator("tbody tr")).toHaveCount(1);
  const boxes = page.locator('input[name="docs"]');
  await boxes.nth(0).check();
  await boxes.nth(1).check();
  await page.getByRole("button", { name: "Đưa các văn bản đã chọn vào hồ sơ" }).click();
  await expect(page.getByText("Đã đưa văn bản vào hồ sơ.")).toBeVisible();
  await expect(page.locator("tbody tr")).toHaveCount(3);
  await expectAccessible(page);
  await page.screenshot({ path: "tests/.tmp/casefiles-file.png", fullPage: true });

  await page.getByRole("button", { name: "Kết thúc hồ sơ" }).click();
  await expect(page.getByText("Đã kết thúc hồ sơ")).toBeVisible();
  await expect(page.getByRole("button", { name: /Rút/ })).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Kết thúc hồ sơ" })).toHaveCount(0);
  // The closed file refuses a change posted directly.
  const refused = await page.evaluate(async (url) => {
    const body = new URLSearchParams({ intent: "remove", doc: "incoming:1" });
    const r = await fetch(url, { method: "POST", body, headers: { "Content-Type": "application/x-www-form-urlencoded" } });
    return r.status;
  }, fileUrl);
  expect(refused).toBeGreaterThanOrEqual(400);

  // Nộp lưu by the archive clerk: the file becomes read-only, the record and the list download.
  await page.goto(fileUrl);
  await page.getByRole("button", { name: /Nhận nộp lưu/ }).click();
  await expect(page.getByText("Đã nhận hồ sơ vào Lưu trữ cơ quan (nộp lưu).")).toBeVisible();
  await expect(page.getByText("Hồ sơ đã nộp lưu vào Lưu trữ cơ quan: chỉ được xem.")).toBeVisible();
  const href = await page.getByRole("link", { name: "Biên bản giao nhận (PDF)" }).getAttribute("href");
  const pdf = await page.request.get(href ?? "");
  expect(pdf.status()).toBe(200);
  expect((await pdf.body()).subarray(0, 5).toString()).toBe("%PDF-");
  await page.screenshot({ path: "tests/.tmp/casefiles-handed-over.png", fullPage: true });
});

// The archive side: correcting an open ad hoc file, a closed file overdue for nộp lưu on /case-files, the retention
// review recording a destruction decision, the destroyed file's page and its ZIP package; others get no review page.
test("edit an open file, overdue nộp lưu, retention review with a destruction decision, ZIP package", async ({ page }) => {
  await loginAs(page, "vanthu");
  await page.goto("/case-files");
  await page.getByLabel("Số, ký hiệu hồ sơ").fill("09.TT");
  await page.getByLabel("Tiêu đề hồ sơ").fill("Hồ sơ tạm");
  await page.getByLabel("Thời hạn bảo quản").fill("5 năm");
  await page.getByRole("button", { name: "Lập hồ sơ" }).click();
  await expect(page.getByText("Đã mở hồ sơ.")).toBeVisible();
  const fileUrl = page.url().split("?")[0];
  const fileId = Number(fileUrl.split("/").pop());

  // Correct the metadata while open (an ad hoc file: the retention too).
  await page.getByLabel("Tiêu đề hồ sơ").fill("Hồ sơ thanh tra công vụ năm 2010");
  await page.getByLabel("Chế độ sử dụng").selectOption("restricted");
  await page.getByLabel("Thời hạn bảo quản").fill("10 năm");
  await page.getByLabel("Ghi chú").fill("Hồ sơ lập bổ sung");
  await page.getByRole("button", { name: "Lưu thông tin hồ sơ" }).click();
  await expect(page.getByText("Đã cập nhật thông tin hồ sơ.")).toBeVisible();
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Hồ sơ thanh tra công vụ năm 2010");
  await expect(page.getByRole("definition").filter({ hasText: "Hạn chế sử dụng" })).toBeVisible();
  await expectAccessible(page);
  await page.screenshot({ path: "tests/.tmp/casefiles-edit.png", fullPage: true });

  await page.locator('input[name="docs"]').first().check();
  await page.getByRole("button", { name: "Đưa các văn bản đã chọn vào hồ sơ" }).click();
  await expect(page.getByText("Đã đưa văn bản vào hồ sơ.")).toBeVisible();
  await page.getByRole("button", { name: "Kết thúc hồ sơ" }).click();
  await expect(page.getByText("Đã kết thúc hồ sơ")).toBeVisible();
  await expect(page.getByRole("button", { name: "Lưu thông tin hồ sơ" })).toHaveCount(0);

  // Closed 400 days ago and the matter dated 2010 (a file of that time): overdue for nộp lưu, due for review.
  withE2eDb((db) =>
    db
      .prepare("update case_files set closed_at = ?, start_date = '2010-03-01', end_date = '2010-11-30' where id = ?")
      .run(Date.now() - 400 * 86_400_000, fileId),
  );
  await page.goto("/case-files");
  const overdue = page.getByRole("region", { name: "Quá hạn nộp lưu" });
  await expect(overdue.getByRole("link", { name: /09\.TT$/ })).toBeVisible();
  await page.screenshot({ path: "tests/.tmp/casefiles-overdue.png", fullPage: true });
  await page.getByRole("link", { name: "Hồ sơ đến hạn xem xét hủy" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Hồ sơ đến hạn xem xét hủy");
  await expectAccessible(page);
  const box = page.getByRole("checkbox", { name: /Chọn hồ sơ .*09\.TT$/ });
  await box.check();
  await page.getByLabel("Số, ký hiệu quyết định").fill("25/QĐ-UBND");
  const vnToday = new Date(Date.now() + 7 * 3_600_000).toISOString().slice(0, 10).split("-").reverse().join("/");
  await page.getByLabel("Ngày quyết định").fill(vnToday);
  await page.getByLabel("Người ký quyết định").fill("Lâm Văn Bi, Chủ tịch UBND tỉnh");
  await page.screenshot({ path: "tests/.tmp/casefiles-retention-form.png", fullPage: true });
  // Without a reason the browser does not send the form (the server refuses it too: integration test).
  await page.getByRole("button", { name: "Ghi nhận quyết định hủy các hồ sơ đã chọn" }).click();
  await expect(page.getByLabel("Lý do hủy")).toHaveJSProperty("validity.valueMissing", true);
  await page.getByLabel("Lý do hủy").fill("Hết thời hạn bảo quản, không còn giá trị");
  await page.getByRole("button", { name: "Ghi nhận quyết định hủy các hồ sơ đã chọn" }).click();
  await expect(page.getByText(/Đã ghi nhận quyết định 25\/QĐ-UBND: 1 hồ sơ/)).toBeVisible();
  await page.screenshot({ path: "tests/.tmp/casefiles-retention.png", fullPage: true });

  await page.goto(fileUrl);
  await expect(page.getByRole("heading", { name: "Đã hủy theo quyết định" })).toBeVisible();
  await expect(page.getByText(/Quyết định số 25\/QĐ-UBND/)).toBeVisible();
  await expect(page.locator("tbody tr")).toHaveCount(1);
  await expectAccessible(page);
  await page.screenshot({ path: "tests/.tmp/casefiles-destroyed.png", fullPage: true });
  const zipHref = await page.getByRole("link", { name: "Tải gói lưu trữ (ZIP)" }).getAttribute("href");
  const zip = await page.request.get(zipHref ?? "");
  expect(zip.status()).toBe(200);
  expect(zip.headers()["content-type"]).toBe("application/zip");
  expect((await zip.body()).subarray(0, 2).toString()).toBe("PK");

  // A specialist has no review page, and the restricted file of another unit is not found for them.
  await logout(page);
  await loginAs(page, "chuyenvien");
  expect((await page.request.get("/case-files/retention")).status()).toBe(404);
  expect((await page.request.get(zipHref ?? "")).status()).toBe(404);
});
