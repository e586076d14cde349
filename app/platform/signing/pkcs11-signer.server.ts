// Signing devices (issue 13): PKCS#11 tokens/HSMs on the server and the user's own USB token (through the signing
// agent). Registration reads the certificate from the token (or receives it from the agent); signing opens the
// token with the PIN typed now. The PIN is passed straight to C_Login: never stored, logged, audited or returned.
// With a server token nothing under DATA_DIR holds a private key (only the certificate is stored, in SQLite).
import { createHash, randomUUID, sign as nodeSign, verify as nodeVerify, X509Certificate } from "node:crypto";
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { and, eq } from "drizzle-orm";
import forge from "node-forge";
import { writeTransaction, type DbOrTx } from "#db/client";
import { organizations, SIGNING_METHODS, signingDevices, userSigningMethods, users, type SigningDeviceKind, type SigningMethod } from "#db/schema/index";
import {
  assertCertificateUsable,
  describeCertificate,
  openPkcs11Signer,
  readPkcs11Certificate,
  SigningError,
  type LoadedSigner,
  type Signer,
} from "#signing/index";
import { appendAuditEvent } from "#app/platform/audit.server";
import { auditActorOf, nowOf, type ServiceContext } from "#app/platform/context.server";
import { toAppError } from "#app/platform/signing/document-signing.server";
import { trustAnchorPems } from "#app/platform/signing/trust-anchors.server";
import { SigningMessages } from "#app/messages/signing";
import { CommonMessages } from "#app/messages/common";
import { AppError, AppErrorCode } from "#app/utils/errors";
import { getEnv, readPinVariable } from "#app/env.server";

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
  return {
    subjectName: info.commonName,
    organization: info.organization ?? null,
    notBefore: info.notBefore,
    notAfter: info.notAfter,
    sha256: sha256Hex(chainDer[0]),
  };
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

/**
 * Who may register or disable a device: the administrator for an organisation's seal; for the seal on the clerk's
 * own token (used through the agent on the clerk's computer) also that organisation's clerk, as with its PKCS#12
 * (Decree 30 Art. 33: the seal device is in the clerk's custody); for a user, user managers and the signer.
 */
function canManage(ctx: ServiceContext, owner: DeviceOwner, kind: SigningDeviceKind): boolean {
  if (ctx.actor.id === 0) return true;
  if (owner.organizationId !== undefined) {
    if (ctx.actor.permissions.includes("manage:organizations")) return true;
    return kind === "own_device" && ctx.actor.permissions.includes("issue:outgoing") && ctx.actor.organizationId === owner.organizationId;
  }
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

function saveDevice(
  ctx: ServiceContext,
  owner: DeviceOwner,
  values: Omit<typeof signingDevices.$inferInsert, "organizationId" | "userId" | "updatedAt" | "createdBy">,
  facts: CertificateFacts,
  extraDetail: Record<string, unknown> = {},
) {
  const now = nowOf(ctx);
  return writeTransaction(ctx.db, (tx) => {
    if (
      owner.organizationId !== undefined &&
      !tx.select({ id: organizations.id }).from(organizations).where(eq(organizations.id, owner.organizationId)).get()
    ) {
      throw new AppError(AppErrorCode.NOT_FOUND, CommonMessages.NOT_FOUND("cơ quan, đơn vị"));
    }
    if (owner.userId !== undefined && !tx.select({ id: users.id }).from(users).where(eq(users.id, owner.userId)).get())
      throw new AppError(AppErrorCode.NOT_FOUND, CommonMessages.NOT_FOUND("người dùng"));
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
      detail: {
        kind: values.kind,
        modulePath: values.modulePath ?? null,
        tokenLabel: values.tokenLabel ?? null,
        keyLabel: values.keyLabel ?? null,
        subject: facts.subjectName,
        notAfter: facts.notAfter.toISOString(),
        sha256: facts.sha256,
        ...extraDetail,
        // A replacement names the certificate it replaced.
        replaced: existing
          ? { subject: existing.subjectName, sha256: existing.certificateSha256, tokenLabel: existing.tokenLabel, keyLabel: existing.keyLabel }
          : null,
      },
    });
    return getSigningDevice(tx, owner, values.kind)!;
  });
}

/**
 * Where the PIN for the registration's test signature comes from: typed once on the form, or read on the server
 * from an environment variable the administrator names (an HSM partition PIN set by the operator, which the
 * administrator then never sees). Either way it is used for this one login and never stored, logged or audited;
 * at each signature the clerk or signer types the PIN again (issue 13).
 */
export type TokenPinSource = { source: "typed"; pin: string } | { source: "env"; variable: string };

export type RegisterServerTokenOptions = DeviceOwner & {
  modulePath: string;
  tokenLabel: string;
  keyLabel?: string | null;
  keyId?: string | null;
  pin: TokenPinSource;
};

/** An environment variable name that can hold a token PIN: upper-case, and saying PIN (not SESSION_SECRET, SMTP_URL…). */
export const PIN_VARIABLE_PATTERN = /^[A-Z][A-Z0-9_]{0,63}$/;

function resolvePin(pin: TokenPinSource): string {
  if (pin.source === "typed") {
    if (!pin.pin) throw new AppError(AppErrorCode.VALIDATION, SigningMessages.PIN_REQUIRED, { pin: SigningMessages.PIN_REQUIRED });
    return pin.pin;
  }
  const name = pin.variable.trim();
  if (!PIN_VARIABLE_PATTERN.test(name) || !name.includes("PIN"))
    throw new AppError(AppErrorCode.VALIDATION, SigningMessages.PIN_VARIABLE_NAME, { pinVariable: SigningMessages.PIN_VARIABLE_NAME });
  const value = readPinVariable(name);
  if (!value) throw new AppError(AppErrorCode.VALIDATION, SigningMessages.PIN_VARIABLE_EMPTY(name), { pinVariable: SigningMessages.PIN_VARIABLE_EMPTY(name) });
  return value;
}

/**
 * PKCS#11 modules the web form may load (PKCS11_MODULES, comma-separated; default: the SoftHSM2 and OpenSC paths of
 * Debian). Loading a module runs its code inside the server, so an administrator on the web picks from this list
 * rather than typing a path (a file uploaded as an attachment must never become a module). The CLI runs as the
 * operator on the server and may name any path.
 */
export function allowedPkcs11Modules(): string[] {
  const configured = getEnv()
    .PKCS11_MODULES?.split(",")
    .map((p) => p.trim())
    .filter(Boolean);
  return (configured?.length ? configured : DEFAULT_PKCS11_MODULES).map((p) => resolve(p));
}

/** The allowed modules present on this server (the options of the admin form). */
export function availablePkcs11Modules(): string[] {
  return allowedPkcs11Modules().filter((p) => existsSync(p));
}

const DEFAULT_PKCS11_MODULES = [
  "/usr/lib/softhsm/libsofthsm2.so",
  "/usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so",
  "/usr/lib/x86_64-linux-gnu/opensc-pkcs11.so",
  "/usr/lib/x86_64-linux-gnu/pkcs11/opensc-pkcs11.so",
];

/** A challenge signed at registration and checked against the certificate read from the token. */
async function testSignature(options: {
  modulePath: string;
  tokenLabel: string;
  keyLabel: string | null;
  keyId: string | null;
  pin: string;
  chain: Uint8Array[];
}): Promise<void> {
  let signer: Awaited<ReturnType<typeof openPkcs11Signer>>;
  try {
    signer = await openPkcs11Signer({
      modulePath: options.modulePath,
      tokenLabel: options.tokenLabel,
      keyLabel: options.keyLabel ?? undefined,
      keyId: options.keyId ?? undefined,
      pin: options.pin,
      extraCertificatesDer: options.chain.slice(1),
    });
  } catch (error) {
    toAppError(error, "pin");
  }
  try {
    // The key found after login must be the one whose certificate was read (same CKA_ID), and it must really sign.
    if (sha256Hex(signer.certificateChainDer[0]) !== sha256Hex(options.chain[0]))
      throw new AppError(AppErrorCode.VALIDATION, SigningMessages.TEST_SIGNATURE_FAILED);
    const challenge = new TextEncoder().encode(`VPDT test signature ${randomUUID()} ${new Date().toISOString()}`);
    let value: Uint8Array;
    try {
      value = await signer.sign(challenge);
    } catch (error) {
      toAppError(error, "pin");
    }
    const publicKey = new X509Certificate(Buffer.from(options.chain[0])).publicKey;
    if (!nodeVerify("sha256", challenge, publicKey, value)) throw new AppError(AppErrorCode.VALIDATION, SigningMessages.TEST_SIGNATURE_FAILED);
  } finally {
    signer.close();
  }
}

/**
 * Administrator (web form or CLI, one service): registers or replaces a key on a PKCS#11 token/HSM reachable from
 * the server, for an organisation's seal (Decree 30 Art. 33) or a user. The certificate is read from the token and
 * must chain to a trust anchor; then the key signs a challenge with the PIN (typed once or read from a named
 * environment variable) and the signature is verified against that certificate. Only then is the slot saved,
 * audited in the same transaction (where the key lives, whose certificate, how the PIN was given; never the PIN).
 */
export async function registerServerToken(ctx: ServiceContext, options: RegisterServerTokenOptions): Promise<SigningDeviceRow> {
  if (!canManage(ctx, options, "server_token") || (ctx.actor.id !== 0 && options.userId !== undefined && !ctx.actor.permissions.includes("manage:users"))) {
    throw new AppError(AppErrorCode.FORBIDDEN, CommonMessages.FORBIDDEN);
  }
  if (options.organizationId !== undefined) assertIssuingOrganization(ctx.db, options.organizationId);
  const modulePath = options.modulePath.trim();
  const tokenLabel = options.tokenLabel.trim();
  const keyLabel = options.keyLabel?.trim() || null;
  const keyId = options.keyId?.trim().toLowerCase() || null;
  if (!modulePath || !tokenLabel || (!keyLabel && !keyId)) {
    throw new AppError(AppErrorCode.VALIDATION, SigningMessages.DEVICE_FIELDS_REQUIRED, {
      modulePath: SigningMessages.REQUIRED,
      tokenLabel: SigningMessages.REQUIRED,
      keyLabel: SigningMessages.REQUIRED,
    });
  }
  if (keyId && !/^([0-9a-f]{2})+$/.test(keyId)) throw new AppError(AppErrorCode.VALIDATION, SigningMessages.KEY_ID_HEX, { keyId: SigningMessages.KEY_ID_HEX });
  if (ctx.actor.id !== 0 && !allowedPkcs11Modules().includes(resolve(modulePath))) {
    throw new AppError(AppErrorCode.VALIDATION, SigningMessages.MODULE_NOT_ALLOWED, { modulePath: SigningMessages.MODULE_NOT_ALLOWED });
  }
  const pin = resolvePin(options.pin);
  let chain: Uint8Array[];
  try {
    chain = await readPkcs11Certificate({
      modulePath,
      tokenLabel,
      keyLabel: keyLabel ?? undefined,
      keyId: keyId ?? undefined,
      extraCertificatesDer: anchorDers(ctx.dataDir),
    });
  } catch (error) {
    toAppError(error, "tokenLabel");
  }
  const facts = certificateFacts(chain, nowOf(ctx));
  assertChainTrusted(ctx.dataDir, chain);
  await testSignature({ modulePath, tokenLabel, keyLabel, keyId, pin, chain });
  const pinSource = options.pin.source === "env" ? `env:${options.pin.variable.trim()}` : "typed";
  return saveDevice(
    ctx,
    options,
    {
      kind: "server_token",
      modulePath,
      tokenLabel,
      keyLabel,
      keyId,
      certificateChain: encodeChain(chain),
      certificateSha256: facts.sha256,
      subjectName: facts.subjectName,
      notAfter: facts.notAfter,
    },
    facts,
    { pinSource, testSignature: true },
  );
}

/** The seal belongs to an issuing organisation (province, department, commune), never to a unit inside one. */
function assertIssuingOrganization(db: DbOrTx, organizationId: number) {
  const org = db.select({ kind: organizations.kind }).from(organizations).where(eq(organizations.id, organizationId)).get();
  if (!org) throw new AppError(AppErrorCode.NOT_FOUND, CommonMessages.NOT_FOUND("cơ quan, đơn vị"));
  if (org.kind === "unit") throw new AppError(AppErrorCode.VALIDATION, SigningMessages.SEAL_NEEDS_ISSUING_ORGANIZATION);
}

/**
 * Administrator: stops using a registered device (a lost or replaced token, a revoked certificate). The row goes;
 * the audit row keeps where the key was and whose certificate it was. A user whose method was that device falls
 * back to the PKCS#12 file; an organisation falls back to its PKCS#12 (or has no seal signer until one is registered).
 */
export function disableSigningDevice(ctx: ServiceContext, owner: DeviceOwner, kind: SigningDeviceKind): void {
  if (!canManage(ctx, owner, kind)) throw new AppError(AppErrorCode.FORBIDDEN, CommonMessages.FORBIDDEN);
  const now = nowOf(ctx);
  writeTransaction(ctx.db, (tx) => {
    const row = getSigningDevice(tx, owner, kind);
    if (!row) throw new AppError(AppErrorCode.INVALID_STATE, SigningMessages.NO_DEVICE_TO_DISABLE);
    tx.delete(signingDevices).where(eq(signingDevices.id, row.id)).run();
    if (owner.userId !== undefined) {
      const method = tx.select().from(userSigningMethods).where(eq(userSigningMethods.userId, owner.userId)).get();
      if (method?.method === kind) setMethodRow(tx, owner.userId, "pkcs12", now);
    }
    appendAuditEvent(tx, {
      at: now,
      ...auditActorOf(ctx),
      action: "signing.device_disable",
      entityType: owner.organizationId !== undefined ? "organization" : "user",
      entityId: owner.organizationId ?? owner.userId,
      detail: {
        kind,
        modulePath: row.modulePath,
        tokenLabel: row.tokenLabel,
        keyLabel: row.keyLabel,
        subject: row.subjectName,
        notAfter: row.notAfter.toISOString(),
        sha256: row.certificateSha256,
      },
    });
  });
}

/**
 * A token used through the signing agent on the holder's computer: the chain the agent reported; it must reach a
 * trust anchor. For a user (default: the actor) their own key; with `organizationId` the organisation's seal on the
 * clerk's token (the clerk's issue step signs with it; a signature from any other certificate is refused).
 */
export function registerOwnDevice(ctx: ServiceContext, options: { userId?: number; organizationId?: number; chainDer: Uint8Array[] }): SigningDeviceRow {
  const owner: DeviceOwner = options.organizationId !== undefined ? { organizationId: options.organizationId } : { userId: options.userId ?? ctx.actor.id };
  if (!canManage(ctx, owner, "own_device")) throw new AppError(AppErrorCode.FORBIDDEN, CommonMessages.FORBIDDEN);
  if (owner.organizationId !== undefined) assertIssuingOrganization(ctx.db, owner.organizationId);
  const facts = certificateFacts(options.chainDer, nowOf(ctx));
  assertChainTrusted(ctx.dataDir, options.chainDer);
  return saveDevice(
    ctx,
    owner,
    {
      kind: "own_device",
      certificateChain: encodeChain(options.chainDer),
      certificateSha256: facts.sha256,
      subjectName: facts.subjectName,
      notAfter: facts.notAfter,
    },
    facts,
  );
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
  tx.insert(userSigningMethods)
    .values({ userId, method, updatedAt: now })
    .onConflictDoUpdate({ target: userSigningMethods.userId, set: { method, updatedAt: now } })
    .run();
}

/** The user's chosen method; default: server token if one is registered, else the PKCS#12 file. */
export function getSigningMethod(db: DbOrTx, userId: number): SigningMethod {
  const row = db.select().from(userSigningMethods).where(eq(userSigningMethods.userId, userId)).get();
  if (row) return row.method;
  return getSigningDevice(db, { userId }, "server_token") ? "server_token" : "pkcs12";
}

export function setSigningMethod(ctx: ServiceContext, input: string): void {
  if (!(SIGNING_METHODS as readonly string[]).includes(input))
    throw new AppError(AppErrorCode.VALIDATION, SigningMessages.CHOOSE_METHOD, { method: SigningMessages.CHOOSE_METHOD });
  const method = input as SigningMethod;
  const userId = ctx.actor.id;
  if (method !== "pkcs12" && !getSigningDevice(ctx.db, { userId }, method)) {
    throw new AppError(AppErrorCode.VALIDATION, method === "server_token" ? SigningMessages.NO_SERVER_TOKEN : SigningMessages.NO_OWN_DEVICE, {
      method: SigningMessages.NO_DEVICE_FIELD,
    });
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
