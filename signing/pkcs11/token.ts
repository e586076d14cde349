// PKCS#11 tokens (USB tokens of the Government CA / commercial CAs, HSMs, SoftHSM2 in tests) through pkcs11js.
// The private key never leaves the token: we hand it the data (or DigestInfo) and get the signature back.
// The PIN is only passed to C_Login; it is never stored, logged, put in an error message or returned.
//
// Concurrency: PKCS#11 login state belongs to the token for the whole process (PKCS#11 v2.40 §5.6: "all sessions
// an application has with a token share the same login state"). Two overlapping operations on one token would let
// the second skip the PIN check (CKR_USER_ALREADY_LOGGED_IN), so every operation holds a per-token lock from
// open to close, and the module stays initialised only while someone uses it (reference count).
import { createHash, X509Certificate } from "node:crypto";
import pkcs11js from "pkcs11js";
import { SigningError } from "../errors";
import type { Signer } from "../keystore/pkcs12";

export type Pkcs11Location = {
  /** Path of the vendor's PKCS#11 module (.so/.dll/.dylib), e.g. /usr/lib/softhsm/libsofthsm2.so. */
  modulePath: string;
  /** Token label (CKA token info label, trailing blanks ignored). Default: the first slot with a token. */
  tokenLabel?: string;
  /** Private key label (CKA_LABEL). */
  keyLabel?: string;
  /** Private key id (CKA_ID) in hex; the certificate is the one with the same CKA_ID. */
  keyId?: string;
};

export type Pkcs11SignerOptions = Pkcs11Location & {
  pin: string;
  /** Extra CA certificates (DER) to complete the chain when the token only holds the signer's certificate. */
  extraCertificatesDer?: Uint8Array[];
};

export type Pkcs11Signer = Signer & {
  /** Same as `sign`, synchronous (XML-DSig callers). */
  signSync: (data: Uint8Array) => Uint8Array;
  /** Signs a SHA-256 digest computed elsewhere (two-phase signing): RSA PKCS#1 v1.5 over its DigestInfo, or ECDSA (DER). */
  signDigestSync: (digest: Uint8Array) => Uint8Array;
  /** Logs out, closes the session and releases the token. Idempotent. */
  close: () => void;
  keyType: "rsa" | "ec";
  /** Mechanism used: CKM_SHA256_RSA_PKCS, or CKM_RSA_PKCS over a DigestInfo when the token lacks the former. */
  mechanism: "CKM_SHA256_RSA_PKCS" | "CKM_RSA_PKCS" | "CKM_ECDSA";
};

type LoadedModule = { lib: pkcs11js.PKCS11; refs: number; finalize: boolean };
const modules = new Map<string, LoadedModule>();
const locks = new Map<string, Promise<void>>();

function acquireModule(path: string): pkcs11js.PKCS11 {
  const hit = modules.get(path);
  if (hit) {
    hit.refs++;
    return hit.lib;
  }
  const lib = new pkcs11js.PKCS11();
  try {
    lib.load(path);
  } catch (error) {
    throw new SigningError("PKCS11_MODULE", undefined, { cause: error });
  }
  let finalize = true;
  try {
    lib.C_Initialize();
  } catch (error) {
    // Someone else in this process (another binding) initialised it: use it, do not finalise it.
    if (codeOf(error) !== pkcs11js.CKR_CRYPTOKI_ALREADY_INITIALIZED) {
      safe(() => lib.close());
      throw new SigningError("PKCS11_MODULE", undefined, { cause: error });
    }
    finalize = false;
  }
  modules.set(path, { lib, refs: 1, finalize });
  return lib;
}

function releaseModule(path: string) {
  const hit = modules.get(path);
  if (!hit) return;
  if (--hit.refs > 0) return;
  modules.delete(path);
  if (hit.finalize) safe(() => hit.lib.C_Finalize());
  safe(() => hit.lib.close());
}

function safe(fn: () => void) {
  try {
    fn();
  } catch {
    // cleanup must not hide the original error
  }
}

const codeOf = (error: unknown): number | undefined =>
  error && typeof error === "object" && "code" in error && typeof (error as { code: unknown }).code === "number" ? (error as { code: number }).code : undefined;

/** Maps a Cryptoki error to our codes. The PIN is never part of the message. */
function mapError(error: unknown, during: "login" | "sign" | "find"): SigningError {
  if (error instanceof SigningError) return error;
  const code = codeOf(error);
  if (code === pkcs11js.CKR_PIN_INCORRECT || code === pkcs11js.CKR_PIN_LEN_RANGE || code === pkcs11js.CKR_PIN_INVALID)
    return new SigningError("PKCS11_PIN_INCORRECT", undefined, { cause: error });
  if (code === pkcs11js.CKR_PIN_LOCKED) return new SigningError("PKCS11_PIN_LOCKED", undefined, { cause: error });
  if (code === pkcs11js.CKR_PIN_EXPIRED) return new SigningError("PKCS11_PIN_EXPIRED", undefined, { cause: error });
  if (code === pkcs11js.CKR_TOKEN_NOT_PRESENT || code === pkcs11js.CKR_DEVICE_REMOVED || code === pkcs11js.CKR_SESSION_HANDLE_INVALID) {
    return new SigningError("PKCS11_TOKEN_NOT_FOUND", undefined, { cause: error });
  }
  return new SigningError("PKCS11_FAILED", during === "login" ? undefined : undefined, { cause: error });
}

const trimLabel = (s: string) => s.replace(/[\s\0]+$/, "");

function findSlot(lib: pkcs11js.PKCS11, tokenLabel: string | undefined): Buffer {
  const slots = lib.C_GetSlotList(true);
  for (const slot of slots) {
    const info = lib.C_GetTokenInfo(slot);
    if (!(info.flags & pkcs11js.CKF_TOKEN_INITIALIZED)) continue;
    if (tokenLabel === undefined || trimLabel(info.label) === tokenLabel) return slot;
  }
  throw new SigningError("PKCS11_TOKEN_NOT_FOUND");
}

function findObjects(lib: pkcs11js.PKCS11, session: Buffer, template: pkcs11js.Template): Buffer[] {
  lib.C_FindObjectsInit(session, template);
  try {
    const out: Buffer[] = [];
    for (;;) {
      const batch = lib.C_FindObjects(session, 32);
      if (!batch.length) break;
      out.push(...batch);
    }
    return out;
  } finally {
    lib.C_FindObjectsFinal(session);
  }
}

function keyTemplate(location: Pkcs11Location, cls: number): pkcs11js.Template {
  const t: pkcs11js.Template = [{ type: pkcs11js.CKA_CLASS, value: cls }];
  if (location.keyId) t.push({ type: pkcs11js.CKA_ID, value: Buffer.from(location.keyId, "hex") });
  else if (location.keyLabel) t.push({ type: pkcs11js.CKA_LABEL, value: location.keyLabel });
  return t;
}

function attr(lib: pkcs11js.PKCS11, session: Buffer, object: Buffer, type: number): Buffer | undefined {
  try {
    const [a] = lib.C_GetAttributeValue(session, object, [{ type }]);
    return Buffer.isBuffer(a.value) ? a.value : undefined;
  } catch {
    return undefined;
  }
}

type CertObject = { der: Uint8Array; id?: Buffer; label?: string; x509: X509Certificate };

function readCertificates(lib: pkcs11js.PKCS11, session: Buffer): CertObject[] {
  const out: CertObject[] = [];
  for (const h of findObjects(lib, session, [{ type: pkcs11js.CKA_CLASS, value: pkcs11js.CKO_CERTIFICATE }])) {
    const value = attr(lib, session, h, pkcs11js.CKA_VALUE);
    if (!value?.length) continue;
    try {
      const x509 = new X509Certificate(value);
      out.push({
        der: new Uint8Array(value),
        id: attr(lib, session, h, pkcs11js.CKA_ID),
        label: attr(lib, session, h, pkcs11js.CKA_LABEL)?.toString("utf8"),
        x509,
      });
    } catch {
      // a non-X.509 certificate object: ignore
    }
  }
  return out;
}

/** Signer certificate: same CKA_ID as the key, else same label; then issuers from the token and `extra`. */
function chainFor(certs: CertObject[], keyId: Buffer | undefined, keyLabel: string | undefined, extra: Uint8Array[]): Uint8Array[] {
  const leaf = (keyId?.length ? certs.find((c) => c.id?.equals(keyId)) : undefined) ?? (keyLabel ? certs.find((c) => c.label === keyLabel) : undefined);
  if (!leaf) throw new SigningError("PKCS11_CERT_NOT_FOUND");
  const pool = [...certs.map((c) => c.x509), ...extra.map((d) => new X509Certificate(Buffer.from(d)))];
  const chain = [leaf.x509];
  for (let current = leaf.x509; current.issuer !== current.subject; ) {
    const issuer = pool.find((c) => !chain.includes(c) && current.checkIssued(c) && current.verify(c.publicKey));
    if (!issuer) break;
    chain.push(issuer);
    current = issuer;
  }
  return chain.map((c) => new Uint8Array(c.raw));
}

// DigestInfo prefix for SHA-256 (RFC 8017 §9.2 note 1): the token's raw CKM_RSA_PKCS pads it as EMSA-PKCS1-v1_5.
const SHA256_DIGEST_INFO = Buffer.from("3031300d060960864801650304020105000420", "hex");

/** ECDSA raw r||s (PKCS#11) → DER Ecdsa-Sig-Value (what CMS/X.509 carry). */
export function ecdsaRawToDer(raw: Uint8Array): Uint8Array {
  const half = raw.length / 2;
  const int = (b: Uint8Array) => {
    let i = 0;
    while (i < b.length - 1 && b[i] === 0) i++;
    const v = b.subarray(i);
    return Buffer.concat([Buffer.from([0x02, v[0] & 0x80 ? v.length + 1 : v.length]), v[0] & 0x80 ? Buffer.from([0]) : Buffer.alloc(0), v]);
  };
  const body = Buffer.concat([int(raw.subarray(0, half)), int(raw.subarray(half))]);
  const len = body.length < 0x80 ? Buffer.from([body.length]) : Buffer.from([0x81, body.length]);
  return new Uint8Array(Buffer.concat([Buffer.from([0x30]), len, body]));
}

async function lockToken(key: string): Promise<() => void> {
  const previous = locks.get(key) ?? Promise.resolve();
  let release!: () => void;
  const mine = new Promise<void>((r) => (release = r));
  const chained = previous.then(() => mine);
  locks.set(key, chained);
  await previous;
  return () => {
    release();
    if (locks.get(key) === chained) locks.delete(key);
  };
}

/**
 * Opens the token, logs in with `pin` and finds the key and its certificate chain. The returned signer holds the
 * token (per-token lock) until `close()`; callers use try/finally. The PIN is not kept after login.
 */
export async function openPkcs11Signer(options: Pkcs11SignerOptions): Promise<Pkcs11Signer> {
  if (!options.keyLabel && !options.keyId) throw new SigningError("INVALID_OPTIONS", "Thiếu nhãn (label) hoặc mã (CKA_ID) của khóa trên thiết bị ký số");
  if (!options.pin) throw new SigningError("PKCS11_PIN_INCORRECT");
  const release = await lockToken(`${options.modulePath}\0${options.tokenLabel ?? ""}`);
  let lib: pkcs11js.PKCS11 | undefined;
  let session: Buffer | undefined;
  let loggedIn = false;
  let closed = false;
  const close = () => {
    if (closed) return;
    closed = true;
    if (lib && session) {
      if (loggedIn) safe(() => lib!.C_Logout(session!));
      safe(() => lib!.C_CloseSession(session!));
    }
    if (lib) releaseModule(options.modulePath);
    release();
  };
  try {
    lib = acquireModule(options.modulePath);
    const slot = findSlot(lib, options.tokenLabel);
    session = lib.C_OpenSession(slot, pkcs11js.CKF_SERIAL_SESSION);
    try {
      lib.C_Login(session, pkcs11js.CKU_USER, options.pin);
      loggedIn = true;
    } catch (error) {
      // Another application on this machine logged in: log out and prove the PIN ourselves.
      if (codeOf(error) === pkcs11js.CKR_USER_ALREADY_LOGGED_IN) {
        lib.C_Logout(session);
        lib.C_Login(session, pkcs11js.CKU_USER, options.pin);
        loggedIn = true;
      } else throw mapError(error, "login");
    }
    const keys = findObjects(lib, session, keyTemplate(options, pkcs11js.CKO_PRIVATE_KEY));
    if (keys.length === 0) throw new SigningError("PKCS11_KEY_NOT_FOUND");
    if (keys.length > 1) throw new SigningError("PKCS11_KEY_NOT_FOUND", "Có nhiều khóa cùng nhãn trên thiết bị ký số; hãy chỉ rõ mã khóa (CKA_ID)");
    const key = keys[0];
    const keyId = attr(lib, session, key, pkcs11js.CKA_ID);
    const keyTypeValue = attr(lib, session, key, pkcs11js.CKA_KEY_TYPE);
    const keyTypeNumber = keyTypeValue ? keyTypeValue.readUIntLE(0, Math.min(keyTypeValue.length, 6)) : pkcs11js.CKK_RSA;
    const keyType: "rsa" | "ec" = keyTypeNumber === pkcs11js.CKK_EC ? "ec" : "rsa";
    const chain = chainFor(readCertificates(lib, session), keyId, options.keyLabel, options.extraCertificatesDer ?? []);
    const mechanisms = new Set(lib.C_GetMechanismList(slot));
    const mechanism: Pkcs11Signer["mechanism"] =
      keyType === "ec" ? "CKM_ECDSA" : mechanisms.has(pkcs11js.CKM_SHA256_RSA_PKCS) ? "CKM_SHA256_RSA_PKCS" : "CKM_RSA_PKCS";
    const signSync = (data: Uint8Array): Uint8Array => {
      if (closed) throw new SigningError("PKCS11_FAILED", "Phiên làm việc với thiết bị ký số đã đóng");
      const l = lib!;
      const s = session!;
      try {
        let input: Buffer;
        let mech: number;
        if (mechanism === "CKM_SHA256_RSA_PKCS") {
          mech = pkcs11js.CKM_SHA256_RSA_PKCS;
          input = Buffer.from(data);
        } else {
          const digest = createHash("sha256").update(data).digest();
          mech = mechanism === "CKM_ECDSA" ? pkcs11js.CKM_ECDSA : pkcs11js.CKM_RSA_PKCS;
          input = mechanism === "CKM_ECDSA" ? digest : Buffer.concat([SHA256_DIGEST_INFO, digest]);
        }
        l.C_SignInit(s, { mechanism: mech }, key);
        const out = new Uint8Array(l.C_Sign(s, input, Buffer.alloc(1024)));
        return mechanism === "CKM_ECDSA" ? ecdsaRawToDer(out) : out;
      } catch (error) {
        throw mapError(error, "sign");
      }
    };
    const signDigestSync = (digest: Uint8Array): Uint8Array => {
      if (closed) throw new SigningError("PKCS11_FAILED", "Phiên làm việc với thiết bị ký số đã đóng");
      if (digest.length !== 32) throw new SigningError("INVALID_OPTIONS", "Giá trị băm phải là SHA-256 (32 byte)");
      try {
        const ec = keyType === "ec";
        lib!.C_SignInit(session!, { mechanism: ec ? pkcs11js.CKM_ECDSA : pkcs11js.CKM_RSA_PKCS }, key);
        const out = new Uint8Array(lib!.C_Sign(session!, ec ? Buffer.from(digest) : Buffer.concat([SHA256_DIGEST_INFO, digest]), Buffer.alloc(1024)));
        return ec ? ecdsaRawToDer(out) : out;
      } catch (error) {
        throw mapError(error, "sign");
      }
    };
    return { certificateChainDer: chain, keyType, mechanism, signSync, signDigestSync, sign: async (data) => signSync(data), close };
  } catch (error) {
    close();
    throw mapError(error, "find");
  }
}

/** Opens, runs `fn`, always closes (logout + close session + release module). */
export async function withPkcs11Signer<T>(options: Pkcs11SignerOptions, fn: (signer: Pkcs11Signer) => Promise<T> | T): Promise<T> {
  const signer = await openPkcs11Signer(options);
  try {
    return await fn(signer);
  } finally {
    signer.close();
  }
}

/**
 * The certificate chain of a key without logging in (certificates are public objects), for registration:
 * the administrator names the module, token and key; we read the certificate from the token.
 */
export async function readPkcs11Certificate(location: Pkcs11Location & { extraCertificatesDer?: Uint8Array[] }): Promise<Uint8Array[]> {
  const release = await lockToken(`${location.modulePath}\0${location.tokenLabel ?? ""}`);
  let lib: pkcs11js.PKCS11 | undefined;
  let session: Buffer | undefined;
  try {
    lib = acquireModule(location.modulePath);
    const slot = findSlot(lib, location.tokenLabel);
    session = lib.C_OpenSession(slot, pkcs11js.CKF_SERIAL_SESSION);
    const certs = readCertificates(lib, session);
    const keyId = location.keyId ? Buffer.from(location.keyId, "hex") : undefined;
    // Without login the private key is invisible: match the certificate by label, or by CKA_ID when given.
    return chainFor(certs, keyId, location.keyLabel, location.extraCertificatesDer ?? []);
  } catch (error) {
    throw mapError(error, "find");
  } finally {
    if (lib && session) safe(() => lib!.C_CloseSession(session!));
    if (lib) releaseModule(location.modulePath);
    release();
  }
}

/** Tokens visible through a module (for the admin form and the agent's status endpoint). */
export function listPkcs11Tokens(modulePath: string): Array<{ label: string; manufacturer: string; model: string; serialNumber: string }> {
  const lib = acquireModule(modulePath);
  try {
    return lib.C_GetSlotList(true).map((slot) => {
      const info = lib.C_GetTokenInfo(slot);
      return {
        label: trimLabel(info.label),
        manufacturer: trimLabel(info.manufacturerID),
        model: trimLabel(info.model),
        serialNumber: trimLabel(info.serialNumber),
      };
    });
  } catch (error) {
    throw mapError(error, "find");
  } finally {
    releaseModule(modulePath);
  }
}
