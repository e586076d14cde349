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
import { decodePDFRawStream, type PDFArray, type PDFHexString, PDFName, type PDFNumber, type PDFDict, type PDFStream } from "pdf-lib";
import { execFileSync } from "node:child_process";
import { loadVietnameseFont } from "../../../scripts/commands/signing-assets";
import { pdfLibDocument } from "#tests/support/pdf-corpus";
import { verifyPdfSignatures } from "#signing/verify/verify";
import { readPdfTextInProcess } from "#app/platform/pdf-text/pdf-text.task";

const font = loadVietnameseFont();
const CORPUS = join(process.env.SHARED_DIR ? resolve(process.env.SHARED_DIR) : resolve(process.cwd(), "../shared"), "corpus/realworld");
let leader: LoadedSigner;
let org: LoadedSigner;

type DocLine = { text: string; x: number; y: number; page?: number; size?: number };

async function docWith(lines: DocLine[], pages = 1, layout: { size?: [number, number]; cropBox?: Rect } = {}): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  doc.registerFontkit(fontkit);
  const f = await doc.embedFont(font);
  for (let i = 0; i < pages; i++) {
    const page = doc.addPage(layout.size ?? [595, 842]);
    const crop = layout.cropBox;
    if (crop) page.setCropBox(crop[0], crop[1], crop[2] - crop[0], crop[3] - crop[1]);
  }
  for (const l of lines) doc.getPage(l.page ?? pages - 1).drawText(l.text, { x: l.x, y: l.y, size: l.size ?? 13, font: f });
  return doc.save();
}

/** Boxes of the lines docWith draws (Tinos metrics; from a little under the baseline to the cap height). */
async function textBox(l: DocLine): Promise<Rect> {
  const doc = await PDFDocument.create();
  doc.registerFontkit(fontkit);
  const f = await doc.embedFont(font);
  const size = l.size ?? 13;
  return [l.x, l.y - size * 0.2, l.x + f.widthOfTextAtSize(l.text, size), l.y + size * 0.75];
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
    const [, y1, , y2] = block!.rect;
    // "TM. ỦY BAN NHÂN DÂN / CHỦ TỊCH" is printed at y ≈ 377, the signer's name at y ≈ 259, the last body line at 406.
    // (Sideways, the block leaves the printed "[ KÝ BỞI … ]" box under the title: see "visible placement" below.)
    expect(y2).toBeLessThan(380);
    expect(y1).toBeGreaterThan(240);
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

type PlacedAnnotation = { subtype: string; rect: Rect; contents?: string; opaque: boolean };

function pageAnnotations(pdf: Uint8Array, page = 0): PlacedAnnotation[] {
  const reader = PdfReader.open(pdf);
  const annots = reader.getArray(reader.resolveRef(reader.pageRef(page)) as PDFDict, "Annots")?.asArray() ?? [];
  return annots.map((ref) => {
    const d = reader.resolve(ref) as PDFDict;
    const r = (reader.getArray(d, "Rect") as PDFArray).asArray().map((n) => (reader.resolve(n) as PDFNumber).asNumber());
    const ap = reader.resolve(reader.getDict(d, "AP")?.get(PDFName.of("N"))) as PDFStream | undefined;
    const content = ap ? Buffer.from(decodePDFRawStream(ap as never).decode()).toString("latin1") : "";
    const contents = d.get(PDFName.of("Contents")) as PDFHexString | undefined;
    return {
      subtype: String(d.get(PDFName.of("Subtype"))),
      rect: [Math.min(r[0], r[2]), Math.min(r[1], r[3]), Math.max(r[0], r[2]), Math.max(r[1], r[3])],
      contents: contents?.decodeText(),
      opaque: /1 1 1 rg[\s\d.]+re f/.test(content),
    };
  });
}

/** Leader, then organisation with the number and date the issue step plans for a PDF without form fields. */
async function issueChain(pdf: Uint8Array, signer: { title: string; name: string }): Promise<Uint8Array> {
  const a = await signPdf(pdf, {
    signer: leader,
    role: "leader",
    appearance: { visible: true, fontBytes: font, signerTitle: signer.title, signerName: signer.name },
  });
  const plan = planNumberAndDate(a.pdf, { number: "58/QĐ-UBND", date: { year: 2025, month: 6, day: 15 }, place: "Hà Nội" });
  const b = await signPdf(a.pdf, {
    signer: org,
    role: "organization",
    appearance: { visible: true, fontBytes: font, organizationName: "UBND xã Đông Hưng" },
    ...plan,
  });
  return b.pdf;
}

const intersects = (a: Rect, b: Rect) => a[0] < b[2] && b[0] < a[2] && a[1] < b[3] && b[1] < a[3];
const contains = (outer: Rect, inner: Rect) => outer[0] <= inner[0] && outer[1] <= inner[1] && outer[2] >= inner[2] && outer[3] >= inner[3];

function expectInside(annotations: PlacedAnnotation[], box: Rect) {
  expect(annotations.filter((a) => a.subtype !== "/Widget" || a.rect[2] > a.rect[0])).not.toHaveLength(0);
  for (const a of annotations) {
    if (a.rect[2] - a.rect[0] < 1) continue; // an invisible widget
    expect(contains(box, a.rect), `${a.subtype} ${a.contents ?? ""} [${a.rect.map((n) => n.toFixed(1))}] inside [${box}]`).toBe(true);
  }
}

describe("visible placement: inside the visible page, around what the page already prints", () => {
  it("a tiny page (160 × 110 pt): signature, seal and number/date all stay on it", async () => {
    const pdf = await docWith(
      [
        { text: "CHỦ TỊCH", x: 95, y: 62, size: 8 },
        { text: "Lê Văn Bình", x: 92, y: 12, size: 8 },
      ],
      1,
      { size: [160, 110] },
    );
    const annotations = pageAnnotations(await issueChain(pdf, { title: "CHỦ TỊCH", name: "Lê Văn Bình" }));
    expect(annotations.map((a) => a.subtype).sort()).toEqual(["/FreeText", "/FreeText", "/Widget", "/Widget"]);
    expectInside(annotations, [0, 0, 160, 110]);
  });

  it("a CropBox offset from the MediaBox, with 'Số:' near its right edge and the block near its bottom", async () => {
    const crop: Rect = [150, 300, 450, 600];
    const pdf = await docWith(
      [
        { text: "Số:", x: 392, y: 570, size: 12 },
        { text: "CHỦ TỊCH", x: 340, y: 380, size: 12 },
        { text: "Lê Văn Bình", x: 335, y: 306, size: 12 },
      ],
      1,
      { cropBox: crop },
    );
    expect(pageGeometry(PdfReader.open(pdf), PdfReader.open(pdf).pageRef(0))).toMatchObject({ x: 150, y: 300, width: 300, height: 300 });
    expectInside(pageAnnotations(await issueChain(pdf, { title: "CHỦ TỊCH", name: "Lê Văn Bình" })), crop);
  });

  const HEADER: DocLine[] = [
    { text: "ỦY BAN NHÂN DÂN", x: 70, y: 790, size: 12 },
    { text: "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", x: 300, y: 790, size: 12 },
    { text: "Độc lập - Tự do - Hạnh phúc", x: 335, y: 771, size: 12 },
    { text: "Hà Nội, ngày 11 tháng 08 năm 2026", x: 340, y: 750, size: 12 },
    { text: "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;", x: 60, y: 650, size: 12 },
    { text: "CHỦ TỊCH", x: 390, y: 330 },
    { text: "Lê Văn Bình", x: 375, y: 220 },
  ];

  it("a different number and date already printed: covered where they are by the register's, nothing else touched", async () => {
    const number: DocLine = { text: "Số: 890/QĐ-UBND", x: 80, y: 770, size: 12 };
    const pdf = await docWith([...HEADER, number]);
    const stamps = pageAnnotations(await issueChain(pdf, { title: "CHỦ TỊCH", name: "Lê Văn Bình" })).filter((a) => a.subtype === "/FreeText");
    const numberStamp = stamps.find((a) => a.contents?.includes("58/QĐ-UBND"))!;
    const dateStamp = stamps.find((a) => a.contents?.includes("ngày 15 tháng 6 năm 2025"))!;
    expect(numberStamp.contents).toBe("Số: 58/QĐ-UBND");
    expect(dateStamp.contents).toBe("Hà Nội, ngày 15 tháng 6 năm 2025");
    // Each covers the whole printed value with a white box: the page shows one number and one date.
    expect(numberStamp.opaque && dateStamp.opaque).toBe(true);
    expect(contains(numberStamp.rect, await textBox(number))).toBe(true);
    expect(contains(dateStamp.rect, await textBox(HEADER[3]))).toBe(true);
    // ...and no other text: not the motto sharing the number's baseline, nor the body's "ngày 19 tháng 6 năm 2015".
    for (const line of HEADER.filter((l) => l !== HEADER[3])) {
      const box = await textBox(line);
      for (const stamp of [numberStamp, dateStamp]) expect(intersects(stamp.rect, box), `${stamp.contents} over ${line.text}`).toBe(false);
    }
  });

  it("the same number already printed is not printed again; a blank slot gets the number after 'Số:'", async () => {
    const same = pageAnnotations(
      await issueChain(await docWith([...HEADER, { text: "Số: 58/QĐ-UBND", x: 80, y: 770, size: 12 }]), { title: "CHỦ TỊCH", name: "Lê Văn Bình" }),
    );
    expect(same.filter((a) => a.contents?.includes("58/QĐ-UBND"))).toEqual([]);
    const label: DocLine = { text: "Số:", x: 80, y: 770, size: 12 };
    const blank = pageAnnotations(await issueChain(await docWith([...HEADER, label]), { title: "CHỦ TỊCH", name: "Lê Văn Bình" }));
    const stamp = blank.find((a) => a.contents === "58/QĐ-UBND")!;
    expect(stamp.opaque).toBe(false);
    expect(stamp.rect[0]).toBeGreaterThanOrEqual((await textBox(label))[2]);
    expect(intersects(stamp.rect, await textBox(HEADER[2]))).toBe(false);
  });

  it("vn__49, vn__50 (Nghị định, certified 'form filling and signing only'): the number and date go under the seal, no annotation breaks the certification", async () => {
    for (const file of ["vn__49-2026-ND-CP.pdf", "vn__50-2026-ND-CP.pdf"]) {
      const pdf = new Uint8Array(readFileSync(join(CORPUS, file)));
      const out = await issueChain(pdf, { title: "THỦ TƯỚNG", name: "Lê Văn Bình" });
      // Nothing but the two signature widgets is added to the first page: no FreeText stamp, no white cover.
      expect(
        pageAnnotations(out).filter((a) => a.subtype === "/FreeText"),
        file,
      ).toHaveLength(0);
      const reports = await verifyPdfSignatures(out);
      const certification = reports.find((r) => r.signerName === "CHÍNH PHỦ");
      expect(certification?.valid, file).toBe(true);
      expect(certification?.changeSummary ?? "", file).not.toMatch(/chú thích/);
      // The seal's own appearance carries the register's number and date (read back by pdfjs from the widget).
      const seal = reports.find((r) => r.fieldName === "CoQuan");
      expect(seal?.valid, file).toBe(true);
      const text = (await readPdfTextInProcess(out)).text.normalize("NFC");
      expect(text, file).toContain("Số: 58/QĐ-UBND");
      expect(text, file).toContain("Hà Nội, ngày 15 tháng 6 năm 2025");
    }
  });

  it("vn__02 (UBND TP Hà Nội): one number, one date, and the leader's signature beside the printed 'KÝ BỞI' box", async () => {
    const pdf = new Uint8Array(readFileSync(join(CORPUS, "vn__02_Quyet_Dinh_UBND_Ha_Noi.pdf")));
    const out = await issueChain(pdf, { title: "CHỦ TỊCH", name: "Trần Sỹ Thanh" });
    // Word boxes as poppler reads them (an outside opinion), turned into PDF user space.
    const words = [
      ...execFileSync("pdftotext", ["-bbox", join(CORPUS, "vn__02_Quyet_Dinh_UBND_Ha_Noi.pdf"), "-"], { encoding: "utf8" }).matchAll(
        /<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<\/word>/g,
      ),
    ].map((m) => ({ text: m[5], rect: [Number(m[1]), 841.89 - Number(m[4]), Number(m[3]), 841.89 - Number(m[2])] as Rect }));
    const annotations = pageAnnotations(out);
    expectInside(annotations, [0, 0, 595.28, 841.89]);
    // pdfjs reads "Hà Nội, ngày 11 tháng 08 năm 2026" as one run: the place is covered and reprinted with the date.
    const replaced = new Set(["Số:", "890/QĐ-UBND", "Hà", "Nội,", "ngày", "11", "tháng", "08", "năm", "2026"]);
    const stamps = annotations.filter((a) => a.subtype === "/FreeText").map((a) => a.contents);
    expect(stamps.sort()).toEqual(["Hà Nội, ngày 15 tháng 6 năm 2025", "Số: 58/QĐ-UBND"]);
    for (const stamp of annotations.filter((a) => a.subtype === "/FreeText")) {
      const under = words.filter((w) => intersects(stamp.rect, w.rect));
      expect(under.length).toBeGreaterThan(0);
      for (const w of under) {
        expect(replaced.has(w.text), `${stamp.contents} over "${w.text}"`).toBe(true);
        expect(contains(stamp.rect, w.rect), `"${w.text}" wholly under ${stamp.contents}`).toBe(true);
      }
    }
    const box = words.filter((w) => w.rect[1] > 280 && w.rect[3] < 345 && w.rect[0] > 320);
    expect(box.map((w) => w.text).join(" ")).toContain("KÝ BỞI");
    const signature = widgetRect(out, "LanhDao") as Rect;
    for (const w of box) expect(intersects(signature, w.rect), `signature over "${w.text}"`).toBe(false);
    // Still the signature block's band, between the title (y ≈ 373) and the name (y ≈ 256).
    expect(signature[3]).toBeLessThan(375);
    expect(signature[1]).toBeGreaterThan(255);
  });
});
