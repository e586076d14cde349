// Enveloped XML-DSig of an edXML packet (QCVN 102:2016 §2: the Signature element of edXMLHeader):
// RSA-SHA256 over the exclusive canonical form of the whole document (Reference URI=""), the signer's
// X.509 chain in KeyInfo/X509Data. Canonicalisation is xml-crypto's ExclusiveCanonicalization; nothing
// here canonicalises by hand. Independent check: `xmlsec1 --verify --trusted-pem CA.pem`.
//
// Why the digest and the signature value are computed here rather than by SignedXml.computeSignature /
// checkSignature: those re-parse the packet with the xmldom 0.8 that xml-crypto bundles, whose
// "unclosed tag" heuristic scans the whole text backwards once per distinct element name. Every header
// element sits before the base64 attachments, so a 10 MB packet cost ~0.5 s per parse and ~1.3 s per
// import (issue 12 benchmark: 30–43× the base64+SHA-256+fsync floor). We parse once with xmldom 0.9
// and canonicalise that DOM. Only the one shape we produce and QCVN peers use goes this way (one
// Reference URI="", enveloped + exc-c14n, SHA-256, RSA-SHA256, no InclusiveNamespaces, no processing
// instruction beside the root); any other shape is verified by xml-crypto's own checkSignature.
import { X509Certificate, createHash, sign as rsaSign, verify as rsaVerify, type KeyObject } from "node:crypto";
import { ExclusiveCanonicalization, SignedXml } from "xml-crypto";
import { DOMParser } from "@xmldom/xmldom";
import { updateWithLifted, type LiftedText } from "./lift";
import { EDXML_NS, XMLDSIG_NS } from "./model";

const EXC_C14N = "http://www.w3.org/2001/10/xml-exc-c14n#";
const ENVELOPED = "http://www.w3.org/2000/09/xmldsig#enveloped-signature";
const RSA_SHA256 = "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256";
const SHA256 = "http://www.w3.org/2001/04/xmlenc#sha256";

export type PacketSigner = {
  /** The organisation's private key (from its PKCS#12)… */
  privateKey?: KeyObject | string;
  /** …or a signer holding it elsewhere (PKCS#11 token): RSASSA-PKCS1-v1_5/SHA-256 over `data`. */
  sign?: (data: Uint8Array) => Uint8Array;
  /** Signer certificate first, then intermediates (DER). */
  chainDer: Uint8Array[];
};

const toBase64 = (der: Uint8Array) => Buffer.from(der.buffer, der.byteOffset, der.byteLength).toString("base64");

/** Parses XML this module trusts (our own packet, or text parse.ts has already screened for DTDs). */
export function parseXmlDocument(xml: string, onError?: (level: string, message: string) => void): Document {
  return new DOMParser({ onError: (level, message) => onError?.(level, message) }).parseFromString(xml, "text/xml") as unknown as Document;
}

const canonical = (node: Node): string => new ExclusiveCanonicalization().process(node as never, {}) as unknown as string;
const sha256Base64 = (text: string) => createHash("sha256").update(text, "utf8").digest("base64");

/** Signs `xml` (an unsigned packet built by build.ts) and returns the signed document. */
export function signPacketXml(xml: string, signer: PacketSigner): string {
  const leaf = new X509Certificate(Buffer.from(signer.chainDer[0]));
  const doc = parseXmlDocument(xml);
  const root = doc.documentElement;
  const edxmlChild = (parent: Element | null | undefined, name: string) =>
    parent
      ? Array.from(parent.childNodes).find(
          (n): n is Element => n.nodeType === 1 && (n as Element).localName === name && (n as Element).namespaceURI === EDXML_NS,
        )
      : undefined;
  // build.ts writes the envelope inside an outer edXML element.
  const envelope = root?.localName === "edXML" ? edxmlChild(root, "edXMLEnvelope") : root;
  const header = edxmlChild(envelope, "edXMLHeader");
  if (!root || !header) throw new Error("signPacketXml: not an edXML packet (no edXMLHeader)");
  // Enveloped transform over a document that has no signature yet: the digest is that of the whole document.
  const digest = sha256Base64(canonical(root));
  const signedInfoXml =
    `<SignedInfo><CanonicalizationMethod Algorithm="${EXC_C14N}"/><SignatureMethod Algorithm="${RSA_SHA256}"/>` +
    `<Reference URI=""><Transforms><Transform Algorithm="${ENVELOPED}"/><Transform Algorithm="${EXC_C14N}"/></Transforms>` +
    `<DigestMethod Algorithm="${SHA256}"/><DigestValue>${digest}</DigestValue></Reference></SignedInfo>`;
  const keyInfo =
    `<KeyInfo><X509Data><X509SubjectName>${leaf.subject.split("\n").reverse().join(",").replace(/&/g, "&amp;").replace(/</g, "&lt;")}</X509SubjectName>` +
    signer.chainDer.map((der) => `<X509Certificate>${toBase64(der)}</X509Certificate>`).join("") +
    `</X509Data></KeyInfo>`;
  // Exclusive C14N renders only the namespaces SignedInfo visibly uses (the default xmldsig one declared
  // on Signature), so its canonical form is the same standalone as in place.
  const standalone = parseXmlDocument(`<Signature xmlns="${XMLDSIG_NS}">${signedInfoXml}</Signature>`);
  const signedInfo = standalone.documentElement!.firstChild as Node;
  const signedInfoBytes = Buffer.from(canonical(signedInfo), "utf8");
  const value = (signer.sign ? Buffer.from(signer.sign(signedInfoBytes)) : rsaSign("sha256", signedInfoBytes, signer.privateKey!)).toString("base64");
  const signature = `<Signature xmlns="${XMLDSIG_NS}">${signedInfoXml}<SignatureValue>${value}</SignatureValue>${keyInfo}</Signature>`;
  // Appended as the last child of edXMLHeader. build.ts escapes every text value, so the first closing
  // tag of the header element in the text is the header's own.
  const closing = `</${header.tagName}>`;
  const at = xml.indexOf(closing);
  if (at < 0) throw new Error("signPacketXml: edXMLHeader is empty-element or unclosed");
  return xml.slice(0, at) + signature + xml.slice(at);
}

export type PacketSignatureReport = {
  /** `absent`: no ds:Signature; `invalid`: the digest or signature does not match, or the signature is malformed. */
  status: "valid" | "invalid" | "absent";
  /** The KeyInfo chain reaches one of the trust anchors and every certificate is valid at `at`. */
  trusted: boolean;
  signerName: string | null;
  reason?: string;
};

// The anchors parsed last, with the PEM texts they came from. The pool child gets the same list with every packet
// (and ~0.2 ms per certificate went to parsing it again); a list that differs in any text is parsed afresh.
let lastAnchors: { pems: string[]; certs: X509Certificate[] } | null = null;

function pemsToCerts(pems: string[]): X509Certificate[] {
  const hit = lastAnchors;
  if (hit && hit.pems.length === pems.length && hit.pems.every((p, i) => p === pems[i])) return hit.certs;
  const certs = parsePems(pems);
  lastAnchors = { pems: [...pems], certs };
  return certs;
}

function parsePems(pems: string[]): X509Certificate[] {
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
export function verifyPacketSignature(
  xml: string,
  trustAnchorsPem: string[],
  at: Date = new Date(),
  parsed?: Document,
  /** `xml`/`parsed` had their attachment base64 lifted out (lift.ts): digest with it put back; `fullXml` for xml-crypto. */
  lift?: { lifted: LiftedText; fullXml: () => string },
): PacketSignatureReport {
  // The caller has already refused DOCTYPE/entities (parse.ts) and may pass its parse of the same text.
  const doc = parsed ?? parseXmlDocument(xml);
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
    .map((n) => keyInfoCertificate((n.textContent ?? "").replace(/\s+/g, "")))
    .filter((c): c is X509Certificate => c !== null);
  if (certs.length === 0) return invalid("Chữ ký không kèm chứng thư số");
  // KeyInfo may list the chain in any order: the signing certificate is the one no other listed certificate was issued by.
  const leaf = certs.find((c) => !certs.some((o) => o !== c && o.checkIssued(c))) ?? certs[0];
  const signerName = commonName(leaf);
  // The certificate's own key object (was exported to PEM and imported again: ~0.2 ms for the same key).
  const publicKey = leaf.publicKey;
  let ok = false;
  try {
    const fast = commonShape(doc, signature, references[0]);
    // xml-crypto re-parses the text it is given, so it gets the whole packet (and its own parse) back.
    ok = fast ? checkCommonShape(doc, signature, fast, publicKey, lift?.lifted) : checkWithXmlCrypto(lift ? lift.fullXml() : xml, signature, publicKey);
  } catch (error) {
    return { status: "invalid", trusted: false, signerName, reason: error instanceof Error ? error.message : String(error) };
  }
  if (!ok) return { status: "invalid", trusted: false, signerName, reason: "Giá trị băm hoặc chữ ký không khớp" };
  return { status: "valid", trusted: chainTrusted(leaf, certs, pemsToCerts(trustAnchorsPem), at), signerName };
}

// KeyInfo certificates by their base64 text: a peer signs every packet with the same chain, and parsing it cost
// ~0.2 ms per certificate per packet. The same text is the same DER, so the same (immutable) certificate; what is
// derived from it (trust, validity at the packet's time, the signature check) is still decided per packet.
const keyInfoCache = new Map<string, X509Certificate | null>();
const KEY_INFO_CACHE_SIZE = 64;
const KEY_INFO_MAX_TEXT = 16 * 1024;

function keyInfoCertificate(base64: string): X509Certificate | null {
  const known = keyInfoCache.get(base64);
  if (known !== undefined) return known;
  let cert: X509Certificate | null = null;
  try {
    cert = new X509Certificate(Buffer.from(base64, "base64"));
  } catch {
    cert = null;
  }
  // Bounded in entries and in text (a certificate is 1–2 KB of base64; a hostile multi-megabyte one is not kept),
  // oldest first out: a hostile sender's distinct texts only push the peers' chains out.
  if (base64.length > KEY_INFO_MAX_TEXT) return cert;
  if (keyInfoCache.size >= KEY_INFO_CACHE_SIZE) keyInfoCache.delete(keyInfoCache.keys().next().value as string);
  keyInfoCache.set(base64, cert);
  return cert;
}

const dsChildren = (parent: Element, name: string): Element[] =>
  Array.from(parent.childNodes).filter(
    (n): n is Element => n.nodeType === 1 && (n as Element).localName === name && (n as Element).namespaceURI === XMLDSIG_NS,
  );
const algorithmOf = (parent: Element, name: string): string | null => {
  const found = dsChildren(parent, name);
  return found.length === 1 && found[0].childNodes.length === 0 ? found[0].getAttribute("Algorithm") : null;
};

type CommonShape = { signedInfo: Element; digestValue: string; signatureValue: string };

/** The signature shape this module checks itself, or null for anything else (then xml-crypto decides). */
function commonShape(doc: Document, signature: Element, reference: Element): CommonShape | null {
  // A processing instruction beside the root would be part of the canonical document (xmldom 0.9 keeps
  // the XML declaration as a node with target "xml"; it is not a PI and not canonicalised).
  if (Array.from(doc.childNodes).some((n) => n.nodeType === 7 && (n as ProcessingInstruction).target !== "xml")) return null;
  const [signedInfo, ...moreSignedInfo] = dsChildren(signature, "SignedInfo");
  if (!signedInfo || moreSignedInfo.length > 0 || reference.parentNode !== signedInfo) return null;
  if (algorithmOf(signedInfo, "CanonicalizationMethod") !== EXC_C14N || algorithmOf(signedInfo, "SignatureMethod") !== RSA_SHA256) return null;
  const [transforms, ...moreTransforms] = dsChildren(reference, "Transforms");
  if (!transforms || moreTransforms.length > 0) return null;
  const list = dsChildren(transforms, "Transform");
  if (
    list.length !== 2 ||
    list.some((t) => t.childNodes.length > 0) ||
    list[0].getAttribute("Algorithm") !== ENVELOPED ||
    list[1].getAttribute("Algorithm") !== EXC_C14N
  )
    return null;
  if (algorithmOf(reference, "DigestMethod") !== SHA256) return null;
  const digest = dsChildren(reference, "DigestValue");
  const value = dsChildren(signature, "SignatureValue");
  if (digest.length !== 1 || value.length !== 1) return null;
  return { signedInfo, digestValue: (digest[0].textContent ?? "").replace(/\s+/g, ""), signatureValue: (value[0].textContent ?? "").replace(/\s+/g, "") };
}

function checkCommonShape(doc: Document, signature: Element, shape: CommonShape, publicKey: KeyObject, lifted?: LiftedText): boolean {
  // Core validation (XML-DSig §3.2): the reference digest over the document without this signature
  // (enveloped transform), then the signature value over the canonical SignedInfo.
  const parent = signature.parentNode!;
  const next = signature.nextSibling;
  parent.removeChild(signature);
  let digest: string;
  try {
    const text = canonical(doc.documentElement!);
    if (lifted) {
      const hash = createHash("sha256");
      if (!updateWithLifted(hash, text, lifted)) throw new Error("Không dựng lại được dạng chuẩn hóa của gói tin");
      digest = hash.digest("base64");
    } else digest = sha256Base64(text);
  } finally {
    parent.insertBefore(signature, next);
  }
  if (digest !== shape.digestValue) return false;
  return rsaVerify("sha256", Buffer.from(canonical(shape.signedInfo), "utf8"), publicKey, Buffer.from(shape.signatureValue, "base64"));
}

function checkWithXmlCrypto(xml: string, signature: Element, publicKey: KeyObject): boolean {
  const verifier = new SignedXml({ publicCert: publicKey, getCertFromKeyInfo: () => null });
  verifier.loadSignature(signature as never);
  return verifier.checkSignature(xml);
}
