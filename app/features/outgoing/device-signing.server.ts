// Which key signs an outgoing document (issue 13): the leader's PKCS#12 file, a PKCS#11 token on the server, or
// the leader's own device (two-phase, device-preparations.server.ts). The secret typed on the form is the PKCS#12
// passphrase or the token PIN; it is used once here and never stored, logged or returned.
import { appSignerFromPkcs12, getSigningDevice, getSigningMethod, openServerTokenSigner, type AppSigner } from "#app/platform/signing/pkcs11-signer.server";
import { openCertificate } from "#app/platform/signing/document-signing.server";
import { loadOrganizationSigningMaterial } from "#app/platform/signing/credentials.server";
import type { ServiceContext } from "#app/platform/context.server";
import { SigningMessages } from "#app/messages/signing";
import { OutgoingMessages } from "#app/messages/outgoing";
import { AppError, AppErrorCode } from "#app/utils/errors";

const OWN_DEVICE_MESSAGE = "Bạn đã chọn ký bằng thiết bị của mình: dùng nút “Ký bằng thiết bị của tôi”.";

/** The leader's signer by their chosen method. `secret` is the passphrase (PKCS#12) or the PIN (token). */
export async function openLeaderSigner(ctx: ServiceContext, options: { p12: Uint8Array | null; secret: string; at: Date }): Promise<AppSigner> {
  const method = getSigningMethod(ctx.db, ctx.actor.id);
  if (method === "own_device") throw new AppError(AppErrorCode.VALIDATION, OWN_DEVICE_MESSAGE);
  if (method === "server_token") {
    const device = getSigningDevice(ctx.db, { userId: ctx.actor.id }, "server_token");
    if (!device) throw new AppError(AppErrorCode.VALIDATION, SigningMessages.NO_DEVICE);
    if (!options.secret) throw new AppError(AppErrorCode.VALIDATION, SigningMessages.PIN_REQUIRED, { passphrase: SigningMessages.PIN_REQUIRED });
    return openServerTokenSigner(ctx, device, options.secret, "passphrase");
  }
  if (!options.secret) throw new AppError(AppErrorCode.VALIDATION, OutgoingMessages.PASSPHRASE_REQUIRED, { passphrase: OutgoingMessages.PASSPHRASE_REQUIRED });
  if (!options.p12) throw new AppError(AppErrorCode.VALIDATION, OutgoingMessages.NO_USER_CERTIFICATE);
  return appSignerFromPkcs12(await openCertificate(options.p12, options.secret, options.at));
}

/** The organisation's seal signer: its server token when registered (Decree 30 Art. 33: in the clerk's custody), else its PKCS#12. */
export async function openOrganizationSigner(
  ctx: ServiceContext,
  options: { organizationId: number; p12: Uint8Array | null; secret: string; at: Date },
): Promise<AppSigner> {
  const device = getSigningDevice(ctx.db, { organizationId: options.organizationId }, "server_token");
  if (device) {
    if (!options.secret) throw new AppError(AppErrorCode.VALIDATION, SigningMessages.PIN_REQUIRED, { passphrase: SigningMessages.PIN_REQUIRED });
    return openServerTokenSigner(ctx, device, options.secret, "passphrase");
  }
  if (!options.secret)
    throw new AppError(AppErrorCode.VALIDATION, OutgoingMessages.ORGANIZATION_PASSPHRASE_REQUIRED, {
      passphrase: OutgoingMessages.ORGANIZATION_PASSPHRASE_REQUIRED,
    });
  if (!options.p12) throw new AppError(AppErrorCode.VALIDATION, SigningMessages.NO_ORGANIZATION_SIGNER);
  return appSignerFromPkcs12(await openCertificate(options.p12, options.secret, options.at));
}

/** What the issue form shows: the organisation's certificate, from its token or its PKCS#12. */
export function organizationSignerSummary(
  ctx: ServiceContext,
  organizationId: number,
): { has: boolean; name: string | null; custody: "server_token" | "pkcs12" | null } {
  const device = getSigningDevice(ctx.db, { organizationId }, "server_token");
  if (device) return { has: true, name: device.subjectName, custody: "server_token" };
  const material = loadOrganizationSigningMaterial(ctx, organizationId);
  return { has: !!material.p12, name: material.subjectName, custody: material.p12 ? "pkcs12" : null };
}
