// The clerk's issue step with the organisation's seal on the clerk's own token (issue 13 part 3; Decree 30 Art. 33:
// the seal device is in the clerk's custody), used through the signing agent on the clerk's computer, the same
// round-trip as the leader's "Ký bằng thiết bị của tôi" (device-preparations.server.ts):
//   prepare — the server proposes the next number and date, builds the issue revision of the document (number, date,
//             seal) and of each PDF attachment with zeroed placeholders for the registered seal certificate, keeps
//             them in signing_preparations and returns one SHA-256 digest per file;
//   finish  — the browser posts one signature value per digest from the agent; the server checks the preparation is
//             still pending, unexpired, on the same leader-signed revision, for the still-registered device, and the
//             number still next; embeds the values (with timestamp and long-term validation data as configured),
//             verifies the results and records the issue in the same transaction as the one-phase path
//             (recordIssue: register row, status, liên thông, audit).
// The number is not reserved at prepare (the register has no gaps, Decree 30 Art. 15): if another clerk issues
// first, finish refuses and the clerk signs again with the new number. No PIN reaches the server.
import { randomUUID } from "node:crypto";
import { and, eq, ne } from "drizzle-orm";
import { writeTransaction, type DbOrTx } from "#db/client";
import { signingPreparations, users } from "#db/schema/index";
import { appendAuditEvent } from "#app/platform/audit.server";
import { auditActorOf, nowOf, type ServiceContext } from "#app/platform/context.server";
import { writeBlob } from "#app/platform/files/files.server";
import { loadOrganizationSigningMaterial } from "#app/platform/signing/credentials.server";
import {
  finishDeviceSignatureValue,
  prepareAttachmentSignature,
  prepareOrganizationSignature,
  restorePreparedSignature,
  storePreparedSignature,
  verifySignatures,
  withLongTermValidation,
  type StoredPreparedSignature,
} from "#app/platform/signing/document-signing.server";
import { certificateFacts, decodeChain, getSigningDevice, sha256Hex } from "#app/platform/signing/pkcs11-signer.server";
import { hasRemoteRecipients } from "#app/features/exchange/outbox.server";
import { SigningMessages } from "#app/messages/signing";
import { OutgoingMessages } from "#app/messages/outgoing";
import { AppError, AppErrorCode, present } from "#app/utils/errors";
import { assertLeaderSignature, loadPdfAttachments, organizationSignatureInput, recordIssue, type IssueRevocationWarning } from "./issue.server";
import { proposalFor } from "./numbering.server";
import { OUTGOING_ENTITY, decide, loadVisible, readFileBytes } from "./visibility.server";

/** As for the leader: long enough to find the token and type the PIN, short enough not to hold a stale number. */
export const ISSUE_PREPARATION_TTL_MS = 5 * 60 * 1000;

type Entry = StoredPreparedSignature & { attachmentId: number | null; name: string };
type IssuePayload = {
  entries: Entry[];
  number: number;
  numberSymbol: string;
  issuedDate: string;
  copies: number | null;
  /** The leader's signature field (absent in preparations made before it was kept: every signature is then ours to check). */
  leaderFieldName?: string;
};

export type DeviceIssuePreparation = {
  preparationId: string;
  /** One per file, main document first: base64 SHA-256 of the CMS signed attributes, what the token signs. */
  digests: Array<{ digest: string; name: string }>;
  digestAlgorithm: "SHA-256";
  expiresAt: string;
  baseSha256: string;
  certificateSha256: string;
  numberSymbol: string;
  issuedDate: string;
};

function organizationDevice(db: DbOrTx, organizationId: number) {
  const device = getSigningDevice(db, { organizationId }, "own_device");
  if (!device) throw new AppError(AppErrorCode.VALIDATION, SigningMessages.NO_ORGANIZATION_DEVICE);
  return device;
}

/**
 * Phase 1. `chainDer` is what the clerk's agent reports; its signer certificate must be the organisation's
 * registered seal certificate. Documents with recipients on other systems (edXML packets, signed with the seal
 * after the PDF) are refused here, before anything is prepared.
 */
export async function prepareDeviceIssue(
  ctx: ServiceContext,
  options: { documentId: number; chainDer: Uint8Array[]; copies?: number | null },
): Promise<DeviceIssuePreparation> {
  const doc = loadVisible(ctx.db, ctx.actor, options.documentId);
  decide(doc, "issue", ctx.actor);
  if (!doc.fileId) throw new AppError(AppErrorCode.INVALID_STATE, OutgoingMessages.DOCUMENT_HAS_NO_PDF);
  const device = organizationDevice(ctx.db, doc.organizationId);
  if (!options.chainDer.length || sha256Hex(options.chainDer[0]) !== device.certificateSha256)
    throw new AppError(AppErrorCode.VALIDATION, SigningMessages.WRONG_ORGANIZATION_CERTIFICATE);
  if (hasRemoteRecipients(ctx.db, doc.id)) throw new AppError(AppErrorCode.VALIDATION, SigningMessages.DEVICE_ISSUE_REMOTE_RECIPIENTS);
  const now = nowOf(ctx);
  // The registered chain (checked against the trust anchors at registration) goes into the CMS, not the posted one.
  const chain = decodeChain(device.certificateChain);
  certificateFacts(chain, now);
  const base = readFileBytes(ctx, doc.fileId);
  const { leaderFieldName } = await assertLeaderSignature(ctx, doc, base);
  const material = loadOrganizationSigningMaterial(ctx, doc.organizationId);
  const proposal = proposalFor(ctx.db, doc, now);
  const forDevice = { certificateChainDer: chain, ttlMs: ISSUE_PREPARATION_TTL_MS };
  const prepared = [
    {
      attachmentId: null as number | null,
      name: `${proposal.numberSymbol.replace(/\//g, "-")}.pdf`,
      prepared: await prepareOrganizationSignature(base, { ...organizationSignatureInput(doc, proposal, material.sealImage, now), ...forDevice }),
    },
  ];
  for (const attachment of await loadPdfAttachments(ctx, doc.id)) {
    const p = await prepareAttachmentSignature(attachment.bytes, {
      numberSymbol: proposal.numberSymbol,
      signingTime: now,
      pageSize: attachment.pageSize,
      ...forDevice,
    });
    prepared.push({ attachmentId: attachment.id, name: attachment.name, prepared: p });
  }
  const payload: IssuePayload = {
    entries: prepared.map((p) => ({ ...storePreparedSignature(p.prepared), attachmentId: p.attachmentId, name: p.name })),
    number: proposal.number,
    numberSymbol: proposal.numberSymbol,
    issuedDate: proposal.issuedDate,
    copies: options.copies ?? null,
    leaderFieldName,
  };
  const expiresAt = new Date(now.getTime() + ISSUE_PREPARATION_TTL_MS);
  const id = randomUUID();
  const baseSha256 = prepared[0].prepared.baseSha256;
  writeTransaction(ctx.db, (tx) => {
    const fresh = loadVisible(tx, ctx.actor, doc.id);
    if (fresh.version !== doc.version || fresh.fileId !== doc.fileId) throw new AppError(AppErrorCode.CONFLICT, SigningMessages.PREPARATION_STALE);
    tx.insert(signingPreparations)
      .values({
        id,
        documentId: doc.id,
        purpose: "issue",
        actorId: ctx.actor.id,
        baseFileId: present(doc.fileId, "the leader-signed file"),
        baseSha256,
        baseVersion: doc.version,
        state: "pending",
        payload: JSON.stringify(payload),
        preparedPdf: Buffer.concat(prepared.map((p) => p.prepared.pending.pdf)),
        certificateSha256: device.certificateSha256,
        createdAt: now,
        expiresAt,
      })
      .run();
    appendAuditEvent(tx, {
      at: now,
      ...auditActorOf(ctx),
      action: "outgoing.issue_prepare",
      entityType: OUTGOING_ENTITY,
      entityId: doc.id,
      detail: { preparationId: id, baseSha256, numberSymbol: proposal.numberSymbol, files: prepared.length, certificate: device.subjectName },
    });
  });
  return {
    preparationId: id,
    digests: prepared.map((p) => ({ digest: Buffer.from(p.prepared.digestToSign).toString("base64"), name: p.name })),
    digestAlgorithm: "SHA-256",
    expiresAt: expiresAt.toISOString(),
    baseSha256,
    certificateSha256: device.certificateSha256,
    numberSymbol: proposal.numberSymbol,
    issuedDate: proposal.issuedDate,
  };
}

function markState(db: DbOrTx, id: string, state: "expired" | "superseded") {
  db.update(signingPreparations).set({ state, preparedPdf: null }).where(eq(signingPreparations.id, id)).run();
}

/** Phase 2: one signature value (base64) per digest, in the same order. */
export async function finishDeviceIssue(
  ctx: ServiceContext,
  options: { preparationId: string; signatures: string[] },
): Promise<{ number: number; numberSymbol: string; issuedDate: string; fileId: number }> {
  const row = ctx.db.select().from(signingPreparations).where(eq(signingPreparations.id, options.preparationId)).get();
  if (!row || row.actorId !== ctx.actor.id || row.purpose !== "issue") throw new AppError(AppErrorCode.NOT_FOUND, SigningMessages.PREPARATION_EXPIRED);
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
  decide(doc, "issue", ctx.actor);
  // The device may have been stopped (lost token) between prepare and finish.
  const device = getSigningDevice(ctx.db, { organizationId: doc.organizationId }, "own_device");
  if (!device || device.certificateSha256 !== row.certificateSha256)
    throw new AppError(AppErrorCode.INVALID_STATE, SigningMessages.ORGANIZATION_DEVICE_CHANGED);
  const payload = JSON.parse(row.payload) as IssuePayload;
  if (options.signatures.length !== payload.entries.length) throw new AppError(AppErrorCode.VALIDATION, SigningMessages.INVALID_SIGNATURE);
  // The number and date proposed at prepare time (the clerk saw them); still next in the book?
  const proposal = proposalFor(ctx.db, doc, row.createdAt);
  if (proposal.number !== payload.number || proposal.numberSymbol !== payload.numberSymbol) {
    writeTransaction(ctx.db, (tx) => markState(tx, row.id, "superseded"));
    throw new AppError(AppErrorCode.CONFLICT, OutgoingMessages.NUMBER_TAKEN_RESIGN(payload.numberSymbol));
  }
  const facts = certificateFacts(decodeChain(device.certificateChain), now);

  const signedFiles: Uint8Array[] = [];
  const revocationWarnings: IssueRevocationWarning[] = [];
  let offset = 0;
  for (const [i, entry] of payload.entries.entries()) {
    const length = entry.length ?? 0;
    const pdf = new Uint8Array(row.preparedPdf.subarray(offset, offset + length));
    offset += length;
    const prepared = restorePreparedSignature(entry, pdf, { id: `${row.id}/${i}`, baseSha256: row.baseSha256, expiresAt: row.expiresAt });
    const signed = await finishDeviceSignatureValue(prepared, new Uint8Array(Buffer.from(options.signatures[i] ?? "", "base64")), { now });
    // The document's own earlier signature is the leader's; an attachment has none (as in the one-phase path).
    const isAttachment = entry.attachmentId !== null;
    const ownEarlierFields = isAttachment ? [] : payload.leaderFieldName ? [payload.leaderFieldName] : undefined;
    const validated = await withLongTermValidation(signed, { signedField: prepared.fieldName, ownEarlierFields });
    revocationWarnings.push(...validated.revocationWarnings.map((w) => ({ ...w, file: isAttachment ? entry.name : null })));
    signedFiles.push(validated.pdf);
  }
  // Verify what will be stored, since the signature values came from the clerk's device: the last signature is the
  // seal, valid, trusted, unmodified, made with the registered certificate; the document's leader signature is still
  // the one checked at prepare. Signatures made on the uploaded PDF before the leader signed neither block nor are
  // vouched for, as when the seal is applied on the server (assertLeaderSignature, Decree 30 Art. 32 k.2): a
  // producer's untrusted CA is not the clerk's to answer for.
  for (const [i, pdf] of signedFiles.entries()) {
    const reports = await verifySignatures(ctx.dataDir, pdf);
    const seal = reports[reports.length - 1];
    const sound = (r: (typeof reports)[number] | undefined) => !!r && r.valid && r.trusted && !r.modifiedAfter;
    const earlier = reports.slice(0, -1);
    const leaderOk =
      i > 0 ||
      (payload.leaderFieldName !== undefined
        ? sound(earlier.find((r) => r.fieldName === payload.leaderFieldName))
        : earlier.length > 0 && earlier.every(sound));
    if (!sound(seal) || seal.signerName !== facts.subjectName || !leaderOk) throw new AppError(AppErrorCode.VALIDATION, SigningMessages.INVALID_CHAIN);
  }
  const blob = writeBlob(ctx.dataDir, signedFiles[0]);
  const signedAttachments = payload.entries
    .slice(1)
    .map((e, i) => ({ id: present(e.attachmentId, "the attachment id"), name: e.name, blob: writeBlob(ctx.dataDir, signedFiles[i + 1]) }));
  const signerName = ctx.db.select({ fullName: users.fullName }).from(users).where(eq(users.id, doc.signerId)).get()?.fullName ?? "";
  const result = writeTransaction(ctx.db, (tx) => {
    const current = tx.select().from(signingPreparations).where(eq(signingPreparations.id, row.id)).get();
    if (current?.state !== "pending") throw new AppError(AppErrorCode.CONFLICT, SigningMessages.PREPARATION_STALE);
    const recorded = recordIssue(tx, ctx, {
      doc,
      proposal,
      blob,
      signedAttachments,
      // Refused at prepare when a recipient is on another system: nothing to send as edXML.
      edxml: { packets: new Map() },
      copies: payload.copies,
      signerName,
      now,
      auditDetail: {
        method: "own_device",
        preparationId: row.id,
        certificate: facts.subjectName,
        ...(revocationWarnings.length ? { revocationWarnings } : {}),
      },
    });
    if (!recorded) return null;
    tx.update(signingPreparations).set({ state: "finished", finishedAt: now, preparedPdf: null }).where(eq(signingPreparations.id, row.id)).run();
    // Whoever prepared the issue of this document meanwhile lost: their finish is told to reload.
    tx.update(signingPreparations)
      .set({ state: "superseded", preparedPdf: null })
      .where(and(eq(signingPreparations.documentId, doc.id), eq(signingPreparations.state, "pending"), ne(signingPreparations.id, row.id)))
      .run();
    return recorded;
  });
  if (result) return result;
  // Another clerk took the number between our check and the transaction.
  writeTransaction(ctx.db, (tx) => markState(tx, row.id, "superseded"));
  throw new AppError(AppErrorCode.CONFLICT, OutgoingMessages.NUMBER_TAKEN_RESIGN(payload.numberSymbol));
}
