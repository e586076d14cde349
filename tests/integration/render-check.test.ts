// Every kind of PDF the product writes must show its own words (tests/support/render-check.ts): the
// composed drafts of each Phụ lục III template, the leader-signed and the issued document (number and
// date stamped, organisation seal), and the demo's incoming documents. The periodic report is checked in
// plans.test.ts. Before the one font module (documents/fonts/tinos.ts) the demo documents and the
// report scored 0.00-0.03 here while pdftotext read them perfectly.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { composeDocumentPdf, loadComposerFonts } from "#app/services/document-composer.server";
import { composeSampleDocumentPdf } from "#app/services/demo/sample-pdf.server";
import { issueOutgoingDocument, readOutgoingFile, signOutgoingDocument } from "#app/services/outgoing-documents.server";
import { ALL_TEMPLATE_FIXTURES } from "#tests/support/composer-fixtures";
import { createOutgoingWorld, statusOf, toLeaderReview, type OutgoingWorld } from "#tests/support/outgoing-world";
import { assertRendersText, normaliseWords, renderCheck } from "#tests/support/render-check";

describe("render check (the helper itself)", () => {
  test("normalises case, diacritics composition and punctuation", () => {
    expect(normaliseWords("Số: 01/KH-UBND, CỘNG HÒA\u0301")).toEqual(["số", "01", "kh", "ubnd", "cộng", "hoá"].map((w) => w.normalize("NFC")));
  });

  test("a page whose glyphs are broken scores near zero although its text layer is intact", async () => {
    // The fontkit short-loca bug, reproduced on purpose: the raw (unpadded) Tinos embedded as a subset.
    const { PDFDocument } = await import("pdf-lib");
    const fontkit = (await import("@pdf-lib/fontkit")).default;
    const { readFileSync } = await import("node:fs");
    const { tinosFontPath } = await import("#documents/fonts/tinos");
    const build = async (font: Uint8Array) => {
      const doc = await PDFDocument.create();
      doc.registerFontkit(fontkit);
      const embedded = await doc.embedFont(font, { subset: true });
      const page = doc.addPage([595.28, 841.89]);
      const lines = [
        "ỦY BAN NHÂN DÂN TỈNH CÀ MAU",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Kế hoạch vận hành thử nghiệm chính quyền địa phương hai cấp",
        "Giao Sở Nội vụ chủ trì, phối hợp với các sở, ngành thực hiện.",
      ];
      lines.forEach((line, index) => page.drawText(line, { x: 60, y: 760 - index * 24, size: 14, font: embedded }));
      return doc.save();
    };
    const broken = renderCheck(await build(new Uint8Array(readFileSync(tinosFontPath("regular")))));
    const { loadTinos } = await import("#documents/fonts/tinos");
    const intact = renderCheck(await build(loadTinos("regular")));
    expect(broken.score).toBeLessThan(0.3);
    expect(intact.score).toBeGreaterThanOrEqual(0.9);
  });
});

describe("composed drafts render their text", () => {
  test.each(ALL_TEMPLATE_FIXTURES)("%s", async (name, input) => {
    const { pdf } = await composeDocumentPdf(input, await loadComposerFonts());
    assertRendersText(pdf, `composed ${name}`);
  });
});

describe("demo incoming documents render their text", () => {
  const spec = {
    parentIssuer: "UBND TỈNH CÀ MAU",
    issuerLines: ["SỞ NỘI VỤ"],
    number: "125/SNV-CCHC",
    dateLine: "Cà Mau, ngày 14 tháng 7 năm 2025",
    body: [
      "Thực hiện Kế hoạch số 58/KH-UBND của Ủy ban nhân dân tỉnh về cải cách hành chính năm 2025, Sở Nội vụ đề nghị các cơ quan, đơn vị báo cáo kết quả thực hiện nhiệm vụ quý II.",
      "Báo cáo gửi về Sở Nội vụ trước ngày 20 tháng 7 năm 2025 để tổng hợp, trình Ủy ban nhân dân tỉnh.",
    ],
    recipients: ["- Như trên;", "- Lưu: VT, CCHC."],
    signatureLines: ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"],
    signerName: "Nguyễn Văn Minh",
  };
  test("công văn (V/v summary, upright date line)", async () => {
    assertRendersText(await composeSampleDocumentPdf({ ...spec, officialLetterSummary: ["V/v báo cáo kết quả cải cách hành chính quý II"] }), "demo công văn");
  });
  test("typed document with an italic date line", async () => {
    assertRendersText(
      await composeSampleDocumentPdf({ ...spec, typeName: "KẾ HOẠCH", summaryLines: ["Kiểm tra công tác cải cách hành chính năm 2025"], isItalicDateLine: true }),
      "demo kế hoạch",
    );
  });
});

describe("signed and issued documents render their text, stamps and seal included", () => {
  let world: OutgoingWorld;
  beforeAll(async () => {
    world = await createOutgoingWorld();
  }, 120_000);
  afterAll(() => world?.cleanup());

  test("leader-signed, then numbered, dated and sealed", async () => {
    const { id } = await world.draft("chuyenvien", {
      summary: "Vận hành thử nghiệm chính quyền địa phương 2 cấp",
      body: "I. MỤC ĐÍCH\n- Đánh giá khả năng vận hành của hệ thống.\nII. TỔ CHỨC THỰC HIỆN\nGiao Sở Nội vụ chủ trì thực hiện./.",
    });
    await toLeaderReview(world, id);
    await signOutgoingDocument(world.ctx("chutich"), { documentId: id, passphrase: "demo" });
    const signed = readOutgoingFile(world.ctx("vanthu"), { documentId: id, kind: "signed" }).bytes;
    writeFileSync(join(world.dataDir, "signed.pdf"), signed);
    assertRendersText(signed, "leader-signed document");

    await issueOutgoingDocument(world.ctx("vanthu"), { documentId: id, passphrase: "demo" });
    expect(statusOf(world.db, id)).toBe("issued");
    const issued = readOutgoingFile(world.ctx("vanthu"), { documentId: id, kind: "issued" }).bytes;
    writeFileSync(join(world.dataDir, "issued.pdf"), issued);
    const result = assertRendersText(issued, "issued document");
    // The stamped number and date are part of page 1's text layer (form field appearances), so the
    // check covers them: they must be drawn legibly too.
    expect(result.words).toEqual(expect.arrayContaining(["kh", "ubnd"].filter((w) => w.length >= 3)));
    expect(result.words.join(" ")).toMatch(/ngày/);
  }, 120_000);
});
