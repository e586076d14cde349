// What the clerk sees after uploading an incoming PDF (issue "What users see", extraction defaults): every
// field pre-filled from the file carries the "check this" highlight, an issuer the directory does not
// know is written the way names of organs are written rather than in capitals, and a scan without text
// leaves the document type empty and required instead of pre-selecting the list's first type.
import { expect, test, type Locator } from "playwright/test";
import { composeSampleDocumentPdf, composeScanLikePdf } from "#app/features/demo/sample-pdf.server";
import { loginAs } from "./support";

// app/styles/app.css: input.extracted, select.extracted, textarea.extracted.
const HIGHLIGHT = "rgb(255, 248, 225)";
const background = (field: Locator) => field.evaluate((el) => getComputedStyle(el).backgroundColor);

test("[CLERK]: every pre-filled field is highlighted and an unknown issuer is not left in capitals", async ({ page }) => {
  const pdf = await composeSampleDocumentPdf({
    parentIssuer: "UBND TỈNH BẠC LIÊU",
    issuerLines: ["SỞ GIÁO DỤC VÀ ĐÀO TẠO"],
    number: "218/KH-SGDĐT",
    dateLine: "Bạc Liêu, ngày 12 tháng 6 năm 2025",
    typeName: "KẾ HOẠCH",
    summaryLines: ["Tổ chức kỳ thi tuyển sinh lớp 10 năm học 2025-2026"],
    body: ["Căn cứ Luật Giáo dục năm 2019;", "Sở Giáo dục và Đào tạo xây dựng kế hoạch như sau."],
    recipients: ["- Như trên;", "- Lưu: VT."],
    signatureLines: ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"],
    signerName: "Lê Thị Thu Hà",
  });
  await loginAs(page, "vanthu");
  await page.goto("/incoming/new");
  await page.getByLabel(/Tệp PDF/).setInputFiles({ name: "ke-hoach-218.pdf", mimeType: "application/pdf", buffer: Buffer.from(pdf) });

  const issuer = page.getByLabel("Cơ quan ban hành (tác giả)");
  await expect(issuer).toHaveValue("Sở Giáo dục và Đào tạo");
  const prefilled: Array<[string, string]> = [
    ["Số, ký hiệu", "218/KH-SGDĐT"],
    ["Loại văn bản", "KH"],
    ["Ngày văn bản", "12/06/2025"],
    ["Cơ quan ban hành (tác giả)", "Sở Giáo dục và Đào tạo"],
    ["Trích yếu nội dung", "Tổ chức kỳ thi tuyển sinh lớp 10 năm học 2025-2026"],
    ["Người ký", "Lê Thị Thu Hà"],
    ["Chức vụ người ký", "PHÓ GIÁM ĐỐC"],
  ];
  for (const [label, value] of prefilled) {
    const field = page.getByLabel(label, { exact: true });
    await expect(field, label).toHaveValue(value);
    await expect(field, label).toHaveClass(/extracted/);
    expect(await background(field), `${label} is highlighted`).toBe(HIGHLIGHT);
  }
  // A field the clerk fills in is not highlighted.
  expect(await background(page.getByLabel("Ngày, giờ đến"))).not.toBe(HIGHLIGHT);
});

test("[CLERK]: a scan without text pre-selects no document type, and saving asks for one", async ({ page }) => {
  await loginAs(page, "vanthu");
  await page.goto("/incoming/new");
  await page.getByLabel(/Tệp PDF/).setInputFiles({ name: "ban-quet.pdf", mimeType: "application/pdf", buffer: Buffer.from(await composeScanLikePdf()) });
  await expect(page.getByRole("status").filter({ hasText: "bản quét không có lớp văn bản" })).toBeVisible();
  const type = page.getByLabel("Loại văn bản", { exact: true });
  await expect(type).toHaveValue("");
  await expect(type).toHaveAttribute("required", "");
  await expect(type.locator("option:checked")).toHaveText("— Chọn loại văn bản —");
  await page.getByLabel("Số, ký hiệu").fill("77/UBND-VP");
  await page.getByLabel("Cơ quan ban hành (tác giả)").fill("Ủy ban nhân dân xã Khánh Bình");
  await page.getByLabel("Trích yếu nội dung").fill("Báo cáo tình hình thực hiện nhiệm vụ tháng 6");
  await page.getByRole("button", { name: "Lưu", exact: true }).click();
  await expect(page.getByText("Chọn loại văn bản", { exact: true })).toBeVisible();
});

test("[CLERK]: a Nghị định read from the file is chosen in the list and registers as such", async ({ page }) => {
  // A legal normative document (VBQPPL) reaches the committee as an incoming document; the list offered only
  // the 29 administrative types, so the type read from "49/2026/NĐ-CP" showed "— Chọn loại văn bản —".
  const pdf = await composeSampleDocumentPdf({
    issuerLines: ["CHÍNH PHỦ"],
    number: "49/2026/NĐ-CP",
    dateLine: "Hà Nội, ngày 20 tháng 11 năm 2026",
    typeName: "NGHỊ ĐỊNH",
    summaryLines: ["Quy định chi tiết một số điều của Luật Văn thư"],
    body: ["Căn cứ Luật Tổ chức Chính phủ ngày 18 tháng 02 năm 2025;", "Chính phủ ban hành Nghị định."],
    recipients: ["- Các Bộ, cơ quan ngang Bộ;", "- Lưu: VT."],
    signatureLines: ["TM. CHÍNH PHỦ", "THỦ TƯỚNG"],
    signerName: "Nguyễn Văn Minh",
  });
  await loginAs(page, "vanthu");
  await page.goto("/incoming/new");
  await page.getByLabel(/Tệp PDF/).setInputFiles({ name: "nghi-dinh-49.pdf", mimeType: "application/pdf", buffer: Buffer.from(pdf) });
  const type = page.getByLabel("Loại văn bản", { exact: true });
  await expect(type).toHaveValue("NĐ");
  await expect(type.locator("option:checked")).toHaveText("Nghị định");
  await page.getByRole("button", { name: "Lưu", exact: true }).click();
  await expect(page.getByRole("heading", { name: /49\/2026\/NĐ-CP/ })).toBeVisible();
  await expect(page.getByText("Nghị định", { exact: true }).first()).toBeVisible();
});
