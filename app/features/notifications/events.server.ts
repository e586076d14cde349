// The events other features raise, one function each, so that a workflow's call site stays one line and the
// wording and recipients of each event live here. Every function runs inside the caller's transaction.
import type { DbOrTx } from "#db/client";
import { URGENCY_LABELS, type UrgencyKey } from "#app/domain/shared/document-marks";
import { NotificationMessages } from "#app/messages/notifications";
import { eq } from "drizzle-orm";
import { incomingAssignments, organizations, outgoingDocuments } from "#db/schema/index";
import { deliveryAnswerText } from "#app/domain/outgoing/labels";
import { isSecretConfidentiality } from "#app/domain/outgoing/workflow";
import { notify, taskLeadRecipientIds, unitRecipientIds, usersWithPermission } from "./notify.server";

type IncomingRef = { id: number; organizationId: number; numberSymbol: string; summary: string; isSecret: boolean; urgency?: string };
type Assigned = { kind: "main" | "cooperate" | "info"; userId?: number | null; unitId?: number | null };

/** Phân phối / giao xử lý: each assignee (a person, or the heads of a unit) learns what they must do. */
export function incomingAssigned(tx: DbOrTx, doc: IncomingRef, assignments: Assigned[], at: Date, actorId: number | null, eventSeed: string): void {
  for (const kind of ["main", "cooperate", "info"] as const) {
    const mine = assignments.filter((a) => a.kind === kind);
    if (mine.length === 0) continue;
    const recipients = [
      ...mine.flatMap((a) => (a.userId ? [a.userId] : [])),
      ...unitRecipientIds(
        tx,
        mine.flatMap((a) => (!a.userId && a.unitId ? [a.unitId] : [])),
      ),
    ];
    const title =
      kind === "main"
        ? NotificationMessages.INCOMING_ASSIGNED_MAIN(doc.numberSymbol)
        : kind === "cooperate"
          ? NotificationMessages.INCOMING_ASSIGNED_COOPERATE(doc.numberSymbol)
          : NotificationMessages.INCOMING_ASSIGNED_INFO(doc.numberSymbol);
    notify(tx, {
      type: "incoming_assigned",
      eventKey: `incoming_assigned:${doc.id}:${kind}:${eventSeed}`,
      entityType: "incoming_document",
      entityId: doc.id,
      title,
      body: doc.summary,
      link: `/incoming/${doc.id}`,
      isSecret: doc.isSecret,
      recipients,
      exceptUserId: actorId,
      at,
    });
  }
}

/** Trình lãnh đạo: the leader is asked for a direction. */
export function incomingForwarded(tx: DbOrTx, doc: IncomingRef, leaderId: number, at: Date, actorId: number | null, eventSeed: string): void {
  notify(tx, {
    type: "incoming_assigned",
    eventKey: `incoming_forwarded:${doc.id}:${eventSeed}`,
    entityType: "incoming_document",
    entityId: doc.id,
    title: NotificationMessages.INCOMING_FORWARDED(doc.numberSymbol),
    body: doc.summary,
    link: `/incoming/${doc.id}`,
    isSecret: doc.isSecret,
    recipients: [leaderId],
    exceptUserId: actorId,
    at,
  });
}

/** An urgent document (Khẩn and above, Decree 30 Art. 15) reaches the office lead at once, before routing. */
export function incomingUrgentArrived(tx: DbOrTx, doc: IncomingRef & { urgency: string }, at: Date, actorId: number | null): void {
  if (doc.urgency === "normal") return;
  notify(tx, {
    type: "incoming_urgent",
    eventKey: `incoming_urgent:${doc.id}`,
    entityType: "incoming_document",
    entityId: doc.id,
    title: NotificationMessages.INCOMING_URGENT(URGENCY_LABELS[doc.urgency as UrgencyKey] ?? doc.urgency, doc.numberSymbol),
    body: doc.summary,
    link: `/incoming/${doc.id}`,
    isSecret: doc.isSecret,
    recipients: usersWithPermission(tx, doc.organizationId, "route:incoming"),
    exceptUserId: actorId,
    at,
  });
}

/**
 * The sender changed a document someone here already holds (an edXML update, a genuine copy of a tampered one): its
 * handlers — the persons and unit heads it is assigned to, the leader it waits on — and the organisation's clerks,
 * who registered it, learn it in the transaction that applied the change. `link` is where to look (the new copy
 * for a re-delivery).
 */
export function incomingChangedBySender(
  tx: DbOrTx,
  doc: IncomingRef & { forwardedToUserId: number | null },
  change: { title: string; link: string; at: Date; eventSeed: string },
): void {
  const assigned = tx
    .select({ userId: incomingAssignments.assigneeUserId, unitId: incomingAssignments.assigneeUnitId })
    .from(incomingAssignments)
    .where(eq(incomingAssignments.documentId, doc.id))
    .all();
  notify(tx, {
    type: "incoming_changed",
    eventKey: `incoming_changed:${doc.id}:${change.eventSeed}`,
    entityType: "incoming_document",
    entityId: doc.id,
    title: change.title,
    body: doc.summary,
    link: change.link,
    isSecret: doc.isSecret,
    recipients: [
      ...assigned.flatMap((a) => (a.userId ? [a.userId] : [])),
      ...unitRecipientIds(
        tx,
        assigned.flatMap((a) => (!a.userId && a.unitId ? [a.unitId] : [])),
      ),
      ...(doc.forwardedToUserId ? [doc.forwardedToUserId] : []),
      ...usersWithPermission(tx, doc.organizationId, "register:incoming"),
    ],
    at: change.at,
  });
}

type OutgoingRef = { id: number; organizationId: number; summary: string; isSecret: boolean };
export type OutgoingStep = "review" | "sign" | "number" | "returned";

/** A draft moves to someone's desk: the reviewer, the signer, the clerks who number it, or back to its author. */
export function outgoingAwaiting(
  tx: DbOrTx,
  doc: OutgoingRef,
  step: OutgoingStep,
  recipients: number[],
  at: Date,
  actorId: number | null,
  eventSeed: string,
): void {
  const type = step === "review" ? "outgoing_review" : step === "sign" ? "outgoing_sign" : step === "number" ? "outgoing_number" : "outgoing_returned";
  const title =
    step === "review"
      ? NotificationMessages.OUTGOING_REVIEW
      : step === "sign"
        ? NotificationMessages.OUTGOING_SIGN
        : step === "number"
          ? NotificationMessages.OUTGOING_NUMBER
          : NotificationMessages.OUTGOING_RETURNED;
  notify(tx, {
    type,
    eventKey: `${type}:${doc.id}:${eventSeed}`,
    entityType: "outgoing_document",
    entityId: doc.id,
    title,
    body: doc.summary,
    link: `/outgoing/${doc.id}`,
    isSecret: doc.isSecret,
    recipients,
    exceptUserId: actorId,
    at,
  });
}

/** The clerks of an organisation (who number and issue): the recipients of "chờ cấp số". */
export function outgoingClerks(tx: DbOrTx, organizationId: number): number[] {
  return usersWithPermission(tx, organizationId, "issue:outgoing");
}

export type DeliveryAnswer = "registered" | "returned" | "completed" | "recalled" | "recall_refused";

/**
 * A recipient answered a delivery (liên thông inside this system, or an edXML status from a partner): registered,
 * returned, completed, recalled or refused the recall. The sending document's author and the clerks who issue
 * for its organisation learn it, in the transaction that records the answer. `eventSeed` names the answer once
 * (e.g. the recipient's copy and the status), so a repeated status packet adds nothing.
 */
export function deliveryAnswered(
  tx: DbOrTx,
  answer: {
    outgoingDocumentId: number;
    recipientOrganizationId: number;
    status: DeliveryAnswer;
    arrivalNumber?: number | null;
    reason?: string | null;
    at: Date;
    eventSeed: string;
  },
): number {
  const doc = tx
    .select({
      id: outgoingDocuments.id,
      organizationId: outgoingDocuments.organizationId,
      summary: outgoingDocuments.summary,
      numberSymbol: outgoingDocuments.numberSymbol,
      confidentiality: outgoingDocuments.confidentiality,
      createdBy: outgoingDocuments.createdBy,
    })
    .from(outgoingDocuments)
    .where(eq(outgoingDocuments.id, answer.outgoingDocumentId))
    .get();
  if (!doc) return 0;
  const recipient = tx.select({ name: organizations.name }).from(organizations).where(eq(organizations.id, answer.recipientOrganizationId)).get();
  const statusText = deliveryAnswerText(answer.status, { arrivalNumber: answer.arrivalNumber ?? null, reason: answer.reason ?? null });
  return notify(tx, {
    type: "delivery_answered",
    eventKey: `delivery_answered:${doc.id}:${answer.recipientOrganizationId}:${answer.eventSeed}`,
    entityType: "outgoing_document",
    entityId: doc.id,
    title: NotificationMessages.DELIVERY_ANSWERED(recipient?.name ?? "Nơi nhận", doc.numberSymbol, statusText),
    body: doc.summary,
    link: `/outgoing/${doc.id}`,
    isSecret: isSecretConfidentiality(doc.confidentiality),
    recipients: [...(doc.createdBy ? [doc.createdBy] : []), ...outgoingClerks(tx, doc.organizationId)],
    at: answer.at,
  }).inApp;
}

/** The plan manager sent a task's completion back (trả lại): its lead unit must complete it. */
export function taskReturned(
  tx: DbOrTx,
  task: { id: number; title: string; leadUnitId: number | null },
  at: Date,
  actorId: number | null,
  eventSeed: string,
): void {
  if (!task.leadUnitId) return;
  notify(tx, {
    type: "task_returned",
    eventKey: `task_returned:${task.id}:${eventSeed}`,
    entityType: "plan_task",
    entityId: task.id,
    title: NotificationMessages.TASK_RETURNED,
    body: task.title,
    link: `/tasks/${task.id}`,
    isSecret: false,
    recipients: taskLeadRecipientIds(tx, task.leadUnitId),
    exceptUserId: actorId,
    at,
  });
}

/**
 * A draft moved in the outgoing chain (Decree 30 Art. 12–13): whoever holds it next is told — the drafting unit's
 * head for content, the office lead for format, the intended signer, the clerks for numbering — and a draft sent
 * back reaches its author.
 */
export function outgoingMoved(
  tx: DbOrTx,
  doc: OutgoingRef & { createdBy: number; signerId: number | null; draftingUnitId: number | null; version: number },
  to: string,
  at: Date,
  actorId: number | null,
): void {
  const seed = `v${doc.version + 1}`;
  if (to === "dept_review") outgoingAwaiting(tx, doc, "review", unitRecipientIds(tx, doc.draftingUnitId ? [doc.draftingUnitId] : []), at, actorId, seed);
  else if (to === "office_review")
    outgoingAwaiting(tx, doc, "review", usersWithPermission(tx, doc.organizationId, "review:outgoing:office"), at, actorId, seed);
  else if (to === "leader_review") outgoingAwaiting(tx, doc, "sign", doc.signerId ? [doc.signerId] : [], at, actorId, seed);
  else if (to === "signed") outgoingAwaiting(tx, doc, "number", outgoingClerks(tx, doc.organizationId), at, actorId, seed);
  else if (to === "draft") outgoingAwaiting(tx, doc, "returned", [doc.createdBy], at, actorId, seed);
}
