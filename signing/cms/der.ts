// Minimal BER/DER TLV walker. We read raw element bytes ourselves instead of round-tripping through
// forge objects: forge re-encodes parsed UTF-8 names twice (feasibility.md pitfall 19) and NSS emits
// indefinite-length BER (signing.md pitfall 18), so verification must hash the attribute bytes as received.
export type Tlv = {
  tag: number;
  constructed: boolean;
  /** Offset of the tag byte. */
  start: number;
  /** Offset of the first content byte. */
  contentStart: number;
  /** Offset just after the content (before end-of-contents octets for indefinite length). */
  contentEnd: number;
  /** Offset just after the whole element. */
  end: number;
};

export function readTlv(b: Uint8Array, start: number): Tlv {
  if (start >= b.length) throw new Error("DER: read past end");
  let p = start;
  const tag = b[p++];
  if ((tag & 0x1f) === 0x1f) while (b[p++] & 0x80);
  const constructed = (tag & 0x20) !== 0;
  let len = b[p++];
  if (len === 0x80) {
    const contentStart = p;
    let q = p;
    while (!(b[q] === 0 && b[q + 1] === 0)) {
      if (q >= b.length) throw new Error("DER: unterminated indefinite length");
      q = readTlv(b, q).end;
    }
    return { tag, constructed, start, contentStart, contentEnd: q, end: q + 2 };
  }
  if (len & 0x80) {
    const n = len & 0x7f;
    if (n > 4) throw new Error("DER: length too long");
    len = 0;
    for (let i = 0; i < n; i++) len = len * 256 + b[p++];
  }
  if (p + len > b.length) throw new Error("DER: element longer than buffer");
  return { tag, constructed, start, contentStart: p, contentEnd: p + len, end: p + len };
}

/** Children of a constructed element. */
export function children(b: Uint8Array, tlv: Tlv): Tlv[] {
  const out: Tlv[] = [];
  let p = tlv.contentStart;
  while (p < tlv.contentEnd) {
    const c = readTlv(b, p);
    out.push(c);
    p = c.end;
  }
  return out;
}

export function slice(b: Uint8Array, tlv: Tlv): Uint8Array {
  return b.subarray(tlv.start, tlv.end);
}

export function content(b: Uint8Array, tlv: Tlv): Uint8Array {
  return b.subarray(tlv.contentStart, tlv.contentEnd);
}

/** Decodes an OBJECT IDENTIFIER's content to dotted form. */
export function decodeOid(bytes: Uint8Array): string {
  const parts: number[] = [];
  let v = 0;
  for (const byte of bytes) {
    v = v * 128 + (byte & 0x7f);
    if (!(byte & 0x80)) {
      if (parts.length === 0) parts.push(v < 80 ? Math.floor(v / 40) : 2, v < 80 ? v % 40 : v - 80);
      else parts.push(v);
      v = 0;
    }
  }
  return parts.join(".");
}

/** The tbsCertificate fields we need for issuerAndSerialNumber / ESS IssuerSerial, as raw DER. */
export function certificateIssuerAndSerial(certDer: Uint8Array): { issuer: Uint8Array; serial: Uint8Array } {
  const cert = readTlv(certDer, 0);
  const tbs = children(certDer, cert)[0];
  const fields = children(certDer, tbs);
  const offset = fields[0].tag === 0xa0 ? 1 : 0; // [0] EXPLICIT version
  return { serial: slice(certDer, fields[offset]), issuer: slice(certDer, fields[offset + 2]) };
}

export function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return a[i] - b[i];
  return a.length - b.length;
}
