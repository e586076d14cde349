// The only adapter between the app and the signing/ library (house style rule 12): it reads key files
// and fonts, maps SigningError to AppError, and never keeps a passphrase (not stored, logged or returned).
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import {
  SigningError,
  addLongTermValidation,
  createDemoCa,
  finishSignature,
  finishSignatureWithTimestamp,
  formatVietnamIso,
  generateSealPng,
  generateSignaturePng,
  issueDemoCertificate,
  pdfCertificationLevel,
  prepareSignature,
  signPdf,
  signerFromPkcs12Contents,
  type DemoCa,
  type LoadedSigner,
  type Pkcs12Contents,
  type PreparedSignature,
  type PrepareSignatureOptions,
  type Signer,
  type Rect,
  type SignatureReport,
  type SigningErrorCode,
  type StampOptions,
  type TimestampOptions,
} from "#signing/index";
import { loadTinos } from "#documents/fonts/tinos";
import { AppError, AppErrorCode } from "#app/utils/errors";
import { trustAnchorPems } from "#app/platform/signing/trust-anchors.server";
import { SigningMessages, signingMessageFor } from "#app/messages/signing";
import { SignatureValidationMessages } from "#app/messages/signature-validation";
import { getEnv, type Env } from "#app/env.server";
import { runUntrusted, UntrustedTaskError } from "#app/platform/untrusted/pool.server";

/**
 * TSA_URL (optional TSA_USERNAME / TSA_PASSWORD): every signature the app makes then carries an RFC 3161
 * signature timestamp (PAdES B-T). A TSA that fails fails the signature: no revision is stored.
 */
export function timestampFromEnv(env: Pick<Env, "TSA_URL" | "TSA_USERNAME" | "TSA_PASSWORD"> = getEnv()): TimestampOptions | undefined {
  const url = env.TSA_URL?.trim();
  if (!url) return undefined;
  return { url, username: env.TSA_USERNAME || undefined, password: env.TSA_PASSWORD || undefined };
}

/**
 * A certificate of a signature made elsewhere before ours whose responder could not be reached at issue: the
 * issue goes ahead and this goes into its audit row (shown on the document page).
 */
export type RevocationWarning = { subject: string; url: string; fieldNames: string[]; reason: string };

export type LongTermValidated = { pdf: Uint8Array; revocationWarnings: RevocationWarning[] };

/**
 * PAdES B-LT at issue time: when a certificate of the document's signatures names an OCSP responder, its answers and
 * the chains go into a DSS in a final revision (SIGNING_LTV=off skips this). A revoked certificate refuses the
 * issue; nothing is stored then.
 * `signedField` is the signature just made and `ownEarlierFields` the earlier ones that are ours (the leader's):
 * an unreachable responder for any of them fails the issue with its own message. Any other earlier signature was
 * made before the PDF was uploaded (a decree signed by the Government, a form signed by its author); only the
 * leader's is trusted at issue (assertLeaderSignature), so an unreachable responder for those is a warning.
 * `ownEarlierFields` unset: every signature is ours to check.
 */
export async function withLongTermValidation(
  pdf: Uint8Array,
  signatures: { signedField: string; ownEarlierFields?: string[] },
  env: Pick<Env, "SIGNING_LTV"> = getEnv(),
): Promise<LongTermValidated> {
  if (env.SIGNING_LTV === "off") return { pdf, revocationWarnings: [] };
  const requiredFields = signatures.ownEarlierFields ? [...signatures.ownEarlierFields, signatures.signedField] : undefined;
  try {
    const ltv = await addLongTermValidation(pdf, { requiredFields });
    const revoked = ltv.revocations.find((r) => r.status === "revoked");
    if (revoked) throw new AppError(AppErrorCode.VALIDATION, SignatureValidationMessages.CERT_REVOKED(revoked.subject));
    return { pdf: ltv.pdf, revocationWarnings: ltv.unavailable.map(({ subject, url, fieldNames, reason }) => ({ subject, url, fieldNames, reason })) };
  } catch (error) {
    toAppError(error);
  }
}

/**
 * A PDF certified with "no changes allowed" (DocMDP P=1) cannot take the leader's signature: any revision breaks
 * the certification. Checked when the draft's PDF is attached, so the drafter hears it before review; the signing
 * step refuses it again (SigningError CERTIFIED_NO_CHANGES).
 */
export function isCertifiedNoChanges(pdf: Uint8Array): boolean {
  return pdfCertificationLevel(pdf) === 1;
}

/** Tinos regular, padded, from the one font module (documents/fonts/tinos.ts). */
export function loadSigningFont(): Uint8Array {
  return loadTinos("regular");
}

/** A SigningError becomes a form error on the passphrase field (wrong passphrase, expired…). */
export function toAppError(error: unknown, field = "passphrase"): never {
  if (error instanceof SigningError) {
    if (error.code === "CONCURRENT_REVISION") throw new AppError(AppErrorCode.CONFLICT, error.message);
    const message = signingMessageFor(error.code) ?? error.message;
    const onField = [
      "WRONG_PASSPHRASE",
      "INVALID_PKCS12",
      "PKCS12_TOO_COSTLY",
      "CERT_EXPIRED",
      "CERT_NOT_YET_VALID",
      "KEY_USAGE",
      "PKCS11_PIN_INCORRECT",
      "PKCS11_PIN_LOCKED",
      "PKCS11_PIN_EXPIRED",
    ].includes(error.code);
    throw new AppError(AppErrorCode.VALIDATION, message, onField ? { [field]: message } : undefined);
  }
  throw error;
}

/**
 * CPU time a pool child may spend opening one PKCS#12 (ADR 0020). The iteration cap (MAX_PKCS12_ITERATIONS,
 * 200,000 ≈ 3 s here) refuses costlier files before any work; this bounds whatever the cap cannot see.
 */
export const PKCS12_OPEN_TIME_LIMIT_MS = 10_000;

/**
 * Opens a PKCS#12 with its passphrase (validity checked at `at`). The key derivation runs in the untrusted-file
 * pool, not on the request thread: forge does it in JavaScript, ≈ 60 ms for OpenSSL's 2,048 iterations and 3 s
 * for 200,000, during which the server answered nobody. A file over the time limit is refused
 * (PKCS12_TOO_COSTLY) and its child killed. Errors land on the form field `field`.
 */
export async function openCertificate(
  p12: Uint8Array,
  passphrase: string,
  at: Date,
  options: { field?: string; timeLimitMs?: number } = {},
): Promise<LoadedSigner> {
  const timeLimitMs = options.timeLimitMs ?? PKCS12_OPEN_TIME_LIMIT_MS;
  try {
    const contents = await runUntrusted<Pkcs12Contents>("pkcs12-open", { bytes: p12, passphrase }, { timeoutMs: timeLimitMs, maxMemoryMb: 256 });
    return signerFromPkcs12Contents(contents, { at });
  } catch (error) {
    toAppError(pkcs12Failure(error, timeLimitMs), options.field);
  }
}

/** The pool's failures as the SigningErrors the synchronous loadPkcs12 throws, so every caller words them alike. */
function pkcs12Failure(error: unknown, timeLimitMs: number): unknown {
  if (!(error instanceof UntrustedTaskError)) return error;
  switch (error.code) {
    case "TASK":
      return error.remoteName === "SigningError" && error.remoteCode
        ? new SigningError(error.remoteCode as SigningErrorCode, error.message)
        : new SigningError("INVALID_PKCS12", undefined, { cause: error });
    case "TIMEOUT":
      return new SigningError("PKCS12_TOO_COSTLY", SigningMessages.PKCS12_TIMEOUT((timeLimitMs / 1000).toLocaleString("vi-VN")), { cause: error });
    case "MEMORY":
    case "CRASHED":
      return new SigningError("INVALID_PKCS12", undefined, { cause: error });
    default:
      // BUSY: the server's fault, not the file's; the pool's message says to retry.
      return new AppError(AppErrorCode.VALIDATION, error.message);
  }
}

export type CertificateSummary = { subjectName: string; organization: string | null; notBefore: Date; notAfter: Date };

export function summarizeCertificate(signer: LoadedSigner): CertificateSummary {
  return { subjectName: signer.commonName, organization: signer.certificate.organization ?? null, notBefore: signer.notBefore, notAfter: signer.notAfter };
}

export type LeaderSignatureOptions = {
  signer: Signer;
  signerName: string;
  signerTitle: string;
  signatureImagePng?: Uint8Array | null;
  signingTime: Date;
  /** Composed drafts know their signature block; uploads are searched for the title/name lines. */
  placement?: { page: number; rect: Rect } | null;
  expectedBaseSha256?: string;
};

function leaderSignatureRequest(options: Omit<LeaderSignatureOptions, "signer">): Omit<PrepareSignatureOptions, "certificateChainDer"> {
  return {
    role: "leader",
    signingTime: options.signingTime,
    reason: "Phê duyệt, ký ban hành",
    expectedBaseSha256: options.expectedBaseSha256,
    appearance: {
      visible: true,
      fontBytes: loadSigningFont(),
      signatureImagePng: options.signatureImagePng ?? generateSignaturePng(options.signerName),
      // With a known block the name is already printed under it: the appearance shows the image only.
      signerName: options.placement ? undefined : options.signerName,
      signerTitle: options.signerTitle,
      page: options.placement?.page,
      rect: options.placement?.rect,
    },
  };
}

/** The leader's approval signature (no DocMDP: the clerk's form fill and seal must remain allowed, signing.md §1.6). */
export async function applyLeaderSignature(pdf: Uint8Array, options: LeaderSignatureOptions): Promise<Uint8Array> {
  try {
    const result = await signPdf(pdf, { ...leaderSignatureRequest(options), timestamp: timestampFromEnv(), signer: options.signer });
    return result.pdf;
  } catch (error) {
    toAppError(error);
  }
}

export type OrganizationSignatureOptions = {
  signer: Signer;
  organizationName: string;
  sealImagePng?: Uint8Array | null;
  signingTime: Date;
  /** Values of the composer's clerk fields, or stamps at "Số:"/"ngày" in uploaded PDFs. */
  formValues: Record<string, string>;
  stamps?: Array<{ text: string; anchorText: string; replaceAnchor?: boolean; fontSize?: number; fallback?: StampOptions["fallback"] }>;
  expectedBaseSha256?: string;
  /** The leader's signature field (its revocation data is required; other earlier signatures only warn). Unset: all required. */
  leaderFieldName?: string;
};

/** What the organisation's signature adds (number, date, seal appearance), whoever holds the key. */
function organizationSignatureRequest(options: Omit<OrganizationSignatureOptions, "signer">): Omit<PrepareSignatureOptions, "certificateChainDer"> {
  return {
    role: "organization",
    signingTime: options.signingTime,
    reason: "Phát hành văn bản",
    expectedBaseSha256: options.expectedBaseSha256,
    formValues: options.formValues,
    stamps: options.stamps,
    appearance: {
      visible: true,
      fontBytes: loadSigningFont(),
      // The composer's date field names the italic face (Phụ lục I: the date line is italic).
      italicFontBytes: loadTinos("italic"),
      sealImagePng: options.sealImagePng ?? generateSealPng(options.organizationName),
      organizationName: options.organizationName,
    },
  };
}

/** Number, date and the seal signature in ONE incremental revision (signing.md §1.6: never touch page content). */
export async function applyOrganizationSignature(pdf: Uint8Array, options: OrganizationSignatureOptions): Promise<LongTermValidated> {
  try {
    const result = await signPdf(pdf, { ...organizationSignatureRequest(options), timestamp: timestampFromEnv(), signer: options.signer });
    const ownEarlierFields = options.leaderFieldName ? [options.leaderFieldName] : undefined;
    return await withLongTermValidation(result.pdf, { signedField: result.fieldName, ownEarlierFields });
  } catch (error) {
    toAppError(error);
  }
}

export type AttachmentSignatureOptions = { signer: Signer; numberSymbol: string; signingTime: Date; pageSize: { width: number; height: number } };

function attachmentSignatureRequest(options: Omit<AttachmentSignatureOptions, "signer">): Omit<PrepareSignatureOptions, "certificateChainDer"> {
  const text = `${options.numberSymbol}  ${formatVietnamIso(options.signingTime)}`;
  const { width, height } = options.pageSize;
  return {
    role: "organization",
    signingTime: options.signingTime,
    reason: "Phát hành văn bản (phụ lục)",
    appearance: { visible: false, fontBytes: loadSigningFont() },
    stamps: [{ text, page: 0, rect: [width - 20 - 230, height - 14 - 16, width - 20, height - 14], fontSize: 10 }],
  };
}

/**
 * Organisation signature on an attachment issued as a separate file (Decree 30 Phụ lục I): no seal
 * image; "số, ký hiệu" and the signing time (ISO 8601, +07:00) in Times 10 at the top right of page 1.
 * An attachment carries no leader signature: any earlier one was made elsewhere (only a warning in LTV).
 */
export async function applyAttachmentSignature(pdf: Uint8Array, options: AttachmentSignatureOptions): Promise<LongTermValidated> {
  try {
    const result = await signPdf(pdf, { ...attachmentSignatureRequest(options), timestamp: timestampFromEnv(), signer: options.signer });
    return await withLongTermValidation(result.pdf, { signedField: result.fieldName, ownEarlierFields: [] });
  } catch (error) {
    toAppError(error);
  }
}

// ---------------------------------------------------------------------------------------------
// Two-phase signatures (a key on the signer's own token, used through the signing agent): prepare builds the
// revision with a zeroed placeholder for the registered certificate and returns what the token signs; the
// prepared bytes are kept (signing_preparations) until the signature value comes back; finish embeds it, with a
// timestamp when TSA_URL is set, exactly as the one-phase functions above do.

export type DevicePrepareOptions = { certificateChainDer: Uint8Array[]; ttlMs: number };

async function prepareWith(
  pdf: Uint8Array,
  request: Omit<PrepareSignatureOptions, "certificateChainDer">,
  options: DevicePrepareOptions,
): Promise<PreparedSignature> {
  try {
    return await prepareSignature(pdf, {
      ...request,
      certificateChainDer: options.certificateChainDer,
      ttlMs: options.ttlMs,
      timestamped: !!timestampFromEnv(),
    });
  } catch (error) {
    toAppError(error);
  }
}

/** The leader's approval signature, prepared for a device (same appearance as applyLeaderSignature). */
export function prepareLeaderSignature(pdf: Uint8Array, options: Omit<LeaderSignatureOptions, "signer"> & DevicePrepareOptions): Promise<PreparedSignature> {
  return prepareWith(pdf, leaderSignatureRequest(options), options);
}

/** The organisation's signature with number and date, prepared for the clerk's device (as applyOrganizationSignature). */
export function prepareOrganizationSignature(
  pdf: Uint8Array,
  options: Omit<OrganizationSignatureOptions, "signer"> & DevicePrepareOptions,
): Promise<PreparedSignature> {
  return prepareWith(pdf, organizationSignatureRequest(options), options);
}

/** An attachment's organisation signature, prepared for the clerk's device (as applyAttachmentSignature). */
export function prepareAttachmentSignature(
  pdf: Uint8Array,
  options: Omit<AttachmentSignatureOptions, "signer"> & DevicePrepareOptions,
): Promise<PreparedSignature> {
  return prepareWith(pdf, attachmentSignatureRequest(options), options);
}

/**
 * Embeds the device's signature value (checked against the prepared certificate first: a value over other data is
 * INVALID_SIGNATURE, nothing embedded), with the signature timestamp when TSA_URL is set. The organisation's
 * signatures then take the long-term validation revision (withLongTermValidation), as the one-phase path.
 */
export async function finishDeviceSignatureValue(prepared: PreparedSignature, signatureValue: Uint8Array, options: { now: Date }): Promise<Uint8Array> {
  const tsa = timestampFromEnv();
  try {
    return tsa
      ? await finishSignatureWithTimestamp(prepared, signatureValue, tsa, { now: options.now, currentBaseSha256: prepared.baseSha256 })
      : finishSignature(prepared, signatureValue, { now: options.now, currentBaseSha256: prepared.baseSha256 });
  } catch (error) {
    if (error instanceof SigningError && error.code === "INVALID_SIGNATURE_VALUE")
      throw new AppError(AppErrorCode.VALIDATION, SigningMessages.INVALID_SIGNATURE);
    toAppError(error);
  }
}

/** A prepared signature as kept in signing_preparations.payload (the prepared file itself is stored beside it). */
export type StoredPreparedSignature = {
  fieldName: string;
  signingTime: string;
  bytesToSign: string;
  contentsStart: number;
  contentsEnd: number;
  chain: string[];
  documentDigest: string;
  /** Bytes of the prepared file (several files are stored concatenated). */
  length?: number;
};

export function storePreparedSignature(prepared: PreparedSignature): StoredPreparedSignature {
  const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString("base64");
  return {
    fieldName: prepared.fieldName,
    signingTime: prepared.signingTime.toISOString(),
    bytesToSign: b64(prepared.bytesToSign),
    contentsStart: prepared.pending.contentsStart,
    contentsEnd: prepared.pending.contentsEnd,
    chain: prepared.pending.certificateChainDer.map(b64),
    documentDigest: b64(prepared.documentDigest),
    length: prepared.pending.pdf.length,
  };
}

export function restorePreparedSignature(
  stored: StoredPreparedSignature,
  pdf: Uint8Array,
  meta: { id: string; baseSha256: string; expiresAt: Date },
): PreparedSignature {
  const bytes = (b64: string) => new Uint8Array(Buffer.from(b64, "base64"));
  return {
    id: meta.id,
    fieldName: stored.fieldName,
    profile: "pades",
    signingTime: new Date(stored.signingTime),
    baseSha256: meta.baseSha256,
    baseLength: 0,
    bytesToSign: bytes(stored.bytesToSign),
    digestToSign: new Uint8Array(0),
    documentDigest: bytes(stored.documentDigest),
    expiresAt: meta.expiresAt,
    pending: { pdf, contentsStart: stored.contentsStart, contentsEnd: stored.contentsEnd, certificateChainDer: stored.chain.map(bytes) },
    finished: false,
  };
}

/**
 * Trust anchors: every certificate in DATA_DIR/keys (the demo CA in demo mode) and those an administrator added on
 * /admin/trust-anchors (the national root, the Government CA chains): app/platform/signing/trust-anchors.server.ts.
 */
export function trustAnchors(dataDir: string): string[] {
  return trustAnchorPems(dataDir);
}

/**
 * Verifies every signature of a PDF in the untrusted-file pool. The PDFs checked here carry signatures made
 * elsewhere (a signing device's CMS value, a leader's revision, a specialist's upload): their xref chains, object
 * streams and CMS blobs are parsed where a hostile one can only waste a child, never on the request thread (it was
 * in-process, ~10 ms of CPU for a one-page signed PDF). Pages showing a stored PDF's signatures use the per-hash
 * cache of stored-signatures.server.ts instead.
 */
export async function verifySignatures(dataDir: string, pdf: Uint8Array): Promise<SignatureReport[]> {
  try {
    return await runUntrusted<SignatureReport[]>("pdf-verify", { bytes: pdf, trustAnchorsPem: trustAnchors(dataDir) }, { timeoutMs: 30_000, maxMemoryMb: 768 });
  } catch (error) {
    if (error instanceof UntrustedTaskError) {
      const message = (error.remoteName === "SigningError" && error.remoteCode && signingMessageFor(error.remoteCode as SigningErrorCode)) || error.message;
      throw new AppError(AppErrorCode.VALIDATION, message);
    }
    throw error;
  }
}

export type { SignatureReport };

export const DEMO_CA_FILE = "demo-ca.pem";
export const DEMO_CERTIFICATE_PASSPHRASE = "demo";

/** The demo CA (created once per DATA_DIR; its certificate is the demo trust anchor). */
export function ensureDemoCa(dataDir: string): DemoCa {
  const dir = join(dataDir, "keys");
  const certPath = join(dir, DEMO_CA_FILE);
  const keyPath = join(dir, "demo-ca-key.pem");
  if (existsSync(certPath) && existsSync(keyPath)) return { certPem: readFileSync(certPath, "utf8"), keyPem: readFileSync(keyPath, "utf8") };
  mkdirSync(dir, { recursive: true });
  const ca = createDemoCa({ commonName: "Văn phòng điện tử - CA thử nghiệm", organization: "Văn phòng điện tử (demo)" });
  writeFileSync(keyPath, ca.keyPem, { mode: 0o600 });
  writeFileSync(certPath, ca.certPem);
  return ca;
}

export function issueDemoP12(ca: DemoCa, options: { commonName: string; organization: string; kind: "person" | "organization"; title?: string }): Uint8Array {
  return issueDemoCertificate(ca, { ...options, password: DEMO_CERTIFICATE_PASSPHRASE }).p12;
}

export function demoSignatureImage(name: string): Uint8Array {
  return generateSignaturePng(name);
}

export function demoSealImage(organizationName: string): Uint8Array {
  return generateSealPng(organizationName);
}
