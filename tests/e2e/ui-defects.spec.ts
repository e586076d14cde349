import { expect, test, type Page } from "playwright/test";
import { composeSampleDocumentPdf } from "#app/features/demo/sample-pdf.server";
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
  await page
    .getByRole("link", { name: /Kế hoạch cải thiện Chỉ số cải cách hành chính/ })
    .first()
    .click();
  await page.getByRole("link", { name: "Chỉ tiêu", exact: true }).click();
  await expect(page).toHaveURL(/\/plans\/\d+\/kpis$/);
  await expect(page.getByRole("heading", { name: "Chỉ tiêu của kế hoạch" })).toBeVisible();
  // Hydration runs after the HTML is shown: wait for the client router before judging.
  await page.waitForFunction(() => (window as unknown as { __remixRouter?: unknown }).__remixRouter !== undefined);
  await expect(page.getByText("Đã xảy ra lỗi")).toHaveCount(0);
  await expect(page.getByRole("combobox", { name: "Chiều đánh giá" }).first()).toContainText("Tăng thêm");
  expect(errors).toEqual([]);
});

test('[UI]: every "Tải tệp PDF" link on an outgoing document page downloads the PDF', async ({ page }) => {
  await loginAs(page, "vanthu");
  await page.goto("/outgoing");
  const first = page.locator("table a[href^='/outgoing/']").first();
  await first.click();
  await expect(page.getByTestId("outgoing-status")).toBeVisible();
  const hrefs = await page.getByRole("link", { name: "Tải tệp PDF" }).evaluateAll((links) => links.map((a) => a.getAttribute("href") ?? ""));
  expect(hrefs.length).toBeGreaterThan(0);
  for (const href of hrefs) {
    expect(href, href).not.toMatch(/\?.*\?/);
    const response = await page.request.get(href);
    expect(response.status(), href).toBe(200);
    expect(response.headers()["content-disposition"], href).toMatch(/^attachment/);
    expect(href).toContain("download=1");
    expect((await response.body()).subarray(0, 5).toString("latin1"), href).toBe("%PDF-");
  }
});

test("[UI]: a posted comment leaves the box empty (no double posting)", async ({ page }) => {
  await loginAs(page, "chuyenvien");
  await page.goto("/incoming?box=inbox");
  await page.locator("table a[href^='/incoming/']").first().click();
  const box = page.getByLabel("Ý kiến xử lý");
  const comment = `Đã nghiên cứu, đề xuất phương án ${Date.now()}`;
  await box.fill(comment);
  await page.getByRole("button", { name: "Ghi ý kiến" }).click();
  await expect(page.getByText("Đã ghi ý kiến xử lý.")).toBeVisible();
  await expect(page.locator(".trail")).toContainText(comment);
  await expect(page.getByLabel("Ý kiến xử lý")).toHaveValue("");
});

test("[UI]: routing offers checkboxes, not Ctrl-click lists, and no clerk or administrator as handler", async ({ page }) => {
  await loginAs(page, "chanhvanphong");
  await page.goto("/incoming/routing");
  expect(await page.locator("select[multiple]").count()).toBe(0);
  const cooperating = page.getByRole("group", { name: "Phối hợp" }).first();
  await expect(cooperating.getByRole("checkbox").first()).toBeVisible();
  const main = page.getByLabel("Xử lý chính (chủ trì)").first();
  const labels = await main.locator("option").allTextContents();
  expect(labels.some((l) => l.includes("Nguyễn Thị Hồng Nhung"))).toBe(false); // vanthu
  expect(labels.some((l) => l.includes("Quản trị hệ thống"))).toBe(false); // admin
  expect(labels.some((l) => l.includes("Võ Thị Thu Trang"))).toBe(true);
});

test("[UI]: the clerk's 'Đã đăng ký hôm nay' tile opens the documents it counts", async ({ page }) => {
  await loginAs(page, "vanthu");
  await page.goto("/");
  const tile = page.locator("[data-counter='incoming-registered-today']");
  const count = Number(await tile.locator("strong").textContent());
  expect(count).toBeGreaterThan(0);
  await tile.click();
  await expect(page.locator("table a[href^='/incoming/']")).toHaveCount(count);
});

test("[UI]: statistics with 'Từ ngày' after 'Đến ngày' keep the form and say why, not the error page", async ({ page }) => {
  await loginAs(page, "chanhvanphong");
  for (const path of ["/statistics", "/statistics/tracking-register"]) {
    await page.goto(path);
    await page.getByLabel("Từ ngày", { exact: true }).fill("31/12/2026");
    await page.getByLabel("Đến ngày", { exact: true }).fill("01/12/2026");
    await page.locator("form.filters button[type=submit]").click();
    await expect(page.getByTestId("filter-error"), path).toContainText("Khoảng thời gian không hợp lệ");
    await expect(page.getByText("Đã xảy ra lỗi")).toHaveCount(0);
    await expect(page.getByLabel("Từ ngày", { exact: true })).toHaveValue("31/12/2026");
    await expect(page.getByLabel("Đến ngày", { exact: true })).toHaveValue("01/12/2026");
  }
  await page.goto("/statistics?period=custom&from=32/13/2026");
  await expect(page.getByTestId("filter-error")).toContainText("Ngày 32/13/2026 không có thật");
  await expect(page.getByLabel("Từ ngày", { exact: true })).toHaveValue("32/13/2026");
  await expect(page.getByTestId("statistics-period")).toHaveCount(0);
});

test("[UI]: the outgoing search and the incoming register book say why a date is refused and keep what was typed", async ({ page }) => {
  await loginAs(page, "vanthu");
  await page.goto("/outgoing/search");
  await page.getByLabel("Ban hành từ ngày").fill("31/02/2026");
  await page.getByRole("button", { name: "Tìm" }).click();
  await expect(page.getByTestId("filter-error")).toContainText("Ngày 31/02/2026 không có thật: tháng 2/2026 chỉ có 28 ngày.");
  await expect(page.getByLabel("Ban hành từ ngày")).toHaveValue("31/02/2026");
  await expect(page.getByTestId("outgoing-search-results")).toHaveCount(0);

  await page.goto("/incoming/register-book");
  await page.getByLabel("Đến ngày", { exact: true }).fill("32/13/2026");
  await page.getByRole("button", { name: "Xem" }).click();
  await expect(page.getByTestId("filter-error")).toContainText("Ngày 32/13/2026 không có thật: tháng phải từ 1 đến 12.");
  await expect(page.getByLabel("Đến ngày", { exact: true })).toHaveValue("32/13/2026");
  await expect(page.locator(".register-table tbody tr")).toHaveCount(0);
});

test("[UI]: routing with no document ticked shows 'Chọn ít nhất một văn bản' and keeps the choices", async ({ page }) => {
  await loginAs(page, "chanhvanphong");
  await page.goto("/incoming/routing");
  const main = page.getByLabel("Xử lý chính (chủ trì)");
  const value = await main.locator("option").nth(1).getAttribute("value");
  await main.selectOption(value!);
  await page.getByLabel("hoặc số ngày làm việc").fill("3");
  await page.getByRole("button", { name: "Phân phối" }).click();
  await expect(page.getByTestId("routing-documents-error")).toHaveText("Chọn ít nhất một văn bản");
  await expect(main).toHaveValue(value!);
  await expect(page.getByLabel("hoặc số ngày làm việc")).toHaveValue("3");
});

test("[UI]: a wrong passphrase at issue keeps 'Số lượng bản'; an empty one gets the Vietnamese message", async ({ page }) => {
  await loginAs(page, "vanthu");
  await page.goto("/outgoing?queue=issue");
  const href = await page.locator("table a[href^='/outgoing/']").first().getAttribute("href");
  await page.goto(`${href!.match(/^\/outgoing\/\d+/)![0]}/issue`);
  await page.getByLabel("Số lượng bản").fill("3");
  await page.getByRole("button", { name: "Cấp số, ký số và phát hành" }).click();
  // noValidate: no browser bubble; the server's message for the empty passphrase.
  await expect(page.locator(".field .error").first()).toBeVisible();
  await expect(page.getByLabel("Số lượng bản")).toHaveValue("3");
  await page.getByLabel("Mật khẩu chứng thư số của cơ quan").fill("sai-mat-khau");
  await page.getByRole("button", { name: "Cấp số, ký số và phát hành" }).click();
  await expect(page.getByText(/không đúng/).first()).toBeVisible();
  await expect(page.getByLabel("Số lượng bản")).toHaveValue("3");
  await expect(page.getByLabel("Mật khẩu chứng thư số của cơ quan")).toHaveValue("");
});

// Layout defects from the QA pass (screens at 1366×900 and 390×844): what is drawn must fit and be readable.
const DESKTOP = { width: 1366, height: 900 };
const PHONE = { width: 390, height: 844 };

/** The demo plan's dashboard (Kế hoạch cải thiện Chỉ số CCHC 2023). */
async function openDemoPlan(page: Page) {
  await page.goto("/plans");
  await page
    .getByRole("link", { name: /Kế hoạch cải thiện Chỉ số cải cách hành chính/ })
    .first()
    .click();
  await expect(page.getByTestId("plan-summary")).toBeVisible();
}

test("[UI]: the plan gauge fits its card and the summary cards use the width", async ({ page }) => {
  await loginAs(page, "sonoivu");
  for (const viewport of [DESKTOP, PHONE]) {
    await page.setViewportSize(viewport);
    await openDemoPlan(page);
    const card = (await page.getByTestId("plan-summary").boundingBox())!;
    const gauge = (await page.locator('svg[data-chart="gauge"]').boundingBox())!;
    expect(gauge.x, `gauge inside its card at ${viewport.width}px`).toBeGreaterThanOrEqual(card.x);
    expect(gauge.x + gauge.width, `gauge inside its card at ${viewport.width}px`).toBeLessThanOrEqual(card.x + card.width);
    const section = (await page.getByRole("region", { name: "Tổng hợp" }).boundingBox())!;
    expect(card.width, `summary card width at ${viewport.width}px`).toBeGreaterThanOrEqual(section.width * 0.45);
  }
});

test("[UI]: the plan's completion bars show every full label, beside or above its bar, at a readable size", async ({ page }) => {
  await loginAs(page, "sonoivu");
  await openDemoPlan(page);
  // The area titles as the task table writes them ("VIII. Tác động của CCHC đến người dân, tổ chức …").
  const areas = (await page.locator("th[scope='rowgroup']").allTextContents()).map((t) => t.trim());
  expect(areas.length).toBeGreaterThan(5);
  for (const viewport of [DESKTOP, PHONE]) {
    await page.setViewportSize(viewport);
    const chart = page.locator('[data-chart="bars"]').first();
    for (const area of areas) {
      const label = chart.getByText(area, { exact: true });
      await expect(label, `${area} at ${viewport.width}px`).toBeVisible();
      const fit = await label.evaluate((el) => {
        const row = el.closest("[data-bar-row]");
        const bar = row?.querySelector("[data-part='bar']");
        const text = el.getBoundingClientRect();
        const track = bar?.getBoundingClientRect();
        return {
          clipped: el.scrollWidth > el.clientWidth + 1,
          fontSize: Number.parseFloat(getComputedStyle(el).fontSize),
          // The label ends left of its bar, or above it: never painted over.
          overlaps: !track || !(text.right <= track.left + 0.5 || text.bottom <= track.top + 0.5),
        };
      });
      expect(fit, `${area} at ${viewport.width}px`).toEqual({ clipped: false, fontSize: fit.fontSize, overlaps: false });
      expect(fit.fontSize, `${area} at ${viewport.width}px`).toBeGreaterThanOrEqual(13);
    }
    expect(await page.evaluate(() => document.documentElement.scrollWidth), `page width at ${viewport.width}px`).toBeLessThanOrEqual(viewport.width);
  }
});

test("[UI]: the plan summary's breakdown adds up to the completed count", async ({ page }) => {
  await loginAs(page, "sonoivu");
  await openDemoPlan(page);
  const number = async (testId: string, part: string) => Number(await page.getByTestId(testId).locator(`[data-part='${part}']`).textContent());
  const done = Number(await page.getByTestId("plan-done").textContent());
  const countable = Number(await page.getByTestId("plan-countable").textContent());
  const noDeadline = await number("plan-breakdown-done", "no-deadline");
  expect(noDeadline).toBeGreaterThan(0); // the demo plan has tasks completed without a deadline
  await expect(page.getByTestId("plan-breakdown-done")).toContainText("Hoàn thành (không hạn)");
  expect((await number("plan-breakdown-done", "on-time")) + (await number("plan-breakdown-done", "late")) + noDeadline).toBe(done);
  expect((await number("plan-breakdown-open", "overdue")) + (await number("plan-breakdown-open", "open"))).toBe(countable - done);
});

test("[UI]: the 'tô vàng' legend of a pre-filled registration stays inline in its sentence", async ({ page }) => {
  const pdf = await composeSampleDocumentPdf({
    parentIssuer: "UBND TỈNH CÀ MAU",
    issuerLines: ["SỞ TÀI CHÍNH"],
    number: "1234/STC-NS",
    dateLine: "Cà Mau, ngày 15 tháng 7 năm 2025",
    typeName: "CÔNG VĂN",
    summaryLines: ["V/v hướng dẫn lập dự toán ngân sách năm 2026"],
    body: ["Sở Tài chính hướng dẫn như sau."],
    recipients: ["- Như trên;", "- Lưu: VT."],
    signatureLines: ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"],
    signerName: "Trần Văn Bình",
  });
  await loginAs(page, "vanthu");
  await page.goto("/incoming/new");
  await page.getByLabel(/Tệp PDF/).setInputFiles({ name: "cong-van-1234.pdf", mimeType: "application/pdf", buffer: Buffer.from(pdf) });
  const legend = page.locator(".notice .extracted.legend");
  await expect(legend).toHaveText("tô vàng");
  const look = await legend.evaluate((el) => ({
    display: getComputedStyle(el).display,
    background: getComputedStyle(el).backgroundColor,
    lines: el.getClientRects().length,
    width: el.getBoundingClientRect().width,
  }));
  expect(look).toEqual({ display: "inline", background: "rgb(255, 248, 225)", lines: 1, width: look.width });
  expect(look.width).toBeLessThan(120);
});

test("[UI]: on a phone the document lists give the subject the width and the caption wraps", async ({ page }) => {
  await loginAs(page, "vanthu");
  await page.setViewportSize(PHONE);
  for (const [url, link] of [
    ["/incoming?box=all", "table a[href^='/incoming/']"],
    ["/outgoing", "table a[href^='/outgoing/']"],
  ]) {
    await page.goto(url);
    const wrap = page.locator(".table-wrap").first();
    const layout = await wrap.evaluate((el, selector) => {
      const caption = el.querySelector("caption")!.getBoundingClientRect();
      const subject = el.querySelector(selector)!.closest("td")!.getBoundingClientRect();
      const box = el.getBoundingClientRect();
      return {
        scrolls: el.scrollWidth > el.clientWidth + 1,
        captionInside: caption.left >= box.left - 0.5 && caption.right <= box.right + 0.5,
        subjectShare: subject.width / box.width,
        pageWidth: document.documentElement.scrollWidth,
      };
    }, link);
    expect(layout, url).toEqual({ scrolls: false, captionInside: true, subjectShare: layout.subjectShare, pageWidth: layout.pageWidth });
    expect(layout.subjectShare, url).toBeGreaterThan(0.8);
    expect(layout.pageWidth, url).toBeLessThanOrEqual(PHONE.width);
  }
});

test("[UI]: the register book's 'Sổ' select shows the whole book name", async ({ page }) => {
  await loginAs(page, "vanthu");
  await page.setViewportSize(DESKTOP);
  await page.goto("/incoming/register-book");
  const select = page.getByLabel("Sổ", { exact: true });
  const room = await select.evaluate((el) => {
    const s = el as HTMLSelectElement;
    const style = getComputedStyle(s);
    const probe = document.createElement("span");
    probe.style.font = style.font;
    probe.style.whiteSpace = "nowrap";
    probe.textContent = s.options[s.selectedIndex].text;
    document.body.append(probe);
    const text = probe.getBoundingClientRect().width;
    probe.remove();
    // The content box less the drop-down arrow (about 1.2em in Chromium).
    const inner = s.clientWidth - Number.parseFloat(style.paddingLeft) - Number.parseFloat(style.paddingRight) - 1.2 * Number.parseFloat(style.fontSize);
    return { text, inner };
  });
  expect(room.text).toBeLessThanOrEqual(room.inner);
});
