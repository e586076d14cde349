import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { expect, test } from "playwright/test";
import { expectAccessible, loginAs, logout, withE2eDb } from "./support";

// Issue 19 item 3: the administrator adds a CA as PEM; the incoming document page says, per signature, whether it is
// intact, which trust anchor it chains to and what changed after it.
test.describe
  .serial("[TRUST] trust anchors and signature display", () => {
    let pemPath = "";

    test.beforeAll(() => {
      const folder = join(process.cwd(), "tests", ".tmp", "e2e-files");
      mkdirSync(folder, { recursive: true });
      pemPath = join(folder, "root-ca-e2e.pem");
      execFileSync("openssl", [
        "req",
        "-utf8",
        "-x509",
        "-newkey",
        "ec",
        "-pkeyopt",
        "ec_paramgen_curve:P-256",
        "-nodes",
        "-keyout",
        join(folder, "root-ca-e2e.key"),
        "-subj",
        "/CN=Root CA thử nghiệm E2E/O=Bộ Thông tin và Truyền thông/C=VN",
        "-days",
        "3650",
        "-out",
        pemPath,
      ]);
    });

    test("[ADMIN]: adds a root CA by pasting its PEM, sees it listed, removes it", async ({ page }) => {
      await loginAs(page, "admin");
      await page.goto("/admin");
      await page.getByRole("link", { name: /Chứng thư gốc tin cậy/ }).click();
      await expect(page.getByRole("heading", { name: "Chứng thư gốc tin cậy" })).toBeVisible();
      // The demo CA from DATA_DIR/keys is listed but managed on the server.
      await expect(page.getByRole("row", { name: /Văn phòng điện tử - CA thử nghiệm/ })).toContainText("Cấu hình máy chủ");
      await expectAccessible(page);

      await page.getByLabel("Tên gợi nhớ").fill("Root CA quốc gia (thử nghiệm)");
      await page.getByLabel(/Hoặc dán nội dung PEM/).fill(readFileSync(pemPath, "utf8"));
      await page.getByRole("button", { name: "Thêm vào danh sách tin cậy" }).click();
      await expect(page.getByRole("status")).toContainText("Đã thêm 1 chứng thư: Root CA thử nghiệm E2E");
      const row = page.getByRole("row", { name: /Root CA quốc gia \(thử nghiệm\)/ });
      await expect(row).toContainText("Tự cấp (gốc)");
      await expectAccessible(page);
      await page.screenshot({ path: join("reports", "e2e-artifacts", "trust-anchors.png"), fullPage: true });

      // The same certificate twice is refused with a message, not a second row.
      await page.getByLabel("Tên gợi nhớ").fill("Lần hai");
      await page.getByLabel(/Hoặc dán nội dung PEM/).fill(readFileSync(pemPath, "utf8"));
      await page.getByRole("button", { name: "Thêm vào danh sách tin cậy" }).click();
      await expect(page.getByText("Chứng thư này đã có trong danh sách tin cậy")).toBeVisible();

      await row.getByRole("button", { name: /Gỡ chứng thư/ }).click();
      await expect(page.getByRole("status")).toContainText("Đã gỡ chứng thư");
      await expect(page.getByRole("row", { name: /Root CA quốc gia \(thử nghiệm\)/ })).toHaveCount(0);
      await logout(page);
    });

    test("[CLERK]: a document received through liên thông lists each signature with its anchor and later changes", async ({ page }) => {
      const id = withE2eDb((db) => {
        const row = db
          .prepare(
            `select d.id from incoming_documents d join users u on u.username = 'vanthu.tanthanh' and u.organization_id = d.organization_id
           where d.outgoing_document_id is not null and d.file_id is not null order by d.id limit 1`,
          )
          .get() as { id: number } | undefined;
        return row?.id;
      });
      expect(id, "the demo seed delivers signed documents").toBeDefined();
      await loginAs(page, "vanthu.tanthanh");
      await page.goto(`/incoming/${id}`);
      const list = page.locator("ol.signature-list");
      await expect(list.locator("li")).toHaveCount(2);
      await expect(list).toContainText("Toàn vẹn: nội dung được ký không bị thay đổi");
      await expect(list).toContainText("Chứng thư tin cậy, gốc: Văn phòng điện tử - CA thử nghiệm");
      await expect(list.locator("li").first()).toContainText(/Sau khi ký chỉ .*\(được phép\)/);
      await expect(list.locator("li").last()).toContainText("Không có thay đổi sau khi ký");
      await expectAccessible(page);
      await page.screenshot({ path: join("reports", "e2e-artifacts", "incoming-signatures.png"), fullPage: true });
    });
  });
