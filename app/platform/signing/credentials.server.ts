// Signing credentials: a user's PKCS#12 and handwritten-signature image (/account), and an
// organisation's PKCS#12 for the seal signature. The PKCS#12 is stored as uploaded (encrypted by its own
// passphrase); the passphrase is only used to check the file at upload time and is never stored.
import { imageProblem } from "#app/domain/shared/file-content";
import { eq } from "drizzle-orm";
import { writeTransaction, type DbOrTx } from "#db/client";
import { files, organizationCertificates, organizations, users } from "#db/schema/index";
import { appendAuditEvent } from "#app/platform/audit.server";
import { auditActorOf, nowOf, type ServiceContext } from "#app/platform/context.server";
import { getFileRow, insertFileRow, readStoredFile, writeBlob } from "#app/platform/files/files.server";
import { isPng, MAX_IMAGE_BYTES, setOrganizationSeal } from "#app/platform/organizations.server";
import { openCertificate, summarizeCertificate } from "#app/platform/signing/document-signing.server";
import { AppError, AppErrorCode } from "#app/utils/errors";
import { PlatformMessages } from "#app/messages/platform";
import { present } from "#app/utils/errors";

const MAX_P12_BYTES = 256 * 1024;

export type UploadSigningCredentialsOptions = {
  certificate?: { bytes: Uint8Array; name: string } | null;
  passphrase?: string;
  signatureImage?: { bytes: Uint8Array } | null;
  /** Acting on someone else (demo seed, admin); default: the actor. */
  userId?: number;
};

/** Validates the PKCS#12 with its passphrase (not stored), then links it and/or the signature PNG to the user. */
export async function uploadSigningCredentials(
  ctx: ServiceContext,
  options: UploadSigningCredentialsOptions,
): Promise<{ subjectName: string | null; notAfter: Date | null }> {
  const userId = options.userId ?? ctx.actor.id;
  if (!options.certificate && !options.signatureImage) {
    throw new AppError(AppErrorCode.VALIDATION, PlatformMessages.CREDENTIAL_FILE_REQUIRED, { certificate: PlatformMessages.CERTIFICATE_FILE_REQUIRED });
  }
  const now = nowOf(ctx);
  let summary: { subjectName: string; notAfter: Date } | null = null;
  if (options.certificate) {
    if (options.certificate.bytes.byteLength > MAX_P12_BYTES)
      throw new AppError(AppErrorCode.VALIDATION, PlatformMessages.CERTIFICATE_TOO_LARGE, { certificate: PlatformMessages.CERTIFICATE_TOO_LARGE });
    if (!options.passphrase)
      throw new AppError(AppErrorCode.VALIDATION, PlatformMessages.CERTIFICATE_PASSPHRASE_REQUIRED, {
        passphrase: PlatformMessages.CERTIFICATE_PASSPHRASE_REQUIRED,
      });
    const signer = await openCertificate(options.certificate.bytes, options.passphrase, now);
    summary = summarizeCertificate(signer);
  }
  if (options.signatureImage) {
    if (!isPng(options.signatureImage.bytes))
      throw new AppError(AppErrorCode.VALIDATION, PlatformMessages.SIGNATURE_IMAGE_NOT_PNG, { signatureImage: PlatformMessages.SIGNATURE_IMAGE_NOT_PNG });
    if (options.signatureImage.bytes.byteLength > MAX_IMAGE_BYTES)
      throw new AppError(AppErrorCode.VALIDATION, PlatformMessages.SIGNATURE_IMAGE_TOO_LARGE(MAX_IMAGE_BYTES / 1024 / 1024), {
        signatureImage: PlatformMessages.IMAGE_TOO_LARGE,
      });
    const problem = imageProblem(options.signatureImage.bytes, ["png"]);
    if (problem) throw new AppError(AppErrorCode.VALIDATION, PlatformMessages.SIGNATURE_IMAGE_PROBLEM(problem), { signatureImage: problem });
  }
  const p12Blob = options.certificate ? writeBlob(ctx.dataDir, options.certificate.bytes) : null;
  const imageBlob = options.signatureImage ? writeBlob(ctx.dataDir, options.signatureImage.bytes) : null;
  writeTransaction(ctx.db, (tx) => {
    const user = tx.select().from(users).where(eq(users.id, userId)).get();
    if (!user) throw new AppError(AppErrorCode.NOT_FOUND, PlatformMessages.USER_NOT_FOUND);
    const set: Partial<typeof users.$inferInsert> = { updatedAt: now, version: user.version + 1 };
    if (p12Blob)
      set.certificateFileId = insertFileRow(tx, {
        blob: p12Blob,
        mimeType: "application/x-pkcs12",
        originalName: present(options.certificate, "the certificate").name,
        createdBy: auditActorOf(ctx).actorId,
        at: now,
      }).id;
    if (imageBlob)
      set.signatureImageFileId = insertFileRow(tx, {
        blob: imageBlob,
        mimeType: "image/png",
        originalName: "signature.png",
        createdBy: auditActorOf(ctx).actorId,
        at: now,
      }).id;
    tx.update(users).set(set).where(eq(users.id, userId)).run();
    appendAuditEvent(tx, {
      at: now,
      ...auditActorOf(ctx),
      action: "user.signing_credentials",
      entityType: "user",
      entityId: userId,
      detail: { certificate: summary ? { subject: summary.subjectName, notAfter: summary.notAfter.toISOString() } : null, signatureImage: !!imageBlob },
    });
  });
  return { subjectName: summary?.subjectName ?? null, notAfter: summary?.notAfter ?? null };
}

export type SigningCredentialStatus = {
  hasCertificate: boolean;
  certificateUploadedAt: Date | null;
  certificateName: string | null;
  hasSignatureImage: boolean;
};

export function getSigningCredentialStatus(db: DbOrTx, userId: number): SigningCredentialStatus {
  const user = db.select({ c: users.certificateFileId, s: users.signatureImageFileId }).from(users).where(eq(users.id, userId)).get();
  const file = user?.c ? getFileRow(db, user.c) : undefined;
  return {
    hasCertificate: !!user?.c,
    certificateUploadedAt: file?.createdAt ?? null,
    certificateName: file?.originalName ?? null,
    hasSignatureImage: !!user?.s,
  };
}

/** The user's PKCS#12 bytes and signature image, for signing (server-side only). */
export function loadUserSigningMaterial(ctx: ServiceContext, userId: number): { p12: Uint8Array | null; signatureImage: Uint8Array | null } {
  const user = ctx.db.select({ c: users.certificateFileId, s: users.signatureImageFileId }).from(users).where(eq(users.id, userId)).get();
  const read = (id: number | null | undefined) => {
    const row = id ? ctx.db.select().from(files).where(eq(files.id, id)).get() : undefined;
    return row ? new Uint8Array(readStoredFile(ctx.dataDir, row)) : null;
  };
  return { p12: read(user?.c), signatureImage: read(user?.s) };
}

export type SetOrganizationCertificateOptions = {
  organizationId: number;
  certificate: { bytes: Uint8Array; name: string };
  passphrase: string;
  sealImage?: Uint8Array | null;
};

/**
 * Stores the organisation's PKCS#12 (checked with its passphrase, which is not stored: the clerk types
 * it at every issuance — Decree 30 Art. 32: the organisation's key is used by the clerk personally).
 * Allowed to administrators and to the organisation's own clerks.
 */
export async function setOrganizationCertificate(
  ctx: ServiceContext,
  options: SetOrganizationCertificateOptions,
): Promise<{ subjectName: string; notAfter: Date }> {
  const isSystem = ctx.actor.id === 0;
  const isAdmin = ctx.actor.permissions.includes("manage:organizations");
  const isOwnClerk = ctx.actor.permissions.includes("issue:outgoing") && ctx.actor.organizationId === options.organizationId;
  if (!isSystem && !isAdmin && !isOwnClerk) throw new AppError(AppErrorCode.NOT_FOUND, PlatformMessages.ORGANIZATION_NOT_FOUND);
  const now = nowOf(ctx);
  const signer = await openCertificate(options.certificate.bytes, options.passphrase, now);
  const summary = summarizeCertificate(signer);
  const blob = writeBlob(ctx.dataDir, options.certificate.bytes);
  writeTransaction(ctx.db, (tx) => {
    const org = tx.select().from(organizations).where(eq(organizations.id, options.organizationId)).get();
    if (!org) throw new AppError(AppErrorCode.NOT_FOUND, PlatformMessages.ORGANIZATION_NOT_FOUND);
    const file = insertFileRow(tx, {
      blob,
      mimeType: "application/x-pkcs12",
      originalName: options.certificate.name,
      createdBy: auditActorOf(ctx).actorId,
      at: now,
    });
    const values = {
      organizationId: org.id,
      certificateFileId: file.id,
      subjectName: summary.subjectName,
      notAfter: summary.notAfter,
      uploadedBy: auditActorOf(ctx).actorId,
      updatedAt: now,
    };
    tx.insert(organizationCertificates).values(values).onConflictDoUpdate({ target: organizationCertificates.organizationId, set: values }).run();
    appendAuditEvent(tx, {
      at: now,
      ...auditActorOf(ctx),
      action: "organization.certificate_upload",
      entityType: "organization",
      entityId: org.id,
      detail: { subject: summary.subjectName, notAfter: summary.notAfter.toISOString() },
    });
  });
  if (options.sealImage) setOrganizationSeal(ctx, { organizationId: options.organizationId, png: options.sealImage });
  return { subjectName: summary.subjectName, notAfter: summary.notAfter };
}

export function loadOrganizationSigningMaterial(
  ctx: ServiceContext,
  organizationId: number,
): { p12: Uint8Array | null; sealImage: Uint8Array | null; subjectName: string | null } {
  const cert = ctx.db.select().from(organizationCertificates).where(eq(organizationCertificates.organizationId, organizationId)).get();
  const org = ctx.db.select({ seal: organizations.sealFileId }).from(organizations).where(eq(organizations.id, organizationId)).get();
  const read = (id: number | null | undefined) => {
    const row = id ? getFileRow(ctx.db, id) : undefined;
    return row ? new Uint8Array(readStoredFile(ctx.dataDir, row)) : null;
  };
  return { p12: read(cert?.certificateFileId), sealImage: read(org?.seal), subjectName: cert?.subjectName ?? null };
}

export function getOrganizationCertificateSummary(db: DbOrTx, organizationId: number): { subjectName: string; notAfter: Date; updatedAt: Date } | null {
  const row = db.select().from(organizationCertificates).where(eq(organizationCertificates.organizationId, organizationId)).get();
  return row ? { subjectName: row.subjectName, notAfter: row.notAfter, updatedAt: row.updatedAt } : null;
}
