// The clerk's number and date on a PDF that prints no "Số:" / "ngày" line: Phụ lục I's ô 3 and ô 4 on page 1,
// on pages of any size, rotation and CropBox origin — and the organisation signature is never refused for it.
import fontkit from "@pdf-lib/fontkit";
import { type PDFArray, type PDFDict, PDFDocument, type PDFHexString, PDFName, type PDFNumber, type PDFRawStream, degrees } from "pdf-lib";
import { beforeAll, describe, expect, it } from "vitest";
import { createDemoPki, loadPkcs12, planNumberAndDate, signPdf, type LoadedSigner, type Rect } from "#signing/index";
import { displayedToUser, numberDateSlot, type PageGeometry } from "#signing/appearance/number-slots";
import { pageGeometry } from "#signing/pdf/fields";
import { PdfReader } from "#signing/pdf/reader";
import { loadVietnameseFont } from "../../../scripts/commands/signing-assets";

const MM = 72 / 25.4;
const width7pt = (size: number) => size * 7; // a 14-character text at ~0.5 em per character
const A4: PageGeometry = { x: 0, y: 0, width: 595.28, height: 841.89, rotate: 0 };

function inside(rect: Rect, page: PageGeometry) {
  expect(rect[0]).toBeGreaterThanOrEqual(page.x - 0.01);
  expect(rect[1]).toBeGreaterThanOrEqual(page.y - 0.01);
  expect(rect[2]).toBeLessThanOrEqual(page.x + page.width + 0.01);
  expect(rect[3]).toBeLessThanOrEqual(page.y + page.height + 0.01);
}

describe("numberDateSlot (pure geometry)", () => {
  it("puts the number top-left under the issuer and the date top-right, on one line, on A4 portrait", () => {
    const number = numberDateSlot(A4, "number", { textWidth: width7pt });
    const date = numberDateSlot(A4, "date", { textWidth: width7pt });
    expect(number.fontSize).toBe(13);
    // ô 3: inside the issuer column (30–100 mm from the left edge)
    expect(number.rect[0]).toBeGreaterThanOrEqual(30 * MM - 0.01);
    expect(number.rect[2]).toBeLessThanOrEqual(100 * MM + 0.01);
    // ô 4: right of the issuer column, left of the 15 mm right margin
    expect(date.rect[0]).toBeGreaterThanOrEqual(100 * MM - 0.01);
    expect(date.rect[2]).toBeLessThanOrEqual(A4.width - 15 * MM + 0.01);
    // same line, 34 mm below the top edge (under the two-line header), in the upper sixth of the page
    expect(number.rect[3]).toBeCloseTo(A4.height - 34 * MM, 5);
    expect(date.rect[3]).toBeCloseTo(number.rect[3], 5);
    expect(number.matrix).toEqual([1, 0, 0, 1, 0, 0]);
  });

  it("follows the CropBox origin", () => {
    const page: PageGeometry = { x: 100, y: 200, width: 595.28, height: 841.89, rotate: 0 };
    const a = numberDateSlot(A4, "number", { textWidth: width7pt }).rect;
    const b = numberDateSlot(page, "number", { textWidth: width7pt }).rect;
    expect(b.map((v, i) => v - a[i])).toEqual([100, 200, 100, 200].map((d) => expect.closeTo(d, 5)));
    inside(b, page);
  });

  it.each([90, 180, 270] as const)("keeps the slot at the displayed top and the text upright on a page turned by %i°", (rotate) => {
    const page: PageGeometry = { x: 10, y: 20, width: 595.28, height: 841.89, rotate };
    const slot = numberDateSlot(page, "number", { textWidth: width7pt });
    inside(slot.rect, page);
    // The displayed top-left corner of the page and the slot are close; the displayed bottom is far.
    const [tx, ty] = displayedToUser(page, 0, 0);
    const shown = rotate === 180 ? { w: page.width, h: page.height } : { w: page.height, h: page.width };
    const [bx, by] = displayedToUser(page, 0, shown.h);
    const center = [(slot.rect[0] + slot.rect[2]) / 2, (slot.rect[1] + slot.rect[3]) / 2];
    expect(Math.hypot(center[0] - tx, center[1] - ty)).toBeLessThan(Math.hypot(center[0] - bx, center[1] - by));
    // Rect sides swap with a quarter turn: the text runs along the displayed width.
    const [w, h] = [slot.rect[2] - slot.rect[0], slot.rect[3] - slot.rect[1]];
    if (rotate === 180) expect([w, h]).toEqual([expect.closeTo(slot.formWidth, 5), expect.closeTo(slot.formHeight, 5)]);
    else expect([w, h]).toEqual([expect.closeTo(slot.formHeight, 5), expect.closeTo(slot.formWidth, 5)]);
    expect(slot.matrix).toEqual({ 90: [0, 1, -1, 0, 0, 0], 180: [-1, 0, 0, -1, 0, 0], 270: [0, -1, 1, 0, 0, 0] }[rotate]);
  });

  it("shrinks the text on a small page and stays on it", () => {
    const page: PageGeometry = { x: 0, y: 0, width: 200, height: 150, rotate: 0 };
    const slot = numberDateSlot(page, "date", { textWidth: (s) => s * 20 });
    expect(slot.fontSize).toBeLessThan(13 * (150 / 595.28) + 0.001);
    inside(slot.rect, page);
  });

  it("moves into the top margin when page text lies under the Phụ lục I place", () => {
    const free = numberDateSlot(A4, "number", { textWidth: width7pt }).rect;
    const occupied: Rect[] = [[0, free[1] - 2, A4.width, free[3] + 2]];
    const moved = numberDateSlot(A4, "number", { textWidth: width7pt, occupied }).rect;
    expect(moved[1]).toBeGreaterThan(free[3]);
    expect(moved[3]).toBeLessThanOrEqual(A4.height);
  });
});

describe("organisation signature with number and date on a PDF without Số:/ngày lines", () => {
  let leader: LoadedSigner;
  let org: LoadedSigner;
  const font = loadVietnameseFont();
  beforeAll(() => {
    const pki = createDemoPki({ organizationName: "UBND xã Đông Hưng", leaderName: "Lê Văn Bình" });
    leader = loadPkcs12(pki.leader.p12, pki.leader.password);
    org = loadPkcs12(pki.organization.p12, pki.organization.password);
  }, 60_000);

  async function plainDoc(options: { rotate?: number; cropBox?: [number, number, number, number]; size?: [number, number] }) {
    const doc = await PDFDocument.create();
    doc.registerFontkit(fontkit);
    const f = await doc.embedFont(font);
    const page = doc.addPage(options.size ?? [595.28, 841.89]);
    page.drawText("Kế hoạch triển khai", { x: 150, y: 400, size: 14, font: f });
    if (options.rotate) page.setRotation(degrees(options.rotate));
    if (options.cropBox) page.setCropBox(...options.cropBox);
    return doc.save({ useObjectStreams: false });
  }

  async function issue(pdf: Uint8Array) {
    const first = await signPdf(pdf, { signer: leader, role: "leader", appearance: { visible: true, fontBytes: font, signerName: "Lê Văn Bình" } });
    const plan = planNumberAndDate(first.pdf, { number: "58/KH-UBND", date: { year: 2025, month: 6, day: 15 }, place: "Đông Hưng" });
    const second = await signPdf(first.pdf, {
      signer: org,
      role: "organization",
      appearance: { visible: true, fontBytes: font, organizationName: "UBND xã Đông Hưng" },
      ...plan,
    });
    const reader = PdfReader.open(second.pdf);
    const pageRef = reader.pageRef(0);
    const annots = (reader.getArray(reader.resolveRef(pageRef) as PDFDict, "Annots") as PDFArray).asArray().map((a) => reader.resolve(a) as PDFDict);
    const stamps = annots
      .filter((a) => a.get(PDFName.of("Subtype")) === PDFName.of("FreeText"))
      .map((a) => {
        const ap = reader.getDict(a, "AP")!;
        const n = reader.resolve(ap.get(PDFName.of("N"))) as PDFRawStream;
        const matrix = n.dict.get(PDFName.of("Matrix")) as PDFArray | undefined;
        return {
          text: (a.get(PDFName.of("Contents")) as PDFHexString).decodeText(),
          rect: (a.get(PDFName.of("Rect")) as PDFArray).asArray().map((v) => (v as PDFNumber).asNumber()) as Rect,
          matrix: matrix?.asArray().map((v) => (v as PDFNumber).asNumber()),
        };
      });
    return { stamps, geometry: pageGeometry(reader, pageRef) };
  }

  it("stamps 'Số: …' in ô 3 and the place and date in ô 4 instead of refusing", async () => {
    const { stamps, geometry } = await issue(await plainDoc({}));
    expect(stamps.map((s) => s.text)).toEqual(["Số: 58/KH-UBND", "Đông Hưng, ngày 15 tháng 6 năm 2025"]);
    for (const s of stamps) inside(s.rect, geometry);
    expect(stamps[0].rect[2]).toBeLessThan(stamps[1].rect[0]); // number left of the date
    expect(stamps[0].rect[1]).toBeGreaterThan(geometry.height * 0.8); // in the header band
  });

  it("places them on the visible page of a rotated page with a CropBox offset, text turned with the page", async () => {
    const { stamps, geometry } = await issue(await plainDoc({ rotate: 90, cropBox: [40, 60, 500, 700] }));
    expect(geometry).toEqual({ x: 40, y: 60, width: 500, height: 700, rotate: 90 });
    expect(stamps).toHaveLength(2);
    for (const s of stamps) {
      inside(s.rect, geometry);
      expect(s.matrix).toEqual([0, 1, -1, 0, 0, 0]);
      // displayed top = user-space left edge for a page turned by 90°
      expect(s.rect[0] - geometry.x).toBeLessThan(geometry.width * 0.2);
    }
  });

  it("numbers a small landscape page too", async () => {
    const { stamps, geometry } = await issue(await plainDoc({ size: [300, 200] }));
    expect(stamps).toHaveLength(2);
    for (const s of stamps) inside(s.rect, geometry);
  });
});
