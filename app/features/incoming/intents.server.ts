// The document page posts one form per action (`intent`); this maps each parsed form to the one service call
// that performs its transition (each writes its own audit row in its own transaction).
import type { z } from "zod";
import type { IncomingActionSchema } from "#app/utils/incoming-forms";
import { toRoutingDecision } from "#app/utils/incoming-forms";
import type { ServiceContext } from "#app/platform/context.server";
import { correctIncomingRegistration } from "#app/features/incoming/correct.server";
import { linkReplyDocument } from "#app/features/incoming/delivery.server";
import {
  commentOnIncomingDocument,
  completeIncomingDocument,
  delegateIncomingAssignment,
  markIncomingRead,
  recordIncomingContribution,
  returnIncomingDocument,
} from "#app/features/incoming/handle.server";
import { submitIncomingForRouting } from "#app/features/incoming/register.server";
import { directIncomingDocument, forwardIncomingDocument, routeIncomingDocuments } from "#app/features/incoming/route.server";

export type IncomingIntent = z.infer<typeof IncomingActionSchema>;

export function performIncomingIntent(ctx: ServiceContext, id: number, data: IncomingIntent): void {
  switch (data.intent) {
    case "submit":
      submitIncomingForRouting(ctx, { id, version: data.version });
      return;
    case "return":
      returnIncomingDocument(ctx, { id, version: data.version, reason: data.reason });
      return;
    case "forward":
      forwardIncomingDocument(ctx, { id, version: data.version, leaderUserId: data.leaderUserId, note: data.note });
      return;
    case "direct-back":
      directIncomingDocument(ctx, { id, version: data.version, note: data.directionNote });
      return;
    case "direct-assign":
      directIncomingDocument(ctx, { id, version: data.version, note: data.directionNote, assign: toRoutingDecision(data) });
      return;
    case "route":
      routeIncomingDocuments(ctx, { ...toRoutingDecision(data), documents: [{ id, version: data.version }] });
      return;
    case "delegate":
      delegateIncomingAssignment(ctx, { documentId: id, userId: data.userId, deadline: data.deadline, note: data.note });
      return;
    case "comment":
      commentOnIncomingDocument(ctx, { id, comment: data.comment });
      return;
    case "contribute":
      recordIncomingContribution(ctx, { id, note: data.contribution });
      return;
    case "read":
      markIncomingRead(ctx, { id });
      return;
    case "complete":
      completeIncomingDocument(ctx, { id, version: data.version, result: data.result });
      return;
    case "correct": {
      const { intent: _intent, ...fields } = data;
      correctIncomingRegistration(ctx, { id, ...fields });
      return;
    }
    case "link-reply":
      linkReplyDocument(ctx, { incomingDocumentId: id, outgoingDocumentId: data.outgoingDocumentId });
      return;
  }
}
