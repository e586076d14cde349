// RFC 3161 time-stamp client for PAdES B-T (ETSI EN 319 142-1 §5.4): the signature-time-stamp token covers the
// SignerInfo's signature value (RFC 3161 Appendix A / ETSI TS 119 122-1 §5.3) and goes into the unsigned attributes,
// so the bytes the signer signed never change. Requests are built with forge.asn1; responses are read with the
// project's BER-aware walker (the token must be embedded byte for byte as the TSA signed it).
import { createHash, randomBytes } from "node:crypto";
import forge from "node-forge";
import { children, content, readTlv, slice } from "../cms/der";
import { SigningError } from "../errors";
import { parseSignedData, parseTstInfo } from "../verify/cms";

const asn1 = forge.asn1;
const T = forge.asn1.Type;
const C = forge.asn1.Class;

export const TIMESTAMP_OID = {
  signatureTimeStampToken: "1.2.840.113549.1.9.16.2.14",
  tstInfo: "1.2.840.113549.1.9.16.1.4",
  sha256: "2.16.840.1.101.3.4.2.1",
} as const;

export type TimestampOptions = {
  /** http(s) URL of the TSA (application/timestamp-query over POST, RFC 3161 §3.4). */
  url: string;
  username?: string;
  password?: string;
  /** Policy OID to ask for (optional). */
  policy?: string;
  /** Default 15 s: a TSA that does not answer must not hold a signing request forever. */
  timeoutMs?: number;
};

export type TimestampToken = {
  /** ContentInfo(SignedData) DER of the token, exactly as the TSA returned it. */
  token: Uint8Array;
  genTime: Date;
  serialHex: string;
};

const toBinary = (b: Uint8Array) => Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString("latin1");

/** TimeStampReq DER (RFC 3161 §2.4.1) with SHA-256 imprint, a 64-bit nonce and certReq TRUE. */
export function buildTimeStampRequest(digest: Uint8Array, nonce: Uint8Array, policy?: string): Uint8Array {
  const items: forge.asn1.Asn1[] = [
    asn1.create(C.UNIVERSAL, T.INTEGER, false, asn1.integerToDer(1).getBytes()),
    asn1.create(C.UNIVERSAL, T.SEQUENCE, true, [
      asn1.create(C.UNIVERSAL, T.SEQUENCE, true, [
        asn1.create(C.UNIVERSAL, T.OID, false, asn1.oidToDer(TIMESTAMP_OID.sha256).getBytes()),
        asn1.create(C.UNIVERSAL, T.NULL, false, ""),
      ]),
      asn1.create(C.UNIVERSAL, T.OCTETSTRING, false, toBinary(digest)),
    ]),
  ];
  if (policy) items.push(asn1.create(C.UNIVERSAL, T.OID, false, asn1.oidToDer(policy).getBytes()));
  items.push(asn1.create(C.UNIVERSAL, T.INTEGER, false, toBinary(nonce)));
  // certReq: the TSA's certificate goes into the token, so a verifier needs nothing else to check it.
  items.push(asn1.create(C.UNIVERSAL, T.BOOLEAN, false, "\xff"));
  return new Uint8Array(Buffer.from(asn1.toDer(asn1.create(C.UNIVERSAL, T.SEQUENCE, true, items)).getBytes(), "latin1"));
}

/** Positive 64-bit nonce (first byte < 0x80 and non-zero, so the INTEGER is minimal and positive). */
export function newNonce(): Uint8Array {
  const n = randomBytes(8);
  n[0] = (n[0] & 0x7f) | 0x01;
  return new Uint8Array(n);
}

const FAIL_INFO: Record<number, string> = {
  0: "badAlg",
  2: "badRequest",
  5: "badDataFormat",
  14: "timeNotAvailable",
  15: "unacceptedPolicy",
  16: "unacceptedExtension",
  17: "addInfoNotAvailable",
  25: "systemFailure",
};

function fail(detail: string, cause?: unknown): never {
  throw new SigningError("TIMESTAMP_FAILED", `Không lấy được dấu thời gian từ máy chủ cấp dấu thời gian (TSA): ${detail}`, { cause });
}

function stripLeadingZeros(b: Uint8Array): Uint8Array {
  let i = 0;
  while (i < b.length - 1 && b[i] === 0) i++;
  return b.subarray(i);
}

/** The nonce field of a TSTInfo, if present (the INTEGER after genTime; accuracy and ordering come first). */
function tstNonce(tst: Uint8Array): Uint8Array | null {
  const parts = children(tst, readTlv(tst, 0));
  for (const p of parts.slice(5)) if (p.tag === 0x02) return content(tst, p);
  return null;
}

/**
 * Reads a TimeStampResp (RFC 3161 §2.4.2) and checks it answers this request: status granted, the token's imprint
 * is SHA-256 of `digest`, and the nonce is ours (RFC 3161 §2.4.2: a missing or different nonce is a replay).
 */
export function parseTimeStampResponse(resp: Uint8Array, digest: Uint8Array, nonce: Uint8Array): TimestampToken {
  let token: Uint8Array;
  try {
    const top = readTlv(resp, 0);
    const [statusInfo, tokenTlv] = children(resp, top);
    const statusParts = children(resp, statusInfo);
    const status = Number.parseInt(Buffer.from(content(resp, statusParts[0])).toString("hex") || "0", 16);
    if (status !== 0 && status !== 1) {
      const text = statusParts.find((p) => p.tag === 0x30);
      const words = text
        ? children(resp, text)
            .map((s) => Buffer.from(content(resp, s)).toString("utf8"))
            .join("; ")
        : "";
      const bits = statusParts.find((p) => p.tag === 0x03);
      let reason = "";
      if (bits) {
        const b = content(resp, bits).subarray(1);
        for (let i = 0; i < b.length * 8; i++) if (b[i >> 3] & (0x80 >> (i & 7))) reason = FAIL_INFO[i] ?? `failInfo ${i}`;
      }
      fail(`máy chủ từ chối yêu cầu (trạng thái ${status}${reason ? `, ${reason}` : ""}${words ? `: ${words}` : ""})`);
    }
    if (!tokenTlv) fail("phản hồi không có dấu thời gian");
    token = new Uint8Array(slice(resp, tokenTlv));
  } catch (error) {
    if (error instanceof SigningError) throw error;
    fail("phản hồi không đúng định dạng RFC 3161", error);
  }
  let sd: ReturnType<typeof parseSignedData>;
  try {
    sd = parseSignedData(token);
  } catch (error) {
    fail("dấu thời gian không đọc được", error);
  }
  if (sd.eContentType !== TIMESTAMP_OID.tstInfo || !sd.eContent) fail("dấu thời gian không chứa TSTInfo");
  const tst = parseTstInfo(sd.eContent);
  if (tst.hashOid !== TIMESTAMP_OID.sha256 || Buffer.compare(Buffer.from(tst.hashedMessage), Buffer.from(digest)) !== 0)
    fail("dấu thời gian không khớp với chữ ký (message imprint)");
  const got = tstNonce(sd.eContent);
  if (!got || Buffer.compare(Buffer.from(stripLeadingZeros(got)), Buffer.from(stripLeadingZeros(nonce))) !== 0)
    fail("nonce trong phản hồi không khớp với yêu cầu");
  if (!tst.genTime) fail("dấu thời gian không có thời điểm (genTime)");
  const parts = children(sd.eContent, readTlv(sd.eContent, 0));
  return { token, genTime: tst.genTime, serialHex: Buffer.from(content(sd.eContent, parts[3])).toString("hex") };
}

/** POSTs a request for `digest` (SHA-256) to the TSA and returns the checked token. */
export async function requestTimestamp(digest: Uint8Array, options: TimestampOptions): Promise<TimestampToken> {
  const nonce = newNonce();
  const body = buildTimeStampRequest(digest, nonce, options.policy);
  const headers: Record<string, string> = { "Content-Type": "application/timestamp-query", Accept: "application/timestamp-reply" };
  if (options.username !== undefined) headers.Authorization = `Basic ${Buffer.from(`${options.username}:${options.password ?? ""}`).toString("base64")}`;
  let response: Response;
  try {
    response = await fetch(options.url, { method: "POST", headers, body: Buffer.from(body), signal: AbortSignal.timeout(options.timeoutMs ?? 15_000) });
  } catch (error) {
    const cause = error instanceof Error ? ((error.cause as Error | undefined)?.message ?? error.message) : String(error);
    fail(`không kết nối được ${options.url} (${cause})`, error);
  }
  if (response.status === 401 || response.status === 403) fail(`máy chủ từ chối tài khoản truy cập (HTTP ${response.status})`);
  if (!response.ok) fail(`máy chủ trả lỗi HTTP ${response.status}`);
  const bytes = new Uint8Array(await response.arrayBuffer());
  if (!bytes.length) fail("phản hồi rỗng");
  return parseTimeStampResponse(bytes, digest, nonce);
}

/** The signature-time-stamp token for a SignerInfo's signature value (ETSI TS 119 122-1 §5.3). */
export async function timestampSignatureValue(signatureValue: Uint8Array, options: TimestampOptions): Promise<TimestampToken> {
  return requestTimestamp(new Uint8Array(createHash("sha256").update(signatureValue).digest()), options);
}

/** Attribute { id-aa-signatureTimeStampToken, SET { token } } as DER, for the SignerInfo's unsignedAttrs. */
export function signatureTimestampAttribute(token: Uint8Array): Uint8Array {
  const oidDer = Buffer.from(asn1.oidToDer(TIMESTAMP_OID.signatureTimeStampToken).getBytes(), "latin1");
  const tlv = (tag: number, body: Uint8Array) => {
    const len = body.length;
    const lenBytes =
      len < 0x80 ? [len] : len < 0x100 ? [0x81, len] : len < 0x10000 ? [0x82, len >> 8, len & 0xff] : [0x83, len >> 16, (len >> 8) & 0xff, len & 0xff];
    return Buffer.concat([Buffer.from([tag, ...lenBytes]), body]);
  };
  return new Uint8Array(tlv(0x30, Buffer.concat([tlv(0x06, oidDer), tlv(0x31, token)])));
}
