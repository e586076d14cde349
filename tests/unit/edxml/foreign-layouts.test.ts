// Packets as other QCVN 102 systems write them (domain.md §8.3; the layouts are described in
// tests/support/edxml-foreign.ts): read field by field, files byte-identical, on both parse paths; a travel zip
// unzipped and everything else kept as received; a signature by an independent signer verified. A packet of this
// product's own layout is covered by packet.test.ts.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import JSZip from "jszip";
import { beforeAll, describe, expect, test } from "vitest";
import { createDemoCa, issueDemoCertificate, loadPkcs12, type DemoCa, type LoadedSigner } from "#signing/index";
import { EDXML_NS, EdxmlRefusal, materializeAttachments, parsePacket, parsePacketToRanges, type ParseLimits } from "#edxml/index";
import edxmlParse from "#app/platform/untrusted/edxml-parse.task";
import { buildZip } from "../../support/hostile-fixtures";
import { bkavPacket, vpcpPacket } from "#tests/support/edxml-foreign";

const CORPUS = join(import.meta.dirname, "../../../../shared/corpus/realworld");
const pdfSmall = new Uint8Array(Buffer.from("%PDF-1.7\n% công văn\n1 0 obj<<>>endobj\n%%EOF\n"));
// Over the lifting threshold (16 KB of base64): the fast path that hands attachments to the parent as byte ranges.
const pdfLarge = new Uint8Array(readFileSync(join(CORPUS, "pdfjs__TAMReview.pdf")));

const bytesOf = (xml: string) => new Uint8Array(Buffer.from(xml, "utf8"));

function documentOf(xml: string, options: Parameters<typeof parsePacket>[1] = {}) {
  const parsed = parsePacket(bytesOf(xml), options);
  if (parsed.kind !== "document") throw new Error(`expected a document packet, got ${parsed.kind}`);
  return parsed;
}

/** The same packet through the pool's path: ranges for lifted attachments, decoded by the holder of the bytes. */
function documentThroughRanges(xml: string) {
  const bytes = bytesOf(xml);
  const { parsed, ranges } = parsePacketToRanges(bytes);
  const filled = materializeAttachments(parsed, ranges, bytes);
  if (filled.kind !== "document") throw new Error("expected a document packet");
  return { packet: filled.packet, ranges };
}

/** Through the pool's task as the server runs it (here in process): parse, then files zipped for the journey unzipped. */
async function documentThroughTask(xml: string, limits?: ParseLimits) {
  const bytes = bytesOf(xml);
  const { parsed, ranges } = await edxmlParse({ bytes, trustAnchorsPem: [], limits });
  const filled = materializeAttachments(parsed, ranges, bytes);
  if (filled.kind !== "document") throw new Error("expected a document packet");
  return filled.packet;
}

function refusal(xml: string): EdxmlRefusal {
  try {
    parsePacket(bytesOf(xml));
  } catch (error) {
    if (error instanceof EdxmlRefusal) return error;
    throw error;
  }
  throw new Error("packet was accepted");
}

const same = (a: Uint8Array, b: Uint8Array) => Buffer.from(a).equals(Buffer.from(b));

/** A zip as Java's ZipOutputStream writes it (sizes in a data descriptor after the data), by JSZip. */
async function javaStyleZip(entries: Array<{ name: string; bytes: Uint8Array }>): Promise<Uint8Array> {
  const zip = new JSZip();
  for (const e of entries) zip.file(e.name, e.bytes);
  return new Uint8Array(await zip.generateAsync({ type: "uint8array", compression: "DEFLATE", streamFiles: true }));
}

let xlsx: Uint8Array;

beforeAll(async () => {
  // A real XLSX is itself a zip of several parts: it must never be "unzipped".
  const book = new JSZip();
  book.file("[Content_Types].xml", "<Types/>");
  book.file("xl/workbook.xml", "<workbook/>");
  book.file("xl/worksheets/sheet1.xml", "<worksheet>Bảng kê</worksheet>");
  xlsx = new Uint8Array(await book.generateAsync({ type: "uint8array", compression: "DEFLATE" }));
});

describe("the VPCP SDK layout (outer edXML, AttachmentEncoded after the envelope)", () => {
  test("every field is read and the PDF comes back byte-identical, on both parse paths", () => {
    const files = [
      { id: "5d1c0e2a-0f4e-4f0e-9b1a-000000000001", name: "4521-VPCP-KSTT.pdf", type: "application/pdf", bytes: pdfLarge },
      { id: "5d1c0e2a-0f4e-4f0e-9b1a-000000000002", name: "Phụ lục.pdf", type: "application/pdf", bytes: pdfSmall },
    ];
    const xml = vpcpPacket(files);
    const { packet, signature } = documentOf(xml);
    expect(signature.status).toBe("absent");
    expect([packet.from.organId, packet.to[0].organId, packet.codeNumber, packet.codeNotation, packet.promulgationDate, packet.dueDate]).toEqual([
      "000.00.00.G22",
      "000.00.00.H05",
      "4521",
      "VPCP-KSTT",
      "2025-06-15",
      "2025-07-01",
    ]);
    expect([packet.subject, packet.signer.fullName, packet.signer.competence, packet.priority, packet.pageAmount]).toEqual([
      "V/v đẩy mạnh cải cách thủ tục hành chính năm 2025",
      "Trần Văn Bình",
      "KT.",
      1,
      2,
    ]);
    expect(packet.appendixes).toEqual([]);
    expect(packet.attachments.map((a) => [a.contentId, a.name, a.contentType])).toEqual([
      [`cid:${files[0].id}`, files[0].name, "application/pdf"],
      [`cid:${files[1].id}`, files[1].name, "application/pdf"],
    ]);
    expect(packet.attachments.map((a, i) => same(a.bytes, files[i].bytes))).toEqual([true, true]);

    const viaRanges = documentThroughRanges(xml);
    // The large PDF was lifted and travels as a byte range, as in this product's own layout.
    expect(viaRanges.ranges[0]).not.toBeNull();
    expect(viaRanges.packet.attachments.map((a, i) => same(a.bytes, files[i].bytes))).toEqual([true, true]);
  });

  test("a packet cut off after the envelope is refused as truncated", () => {
    const xml = vpcpPacket([{ id: "a1", name: "a.pdf", type: "application/pdf", bytes: pdfSmall }]);
    const cut = xml.slice(0, xml.indexOf("</AttachmentEncoded>"));
    expect(refusal(cut).code).toMatch(/TRUNCATED|MALFORMED/);
    expect(refusal(xml.trimEnd().slice(0, -"</edXML>".length)).code).toMatch(/TRUNCATED|MALFORMED/);
  });

  test("a manifest reference whose file is missing after the envelope is refused, naming it", () => {
    const xml = vpcpPacket([{ id: "a1", name: "a.pdf", type: "application/pdf", bytes: pdfSmall }]).replace(
      "<ContentId>a1</ContentId>",
      "<ContentId>b2</ContentId>",
    );
    const error = refusal(xml);
    expect(error.code).toBe("MISSING_ATTACHMENT");
    expect(error.message).toContain("cid:a1");
  });

  test("an outer element of another namespace, or one that wraps no edXMLEnvelope, is refused", () => {
    const xml = vpcpPacket([{ id: "a1", name: "a.pdf", type: "application/pdf", bytes: pdfSmall }]);
    expect(refusal(xml.replace(`xmlns="${EDXML_NS}"`, 'xmlns="urn:other"')).code).toMatch(/FOREIGN_NAMESPACE/);
    const noEnvelope = `<?xml version="1.0"?><edXML xmlns="${EDXML_NS}"><Other/></edXML>`;
    expect(refusal(noEnvelope).code).toBe("FOREIGN_NAMESPACE");
  });

  test("base64 inside ContentTransferEncoded that is not base64 is refused", () => {
    const xml = vpcpPacket([{ id: "a1", name: "a.pdf", type: "application/pdf", bytes: pdfSmall }]).replace(
      /<ContentTransferEncoded>[^<]+</,
      "<ContentTransferEncoded>JVBERi0xLjc*!notbase64<",
    );
    expect(refusal(xml).code).toBe("BAD_BASE64");
  });

  test("its XML signature (made by xmlsec1, an independent signer) is verified and trusted against the CA", () => {
    const ca: DemoCa = createDemoCa();
    const signer: LoadedSigner = loadPkcs12(
      issueDemoCertificate(ca, { commonName: "Văn phòng Chính phủ", organization: "Văn phòng Chính phủ", kind: "organization", password: "demo" }).p12,
      "demo",
    );
    const dir = mkdtempSync(join(tmpdir(), "edxml-foreign-"));
    const template =
      '<Signature xmlns="http://www.w3.org/2000/09/xmldsig#"><SignedInfo><CanonicalizationMethod Algorithm="http://www.w3.org/2001/10/xml-exc-c14n#"/>' +
      '<SignatureMethod Algorithm="http://www.w3.org/2001/04/xmldsig-more#rsa-sha256"/><Reference URI=""><Transforms>' +
      '<Transform Algorithm="http://www.w3.org/2000/09/xmldsig#enveloped-signature"/><Transform Algorithm="http://www.w3.org/2001/10/xml-exc-c14n#"/></Transforms>' +
      '<DigestMethod Algorithm="http://www.w3.org/2001/04/xmlenc#sha256"/><DigestValue/></Reference></SignedInfo><SignatureValue/><KeyInfo><X509Data/></KeyInfo></Signature>';
    const files = [{ id: "c9", name: "4521.pdf", type: "application/pdf", bytes: pdfLarge }];
    writeFileSync(join(dir, "tmpl.xml"), vpcpPacket(files, { extraHeader: template }));
    writeFileSync(join(dir, "key.pem"), signer.privateKey.export({ type: "pkcs8", format: "pem" }) as string);
    const pem = (der: Uint8Array) =>
      `-----BEGIN CERTIFICATE-----\n${Buffer.from(der).toString("base64").replace(/.{64}/g, "$&\n")}\n-----END CERTIFICATE-----\n`;
    writeFileSync(join(dir, "cert.pem"), pem(signer.certificateChainDer[0]));
    writeFileSync(join(dir, "ca.pem"), ca.certPem);
    const sign = spawnSync(
      "xmlsec1",
      ["--sign", "--privkey-pem", `${join(dir, "key.pem")},${join(dir, "cert.pem")}`, "--output", join(dir, "signed.xml"), join(dir, "tmpl.xml")],
      {
        encoding: "utf8",
      },
    );
    expect(sign.status, sign.stderr).toBe(0);
    const signedXml = readFileSync(join(dir, "signed.xml"), "utf8");
    expect(signedXml).toContain("<X509Certificate>");

    const good = documentOf(signedXml, { trustAnchorsPem: [ca.certPem] });
    expect(good.signature).toEqual({ status: "valid", trusted: true, signerName: "Văn phòng Chính phủ" });
    expect(same(good.packet.attachments[0].bytes, pdfLarge)).toBe(true);
    // A file changed after signing, outside the envelope, is still under the signature.
    const tampered = signedXml.replace(/(<ContentTransferEncoded>)(.)/, (_, open: string, first: string) => `${open}${first === "J" ? "K" : "J"}`);
    expect(tampered).not.toBe(signedXml);
    expect(documentOf(tampered, { trustAnchorsPem: [ca.certPem] }).signature.status).toBe("invalid");
  });
});

describe("the Bkav eDoc layout (ContentId children, attachment part in no namespace), files zipped for the journey (the pool task)", () => {
  test("a PDF sent as is and an XLSX zipped for the journey come back as the files that were sent", async () => {
    const wrapped = await javaStyleZip([{ name: "0b7e4f1c-2d3a-4e5f-8a9b-1c2d3e4f5a6b.xlsx", bytes: xlsx }]);
    const files = [
      { id: "f1", name: "4521-VPCP-KSTT.pdf", type: "application/pdf", bytes: pdfLarge },
      { id: "f2", name: "Bảng kê thủ tục.xlsx", type: "application/zip", bytes: wrapped },
    ];
    const xml = bkavPacket(files);
    // Parsed alone, the XLSX is still the zip that travelled; the task unzips it.
    expect(same(documentOf(xml).packet.attachments[1].bytes, wrapped)).toBe(true);
    const packet = await documentThroughTask(xml);
    expect(packet.codeNumber).toBe("4521");
    expect(packet.attachments.map((a) => [a.name, a.contentType])).toEqual([
      ["4521-VPCP-KSTT.pdf", "application/pdf"],
      ["Bảng kê thủ tục.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"],
    ]);
    expect(same(packet.attachments[0].bytes, pdfLarge)).toBe(true);
    expect(same(packet.attachments[1].bytes, xlsx)).toBe(true);
  });

  test("a large PDF zipped under its own type (the VPCP gateway's manual builder) is unzipped", async () => {
    const wrapped = await javaStyleZip([{ name: "7c1d.pdf", bytes: pdfLarge }]);
    const xml = vpcpPacket([{ id: "z1", name: "4521.pdf", type: "application/pdf", bytes: wrapped }]);
    const packet = await documentThroughTask(xml);
    expect(packet.attachments[0].contentType).toBe("application/pdf");
    expect(same(packet.attachments[0].bytes, pdfLarge)).toBe(true);
  });

  test("what is not a one-file travel zip is kept exactly as received", async () => {
    const two = await javaStyleZip([
      { name: "a.xlsx", bytes: xlsx },
      { name: "b.xlsx", bytes: xlsx },
    ]);
    const one = await javaStyleZip([{ name: "x.docx", bytes: pdfSmall }]);
    const payload = new Uint8Array(Buffer.alloc(200_000, "Bảng kê "));
    const cases: Array<{ why: string; name: string; type: string; bytes: Uint8Array }> = [
      {
        why: "an XLSX (a zip of several parts) declared as such",
        name: "Bảng kê.xlsx",
        type: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        bytes: xlsx,
      },
      { why: "an XLSX declared as application/zip", name: "Bảng kê.xlsx", type: "application/zip", bytes: xlsx },
      { why: "a zip of two files", name: "Hồ sơ.xlsx", type: "application/zip", bytes: two },
      { why: "a zip the name announces", name: "Hồ sơ.zip", type: "application/zip", bytes: one },
      { why: "a one-file zip nobody called a wrapper", name: "Quyết định.pdf", type: "application/pdf", bytes: one },
      {
        why: "a deflated file larger than its header says",
        name: "a.txt",
        type: "application/zip",
        bytes: buildZip([{ name: "a.txt", data: Buffer.from(payload), declaredSize: 1000 }]),
      },
      {
        why: "a stored file whose CRC does not match",
        name: "a.txt",
        type: "application/zip",
        bytes: withBrokenCrc(buildZip([{ name: "a.txt", data: Buffer.from("nội dung"), store: true }])),
      },
      {
        why: "an encrypted entry",
        name: "a.txt",
        type: "application/zip",
        bytes: encrypted(buildZip([{ name: "a.txt", data: Buffer.from("nội dung"), store: true }])),
      },
    ];
    const files = [
      { id: "main", name: "4521.pdf", type: "application/pdf", bytes: pdfSmall },
      ...cases.map((c, i) => ({ id: `k${i}`, name: c.name, type: c.type, bytes: c.bytes })),
    ];
    const packet = await documentThroughTask(bkavPacket(files));
    cases.forEach((c, i) => {
      const a = packet.attachments[i + 1];
      expect([c.why, a.name, a.contentType, same(a.bytes, c.bytes)]).toEqual([c.why, c.name, c.type, true]);
    });
  });

  test("a one-file zip larger than the attachment limit once inflated is kept as received, not inflated past the limit", async () => {
    const big = Buffer.alloc(3 * 1024 * 1024, 0x41);
    const bomb = buildZip([{ name: "a.txt", data: big }]);
    const xml = bkavPacket([
      { id: "main", name: "4521.pdf", type: "application/pdf", bytes: pdfSmall },
      { id: "b", name: "a.txt", type: "application/zip", bytes: bomb },
    ]);
    const packet = await documentThroughTask(xml, { maxPacketBytes: 96 * 1024 * 1024, maxAttachments: 50, maxAttachmentBytes: 1024 * 1024 });
    expect(same(packet.attachments[1].bytes, bomb)).toBe(true);
    // Within the limit, the same zip is unzipped.
    const inLimit = await documentThroughTask(xml);
    expect(inLimit.attachments[1].bytes.byteLength).toBe(big.length);
    expect(inLimit.attachments[1].contentType).toBe("text/plain");
  });
});

/** The central directory's CRC-32 of the only entry changed (the data no longer matches it). */
function withBrokenCrc(zip: Buffer): Uint8Array {
  const copy = Buffer.from(zip);
  const central = copy.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
  copy.writeUInt32LE((copy.readUInt32LE(central + 16) ^ 0xffffffff) >>> 0, central + 16);
  return new Uint8Array(copy);
}

/** The central directory's flag of the only entry says "encrypted". */
function encrypted(zip: Buffer): Uint8Array {
  const copy = Buffer.from(zip);
  const central = copy.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
  copy.writeUInt16LE(copy.readUInt16LE(central + 8) | 0x1, central + 8);
  return new Uint8Array(copy);
}
