// Enveloped XML-DSig of an edXML packet (QCVN 102:2016 §2: the Signature element of edXMLHeader):
// RSA-SHA256 over the exclusive canonical form of the whole document (Reference URI=""), the signer's
// X.509 chain in KeyInfo/X509Data. Canonicalisation, digests and signature values come from xml-crypto;
// nothing here canonicalises by hand. Independent check: `xmlsec1 --verify --trusted-pem CA.pem`.
import { X509Certificate, createPublicKey, type KeyObject } from "node:crypto";
import { SignedXml } from "xml-crypto";
import { DOMParser } from "@xmldom/xmldom";
import { XMLDSIG_NS } from "./model";

const EXC_C14N = "http://www.w3.org/2001/10/xml-exc-c14n#";
const ENVELOPED = "http://www.w3.org/2000/09/xmldsig#enveloped-signature";
const RSA_SHA256 = "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256";
const SHA256 = "http://www.w3.org/2001/04/xmlenc#sha256";

export type PacketSigner = {
  /** The organisation's private key (from its PKCS#12). */
  privateKey: KeyObject | string;
  /** Signer certificate first, then intermediates (DER). */
  chainDer: Uint8Array[];
};

const toBase64 = (der: Uint8Array) => Buffer.from(der.buffer, der.byteOffset, der.byteLength).toString("base64");

/** Signs `xml` (an unsigned packet) and returns the signed document. */
export function signPacketXml(xml: string, signer: PacketSigner): string {
  const leaf = new X509Certificate(Buffer.from(signer.chainDer[0]));
  const keyInfo =
    `<X509Data><X509SubjectName>${leaf.subject.split("\n").reverse().join(",").replace(/&/g, "&amp;").replace(/</g, "&lt;")}</X509SubjectName>` +
    signer.chainDer.map((der) => `<X509Certificate>${toBase64(der)}</X509Certificate>`).join("") +
    `</X509Data>`;
  const sig = new SignedXml({
    privateKey: signer.privateKey,
    canonicalizationAlgorithm: EXC_C14N,
    signatureAlgorithm: RSA_SHA256,
    getKeyInfoContent: () => keyInfo,
  });
  sig.addReference({ xpath: "/*", transforms: [ENVELOPED, EXC_C14N], digestAlgorithm: SHA256, isEmptyUri: true });
  sig.computeSignature(xml, {
    location: { reference: "/*[local-name()='edXMLEnvelope']/*[local-name()='edXMLHeader']", action: "append" },
  });
  return sig.getSignedXml();
}

export type PacketSignatureReport = {
  /** `absent`: no ds:Signature; `invalid`: the digest or signature does not match, or the signature is malformed. */
  status: "valid" | "invalid" | "absent";
  /** The KeyInfo chain reaches one of the trust anchors and every certificate is valid at `at`. */
  trusted: boolean;
  signerName: string | null;
  reason?: string;
};

function pemsToCerts(pems: string[]): X509Certificate[] {
  const out: X509Certificate[] = [];
  for (const pem of pems) {
    for (const block of pem.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? []) {
      try {
        out.push(new X509Certificate(block));
      } catch {
        // not a certificate: ignored as an anchor
      }
    }
  }
  return out;
}

function commonName(cert: X509Certificate): string | null {
  const match = /(?:^|\n)CN=([^\n]+)/.exec(cert.subject);
  return match ? match[1] : null;
}

function chainTrusted(leaf: X509Certificate, pool: X509Certificate[], anchors: X509Certificate[], at: Date): boolean {
  const valid = (c: X509Certificate) => new Date(c.validFrom).getTime() <= at.getTime() && at.getTime() <= new Date(c.validTo).getTime();
  let current = leaf;
  for (let depth = 0; depth < 8; depth++) {
    if (!valid(current)) return false;
    const anchor = anchors.find((a) => a.fingerprint256 === current.fingerprint256 || (current.checkIssued(a) && current.verify(a.publicKey)));
    if (anchor) return valid(anchor);
    const issuer = pool.find((c) => c !== current && current.checkIssued(c) && current.verify(c.publicKey));
    if (!issuer) return false;
    current = issuer;
  }
  return false;
}

/**
 * Checks the packet's enveloped signature. Only one shape is accepted — one ds:Signature child of
 * edXMLHeader with ONE Reference URI="" (the whole document) — so no signature-wrapping trick can make
 * a signature over other content look like a signature over this packet.
 */
export function verifyPacketSignature(xml: string, trustAnchorsPem: string[], at: Date = new Date(), parsed?: Document): PacketSignatureReport {
  // The caller has already refused DOCTYPE/entities (parse.ts) and may pass its parse of the same text:
  // xmldom's parse of a large packet is the dominant cost, so it is not repeated just to find the signature.
  const doc = parsed ?? new DOMParser({ errorHandler: { warning: () => undefined, error: () => undefined, fatalError: () => undefined } }).parseFromString(xml, "text/xml");
  const signatures = Array.from(doc.getElementsByTagNameNS(XMLDSIG_NS, "Signature"));
  if (signatures.length === 0) return { status: "absent", trusted: false, signerName: null };
  const invalid = (reason: string): PacketSignatureReport => ({ status: "invalid", trusted: false, signerName: null, reason });
  if (signatures.length > 1) return invalid("Gói tin có nhiều hơn một chữ ký");
  const signature = signatures[0];
  const parent = signature.parentNode as Element | null;
  if (!parent || parent.localName !== "edXMLHeader") return invalid("Chữ ký không nằm trong edXMLHeader");
  const references = Array.from(signature.getElementsByTagNameNS(XMLDSIG_NS, "Reference"));
  if (references.length !== 1 || (references[0].getAttribute("URI") ?? "") !== "") return invalid("Chữ ký không bao toàn bộ gói tin");
  const certs = Array.from(signature.getElementsByTagNameNS(XMLDSIG_NS, "X509Certificate"))
    .map((n) => {
      try {
        return new X509Certificate(Buffer.from((n.textContent ?? "").replace(/\s+/g, ""), "base64"));
      } catch {
        return null;
      }
    })
    .filter((c): c is X509Certificate => c !== null);
  if (certs.length === 0) return invalid("Chữ ký không kèm chứng thư số");
  // KeyInfo may list the chain in any order: the signing certificate is the one no other listed certificate was issued by.
  const leaf = certs.find((c) => !certs.some((o) => o !== c && o.checkIssued(c))) ?? certs[0];
  const signerName = commonName(leaf);
  let ok = false;
  try {
    const verifier = new SignedXml({ publicCert: createPublicKey(leaf.publicKey.export({ type: "spki", format: "pem" })), getCertFromKeyInfo: () => null });
    verifier.loadSignature(signature);
    ok = verifier.checkSignature(xml);
  } catch (error) {
    return { status: "invalid", trusted: false, signerName, reason: error instanceof Error ? error.message : String(error) };
  }
  if (!ok) return { status: "invalid", trusted: false, signerName, reason: "Giá trị băm hoặc chữ ký không khớp" };
  return { status: "valid", trusted: chainTrusted(leaf, certs, pemsToCerts(trustAnchorsPem), at), signerName };
}
