// OCSP (RFC 6960) for PAdES B-LT: requests for the certificates that name a responder in their Authority
// Information Access extension, and reading/checking responses (the response's signature by the issuing CA or by
// a responder certificate the CA issued for OCSPSigning, RFC 6960 §4.2.2.2). Responses are kept byte for byte:
// they go into the DSS as received.
import { createHash, verify as nodeVerify, X509Certificate } from "node:crypto";
import forge from "node-forge";
import { children, content, decodeOid, readTlv, slice, type Tlv } from "../cms/der";
import { SigningError } from "../errors";

const asn1 = forge.asn1;
const T = forge.asn1.Type;
const C = forge.asn1.Class;

const OCSP_SIGNING_EKU = "1.3.6.1.5.5.7.3.9";
const BASIC_RESPONSE = "1.3.6.1.5.5.7.48.1.1";
const SHA1 = "1.3.14.3.2.26";

const SIG_HASH: Record<string, string> = {
  "1.2.840.113549.1.1.5": "sha1",
  "1.2.840.113549.1.1.11": "sha256",
  "1.2.840.113549.1.1.12": "sha384",
  "1.2.840.113549.1.1.13": "sha512",
  "1.2.840.10045.4.1": "sha1",
  "1.2.840.10045.4.3.2": "sha256",
  "1.2.840.10045.4.3.3": "sha384",
  "1.2.840.10045.4.3.4": "sha512",
};

export type RevocationStatus = "good" | "revoked" | "unknown";

export type OcspSingle = {
  issuerNameHash: Buffer;
  issuerKeyHash: Buffer;
  hashOid: string;
  serial: Buffer;
  status: RevocationStatus;
  revokedAt: Date | null;
  thisUpdate: Date | null;
};

export type OcspResponseInfo = {
  producedAt: Date | null;
  responses: OcspSingle[];
  /** DER of certificates carried in the response (a delegated responder). */
  certificates: Uint8Array[];
  tbs: Uint8Array;
  signatureOid: string;
  signature: Uint8Array;
};

/** OCSP URLs from the certificate's Authority Information Access extension. */
export function ocspUrls(cert: X509Certificate): string[] {
  return [...(cert.infoAccess ?? "").matchAll(/OCSP - URI:(\S+)/g)].map((m) => m[1]);
}

function tbsFields(certDer: Uint8Array): { der: Uint8Array; fields: Tlv[]; offset: number } {
  const tbs = children(certDer, readTlv(certDer, 0))[0];
  const fields = children(certDer, tbs);
  return { der: certDer, fields, offset: fields[0].tag === 0xa0 ? 1 : 0 };
}

function stripZeros(b: Uint8Array): Buffer {
  let i = 0;
  while (i < b.length - 1 && b[i] === 0) i++;
  return Buffer.from(b.subarray(i));
}

/** CertID parts (RFC 6960 §4.1.1) for `cert` issued by `issuer`, with the given hash (SHA-1 by default, as responders expect). */
export function certId(cert: X509Certificate, issuer: X509Certificate, hash = "sha1"): { issuerNameHash: Buffer; issuerKeyHash: Buffer; serial: Buffer } {
  const issuerDer = new Uint8Array(issuer.raw);
  const t = tbsFields(issuerDer);
  const subject = slice(issuerDer, t.fields[t.offset + 4]);
  const spki = children(issuerDer, t.fields[t.offset + 5]);
  const key = content(issuerDer, spki[1]).subarray(1); // BIT STRING without the unused-bits byte
  const certDer = new Uint8Array(cert.raw);
  const c = tbsFields(certDer);
  return {
    issuerNameHash: createHash(hash).update(subject).digest(),
    issuerKeyHash: createHash(hash).update(key).digest(),
    serial: stripZeros(content(certDer, c.fields[c.offset])),
  };
}

const toBinary = (b: Uint8Array) => Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString("latin1");

/** OCSPRequest DER for one certificate (no nonce: the response is archived and must stay verifiable as it is). */
export function buildOcspRequest(cert: X509Certificate, issuer: X509Certificate): Uint8Array {
  const id = certId(cert, issuer);
  const serial = id.serial[0] & 0x80 ? Buffer.concat([Buffer.from([0]), id.serial]) : id.serial;
  const certIdNode = asn1.create(C.UNIVERSAL, T.SEQUENCE, true, [
    asn1.create(C.UNIVERSAL, T.SEQUENCE, true, [
      asn1.create(C.UNIVERSAL, T.OID, false, asn1.oidToDer(SHA1).getBytes()),
      asn1.create(C.UNIVERSAL, T.NULL, false, ""),
    ]),
    asn1.create(C.UNIVERSAL, T.OCTETSTRING, false, toBinary(id.issuerNameHash)),
    asn1.create(C.UNIVERSAL, T.OCTETSTRING, false, toBinary(id.issuerKeyHash)),
    asn1.create(C.UNIVERSAL, T.INTEGER, false, toBinary(serial)),
  ]);
  const request = asn1.create(C.UNIVERSAL, T.SEQUENCE, true, [
    asn1.create(C.UNIVERSAL, T.SEQUENCE, true, [asn1.create(C.UNIVERSAL, T.SEQUENCE, true, [asn1.create(C.UNIVERSAL, T.SEQUENCE, true, [certIdNode])])]),
  ]);
  return new Uint8Array(Buffer.from(asn1.toDer(request).getBytes(), "latin1"));
}

function generalizedTime(bytes: Uint8Array): Date | null {
  const m = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})/.exec(Buffer.from(bytes).toString("latin1"));
  return m ? new Date(Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6])) : null;
}

/** Reads an OCSPResponse; throws when it is not a successful basic response. */
export function parseOcspResponse(bytes: Uint8Array): OcspResponseInfo {
  const top = children(bytes, readTlv(bytes, 0));
  const status = content(bytes, top[0])[0];
  if (status !== 0) throw new Error(`OCSP responseStatus ${status}`);
  const rb = children(bytes, children(bytes, top[1])[0]);
  if (decodeOid(content(bytes, rb[0])) !== BASIC_RESPONSE) throw new Error("OCSP response is not id-pkix-ocsp-basic");
  const basic = content(bytes, rb[1]);
  const parts = children(basic, readTlv(basic, 0));
  const [tbsTlv, algTlv, sigTlv, certsTlv] = parts;
  const data = children(basic, tbsTlv);
  let i = data[0].tag === 0xa0 ? 1 : 0;
  i++; // responderID
  const producedAt = generalizedTime(content(basic, data[i++]));
  const responses: OcspSingle[] = children(basic, data[i]).map((sr) => {
    const [idTlv, statusTlv, thisTlv] = children(basic, sr);
    const [alg, nameHash, keyHash, serial] = children(basic, idTlv);
    const st: RevocationStatus = statusTlv.tag === 0x80 ? "good" : statusTlv.tag === 0xa1 ? "revoked" : "unknown";
    const revokedAt = st === "revoked" ? generalizedTime(content(basic, children(basic, statusTlv)[0])) : null;
    return {
      hashOid: decodeOid(content(basic, children(basic, alg)[0])),
      issuerNameHash: Buffer.from(content(basic, nameHash)),
      issuerKeyHash: Buffer.from(content(basic, keyHash)),
      serial: stripZeros(content(basic, serial)),
      status: st,
      revokedAt,
      thisUpdate: generalizedTime(content(basic, thisTlv)),
    };
  });
  const certificates = certsTlv?.tag === 0xa0 ? children(basic, children(basic, certsTlv)[0]).map((c) => new Uint8Array(slice(basic, c))) : [];
  return {
    producedAt,
    responses,
    certificates,
    tbs: slice(basic, tbsTlv),
    signatureOid: decodeOid(content(basic, children(basic, algTlv)[0])),
    signature: content(basic, sigTlv).subarray(1),
  };
}

const HASH_NAME: Record<string, string> = {
  [SHA1]: "sha1",
  "2.16.840.1.101.3.4.2.1": "sha256",
  "2.16.840.1.101.3.4.2.2": "sha384",
  "2.16.840.1.101.3.4.2.3": "sha512",
};

/**
 * Status of `cert` according to a response, when the response is signed by `issuer` or by a responder certificate
 * `issuer` issued with extendedKeyUsage OCSPSigning (RFC 6960 §4.2.2.2); null when the response does not speak
 * for this certificate or its signature does not check out.
 */
export function statusFromResponse(info: OcspResponseInfo, cert: X509Certificate, issuer: X509Certificate): OcspSingle | null {
  const single = info.responses.find((r) => {
    const hash = HASH_NAME[r.hashOid];
    if (!hash) return false;
    const id = certId(cert, issuer, hash);
    return id.serial.equals(r.serial) && id.issuerNameHash.equals(r.issuerNameHash) && id.issuerKeyHash.equals(r.issuerKeyHash);
  });
  if (!single) return null;
  const hash = SIG_HASH[info.signatureOid];
  if (!hash) return null;
  const signers = [issuer];
  for (const der of info.certificates) {
    try {
      const c = new X509Certificate(der);
      if (c.checkIssued(issuer) && c.verify(issuer.publicKey) && (c.keyUsage ?? []).includes(OCSP_SIGNING_EKU)) signers.push(c);
    } catch {
      // an unreadable extra certificate cannot sign
    }
  }
  const ok = signers.some((s) => {
    try {
      return nodeVerify(hash, info.tbs, s.publicKey, info.signature);
    } catch {
      return false;
    }
  });
  return ok ? single : null;
}

/** POSTs an OCSP request (RFC 6960 Appendix A.1) and returns the checked response bytes and the certificate's status. */
export async function fetchOcsp(
  cert: X509Certificate,
  issuer: X509Certificate,
  options: { url: string; timeoutMs?: number },
): Promise<{ response: Uint8Array; status: OcspSingle }> {
  const fail = (detail: string, cause?: unknown): never => {
    throw new SigningError("REVOCATION_FAILED", `Không lấy được thông tin thu hồi chứng thư số từ ${options.url}: ${detail}`, { cause });
  };
  let res: Response;
  try {
    res = await fetch(options.url, {
      method: "POST",
      headers: { "Content-Type": "application/ocsp-request", Accept: "application/ocsp-response" },
      body: Buffer.from(buildOcspRequest(cert, issuer)),
      signal: AbortSignal.timeout(options.timeoutMs ?? 15_000),
    });
  } catch (error) {
    const cause = error instanceof Error ? ((error.cause as Error | undefined)?.message ?? error.message) : String(error);
    return fail(`không kết nối được (${cause})`, error);
  }
  if (!res.ok) return fail(`máy chủ OCSP trả lỗi HTTP ${res.status}`);
  const response = new Uint8Array(await res.arrayBuffer());
  let info: OcspResponseInfo;
  try {
    info = parseOcspResponse(response);
  } catch (error) {
    return fail(`phản hồi OCSP không hợp lệ (${error instanceof Error ? error.message : String(error)})`, error);
  }
  const status = statusFromResponse(info, cert, issuer);
  if (!status) return fail("phản hồi OCSP không được ký bởi đơn vị cấp chứng thư hoặc không nói về chứng thư này");
  return { response, status };
}
