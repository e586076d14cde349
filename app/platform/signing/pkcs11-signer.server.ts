// Signing devices (issue 13): PKCS#11 tokens/HSMs on the server and the user's own USB token (through the signing
// agent). Registration reads the certificate from the token (or receives it from the agent); signing opens the
// token with the PIN typed now. The PIN is passed straight to C_Login: never stored, logged, audited or returned.
// With a server token nothing under DATA_DIR holds a private key (only the certificate is stored, in SQLite).
import { createHash, sign as nodeSign, X509Certificate } from "node:crypto";
import { and, eq } from "drizzle-orm";
import forge from "node-forge";
import { writeTransaction, type DbOrTx } from "#db/client";
import { organizations, SIGNING_METHODS, signingDevices, userSigningMethods, users, type SigningDeviceKind, type SigningMethod } from "#db/schema/index";
import { assertCertificateUsable, describeCertificate, openPkcs11Signer, readPkcs11Certificate, SigningError, type LoadedSigner, type Signer } from "#signing/index";
import { appendAuditEvent } from "#app/platform/audit.server";
import { auditActorOf, nowOf, type ServiceContext } from "#app/platform/context.server";
import { toAppError } from "#app/platform/signing/document-signing.server";
import { trustAnchorPems } from "#app/platform/signing/trust-anchors.server";
import { SigningMessages } from "#app/messages/signing";
import { CommonMessages } from "#app/messages/common";
import { AppError, AppErrorCode } from "#app/utils/errors";

/** What the outgoing flows sign with, whatever holds the key. `close` releases a token (always call it). */
export type AppSigner = Signer & {
  commonName: string;
  notAfter: Date;
  custody: "pkcs12" | "server_token";
  /** Synchronous signature (XML-DSig of edXML packets). */
  signSync: (data: Uint8Array) => Uint8Array;
  close: () => void;
};

export function appSignerFromPkcs12(loaded: LoadedSigner): AppSigner {
  return {
    certificateChainDer: loaded.certificateChainDer,
    sign: loaded.sign,
    signSync: (data) => new Uint8Array(nodeSign("sha256", data, loaded.privateKey)),
    commonName: loaded.commonName,
    notAfter: loaded.notAfter,
    custody: "pkcs12",
    close: () => {},
  };
}

export type DeviceOwner = { organizationId: number; userId?: undefined } | { userId: number; organizationId?: undefined };
export type SigningDeviceRow = typeof signingDevices.$inferSelect;

export type CertificateFacts = { subjectName: string; organization: string | null; notBefore: Date; notAfter: Date; sha256: string };

const toForge = (der: Uint8Array) => forge.pki.certificateFromAsn1(forge.asn1.fromDer(forge.util.createBuffer(Buffer.from(der).toString("latin1"))));

/** Subject, validity and SHA-256 of the signer certificate; throws the Vietnamese validity/keyUsage errors. */
export function certificateFacts(chainDer: Uint8Array[], at: Date): CertificateFacts {
  if (!chainDer.length) throw new AppError(AppErrorCode.VALIDATION, SigningMessages.INVALID_CHAIN);
  let info: ReturnType<typeof describeCertificate>;
  try {
    info = describeCertificate(toForge(chainDer[0]));
  } catch {
    throw new AppError(AppErrorCode.VALIDATION, SigningMessages.INVALID_CHAIN);
  }
  try {
    assertCertificateUsable(info, at);
  } catch (error) {
    toAppError(error, "certificate");
  }
  return { subjectName: info.commonName, organization: info.organization ?? null, notBefore: info.notBefore, notAfter: info.notAfter, sha256: sha256Hex(chainDer[0]) };
}

export const sha256Hex = (der: Uint8Array) => createHash("sha256").update(der).digest("hex");
export const encodeChain = (chain: Uint8Array[]) => JSON.stringify(chain.map((d) => Buffer.from(d).toString("base64")));
export const decodeChain = (text: string) => (JSON.parse(text) as string[]).map((b) => new Uint8Array(Buffer.from(b, "base64")));

/** The chain reaches one of the trust anchors (DATA_DIR/keys + /admin/trust-anchors), each link verified. */
export function assertChainTrusted(dataDir: string, chainDer: Uint8Array[]): void {
  const anchors = trustAnchorPems(dataDir).map((p) => new X509Certificate(p));
  const pool = chainDer.map((d) => new X509Certificate(Buffer.from(d)));
  let current = pool[0];
  for (let depth = 0; depth < 10; depth++) {
    if (anchors.some((a) => a.fingerprint256 === current.fingerprint256 || (current.checkIssued(a) && current.verify(a.publicKey)))) return;
    const issuer = pool.find((c) => c !== current && current.checkIssued(c) && current.verify(c.publicKey));
    if (!issuer) break;
    current = issuer;
  }
  throw new AppError(AppErrorCode.VALIDATION, SigningMessages.INVALID_CHAIN, { certificate: SigningMessages.INVALID_CHAIN });
}

function canManage(ctx: ServiceContext, owner: DeviceOwner): boolean {
  if (ctx.actor.id === 0) return true;
  if (owner.organizationId !== undefined) return ctx.actor.permissions.includes("manage:organizations");
  return ctx.actor.permissions.includes("manage:users") || (owner.userId === ctx.actor.id && ctx.actor.permissions.includes("sign:outgoing"));
}

function ownerWhere(owner: DeviceOwner, kind: SigningDeviceKind) {
  return owner.organizationId !== undefined
    ? and(eq(signingDevices.organizationId, owner.organizationId), eq(signingDevices.kind, kind))
    : and(eq(signingDevices.userId, owner.userId), eq(signingDevices.kind, kind));
}

export function getSigningDevice(db: DbOrTx, owner: DeviceOwner, kind: SigningDeviceKind): SigningDeviceRow | undefined {
  return db.select().from(signingDevices).where(ownerWhere(owner, kind)).get();
}

function saveDevice(ctx: ServiceContext, owner: DeviceOwner, values: Omit<typeof signingDevices.$inferInsert, "organizationId" | "userId" | "updatedAt" | "createdBy">, facts: CertificateFacts) {
  const now = nowOf(ctx);
  return writeTransaction(ctx.db, (tx) => {
    if (owner.organizationId !== undefined && !tx.select({ id: organizations.id }).from(organizations).where(eq(organizations.id, owner.organizationId)).get()) {
      throw new AppError(AppErrorCode.NOT_FOUND, CommonMessages.NOT_FOUND("cơ quan, đơn vị"));
    }
    if (owner.userId !== undefined && !tx.select({ id: users.id }).from(users).where(eq(users.id, owner.userId)).get()) throw new AppError(AppErrorCode.NOT_FOUND, CommonMessages.NOT_FOUND("người dùng"));
    const row = { ...values, organizationId: owner.organizationId ?? null, userId: owner.userId ?? null, createdBy: auditActorOf(ctx).actorId, updatedAt: now };
    const existing = getSigningDevice(tx, owner, values.kind);
    if (existing) tx.update(signingDevices).set(row).where(eq(signingDevices.id, existing.id)).run();
    else tx.insert(signingDevices).values(row).run();
    if (owner.userId !== undefined) setMethodRow(tx, owner.userId, values.kind, now);
    appendAuditEvent(tx, {
      at: now,
      ...auditActorOf(ctx),
      action: "signing.device_register",
      entityType: owner.organizationId !== undefined ? "organization" : "user",
      entityId: owner.organizationId ?? owner.userId!,
      // Where the key lives and whose certificate it is; never a PIN.
      detail: { kind: values.kind, modulePath: values.modulePath ?? null, tokenLabel: values.tokenLabel ?? null, keyLabel: values.keyLabel ?? null, subject: facts.subjectName, notAfter: facts.notAfter.toISOString(), sha256: facts.sha256 },
    });
    return getSigningDevice(tx, owner, values.kind)!;
  });
}

export type RegisterServerTokenOptions = DeviceOwner & { modulePath: string; tokenLabel: string; keyLabel?: string | null; keyId?: string | null };

/** Administrator: a token/HSM slot on the server for an organisation's seal or a user. The certificate is read from the token. */
export async function registerServerToken(ctx: ServiceContext, options: RegisterServerTokenOptions): Promise<SigningDeviceRow> {
  if (!canManage(ctx, options) || (ctx.actor.id !== 0 && options.userId !== undefined && !ctx.actor.permissions.includes("manage:users"))) {
    throw new AppError(AppErrorCode.FORBIDDEN, CommonMessages.FORBIDDEN);
  }
  const modulePath = options.modulePath.trim();
  const tokenLabel = options.tokenLabel.trim();
  const keyLabel = options.keyLabel?.trim() || null;
  const keyId = options.keyId?.trim().toLowerCase() || null;
  if (!modulePath || !tokenLabel || (!keyLabel && !keyId)) {
    throw new AppError(AppErrorCode.VALIDATION, SigningMessages.DEVICE_FIELDS_REQUIRED, { modulePath: SigningMessages.REQUIRED, tokenLabel: SigningMessages.REQUIRED, keyLabel: SigningMessages.REQUIRED });
  }
  if (keyId && !/^([0-9a-f]{2})+$/.test(keyId)) throw new AppError(AppErrorCode.VALIDATION, SigningMessages.KEY_ID_HEX, { keyId: SigningMessages.KEY_ID_HEX });
  let chain: Uint8Array[];
  try {
    chain = await readPkcs11Certificate({ modulePath, tokenLabel, keyLabel: keyLabel ?? undefined, keyId: keyId ?? undefined, extraCertificatesDer: anchorDers(ctx.dataDir) });
  } catch (error) {
    toAppError(error, "tokenLabel");
  }
  const facts = certificateFacts(chain, nowOf(ctx));
  return saveDevice(ctx, options, { kind: "server_token", modulePath, tokenLabel, keyLabel, keyId, certificateChain: encodeChain(chain), certificateSha256: facts.sha256, subjectName: facts.subjectName, notAfter: facts.notAfter }, facts);
}

/** The user's own token (signing agent): the chain the agent reported; it must reach a trust anchor. */
export function registerOwnDevice(ctx: ServiceContext, options: { userId?: number; chainDer: Uint8Array[] }): SigningDeviceRow {
  const owner = { userId: options.userId ?? ctx.actor.id };
  if (!canManage(ctx, owner)) throw new AppError(AppErrorCode.FORBIDDEN, CommonMessages.FORBIDDEN);
  const facts = certificateFacts(options.chainDer, nowOf(ctx));
  assertChainTrusted(ctx.dataDir, options.chainDer);
  return saveDevice(ctx, owner, { kind: "own_device", certificateChain: encodeChain(options.chainDer), certificateSha256: facts.sha256, subjectName: facts.subjectName, notAfter: facts.notAfter }, facts);
}

function anchorDers(dataDir: string): Uint8Array[] {
  return trustAnchorPems(dataDir).map((p) => new Uint8Array(new X509Certificate(p).raw));
}

/**
 * Opens a server token with the PIN typed now. The token's certificate must still be the registered one (a
 * swapped token must not sign under the registered name). Caller closes the signer in finally.
 */
export async function openServerTokenSigner(ctx: ServiceContext, device: SigningDeviceRow, pin: string, field = "pin"): Promise<AppSigner> {
  if (device.kind !== "server_token" || !device.modulePath) throw new AppError(AppErrorCode.INVALID_STATE, SigningMessages.NO_DEVICE);
  if (!pin) throw new AppError(AppErrorCode.VALIDATION, SigningMessages.PIN_REQUIRED, { [field]: SigningMessages.PIN_REQUIRED });
  let signer: Awaited<ReturnType<typeof openPkcs11Signer>>;
  try {
    signer = await openPkcs11Signer({
      modulePath: device.modulePath,
      tokenLabel: device.tokenLabel ?? undefined,
      keyLabel: device.keyLabel ?? undefined,
      keyId: device.keyId ?? undefined,
      pin,
      extraCertificatesDer: decodeChain(device.certificateChain).slice(1),
    });
  } catch (error) {
    toAppError(error, field);
  }
  try {
    if (sha256Hex(signer.certificateChainDer[0]) !== device.certificateSha256) {
      throw new AppError(AppErrorCode.VALIDATION, SigningMessages.DEVICE_CERT_CHANGED);
    }
    const facts = certificateFacts(signer.certificateChainDer, nowOf(ctx));
    return { ...signer, commonName: facts.subjectName, notAfter: facts.notAfter, custody: "server_token" };
  } catch (error) {
    signer.close();
    throw error;
  }
}

function setMethodRow(tx: DbOrTx, userId: number, method: SigningMethod, now: Date) {
  tx.insert(userSigningMethods).values({ userId, method, updatedAt: now }).onConflictDoUpdate({ target: userSigningMethods.userId, set: { method, updatedAt: now } }).run();
}

/** The user's chosen method; default: server token if one is registered, else the PKCS#12 file. */
export function getSigningMethod(db: DbOrTx, userId: number): SigningMethod {
  const row = db.select().from(userSigningMethods).where(eq(userSigningMethods.userId, userId)).get();
  if (row) return row.method;
  return getSigningDevice(db, { userId }, "server_token") ? "server_token" : "pkcs12";
}

export function setSigningMethod(ctx: ServiceContext, input: string): void {
  if (!(SIGNING_METHODS as readonly string[]).includes(input)) throw new AppError(AppErrorCode.VALIDATION, SigningMessages.CHOOSE_METHOD, { method: SigningMessages.CHOOSE_METHOD });
  const method = input as SigningMethod;
  const userId = ctx.actor.id;
  if (method !== "pkcs12" && !getSigningDevice(ctx.db, { userId }, method)) {
    throw new AppError(AppErrorCode.VALIDATION, method === "server_token" ? SigningMessages.NO_SERVER_TOKEN : SigningMessages.NO_OWN_DEVICE, { method: SigningMessages.NO_DEVICE_FIELD });
  }
  const now = nowOf(ctx);
  writeTransaction(ctx.db, (tx) => {
    setMethodRow(tx, userId, method, now);
    appendAuditEvent(tx, { at: now, ...auditActorOf(ctx), action: "user.signing_method", entityType: "user", entityId: userId, detail: { method } });
  });
}

export { SigningError };

export const EXPIRY_WARNING_DAYS = 30;

export type SigningOverview = {
  method: SigningMethod;
  serverToken: { subjectName: string; notAfter: string; tokenLabel: string | null } | null;
  ownDevice: { subjectName: string; notAfter: string } | null;
  /** The certificate of the chosen method, when known, and the days left (negative: expired). */
  expiry: { notAfter: string; daysLeft: number } | null;
};

/** Account page and dashboard: the chosen method and when its certificate expires. */
export function getSigningOverview(db: DbOrTx, userId: number, now: Date): SigningOverview {
  const method = getSigningMethod(db, userId);
  const token = getSigningDevice(db, { userId }, "server_token");
  const own = getSigningDevice(db, { userId }, "own_device");
  const chosen = method === "server_token" ? token : method === "own_device" ? own : undefined;
  return {
    method,
    serverToken: token ? { subjectName: token.subjectName, notAfter: token.notAfter.toISOString(), tokenLabel: token.tokenLabel } : null,
    ownDevice: own ? { subjectName: own.subjectName, notAfter: own.notAfter.toISOString() } : null,
    expiry: chosen ? { notAfter: chosen.notAfter.toISOString(), daysLeft: Math.floor((chosen.notAfter.getTime() - now.getTime()) / 86_400_000) } : null,
  };
}

/** Dashboard flag: the chosen certificate expires within 30 days (or has expired). */
export function certificateExpiryWarning(db: DbOrTx, userId: number, now: Date): { daysLeft: number; notAfter: string } | null {
  const { expiry } = getSigningOverview(db, userId, now);
  return expiry && expiry.daysLeft <= EXPIRY_WARNING_DAYS ? expiry : null;
}
