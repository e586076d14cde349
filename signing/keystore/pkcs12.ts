// PKCS#12 loading: parse ONCE with forge (it understands OpenSSL 3 PBES2/AES files), then keep a node KeyObject
// so every signature uses OpenSSL's RSA (≈75× faster than forge, signing.md §4.1).
import { X509Certificate, createPrivateKey, createPublicKey, sign as nodeSign, type KeyObject } from "node:crypto";
import forge from "node-forge";
import { SigningError } from "../errors";

export type CertificateInfo = {
  der: Uint8Array;
  forge: forge.pki.Certificate;
  /** Subject common name, decoded from UTF-8 (feasibility.md pitfall 19). */
  commonName: string;
  organization?: string;
  notBefore: Date;
  notAfter: Date;
};

/** Who signs: key custody only, never PDF-aware. Two-phase signers (USB token, remote service) implement `sign` remotely. */
export type Signer = {
  /** Signer certificate first, then intermediates. */
  certificateChainDer: Uint8Array[];
  /** RSASSA-PKCS1-v1_5 with SHA-256 over `data` (the DER of the signed attributes). */
  sign: (data: Uint8Array) => Promise<Uint8Array>;
};

export type LoadedSigner = Signer & {
  privateKey: KeyObject;
  certificate: CertificateInfo;
  chain: CertificateInfo[];
  commonName: string;
  notBefore: Date;
  notAfter: Date;
};

export type LoadPkcs12Options = {
  /** Validity is checked at this instant (default: now). */
  at?: Date;
};

const toBinary = (b: Uint8Array) => Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString("latin1");

function attributeValue(cert: forge.pki.Certificate, shortName: string): string | undefined {
  const attr = cert.subject.getField(shortName) as { value?: string; valueTagClass?: number } | null;
  if (!attr || typeof attr.value !== "string") return undefined;
  // Parsed UTF8String values come back as raw UTF-8 bytes in a binary string.
  if (attr.valueTagClass === forge.asn1.Type.UTF8) {
    try {
      return forge.util.decodeUtf8(attr.value);
    } catch {
      return attr.value;
    }
  }
  return attr.value;
}

export function describeCertificate(cert: forge.pki.Certificate): CertificateInfo {
  const der = new Uint8Array(Buffer.from(forge.asn1.toDer(forge.pki.certificateToAsn1(cert)).getBytes(), "latin1"));
  return {
    der,
    forge: cert,
    commonName: attributeValue(cert, "CN") ?? "",
    organization: attributeValue(cert, "O"),
    notBefore: cert.validity.notBefore,
    notAfter: cert.validity.notAfter,
  };
}

/** Checks the validity period and keyUsage of a signing certificate. */
export function assertCertificateUsable(info: CertificateInfo, at: Date) {
  if (at.getTime() > info.notAfter.getTime()) throw new SigningError("CERT_EXPIRED");
  if (at.getTime() < info.notBefore.getTime()) throw new SigningError("CERT_NOT_YET_VALID");
  const ku = info.forge.getExtension("keyUsage") as { digitalSignature?: boolean; nonRepudiation?: boolean } | null;
  if (ku && !ku.digitalSignature && !ku.nonRepudiation) throw new SigningError("KEY_USAGE");
}

/**
 * Most key-derivation iterations a PKCS#12 may ask for. The count is chosen by whoever made the file, and forge
 * derives the MAC key (PKCS#12 Appendix B) and the bags' PBES1/PBES2 keys in JavaScript: ≈ 15–30 µs an iteration here, so a
 * 2.5 KB file asking 2,000,000 iterations costs about a minute of CPU. Real exports ask 2,048 (OpenSSL 3), 2,000
 * (Windows), 10,000 (Java keytool) and up to 100,000 (some tools' "high security" settings).
 * The limit was 20,000 while the derivation ran on the request thread (0.3–0.6 s of a frozen server per
 * signature). The app now opens the file in the untrusted-file pool (`readPkcs12` below; ADR 0020), where the
 * cost stalls only that one request, so the limit is 200,000: twice the largest count seen in real exports,
 * ≈ 3 s of a pool child's CPU here, well inside the pool's time limit for it (PKCS12_OPEN_TIME_LIMIT_MS, 10 s)
 * even on a machine twice as slow. Past it, the file is refused at once (before any derivation) with a message
 * that says how to fix it, instead of making the signer wait 10 s for the same refusal.
 */
export const MAX_PKCS12_ITERATIONS = 200_000;

const PBE_ALGORITHM = /^1\.2\.840\.113549\.1\.(12\.1\.\d+|5\.(1|3|4|6|10|11|12))$/;

function integerValue(node: forge.asn1.Asn1 | undefined): number | null {
  if (!node || node.tagClass !== forge.asn1.Class.UNIVERSAL || node.type !== forge.asn1.Type.INTEGER || typeof node.value !== "string") return null;
  // Big-endian bytes in a binary string; leading zero bytes (sign padding) add nothing.
  let n = 0;
  for (const ch of node.value) {
    n = n * 256 + ch.charCodeAt(0);
    if (n > Number.MAX_SAFE_INTEGER / 256) return Number.POSITIVE_INFINITY;
  }
  return n;
}

/**
 * The largest iteration count in the file's MacData and in every password-based algorithm identifier readable
 * before decryption (PKCS#12 PBE, PBES1, PBKDF2 inside PBES2), looking into OCTET STRINGs that hold DER (the
 * authenticated safe, its SafeContents, a shrouded key bag).
 */
export function pkcs12MaxIterations(pfx: forge.asn1.Asn1): number {
  let max = 0;
  const macData = Array.isArray(pfx.value) ? pfx.value[2] : undefined;
  if (macData && Array.isArray(macData.value)) max = Math.max(max, integerValue(macData.value[2]) ?? 1);
  const visit = (node: forge.asn1.Asn1, depth: number) => {
    if (depth > 32) return;
    const universal = node.tagClass === forge.asn1.Class.UNIVERSAL;
    // An OCTET STRING's content, also when sent in BER's constructed form (chunks), which forge joins too.
    const octets =
      universal && node.type === forge.asn1.Type.OCTETSTRING
        ? typeof node.value === "string"
          ? node.value
          : node.value.every((c) => typeof c.value === "string")
            ? node.value.map((c) => c.value as string).join("")
            : null
        : null;
    if (octets !== null) {
      if (octets.charCodeAt(0) !== 0x30) return;
      try {
        visit(forge.asn1.fromDer(octets, true), depth + 1);
      } catch {
        // Ciphertext or data that is not DER: nothing to read before decryption.
      }
      return;
    }
    if (!Array.isArray(node.value)) return;
    const [first, params] = node.value;
    if (first?.type === forge.asn1.Type.OID && typeof first.value === "string" && params && Array.isArray(params.value)) {
      if (PBE_ALGORITHM.test(forge.asn1.derToOid(first.value))) max = Math.max(max, integerValue(params.value[1]) ?? 0);
    }
    for (const child of node.value) visit(child, depth + 1);
  };
  visit(pfx, 0);
  return max;
}

/**
 * What a PKCS#12 holds once opened: the private key as PKCS#8 DER and every certificate's DER. This is all that
 * crosses from the file pool's child, where the costly key derivation runs (`readPkcs12`), back to the server,
 * which builds the signer from it (`signerFromPkcs12Contents`): plain bytes survive structured clone, a
 * KeyObject or a forge object does not.
 */
export type Pkcs12Contents = { keyPkcs8Der: Uint8Array; certificatesDer: Uint8Array[] };

const fromBinary = (s: string) => new Uint8Array(Buffer.from(s, "latin1"));

/**
 * The costly half of opening a PKCS#12: checks the iteration counts, derives the MAC and decryption keys from
 * the passphrase (pure JavaScript in forge: ≈ 15–30 µs an iteration) and decrypts the bags. Throws
 * SigningError WRONG_PASSPHRASE, INVALID_PKCS12 or PKCS12_TOO_COSTLY. The app runs it in the untrusted-file pool
 * (`openCertificate`, app/platform/signing/document-signing.server.ts), never on the request thread.
 */
export function readPkcs12(p12Bytes: Uint8Array, passphrase: string): Pkcs12Contents {
  let p12: forge.pkcs12.Pkcs12Pfx;
  try {
    const asn = forge.asn1.fromDer(forge.util.createBuffer(toBinary(p12Bytes)));
    if (pkcs12MaxIterations(asn) > MAX_PKCS12_ITERATIONS) throw new SigningError("PKCS12_TOO_COSTLY");
    try {
      p12 = forge.pkcs12.pkcs12FromAsn1(asn, false, passphrase);
    } catch (first) {
      // OpenSSL 3 derives the MAC key from the BMPString password (forge agrees) but PBES2 keys from the UTF-8
      // bytes (forge uses the JS string's low bytes). A non-ASCII passphrase therefore passes forge's MAC check and
      // then fails decryption. The MAC already proved the passphrase, so retry without it using UTF-8 bytes. The
      // wrong key usually fails the padding check ("decrypt"), but about one export in 200 the padding happens to
      // look right and the failure is forge parsing garbage as DER ("Only 8, 16, 24, or 32 bits supported"): any
      // failure after the MAC passed is retried, not only a decryption error.
      const message = first instanceof Error ? first.message : "";
      // biome-ignore lint/suspicious/noControlCharactersInRegex: "every character is ASCII" includes the control range
      if (!/^[\x00-\x7f]*$/.test(passphrase) && !/MAC could not be verified/i.test(message) && Array.isArray(asn.value) && asn.value.length === 3) {
        const withoutMac = forge.asn1.create(asn.tagClass, asn.type, true, (asn.value as forge.asn1.Asn1[]).slice(0, 2));
        p12 = forge.pkcs12.pkcs12FromAsn1(withoutMac, false, forge.util.encodeUtf8(passphrase));
      } else throw first;
    }
  } catch (error) {
    if (error instanceof SigningError) throw error;
    const message = error instanceof Error ? error.message : String(error);
    if (/password|MAC could not be verified|decrypt|Invalid|padding/i.test(message) && !/Too few bytes|not a sequence|Unparsed DER/i.test(message)) {
      throw new SigningError("WRONG_PASSPHRASE", undefined, { cause: error });
    }
    throw new SigningError("INVALID_PKCS12", undefined, { cause: error });
  }
  const keyBags = [
    ...(p12.getBags({ bagType: forge.pki.oids.pkcs8ShroudedKeyBag })[forge.pki.oids.pkcs8ShroudedKeyBag] ?? []),
    ...(p12.getBags({ bagType: forge.pki.oids.keyBag })[forge.pki.oids.keyBag] ?? []),
  ];
  const keyBag = keyBags.find((b) => b.key);
  // Without a MAC check a wrong passphrase shows up as an undecryptable key bag.
  if (!keyBag?.key) throw new SigningError("WRONG_PASSPHRASE");
  const forgeKey = keyBag.key as forge.pki.rsa.PrivateKey;
  const pkcs8 = forge.pki.wrapRsaPrivateKey(forge.pki.privateKeyToAsn1(forgeKey));
  const certificatesDer = (p12.getBags({ bagType: forge.pki.oids.certBag })[forge.pki.oids.certBag] ?? [])
    .map((b) => b.cert)
    .filter((c): c is forge.pki.Certificate => !!c)
    .map((c) => fromBinary(forge.asn1.toDer(forge.pki.certificateToAsn1(c)).getBytes()));
  return { keyPkcs8Der: fromBinary(forge.asn1.toDer(pkcs8).getBytes()), certificatesDer };
}

/** The cheap half: a node KeyObject, the signer's certificate and its ordered chain, validity checked at `options.at`. */
export function signerFromPkcs12Contents(contents: Pkcs12Contents, options: LoadPkcs12Options = {}): LoadedSigner {
  let privateKey: KeyObject;
  let certs: CertificateInfo[];
  try {
    privateKey = createPrivateKey({ key: Buffer.from(contents.keyPkcs8Der), format: "der", type: "pkcs8" });
    certs = contents.certificatesDer.map((der) => describeCertificate(forge.pki.certificateFromAsn1(forge.asn1.fromDer(toBinary(der)))));
  } catch (error) {
    throw new SigningError("INVALID_PKCS12", undefined, { cause: error });
  }
  const publicDer = createPublicKey(privateKey).export({ format: "der", type: "spki" });
  const signerCert = certs.find((c) => new X509Certificate(c.der).publicKey.export({ format: "der", type: "spki" }).equals(publicDer));
  if (!signerCert) throw new SigningError("INVALID_PKCS12", "Tệp PKCS#12 không chứa chứng thư số của khóa bí mật");
  // Order the chain: signer, then each issuer found in the bag.
  const chain: CertificateInfo[] = [signerCert];
  for (let current = signerCert; ; ) {
    const x = new X509Certificate(current.der);
    if (x.issuer === x.subject) break;
    const issuer = certs.find((c) => !chain.includes(c) && x.checkIssued(new X509Certificate(c.der)));
    if (!issuer) break;
    chain.push(issuer);
    current = issuer;
  }
  assertCertificateUsable(signerCert, options.at ?? new Date());
  return {
    privateKey,
    certificate: signerCert,
    chain,
    commonName: signerCert.commonName,
    notBefore: signerCert.notBefore,
    notAfter: signerCert.notAfter,
    certificateChainDer: chain.map((c) => c.der),
    sign: async (data) => new Uint8Array(nodeSign("sha256", data, privateKey)),
  };
}

/** Opens a PKCS#12 on the calling thread (library users, CLIs, tests); the server uses the pool (see `readPkcs12`). */
export function loadPkcs12(p12Bytes: Uint8Array, passphrase: string, options: LoadPkcs12Options = {}): LoadedSigner {
  return signerFromPkcs12Contents(readPkcs12(p12Bytes, passphrase), options);
}
