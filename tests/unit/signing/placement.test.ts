// Field placement: the leader's block under the title (or above the name), the fallback, the seal over the left
// third of the leader's widget, and number/date written as form values or FreeText stamps.
import fontkit from "@pdf-lib/fontkit";
import { PDFDocument } from "pdf-lib";
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { createDemoPki, findSignatureBlock, findTextAnchor, loadPkcs12, planNumberAndDate, signPdf, type LoadedSigner } from "#signing/index";
import { listFields, pageGeometry } from "#signing/pdf/fields";
import { displayedSize, userRectToShown } from "#signing/appearance/number-slots";
import type { Rect } from "#signing/appearance/anchors";
import { PdfReader } from "#signing/pdf/reader";
import { type PDFArray, PDFName, type PDFNumber, type PDFDict, type PDFStream } from "pdf-lib";
import { loadVietnameseFont } from "../../../scripts/commands/signing-assets";
import { pdfLibDocument } from "#tests/support/pdf-corpus";

const font = loadVietnameseFont();
const CORPUS = join(process.env.SHARED_DIR ? resolve(process.env.SHARED_DIR) : resolve(process.cwd(), "../shared"), "corpus/realworld");
let leader: LoadedSigner;
let org: LoadedSigner;

async function docWith(lines: Array<{ text: string; x: number; y: number; page?: number }>, pages = 1): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  doc.registerFontkit(fontkit);
  const f = await doc.embedFont(font);
  for (let i = 0; i < pages; i++) doc.addPage([595, 842]);
  for (const l of lines) doc.getPage(l.page ?? pages - 1).drawText(l.text, { x: l.x, y: l.y, size: 13, font: f });
  return doc.save();
}

function widgetRect(pdf: Uint8Array, name: string): number[] {
  const reader = PdfReader.open(pdf);
  const field = listFields(reader).find((f) => f.fullName === name)!;
  return (reader.getArray(field.dict, "Rect") as PDFArray).asArray().map((n) => (n as PDFNumber).asNumber());
}

beforeAll(() => {
  const pki = createDemoPki({ organizationName: "UBND xã Đông Hưng", leaderName: "Lê Văn Bình" });
  leader = loadPkcs12(pki.leader.p12, pki.leader.password);
  org = loadPkcs12(pki.organization.p12, pki.organization.password);
});

describe("findSignatureBlock", () => {
  it("places the block between the title line and the name line on the last page", async () => {
    const pdf = await docWith(
      [
        { text: "TM. ỦY BAN NHÂN DÂN", x: 350, y: 330 },
        { text: "PHÓ CHỦ TỊCH", x: 360, y: 310 },
        { text: "Lê Văn Bình", x: 365, y: 200 },
      ],
      2,
    );
    const block = await findSignatureBlock(pdf, { title: "Phó Chủ tịch", name: "Lê Văn Bình" });
    expect(block?.page).toBe(1);
    expect(block?.found).toBe("title");
    expect(block?.nameFound).toBe(true);
    const [x1, y1, x2, y2] = block!.rect;
    expect(y2).toBeLessThanOrEqual(310);
    expect(y1).toBeGreaterThanOrEqual(200);
    expect((x1 + x2) / 2).toBeGreaterThan(380);
    expect((x1 + x2) / 2).toBeLessThan(460);
  });

  it("uses the name when there is no title, and falls back to the bottom right of the last page", async () => {
    const pdf = await docWith([{ text: "Lê Văn Bình", x: 365, y: 200 }], 3);
    const byName = await findSignatureBlock(pdf, { title: "CHỦ TỊCH", name: "Lê Văn Bình" });
    expect(byName?.found).toBe("name");
    expect(byName!.rect[1]).toBeGreaterThan(200);
    const fallback = await findSignatureBlock(pdf, { title: "GIÁM ĐỐC" });
    expect(fallback).toMatchObject({ page: 2, found: "fallback" });
    expect(fallback!.rect[2]).toBeGreaterThan(500);
  });

  it("takes the signature block after the body, not the decision's heading that prints the same title (vn__02 UBND Hà Nội)", async () => {
    const pdf = new Uint8Array(readFileSync(join(CORPUS, "vn__02_Quyet_Dinh_UBND_Ha_Noi.pdf")));
    const block = await findSignatureBlock(pdf, { title: "CHỦ TỊCH", name: "Nguyễn Văn An" });
    expect(block).toMatchObject({ page: 0, found: "title" });
    const [x1, y1, x2, y2] = block!.rect;
    // "TM. ỦY BAN NHÂN DÂN / CHỦ TỊCH" is printed at y ≈ 377, the signer's name at y ≈ 259, the last body line at 406.
    expect(y2).toBeLessThan(380);
    expect(y1).toBeGreaterThan(240);
    expect((x1 + x2) / 2).toBeGreaterThan(330);
  });

  it("prefers the last title line under a competence line; a heading followed by body text is never the block", async () => {
    const body = Array.from({ length: 6 }, (_, k) => ({
      text: "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015 và các văn bản",
      x: 40,
      y: 640 - k * 20,
    }));
    const heading = { text: "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH", x: 180, y: 680 };
    const pdf = await docWith([heading, ...body, { text: "TM. ỦY BAN NHÂN DÂN", x: 350, y: 330 }, { text: "CHỦ TỊCH", x: 390, y: 312 }]);
    const block = await findSignatureBlock(pdf, { title: "CHỦ TỊCH" });
    expect(block?.found).toBe("title");
    expect(block!.rect[3]).toBeLessThan(312);
    const headingOnly = await findSignatureBlock(await docWith([heading, ...body]), { title: "CHỦ TỊCH" });
    expect(headingOnly?.found).toBe("fallback");
  });

  it("finds text anchors split by pdfjs at accented letters", async () => {
    const pdf = await docWith([{ text: "Số: /KH-UBND", x: 80, y: 760, page: 0 }]);
    const a = await findTextAnchor(pdf, "Số:");
    expect(a?.page).toBe(0);
    expect(a!.x).toBeGreaterThan(80);
    expect(a!.x).toBeLessThan(120);
  });
});

describe("widget placement", () => {
  it("puts the organisation seal over the left third of the leader's signature", async () => {
    const pdf = await docWith([
      { text: "PHÓ CHỦ TỊCH", x: 360, y: 310 },
      { text: "Lê Văn Bình", x: 365, y: 200 },
    ]);
    const a = await signPdf(pdf, {
      signer: leader,
      role: "leader",
      appearance: { visible: true, fontBytes: font, signerTitle: "PHÓ CHỦ TỊCH", signerName: "Lê Văn Bình" },
    });
    const b = await signPdf(a.pdf, {
      signer: org,
      role: "organization",
      appearance: { visible: true, fontBytes: font, organizationName: "UBND xã Đông Hưng" },
    });
    const l = widgetRect(b.pdf, "LanhDao");
    const s = widgetRect(b.pdf, "CoQuan");
    // The seal's right edge is at one third of the leader's width: it covers the left third.
    expect(s[2]).toBeCloseTo(l[0] + (l[2] - l[0]) / 3, 3);
    expect(s[0]).toBeLessThan(l[0]);
    // The leader's widget was not touched by the second revision.
    expect(widgetRect(a.pdf, "LanhDao")).toEqual(l);
  });

  it("fills pre-created text fields when present, otherwise plans FreeText stamps", async () => {
    const withFields = await pdfLibDocument({ fields: true });
    expect(planNumberAndDate(withFields, { number: "12/QĐ-UBND", date: { year: 2025, month: 2, day: 5 } })).toEqual({
      formValues: { so_ky_hieu: "12/QĐ-UBND", ngay_thang: "ngày 05 tháng 02 năm 2025" },
      stamps: [],
    });
    const plain = await pdfLibDocument({});
    const plan = planNumberAndDate(plain, { number: "12/QĐ-UBND" });
    expect(plan.stamps).toEqual([{ text: "12/QĐ-UBND", anchorText: "Số:", fallback: { slot: "number", text: "Số: 12/QĐ-UBND" } }]);
    const signed = await signPdf(plain, { signer: org, role: "organization", appearance: { visible: false, fontBytes: font }, stamps: plan.stamps });
    const reader = PdfReader.open(signed.pdf);
    const annots = reader.getArray(reader.resolveRef(reader.pageRef(0)) as PDFDict, "Annots")!;
    const subtypes = annots.asArray().map((r) => (reader.resolve(r) as PDFDict).get(PDFName.of("Subtype"))?.toString());
    expect(subtypes).toEqual(expect.arrayContaining(["/FreeText", "/Widget"]));
  });

  it("puts the seal on the leader's signature, not on a signature made on the PDF before (qpdf digitally-signed: John Doe)", async () => {
    const pdf = new Uint8Array(readFileSync(join(CORPUS, "qpdf__digitally-signed.pdf")));
    const foreign = widgetRect(pdf, "Signature2");
    const a = await signPdf(pdf, {
      signer: leader,
      role: "leader",
      appearance: { visible: true, fontBytes: font, signerTitle: "CHỦ TỊCH", signerName: "Lê Văn Bình" },
    });
    const b = await signPdf(a.pdf, {
      signer: org,
      role: "organization",
      appearance: { visible: true, fontBytes: font, organizationName: "UBND xã Đông Hưng" },
      stamps: [{ text: "12/UBND-KT", anchorText: "Số:", fallback: { slot: "number", text: "Số: 12/UBND-KT" } }],
    });
    const l = widgetRect(b.pdf, "LanhDao");
    const s = widgetRect(b.pdf, "CoQuan");
    const overlaps = (p: number[], q: number[]) => p[0] < q[2] && q[0] < p[2] && p[1] < q[3] && q[1] < p[3];
    expect(overlaps(s, l)).toBe(true);
    expect(overlaps(s, foreign)).toBe(false);
    // The number (no "Số:" on this page: Phụ lục I slot) is not printed over John Doe's appearance either.
    const reader = PdfReader.open(b.pdf);
    const annots = reader
      .getArray(reader.resolveRef(reader.pageRef(0)) as PDFDict, "Annots")!
      .asArray()
      .map((r) => reader.resolve(r) as PDFDict);
    const stamp = annots.find((d) => d.get(PDFName.of("Subtype"))?.toString() === "/FreeText")!;
    const stampRect = (reader.getArray(stamp, "Rect") as PDFArray).asArray().map((n) => (n as PDFNumber).asNumber());
    expect(overlaps(stampRect, foreign)).toBe(false);
  });

  it("turns the signature and seal appearances with a /Rotate 90 page so they read upright (pdfjs issue14497, A0)", async () => {
    const pdf = new Uint8Array(readFileSync(join(CORPUS, "pdfjs__issue14497.pdf")));
    const a = await signPdf(pdf, {
      signer: leader,
      role: "leader",
      appearance: { visible: true, fontBytes: font, signerTitle: "CHỦ TỊCH", signerName: "Lê Văn Bình" },
    });
    const b = await signPdf(a.pdf, {
      signer: org,
      role: "organization",
      appearance: { visible: true, fontBytes: font, organizationName: "UBND xã Đông Hưng" },
    });
    const reader = PdfReader.open(b.pdf);
    const geometry = pageGeometry(reader, reader.pageRef(0));
    expect(geometry.rotate).toBe(90);
    for (const name of ["LanhDao", "CoQuan"]) {
      const field = listFields(reader).find((f) => f.fullName === name)!;
      const ap = reader.resolve(reader.getDict(field.dict, "AP")!.get(PDFName.of("N"))) as PDFStream;
      const matrix = (reader.resolve(ap.dict.get(PDFName.of("Matrix"))) as PDFArray | undefined)?.asArray().map((n) => (n as PDFNumber).asNumber());
      expect(matrix, name).toEqual([0, 1, -1, 0, 0, 0]);
    }
    // The leader's block is wider than tall as the reader sees it, at the bottom right of the displayed page.
    const shown = userRectToShown(geometry, widgetRect(b.pdf, "LanhDao") as Rect);
    expect(shown[2] - shown[0]).toBeGreaterThan(shown[3] - shown[1]);
    expect(shown[2]).toBeGreaterThan(displayedSize(geometry).width * 0.8);
    expect(shown[1]).toBeLessThan(displayedSize(geometry).height * 0.2);
  });
});
