// Issue 17: the clerk sees the approved demo danh mục, opens a file from an entry, files an incoming document from
// its page, then files another in bulk on the file page and closes it; the closed file offers no more changes.
import { expect, test } from "playwright/test";
import { expectAccessible, loginAs, withE2eDb } from "./support";

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
      (db.prepare("select d.id from incoming_documents d join organizations o on o.id = d.organization_id where o.identifier = '000.00.00.H12' and d.arrival_number is not null and d.is_secret = 0 and d.status not in ('received','returned') and d.recalled_at is null order by d.id desc limit 1").get() as { id: number }).id,
  );
  await page.goto(`/incoming/${docId}`);
  await page.getByLabel("Đưa vào hồ sơ").selectOption({ label: (await page.getByLabel("Đưa vào hồ sơ").locator("option", { hasText: "02.VT" }).textContent()) ?? "" });
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
