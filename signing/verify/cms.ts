// CMS SignedData as found in PDF signatures (adbe.pkcs7.detached, adbe.pkcs7.sha1, ETSI.CAdES.detached) and RFC 3161
// timestamp tokens (ETSI.RFC3161). Read with the BER-aware walker so the signed attributes are hashed exactly as
// received (feasibility.md pitfall 19c). Every failure here is a verdict on one signature, never an exception that
// stops the report: an algorithm node:crypto cannot check is reported as "unsupported", not as "invalid".
import { createHash, verify as nodeVerify, constants, X509Certificate, type KeyObject } from "node:crypto";
import { certificateIssuerAndSerial, children, compareBytes, content, decodeOid, readTlv, slice, type Tlv } from "../cms/der";

const OIDS = {
  data: "1.2.840.113549.1.7.1",
  tstInfo: "1.2.840.113549.1.9.16.1.4",
  contentType: "1.2.840.113549.1.9.3",
  messageDigest: "1.2.840.113549.1.9.4",
  signingTime: "1.2.840.113549.1.9.5",
  signingCertificate: "1.2.840.113549.1.9.16.2.12",
  signingCertificateV2: "1.2.840.113549.1.9.16.2.47",
  signatureTimeStampToken: "1.2.840.113549.1.9.16.2.14",
  subjectKeyIdentifier: "2.5.29.14",
  rsaPss: "1.2.840.113549.1.1.10",
  mgf1: "1.2.840.113549.1.1.8",
  ed25519: "1.3.101.112",
  ed448: "1.3.101.113",
  shake256: "2.16.840.1.101.3.4.2.12",
  shake256Len: "2.16.840.1.101.3.4.2.18",
} as const;

/** Digest algorithm OID -> node hash name. */
const DIGESTS: Record<string, string> = {
  "1.2.840.113549.2.5": "md5",
  "1.3.14.3.2.26": "sha1",
  "2.16.840.1.101.3.4.2.4": "sha224",
  "2.16.840.1.101.3.4.2.1": "sha256",
  "2.16.840.1.101.3.4.2.2": "sha384",
  "2.16.840.1.101.3.4.2.3": "sha512",
  "2.16.840.1.101.3.4.2.7": "sha3-224",
  "2.16.840.1.101.3.4.2.8": "sha3-256",
  "2.16.840.1.101.3.4.2.9": "sha3-384",
  "2.16.840.1.101.3.4.2.10": "sha3-512",
  [OIDS.shake256]: "shake256",
  [OIDS.shake256Len]: "shake256",
};

/** Signature algorithm OIDs that name their hash (RSA PKCS#1 v1.5, ECDSA, DSA). */
const SIGNATURE_HASH: Record<string, { kind: "rsa" | "ecdsa" | "dsa"; hash: string | null }> = {
  "1.2.840.113549.1.1.1": { kind: "rsa", hash: null },
  "1.2.840.113549.1.1.4": { kind: "rsa", hash: "md5" },
  "1.2.840.113549.1.1.5": { kind: "rsa", hash: "sha1" },
  "1.2.840.113549.1.1.14": { kind: "rsa", hash: "sha224" },
  "1.2.840.113549.1.1.11": { kind: "rsa", hash: "sha256" },
  "1.2.840.113549.1.1.12": { kind: "rsa", hash: "sha384" },
  "1.2.840.113549.1.1.13": { kind: "rsa", hash: "sha512" },
  "2.16.840.1.101.3.4.3.13": { kind: "rsa", hash: "sha3-224" },
  "2.16.840.1.101.3.4.3.14": { kind: "rsa", hash: "sha3-256" },
  "2.16.840.1.101.3.4.3.15": { kind: "rsa", hash: "sha3-384" },
  "2.16.840.1.101.3.4.3.16": { kind: "rsa", hash: "sha3-512" },
  "1.2.840.10045.2.1": { kind: "ecdsa", hash: null },
  "1.2.840.10045.4.1": { kind: "ecdsa", hash: "sha1" },
  "1.2.840.10045.4.3.1": { kind: "ecdsa", hash: "sha224" },
  "1.2.840.10045.4.3.2": { kind: "ecdsa", hash: "sha256" },
  "1.2.840.10045.4.3.3": { kind: "ecdsa", hash: "sha384" },
  "1.2.840.10045.4.3.4": { kind: "ecdsa", hash: "sha512" },
  "2.16.840.1.101.3.4.3.9": { kind: "ecdsa", hash: "sha3-256" },
  "2.16.840.1.101.3.4.3.10": { kind: "ecdsa", hash: "sha3-384" },
  "2.16.840.1.101.3.4.3.11": { kind: "ecdsa", hash: "sha3-512" },
  "1.2.840.10040.4.3": { kind: "dsa", hash: "sha1" },
  "2.16.840.1.101.3.4.3.2": { kind: "dsa", hash: "sha256" },
};

const latin1 = new TextDecoder("latin1");

export type SignedData = {
  der: Uint8Array;
  eContentType: string;
  eContent: Uint8Array | null;
  /** Certificates that node could parse (others are skipped: they cannot be the signer anyway). */
  certificates: Array<{ der: Uint8Array; cert: X509Certificate }>;
  signerCert: X509Certificate | null;
  /** "issuerAndSerialNumber" or "subjectKeyIdentifier" (RFC 5652 §5.3). */
  sidKind: "issuerAndSerialNumber" | "subjectKeyIdentifier";
  digestOid: string;
  signatureOid: string;
  signatureParams: Tlv | null;
  signedAttrs: Uint8Array | null;
  messageDigest: Uint8Array | null;
  signingTime: Date | null;
  hasEssV2: boolean;
  hasEssV1: boolean;
  signature: Uint8Array;
  /** RFC 3161 token from the unsigned attribute id-aa-signatureTimeStampToken (PAdES B-T), as received. */
  signatureTimestampToken: Uint8Array | null;
};

function parseTime(tag: number, bytes: Uint8Array): Date | null {
  const s = latin1.decode(bytes);
  const m = /^(\d{2}|\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})?(?:\.\d+)?(Z|[+-]\d{4})?$/.exec(s);
  if (!m) return null;
  const year = tag === 0x17 ? (+m[1] < 50 ? 2000 + +m[1] : 1900 + +m[1]) : +m[1];
  let t = Date.UTC(year, +m[2] - 1, +m[3], +m[4], +m[5], +(m[6] ?? 0));
  if (m[7] && m[7] !== "Z") t -= (m[7][0] === "+" ? 1 : -1) * (+m[7].slice(1, 3) * 60 + +m[7].slice(3)) * 60000;
  return new Date(t);
}

/** SubjectKeyIdentifier of a certificate: the extension when present, else the RFC 5280 §4.2.1.2 method-1 hash. */
function subjectKeyIdentifier(certDer: Uint8Array): Uint8Array[] {
  const out: Uint8Array[] = [];
  const tbs = children(certDer, children(certDer, readTlv(certDer, 0))[0]);
  const offset = tbs[0].tag === 0xa0 ? 1 : 0;
  const spki = tbs[offset + 5];
  const bitString = children(certDer, spki)[1];
  out.push(createHash("sha1").update(content(certDer, bitString).subarray(1)).digest());
  const ext = tbs.find((t) => t.tag === 0xa3);
  if (ext) {
    for (const e of children(certDer, children(certDer, ext)[0])) {
      const parts = children(certDer, e);
      if (decodeOid(content(certDer, parts[0])) !== OIDS.subjectKeyIdentifier) continue;
      const value = content(certDer, parts[parts.length - 1]);
      out.unshift(content(value, readTlv(value, 0)));
    }
  }
  return out;
}

function integerBytes(b: Uint8Array): Uint8Array {
  let i = 0;
  while (i < b.length - 1 && b[i] === 0) i++;
  return b.subarray(i);
}

export function parseSignedData(raw: Uint8Array): SignedData {
  const der = raw.subarray(0, readTlv(raw, 0).end);
  const ci = readTlv(der, 0);
  const ciParts = children(der, ci);
  if (ciParts.length < 2) throw new Error("ContentInfo without content");
  const sd = children(der, ciParts[1])[0];
  const parts = children(der, sd);
  const encap = children(der, parts[2]);
  const eContentType = decodeOid(content(der, encap[0]));
  let eContent: Uint8Array | null = null;
  if (encap[1]) {
    // [0] EXPLICIT OCTET STRING, possibly constructed (BER): concatenate the primitive pieces.
    const octets = children(der, encap[1])[0];
    eContent = octets.constructed ? Buffer.concat(children(der, octets).map((p) => content(der, p))) : content(der, octets);
  }
  const certificates: SignedData["certificates"] = [];
  let signerInfos: Tlv | undefined;
  for (const p of parts.slice(3)) {
    if (p.tag === 0xa0) {
      for (const c of children(der, p)) {
        if (c.tag !== 0x30) continue;
        const certDer = slice(der, c);
        try {
          certificates.push({ der: certDer, cert: new X509Certificate(Buffer.from(certDer)) });
        } catch {
          // An unparsable extra certificate does not make the signature unreadable.
        }
      }
    } else if (p.tag === 0x31) signerInfos = p;
  }
  if (!signerInfos) throw new Error("CMS without signerInfos");
  const infos = children(der, signerInfos);
  if (!infos.length) throw new Error("CMS with no SignerInfo");
  const si = children(der, infos[0]);
  const sid = si[1];
  const digestOid = decodeOid(content(der, children(der, si[2])[0]));
  let i = 3;
  let signedAttrs: Uint8Array | null = null;
  let messageDigest: Uint8Array | null = null;
  let signingTime: Date | null = null;
  let hasEssV2 = false;
  let hasEssV1 = false;
  if (si[i].tag === 0xa0) {
    const attrsTlv = si[i];
    // The signature covers the SET OF encoding (tag 0x31) of the attributes as received (RFC 5652 §5.4).
    signedAttrs = new Uint8Array(slice(der, attrsTlv));
    signedAttrs[0] = 0x31;
    for (const attr of children(der, attrsTlv)) {
      const [typeTlv, valuesTlv] = children(der, attr);
      const type = decodeOid(content(der, typeTlv));
      const value = children(der, valuesTlv)[0];
      if (!value) continue;
      if (type === OIDS.messageDigest) messageDigest = content(der, value);
      if (type === OIDS.signingCertificateV2) hasEssV2 = true;
      if (type === OIDS.signingCertificate) hasEssV1 = true;
      if (type === OIDS.signingTime) signingTime = parseTime(value.tag, content(der, value));
    }
    i++;
  }
  const sigAlg = children(der, si[i]);
  const signatureOid = decodeOid(content(der, sigAlg[0]));
  const signatureParams = sigAlg[1] && sigAlg[1].tag !== 0x05 ? sigAlg[1] : null;
  const signature = content(der, si[i + 1]);
  let signatureTimestampToken: Uint8Array | null = null;
  const unsigned = si[i + 2];
  if (unsigned?.tag === 0xa1) {
    for (const attr of children(der, unsigned)) {
      const [typeTlv, valuesTlv] = children(der, attr);
      if (decodeOid(content(der, typeTlv)) !== OIDS.signatureTimeStampToken) continue;
      const value = children(der, valuesTlv)[0];
      if (value) signatureTimestampToken = slice(der, value);
      break;
    }
  }

  // RFC 5652 §5.3: the signer is identified by issuer AND serial number, or by subject key identifier. A serial
  // alone is not unique across issuers (an intermediate and its end entity may share one).
  let signerCert: X509Certificate | null = null;
  let sidKind: SignedData["sidKind"] = "issuerAndSerialNumber";
  if (sid.tag === 0x30) {
    const [issuerTlv, serialTlv] = children(der, sid);
    const issuer = slice(der, issuerTlv);
    const serial = integerBytes(content(der, serialTlv));
    const sameSerial = certificates.filter((c) => {
      const own = certificateIssuerAndSerial(c.der);
      return compareBytes(integerBytes(own.serial.subarray(readTlv(own.serial, 0).contentStart)), serial) === 0;
    });
    signerCert = sameSerial.find((c) => compareBytes(certificateIssuerAndSerial(c.der).issuer, issuer) === 0)?.cert ?? null;
    // One certificate with that serial whose issuer Name is encoded differently (PrintableString vs UTF8String).
    if (!signerCert && sameSerial.length === 1) signerCert = sameSerial[0].cert;
  } else if (sid.tag === 0x80 || sid.tag === 0xa0) {
    sidKind = "subjectKeyIdentifier";
    const ski = sid.tag === 0x80 ? content(der, sid) : content(der, children(der, sid)[0]);
    signerCert = certificates.find((c) => subjectKeyIdentifier(c.der).some((k) => compareBytes(k, ski) === 0))?.cert ?? null;
  }
  return {
    der,
    eContentType,
    eContent,
    certificates,
    signerCert,
    sidKind,
    digestOid,
    signatureOid,
    signatureParams,
    signedAttrs,
    messageDigest,
    signingTime,
    hasEssV2,
    hasEssV1,
    signature,
    signatureTimestampToken,
  };
}

export function isTimestampToken(sd: SignedData): boolean {
  return sd.eContentType === OIDS.tstInfo;
}

/** The hash function named by an OID, as a function over byte chunks; null when node cannot compute it. */
export function digestFunction(oid: string): ((chunks: Uint8Array[]) => Buffer) | null {
  const name = DIGESTS[oid];
  if (!name) return null;
  return (chunks) => {
    const h = name === "shake256" ? createHash("shake256", { outputLength: 64 }) : createHash(name);
    for (const c of chunks) h.update(c);
    return h.digest();
  };
}

export function digestName(oid: string): string {
  return DIGESTS[oid] ?? oid;
}

export type SignatureCheck = { ok: true } | { ok: false; reason: "invalid" | "unsupported"; detail: string };

function pssOptions(der: Uint8Array, params: Tlv | null): { hash: string; saltLength: number } | string {
  let hash = "sha1";
  let saltLength = 20;
  if (!params) return { hash, saltLength };
  for (const p of children(der, params)) {
    const inner = children(der, p)[0];
    if (p.tag === 0xa0) {
      const h = DIGESTS[decodeOid(content(der, children(der, inner)[0]))];
      if (!h) return "PSS hash";
      hash = h;
    } else if (p.tag === 0xa1) {
      const [mgfOid, mgfHash] = children(der, inner);
      if (decodeOid(content(der, mgfOid)) !== OIDS.mgf1) return "PSS mask generation function";
      const mh = mgfHash ? DIGESTS[decodeOid(content(der, children(der, mgfHash)[0]))] : "sha1";
      // node:crypto uses the message hash for MGF1; a different MGF1 hash cannot be checked here.
      if (mh !== hash) return `PSS MGF1 with ${mh ?? "unknown hash"}`;
    } else if (p.tag === 0xa2) {
      saltLength = Number(BigInt(`0x${Buffer.from(content(der, inner)).toString("hex") || "0"}`));
    } else if (p.tag === 0xa3) {
      if (Buffer.from(content(der, inner)).toString("hex") !== "01") return "PSS trailer field";
    }
  }
  return { hash, saltLength };
}

/**
 * Checks the signature value over `data` (the signed attributes, or the content when there are none) with the
 * signer's key, choosing the scheme from the SignerInfo's signatureAlgorithm (RSA PKCS#1 v1.5, RSASSA-PSS with its
 * parameters, ECDSA on any curve OpenSSL knows, Ed25519, Ed448 per RFC 8419).
 */
export function checkSignatureValue(sd: SignedData, data: Uint8Array, key: KeyObject): SignatureCheck {
  const oid = sd.signatureOid;
  const digest = DIGESTS[sd.digestOid];
  try {
    if (oid === OIDS.ed25519 || oid === OIDS.ed448) {
      // RFC 8419 §3: with signed attributes Ed25519 uses SHA-512 and Ed448 uses SHAKE256 (512-bit output).
      if (oid === OIDS.ed448 && sd.signedAttrs && digest !== "shake256")
        return { ok: false, reason: "invalid", detail: `Ed448 requires SHAKE256, not ${digestName(sd.digestOid)} (RFC 8419)` };
      return nodeVerify(null, data, key, sd.signature) ? { ok: true } : { ok: false, reason: "invalid", detail: "signature value does not verify" };
    }
    if (oid === OIDS.rsaPss) {
      const pss = pssOptions(sd.der, sd.signatureParams);
      if (typeof pss === "string") return { ok: false, reason: "unsupported", detail: `unsupported ${pss}` };
      const ok = nodeVerify(pss.hash, data, { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: pss.saltLength }, sd.signature);
      return ok ? { ok: true } : { ok: false, reason: "invalid", detail: "signature value does not verify" };
    }
    const scheme = SIGNATURE_HASH[oid];
    if (!scheme) return { ok: false, reason: "unsupported", detail: `unsupported signature algorithm ${oid}` };
    const hash = scheme.hash ?? digest;
    if (!hash || hash === "shake256") return { ok: false, reason: "unsupported", detail: `unsupported digest algorithm ${sd.digestOid}` };
    const ok = nodeVerify(hash, data, key, sd.signature);
    return ok ? { ok: true } : { ok: false, reason: "invalid", detail: "signature value does not verify" };
  } catch (error) {
    // OpenSSL refusing a key/hash combination is "cannot check", not a forged signature.
    return { ok: false, reason: "unsupported", detail: `unsupported algorithm: ${error instanceof Error ? error.message : String(error)}` };
  }
}

export function publicKeyOf(cert: X509Certificate): KeyObject {
  return cert.publicKey;
}

export type TstInfo = { hashOid: string; hashedMessage: Uint8Array; genTime: Date | null };

/** TSTInfo (RFC 3161 §2.4.2): version, policy, messageImprint, serialNumber, genTime, … */
export function parseTstInfo(bytes: Uint8Array): TstInfo {
  const parts = children(bytes, readTlv(bytes, 0));
  const [alg, hashed] = children(bytes, parts[2]);
  const genTime = parts[4] ? parseTime(parts[4].tag, content(bytes, parts[4])) : null;
  return { hashOid: decodeOid(content(bytes, children(bytes, alg)[0])), hashedMessage: content(bytes, hashed), genTime };
}
