// Public API of the signing library: bytes and key material in, bytes and results out.
export { SigningError, type SigningErrorCode } from "./errors";
export {
  loadPkcs12,
  readPkcs12,
  signerFromPkcs12Contents,
  MAX_PKCS12_ITERATIONS,
  type Pkcs12Contents,
  assertCertificateUsable,
  describeCertificate,
  type CertificateInfo,
  type LoadedSigner,
  type LoadPkcs12Options,
  type Signer,
} from "./keystore/pkcs12";
export {
  createDemoCa,
  createDemoPki,
  issueDemoCertificate,
  type CreateDemoCaOptions,
  type CreateDemoPkiOptions,
  type DemoCa,
  type DemoPki,
  type IssueDemoCertificateOptions,
  type IssuedCertificate,
} from "./keystore/demo-pki";
export { buildSignedAttributes, assembleSignedData, type CmsProfile } from "./cms/build";
export {
  signPdf,
  prepareSignature,
  finishSignature,
  finishSignatureWithTimestamp,
  SignatureSessions,
  formatPdfDate,
  formatVietnamIso,
  sha256Hex,
  type PrepareSignatureOptions,
  type PreparedSignature,
  type FinishSignatureOptions,
  type SignPdfOptions,
  type SignPdfResult,
  type SignatureAppearance,
  type SignatureRole,
  type StampOptions,
} from "./sign";
export { findSignatureBlock, findTextAnchor, extractTextLines, type Rect, type SignatureBlock, type FindSignatureBlockOptions } from "./appearance/anchors";
export { generateSealPng, generateSignaturePng, encodePng } from "./appearance/images";
export { pdfCertificationLevel } from "./verify/changes";
export { verifyPdfSignatures, parsePdfDate, type SignatureReport, type VerifyPdfOptions, type SignatureProfile } from "./verify/verify";
export { planNumberAndDate, formatVietnameseDate, type NumberAndDateOptions, type NumberAndDatePlan } from "./document-number";
export { padTrueTypeGlyphs, type PadTrueTypeGlyphsOptions } from "./fonts/truetype-padding";
export {
  openPkcs11Signer,
  withPkcs11Signer,
  readPkcs11Certificate,
  listPkcs11Tokens,
  ecdsaRawToDer,
  type Pkcs11Location,
  type Pkcs11Signer,
  type Pkcs11SignerOptions,
} from "./pkcs11/token";
export { requestTimestamp, timestampSignatureValue, type TimestampOptions, type TimestampToken } from "./timestamp/rfc3161";
export {
  addLongTermValidation,
  type LongTermValidationOptions,
  type LongTermValidationResult,
  type CertificateRevocation,
  type RevocationUnavailable,
} from "./ltv/dss";
export { ocspUrls, type RevocationStatus } from "./ltv/ocsp";
