import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, test } from "vitest";
import { createDemoCa, issueDemoCertificate, loadPkcs12, type DemoCa, type LoadedSigner } from "#signing/index";
import {
  EDXML_NS,
  EdxmlRefusal,
  buildDocumentPacketXml,
  buildStatusPacketXml,
  docTypeCodeOf,
  edxmlTypeOf,
  formatDocumentId,
  parseEdxmlDate,
  parseEdxmlTimestamp,
  parsePacket,
  parsePacketToRanges,
  liftCandidates,
  signPacketXml,
  urgencyOfPriority,
  type DocumentPacket,
} from "#edxml/index";

let ca: DemoCa;
let signer: LoadedSigner;
let dir: string;
const pdf = new Uint8Array(Buffer.from("%PDF-1.7\n% văn bản\n1 0 obj<<>>endobj\n%%EOF\n"));
const appendix = new Uint8Array(Array.from({ length: 4096 }, (_, i) => (i * 7) % 256));

function samplePacket(): DocumentPacket {
  return {
    businessDocType: 0,
    from: { organId: "000.00.00.H12", organName: "UBND tỉnh Cà Mau", organAdd: "Cà Mau" },
    to: [{ organId: "000.00.00.H05", organName: "UBND tỉnh Bạc Liêu" }],
    codeNumber: "58",
    codeNotation: "KH-UBND",
    place: "Cà Mau",
    promulgationDate: "2025-06-15",
    docType: edxmlTypeOf("KH"),
    subject: "Kế hoạch cải cách hành chính <năm 2025> & các năm tiếp theo",
    signer: { competence: "TM.", position: "CHỦ TỊCH", fullName: "Nguyễn Văn An" },
    dueDate: "2025-07-01",
    priority: 2,
    pageAmount: 3,
    appendixes: ["Phụ lục I"],
    toPlaces: ["Sở Nội vụ"],
    documentId: formatDocumentId("000.00.00.H12", "2025-06-15", "58", "KH-UBND"),
    traces: [{ organId: "000.00.00.H12", timestamp: new Date("2025-06-15T02:15:00Z") }],
    attachments: [
      { contentId: "cid:vanban@000.00.00.H12", name: "58-KH-UBND.pdf", contentType: "application/pdf", bytes: pdf },
      { contentId: "cid:phuluc1@000.00.00.H12", name: "Phụ lục I.bin", contentType: "application/octet-stream", bytes: appendix },
    ],
  };
}

function signed(packet = samplePacket()) {
  return signPacketXml(buildDocumentPacketXml(packet), { privateKey: signer.privateKey, chainDer: signer.certificateChainDer });
}

function xmlsec(xml: string): { ok: boolean; output: string } {
  const file = join(dir, `p-${Math.random().toString(36).slice(2)}.xml`);
  writeFileSync(file, xml);
  const r = spawnSync("xmlsec1", ["--verify", "--trusted-pem", join(dir, "ca.pem"), file], { encoding: "utf8" });
  return { ok: r.status === 0, output: `${r.stdout}${r.stderr}` };
}

const bytes = (s: string) => new Uint8Array(Buffer.from(s, "utf8"));

function refusal(input: string | Uint8Array): EdxmlRefusal {
  try {
    parsePacket(typeof input === "string" ? bytes(input) : input);
  } catch (error) {
    if (error instanceof EdxmlRefusal) return error;
    throw error;
  }
  throw new Error("packet was accepted");
}

beforeAll(() => {
  ca = createDemoCa();
  signer = loadPkcs12(
    issueDemoCertificate(ca, { commonName: "UBND tỉnh Cà Mau", organization: "UBND tỉnh Cà Mau", kind: "organization", password: "demo" }).p12,
    "demo",
  );
  dir = mkdtempSync(join(tmpdir(), "edxml-unit-"));
  writeFileSync(join(dir, "ca.pem"), ca.certPem);
  execFileSync("xmlsec1", ["--version"]);
});

describe("edXML document packet", () => {
  test("round trip: every field and the attachment bytes come back", () => {
    const xml = signed();
    expect(xml).toContain(`xmlns:edXML="${EDXML_NS}"`);
    expect(xml).toContain("<edXML:DocumentId>000.00.00.H12,2025/06/15,58/KH-UBND</edXML:DocumentId>");
    expect(xml).toContain("<edXML:BussinessDocType>0</edXML:BussinessDocType>");
    const parsed = parsePacket(bytes(xml), { trustAnchorsPem: [ca.certPem] });
    expect(parsed.kind).toBe("document");
    if (parsed.kind !== "document") return;
    const p = parsed.packet;
    const expected = samplePacket();
    expect(p.from.organId).toBe("000.00.00.H12");
    expect(p.to.map((t) => t.organId)).toEqual(["000.00.00.H05"]);
    expect([p.codeNumber, p.codeNotation, p.promulgationDate, p.subject, p.dueDate, p.priority, p.pageAmount]).toEqual([
      "58",
      "KH-UBND",
      "2025-06-15",
      expected.subject,
      "2025-07-01",
      2,
      3,
    ]);
    expect(p.docType).toEqual({ type: "10", typeName: "Kế hoạch" });
    expect(p.signer).toEqual({ competence: "TM.", position: "CHỦ TỊCH", fullName: "Nguyễn Văn An" });
    expect(p.appendixes).toEqual(["Phụ lục I"]);
    expect(p.toPlaces).toEqual(["Sở Nội vụ"]);
    expect(
      p.attachments.map((a) => [
        a.contentId,
        a.name,
        Buffer.from(a.bytes).equals(Buffer.from(expected.attachments.find((e) => e.contentId === a.contentId)!.bytes)),
      ]),
    ).toEqual([
      ["cid:vanban@000.00.00.H12", "58-KH-UBND.pdf", true],
      ["cid:phuluc1@000.00.00.H12", "Phụ lục I.bin", true],
    ]);
    expect(parsed.signature).toEqual({ status: "valid", trusted: true, signerName: "UBND tỉnh Cà Mau" });
  });

  test("xmlsec1 accepts the signed packet against the CA and rejects a tampered one", () => {
    const xml = signed();
    const good = xmlsec(xml);
    expect(good.output).toContain("OK");
    expect(good.ok).toBe(true);
    const tampered = xml.replace("CHỦ TỊCH", "PHÓ CHỦ TỊCH");
    expect(tampered).not.toBe(xml);
    expect(xmlsec(tampered).ok).toBe(false);
    expect(parsePacket(bytes(tampered), { trustAnchorsPem: [ca.certPem] }).signature.status).toBe("invalid");
  });

  test("xmlsec1 refuses a packet signed under another CA (untrusted), and our check reports it untrusted", () => {
    const otherCa = createDemoCa({ commonName: "CA lạ" });
    const other = loadPkcs12(issueDemoCertificate(otherCa, { commonName: "Kẻ mạo danh", organization: "X", kind: "organization", password: "x" }).p12, "x");
    const xml = signPacketXml(buildDocumentPacketXml(samplePacket()), { privateKey: other.privateKey, chainDer: other.certificateChainDer });
    expect(xmlsec(xml).ok).toBe(false);
    expect(parsePacket(bytes(xml), { trustAnchorsPem: [ca.certPem] }).signature).toMatchObject({ status: "valid", trusted: false });
    // The parsed anchors and KeyInfo certificates are kept from one packet to the next (sign.ts): a changed anchor
    // list is parsed afresh, so trust follows it both ways for the same packet and the same chain.
    expect(parsePacket(bytes(xml), { trustAnchorsPem: [ca.certPem, otherCa.certPem] }).signature).toMatchObject({ status: "valid", trusted: true });
    expect(parsePacket(bytes(xml), { trustAnchorsPem: [otherCa.certPem] }).signature).toMatchObject({ status: "valid", trusted: true });
    expect(parsePacket(bytes(xml), { trustAnchorsPem: [ca.certPem] }).signature).toMatchObject({ status: "valid", trusted: false });
    expect(parsePacket(bytes(xml), { trustAnchorsPem: [] }).signature).toMatchObject({ status: "valid", trusted: false });
    expect(parsePacket(bytes(signed()), { trustAnchorsPem: [ca.certPem] }).signature).toMatchObject({ status: "valid", trusted: true });
  });

  // Packets signed by another producer (xmlsec1, as a peer's LGSP client would): the exclusive-C14N shape
  // with the ds prefix declared on the root is checked by our own core validation, the inclusive-C14N shape
  // by xml-crypto's; both must accept the genuine packet and reject a tampered one.
  for (const [label, c14n, prefixOnRoot] of [
    ["exclusive C14N, ds prefix declared on the root", "http://www.w3.org/2001/10/xml-exc-c14n#", true],
    ["inclusive C14N (verified by xml-crypto)", "http://www.w3.org/TR/2001/REC-xml-c14n-20010315", false],
  ] as const) {
    test(`a packet signed by xmlsec1 (${label}) verifies, and a tampered one does not`, () => {
      const ds = "http://www.w3.org/2000/09/xmldsig#";
      let unsigned = buildDocumentPacketXml(samplePacket());
      if (prefixOnRoot) unsigned = unsigned.replace("xmlns:edXML=", `xmlns:ds="${ds}" xmlns:edXML=`);
      const template =
        `<ds:Signature${prefixOnRoot ? "" : ` xmlns:ds="${ds}"`}><ds:SignedInfo><ds:CanonicalizationMethod Algorithm="${c14n}"/>` +
        `<ds:SignatureMethod Algorithm="http://www.w3.org/2001/04/xmldsig-more#rsa-sha256"/><ds:Reference URI=""><ds:Transforms>` +
        `<ds:Transform Algorithm="http://www.w3.org/2000/09/xmldsig#enveloped-signature"/><ds:Transform Algorithm="${c14n}"/></ds:Transforms>` +
        `<ds:DigestMethod Algorithm="http://www.w3.org/2001/04/xmlenc#sha256"/><ds:DigestValue/></ds:Reference></ds:SignedInfo>` +
        `<ds:SignatureValue/><ds:KeyInfo><ds:X509Data/></ds:KeyInfo></ds:Signature>`;
      const tmpl = join(dir, `tmpl-${Math.random().toString(36).slice(2)}.xml`);
      writeFileSync(tmpl, unsigned.replace("</edXML:edXMLHeader>", `${template}</edXML:edXMLHeader>`));
      const p12 = join(dir, "signer.p12");
      writeFileSync(
        p12,
        issueDemoCertificate(ca, { commonName: "UBND tỉnh Bạc Liêu", organization: "UBND tỉnh Bạc Liêu", kind: "organization", password: "demo" }).p12,
      );
      const r = spawnSync("xmlsec1", ["--sign", "--pkcs12", p12, "--pwd", "demo", tmpl], { encoding: "utf8" });
      expect(r.stderr).toBe("");
      expect(r.status).toBe(0);
      const xml = r.stdout;
      expect(xmlsec(xml).ok).toBe(true);
      expect(parsePacket(bytes(xml), { trustAnchorsPem: [ca.certPem] }).signature).toEqual({
        status: "valid",
        trusted: true,
        signerName: "UBND tỉnh Bạc Liêu",
      });
      const tampered = xml.replace("Sở Nội vụ", "Sở Tài chính");
      expect(tampered).not.toBe(xml);
      expect(parsePacket(bytes(tampered), { trustAnchorsPem: [ca.certPem] }).signature.status).toBe("invalid");
      // A changed SignedInfo (the signature value no longer matches) is also caught.
      const digestSwapped = xml.replace(
        /(<ds:DigestValue>)([^<]+)/,
        (_, open: string, value: string) => open + (value[0] === "A" ? "B" : "A") + value.slice(1),
      );
      expect(digestSwapped).not.toBe(xml);
      expect(parsePacket(bytes(digestSwapped), { trustAnchorsPem: [ca.certPem] }).signature.status).toBe("invalid");
    });
  }

  test("an unsigned packet reports absent", () => {
    expect(parsePacket(bytes(buildDocumentPacketXml(samplePacket())), { trustAnchorsPem: [ca.certPem] }).signature.status).toBe("absent");
  });

  test("status packet round trip", () => {
    const xml = buildStatusPacketXml({
      responseFor: {
        organId: "000.00.00.H12",
        codeNumber: "58",
        codeNotation: "KH-UBND",
        promulgationDate: "2025-06-15",
        documentId: "000.00.00.H12,2025/06/15,58/KH-UBND",
      },
      from: { organId: "000.00.00.H05", organName: "UBND tỉnh Bạc Liêu" },
      to: { organId: "000.00.00.H12", organName: "UBND tỉnh Cà Mau" },
      statusCode: "03",
      description: "Đã tiếp nhận, số đến 12",
      timestamp: new Date("2025-06-16T01:00:00Z"),
    });
    const parsed = parsePacket(bytes(xml));
    expect(parsed).toMatchObject({
      kind: "status",
      packet: {
        statusCode: "03",
        responseFor: { documentId: "000.00.00.H12,2025/06/15,58/KH-UBND", codeNumber: "58", codeNotation: "KH-UBND" },
        from: { organId: "000.00.00.H05" },
      },
    });
    expect(parsed.kind === "status" && parsed.packet.timestamp.toISOString()).toBe("2025-06-16T01:00:00.000Z");
  });
});

describe("hostile packets are refused with a Vietnamese reason", () => {
  test("foreign namespace", () => {
    const r = refusal(signed().replace(`xmlns:edXML="${EDXML_NS}"`, 'xmlns:edXML="urn:example:other"'));
    expect(r.code).toBe("FOREIGN_NAMESPACE");
    expect(r.message).toMatch(/không theo QCVN 102:2016/);
  });
  test("manifest reference without its attachment", () => {
    const r = refusal(signed().replace("<ContentId>cid:phuluc1@000.00.00.H12</ContentId>", "<ContentId>cid:khong-co@000.00.00.H12</ContentId>"));
    expect(r.code).toBe("MISSING_ATTACHMENT");
    expect(r.message).toMatch(/không có tệp đính kèm tương ứng/);
  });
  test("broken base64", () => {
    const r = refusal(signed().replace(/<ContentTransferEncoded>([A-Za-z0-9+/]{8})/, "<ContentTransferEncoded>$1*%$"));
    expect(r.code).toBe("BAD_BASE64");
    expect(r.message).toMatch(/base64/);
  });
  test("truncated document", () => {
    const xml = signed();
    for (const cut of [xml.length - 20, Math.floor(xml.length / 2), 300]) expect(["TRUNCATED", "MALFORMED"]).toContain(refusal(xml.slice(0, cut)).code);
    expect(refusal(xml.slice(0, xml.length - 20)).message).toMatch(/cắt cụt|không phải XML/);
  });
  test("DOCTYPE with an external entity (XXE) and entity expansion", () => {
    const xxe = `<?xml version="1.0"?><!DOCTYPE edXML:edXMLEnvelope [<!ENTITY x SYSTEM "file:///etc/passwd">]>${signed()
      .replace(/^<\?xml[^>]*>\n/, "")
      .replace("Nguyễn Văn An", "&x;")}`;
    expect(refusal(xxe).code).toBe("DTD");
    const lol = `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]><lolz>&lol2;</lolz>`;
    expect(refusal(lol).message).toMatch(/DOCTYPE\/ENTITY/);
    // An undeclared entity reference without any DTD is a parse error, not an expansion.
    expect(refusal(signed().replace("Nguyễn Văn An", "&x;")).code).toBe("MALFORMED");
  });
  test("size and attachment-count limits", () => {
    const limits = { maxPacketBytes: 1000, maxAttachments: 1, maxAttachmentBytes: 100 };
    expect(() => parsePacket(bytes(signed()), { limits })).toThrow(/lớn hơn giới hạn/);
    const r = (() => {
      try {
        parsePacket(bytes(signed()), { limits: { ...limits, maxPacketBytes: 10_000_000 } });
      } catch (e) {
        return e as EdxmlRefusal;
      }
    })();
    expect(r?.code).toBe("TOO_MANY_ATTACHMENTS");
  });
  test("not UTF-8 and not XML", () => {
    expect(refusal(new Uint8Array([0xc3, 0x28, 0x3c])).code).toBe("ENCODING");
    // A UTF-16 byte order mark, then U+3C00: text, but not XML.
    expect(refusal(new Uint8Array([0xff, 0xfe, 0x00, 0x3c])).code).toBe("MALFORMED");
    expect(refusal("<html><body>hello</body></html>").code).toBe("FOREIGN_NAMESPACE");
  });
});

describe("field mapping rules", () => {
  test("dates in yyyy/MM/dd and dd/MM/yyyy", () => {
    expect(parseEdxmlDate("2025/06/15")).toBe("2025-06-15");
    expect(parseEdxmlDate("15/06/2025")).toBe("2025-06-15");
    expect(parseEdxmlDate("5/6/2025")).toBe("2025-06-05");
    expect(parseEdxmlDate("2025/02/30")).toBeNull();
    expect(parseEdxmlDate("")).toBeNull();
  });
  test("priority 0–3, 4 accepted as the highest", () => {
    expect([0, 1, 2, 3, 4].map(urgencyOfPriority)).toEqual(["normal", "urgent", "very_urgent", "flash", "flash"]);
  });
  test("document type codes both ways", () => {
    expect(edxmlTypeOf("CV")).toEqual({ type: "18", typeName: "Công văn" });
    expect(docTypeCodeOf("18", "Công văn")).toBe("CV");
    expect(docTypeCodeOf("", "Quyết định")).toBe("QĐ");
    expect(docTypeCodeOf("99", "Loại lạ")).toBe("CV");
  });
});

describe("optional elements may be absent", () => {
  const unsigned = () => buildDocumentPacketXml(samplePacket());
  const without = (xml: string, element: string) => {
    const out = xml.replace(new RegExp(`<edXML:${element}>[\\s\\S]*?</edXML:${element}>|<edXML:${element}/>`), "");
    expect(out, element).not.toBe(xml);
    return out;
  };
  const parsedDocument = (xml: string) => {
    const parsed = parsePacket(bytes(xml));
    if (parsed.kind !== "document") throw new Error("not a document packet");
    return parsed.packet;
  };

  test("no OtherInfo: accepted with priority 0 (thường), no appendixes, no page count", () => {
    const p = parsedDocument(without(unsigned(), "OtherInfo"));
    expect([p.priority, p.appendixes, p.pageAmount, p.promulgationAmount]).toEqual([0, [], null, null]);
    expect(p.subject).toBe(samplePacket().subject);
  });

  test("no ToPlaces, SignerInfo, DueDate, DocumentType, TraceHeaderList or Appendixes: each accepted alone and all together", () => {
    const optional = ["ToPlaces", "SignerInfo", "DueDate", "DocumentType", "TraceHeaderList", "Appendixes", "OtherInfo"];
    for (const element of optional) expect(() => parsedDocument(without(unsigned(), element)), element).not.toThrow();
    const bare = optional.reduce((xml, element) => without(xml, element), unsigned());
    const p = parsedDocument(bare);
    expect([p.toPlaces, p.signer, p.dueDate, p.docType, p.traces, p.appendixes, p.businessDocType]).toEqual([
      [],
      { competence: null, position: null, fullName: "" },
      null,
      { type: "", typeName: "" },
      [],
      [],
      0,
    ]);
  });
});

describe("what XML allows after the root element", () => {
  test("a comment, a processing instruction and white space after edXMLEnvelope are accepted; a signed packet stays valid", () => {
    for (const tail of ["\n<!-- Ký bởi VNPT-CA -->\n", "<?signer vnpt?>", "\n\n<!-- a --><!-- b -->\r\n<?x y?>  "]) {
      const parsed = parsePacket(bytes(`${signed()}${tail}`), { trustAnchorsPem: [ca.certPem] });
      expect(parsed.kind, JSON.stringify(tail)).toBe("document");
      expect(parsed.signature.status, JSON.stringify(tail)).toBe("valid");
    }
  });
  test("a packet cut inside its end tag, or with a cut comment after it, is still refused", () => {
    const xml = signed().trimEnd();
    expect(["TRUNCATED", "MALFORMED"]).toContain(refusal(xml.slice(0, -5)).code);
    expect(["TRUNCATED", "MALFORMED"]).toContain(refusal(`${xml}\n<!-- Ký bởi`).code);
    expect(["TRUNCATED", "MALFORMED"]).toContain(refusal(`${xml.slice(0, -30)}<!-- x -->`).code);
  });
});

describe("structure limits, checked before the parser", () => {
  const nested = (depth: number) => signed().replace("<edXML:Subject>", `${"<edXML:X>".repeat(depth)}${"</edXML:X>".repeat(depth)}<edXML:Subject>`);
  test("nesting far too deep is refused by the scan with a Vietnamese reason, not with a stack overflow", () => {
    const r = refusal(nested(100_000));
    expect(r.code).toBe("TOO_COMPLEX");
    expect(r.message).toMatch(/lồng nhau quá 64 cấp/);
    expect(refusal(nested(65)).code).toBe("TOO_COMPLEX");
  });
  // xmldom looks ahead for the end of each "<" it cannot close: 40,000 stray "<" held it 14 s, a megabyte of them
  // (a file from a watched folder) for hours. The scan's own reasons show the parser never saw these.
  test("stray '<', a '<' inside a tag and markup left open at the end are refused by the scan", () => {
    const stray = refusal(bytes("<".repeat(1_000_000)));
    expect([stray.code, stray.message]).toEqual(["MALFORMED", 'Gói tin không phải XML hợp lệ: dấu "<" không mở thẻ nào (ký tự thứ 1).']);
    expect(refusal(signed().replace("<edXML:Subject>", `<edXML:Subject>${"< ".repeat(50_000)}`)).message).toMatch(/không mở thẻ nào/);
    expect(refusal(signed().replace("<edXML:Subject>", `${"<edXML:X ".repeat(50_000)}<edXML:Subject>`)).message).toMatch(/thẻ chưa đóng trước dấu "<"/);
    for (const open of ["<edXML:X", "<!-- Ký bởi", "<?pi", "<![CDATA[x", "</edXML:X", '<edXML:X a="1'])
      expect(refusal(`${signed()}${open}`).message).toMatch(/cắt cụt \(thẻ XML không được đóng/);
  });
  test("ordinary nesting, comments, CDATA and quoted '>' in attributes are not miscounted", () => {
    const xml = nested(50)
      .replace("<edXML:Subject>", `<!-- <a><b><c> --><edXML:Y a="x>y" b='>z>'/><![CDATA[<d><e>]]><edXML:Subject>`)
      .replace("</edXML:DocumentId>", "</edXML:DocumentId><?pi <x>?>");
    expect(parsePacket(bytes(xml)).kind).toBe("document");
  });
});

describe("element and attribute counts, checked before the parser", () => {
  test("200,000 attributes on the root are refused by the scan, before xmldom (quadratic in them) sees them", () => {
    const attrs = Array.from({ length: 200_000 }, (_, i) => ` a${i}="x"`).join("");
    const r = refusal(signed().replace(`xmlns:edXML="${EDXML_NS}"`, `xmlns:edXML="${EDXML_NS}"${attrs}`));
    expect(r.code).toBe("TOO_COMPLEX");
    expect(r.message).toMatch(/quá 64 thuộc tính/);
  });
  test("too many attributes in all, or too many elements, are refused; a packet near the usual sizes is not", () => {
    const spread = Array.from({ length: 11_000 }, () => `<edXML:Place k="1"/>`).join("");
    expect(refusal(signed().replace("<edXML:ToPlaces>", `<edXML:ToPlaces>${spread}`)).message).toMatch(/quá 10\.000 thuộc tính/);
    const many = "<edXML:Place>Sở</edXML:Place>".repeat(100_001);
    expect(refusal(signed().replace("<edXML:ToPlaces>", `<edXML:ToPlaces>${many}`)).message).toMatch(/quá 100\.000 phần tử/);
    const usual = "<edXML:Place>Sở Nội vụ</edXML:Place>".repeat(2000);
    expect(parsePacket(bytes(buildDocumentPacketXml(samplePacket()).replace("<edXML:ToPlaces>", `<edXML:ToPlaces>${usual}`))).kind).toBe("document");
  });
});

describe("encodings (XML 1.0 §4.3.3: UTF-8 and UTF-16 must both be accepted)", () => {
  const utf16 = (xml: string, order: "le" | "be") => {
    const le = Buffer.from(xml.replace('encoding="UTF-8"', 'encoding="UTF-16"'), "utf16le");
    const body = order === "le" ? le : Buffer.from(le).swap16();
    return new Uint8Array(Buffer.concat([Buffer.from(order === "le" ? [0xff, 0xfe] : [0xfe, 0xff]), body]));
  };

  test("a signed packet written in UTF-16 (either byte order) reads as its UTF-8 twin, signature valid, files whole", () => {
    const big = new Uint8Array(Array.from({ length: 64 * 1024 }, (_, i) => (i * 31) % 256));
    const packet = samplePacket();
    packet.attachments[1] = { ...packet.attachments[1], bytes: big };
    const xml = signed(packet);
    const twin = parsePacket(bytes(xml), { trustAnchorsPem: [ca.certPem] });
    for (const order of ["le", "be"] as const) {
      const parsed = parsePacket(utf16(xml, order), { trustAnchorsPem: [ca.certPem] });
      expect(parsed.signature).toEqual(twin.signature);
      expect(parsed.signature.status).toBe("valid");
      if (parsed.kind !== "document" || twin.kind !== "document") throw new Error("document packets expected");
      expect(parsed.packet.subject).toBe(samplePacket().subject);
      expect(Buffer.from(parsed.packet.attachments[1].bytes).equals(Buffer.from(big))).toBe(true);
      // The holder of the bytes cannot use offsets into a text that was re-encoded: the files come back decoded.
      const { ranges, parsed: viaRanges } = parsePacketToRanges(utf16(xml, order), { trustAnchorsPem: [ca.certPem] });
      expect(ranges.every((r) => r === null)).toBe(true);
      // …so the server decodes nothing early from the bytes it holds.
      expect(liftCandidates(utf16(xml, order))).toEqual([]);
      if (viaRanges.kind !== "document") throw new Error("document packet expected");
      expect(Buffer.from(viaRanges.packet.attachments[1].bytes).equals(Buffer.from(big))).toBe(true);
    }
  });

  test("UTF-16 that is not (a lone surrogate), and bytes that are neither, are refused as such", () => {
    const broken = utf16(buildDocumentPacketXml(samplePacket()), "le");
    const lone = new Uint8Array(Buffer.concat([Buffer.from(broken), Buffer.from([0x00, 0xd8])]));
    expect(refusal(lone).message).toMatch(/khai báo UTF-16/);
    const latin1 = new Uint8Array(Buffer.from(buildDocumentPacketXml(samplePacket()), "latin1"));
    expect(refusal(latin1).code).toBe("ENCODING");
  });
});

describe("DueDate", () => {
  test("a DueDate that is no calendar date is refused with the reason, not dropped; a readable one is kept", () => {
    const xml = buildDocumentPacketXml(samplePacket());
    expect(xml).toContain("<edXML:DueDate>2025/07/01</edXML:DueDate>");
    const r = refusal(xml.replace("<edXML:DueDate>2025/07/01</edXML:DueDate>", "<edXML:DueDate>31/06/2025</edXML:DueDate>"));
    expect(r.code).toBe("MISSING_FIELD");
    expect(r.message).toBe('Hạn xử lý (DueDate) "31/06/2025" không hợp lệ (yyyy/MM/dd hoặc dd/MM/yyyy).');
    for (const [given, iso] of [
      ["30/06/2025", "2025-06-30"],
      ["2025-06-30T00:00:00Z", "2025-06-30"],
    ]) {
      const parsed = parsePacket(bytes(xml.replace("<edXML:DueDate>2025/07/01</edXML:DueDate>", `<edXML:DueDate>${given}</edXML:DueDate>`)));
      expect(parsed.kind === "document" && parsed.packet.dueDate).toBe(iso);
    }
  });
});

describe("field length limits", () => {
  const withSubject = (subject: string) => buildDocumentPacketXml({ ...samplePacket(), subject });
  test("a Subject over 500 characters (QCVN 102) is refused naming the field and its limit; 500 is accepted", () => {
    const r = refusal(withSubject("a".repeat(501)));
    expect(r.code).toBe("FIELD_TOO_LONG");
    expect(r.message).toBe("Trường Subject (trích yếu) dài 501 ký tự, vượt giới hạn 500 ký tự.");
    const ok = parsePacket(bytes(withSubject("â".repeat(500))));
    expect(ok.kind === "document" && ok.packet.subject.length).toBe(500);
    expect(refusal(withSubject("x".repeat(4_000_000))).message).toMatch(/^Trường Subject \(trích yếu\) dài 4\.000\.000 ký tự/);
  });
  test("other fields: CodeNotation, an unlisted element and list items are bounded too", () => {
    expect(refusal(buildDocumentPacketXml({ ...samplePacket(), codeNotation: "K".repeat(31) })).message).toMatch(/CodeNotation \(ký hiệu văn bản\).*30 ký tự/);
    expect(refusal(buildDocumentPacketXml({ ...samplePacket(), steeringType: "1".repeat(1001) })).message).toMatch(
      /Trường SteeringType dài 1\.001 ký tự, vượt giới hạn 1\.000/,
    );
    expect(refusal(buildDocumentPacketXml({ ...samplePacket(), toPlaces: ["Sở", "S".repeat(501)] })).message).toMatch(/Trường Place/);
  });
});

describe("Unicode normalisation", () => {
  test("decomposed (NFD) Vietnamese text is read in NFC, and its length is counted in NFC", () => {
    const nfd = (s: string) => s.normalize("NFD");
    const p = samplePacket();
    const xml = buildDocumentPacketXml({
      ...p,
      subject: nfd(p.subject),
      from: { ...p.from, organName: nfd("UBND tỉnh Cà Mau") },
      signer: { competence: "TM.", position: nfd("CHỦ TỊCH"), fullName: nfd("Nguyễn Văn An") },
      toPlaces: [nfd("Sở Nội vụ")],
      attachments: p.attachments.map((a) => ({ ...a, name: nfd(a.name) })),
    });
    expect(xml).not.toContain(p.subject);
    const parsed = parsePacket(bytes(xml));
    if (parsed.kind !== "document") throw new Error("not a document packet");
    const q = parsed.packet;
    expect([q.subject, q.from.organName, q.signer.position, q.signer.fullName, q.toPlaces[0], q.attachments[1].name]).toEqual([
      p.subject,
      "UBND tỉnh Cà Mau",
      "CHỦ TỊCH",
      "Nguyễn Văn An",
      "Sở Nội vụ",
      "Phụ lục I.bin",
    ]);
    // 450 precomposed characters, over 500 once decomposed: within the limit.
    const long = "ệ".repeat(450);
    const ok = parsePacket(bytes(buildDocumentPacketXml({ ...p, subject: nfd(long) })));
    expect(ok.kind === "document" && ok.packet.subject).toBe(long);
  });
});

describe("trace timestamps", () => {
  test("QCVN, ISO-8601 and day-first forms are read to the second; without an offset the time is UTC+7", () => {
    const iso = (t: string) => parseEdxmlTimestamp(t)?.toISOString() ?? null;
    expect(iso("2025/06/16 08:30:00")).toBe("2025-06-16T01:30:00.000Z");
    expect(iso("2025-06-16T08:30:00")).toBe("2025-06-16T01:30:00.000Z");
    expect(iso("2025-06-16T14:45:10+07:00")).toBe("2025-06-16T07:45:10.000Z");
    expect(iso("2025-06-16T07:45:10.250Z")).toBe("2025-06-16T07:45:10.250Z");
    expect(iso("2025-06-16 14:45")).toBe("2025-06-16T07:45:00.000Z");
    expect(iso("16/06/2025 14:45:10")).toBe("2025-06-16T07:45:10.000Z");
    expect(iso("2025/06/16")).toBe("2025-06-15T17:00:00.000Z");
    expect([iso("2025-06-31T08:00:00"), iso("2025-06-16T25:00:00"), iso("hôm qua"), iso("")]).toEqual([null, null, null, null]);
  });
});
