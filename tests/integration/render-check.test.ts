// Every kind of PDF the product writes must show its own words (tests/support/render-check.ts): the
// composed drafts of each Phụ lục III template, the leader-signed and the issued document (number and
// date stamped, organisation seal), and the demo's incoming documents. The periodic report is checked in
// plans.test.ts. Before the one font module (documents/fonts/tinos.ts) the demo documents and the
// report scored 0.00-0.03 here while pdftotext read them perfectly.
import { execFileSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { composeDocumentPdf, loadComposerFonts } from "#documents/composer/index";
import { composeSampleDocumentPdf } from "#app/features/demo/sample-pdf.server";
import { issueOutgoingDocument, readOutgoingFile, signOutgoingDocument } from "#app/features/outgoing/index";
import { ALL_TEMPLATE_FIXTURES } from "#tests/support/composer-fixtures";
import { createOutgoingWorld, statusOf, toLeaderReview, type OutgoingWorld } from "#tests/support/outgoing-world";
import { assertRendersText, normaliseWords, renderCheck } from "#tests/support/render-check";

describe("render check (the helper itself)", () => {
  test("normalises case, diacritics composition and punctuation", () => {
    // "HO\u0300A" is HÒA in decomposed form (NFD), as some producers write it.
    expect(normaliseWords("Số: 01/KH-UBND, CỘNG HO\u0300A")).toEqual(["số", "01", "kh", "ubnd", "cộng", "hòa"]);
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
      lines.forEach((line, index) => {
        page.drawText(line, { x: 60, y: 760 - index * 24, size: 14, font: embedded });
      });
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
      await composeSampleDocumentPdf({
        ...spec,
        typeName: "KẾ HOẠCH",
        summaryLines: ["Kiểm tra công tác cải cách hành chính năm 2025"],
        isItalicDateLine: true,
      }),
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
    // The stamped number and date and the seal caption are part of page 1's text layer (widget
    // appearances), so the check covers them: they must be drawn legibly too.
    expect(result.words).toEqual(expect.arrayContaining(["ubnd", "ngày", "tháng", "năm"]));

    // The seal caption (organisation name, ISO 8601 time) touches no other word of the page: on the old
    // layout "Mau" of the caption sat on "Nguyễn" of the leader's printed name.
    const words = wordBoxes(join(world.dataDir, "issued.pdf"));
    const time = words.find((w) => /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+07:00$/.test(w.text));
    expect(time, "the seal caption carries the signing time").toBeDefined();
    const orgTokens = new Set("Ủy ban nhân dân tỉnh Cà Mau".split(" "));
    const caption = words.filter(
      (w) =>
        w === time || (orgTokens.has(w.text) && w.yMax <= time!.yMin + 1 && w.yMin >= time!.yMin - 14 && w.xMax > time!.xMin - 30 && w.xMin < time!.xMax + 30),
    );
    expect(caption.map((w) => w.text).join(" ")).toBe(`Ủy ban nhân dân tỉnh Cà Mau ${time!.text}`);
    const others = words.filter((w) => !caption.includes(w));
    const overlaps = caption.flatMap((c) =>
      others.filter((o) => c.xMin < o.xMax && o.xMin < c.xMax && c.yMin < o.yMax && o.yMin < c.yMax).map((o) => `${c.text} × ${o.text}`),
    );
    expect(overlaps).toEqual([]);

    // Phụ lục I: the date line is italic. The clerk's date fills the composer's field, whose /DA names the
    // italic face; its appearance must use an italic font too.
    const { PDFDocument, PDFDict, PDFName, PDFStream } = await import("pdf-lib");
    const doc = await PDFDocument.load(issued, { updateMetadata: false });
    const widget = doc.getForm().getTextField("ngay_thang").acroField.getWidgets()[0];
    const normal = doc.context.lookup(widget.dict.lookup(PDFName.of("AP"), PDFDict).get(PDFName.of("N")), PDFStream);
    const fonts = normal.dict.lookup(PDFName.of("Resources"), PDFDict).lookup(PDFName.of("Font"), PDFDict);
    const baseFonts = fonts.keys().map((k) => fonts.lookup(k, PDFDict).get(PDFName.of("BaseFont"))?.toString() ?? "");
    expect(baseFonts.join(" ")).toMatch(/Italic/);
  }, 120_000);
});

type WordBox = { text: string; xMin: number; yMin: number; xMax: number; yMax: number };

/** Page 1's words with their boxes, as poppler reads them (widget appearances included). */
function wordBoxes(file: string): WordBox[] {
  const xml = execFileSync("pdftotext", ["-bbox", "-f", "1", "-l", "1", file, "-"], { encoding: "utf8" });
  const decode = (t: string) =>
    t
      .replace(/&amp;/g, "&")
      .replace(/&lt;/g, "<")
      .replace(/&gt;/g, ">")
      .replace(/&quot;/g, '"');
  return [...xml.matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<\/word>/g)].map((m) => ({
    text: decode(m[5]).normalize("NFC"),
    xMin: +m[1],
    yMin: +m[2],
    xMax: +m[3],
    yMax: +m[4],
  }));
}
