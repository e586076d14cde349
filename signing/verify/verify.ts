// Verification for the UI and for incoming documents. Signatures are enumerated through /AcroForm /Fields (never
// by regex over the bytes); the CMS is read with a BER-aware walker and the signature is checked over the signed
// attribute bytes exactly as received (forge.pkcs7 cannot verify: feasibility.md pitfall 19c).
import { createHash, verify as nodeVerify, X509Certificate } from "node:crypto";
import { PDFArray, PDFDict, PDFHexString, PDFName, PDFNumber, PDFObject, PDFRawStream, PDFRef, PDFString } from "pdf-lib";
import { OID } from "../cms/build";
import { children, content, decodeOid, readTlv, slice, type Tlv } from "../cms/der";
import { decodePdfText, listFields } from "../pdf/fields";
import { PdfReader } from "../pdf/reader";

export type SignatureProfile = "pades" | "adbe" | string;

export type SignatureReport = {
  fieldName: string;
  signerName: string | null;
  /** ISO 8601 with +07:00, from /M (or the signing-time attribute when /M is absent). */
  signedAt: string | null;
  profile: SignatureProfile;
  /** Message digest matches the covered bytes and the signature over the signed attributes verifies. */
  valid: boolean;
  /** The ByteRange covers everything from the start of the file to the end of a revision (%%EOF). */
  coversRevision: boolean;
  /** The signature covers the whole file as it is now. */
  coversWholeDocument: boolean;
  /** The certificate chain reaches one of the given trust anchors. */
  trusted: boolean;
  certValidAtSigning: boolean;
  /** Later revisions changed more than signatures, form fields and annotations. */
  modifiedAfter: boolean;
  modifications: string[];
  byteRange: number[] | null;
  revisionEnd: number | null;
  problems: string[];
};

export type VerifyPdfOptions = {
  trustAnchorsPem?: string[];
};

const latin1 = new TextDecoder("latin1");
const hashNames: Record<string, string> = {
  "2.16.840.1.101.3.4.2.1": "sha256",
  "2.16.840.1.101.3.4.2.2": "sha384",
  "2.16.840.1.101.3.4.2.3": "sha512",
  "1.3.14.3.2.26": "sha1",
};

function formatVietnam(date: Date): string {
  return new Date(date.getTime() + 7 * 3600 * 1000).toISOString().slice(0, 19) + "+07:00";
}

/** Parses D:YYYYMMDDHHmmSSOHH'mm' (ISO 32000-1 §7.9.4). */
export function parsePdfDate(text: string): Date | null {
  const m = /^D?:?(\d{4})(\d{2})?(\d{2})?(\d{2})?(\d{2})?(\d{2})?([Zz+-])?(\d{2})?'?(\d{2})?'?/.exec(text.trim());
  if (!m) return null;
  const [, y, mo = "01", d = "01", h = "00", mi = "00", s = "00", sign, oh = "00", om = "00"] = m;
  let t = Date.UTC(+y, +mo - 1, +d, +h, +mi, +s);
  if (sign === "+" || sign === "-") t -= (sign === "+" ? 1 : -1) * (+oh * 60 + +om) * 60000;
  return new Date(t);
}

function pemToDer(pem: string): Buffer[] {
  return [...pem.matchAll(/-----BEGIN CERTIFICATE-----([\s\S]*?)-----END CERTIFICATE-----/g)].map((m) => Buffer.from(m[1].replace(/\s+/g, ""), "base64"));
}

type ParsedCms = {
  certificates: X509Certificate[];
  signerCert: X509Certificate | null;
  digestAlgorithm: string;
  signedAttrs: Uint8Array | null;
  messageDigest: Uint8Array | null;
  signingTime: Date | null;
  hasEssV2: boolean;
  signature: Uint8Array;
};

function parseCms(der: Uint8Array): ParsedCms {
  const ci = readTlv(der, 0);
  const [, explicit] = children(der, ci);
  const sd = children(der, explicit)[0];
  const parts = children(der, sd);
  const certificates: X509Certificate[] = [];
  let signerInfos: Tlv | undefined;
  for (const p of parts.slice(3)) {
    if (p.tag === 0xa0) {
      for (const c of children(der, p)) if (c.tag === 0x30) certificates.push(new X509Certificate(Buffer.from(slice(der, c))));
    } else if (p.tag === 0x31) signerInfos = p;
  }
  if (!signerInfos) throw new Error("CMS without signerInfos");
  const si = children(der, children(der, signerInfos)[0]);
  const sid = si[1];
  const digestAlgorithm = hashNames[decodeOid(content(der, children(der, si[2])[0]))] ?? "sha256";
  let i = 3;
  let signedAttrs: Uint8Array | null = null;
  let messageDigest: Uint8Array | null = null;
  let signingTime: Date | null = null;
  let hasEssV2 = false;
  if (si[i].tag === 0xa0) {
    const attrsTlv = si[i];
    // The signature covers the SET OF encoding (tag 0x31) of the attributes as received (RFC 5652 §5.4).
    signedAttrs = new Uint8Array(slice(der, attrsTlv));
    signedAttrs[0] = 0x31;
    for (const attr of children(der, attrsTlv)) {
      const [typeTlv, valuesTlv] = children(der, attr);
      const type = decodeOid(content(der, typeTlv));
      const value = children(der, valuesTlv)[0];
      if (type === OID.messageDigest) messageDigest = content(der, value);
      if (type === OID.signingCertificateV2) hasEssV2 = true;
      if (type === OID.signingTime) {
        const s = latin1.decode(content(der, value));
        const m = /^(\d{2,4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})?Z$/.exec(s);
        if (m) {
          const year = m[1].length === 2 ? (+m[1] < 50 ? 2000 + +m[1] : 1900 + +m[1]) : +m[1];
          signingTime = new Date(Date.UTC(year, +m[2] - 1, +m[3], +m[4], +m[5], +(m[6] ?? 0)));
        }
      }
    }
    i++;
  }
  const signature = content(der, si[i + 1]);
  let signerCert: X509Certificate | null = null;
  if (sid.tag === 0x30) {
    const [, serialTlv] = children(der, sid);
    const serialHex = Buffer.from(content(der, serialTlv)).toString("hex").replace(/^0+/, "").toUpperCase();
    signerCert = certificates.find((c) => c.serialNumber.replace(/^0+/, "").toUpperCase() === serialHex) ?? null;
  }
  // subjectKeyIdentifier sids (rare in PDF signatures): fall back to the first certificate.
  signerCert ??= certificates[0] ?? null;
  return { certificates, signerCert, digestAlgorithm, signedAttrs, messageDigest, signingTime, hasEssV2, signature };
}

function commonName(cert: X509Certificate): string | null {
  const m = /(?:^|\n)CN=(.*)/.exec(cert.subject);
  if (!m) return null;
  // Node escapes non-ASCII as \XX UTF-8 byte sequences in some builds; undo that.
  const raw = m[1];
  if (!/\\[0-9A-F]{2}/i.test(raw)) return raw;
  const bytes: number[] = [];
  for (let k = 0; k < raw.length; k++) {
    if (raw[k] === "\\" && /^[0-9A-F]{2}$/i.test(raw.slice(k + 1, k + 3))) {
      bytes.push(parseInt(raw.slice(k + 1, k + 3), 16));
      k += 2;
    } else bytes.push(...Buffer.from(raw[k], "utf8"));
  }
  return Buffer.from(bytes).toString("utf8");
}

function chainTrusted(signer: X509Certificate, pool: X509Certificate[], anchors: X509Certificate[], at: Date | null): { trusted: boolean; validAt: boolean } {
  const inValidity = (c: X509Certificate) => !at || (at >= new Date(c.validFrom) && at <= new Date(c.validTo));
  let validAt = inValidity(signer);
  let current = signer;
  for (let depth = 0; depth < 10; depth++) {
    const anchor = anchors.find((a) => a.fingerprint256 === current.fingerprint256 || (current.checkIssued(a) && current.verify(a.publicKey)));
    if (anchor) return { trusted: true, validAt: validAt && inValidity(anchor) };
    const issuer = pool.find((c) => c !== current && c.fingerprint256 !== current.fingerprint256 && current.checkIssued(c) && current.verify(c.publicKey));
    if (!issuer) break;
    validAt &&= inValidity(issuer);
    current = issuer;
  }
  return { trusted: false, validAt };
}

function numbers(arr: PDFArray | undefined, reader: PdfReader): number[] | null {
  if (!arr) return null;
  const out = arr.asArray().map((v) => reader.resolve(v));
  return out.every((v) => v instanceof PDFNumber) ? out.map((v) => (v as PDFNumber).asNumber()) : null;
}

function str(o: PDFObject | undefined): string {
  return o === undefined ? "" : o.toString();
}

/** Changes from the revision ending at `end` to the final file, judged like pyHanko / revdiff.py. */
function laterModifications(pdf: Uint8Array, end: number, finalReader: PdfReader): string[] {
  if (end >= pdf.length - 2) return [];
  let old: PdfReader;
  try {
    old = PdfReader.open(pdf, { end });
  } catch {
    return ["earlier revision unreadable"];
  }
  const problems: string[] = [];
  for (const [num, entry] of finalReader.entries) {
    const before = old.entries.get(num);
    if (!before || before.type === 0) continue;
    if (JSON.stringify(before) === JSON.stringify(entry)) continue;
    const ref = PDFRef.of(num);
    const o = old.resolveRef(ref);
    const n = entry.type === 0 ? undefined : finalReader.resolveRef(ref);
    if (n === undefined) {
      problems.push(`object ${num} removed`);
      continue;
    }
    if (o === undefined || str(o) === str(n)) continue;
    if (o instanceof PDFRawStream || n instanceof PDFRawStream) {
      const type = o instanceof PDFRawStream ? o.dict.get(PDFName.of("Type")) : undefined;
      if (type === PDFName.of("XRef") || type === PDFName.of("ObjStm")) continue;
      if (o instanceof PDFRawStream && n instanceof PDFRawStream && Buffer.from(o.contents).equals(Buffer.from(n.contents)) && str(o.dict) === str(n.dict)) continue;
      problems.push(`stream ${num} modified`);
      continue;
    }
    if (o instanceof PDFArray && n instanceof PDFArray) {
      const newItems = new Set(n.asArray().map(str));
      if (o.asArray().every((x) => newItems.has(str(x)))) continue;
      problems.push(`array ${num} not append-only`);
      continue;
    }
    if (!(o instanceof PDFDict) || !(n instanceof PDFDict)) {
      problems.push(`object ${num} modified`);
      continue;
    }
    const keys = new Set([...o.keys(), ...n.keys()].map((k) => k.decodeText()));
    const changed = [...keys].filter((k) => str(o.get(PDFName.of(k))) !== str(n.get(PDFName.of(k))));
    const type = o.get(PDFName.of("Type"));
    const ft = o.get(PDFName.of("FT"));
    let allowed: string[];
    if (type === PDFName.of("Catalog")) allowed = ["AcroForm", "Perms", "DSS", "Extensions"];
    else if (type === PDFName.of("Page")) allowed = ["Annots"];
    else if (o.has(PDFName.of("Fields")) || o.has(PDFName.of("SigFlags"))) allowed = ["Fields", "SigFlags", "DR", "DA", "Type", "NeedAppearances"];
    else if (ft === PDFName.of("Tx") || ft === PDFName.of("Sig") || o.get(PDFName.of("Subtype")) === PDFName.of("Widget")) allowed = ["V", "AP", "AS"];
    else allowed = [];
    const bad = changed.filter((k) => !allowed.includes(k));
    for (const key of ["Annots", "Fields"]) {
      if (!changed.includes(key)) continue;
      const ov = o.get(PDFName.of(key));
      const nv = n.get(PDFName.of(key));
      if (ov instanceof PDFArray && nv instanceof PDFArray) {
        const items = new Set(nv.asArray().map(str));
        if (!ov.asArray().every((x) => items.has(str(x)))) bad.push(`${key} (not append-only)`);
      }
    }
    if (bad.length) problems.push(`object ${num}: ${bad.join(", ")} changed`);
  }
  return problems;
}

export async function verifyPdfSignatures(pdf: Uint8Array, options: VerifyPdfOptions = {}): Promise<SignatureReport[]> {
  const reader = PdfReader.open(pdf);
  const anchors = (options.trustAnchorsPem ?? []).flatMap(pemToDer).map((d) => new X509Certificate(d));
  let fileEnd = pdf.length;
  while (fileEnd > 0 && [0x0a, 0x0d, 0x20, 0x00].includes(pdf[fileEnd - 1])) fileEnd--;
  const reports: SignatureReport[] = [];
  for (const field of listFields(reader)) {
    if (field.type !== "Sig") continue;
    const v = reader.get(field.dict, "V");
    if (!(v instanceof PDFDict)) continue;
    const problems: string[] = [];
    const subFilter = decodePdfText(v.get(PDFName.of("SubFilter"))) ?? "";
    const profile = subFilter === "ETSI.CAdES.detached" ? "pades" : subFilter === "adbe.pkcs7.detached" ? "adbe" : subFilter;
    const br = numbers(reader.getArray(v, "ByteRange"), reader);
    const contents = reader.get(v, "Contents");
    const mText = decodePdfText(reader.get(v, "M"));
    let signedAt = mText ? parsePdfDate(mText) : null;
    const report: SignatureReport = {
      fieldName: field.fullName,
      signerName: null,
      signedAt: null,
      profile,
      valid: false,
      coversRevision: false,
      coversWholeDocument: false,
      trusted: false,
      certValidAtSigning: false,
      modifiedAfter: false,
      modifications: [],
      byteRange: br,
      revisionEnd: null,
      problems,
    };
    reports.push(report);
    if (!br || br.length !== 4 || !(contents instanceof PDFHexString || contents instanceof PDFString)) {
      problems.push("ByteRange or Contents missing");
      continue;
    }
    const [a, b, c, d] = br;
    const end = c + d;
    const shapeOk = a === 0 && b < c && end <= pdf.length && pdf[b] === 0x3c && pdf[c - 1] === 0x3e;
    if (!shapeOk) problems.push("ByteRange does not frame the /Contents hex string");
    report.revisionEnd = end;
    const tail = latin1.decode(pdf.subarray(Math.max(0, end - 8), end));
    report.coversRevision = shapeOk && /%%EOF(\r\n|\r|\n)?$/.test(tail);
    report.coversWholeDocument = report.coversRevision && end >= fileEnd;
    let cms: ParsedCms;
    try {
      const raw = contents instanceof PDFHexString ? contents.asBytes() : contents.asBytes();
      const der = raw.subarray(0, readTlv(raw, 0).end);
      cms = parseCms(der);
    } catch (error) {
      problems.push(`CMS unreadable: ${error instanceof Error ? error.message : String(error)}`);
      continue;
    }
    signedAt ??= cms.signingTime;
    report.signedAt = signedAt ? formatVietnam(signedAt) : null;
    if (!cms.signerCert) {
      problems.push("signer certificate not found in the CMS");
      continue;
    }
    report.signerName = commonName(cms.signerCert);
    if (shapeOk) {
      const digest = createHash(cms.digestAlgorithm).update(pdf.subarray(0, b)).update(pdf.subarray(c, end)).digest();
      let ok: boolean;
      if (cms.signedAttrs) {
        ok = !!cms.messageDigest && digest.equals(Buffer.from(cms.messageDigest));
        if (!ok) problems.push("message digest does not match the signed bytes");
        ok = ok && nodeVerify(cms.digestAlgorithm, cms.signedAttrs, cms.signerCert.publicKey, cms.signature);
      } else {
        ok = nodeVerify(cms.digestAlgorithm, Buffer.concat([pdf.subarray(0, b), pdf.subarray(c, end)]), cms.signerCert.publicKey, cms.signature);
      }
      if (!ok && !problems.length) problems.push("signature value does not verify");
      report.valid = ok;
    }
    if (profile === "pades" && !cms.hasEssV2) problems.push("PAdES signature without ESS signing-certificate-v2");
    const chain = chainTrusted(cms.signerCert, cms.certificates, anchors, signedAt);
    report.trusted = chain.trusted;
    report.certValidAtSigning = chain.validAt;
    if (report.coversRevision) {
      report.modifications = laterModifications(pdf, end, reader);
      report.modifiedAfter = report.modifications.length > 0;
    }
  }
  return reports;
}
