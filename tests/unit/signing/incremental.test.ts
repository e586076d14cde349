// Incremental writer: earlier bytes never change, the xref section matches the previous kind, the trailer keeps
// /ID[0], /Info and unknown entries, /Prev points to the previous section, and fields/annots are appended.
import { beforeAll, describe, expect, it } from "vitest";
import { type PDFArray, type PDFDict, type PDFHexString, PDFName } from "pdf-lib";
import { createDemoPki, loadPkcs12, signPdf, type LoadedSigner } from "#signing/index";
import { listFields } from "#signing/pdf/fields";
import { PdfReader } from "#signing/pdf/reader";
import { pdfLibDocument } from "#tests/support/pdf-corpus";

let signer: LoadedSigner;
beforeAll(() => {
  const pki = createDemoPki({ organizationName: "UBND", leaderName: "Lê Văn A" });
  signer = loadPkcs12(pki.leader.p12, pki.leader.password);
});

function withCustomTrailer(pdf: Uint8Array): Uint8Array {
  // Add a custom trailer key and end the revision with CRLF (pitfall 4: never strip the previous EOL).
  const text = Buffer.from(pdf).toString("latin1");
  const at = text.lastIndexOf("trailer");
  const patched =
    text.slice(0, at) +
    text
      .slice(at)
      .replace("<<", "<<\n/Custom (giữ nguyên)")
      .replace(/%%EOF\s*$/, "%%EOF\r\n");
  return new Uint8Array(Buffer.from(patched, "latin1"));
}

describe("incremental update", () => {
  it.each([
    ["table", false],
    ["stream", true],
  ] as const)("xref %s: appends only, same xref kind, trailer entries kept", async (kind, objectStreams) => {
    let base = await pdfLibDocument({ objectStreams, fields: true });
    if (!objectStreams) base = withCustomTrailer(base);
    const before = PdfReader.open(base);
    expect(before.kind).toBe(kind);
    const { pdf } = await signPdf(base, { signer, role: "leader" });
    expect(Buffer.from(pdf.subarray(0, base.length)).equals(Buffer.from(base))).toBe(true);
    const after = PdfReader.open(pdf);
    expect(after.kind).toBe(kind);
    expect(after.startxref).toBeGreaterThan(base.length);
    expect(after.trailer.get(PDFName.of("Prev"))?.toString()).toBe(String(before.startxref));
    // pdf-lib writes no /ID: the first update creates one; every later update keeps ID[0] and renews ID[1].
    const id = after.trailer.get(PDFName.of("ID")) as PDFArray;
    expect(id.size()).toBe(2);
    const again = PdfReader.open((await signPdf(pdf, { signer, role: "leader" })).pdf);
    const id2 = again.trailer.get(PDFName.of("ID")) as PDFArray;
    expect((id2.get(0) as PDFHexString).asString()).toBe((id.get(0) as PDFHexString).asString());
    expect((id2.get(1) as PDFHexString).asString()).not.toBe((id.get(1) as PDFHexString).asString());
    expect(after.trailer.get(PDFName.of("Info"))?.toString()).toBe(before.trailer.get(PDFName.of("Info"))?.toString());
    if (!objectStreams) expect(after.trailer.get(PDFName.of("Custom"))?.toString()).toBe(before.trailer.get(PDFName.of("Custom"))?.toString());
    // Earlier fields are kept; the new one is appended with a unique name.
    expect(listFields(after).map((f) => f.fullName)).toEqual(["so_ky_hieu", "ngay_thang", "LanhDao"]);
    const acroForm = after.getDict(after.catalog, "AcroForm") as PDFDict;
    expect(after.get(acroForm, "SigFlags")?.toString()).toBe("3");
    // The signature dictionary is a plain object (never in an object stream) whose ByteRange frames /Contents.
    const sigField = listFields(after).find((f) => f.fullName === "LanhDao")!;
    const sigRef = sigField.dict.get(PDFName.of("V"))!;
    const entry = after.entries.get(Number(sigRef.toString().split(" ")[0]));
    expect(entry?.type).toBe(1);
    // Size covers every object number.
    expect(after.size).toBeGreaterThan(Math.max(...after.entries.keys()));
  });

  it("signing twice yields unique field names and keeps the first widget untouched", async () => {
    const base = await pdfLibDocument({ objectStreams: false });
    const one = await signPdf(base, { signer, role: "leader" });
    const two = await signPdf(one.pdf, { signer, role: "leader" });
    expect(two.fieldName).toBe("LanhDao_2");
    const r = PdfReader.open(two.pdf);
    const page = r.resolveRef(r.pageRef(0)) as PDFDict;
    expect(r.getArray(page, "Annots")?.size()).toBe(2);
  });
});
