import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { PDFDict, PDFDocument, PDFName, PDFTextField } from "pdf-lib";
import fontkit from "@pdf-lib/fontkit";
import { getDocument } from "pdfjs-dist/legacy/build/pdf.mjs";
import { beforeAll, beforeEach, describe, expect, test } from "vitest";
import { assertTools } from "#tests/support/tools";
import {
  DATE_LINE_FIELD_NAME,
  NUMBER_SYMBOL_FIELD_NAME,
  composeDocumentPdf,
  loadComposerFonts,
  type ComposeDocumentInput,
  type ComposedDocument,
} from "#documents/composer/index";
import {
  ALL_TEMPLATE_FIXTURES,
  DECISION_TAN_THANH,
  INVITATION_TAN_THANH,
  LONG_PLAN,
  OFFICIAL_LETTER_TAN_THANH,
  PLAN_172,
  REPORT_TAN_THANH,
} from "#tests/support/composer-fixtures";

type TextItem = {
  str: string;
  x: number;
  y: number;
  width: number;
  hasEOL: boolean;
};

const outputDir = mkdtempSync(path.join(tmpdir(), "document-composer-"));

async function readPages(pdf: Uint8Array): Promise<TextItem[][]> {
  // pdf.js detaches the buffer it is given; pass a copy.
  const document = await getDocument({
    data: pdf.slice(),
    verbosity: 0,
    isEvalSupported: false,
  }).promise;
  const pages: TextItem[][] = [];
  for (let pageNumber = 1; pageNumber <= document.numPages; pageNumber++) {
    const page = await document.getPage(pageNumber);
    const content = await page.getTextContent();
    pages.push(
      content.items
        .filter((item) => "str" in item)
        .map((item) => ({
          str: item.str,
          x: item.transform[4],
          y: item.transform[5],
          width: item.width,
          hasEOL: item.hasEOL,
        })),
    );
  }
  await document.destroy();
  return pages;
}

/** Page text with line breaks and runs of spaces collapsed, so wrapped phrases can be matched. */
function flatten(items: TextItem[]): string {
  return items
    .map((item) => item.str + (item.hasEOL ? " " : ""))
    .join("")
    .replace(/\s+/g, " ");
}

function writeOutput(name: string, pdf: Uint8Array): string {
  const file = path.join(outputDir, `${name}.pdf`);
  writeFileSync(file, pdf);
  return file;
}

let fontsLoaded: Awaited<ReturnType<typeof loadComposerFonts>>;
const composed = new Map<string, ComposedDocument>();
const pagesByName = new Map<string, TextItem[][]>();

beforeAll(async () => {
  fontsLoaded = await loadComposerFonts();
  for (const [name, input] of [...ALL_TEMPLATE_FIXTURES, ["Kế hoạch 10 trang", LONG_PLAN] as const]) {
    const result = await composeDocumentPdf(input, fontsLoaded);
    composed.set(name, result);
    pagesByName.set(name, await readPages(result.pdf));
  }
});

describe.each(ALL_TEMPLATE_FIXTURES)("composeDocumentPdf: %s", (name, input: ComposeDocumentInput) => {
  test("prints the Phụ lục I header, title, signature block and Nơi nhận with diacritics intact", () => {
    const pages = pagesByName.get(name)!;
    const firstPage = flatten(pages[0]);
    const allText = pages.map(flatten).join(" ");
    expect(firstPage).toContain("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM");
    expect(firstPage).toContain("Độc lập - Tự do - Hạnh phúc");
    expect(firstPage).toContain(input.organizationName.toLocaleUpperCase("vi-VN"));
    if (input.parentOrganizationName) expect(firstPage).toContain(input.parentOrganizationName);
    expect(firstPage).toContain("Số:");
    if (input.docType.abbreviation) {
      expect(firstPage).toContain(input.docType.name.toLocaleUpperCase("vi-VN"));
      expect(firstPage).toContain(input.summary.replace(/^Về việc /, ""));
    } else {
      expect(firstPage).toContain(`V/v ${input.summary}`);
    }
    expect(allText).toContain(input.signerTitle);
    expect(allText).toContain(input.signerName);
    expect(allText).toContain("Nơi nhận:");
    expect(allText).toContain(`- ${input.archiveLine}`);
  });

  test("leaves the number and date to the clerk: nothing printed after 'Số:' or as a date line", () => {
    const firstPage = flatten(pagesByName.get(name)![0]);
    expect(firstPage).not.toMatch(/Số: \d/);
    expect(firstPage).not.toContain(`${input.placeName}, ngày`);
  });

  test("has exactly the two empty, writable clerk text fields on page 1", async () => {
    const result = composed.get(name)!;
    const document = await PDFDocument.load(result.pdf, {
      updateMetadata: false,
    });
    const fields = document.getForm().getFields();
    expect(fields.map((field) => field.getName())).toEqual([NUMBER_SYMBOL_FIELD_NAME, DATE_LINE_FIELD_NAME]);
    const firstPageRef = document.getPage(0).ref;
    for (const field of fields) {
      expect(field).toBeInstanceOf(PDFTextField);
      const textField = field as PDFTextField;
      expect(textField.getText()).toBeUndefined();
      expect(textField.isReadOnly()).toBe(false);
      const widgets = textField.acroField.getWidgets();
      expect(widgets).toHaveLength(1);
      expect(widgets[0].P()).toBe(firstPageRef);
      expect(widgets[0].getBorderStyle()?.getWidth() ?? 0).toBe(0);
      expect(widgets[0].getAppearanceCharacteristics()?.getBackgroundColor()).toBeUndefined();
    }
    const acroForm = document.catalog.lookup(PDFName.of("AcroForm"), PDFDict);
    expect(acroForm.has(PDFName.of("NeedAppearances"))).toBe(false);
    const fonts = acroForm.lookup(PDFName.of("DR"), PDFDict).lookup(PDFName.of("Font"), PDFDict);
    expect(fonts.keys().map((key) => key.asString())).toEqual(["/TinosR", "/TinosI"]);
    const numberField = fields[0] as PDFTextField;
    const dateField = fields[1] as PDFTextField;
    expect(numberField.acroField.getDefaultAppearance()).toBe("/TinosR 13 Tf 0 g");
    expect(dateField.acroField.getDefaultAppearance()).toBe("/TinosI 13 Tf 0 g");
    expect(numberField.getAlignment()).toBe(0);
    expect(dateField.getAlignment()).toBe(1);
  });

  test("reports field rectangles next to 'Số:' and in the right header column", () => {
    const result = composed.get(name)!;
    const label = pagesByName.get(name)![0].find((item) => item.str.startsWith("Số:"))!;
    const [x1, y1, x2, y2] = result.fields.numberSymbol.rect;
    expect(result.fields.numberSymbol.page).toBe(0);
    expect(x1).toBeGreaterThanOrEqual(label.x + label.width);
    expect(x1 - (label.x + label.width)).toBeLessThan(6);
    expect(y1).toBeLessThan(label.y);
    expect(y2).toBeGreaterThan(label.y + 9);
    expect(result.fields.dateLine.rect[0]).toBeGreaterThanOrEqual(x2);
    expect(result.fields.dateLine.rect[1]).toBe(y1);
    expect(result.fields.dateLine.baseline).toBeCloseTo(label.y, 1);
  });

  test("puts the signature block and Nơi nhận together on the last page", () => {
    const result = composed.get(name)!;
    const pages = pagesByName.get(name)!;
    const lastPage = pages.length - 1;
    expect(result.pageCount).toBe(pages.length);
    expect(result.signatureBlock.page).toBe(lastPage);
    const nameItem = pages[lastPage].find((item) => item.str === input.signerName)!;
    const recipientsItem = pages[lastPage].find((item) => item.str.startsWith("Nơi nhận:"))!;
    expect(nameItem).toBeDefined();
    expect(recipientsItem).toBeDefined();
    const [x1, y1, x2, y2] = result.signatureBlock.rect;
    // The signature area lies between the title and the name, above the name.
    expect(y1).toBeGreaterThan(nameItem.y);
    expect(y2 - y1).toBeGreaterThan(50);
    expect(x1).toBeLessThan(nameItem.x);
    expect(x2).toBeGreaterThan(nameItem.x + nameItem.width);
  });

  test("passes qpdf --check", () => {
    assertTools("qpdf");
    const file = writeOutput(`${input.docType.code}`, composed.get(name)!.pdf);
    const output = execFileSync("qpdf", ["--check", file], {
      encoding: "utf8",
    });
    expect(output).toContain("No syntax or stream encoding errors found");
  });
});

describe("composeDocumentPdf: template details", () => {
  test("Công văn carries 'Kính gửi:' and the KHẨN mark", () => {
    const text = flatten(pagesByName.get("Công văn")![0]);
    expect(text).toContain("Kính gửi:");
    expect(text).toContain("- Trung tâm Phục vụ hành chính công phường;");
    expect(text).toContain("KHẨN");
    expect(text).toContain("KT. CHỦ TỊCH");
  });

  test("Quyết định has the authority, italic legal bases, 'QUYẾT ĐỊNH:' and articles", () => {
    const text = pagesByName.get("Quyết định")!.map(flatten).join(" ");
    expect(text).toContain("QUYẾT ĐỊNH Về việc thành lập Tổ công tác");
    expect(text).toContain("Căn cứ Luật Tổ chức chính quyền địa phương");
    expect(text).toContain("QUYẾT ĐỊNH:");
    expect(text).toContain("Điều 1. Thành lập Tổ công tác");
    expect(text).toContain("TM. ỦY BAN NHÂN DÂN CHỦ TỊCH");
    expect(DECISION_TAN_THANH.summary).not.toMatch(/^Về/);
  });

  test("Giấy mời prints the meeting details and the THƯỢNG KHẨN mark", () => {
    const text = pagesByName.get("Giấy mời")!.map(flatten).join(" ");
    expect(text).toContain(`Thời gian: ${INVITATION_TAN_THANH.meetingDetails!.time}`);
    expect(text).toContain(`Địa điểm: ${INVITATION_TAN_THANH.meetingDetails!.place}`);
    expect(text).toContain("THƯỢNG KHẨN");
    expect(text).toContain("TL. CHỦ TỊCH");
  });

  test("Kế hoạch 172/KH-UBND is signed KT. CHỦ TỊCH / PHÓ CHỦ TỊCH by Lâm Văn Bi", () => {
    const pages = pagesByName.get("Kế hoạch")!;
    const lastPage = flatten(pages[pages.length - 1]);
    expect(lastPage).toContain("KT. CHỦ TỊCH PHÓ CHỦ TỊCH");
    expect(lastPage).toContain("Lâm Văn Bi");
    expect(pages.map(flatten).join(" ")).toContain("I. MỤC ĐÍCH, YÊU CẦU");
  });

  test("a ten-page Kế hoạch numbers pages 2…10 in the top margin", () => {
    const result = composed.get("Kế hoạch 10 trang")!;
    const pages = pagesByName.get("Kế hoạch 10 trang")!;
    expect(result.pageCount).toBe(10);
    expect(pages).toHaveLength(10);
    // No number on page 1; from page 2 on the topmost text is the centred page number.
    expect(pages[0].some((item) => item.y > 800)).toBe(false);
    pages.slice(1).forEach((items, index) => {
      const top = items.filter((item) => item.str.trim()).reduce((highest, item) => (item.y > highest.y ? item : highest));
      expect(top.str).toBe(String(index + 2));
      expect(top.y).toBeGreaterThan(800);
      expect(Math.abs(top.x + top.width / 2 - (85.04 + 552.76) / 2)).toBeLessThan(2);
    });
  });

  test("moves the signature block and Nơi nhận to the next page together", async () => {
    const filler = "- Tiếp tục rà soát, chuẩn hóa quy trình nội bộ giải quyết thủ tục hành chính.";
    const signaturePages: number[] = [];
    for (let extraLines = 0; extraLines <= 12; extraLines++) {
      const input = {
        ...REPORT_TAN_THANH,
        body: [REPORT_TAN_THANH.body, ...Array(extraLines).fill(filler)].join("\n"),
      };
      const result = await composeDocumentPdf(input, fontsLoaded);
      const pages = await readPages(result.pdf);
      const pageOf = (predicate: (item: TextItem) => boolean) => pages.findIndex((items) => items.some(predicate));
      expect(pageOf((item) => item.str.startsWith("Nơi nhận:"))).toBe(result.signatureBlock.page);
      expect(pageOf((item) => item.str === input.signerName)).toBe(result.signatureBlock.page);
      expect(pageOf((item) => item.str === "TM. ỦY BAN NHÂN DÂN")).toBe(result.signatureBlock.page);
      signaturePages.push(result.signatureBlock.page);
    }
    // The fillers push the closing block over the page break at some point.
    expect(signaturePages[0]).toBe(0);
    expect(signaturePages).toContain(1);
  });

  test("the ten-page Kế hoạch passes qpdf --check", () => {
    assertTools("qpdf");
    const file = writeOutput("ke-hoach-10-trang", composed.get("Kế hoạch 10 trang")!.pdf);
    const output = execFileSync("qpdf", ["--check", file], {
      encoding: "utf8",
    });
    expect(output).toContain("No syntax or stream encoding errors found");
  });

  test("sets the document metadata", async () => {
    const document = await PDFDocument.load(composed.get("Kế hoạch")!.pdf, {
      updateMetadata: false,
    });
    expect(document.getTitle()).toBe(`Kế hoạch ${PLAN_172.summary}`);
    expect(document.getAuthor()).toBe("ỦY BAN NHÂN DÂN TỈNH CÀ MAU");
  });

  test("is saved with a classic xref table and no object streams", () => {
    const text = Buffer.from(composed.get("Kế hoạch")!.pdf).toString("latin1");
    expect(text).toMatch(/\nxref\n0 \d+\n/);
    expect(text).not.toContain("/ObjStm");
    expect(text).not.toContain("/XRef");
  });

  test("the clerk's fields can be filled in Vietnamese from the field fonts' metrics", async () => {
    // Stand-in for the signing library: fill /V and build /AP with an embedded Tinos face.
    const document = await PDFDocument.load(composed.get("Công văn")!.pdf, {
      updateMetadata: false,
    });
    document.registerFontkit(fontkit);
    const italic = await document.embedFont(fontsLoaded.italic, {
      subset: true,
    });
    const regular = await document.embedFont(fontsLoaded.regular, {
      subset: true,
    });
    const form = document.getForm();
    form.getTextField(NUMBER_SYMBOL_FIELD_NAME).setText("45/UBND-VP");
    form.getTextField(NUMBER_SYMBOL_FIELD_NAME).updateAppearances(regular);
    form.getTextField(DATE_LINE_FIELD_NAME).setText("Tân Thành, ngày 05 tháng 01 năm 2026");
    form.getTextField(DATE_LINE_FIELD_NAME).updateAppearances(italic);
    const filled = await document.save({
      useObjectStreams: false,
      updateFieldAppearances: false,
    });

    const pdfjsDocument = await getDocument({
      data: filled.slice(),
      verbosity: 0,
    }).promise;
    const fieldObjects = (await pdfjsDocument.getFieldObjects()) ?? {};
    await pdfjsDocument.destroy();
    expect(fieldObjects[NUMBER_SYMBOL_FIELD_NAME]?.[0]).toMatchObject({
      value: "45/UBND-VP",
      page: 0,
    });
    expect(fieldObjects[DATE_LINE_FIELD_NAME]?.[0]).toMatchObject({
      value: "Tân Thành, ngày 05 tháng 01 năm 2026",
      page: 0,
    });
    assertTools("pdftotext");
    // poppler extracts the appearance streams: the filled values read back with diacritics.
    const file = writeOutput("cong-van-filled", filled);
    const text = execFileSync("pdftotext", ["-enc", "UTF-8", "-l", "1", file, "-"], { encoding: "utf8" });
    expect(text).toContain("Số: 45/UBND-VP");
    expect(text).toContain("Tân Thành, ngày 05 tháng 01 năm 2026");
  });
});

describe("composeDocumentPdf: poppler", () => {
  // A missing poppler fails each test with the install command; it used to skip them silently (issue 9).
  beforeEach(() => assertTools("pdftotext", "pdftoppm"));
  test("pdftotext reads the Vietnamese letters ố, ộ, ở, ự", () => {
    const file = writeOutput("ke-hoach-172", composed.get("Kế hoạch")!.pdf);
    const text = execFileSync("pdftotext", ["-enc", "UTF-8", file, "-"], {
      encoding: "utf8",
    });
    expect(text).toContain("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM");
    expect(text).toContain("Độc lập - Tự do - Hạnh phúc");
    for (const word of ["Số:", "HỘI", "cơ sở", "Tự do", "tổ chức", "thực hiện", "thử nghiệm"]) {
      expect(text).toContain(word);
    }
    for (const letter of ["ố", "ộ", "ở", "ự"]) {
      expect(text).toMatch(new RegExp(`\\p{L}*${letter}\\p{L}*`, "u"));
    }
  });

  test("renders page 1 of a Kế hoạch and a công văn to PNG", () => {
    for (const [name, result] of [
      ["ke-hoach", composed.get("Kế hoạch")!],
      ["cong-van", composed.get("Công văn")!],
    ] as const) {
      const file = writeOutput(name, result.pdf);
      execFileSync("pdftoppm", ["-png", "-r", "70", "-f", "1", "-l", "1", file, path.join(outputDir, name)]);
    }
    const images = readdirSync(outputDir).filter((file) => file.endsWith(".png"));
    expect(images).toHaveLength(2);
    for (const image of images) expect(statSync(path.join(outputDir, image)).size).toBeGreaterThan(10_000);
    console.info(`document-composer: page-1 renders in ${outputDir}`);
  });
});

describe("composeDocumentPdf: timing", () => {
  test("measures composing a ten-page Kế hoạch (logged, not asserted)", async () => {
    await composeDocumentPdf(LONG_PLAN, fontsLoaded);
    const timings: number[] = [];
    for (let run = 0; run < 5; run++) {
      const started = performance.now();
      await composeDocumentPdf(LONG_PLAN, fontsLoaded);
      timings.push(performance.now() - started);
    }
    timings.sort((a, b) => a - b);
    console.info(
      `document-composer: 10-page Kế hoạch composed in median ${timings[2].toFixed(1)} ms ` +
        `(min ${timings[0].toFixed(1)}, max ${timings[4].toFixed(1)}) over 5 runs`,
    );
    expect(timings).toHaveLength(5);
  });

  test("rejects a document without an issuer", async () => {
    await expect(composeDocumentPdf({ ...OFFICIAL_LETTER_TAN_THANH, organizationName: " " }, fontsLoaded)).rejects.toThrow(/organizationName/);
  });
});
