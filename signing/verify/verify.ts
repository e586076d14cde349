// Verification for the UI and for incoming documents. Signatures are enumerated through /AcroForm /Fields (never
// by regex over the bytes); the CMS is read with a BER-aware walker and the signature is checked over the signed
// attribute bytes exactly as received (feasibility.md pitfall 19c). Each signature gets its own verdict: an
// unreadable CMS, an algorithm node:crypto lacks or a broken certificate never stops the report for the others.
import { X509Certificate } from "node:crypto";
import { PDFArray, PDFDict, PDFHexString, PDFName, PDFNumber, type PDFObject, PDFString } from "pdf-lib";
import { SigningError } from "../errors";
import { decodePdfText, listFields } from "../pdf/fields";
import { PdfReader } from "../pdf/reader";
import { certificationLevel, describeChanges, laterChanges, mdpRules, type ChangeKind, type ChangeReport } from "./changes";
import { checkSignatureValue, digestFunction, digestName, isTimestampToken, parseSignedData, parseTstInfo, publicKeyOf, type SignedData } from "./cms";
import { EncryptionError, standardDecryptor } from "./decrypt";
import { readDss } from "../ltv/dss";
import { parseOcspResponse, statusFromResponse, type OcspResponseInfo, type RevocationStatus } from "../ltv/ocsp";

export type SignatureProfile = "pades" | "adbe" | "timestamp" | string;

/**
 * valid: integrity holds (digest over the covered bytes and signature value); invalid: it does not; unsupported: the
 * algorithm cannot be checked here (neither valid nor forged); malformed: no readable signature.
 */
export type SignatureVerdict = "valid" | "invalid" | "unsupported" | "malformed";

export type SignatureReport = {
  fieldName: string;
  /** "timestamp" for RFC 3161 document timestamps (/SubFilter /ETSI.RFC3161), else "signature". */
  kind: "signature" | "timestamp";
  signerName: string | null;
  /** ISO 8601 with +07:00, from /M (or the signing-time attribute, or the timestamp's genTime). */
  signedAt: string | null;
  profile: SignatureProfile;
  verdict: SignatureVerdict;
  /** Message digest matches the covered bytes and the signature over the signed attributes verifies. */
  valid: boolean;
  /** The ByteRange covers everything from the start of the file to the end of a revision (%%EOF). */
  coversRevision: boolean;
  /** The signature covers the whole file as it is now. */
  coversWholeDocument: boolean;
  /** The certificate chain reaches one of the given trust anchors. */
  trusted: boolean;
  /** Common name (or subject) of the anchor the chain reaches. */
  trustAnchor: string | null;
  certValidAtSigning: boolean;
  digestAlgorithm: string | null;
  signatureAlgorithm: string | null;
  /** Later revisions made changes the document's rules (DocMDP/FieldMDP, else content vs annotations) forbid. */
  modifiedAfter: boolean;
  /** Technical list of what later revisions changed. */
  modifications: string[];
  /** What later revisions changed, by kind. */
  changeKinds: ChangeKind[];
  /** The forbidden changes are covered by a later valid signature whose own later changes are allowed. */
  changesCoveredBy: string | null;
  /** The clerk's sentence about later changes (Vietnamese). */
  changeSummary: string;
  byteRange: number[] | null;
  revisionEnd: number | null;
  /**
   * Signature timestamp (PAdES B-T, RFC 3161 token in the unsigned attributes) when it checks out: the token's
   * signature verifies with its certificate and its imprint is the hash of this signature's value. time is ISO
   * 8601 with +07:00, tsa the TSA certificate's common name. null: none, or not valid (see problems).
   */
  timestamp: { time: string; tsa: string | null } | null;
  /**
   * Revocation status of the signer's certificate from an OCSP response stored in the document's DSS (PAdES B-LT)
   * and signed by the issuing CA or its responder; null when the document holds none for this certificate.
   */
  revocation: { status: RevocationStatus; source: "ocsp"; checkedAt: string | null; revokedAt: string | null } | null;
  problems: string[];
};

export type VerifyPdfOptions = {
  trustAnchorsPem?: string[];
};

const latin1 = new TextDecoder("latin1");

function formatVietnam(date: Date): string {
  return `${new Date(date.getTime() + 7 * 3600 * 1000).toISOString().slice(0, 19)}+07:00`;
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

export function pemToDer(pem: string): Buffer[] {
  return [...pem.matchAll(/-----BEGIN CERTIFICATE-----([\s\S]*?)-----END CERTIFICATE-----/g)].map((m) => Buffer.from(m[1].replace(/\s+/g, ""), "base64"));
}

function decodeEscapedUtf8(raw: string): string {
  // Node escapes non-ASCII as \XX UTF-8 byte sequences in some builds; undo that.
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

export function commonName(cert: X509Certificate): string | null {
  const m = /(?:^|\n)CN=(.*)/.exec(cert.subject);
  return m ? decodeEscapedUtf8(m[1]) : null;
}

function issuedBy(child: X509Certificate, parent: X509Certificate): boolean {
  try {
    return child.checkIssued(parent) && child.verify(parent.publicKey);
  } catch {
    return false;
  }
}

function chainTrusted(
  signer: X509Certificate,
  pool: X509Certificate[],
  anchors: X509Certificate[],
  at: Date | null,
): { anchor: X509Certificate | null; validAt: boolean } {
  const inValidity = (c: X509Certificate) => !at || (at >= new Date(c.validFrom) && at <= new Date(c.validTo));
  let validAt = inValidity(signer);
  let current = signer;
  // Anchors may include intermediates (a Government CA chain added as one PEM), so they also serve as the pool.
  const all = [...pool, ...anchors];
  for (let depth = 0; depth < 10; depth++) {
    const anchor = anchors.find((a) => a.fingerprint256 === current.fingerprint256 || issuedBy(current, a));
    if (anchor) return { anchor, validAt: validAt && inValidity(anchor) };
    const issuer = all.find((c) => c.fingerprint256 !== current.fingerprint256 && issuedBy(current, c));
    if (!issuer) break;
    validAt &&= inValidity(issuer);
    current = issuer;
  }
  return { anchor: null, validAt };
}

function numbers(arr: PDFArray | undefined, reader: PdfReader): number[] | null {
  if (!arr) return null;
  const out = arr.asArray().map((v) => reader.resolve(v));
  return out.every((v) => v instanceof PDFNumber) ? out.map((v) => (v as PDFNumber).asNumber()) : null;
}

/** Opens the file (or an earlier revision) for reading, decrypting with the empty user password when needed. */
export function openForVerification(pdf: Uint8Array, end?: number): PdfReader {
  const reader = PdfReader.open(pdf, { end, allowEncrypted: true });
  const encryptRef = reader.trailer.get(PDFName.of("Encrypt"));
  if (!encryptRef) return reader;
  const encrypt = reader.resolve(encryptRef);
  const ids = reader.resolve(reader.trailer.get(PDFName.of("ID")));
  const id0 = ids instanceof PDFArray ? reader.resolve(ids.get(0)) : undefined;
  if (!(encrypt instanceof PDFDict)) throw new SigningError("ENCRYPTED_PDF", "Tệp PDF được mã hóa theo cách không đọc được");
  try {
    reader.decryptor = standardDecryptor(encrypt, id0 instanceof PDFString || id0 instanceof PDFHexString ? Buffer.from(id0.asBytes()) : Buffer.alloc(0), (o) =>
      reader.resolve(o),
    );
  } catch (error) {
    if (error instanceof EncryptionError) throw new SigningError("ENCRYPTED_PDF", error.message);
    throw error;
  }
  return reader;
}

function gapIsHexString(pdf: Uint8Array, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const x = pdf[i];
    const hex = (x >= 0x30 && x <= 0x39) || (x >= 0x41 && x <= 0x46) || (x >= 0x61 && x <= 0x66);
    if (!hex && x !== 0x20 && x !== 0x0a && x !== 0x0d && x !== 0x09 && x !== 0x0c) return false;
  }
  return true;
}

type Integrity = { verdict: SignatureVerdict; problem: string | null; signedAt: Date | null };

/** Digest + signature value of a signature CMS over the covered bytes. */
function checkSignature(sd: SignedData, covered: Uint8Array[], subFilter: string): Integrity {
  const hash = digestFunction(sd.digestOid);
  if (!sd.signerCert) return { verdict: "invalid", problem: "signer certificate not found in the CMS", signedAt: null };
  if (!hash) return { verdict: "unsupported", problem: `unsupported digest algorithm ${sd.digestOid}`, signedAt: null };
  // adbe.pkcs7.sha1: the signed content is the SHA-1 of the covered bytes (ISO 32000-1 §12.8.3.3.1).
  let content: Uint8Array[] = covered;
  if (subFilter === "adbe.pkcs7.sha1") {
    const sha1 = digestFunction("1.3.14.3.2.26")!(covered);
    if (!sd.eContent || !sha1.equals(Buffer.from(sd.eContent)))
      return { verdict: "invalid", problem: "message digest does not match the signed bytes", signedAt: null };
    content = [sd.eContent];
  }
  let data: Uint8Array;
  if (sd.signedAttrs) {
    if (!sd.messageDigest || !hash(content).equals(Buffer.from(sd.messageDigest)))
      return { verdict: "invalid", problem: "message digest does not match the signed bytes", signedAt: null };
    data = sd.signedAttrs;
  } else data = Buffer.concat(content);
  const check = checkSignatureValue(sd, data, publicKeyOf(sd.signerCert));
  if (check.ok) return { verdict: "valid", problem: null, signedAt: null };
  return { verdict: check.reason === "unsupported" ? "unsupported" : "invalid", problem: check.detail, signedAt: null };
}

/** RFC 3161 document timestamp: the token's own signature, then its message imprint over the covered bytes. */
function checkTimestamp(sd: SignedData, covered: Uint8Array[]): Integrity {
  if (!sd.eContent) return { verdict: "invalid", problem: "timestamp token without TSTInfo", signedAt: null };
  const tst = parseTstInfo(sd.eContent);
  const own = checkSignature(sd, [sd.eContent], "");
  if (own.verdict !== "valid") return { ...own, signedAt: tst.genTime };
  const hash = digestFunction(tst.hashOid);
  if (!hash) return { verdict: "unsupported", problem: `unsupported digest algorithm ${tst.hashOid}`, signedAt: tst.genTime };
  if (!hash(covered).equals(Buffer.from(tst.hashedMessage)))
    return { verdict: "invalid", problem: "timestamp message imprint does not match the signed bytes", signedAt: tst.genTime };
  return { verdict: "valid", problem: null, signedAt: tst.genTime };
}

const TIME_STAMPING_EKU = "1.3.6.1.5.5.7.3.8";

/** The signature-time-stamp token over a SignerInfo's signature value (ETSI TS 119 122-1 §5.3). */
function checkSignatureTimestamp(token: Uint8Array, signatureValue: Uint8Array): { time: string; tsa: string | null } | { problem: string } {
  let tsd: SignedData;
  try {
    tsd = parseSignedData(token);
  } catch (error) {
    return { problem: `token unreadable: ${error instanceof Error ? error.message : String(error)}` };
  }
  if (!isTimestampToken(tsd)) return { problem: "token does not carry a TSTInfo" };
  const integrity = checkTimestamp(tsd, [signatureValue]);
  if (integrity.verdict !== "valid") return { problem: integrity.problem ?? integrity.verdict };
  if (!integrity.signedAt) return { problem: "token without genTime" };
  // RFC 3161 §2.3: the TSA certificate has exactly one extended key usage, timeStamping, marked critical.
  const eku = tsd.signerCert?.keyUsage;
  if (eku && !eku.includes(TIME_STAMPING_EKU)) return { problem: "TSA certificate lacks extendedKeyUsage timeStamping" };
  return { time: formatVietnam(integrity.signedAt), tsa: tsd.signerCert ? (commonName(tsd.signerCert) ?? tsd.signerCert.subject) : null };
}

export async function verifyPdfSignatures(pdf: Uint8Array, options: VerifyPdfOptions = {}): Promise<SignatureReport[]> {
  const reader = openForVerification(pdf);
  const anchors = (options.trustAnchorsPem ?? []).flatMap(pemToDer).flatMap((d) => {
    try {
      return [new X509Certificate(d)];
    } catch {
      return [];
    }
  });
  let fileEnd = pdf.length;
  while (fileEnd > 0 && [0x0a, 0x0d, 0x20, 0x00].includes(pdf[fileEnd - 1])) fileEnd--;
  const validation = dssValidationData(reader);
  const reports: SignatureReport[] = [];
  const changeReports: Array<ChangeReport | null> = [];
  for (const field of listFields(reader)) {
    if (field.type !== "Sig") continue;
    let v: PDFObject | undefined;
    try {
      v = reader.get(field.dict, "V");
    } catch {
      v = undefined;
    }
    if (!(v instanceof PDFDict)) continue;
    const problems: string[] = [];
    const report: SignatureReport = {
      fieldName: field.fullName,
      kind: "signature",
      signerName: null,
      signedAt: null,
      profile: "",
      verdict: "malformed",
      valid: false,
      coversRevision: false,
      coversWholeDocument: false,
      trusted: false,
      trustAnchor: null,
      certValidAtSigning: false,
      digestAlgorithm: null,
      signatureAlgorithm: null,
      modifiedAfter: false,
      modifications: [],
      changeKinds: [],
      changesCoveredBy: null,
      changeSummary: "",
      byteRange: null,
      revisionEnd: null,
      timestamp: null,
      revocation: null,
      problems,
    };
    reports.push(report);
    let changes: ChangeReport | null = null;
    try {
      changes = verifyOne(pdf, reader, field.dict, v, report, anchors, fileEnd, validation);
    } catch (error) {
      problems.push(`verification failed: ${error instanceof Error ? error.message : String(error)}`);
    }
    changeReports.push(changes);
  }
  // A forbidden change that a later valid signature signed over is what the later signer approved, not tampering
  // (the Government's process adds page content between signatures: decree 50/2026/NĐ-CP).
  // Except under a no-changes certification (DocMDP P=1): no later signer can approve a change the certifier forbade.
  const noChangesCertified = (() => {
    try {
      return certificationLevel(reader) === 1;
    } catch {
      return false;
    }
  })();
  reports.forEach((r, i) => {
    const changes = changeReports[i];
    if (r.modifiedAfter && r.revisionEnd !== null && !noChangesCertified) {
      const later = reports
        .map((x, j) => ({ x, j }))
        .filter(({ x, j }) => x.valid && x.revisionEnd !== null && x.revisionEnd > r.revisionEnd! && (changeReports[j]?.allowed ?? false))
        .sort((a, b) => b.x.revisionEnd! - a.x.revisionEnd!)[0];
      if (later) r.changesCoveredBy = `${later.x.kind === "timestamp" ? "dấu thời gian" : "chữ ký"} của ${later.x.signerName ?? later.x.fieldName}`;
    }
    r.changeSummary =
      r.coversRevision || changes
        ? describeChanges(changes, r.changesCoveredBy)
        : "Chữ ký không bao trùm trọn một phiên bản của tệp; không xác định được thay đổi sau khi ký";
  });
  return reports;
}

type DssValidationData = { ocsps: OcspResponseInfo[]; certs: X509Certificate[] };

function dssValidationData(reader: PdfReader): DssValidationData {
  try {
    const dss = readDss(reader);
    const ocsps = dss.ocsps.flatMap((b) => {
      try {
        return [parseOcspResponse(b)];
      } catch {
        return [];
      }
    });
    const certs = dss.certs.flatMap((b) => {
      try {
        return [new X509Certificate(b)];
      } catch {
        return [];
      }
    });
    return { ocsps, certs };
  } catch {
    return { ocsps: [], certs: [] };
  }
}

/** The newest OCSP answer in the DSS about `cert` that its issuer (or the issuer's responder) signed. */
function revocationOf(cert: X509Certificate, pool: X509Certificate[], data: DssValidationData): SignatureReport["revocation"] {
  const issuers = pool.filter((p) => p.fingerprint256 !== cert.fingerprint256 && issuedBy(cert, p));
  let best: { status: RevocationStatus; at: Date | null; revokedAt: Date | null } | null = null;
  for (const info of data.ocsps) {
    for (const issuer of issuers) {
      const single = statusFromResponse(info, cert, issuer);
      if (!single) continue;
      const at = info.producedAt ?? single.thisUpdate;
      if (!best || (at && best.at && at > best.at)) best = { status: single.status, at, revokedAt: single.revokedAt };
    }
  }
  return best
    ? {
        status: best.status,
        source: "ocsp",
        checkedAt: best.at ? formatVietnam(best.at) : null,
        revokedAt: best.revokedAt ? formatVietnam(best.revokedAt) : null,
      }
    : null;
}

function verifyOne(
  pdf: Uint8Array,
  reader: PdfReader,
  fieldDict: PDFDict,
  v: PDFDict,
  report: SignatureReport,
  anchors: X509Certificate[],
  fileEnd: number,
  validation: DssValidationData,
): ChangeReport | null {
  const problems = report.problems;
  const subFilter = decodePdfText(v.get(PDFName.of("SubFilter"))) ?? "";
  const isTimestamp = subFilter === "ETSI.RFC3161" || v.get(PDFName.of("Type")) === PDFName.of("DocTimeStamp");
  report.kind = isTimestamp ? "timestamp" : "signature";
  report.profile = isTimestamp ? "timestamp" : subFilter === "ETSI.CAdES.detached" ? "pades" : subFilter === "adbe.pkcs7.detached" ? "adbe" : subFilter;
  const br = numbers(reader.getArray(v, "ByteRange"), reader);
  report.byteRange = br;
  const contents = reader.get(v, "Contents");
  const mText = decodePdfText(reader.get(v, "M"));
  let signedAt = mText ? parsePdfDate(mText) : null;
  if (!br || br.length !== 4 || !(contents instanceof PDFHexString || contents instanceof PDFString)) {
    problems.push("ByteRange or Contents missing");
    return null;
  }
  const [a, b, c, d] = br;
  const end = c + d;
  const inBounds = a >= 0 && b >= 0 && c >= a + b && d >= 0 && end <= pdf.length;
  // The gap must be exactly the /Contents hex string: anything else left uncovered (pyHanko's "gap too big": a second
  // key after the signature value) is unsigned PDF syntax.
  const shapeOk = inBounds && a === 0 && b < c && pdf[b] === 0x3c && pdf[c - 1] === 0x3e && gapIsHexString(pdf, b + 1, c - 1);
  if (!shapeOk) problems.push("ByteRange does not frame the /Contents hex string");
  report.revisionEnd = end;
  const tail = latin1.decode(pdf.subarray(Math.max(0, end - 8), end));
  report.coversRevision = shapeOk && /%%EOF(\r\n|\r|\n)?$/.test(tail);
  report.coversWholeDocument = report.coversRevision && end >= fileEnd;

  // Later revisions are examined whatever happens to the CMS below (an unreadable signature still has a history).
  let changes: ChangeReport | null = null;
  if (report.coversRevision && end < fileEnd) {
    changes = laterChanges(end, reader, mdpRules(reader, v, fieldDict), (e) => openForVerification(pdf, e));
    report.modifications = changes.details;
    report.changeKinds = changes.kinds;
    report.modifiedAfter = !changes.allowed;
  } else if (report.coversRevision) {
    changes = { kinds: [], details: [], changedFields: [], allowed: true, violations: [] };
  }

  let sd: SignedData;
  try {
    sd = parseSignedData(contents.asBytes());
  } catch (error) {
    problems.push(`CMS unreadable: ${error instanceof Error ? error.message : String(error)}`);
    report.signedAt = signedAt ? formatVietnam(signedAt) : null;
    return changes;
  }
  report.digestAlgorithm = digestName(sd.digestOid);
  report.signatureAlgorithm = sd.signatureOid;
  if (sd.signerCert) report.signerName = commonName(sd.signerCert);
  if (!inBounds) {
    report.verdict = "invalid";
    report.signedAt = signedAt ? formatVietnam(signedAt) : null;
    return changes;
  }
  const covered = [pdf.subarray(a, a + b), pdf.subarray(c, end)];
  const integrity = isTimestamp || isTimestampToken(sd) ? checkTimestamp(sd, covered) : checkSignature(sd, covered, subFilter);
  if (integrity.problem) problems.push(integrity.problem);
  if (isTimestamp || isTimestampToken(sd)) {
    report.kind = "timestamp";
    signedAt = integrity.signedAt ?? signedAt;
  }
  signedAt ??= sd.signingTime;
  report.signedAt = signedAt ? formatVietnam(signedAt) : null;
  // A ByteRange that leaves more than the signature value uncovered is refused even when the bytes it names verify.
  report.verdict = integrity.verdict === "valid" && !shapeOk ? "invalid" : integrity.verdict;
  report.valid = report.verdict === "valid";
  if (sd.signatureTimestampToken) {
    const ts = checkSignatureTimestamp(sd.signatureTimestampToken, sd.signature);
    if ("problem" in ts) problems.push(`signature timestamp: ${ts.problem}`);
    else report.timestamp = ts;
  }
  if (report.profile === "pades" && !sd.hasEssV2 && !sd.hasEssV1) problems.push("PAdES signature without ESS signing-certificate attribute");
  if (sd.signerCert) {
    const chain = chainTrusted(
      sd.signerCert,
      sd.certificates.map((x) => x.cert),
      anchors,
      signedAt,
    );
    report.trusted = chain.anchor !== null;
    report.trustAnchor = chain.anchor ? (commonName(chain.anchor) ?? chain.anchor.subject) : null;
    report.certValidAtSigning = chain.validAt;
    if (validation.ocsps.length)
      report.revocation = revocationOf(sd.signerCert, [...sd.certificates.map((x) => x.cert), ...validation.certs, ...anchors], validation);
  }
  return changes;
}
