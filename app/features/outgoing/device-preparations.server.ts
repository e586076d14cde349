// "Ký bằng thiết bị của tôi" (issue 13 part 2): the leader's key stays on their USB token, used by the signing agent
// on their own machine. Two phases with the state kept in SQLite (signing_preparations):
//   prepare — the server builds the signed revision with a zeroed placeholder for the registered certificate and
//             returns the SHA-256 digest of the signed attributes, an expiry and the base revision hash;
//   finish  — the browser posts the signature value from the agent; the server checks the preparation is still
//             pending, unexpired and on the current revision, embeds the CMS, verifies the result and stores it.
// Several preparations may exist on one base (two tabs, two devices): the first finished wins, the others are
// marked superseded and their signer is told to reload. No PIN ever reaches the server (the agent asks for it).
import { randomUUID } from "node:crypto";
import { and, eq, ne } from "drizzle-orm";
import { writeTransaction, type DbOrTx } from "#db/client";
import { outgoingDocuments, signingPreparations, type OutgoingDocument } from "#db/schema/index";
import { decideTransition } from "#app/domain/outgoing/workflow";
import type { Actor } from "#app/platform/auth/actor";
import { appendAuditEvent } from "#app/platform/audit.server";
import { auditActorOf, nowOf, type ServiceContext } from "#app/platform/context.server";
import { getFileRow, insertFileRow, readStoredFile, writeBlob } from "#app/platform/files/files.server";
import { loadUserSigningMaterial } from "#app/platform/signing/credentials.server";
import {
  finishDeviceSignatureValue,
  prepareLeaderSignature,
  restorePreparedSignature,
  storePreparedSignature,
  verifySignatures,
  type StoredPreparedSignature,
} from "#app/platform/signing/document-signing.server";
import { certificateFacts, decodeChain, getSigningDevice, sha256Hex } from "#app/platform/signing/pkcs11-signer.server";
import { outgoingDocumentsVisibleTo } from "#app/features/outgoing/visibility.server";
import { SigningMessages } from "#app/messages/signing";
import { OutgoingMessages } from "#app/messages/outgoing";
import { CommonMessages } from "#app/messages/common";
import { AppError, AppErrorCode } from "#app/utils/errors";
import { outgoingMoved } from "#app/features/notifications/index";

/** Long enough to plug the token in and type the PIN; short enough that an abandoned tab does not linger. */
export const DEVICE_PREPARATION_TTL_MS = 5 * 60 * 1000;

type Payload = StoredPreparedSignature;

export type DevicePreparation = {
  preparationId: string;
  /** Base64 SHA-256 of the DER signed attributes: what the token signs (RSASSA-PKCS1-v1_5 over DigestInfo). */
  digest: string;
  digestAlgorithm: "SHA-256";
  expiresAt: string;
  baseSha256: string;
  /** The signer certificate the server prepared for (SHA-256 of its DER). */
  certificateSha256: string;
};

function loadVisible(db: DbOrTx, actor: Actor, documentId: number): OutgoingDocument {
  const doc = db
    .select()
    .from(outgoingDocuments)
    .where(and(eq(outgoingDocuments.id, documentId), outgoingDocumentsVisibleTo(actor)))
    .get();
  if (!doc) throw new AppError(AppErrorCode.NOT_FOUND, CommonMessages.NOT_FOUND("văn bản"));
  return doc;
}

function assertCanSign(doc: OutgoingDocument, actor: Actor) {
  const decision = decideTransition(doc, "sign", actor);
  if (!decision.ok) throw new AppError(decision.code === "INVALID_STATE" ? AppErrorCode.INVALID_STATE : AppErrorCode.FORBIDDEN, decision.message);
}

/**
 * Phase 1. `chainDer` is what the agent reports; its signer certificate must be the one this user registered
 * (Tài khoản → Chữ ký số): a token belonging to someone else is refused before anything is prepared.
 */
export async function prepareDeviceSignature(ctx: ServiceContext, options: { documentId: number; chainDer: Uint8Array[] }): Promise<DevicePreparation> {
  const doc = loadVisible(ctx.db, ctx.actor, options.documentId);
  assertCanSign(doc, ctx.actor);
  if (!doc.fileId) throw new AppError(AppErrorCode.INVALID_STATE, OutgoingMessages.DOCUMENT_HAS_NO_PDF);
  const device = getSigningDevice(ctx.db, { userId: ctx.actor.id }, "own_device");
  if (!device) throw new AppError(AppErrorCode.VALIDATION, OutgoingMessages.NO_OWN_DEVICE_FOR_SIGNING);
  if (!options.chainDer.length || sha256Hex(options.chainDer[0]) !== device.certificateSha256)
    throw new AppError(AppErrorCode.VALIDATION, SigningMessages.WRONG_CERTIFICATE);
  const now = nowOf(ctx);
  // The registered chain (checked against the trust anchors at registration) goes into the CMS, not the posted one.
  const chain = decodeChain(device.certificateChain);
  certificateFacts(chain, now);
  const fileRow = getFileRow(ctx.db, doc.fileId);
  if (!fileRow) throw new AppError(AppErrorCode.NOT_FOUND, CommonMessages.NOT_FOUND("tệp"));
  const base = new Uint8Array(readStoredFile(ctx.dataDir, fileRow));
  const material = loadUserSigningMaterial(ctx, ctx.actor.id);
  const placement = doc.signatureBlock ? (JSON.parse(doc.signatureBlock) as { page: number; rect: [number, number, number, number] }) : null;
  // Same appearance as applyLeaderSignature; room for a timestamp token when TSA_URL is set.
  const prepared = await prepareLeaderSignature(base, {
    certificateChainDer: chain,
    ttlMs: DEVICE_PREPARATION_TTL_MS,
    signerName: ctx.actor.fullName,
    signerTitle: doc.signerTitle,
    signatureImagePng: material.signatureImage,
    signingTime: now,
    placement,
  });
  const expiresAt = new Date(now.getTime() + DEVICE_PREPARATION_TTL_MS);
  const payload: Payload = storePreparedSignature(prepared);
  const id = randomUUID();
  writeTransaction(ctx.db, (tx) => {
    const fresh = loadVisible(tx, ctx.actor, doc.id);
    if (fresh.version !== doc.version || fresh.fileId !== doc.fileId) throw new AppError(AppErrorCode.CONFLICT, SigningMessages.PREPARATION_STALE);
    tx.insert(signingPreparations)
      .values({
        id,
        documentId: doc.id,
        purpose: "sign",
        actorId: ctx.actor.id,
        baseFileId: doc.fileId!,
        baseSha256: prepared.baseSha256,
        baseVersion: doc.version,
        state: "pending",
        payload: JSON.stringify(payload),
        preparedPdf: Buffer.from(prepared.pending.pdf),
        certificateSha256: device.certificateSha256,
        createdAt: now,
        expiresAt,
      })
      .run();
    appendAuditEvent(tx, {
      at: now,
      ...auditActorOf(ctx),
      action: "outgoing.sign_prepare",
      entityType: "outgoing_document",
      entityId: doc.id,
      detail: { preparationId: id, baseSha256: prepared.baseSha256, certificate: device.subjectName },
    });
  });
  return {
    preparationId: id,
    digest: Buffer.from(prepared.digestToSign).toString("base64"),
    digestAlgorithm: "SHA-256",
    expiresAt: expiresAt.toISOString(),
    baseSha256: prepared.baseSha256,
    certificateSha256: device.certificateSha256,
  };
}

function markState(db: DbOrTx, id: string, state: "expired" | "superseded") {
  db.update(signingPreparations).set({ state, preparedPdf: null }).where(eq(signingPreparations.id, id)).run();
}

/** Phase 2: the signature value (base64) from the agent. Stale, expired or foreign preparations are refused. */
export async function finishDeviceSignature(ctx: ServiceContext, options: { preparationId: string; signature: string }): Promise<{ fileId: number }> {
  const row = ctx.db.select().from(signingPreparations).where(eq(signingPreparations.id, options.preparationId)).get();
  if (!row || row.actorId !== ctx.actor.id || row.purpose !== "sign") throw new AppError(AppErrorCode.NOT_FOUND, SigningMessages.PREPARATION_EXPIRED);
  if (row.state === "superseded") throw new AppError(AppErrorCode.CONFLICT, SigningMessages.PREPARATION_STALE);
  if (row.state !== "pending" || !row.preparedPdf) throw new AppError(AppErrorCode.INVALID_STATE, SigningMessages.PREPARATION_EXPIRED);
  const now = nowOf(ctx);
  if (now.getTime() > row.expiresAt.getTime()) {
    writeTransaction(ctx.db, (tx) => markState(tx, row.id, "expired"));
    throw new AppError(AppErrorCode.INVALID_STATE, SigningMessages.PREPARATION_EXPIRED);
  }
  const doc = loadVisible(ctx.db, ctx.actor, row.documentId);
  if (doc.fileId !== row.baseFileId || doc.version !== row.baseVersion) {
    writeTransaction(ctx.db, (tx) => markState(tx, row.id, "superseded"));
    throw new AppError(AppErrorCode.CONFLICT, SigningMessages.PREPARATION_STALE);
  }
  assertCanSign(doc, ctx.actor);
  const payload = JSON.parse(row.payload) as Payload;
  const prepared = restorePreparedSignature(payload, new Uint8Array(row.preparedPdf), { id: row.id, baseSha256: row.baseSha256, expiresAt: row.expiresAt });
  const chain = prepared.pending.certificateChainDer;
  // With TSA_URL the signature timestamp is fetched here (PAdES B-T), as for every other app signature.
  const signed = await finishDeviceSignatureValue(prepared, new Uint8Array(Buffer.from(options.signature ?? "", "base64")), { now });
  // Verify what will be stored, as the clerk's issue step will (Decree 30 Art. 32 k.2).
  const reports = await verifySignatures(ctx.dataDir, signed);
  const last = reports[reports.length - 1];
  if (!last || !last.valid || !last.trusted || last.modifiedAfter) throw new AppError(AppErrorCode.VALIDATION, SigningMessages.INVALID_CHAIN);
  const facts = certificateFacts(chain, now);
  const blob = writeBlob(ctx.dataDir, signed);
  return writeTransaction(ctx.db, (tx) => {
    const current = tx.select().from(signingPreparations).where(eq(signingPreparations.id, row.id)).get();
    if (current?.state !== "pending") throw new AppError(AppErrorCode.CONFLICT, SigningMessages.PREPARATION_STALE);
    const fresh = loadVisible(tx, ctx.actor, doc.id);
    assertCanSign(fresh, ctx.actor);
    if (fresh.fileId !== row.baseFileId || fresh.version !== row.baseVersion) throw new AppError(AppErrorCode.CONFLICT, SigningMessages.PREPARATION_STALE);
    const file = insertFileRow(tx, { blob, mimeType: "application/pdf", originalName: "van-ban-da-ky.pdf", createdBy: ctx.actor.id, at: now });
    tx.update(outgoingDocuments)
      .set({
        status: "signed",
        fileId: file.id,
        leaderSignedFileId: file.id,
        signedBy: ctx.actor.id,
        signedAt: now,
        signingMethod: "digital",
        leaderCertificateName: facts.subjectName,
        version: fresh.version + 1,
        updatedAt: now,
      })
      .where(eq(outgoingDocuments.id, doc.id))
      .run();
    tx.update(signingPreparations).set({ state: "finished", finishedAt: now, preparedPdf: null }).where(eq(signingPreparations.id, row.id)).run();
    // Whoever prepared on the same base lost: their finish will be told to reload.
    tx.update(signingPreparations)
      .set({ state: "superseded", preparedPdf: null })
      .where(and(eq(signingPreparations.documentId, doc.id), eq(signingPreparations.state, "pending"), ne(signingPreparations.id, row.id)))
      .run();
    appendAuditEvent(tx, {
      at: now,
      ...auditActorOf(ctx),
      action: "outgoing.sign",
      entityType: "outgoing_document",
      entityId: doc.id,
      fromState: "leader_review",
      toState: "signed",
      detail: { sha256: blob.sha256, certificate: facts.subjectName, method: "own_device", preparationId: row.id },
    });
    // The clerks learn that a number is awaited, as after a signature with the certificate file (sign.server.ts).
    outgoingMoved(tx, { ...fresh, isSecret: fresh.confidentiality !== "normal" }, "signed", now, auditActorOf(ctx).actorId);
    return { fileId: file.id };
  });
}
