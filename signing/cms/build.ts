// CMS SignedData (RFC 5652), detached, for PDF signatures.
// forge.asn1 builds the structure; node:crypto does SHA-256 and RSA. forge.pkcs7 is not used because it cannot
// emit ESS signing-certificate-v2 and does not DER-sort attributes (signing.md §1.1, pitfalls 14/15).
import { createHash } from "node:crypto";
import forge from "node-forge";
import { certificateIssuerAndSerial, compareBytes } from "./der";

const asn1 = forge.asn1;
const T = forge.asn1.Type;
const C = forge.asn1.Class;

export type CmsProfile = "pades" | "adbe";

export const OID = {
  data: "1.2.840.113549.1.7.1",
  signedData: "1.2.840.113549.1.7.2",
  contentType: "1.2.840.113549.1.9.3",
  messageDigest: "1.2.840.113549.1.9.4",
  signingTime: "1.2.840.113549.1.9.5",
  signingCertificateV2: "1.2.840.113549.1.9.16.2.47",
  sha256: "2.16.840.1.101.3.4.2.1",
  rsaEncryption: "1.2.840.113549.1.1.1",
  sha256WithRSA: "1.2.840.113549.1.1.11",
} as const;

const toBinary = (b: Uint8Array) => Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString("latin1");
const fromBinary = (s: string) => new Uint8Array(Buffer.from(s, "latin1"));

// Certificates are the same Uint8Array instances on every signature (LoadedSigner.certificateChainDer), so their
// parsed forms are cached by identity; a signature then costs a few hundred microseconds of ASN.1 work.
const rawCache = new WeakMap<Uint8Array, forge.asn1.Asn1>();
const issuerSerialCache = new WeakMap<Uint8Array, { issuer: Uint8Array; serial: Uint8Array }>();

function issuerAndSerial(cert: Uint8Array) {
  let hit = issuerSerialCache.get(cert);
  if (!hit) {
    const { issuer, serial } = certificateIssuerAndSerial(cert);
    hit = { issuer: new Uint8Array(issuer), serial: new Uint8Array(serial) };
    issuerSerialCache.set(cert, hit);
  }
  return hit;
}

/** Embeds existing DER (certificates, names) without re-encoding its values; cached, so treat the result as read-only. */
function rawAsn1(der: Uint8Array): forge.asn1.Asn1 {
  const cached = rawCache.get(der);
  if (cached) return cached;
  const node = parseRaw(der);
  rawCache.set(der, node);
  return node;
}

function parseRaw(der: Uint8Array): forge.asn1.Asn1 {
  const node = asn1.fromDer(forge.util.createBuffer(toBinary(der)), { strict: true, decodeBitStrings: false, parseAllBytes: true } as never);
  // Guard against any re-encoding drift (it would silently break issuer matching in verifiers).
  if (asn1.toDer(node).bytes() !== toBinary(der)) throw new Error("CMS: DER round trip changed an embedded structure");
  return node;
}

const oid = (o: string) => asn1.create(C.UNIVERSAL, T.OID, false, asn1.oidToDer(o).getBytes());
const seq = (items: forge.asn1.Asn1[]) => asn1.create(C.UNIVERSAL, T.SEQUENCE, true, items);
const set = (items: forge.asn1.Asn1[]) => asn1.create(C.UNIVERSAL, T.SET, true, items);
const octets = (b: Uint8Array) => asn1.create(C.UNIVERSAL, T.OCTETSTRING, false, toBinary(b));
const integer = (n: number) => asn1.create(C.UNIVERSAL, T.INTEGER, false, asn1.integerToDer(n).getBytes());
const nullValue = () => asn1.create(C.UNIVERSAL, T.NULL, false, "");
const der = (node: forge.asn1.Asn1) => fromBinary(asn1.toDer(node).getBytes());

function attribute(type: string, value: forge.asn1.Asn1): forge.asn1.Asn1 {
  return seq([oid(type), set([value])]);
}

export type SignedAttributesOptions = {
  /** SHA-256 of the signed byte ranges. */
  messageDigest: Uint8Array;
  signerCertificateDer: Uint8Array;
  profile: CmsProfile;
  /** Only used for the adbe profile (PAdES forbids the signing-time attribute; /M carries the time). */
  signingTime?: Date;
};

/**
 * DER of the signed attributes as a SET OF (tag 0x31): this is exactly what the RSA signature covers
 * (RFC 5652 §5.4). Elements are sorted by their encoding as DER requires for SET OF.
 */
export function buildSignedAttributes(options: SignedAttributesOptions): Uint8Array {
  const cert = options.signerCertificateDer;
  const { issuer, serial } = issuerAndSerial(cert);
  const certHash = createHash("sha256").update(cert).digest();
  // ESSCertIDv2 with the default hash algorithm (SHA-256) omitted, as DER requires for DEFAULT values.
  const issuerSerial = seq([seq([asn1.create(C.CONTEXT_SPECIFIC, 4, true, [rawAsn1(issuer)])]), rawAsn1(serial)]);
  const signingCertificateV2 = seq([seq([seq([octets(certHash), issuerSerial])])]);
  const attrs: forge.asn1.Asn1[] = [
    attribute(OID.contentType, oid(OID.data)),
    attribute(OID.messageDigest, octets(options.messageDigest)),
    attribute(OID.signingCertificateV2, signingCertificateV2),
  ];
  if (options.profile === "adbe" && options.signingTime) {
    attrs.push(attribute(OID.signingTime, asn1.create(C.UNIVERSAL, T.UTCTIME, false, asn1.dateToUtcTime(options.signingTime))));
  }
  const encoded = attrs.map(der).sort(compareBytes);
  const total = encoded.reduce((n, e) => n + e.length, 0);
  const body = new Uint8Array(total);
  let p = 0;
  for (const e of encoded) {
    body.set(e, p);
    p += e.length;
  }
  return concatTlv(0x31, body);
}

function concatTlv(tag: number, body: Uint8Array): Uint8Array {
  const len = body.length;
  const lenBytes =
    len < 0x80 ? [len] : len < 0x100 ? [0x81, len] : len < 0x10000 ? [0x82, len >> 8, len & 0xff] : [0x83, len >> 16, (len >> 8) & 0xff, len & 0xff];
  const out = new Uint8Array(1 + lenBytes.length + len);
  out[0] = tag;
  out.set(lenBytes, 1);
  out.set(body, 1 + lenBytes.length);
  return out;
}

export type AssembleSignedDataOptions = {
  /** Output of buildSignedAttributes (SET OF, tag 0x31). */
  signedAttributesDer: Uint8Array;
  /** RSASSA-PKCS1-v1_5 signature over signedAttributesDer with SHA-256 (pitfall 25: no PSS). */
  signatureValue: Uint8Array;
  /** Signer certificate first, then intermediates (root optional). */
  certificateChainDer: Uint8Array[];
  /** DER Attributes for the SignerInfo's unsignedAttrs (e.g. the RFC 3161 signature-time-stamp token, PAdES B-T). */
  unsignedAttributesDer?: Uint8Array[];
};

/** ContentInfo(SignedData) DER, detached (no eContent). */
export function assembleSignedData(options: AssembleSignedDataOptions): Uint8Array {
  const [signerCert] = options.certificateChainDer;
  const { issuer, serial } = issuerAndSerial(signerCert);
  // Stored as [0] IMPLICIT: same bytes as the SET OF with the tag changed (RFC 5652 §5.4).
  const attrsImplicit = new Uint8Array(options.signedAttributesDer);
  attrsImplicit[0] = 0xa0;
  const sha256Alg = seq([oid(OID.sha256), nullValue()]);
  const signerInfo = seq([
    integer(1),
    seq([rawAsn1(issuer), rawAsn1(serial)]),
    sha256Alg,
    parseRaw(attrsImplicit),
    seq([oid(OID.rsaEncryption), nullValue()]),
    octets(options.signatureValue),
    ...(options.unsignedAttributesDer?.length
      ? [asn1.create(C.CONTEXT_SPECIFIC, 1, true, [...options.unsignedAttributesDer].sort(compareBytes).map(parseRaw))]
      : []),
  ]);
  const signedData = seq([
    integer(1),
    set([seq([oid(OID.sha256), nullValue()])]),
    seq([oid(OID.data)]),
    asn1.create(C.CONTEXT_SPECIFIC, 0, true, options.certificateChainDer.map(rawAsn1)),
    set([signerInfo]),
  ]);
  return der(seq([oid(OID.signedData), asn1.create(C.CONTEXT_SPECIFIC, 0, true, [signedData])]));
}
