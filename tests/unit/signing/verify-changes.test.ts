// What later revisions changed, judged by the document's own rules (ISO 32000-2 §12.8.2): DocMDP P=1/2/3 and
// FieldMDP locks, else annotations and form values are allowed and page content is not. Real incremental updates
// on real PDFs; no signature is needed for the classification itself.
import { beforeAll, describe, expect, it } from "vitest";
import { PDFArray, type PDFDict, PDFHexString, PDFName, PDFRef } from "pdf-lib";
import { IncrementalUpdate } from "#signing/pdf/incremental";
import { PdfReader } from "#signing/pdf/reader";
import { describeChanges, laterChanges, type MdpRules } from "#signing/verify/changes";
import { pdfLibDocument } from "#tests/support/pdf-corpus";

let base: Uint8Array;

function update(pdf: Uint8Array, edit: (reader: PdfReader, u: IncrementalUpdate) => void): Uint8Array {
  const reader = PdfReader.open(pdf);
  const u = new IncrementalUpdate(reader);
  edit(reader, u);
  return u.serialize().bytes;
}

function judge(pdf: Uint8Array, rules: MdpRules) {
  const final = PdfReader.open(pdf);
  return laterChanges(base.length, final, rules, (end) => PdfReader.open(pdf, { end }));
}

const NO_RULES: MdpRules = { docMdp: null, lockedFields: [] };

beforeAll(async () => {
  base = await pdfLibDocument({ pages: 1, fields: true, objectStreams: false });
});

const withAnnotation = () =>
  update(base, (reader, u) => {
    const pageRef = reader.pageRef(0);
    const page = reader.resolveRef(pageRef) as PDFDict;
    const note = reader.context.register(
      reader.context.obj({ Type: "Annot", Subtype: "Text", Rect: [10, 10, 30, 30], Contents: PDFHexString.fromText("Đã xem") }),
    );
    const annots = reader.resolve(page.get(PDFName.of("Annots")));
    if (annots instanceof PDFArray) {
      annots.push(note);
      const ref = page.get(PDFName.of("Annots"));
      if (ref instanceof PDFRef) u.markModified(ref);
    } else page.set(PDFName.of("Annots"), reader.context.obj([note]));
    u.markModified(pageRef);
  });

const withFieldValue = () =>
  update(base, (reader, u) => {
    const acro = reader.getDict(reader.catalog, "AcroForm")!;
    const fieldRef = reader.getArray(acro, "Fields")!.asArray()[0] as PDFRef;
    const field = reader.resolveRef(fieldRef) as PDFDict;
    field.set(PDFName.of("V"), PDFHexString.fromText("58/KH-UBND"));
    u.markModified(fieldRef);
  });

const withPageContent = () =>
  update(base, (reader, u) => {
    const pageRef = reader.pageRef(0);
    const page = reader.resolveRef(pageRef) as PDFDict;
    const extra = reader.context.register(reader.context.stream("BT /F1 12 Tf 72 72 Td (58) Tj ET"));
    page.set(PDFName.of("Contents"), reader.context.obj([page.get(PDFName.of("Contents")) as PDFRef, extra]));
    u.markModified(pageRef);
  });

describe("later changes", () => {
  it("annotations and form values are allowed without DocMDP; page content is not", () => {
    const a = judge(withAnnotation(), NO_RULES);
    expect(a).toMatchObject({ kinds: ["annotation"], allowed: true });
    expect(describeChanges(a, null)).toBe("Sau khi ký chỉ thêm hoặc sửa chú thích (được phép)");
    const f = judge(withFieldValue(), NO_RULES);
    expect(f).toMatchObject({ kinds: ["form"], allowed: true, changedFields: ["so_ky_hieu"] });
    const c = judge(withPageContent(), NO_RULES);
    expect(c).toMatchObject({ kinds: ["content"], allowed: false });
    expect(describeChanges(c, null)).toBe("Nội dung trang bị thay đổi sau khi ký");
    expect(describeChanges(c, "chữ ký của CHÍNH PHỦ")).toBe(
      "Nội dung trang bị thay đổi sau khi ký. Các thay đổi này nằm trong phần đã được chữ ký của CHÍNH PHỦ ký xác nhận sau đó",
    );
  });

  it("DocMDP: P=1 allows nothing, P=2 form filling but not annotations, P=3 both", () => {
    expect(judge(withFieldValue(), { docMdp: 1, lockedFields: [] })).toMatchObject({
      allowed: false,
      violations: [expect.stringMatching(/không cho phép thay đổi.*điền giá trị/)],
    });
    expect(judge(withFieldValue(), { docMdp: 2, lockedFields: [] }).allowed).toBe(true);
    expect(judge(withAnnotation(), { docMdp: 2, lockedFields: [] })).toMatchObject({
      allowed: false,
      violations: [expect.stringMatching(/chỉ cho phép điền biểu mẫu và ký.*chú thích/)],
    });
    expect(judge(withAnnotation(), { docMdp: 3, lockedFields: [] }).allowed).toBe(true);
  });

  it("FieldMDP: a locked field whose value changes is reported by name; others are not", () => {
    expect(judge(withFieldValue(), { docMdp: null, lockedFields: ["so_ky_hieu"] })).toMatchObject({
      allowed: false,
      violations: ["Ô biểu mẫu đã bị khóa khi ký nhưng sau đó bị sửa: so_ky_hieu"],
    });
    expect(judge(withFieldValue(), { docMdp: null, lockedFields: ["ngay_thang"] }).allowed).toBe(true);
    expect(judge(withFieldValue(), { docMdp: null, lockedFields: ["*", "!so_ky_hieu"] }).allowed).toBe(true);
  });
});
