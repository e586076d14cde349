// What the edXML and list commands of the CLI print (issue 12 §7). JSON shapes are a contract.
import { and, desc, eq, type SQL } from "drizzle-orm";
import type { Db } from "#db/client";
import { files, incomingDocuments, outgoingDocuments, users } from "#db/schema/index";
import type { Actor } from "#app/platform/auth/actor";
import { findDocumentTypeByCode } from "#app/domain/shared/document-types";
import { openCertificate, DEMO_CERTIFICATE_PASSPHRASE } from "#app/platform/signing/document-signing.server";
import { incomingDocumentsVisibleTo } from "#app/features/incoming/index";
import { outgoingDocumentsVisibleTo } from "#app/features/outgoing/index";
import { loadOrganizationSigningMaterial } from "#app/platform/signing/credentials.server";
import { exportEdxmlDocumentPacket } from "#app/features/exchange/outbox.server";
import { getReceivedPacketInfo, receiveEdxmlPacket } from "#app/features/exchange/inbox.server";
import { AppError, AppErrorCode } from "#app/utils/errors";
import { ExchangeMessages } from "#app/messages/exchange";
import { present } from "#app/utils/errors";

type Deps = { db: Db; dataDir: string; actor: Actor };

export type ImportedDocumentJson = {
  kind: "document";
  id: number;
  status: string;
  numberSymbol: string;
  issuedDate: string | null;
  issuerOrganId: string;
  issuerName: string;
  docType: string;
  summary: string;
  signerName: string | null;
  urgency: string;
  dueDate: string | null;
  attachments: Array<{ name: string; sha256: string; bytes: number }>;
  xmlSignature: "valid" | "invalid" | "absent";
  xmlSignatureTrusted: boolean;
  duplicate: boolean;
};

export async function importEdxmlForCli(deps: Deps, bytes: Uint8Array) {
  if (!deps.actor.permissions.includes("register:incoming")) throw new AppError(AppErrorCode.FORBIDDEN, ExchangeMessages.CANNOT_RECEIVE_INCOMING);
  const result = await receiveEdxmlPacket(deps, bytes, { channel: "cli", onlyOrganizationId: deps.actor.organizationId });
  if (result.state === "refused") throw new AppError(AppErrorCode.VALIDATION, ExchangeMessages.PACKET_REFUSED(result.reason));
  const duplicate = result.state === "duplicate";
  if (result.kind === "status") return { kind: "status" as const, code: result.statusCode, documentId: result.documentId, duplicate };
  if (result.kind === "recall") return { kind: "recall" as const, documentId: result.documentId, affected: result.affected, duplicate };
  if (result.kind === "update") return { kind: "update" as const, documentId: result.documentId, affected: result.affected, duplicate };
  const id = result.incomingDocumentIds[0];
  const doc = present(deps.db.select().from(incomingDocuments).where(eq(incomingDocuments.id, id)).get(), "the received incoming document");
  const info = present(getReceivedPacketInfo(deps.db, id), "the received packet");
  const out: ImportedDocumentJson = {
    kind: "document",
    id,
    status: doc.status,
    numberSymbol: doc.numberSymbol,
    issuedDate: doc.issuedDate,
    issuerOrganId: info.senderOrganId,
    issuerName: doc.issuerName,
    docType: doc.docTypeCode,
    summary: doc.summary,
    signerName: doc.signerName,
    urgency: doc.urgency,
    dueDate: doc.handlingDeadline,
    attachments: info.attachments.map((a) => {
      const f = present(deps.db.select().from(files).where(eq(files.id, a.fileId)).get(), "the attachment file row");
      return { name: a.name, sha256: f.sha256, bytes: f.size };
    }),
    xmlSignature: info.xmlSignature,
    xmlSignatureTrusted: info.xmlSignatureTrusted,
    duplicate: result.state === "duplicate",
  };
  return out;
}

export async function exportEdxmlForCli(
  deps: Deps,
  options: { documentId: number; toOrganId: string; passphrase?: string },
): Promise<{ xml: string; documentId: string }> {
  const material = loadOrganizationSigningMaterial(deps, deps.actor.organizationId);
  if (!material.p12) throw new AppError(AppErrorCode.VALIDATION, ExchangeMessages.NO_SIGNING_CERTIFICATE);
  const now = new Date();
  // Without --passphrase the demo passphrase is tried: it opens only demo certificates.
  const signer = await openCertificate(material.p12, options.passphrase ?? DEMO_CERTIFICATE_PASSPHRASE, now);
  const doc = deps.db.select({ signerId: outgoingDocuments.signerId }).from(outgoingDocuments).where(eq(outgoingDocuments.id, options.documentId)).get();
  const signerName = doc ? (deps.db.select({ n: users.fullName }).from(users).where(eq(users.id, doc.signerId)).get()?.n ?? "") : "";
  return exportEdxmlDocumentPacket(deps, { documentId: options.documentId, toOrganId: options.toOrganId, signer, signerName, at: now });
}

export function listOutgoingForCli(deps: Deps, status?: string) {
  const where: SQL[] = [outgoingDocumentsVisibleTo(deps.actor)];
  if (status) where.push(eq(outgoingDocuments.status, status as never));
  return deps.db
    .select({
      id: outgoingDocuments.id,
      numberSymbol: outgoingDocuments.numberSymbol,
      status: outgoingDocuments.status,
      summary: outgoingDocuments.summary,
      docTypeCode: outgoingDocuments.docTypeCode,
      issuedDate: outgoingDocuments.issuedDate,
      urgency: outgoingDocuments.urgency,
    })
    .from(outgoingDocuments)
    .where(and(...where))
    .orderBy(desc(outgoingDocuments.updatedAt), desc(outgoingDocuments.id))
    .all()
    .map((r) => ({ ...r, docType: findDocumentTypeByCode(r.docTypeCode)?.name ?? r.docTypeCode }));
}

export function listIncomingForCli(deps: Deps, status?: string) {
  const where: SQL[] = [incomingDocumentsVisibleTo(deps.actor)];
  if (status) where.push(eq(incomingDocuments.status, status as never));
  return deps.db
    .select({
      id: incomingDocuments.id,
      numberSymbol: incomingDocuments.numberSymbol,
      status: incomingDocuments.status,
      summary: incomingDocuments.summary,
      issuerName: incomingDocuments.issuerName,
      issuedDate: incomingDocuments.issuedDate,
      arrivalNumber: incomingDocuments.arrivalNumber,
      urgency: incomingDocuments.urgency,
      recalledAt: incomingDocuments.recalledAt,
    })
    .from(incomingDocuments)
    .where(and(...where))
    .orderBy(desc(incomingDocuments.receivedAt), desc(incomingDocuments.id))
    .all();
}
