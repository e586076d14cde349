// The only adapter between the app and the signing/ library (house style rule 12): it reads key files
// and fonts, maps SigningError to AppError, and never keeps a passphrase (not stored, logged or returned).
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import {
  SigningError,
  addLongTermValidation,
  createDemoCa,
  formatVietnamIso,
  generateSealPng,
  generateSignaturePng,
  issueDemoCertificate,
  loadPkcs12,
  signPdf,
  verifyPdfSignatures,
  type DemoCa,
  type LoadedSigner,
  type Signer,
  type Rect,
  type SignatureReport,
  type StampOptions,
  type TimestampOptions,
} from "#signing/index";
import { loadTinos } from "#documents/fonts/tinos";
import { AppError, AppErrorCode } from "#app/utils/errors";
import { trustAnchorPems } from "#app/platform/signing/trust-anchors.server";
import { signingMessageFor } from "#app/messages/signing";
import { SignatureValidationMessages } from "#app/messages/signature-validation";
import { getEnv, type Env } from "#app/env.server";

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
 * PAdES B-LT at issue time: when a certificate of the document's signatures names an OCSP responder, its answers and
 * the chains go into a DSS in a final revision (SIGNING_LTV=off skips this). A revoked certificate refuses the
 * issue; an unreachable responder fails it with its own message. Either way nothing is stored.
 */
export async function withLongTermValidation(pdf: Uint8Array, env: Pick<Env, "SIGNING_LTV"> = getEnv()): Promise<Uint8Array> {
  if (env.SIGNING_LTV === "off") return pdf;
  try {
    const ltv = await addLongTermValidation(pdf);
    const revoked = ltv.revocations.find((r) => r.status === "revoked");
    if (revoked) throw new AppError(AppErrorCode.VALIDATION, SignatureValidationMessages.CERT_REVOKED(revoked.subject));
    return ltv.pdf;
  } catch (error) {
    toAppError(error);
  }
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
    const onField = ["WRONG_PASSPHRASE", "INVALID_PKCS12", "CERT_EXPIRED", "CERT_NOT_YET_VALID", "KEY_USAGE", "PKCS11_PIN_INCORRECT", "PKCS11_PIN_LOCKED", "PKCS11_PIN_EXPIRED"].includes(error.code);
    throw new AppError(AppErrorCode.VALIDATION, message, onField ? { [field]: message } : undefined);
  }
  throw error;
}

/** Opens a PKCS#12 with its passphrase (validity checked at `at`). */
export function openCertificate(p12: Uint8Array, passphrase: string, at: Date, field = "passphrase"): LoadedSigner {
  try {
    return loadPkcs12(p12, passphrase, { at });
  } catch (error) {
    toAppError(error, field);
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

/** The leader's approval signature (no DocMDP: the clerk's form fill and seal must remain allowed, signing.md §1.6). */
export async function applyLeaderSignature(pdf: Uint8Array, options: LeaderSignatureOptions): Promise<Uint8Array> {
  try {
    const result = await signPdf(pdf, {
      timestamp: timestampFromEnv(),
      signer: options.signer,
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
    });
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
};

/** Number, date and the seal signature in ONE incremental revision (signing.md §1.6: never touch page content). */
export async function applyOrganizationSignature(pdf: Uint8Array, options: OrganizationSignatureOptions): Promise<Uint8Array> {
  try {
    const result = await signPdf(pdf, {
      timestamp: timestampFromEnv(),
      signer: options.signer,
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
    });
    return await withLongTermValidation(result.pdf);
  } catch (error) {
    toAppError(error);
  }
}

/**
 * Organisation signature on an attachment issued as a separate file (Decree 30 Phụ lục I): no seal
 * image; "số, ký hiệu" and the signing time (ISO 8601, +07:00) in Times 10 at the top right of page 1.
 */
export async function applyAttachmentSignature(pdf: Uint8Array, options: { signer: Signer; numberSymbol: string; signingTime: Date; pageSize: { width: number; height: number } }): Promise<Uint8Array> {
  const text = `${options.numberSymbol}  ${formatVietnamIso(options.signingTime)}`;
  const { width, height } = options.pageSize;
  try {
    const result = await signPdf(pdf, {
      timestamp: timestampFromEnv(),
      signer: options.signer,
      role: "organization",
      signingTime: options.signingTime,
      reason: "Phát hành văn bản (phụ lục)",
      appearance: { visible: false, fontBytes: loadSigningFont() },
      stamps: [{ text, page: 0, rect: [width - 20 - 230, height - 14 - 16, width - 20, height - 14], fontSize: 10 }],
    });
    return await withLongTermValidation(result.pdf);
  } catch (error) {
    toAppError(error);
  }
}

/**
 * Trust anchors: every certificate in DATA_DIR/keys (the demo CA in demo mode) and those an administrator added on
 * /admin/trust-anchors (the national root, the Government CA chains): app/platform/signing/trust-anchors.server.ts.
 */
export function trustAnchors(dataDir: string): string[] {
  return trustAnchorPems(dataDir);
}

export async function verifySignatures(dataDir: string, pdf: Uint8Array): Promise<SignatureReport[]> {
  try {
    return await verifyPdfSignatures(pdf, { trustAnchorsPem: trustAnchors(dataDir) });
  } catch (error) {
    toAppError(error);
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
