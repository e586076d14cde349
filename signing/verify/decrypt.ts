// Standard security handler (ISO 32000-2 §7.6.4), read side only, with the empty user password: enough to read the
// signature dictionaries and field names of an encrypted PDF that opens without a password. /Contents of a signature
// dictionary is never encrypted (ISO 32000-2 §7.6.2) and /ByteRange is an array of numbers, so the signed bytes
// themselves need no decryption. Public-key handlers and files that need a password are reported, not guessed.
import { createCipheriv, createDecipheriv, createHash } from "node:crypto";
import { PDFArray, PDFDict, PDFHexString, PDFName, PDFNumber, type PDFObject, PDFRawStream, PDFString } from "pdf-lib";

const PADDING = Buffer.from("28bf4e5e4e758a4164004e56fffa01082e2e00b6d0683e802f0ca9fe6453697a", "hex");

export class EncryptionError extends Error {}

type Method = "none" | "rc4" | "aesv2" | "aesv3";

export type Decryptor = {
  object(num: number, gen: number, obj: PDFObject): PDFObject;
  stream(num: number, gen: number, stream: PDFRawStream): PDFRawStream;
};

function bytesOf(o: PDFObject | undefined): Buffer {
  if (o instanceof PDFString || o instanceof PDFHexString) return Buffer.from(o.asBytes());
  return Buffer.alloc(0);
}

function num(o: PDFObject | undefined, dflt: number): number {
  return o instanceof PDFNumber ? o.asNumber() : dflt;
}

function rc4(key: Buffer, data: Buffer): Buffer {
  const s = new Uint8Array(256).map((_, i) => i);
  for (let i = 0, j = 0; i < 256; i++) {
    j = (j + s[i] + key[i % key.length]) & 0xff;
    [s[i], s[j]] = [s[j], s[i]];
  }
  const out = Buffer.alloc(data.length);
  for (let k = 0, i = 0, j = 0; k < data.length; k++) {
    i = (i + 1) & 0xff;
    j = (j + s[i]) & 0xff;
    [s[i], s[j]] = [s[j], s[i]];
    out[k] = data[k] ^ s[(s[i] + s[j]) & 0xff];
  }
  return out;
}

function aesCbcDecrypt(key: Buffer, data: Buffer): Buffer {
  if (data.length < 32 || data.length % 16) return Buffer.alloc(0);
  const d = createDecipheriv(key.length === 32 ? "aes-256-cbc" : "aes-128-cbc", key, data.subarray(0, 16));
  try {
    return Buffer.concat([d.update(data.subarray(16)), d.final()]);
  } catch {
    // Bad padding: keep what decrypted rather than lose the whole string.
    const raw = createDecipheriv(key.length === 32 ? "aes-256-cbc" : "aes-128-cbc", key, data.subarray(0, 16)).setAutoPadding(false);
    return Buffer.concat([raw.update(data.subarray(16)), raw.final()]);
  }
}

/** ISO 32000-2 Algorithm 2.B (R6) or plain SHA-256 (R5). */
function hash2B(password: Buffer, salt: Buffer, udata: Buffer, revision: number): Buffer {
  let k = createHash("sha256").update(password).update(salt).update(udata).digest();
  if (revision < 6) return k;
  for (let round = 0; ; round++) {
    const k1 = Buffer.concat(Array(64).fill(Buffer.concat([password, k, udata])));
    const c = createCipheriv("aes-128-cbc", k.subarray(0, 16), k.subarray(16, 32)).setAutoPadding(false);
    const e = Buffer.concat([c.update(k1), c.final()]);
    let sum = 0;
    for (let i = 0; i < 16; i++) sum += e[i];
    k = createHash(["sha256", "sha384", "sha512"][sum % 3])
      .update(e)
      .digest();
    if (round >= 63 && e[e.length - 1] <= round + 1 - 32) break;
  }
  return k.subarray(0, 32);
}

function cryptMethod(encrypt: PDFDict, key: "StmF" | "StrF", resolve: (o: PDFObject | undefined) => PDFObject | undefined): Method {
  const v = num(resolve(encrypt.get(PDFName.of("V"))), 0);
  if (v < 4) return "rc4";
  const name = encrypt.get(PDFName.of(key));
  const filterName = name instanceof PDFName ? name.decodeText() : "Identity";
  if (filterName === "Identity") return "none";
  const cf = resolve(encrypt.get(PDFName.of("CF")));
  const filter = cf instanceof PDFDict ? resolve(cf.get(PDFName.of(filterName))) : undefined;
  const cfm = filter instanceof PDFDict ? filter.get(PDFName.of("CFM")) : undefined;
  const m = cfm instanceof PDFName ? cfm.decodeText() : "None";
  return m === "AESV2" ? "aesv2" : m === "AESV3" ? "aesv3" : m === "V2" ? "rc4" : "none";
}

/**
 * Builds the decryptor for the empty user password, or throws EncryptionError with a Vietnamese message when the
 * file needs a password or a certificate to open.
 */
export function standardDecryptor(encrypt: PDFDict, id0: Buffer, resolve: (o: PDFObject | undefined) => PDFObject | undefined): Decryptor {
  const filter = encrypt.get(PDFName.of("Filter"));
  if (!(filter instanceof PDFName) || filter.decodeText() !== "Standard")
    throw new EncryptionError("Tệp PDF được mã hóa bằng chứng thư số của người nhận; không đọc được chữ ký");
  const r = num(resolve(encrypt.get(PDFName.of("R"))), 2);
  const o = bytesOf(resolve(encrypt.get(PDFName.of("O"))));
  const u = bytesOf(resolve(encrypt.get(PDFName.of("U"))));
  const p = num(resolve(encrypt.get(PDFName.of("P"))), 0);
  const needPassword = new EncryptionError("Tệp PDF cần mật khẩu để mở; không đọc được chữ ký");
  let fileKey: Buffer;
  if (r >= 5) {
    const empty = Buffer.alloc(0);
    if (!hash2B(empty, u.subarray(32, 40), empty, r).equals(u.subarray(0, 32))) throw needPassword;
    const ue = bytesOf(resolve(encrypt.get(PDFName.of("UE"))));
    const d = createDecipheriv("aes-256-cbc", hash2B(empty, u.subarray(40, 48), empty, r), Buffer.alloc(16)).setAutoPadding(false);
    fileKey = Buffer.concat([d.update(ue.subarray(0, 32)), d.final()]);
  } else {
    const length = r === 2 ? 5 : num(resolve(encrypt.get(PDFName.of("Length"))), 40) / 8;
    const pb = Buffer.alloc(4);
    pb.writeInt32LE(p | 0);
    const md = createHash("md5").update(PADDING).update(o.subarray(0, 32)).update(pb).update(id0);
    const encryptMetadata = encrypt.get(PDFName.of("EncryptMetadata"));
    if (r >= 4 && encryptMetadata !== undefined && encryptMetadata.toString() === "false") md.update(Buffer.from([0xff, 0xff, 0xff, 0xff]));
    let key = md.digest().subarray(0, length);
    if (r >= 3) for (let i = 0; i < 50; i++) key = createHash("md5").update(key).digest().subarray(0, length);
    fileKey = key;
    // Algorithm 4/5: check that the empty password is the user password.
    let check: Buffer;
    if (r === 2) check = rc4(key, PADDING);
    else {
      check = rc4(key, createHash("md5").update(PADDING).update(id0).digest());
      for (let i = 1; i <= 19; i++) check = rc4(Buffer.from(key.map((b) => b ^ i)), check);
    }
    if (!check.subarray(0, r === 2 ? 32 : 16).equals(u.subarray(0, r === 2 ? 32 : 16))) throw needPassword;
  }
  const stmMethod = cryptMethod(encrypt, "StmF", resolve);
  const strMethod = cryptMethod(encrypt, "StrF", resolve);
  const objectKey = (n: number, g: number, method: Method): Buffer => {
    if (method === "aesv3") return fileKey;
    const extra = Buffer.from([n & 0xff, (n >> 8) & 0xff, (n >> 16) & 0xff, g & 0xff, (g >> 8) & 0xff]);
    const h = createHash("md5").update(fileKey).update(extra);
    if (method === "aesv2") h.update("sAlT");
    return h.digest().subarray(0, Math.min(fileKey.length + 5, 16));
  };
  const run = (n: number, g: number, method: Method, data: Buffer): Buffer => {
    if (method === "none") return data;
    const key = objectKey(n, g, method);
    return method === "rc4" ? rc4(key, data) : aesCbcDecrypt(key, data);
  };
  const walk = (n: number, g: number, value: PDFObject, depth: number): PDFObject => {
    if (depth > 32) return value;
    if (value instanceof PDFString || value instanceof PDFHexString) return PDFHexString.of(run(n, g, strMethod, Buffer.from(value.asBytes())).toString("hex"));
    if (value instanceof PDFArray) {
      for (let i = 0; i < value.size(); i++) value.set(i, walk(n, g, value.get(i), depth + 1));
      return value;
    }
    const dict = value instanceof PDFRawStream ? value.dict : value instanceof PDFDict ? value : undefined;
    if (dict) {
      // The signature value is written after encryption and is never encrypted (ISO 32000-2 §7.6.2).
      const isSignature = dict.has(PDFName.of("ByteRange"));
      for (const [k, v] of dict.entries()) {
        if (isSignature && k === PDFName.of("Contents")) continue;
        dict.set(k, walk(n, g, v, depth + 1));
      }
    }
    return value;
  };
  return {
    object: (n, g, obj) => {
      // Cross-reference streams are not encrypted (ISO 32000-2 §7.6.2).
      if (obj instanceof PDFRawStream && obj.dict.get(PDFName.of("Type")) === PDFName.of("XRef")) return obj;
      return walk(n, g, obj, 0);
    },
    stream: (n, g, stream) => PDFRawStream.of(stream.dict, run(n, g, stmMethod, Buffer.from(stream.contents))),
  };
}
