import { expect, test, type Page } from "playwright/test";
import { expectAccessible, loginAs, logout, withE2eDb } from "./support";

// One outgoing document through every role (seed 004, 2.2 c): the specialist composes a Kế hoạch from
// the template, the department lead approves, the office lead returns it once, then approves, the
// Chủ tịch signs with the certificate passphrase, the clerk numbers, seals and issues it, and the
// Tân Thành clerk finds it in the incoming queue and registers it.
const SUMMARY = `Kiểm tra vận hành thử nghiệm e2e ${Date.now()}`;
let documentUrl = "";

async function openDocument(page: Page) {
  await page.goto(documentUrl);
  await expect(page.getByRole("heading", { level: 1 })).toContainText(SUMMARY);
}

test.describe
  .serial("[OUTGOING] draft → review → sign → issue → liên thông", () => {
    test("[SPECIALIST]: composes a Kế hoạch from the template and submits it", async ({ page }) => {
      await loginAs(page, "chuyenvien");
      await page.goto("/outgoing");
      await expectAccessible(page);
      await page.getByRole("link", { name: "Soạn văn bản mới" }).click();
      await expect(page.getByRole("heading", { name: "Soạn văn bản đi" })).toBeVisible();
      await page.getByLabel("Loại văn bản").selectOption({ label: "Kế hoạch (KH)" });
      await page.getByLabel("Trích yếu").fill(SUMMARY);
      await page
        .getByLabel("Nội dung")
        .fill("I. MỤC ĐÍCH\n- Đánh giá khả năng vận hành của chính quyền cấp xã.\nII. TỔ CHỨC THỰC HIỆN\nGiao Sở Nội vụ chủ trì thực hiện./.");
      await page.getByRole("group", { name: "Nơi nhận trong hệ thống (liên thông)" }).getByLabel("Ủy ban nhân dân phường Tân Thành (000.01.01.H12)").check();
      await expectAccessible(page);
      await page.getByRole("button", { name: "Lưu dự thảo" }).click();
      await expect(page.getByText("Đã lưu dự thảo.")).toBeVisible();
      documentUrl = new URL(page.url()).pathname;
      await expect(page.getByTestId("outgoing-status")).toHaveText("Dự thảo");
      await expect(page.getByRole("region", { name: "Nội dung văn bản", exact: true })).toBeVisible();
      await expectAccessible(page);
      await page.getByRole("button", { name: "Trình duyệt" }).click();
      await expect(page.getByTestId("outgoing-status")).toHaveText("Chờ lãnh đạo phòng duyệt");
      await logout(page);
    });

    test("[DEPT_LEAD]: approves the content", async ({ page }) => {
      await loginAs(page, "truongphong");
      await page.goto("/outgoing?queue=review");
      await page.getByRole("link", { name: new RegExp(SUMMARY) }).click();
      await page.getByRole("button", { name: "Duyệt nội dung" }).click();
      await expect(page.getByTestId("outgoing-status")).toHaveText("Chờ Văn phòng kiểm tra thể thức");
      await logout(page);
    });

    test("[OFFICE_LEAD]: returns the draft with a comment; [SPECIALIST] revises and resubmits", async ({ page }) => {
      await loginAs(page, "chanhvanphong");
      await openDocument(page);
      await page.getByRole("button", { name: "Trả lại" }).click();
      await expect(page.getByText("Nhập ý kiến khi trả lại dự thảo")).toBeVisible();
      await page.getByLabel("Ý kiến").fill("Bổ sung nơi nhận Sở Nội vụ.");
      await page.getByRole("button", { name: "Trả lại" }).click();
      await expect(page.getByTestId("outgoing-status")).toHaveText("Dự thảo");
      await logout(page);

      await loginAs(page, "chuyenvien");
      await page.goto("/");
      await expect(page.locator("[data-counter='outgoing-returned'] strong")).not.toHaveText("0");
      await openDocument(page);
      await expect(page.getByText("Dự thảo bị trả lại: Bổ sung nơi nhận Sở Nội vụ.")).toBeVisible();
      await page.getByRole("link", { name: "Sửa dự thảo" }).click();
      await page.getByLabel("Nơi nhận (in trên văn bản)").fill("Sở Nội vụ\nUBND phường Tân Thành");
      await page.getByRole("button", { name: "Lưu phiên bản mới" }).click();
      await expect(page.getByText("Đã lưu phiên bản mới của dự thảo.")).toBeVisible();
      await page.getByRole("link", { name: "So sánh với lần 1" }).click();
      await expect(page.getByRole("row", { name: /Nơi nhận \(in trên văn bản\)/ })).toContainText("Sở Nội vụ");
      await expectAccessible(page);
      await openDocument(page);
      await page.getByRole("button", { name: "Trình duyệt" }).click();
      await logout(page);
    });

    test("[DEPT_LEAD] and [OFFICE_LEAD]: approve; the office records the initial (ký nháy)", async ({ page }) => {
      await loginAs(page, "truongphong");
      await openDocument(page);
      await page.getByRole("button", { name: "Duyệt nội dung" }).click();
      await expect(page.getByTestId("outgoing-status")).toHaveText("Chờ Văn phòng kiểm tra thể thức");
      await logout(page);
      await loginAs(page, "chanhvanphong");
      await openDocument(page);
      await page.getByRole("button", { name: "Đạt thể thức, ký nháy và trình ký" }).click();
      await expect(page.getByTestId("outgoing-status")).toHaveText("Chờ ký");
      await logout(page);
    });

    test("[LEADER]: signs with the certificate passphrase", async ({ page }) => {
      await loginAs(page, "chutich");
      await page.goto("/outgoing?queue=sign");
      await expectAccessible(page);
      await page.getByRole("link", { name: new RegExp(SUMMARY) }).click();
      await page.getByRole("link", { name: "Ký số" }).click();
      await expect(page.getByRole("region", { name: "Văn bản trình ký", exact: true })).toBeVisible();
      await expectAccessible(page);
      await page.getByLabel("Mật khẩu chứng thư số").fill("sai-mat-khau");
      await page.getByRole("button", { name: "Ký số" }).click();
      await expect(page.getByText("Mật khẩu chứng thư số không đúng").first()).toBeVisible();
      await expect(page.getByLabel("Mật khẩu chứng thư số")).toHaveValue("");
      await page.getByLabel("Mật khẩu chứng thư số").fill("demo");
      const started = Date.now();
      await page.getByRole("button", { name: "Ký số" }).click();
      await expect(page.getByText("Đã ký số văn bản.")).toBeVisible();
      console.log(JSON.stringify({ e2eLeaderSignMs: Date.now() - started }));
      await expect(page.getByTestId("outgoing-status")).toHaveText("Đã ký, chờ cấp số");
      await expect(page.getByRole("cell", { name: "Nguyễn Văn An" })).toBeVisible();
      // The signing time reads as the rest of the UI: dd/mm/yyyy HH:mm, Vietnam time (not an ISO string).
      const signatureRow = page.getByRole("region", { name: "Chữ ký số", exact: true }).getByRole("row").filter({ hasText: "Nguyễn Văn An" });
      await expect(signatureRow.getByRole("cell").nth(1)).toHaveText(/^\d{2}\/\d{2}\/\d{4} \d{2}:\d{2}$/);
      await logout(page);
    });

    test("[CLERK]: numbers, seals and issues it; the register lists it", async ({ page }) => {
      await loginAs(page, "vanthu");
      await page.goto("/outgoing?queue=issue");
      await page.getByRole("link", { name: new RegExp(SUMMARY) }).click();
      await page.getByRole("link", { name: "Cấp số và phát hành" }).click();
      await expect(page.getByTestId("proposed-number")).toHaveText(/^\d{2,}\/KH-UBND$/);
      await expectAccessible(page);
      await page.getByLabel("Mật khẩu chứng thư số của cơ quan").fill("demo");
      const started = Date.now();
      await page.getByRole("button", { name: "Cấp số, ký số và phát hành" }).click();
      await expect(page.getByText("Đã cấp số, ký số cơ quan và phát hành văn bản.")).toBeVisible();
      console.log(JSON.stringify({ e2eClerkIssueMs: Date.now() - started }));
      await expect(page.getByTestId("outgoing-status")).toHaveText("Đã phát hành");
      const numberSymbol = (await page.getByTestId("outgoing-number").textContent())!.trim();
      expect(numberSymbol).toMatch(/^\d{2,}\/KH-UBND$/);
      await expect(page.getByRole("cell", { name: "Ủy ban nhân dân tỉnh Cà Mau", exact: true })).toBeVisible();
      await expect(page.locator("tr[data-recipient='Ủy ban nhân dân phường Tân Thành'] [data-testid='delivery-status']")).toHaveText(/Đã đến/);
      await expectAccessible(page);
      await page.goto("/outgoing/register");
      await expect(page.getByRole("link", { name: numberSymbol })).toBeVisible();
      await expectAccessible(page);
      await logout(page);
    });

    test("[COMMUNE CLERK]: sees it arrive in Tân Thành's incoming queue and registers it", async ({ page }) => {
      await loginAs(page, "vanthu.tanthanh");
      await page.goto("/incoming?box=registration");
      await page
        .getByRole("link", { name: new RegExp(SUMMARY) })
        .first()
        .click();
      await page.getByRole("link", { name: "Đăng ký văn bản này" }).click();
      await page.getByRole("button", { name: "Lưu", exact: true }).click();
      await expect(page.getByRole("status").filter({ hasText: "Đã đăng ký văn bản đến, số đến" })).toBeVisible();
      await logout(page);

      await loginAs(page, "vanthu");
      await openDocument(page);
      await expect(page.locator("tr[data-recipient='Ủy ban nhân dân phường Tân Thành'] [data-testid='delivery-status']")).toHaveText(/Đã vào sổ/);
    });
  });

// A secret (Mật) document: the form keeps metadata only, the Chủ tịch records "Duyệt ký (bản giấy)",
// the clerk numbers it in the secret book — no PDF, no signature, no delivery.
const SECRET_SUMMARY = `Báo cáo mật e2e ${Date.now()}`;
let secretUrl = "";

test.describe
  .serial("[OUTGOING] secret document: metadata only, paper approval, secret book", () => {
    test("[SPECIALIST]: choosing Mật hides the file and content parts; the draft is saved without a PDF", async ({ page }) => {
      await loginAs(page, "chuyenvien");
      await page.goto("/outgoing/new");
      await expect(page.getByLabel("Tệp PDF (khi tải lên)")).toBeVisible();
      await page.getByLabel("Độ mật").selectOption({ label: "Mật" });
      await expect(page.getByTestId("secret-draft-notice")).toContainText("chỉ quản lý thông tin");
      await expect(page.getByLabel("Tệp PDF (khi tải lên)")).toBeHidden();
      await expect(page.getByLabel("Nội dung")).toBeHidden();
      await expect(page.getByLabel("Tài liệu kèm theo")).toHaveCount(0);
      await page.getByLabel("Loại văn bản").selectOption({ label: "Báo cáo (BC)" });
      await page.getByLabel("Trích yếu").fill(SECRET_SUMMARY);
      await page.getByLabel("Nơi nhận ngoài hệ thống").fill("Công an tỉnh Cà Mau; gửi bản giấy");
      await expectAccessible(page);
      await page.getByRole("button", { name: "Lưu dự thảo" }).click();
      await expect(page.getByText("Đã lưu dự thảo.")).toBeVisible();
      secretUrl = new URL(page.url()).pathname;
      await expect(page.getByTestId("secret-notice")).toContainText("Văn bản mật – chỉ quản lý thông tin, bản gốc lưu bản giấy");
      await expect(page.getByRole("region", { name: "Nội dung văn bản", exact: true })).toHaveCount(0);
      await expect(page.getByRole("link", { name: "Tải tệp PDF" })).toHaveCount(0);
      await page.getByRole("button", { name: "Trình duyệt" }).click();
      await expect(page.getByTestId("outgoing-status")).toHaveText("Chờ lãnh đạo phòng duyệt");
      await logout(page);

      await loginAs(page, "truongphong");
      await page.goto(secretUrl);
      await page.getByRole("button", { name: "Duyệt nội dung" }).click();
      await expect(page.getByTestId("outgoing-status")).toHaveText("Chờ Văn phòng kiểm tra thể thức");
      await logout(page);
      await loginAs(page, "chanhvanphong");
      await page.goto(secretUrl);
      await page.getByRole("button", { name: "Đạt thể thức, ký nháy và trình ký" }).click();
      await expect(page.getByTestId("outgoing-status")).toHaveText("Chờ ký");
      await logout(page);
    });

    test("[LEADER]: records Duyệt ký (bản giấy) — no digital signature offered", async ({ page }) => {
      await loginAs(page, "chutich");
      await page.goto(secretUrl);
      await expect(page.getByRole("link", { name: "Ký số", exact: true })).toHaveCount(0);
      await expectAccessible(page);
      await page.getByRole("button", { name: "Duyệt ký (bản giấy)" }).click();
      await expect(page.getByTestId("outgoing-status")).toHaveText("Đã ký, chờ cấp số");
      await expect(page.getByText(/đã duyệt ký bản giấy/)).toBeVisible();
      await logout(page);
    });

    test("[CLERK]: numbers it in the secret book without a passphrase; the secret register lists it", async ({ page }) => {
      await loginAs(page, "vanthu");
      await page.goto("/outgoing?queue=issue");
      await page.getByRole("link", { name: new RegExp(SECRET_SUMMARY) }).click();
      await page.getByRole("link", { name: "Cấp số, đăng ký văn bản mật" }).click();
      await expect(page.getByTestId("proposed-number")).toHaveText(/^\d{2,}\/BC-UBND$/);
      await expect(page.getByLabel("Mật khẩu chứng thư số của cơ quan")).toHaveCount(0);
      await expectAccessible(page);
      await page.getByRole("button", { name: "Cấp số và đăng ký" }).click();
      await expect(page.getByText("Đã cấp số và đăng ký văn bản mật vào sổ văn bản đi mật.")).toBeVisible();
      await expect(page.getByTestId("outgoing-status")).toHaveText("Đã phát hành");
      const numberSymbol = (await page.getByTestId("outgoing-number").textContent())!.trim();
      await expect(page.getByRole("link", { name: "Văn bản đã ký (PDF)" })).toHaveCount(0);
      await page.goto("/outgoing/register");
      const secretBook = page.getByLabel("Sổ", { exact: true }).locator("option", { hasText: "mật" });
      await page.getByLabel("Sổ", { exact: true }).selectOption(await secretBook.first().getAttribute("value"));
      await page.getByRole("button", { name: "Xem" }).click();
      await expect(page.getByRole("heading", { name: /SỔ ĐĂNG KÝ VĂN BẢN ĐI MẬT/ })).toBeVisible();
      await expect(page.getByRole("link", { name: numberSymbol })).toBeVisible();
      await expectAccessible(page);
      await logout(page);
    });
  });

// Issue 18: a queue shows 20 documents a page, with links to the pages after and before that keep the
// queue and its filter. 25 returned drafts are written straight into the database (and removed again, so
// later specs see the demo data), newest first: "Phân trang e2e 01" … "25".
test("[SPECIALIST]: pages through the returned drafts with Trang sau / Trang trước, keeping the filter", async ({ page }) => {
  const ids = withE2eDb((db) => {
    const one = (sql: string) => (db.prepare(sql).get() as { id: number }).id;
    const specialist = db.prepare("select id, unit_id, organization_id from users where username = 'chuyenvien'").get() as {
      id: number;
      unit_id: number;
      organization_id: number;
    };
    const signer = one("select id from users where username = 'chutich'");
    const insert =
      db.prepare(`insert into outgoing_documents (organization_id, drafting_unit_id, created_by, doc_type_code, summary, signer_id, signer_title, status, source,
      last_comment, created_at, updated_at) values (?, ?, ?, 'CV', ?, ?, 'Chủ tịch', 'draft', 'composed', 'Bổ sung số liệu.', ?, ?) returning id`);
    // Later than anything the demo or the earlier tests wrote, so they fill the first pages in this order.
    const top = Date.now() + 86_400_000;
    return Array.from(
      { length: 25 },
      (_, i) =>
        (
          insert.get(
            specialist.organization_id,
            specialist.unit_id,
            specialist.id,
            `Phân trang e2e ${String(i + 1).padStart(2, "0")}`,
            signer,
            top - i * 60_000,
            top - i * 60_000,
          ) as { id: number }
        ).id,
    );
  });
  try {
    await loginAs(page, "chuyenvien");
    await page.goto("/outgoing?queue=mine&returned=1");
    const rows = page.locator("table tbody tr");
    const summaries = page.locator("table tbody tr a[href^='/outgoing/']");
    await expect(rows).toHaveCount(20);
    await expect(summaries.first()).toContainText("Phân trang e2e 01");
    await expect(summaries.nth(19)).toContainText("Phân trang e2e 20");
    await expect(page.locator("table caption")).toContainText(/Dự thảo của tôi: \d+ văn bản \(20 văn bản trên trang này\)/);
    const pager = page.getByRole("navigation", { name: "Phân trang văn bản đi" });
    await expect(pager.getByRole("link", { name: /Trang trước/ })).toHaveCount(0);
    await expectAccessible(page);

    await pager.getByRole("link", { name: /Trang sau/ }).click();
    await expect(summaries.first()).toContainText("Phân trang e2e 21");
    const url = new URL(page.url());
    expect(url.searchParams.get("queue")).toBe("mine");
    expect(url.searchParams.get("returned")).toBe("1");
    expect(url.searchParams.get("cursor")).toBeTruthy();
    await expect(page.getByText("Chỉ dự thảo bị trả lại.")).toBeVisible();
    for (const text of await summaries.allTextContents()) expect(text).not.toMatch(/Phân trang e2e (0\d|1\d|20)\b/);
    await expect(page.locator("table tbody tr", { hasText: "Phân trang e2e" })).toHaveCount(5);
    await expectAccessible(page);

    await pager.getByRole("link", { name: /Trang trước/ }).click();
    await expect(summaries.first()).toContainText("Phân trang e2e 01");
    await expect(rows).toHaveCount(20);
    expect(new URL(page.url()).searchParams.get("returned")).toBe("1");
    await logout(page);
  } finally {
    withE2eDb((db) => db.prepare(`delete from outgoing_documents where id in (${ids.map(() => "?").join(",")})`).run(...ids));
  }
});
