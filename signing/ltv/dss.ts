// PAdES B-LT (ETSI EN 319 142-1 §5.4.2, ISO 32000-2 §12.8.4.3): the validation data a verifier needs years later —
// the certificates of every chain and the OCSP responses fetched now — go into a Document Security Store written
// in a final incremental revision. Earlier bytes are never touched, so every signature stays valid; only the
// catalog gains /DSS (an allowed change for revdiff.py and for our own change analysis).
import { X509Certificate } from "node:crypto";
import { inflateSync } from "node:zlib";
import { PDFArray, PDFDict, PDFName, PDFRawStream, PDFRef, PDFHexString, PDFString } from "pdf-lib";
import { listFields } from "../pdf/fields";
import { IncrementalUpdate } from "../pdf/incremental";
import { PdfReader } from "../pdf/reader";
import { parseSignedData } from "../verify/cms";
import { SigningError } from "../errors";
import { fetchOcsp, ocspUrls, type RevocationStatus } from "./ocsp";

export type LongTermValidationOptions = {
  /** Extra certificates to complete chains (the CA certificate when signatures carry only the signer's). */
  extraCertificatesPem?: string[];
  timeoutMs?: number;
  /**
   * The signatures (field names) whose revocation data must be collected. When given, a certificate used only by
   * other signatures (made elsewhere before ours) whose responder cannot be reached or answers badly is reported in
   * `unavailable` instead of failing the whole call. Unset: every certificate is required.
   */
  requiredFields?: string[];
};

export type CertificateRevocation = { subject: string; serial: string; status: RevocationStatus; revokedAt: Date | null; url: string };

/** A certificate of a signature outside `requiredFields` whose revocation data could not be fetched. */
export type RevocationUnavailable = { subject: string; serial: string; url: string; fieldNames: string[]; reason: string };

export type LongTermValidationResult = {
  pdf: Uint8Array;
  /** False when no OCSP response was collected: nothing to add, the input is returned as it is. */
  added: boolean;
  revocations: CertificateRevocation[];
  unavailable: RevocationUnavailable[];
};

function cn(cert: X509Certificate): string {
  return /(?:^|\n)CN=(.*)/.exec(cert.subject)?.[1] ?? cert.subject;
}

/** Every signature's certificates (and those of its signature timestamp token), with the signature's field name. */
function signatureCertificates(reader: PdfReader): Array<{ der: Uint8Array; fieldName: string }> {
  const out: Array<{ der: Uint8Array; fieldName: string }> = [];
  for (const field of listFields(reader)) {
    if (field.type !== "Sig") continue;
    const v = reader.resolve(field.dict.get(PDFName.of("V")));
    if (!(v instanceof PDFDict)) continue;
    const contents = reader.resolve(v.get(PDFName.of("Contents")));
    if (!(contents instanceof PDFHexString || contents instanceof PDFString)) continue;
    try {
      const sd = parseSignedData(contents.asBytes());
      const ders = sd.certificates.map((c) => c.der);
      if (sd.signatureTimestampToken) ders.push(...parseSignedData(sd.signatureTimestampToken).certificates.map((c) => c.der));
      out.push(...ders.map((der) => ({ der, fieldName: field.fullName })));
    } catch {
      // An unreadable signature has no chain to collect.
    }
  }
  return out;
}

function pemCertificates(pem: string): Uint8Array[] {
  return [...pem.matchAll(/-----BEGIN CERTIFICATE-----([\s\S]*?)-----END CERTIFICATE-----/g)].map(
    (m) => new Uint8Array(Buffer.from(m[1].replace(/\s+/g, ""), "base64")),
  );
}

function issuerOf(cert: X509Certificate, pool: X509Certificate[]): X509Certificate | null {
  return pool.find((p) => p.fingerprint256 !== cert.fingerprint256 && cert.checkIssued(p) && cert.verify(p.publicKey)) ?? null;
}

/** Bytes of the streams an existing DSS array holds (a second call keeps what an earlier one stored). */
function existingStreams(reader: PdfReader, dss: PDFDict | undefined, key: string): PDFRef[] {
  const arr = dss ? reader.resolve(dss.get(PDFName.of(key))) : undefined;
  return arr instanceof PDFArray ? arr.asArray().filter((x): x is PDFRef => x instanceof PDFRef) : [];
}

/**
 * Fetches OCSP responses for every certificate of the document's signatures that names a responder, and appends a
 * revision with the DSS (/Certs, /OCSPs). The responses are checked (signed by the issuer or its delegated
 * responder, about this certificate) before they are stored; a responder that cannot be reached is an error, except
 * for a certificate used only by signatures outside `requiredFields` (then it is listed in `unavailable`).
 */
export async function addLongTermValidation(pdf: Uint8Array, options: LongTermValidationOptions = {}): Promise<LongTermValidationResult> {
  const reader = PdfReader.open(pdf);
  const found = [...signatureCertificates(reader), ...(options.extraCertificatesPem ?? []).flatMap(pemCertificates).map((der) => ({ der, fieldName: null }))];
  const pool: Array<{ der: Uint8Array; cert: X509Certificate; fieldNames: Array<string | null> }> = [];
  for (const { der, fieldName } of found) {
    try {
      const cert = new X509Certificate(der);
      const known = pool.find((p) => p.cert.fingerprint256 === cert.fingerprint256);
      if (known) known.fieldNames.push(fieldName);
      else pool.push({ der, cert, fieldNames: [fieldName] });
    } catch {
      // skip
    }
  }
  const required = options.requiredFields;
  // A certificate shared with a required signature (a common CA) or given as an extra certificate stays required.
  const isRequired = (fieldNames: Array<string | null>) => !required || fieldNames.some((f) => f === null || required.includes(f));
  const certs = pool.map((p) => p.cert);
  const revocations: CertificateRevocation[] = [];
  const unavailable: RevocationUnavailable[] = [];
  const responses: Uint8Array[] = [];
  for (const { cert, fieldNames } of pool) {
    const url = ocspUrls(cert)[0];
    if (!url) continue;
    const issuer = issuerOf(cert, certs);
    if (!issuer) continue;
    let fetched: Awaited<ReturnType<typeof fetchOcsp>>;
    try {
      fetched = await fetchOcsp(cert, issuer, { url, timeoutMs: options.timeoutMs });
    } catch (error) {
      if (isRequired(fieldNames) || !(error instanceof SigningError && error.code === "REVOCATION_FAILED")) throw error;
      const names = [...new Set(fieldNames.filter((f): f is string => f !== null))];
      unavailable.push({ subject: cn(cert), serial: cert.serialNumber, url, fieldNames: names, reason: error.message });
      continue;
    }
    responses.push(fetched.response);
    revocations.push({ subject: cn(cert), serial: cert.serialNumber, status: fetched.status.status, revokedAt: fetched.status.revokedAt, url });
  }
  if (!responses.length) return { pdf, added: false, revocations, unavailable };

  const update = new IncrementalUpdate(reader);
  const ctx = reader.context;
  const oldDss = reader.resolve(reader.catalog.get(PDFName.of("DSS")));
  const previous = oldDss instanceof PDFDict ? oldDss : undefined;
  const stream = (bytes: Uint8Array) => ctx.register(PDFRawStream.of(ctx.obj({ Length: bytes.length }) as PDFDict, bytes));
  const certRefs = [...existingStreams(reader, previous, "Certs"), ...pool.map((p) => stream(p.der))];
  const ocspRefs = [...existingStreams(reader, previous, "OCSPs"), ...responses.map(stream)];
  const crlRefs = existingStreams(reader, previous, "CRLs");
  const dss = ctx.obj({ Type: "DSS", Certs: certRefs, OCSPs: ocspRefs, ...(crlRefs.length ? { CRLs: crlRefs } : {}) });
  reader.catalog.set(PDFName.of("DSS"), ctx.register(dss));
  update.markModified(reader.rootRef);
  return { pdf: update.serialize().bytes, added: true, revocations, unavailable };
}

/** OCSP responses and certificates stored in the document's DSS (for verification). */
export function readDss(reader: PdfReader): { ocsps: Uint8Array[]; certs: Uint8Array[] } {
  const dss = reader.resolve(reader.catalog.get(PDFName.of("DSS")));
  if (!(dss instanceof PDFDict)) return { ocsps: [], certs: [] };
  const bytesOf = (key: string) =>
    existingStreams(reader, dss, key).flatMap((ref) => {
      const s = reader.resolve(ref);
      if (!(s instanceof PDFRawStream)) return [];
      try {
        return [streamBytes(s)];
      } catch {
        return [];
      }
    });
  return { ocsps: bytesOf("OCSPs"), certs: bytesOf("Certs") };
}

function streamBytes(s: PDFRawStream): Uint8Array {
  const filter = s.dict.get(PDFName.of("Filter"));
  if (!filter) return s.getContents();
  if (filter === PDFName.of("FlateDecode")) return new Uint8Array(inflateSync(s.getContents()));
  throw new Error("unsupported DSS stream filter");
}
