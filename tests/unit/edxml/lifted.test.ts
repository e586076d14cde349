// The fast path of edxml/lift.ts: attachment base64 of at least LIFT_MIN_BYTES is kept out of the XML
// parser and C14N and fed to the digest as bytes. Every verdict must be the one the full-text path (and
// xmlsec1) gives: signatures over lifted packets verify, a changed byte inside a lifted run is caught,
// base64-looking text anywhere but an attachment value falls back to the full text, bad base64 is refused.
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, test } from "vitest";
import { createDemoCa, issueDemoCertificate, loadPkcs12, type DemoCa, type LoadedSigner } from "#signing/index";
import {
  EdxmlRefusal,
  buildDocumentPacketXml,
  formatDocumentId,
  liftCandidates,
  materializeAttachments,
  parsePacket,
  parsePacketToRanges,
  signPacketXml,
  type DocumentPacket,
} from "#edxml/index";
import { LIFT_MIN_BYTES } from "#edxml/lift";

let ca: DemoCa;
let signer: LoadedSigner;
let dir: string;

const big = new Uint8Array(Array.from({ length: 3 * LIFT_MIN_BYTES + 1 }, (_, i) => (i * 2654435761) >>> 24));
big.set(Buffer.from("%PDF-1.7\n"), 0);
const small = new Uint8Array(Buffer.from("%PDF-1.7\n%%EOF\n"));
const b64 = (u: Uint8Array) => Buffer.from(u).toString("base64");

function packet(attachments = [big, small]): DocumentPacket {
  return {
    businessDocType: 0,
    from: { organId: "000.00.00.H12", organName: "UBND tỉnh Cà Mau" },
    to: [{ organId: "000.00.00.H05", organName: "UBND tỉnh Bạc Liêu" }],
    codeNumber: "7",
    codeNotation: "UBND-VP",
    place: "Cà Mau",
    promulgationDate: "2025-06-15",
    docType: { type: "18", typeName: "Công văn" },
    subject: "V/v thử nghiệm tệp lớn",
    signer: { competence: "TM.", position: "CHỦ TỊCH", fullName: "Nguyễn Văn An" },
    dueDate: null,
    priority: 0,
    pageAmount: 1,
    appendixes: [],
    toPlaces: [],
    documentId: formatDocumentId("000.00.00.H12", "2025-06-15", "7", "UBND-VP"),
    traces: [{ organId: "000.00.00.H12", timestamp: new Date("2025-06-15T02:15:00Z") }],
    attachments: attachments.map((bytes, i) => ({ contentId: `cid:a${i}`, name: `${i}.pdf`, contentType: "application/pdf", bytes })),
  };
}

const sign = (xml: string) => signPacketXml(xml, { privateKey: signer.privateKey, chainDer: signer.certificateChainDer });
const bytes = (s: string) => new Uint8Array(Buffer.from(s, "utf8"));
const parse = (xml: string) => parsePacket(bytes(xml), { trustAnchorsPem: [ca.certPem] });
/** Whether the first attachment took the lifted path. */
const lifted = (xml: string) => parsePacketToRanges(bytes(xml)).ranges[0] !== null;

function xmlsecOk(xml: string): boolean {
  const file = join(dir, `p-${Math.random().toString(36).slice(2)}.xml`);
  writeFileSync(file, xml);
  return spawnSync("xmlsec1", ["--verify", "--trusted-pem", join(dir, "ca.pem"), file], { encoding: "utf8" }).status === 0;
}

function refusalCode(xml: string, limits?: NonNullable<Parameters<typeof parsePacket>[1]>["limits"]): string {
  try {
    parsePacket(bytes(xml), { limits });
  } catch (error) {
    if (error instanceof EdxmlRefusal) return error.code;
    throw error;
  }
  return "accepted";
}

beforeAll(() => {
  ca = createDemoCa();
  signer = loadPkcs12(
    issueDemoCertificate(ca, { commonName: "UBND tỉnh Cà Mau", organization: "UBND tỉnh Cà Mau", kind: "organization", password: "demo" }).p12,
    "demo",
  );
  dir = mkdtempSync(join(tmpdir(), "edxml-lift-"));
  writeFileSync(join(dir, "ca.pem"), ca.certPem);
});

describe("lifted attachments", () => {
  test("a packet with a large attachment: same bytes, signature valid, xmlsec1 agrees; ranges decode to the same bytes", () => {
    const xml = sign(buildDocumentPacketXml(packet()));
    expect(xmlsecOk(xml)).toBe(true);
    const parsed = parse(xml);
    expect(parsed.signature).toEqual({ status: "valid", trusted: true, signerName: "UBND tỉnh Cà Mau" });
    expect(
      parsed.kind === "document" && parsed.packet.attachments.map((a) => Buffer.from(a.bytes).equals(Buffer.from(a.name === "0.pdf" ? big : small))),
    ).toEqual([true, true]);
    const packetBytes = bytes(xml);
    const { parsed: lazy, ranges } = parsePacketToRanges(packetBytes, { trustAnchorsPem: [ca.certPem] });
    expect(ranges.map((r) => r !== null)).toEqual([true, false]);
    expect(lazy.kind === "document" && lazy.packet.attachments[0].bytes.byteLength).toBe(0);
    const full = materializeAttachments(lazy, ranges, packetBytes);
    expect(full.kind === "document" && Buffer.from(full.packet.attachments[0].bytes).equals(Buffer.from(big))).toBe(true);
    // The server's early decode (inbox.server.ts): liftCandidates finds the run the child lifted; a decode handed in
    // for that range is taken as it is, one of the wrong length is not.
    const range = ranges[0]!;
    expect(liftCandidates(packetBytes)).toContainEqual({ start: range.start, end: range.end });
    const early = new Uint8Array(big);
    const again = parsePacketToRanges(packetBytes, { trustAnchorsPem: [ca.certPem] });
    const taken = materializeAttachments(again.parsed, again.ranges, packetBytes, new Map([[`${range.start}:${range.end}`, early]]));
    expect(taken.kind === "document" && taken.packet.attachments[0].bytes).toBe(early);
    const third = parsePacketToRanges(packetBytes, { trustAnchorsPem: [ca.certPem] });
    const short = early.subarray(1);
    const refused = materializeAttachments(third.parsed, third.ranges, packetBytes, new Map([[`${range.start}:${range.end}`, short]]));
    expect(refused.kind === "document" && refused.packet.attachments[0].bytes).not.toBe(short);
    expect(refused.kind === "document" && Buffer.from(refused.packet.attachments[0].bytes).equals(Buffer.from(big))).toBe(true);
  });

  test("one changed character inside the lifted base64 makes the signature invalid (and xmlsec1 agrees)", () => {
    const xml = sign(buildDocumentPacketXml(packet()));
    const at = xml.indexOf(b64(big)) + 2 * LIFT_MIN_BYTES;
    const tampered = xml.slice(0, at) + (xml[at] === "A" ? "B" : "A") + xml.slice(at + 1);
    expect(xmlsecOk(tampered)).toBe(false);
    expect(parse(tampered).signature.status).toBe("invalid");
  });

  // Another producer's signature over a lifted packet: the exclusive shape (our core validation, run bytes
  // fed to the digest) and the inclusive one (xml-crypto, given the whole text back).
  for (const c14n of ["http://www.w3.org/2001/10/xml-exc-c14n#", "http://www.w3.org/TR/2001/REC-xml-c14n-20010315"]) {
    test(`a large packet signed by xmlsec1 (${c14n.split("/").pop()}) verifies, and a changed run does not`, () => {
      const ds = "http://www.w3.org/2000/09/xmldsig#";
      const template =
        `<ds:Signature xmlns:ds="${ds}"><ds:SignedInfo><ds:CanonicalizationMethod Algorithm="${c14n}"/>` +
        `<ds:SignatureMethod Algorithm="http://www.w3.org/2001/04/xmldsig-more#rsa-sha256"/><ds:Reference URI=""><ds:Transforms>` +
        `<ds:Transform Algorithm="http://www.w3.org/2000/09/xmldsig#enveloped-signature"/><ds:Transform Algorithm="${c14n}"/></ds:Transforms>` +
        `<ds:DigestMethod Algorithm="http://www.w3.org/2001/04/xmlenc#sha256"/><ds:DigestValue/></ds:Reference></ds:SignedInfo>` +
        `<ds:SignatureValue/><ds:KeyInfo><ds:X509Data/></ds:KeyInfo></ds:Signature>`;
      const tmpl = join(dir, `tmpl-${Math.random().toString(36).slice(2)}.xml`);
      writeFileSync(tmpl, buildDocumentPacketXml(packet()).replace("</edXML:edXMLHeader>", `${template}</edXML:edXMLHeader>`));
      const p12 = join(dir, "signer.p12");
      writeFileSync(
        p12,
        issueDemoCertificate(ca, { commonName: "UBND tỉnh Bạc Liêu", organization: "UBND tỉnh Bạc Liêu", kind: "organization", password: "demo" }).p12,
      );
      const r = spawnSync("xmlsec1", ["--sign", "--pkcs12", p12, "--pwd", "demo", tmpl], { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
      expect(r.status).toBe(0);
      const xml = r.stdout;
      expect(lifted(xml)).toBe(true);
      expect(parse(xml).signature).toEqual({ status: "valid", trusted: true, signerName: "UBND tỉnh Bạc Liêu" });
      const at = xml.indexOf(b64(big)) + LIFT_MIN_BYTES;
      expect(parse(xml.slice(0, at) + (xml[at] === "A" ? "B" : "A") + xml.slice(at + 1)).signature.status).toBe("invalid");
    });
  }

  test("base64 wrapped in lines (LF, CRLF, spaces) verifies and decodes like the one-line form", () => {
    for (const eol of ["\n", "\r\n", " \n\t"]) {
      const wrapped = b64(big).replace(/.{76}/g, `$&${eol}`);
      const xml = sign(buildDocumentPacketXml(packet()).replace(b64(big), `${eol}${wrapped}${eol}`));
      expect(xmlsecOk(xml)).toBe(true);
      const parsed = parse(xml);
      expect(parsed.signature.status).toBe("valid");
      expect(parsed.kind === "document" && Buffer.from(parsed.packet.attachments[0].bytes).equals(Buffer.from(big))).toBe(true);
      // Carriage returns are normalised by the parser, so CRLF-wrapped text is not lifted.
      expect(lifted(xml)).toBe(!eol.includes("\r"));
    }
  });

  test("non-canonical padding bits are still base64 (byte-by-byte path)", () => {
    const odd = big.subarray(0, big.length - (big.length % 3) + 1); // one trailing byte: "xx==" padding
    const text = b64(odd);
    const loose = `${text.slice(0, -3)}${text[text.length - 3] === "A" ? "B" : "A"}==`; // low bits set
    const xml = sign(buildDocumentPacketXml(packet([odd, small])).replace(text, loose));
    const parsed = parse(xml);
    expect(parsed.signature.status).toBe("valid");
    expect(parsed.kind === "document" && Buffer.from(parsed.packet.attachments[0].bytes).equals(Buffer.from(loose, "base64"))).toBe(true);
    expect(lifted(xml)).toBe(true);
  });

  test("base64-looking text outside an attachment value is read as text (full-text path), never as a token", () => {
    const run = b64(big);
    // An element the parser does not read (a Subject this long is refused for its length, edxml/parse.ts FIELD_LIMITS).
    const inOther = sign(buildDocumentPacketXml(packet()).replace("<edXML:Subject>", `<edXML:Remark>${run}</edXML:Remark><edXML:Subject>`));
    expect(xmlsecOk(inOther)).toBe(true);
    const parsed = parse(inOther);
    expect(parsed.signature.status).toBe("valid");
    expect(parsed.kind === "document" && Buffer.from(parsed.packet.attachments[0].bytes).equals(Buffer.from(big))).toBe(true);
    expect(lifted(inOther)).toBe(false);
    // In a comment: excluded from the canonical form (xmlsec1 and we agree a changed comment still verifies).
    const withComment = sign(buildDocumentPacketXml(packet()).replace("<edXML:Subject>", `<!-- >${run}< --><edXML:Subject>`));
    expect(xmlsecOk(withComment)).toBe(true);
    expect(parse(withComment).signature.status).toBe("valid");
    const commentChanged = withComment.replace(`>${run}<`, `>${run.replace(/^./, (c) => (c === "A" ? "B" : "A"))}<`);
    expect(xmlsecOk(commentChanged)).toBe(true);
    expect(parse(commentChanged).signature.status).toBe("valid");
    // Inside CDATA in the value: the text is the same, so the same bytes and a valid signature.
    const cdata = sign(buildDocumentPacketXml(packet()).replace(run, `<![CDATA[${run}]]>`));
    expect(xmlsecOk(cdata)).toBe(true);
    const fromCdata = parse(cdata);
    expect(fromCdata.signature.status).toBe("valid");
    expect(fromCdata.kind === "document" && Buffer.from(fromCdata.packet.attachments[0].bytes).equals(Buffer.from(big))).toBe(true);
  });

  test("a value made of a lifted run and more text decodes the whole value", () => {
    const run = b64(big.subarray(0, 3 * LIFT_MIN_BYTES)); // no padding, so more base64 may follow
    const xml = sign(buildDocumentPacketXml(packet([big.subarray(0, 3 * LIFT_MIN_BYTES), small])).replace(run, `${run}<!--x-->QUJD`));
    const parsed = parse(xml);
    expect(parsed.signature.status).toBe("valid");
    expect(
      parsed.kind === "document" &&
        Buffer.from(parsed.packet.attachments[0].bytes).equals(Buffer.concat([Buffer.from(big.subarray(0, 3 * LIFT_MIN_BYTES)), Buffer.from("ABC")])),
    ).toBe(true);
  });

  test("a long run with one character outside strict base64 is refused, wherever it is (the word-at-a-time check)", () => {
    const xml = buildDocumentPacketXml(packet());
    const run = b64(big);
    expect(run.endsWith("=")).toBe(true);
    // Characters a lenient decoder skips or accepts (base64url, an early "="), at both ends and at word boundaries.
    for (const odd of ["_", "-", "\r", "\f", "\v", "é", "\u00a0", "!", "="])
      for (const at of [0, 1, 2, 3, Math.floor(run.length / 2), run.length - 5, run.length - 4, run.length - 3])
        expect([odd, at, refusalCode(xml.replace(run, `${run.slice(0, at)}${odd}${run.slice(at + 1)}`))]).toEqual([odd, at, "BAD_BASE64"]);
    // An extra "=" (three of them), or a character added so that the length is no longer a multiple of four.
    expect(refusalCode(xml.replace(run, `${run.slice(0, -3)}===`))).toBe("BAD_BASE64");
    expect(refusalCode(xml.replace(run, `A${run}`))).toBe("BAD_BASE64");
    // The same text whole is accepted: the replacements above are what broke it.
    expect(parse(sign(xml)).signature.status).toBe("valid");
  });

  test("bad base64 in a long run is refused; the attachment size limit holds for lifted runs", () => {
    const xml = buildDocumentPacketXml(packet());
    const run = b64(big);
    const mid = Math.floor(run.length / 2);
    expect(refusalCode(xml.replace(run, `${run.slice(0, mid)}*${run.slice(mid + 1)}`))).toBe("BAD_BASE64");
    expect(refusalCode(xml.replace(run, `${run.slice(0, mid)}=${run.slice(mid + 1)}`))).toBe("BAD_BASE64");
    expect(refusalCode(xml.replace(run, `${run.slice(0, mid)}-${run.slice(mid + 1)}`))).toBe("BAD_BASE64"); // URL-safe alphabet
    expect(refusalCode(xml.replace(run, run.slice(0, -5)))).toBe("BAD_BASE64");
    expect(refusalCode(xml, { maxPacketBytes: 10_000_000, maxAttachments: 5, maxAttachmentBytes: LIFT_MIN_BYTES })).toBe("ATTACHMENT_TOO_LARGE");
  });
});
