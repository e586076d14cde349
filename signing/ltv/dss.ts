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
import { fetchOcsp, ocspUrls, type RevocationStatus } from "./ocsp";

export type LongTermValidationOptions = {
  /** Extra certificates to complete chains (the CA certificate when signatures carry only the signer's). */
  extraCertificatesPem?: string[];
  timeoutMs?: number;
};

export type CertificateRevocation = { subject: string; serial: string; status: RevocationStatus; revokedAt: Date | null; url: string };

export type LongTermValidationResult = {
  pdf: Uint8Array;
  /** False when no certificate names an OCSP responder: nothing to add, the input is returned as it is. */
  added: boolean;
  revocations: CertificateRevocation[];
};

function cn(cert: X509Certificate): string {
  return /(?:^|\n)CN=(.*)/.exec(cert.subject)?.[1] ?? cert.subject;
}

/** Every signature's certificates (and those of its signature timestamp token). */
function signatureCertificates(reader: PdfReader): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (const field of listFields(reader)) {
    if (field.type !== "Sig") continue;
    const v = reader.resolve(field.dict.get(PDFName.of("V")));
    if (!(v instanceof PDFDict)) continue;
    const contents = reader.resolve(v.get(PDFName.of("Contents")));
    if (!(contents instanceof PDFHexString || contents instanceof PDFString)) continue;
    try {
      const sd = parseSignedData(contents.asBytes());
      out.push(...sd.certificates.map((c) => c.der));
      if (sd.signatureTimestampToken) out.push(...parseSignedData(sd.signatureTimestampToken).certificates.map((c) => c.der));
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
 * responder, about this certificate) before they are stored; a responder that cannot be reached is an error.
 */
export async function addLongTermValidation(pdf: Uint8Array, options: LongTermValidationOptions = {}): Promise<LongTermValidationResult> {
  const reader = PdfReader.open(pdf);
  const ders = [...signatureCertificates(reader), ...(options.extraCertificatesPem ?? []).flatMap(pemCertificates)];
  const pool: Array<{ der: Uint8Array; cert: X509Certificate }> = [];
  for (const der of ders) {
    try {
      const cert = new X509Certificate(der);
      if (!pool.some((p) => p.cert.fingerprint256 === cert.fingerprint256)) pool.push({ der, cert });
    } catch {
      // skip
    }
  }
  const certs = pool.map((p) => p.cert);
  const revocations: CertificateRevocation[] = [];
  const responses: Uint8Array[] = [];
  for (const { cert } of pool) {
    const url = ocspUrls(cert)[0];
    if (!url) continue;
    const issuer = issuerOf(cert, certs);
    if (!issuer) continue;
    const { response, status } = await fetchOcsp(cert, issuer, { url, timeoutMs: options.timeoutMs });
    responses.push(response);
    revocations.push({ subject: cn(cert), serial: cert.serialNumber, status: status.status, revokedAt: status.revokedAt, url });
  }
  if (!responses.length) return { pdf, added: false, revocations };

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
  return { pdf: update.serialize().bytes, added: true, revocations };
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
