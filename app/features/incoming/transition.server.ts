// What every incoming transition does the same way: the optimistic version check, the decision of the state
// machine (app/domain/incoming/workflow.ts, DESIGN §4), the audit row written in the same transaction, the
// permission check repeated for the CLI, and the full-text row kept in step.
import { sql } from "drizzle-orm";
import type { DbOrTx, Tx } from "#db/client";
import type { IncomingDocument } from "#db/schema/index";
import type { Actor } from "#app/platform/auth/actor";
import { incomingSearchBody } from "#app/domain/incoming/incoming";
import { decideIncomingTransition, type IncomingAction, type IncomingState } from "#app/domain/incoming/workflow";
import { AppError, AppErrorCode } from "#app/utils/errors";
import { appendAuditEvent } from "#app/platform/audit.server";
import { auditActorOf, type ServiceContext } from "#app/platform/context.server";
import { CommonMessages } from "#app/messages/common";
import { IncomingMessages } from "#app/messages/incoming";
import { actorAssignments, has } from "#app/features/incoming/visibility.server";

export const INCOMING_ENTITY = "incoming_document";

export type VersionedId = { id: number; version?: number };

export function assertVersion(row: IncomingDocument, version: number | undefined) {
  if (version !== undefined && row.version !== version) {
    throw new AppError(AppErrorCode.CONFLICT, IncomingMessages.STALE);
  }
}

export function decide(db: DbOrTx, actor: Actor, row: IncomingDocument, action: IncomingAction, target?: IncomingState): IncomingState {
  const assignments = action === "complete" ? actorAssignments(db, actor, row.id, row.isSecret) : [];
  const decision = decideIncomingTransition({
    from: row.status,
    action,
    target,
    isRecalled: row.recalledAt != null,
    actor: {
      permissions: actor.permissions,
      isMainHandler: assignments.some((x) => x.kind === "main" && x.status === "pending"),
      isForwardedLeader: row.forwardedToUserId === actor.id,
    },
  });
  if (!decision.ok) throw new AppError(decision.code === "FORBIDDEN" ? AppErrorCode.FORBIDDEN : AppErrorCode.INVALID_STATE, decision.message);
  return decision.to;
}

export function audit(
  tx: Tx,
  ctx: ServiceContext,
  at: Date,
  input: { action: string; id: number; from?: string | null; to?: string | null; comment?: string | null; detail?: Record<string, unknown> },
) {
  appendAuditEvent(tx, {
    at,
    ...auditActorOf(ctx),
    action: input.action,
    entityType: INCOMING_ENTITY,
    entityId: input.id,
    fromState: input.from ?? null,
    toState: input.to ?? null,
    comment: input.comment ?? null,
    detail: input.detail ?? null,
  });
}

/** Keeps the folded full-text row in step with the document, inside the caller's transaction. */
export function indexIncomingForSearch(
  tx: DbOrTx,
  row: Pick<IncomingDocument, "id" | "summary" | "numberSymbol" | "issuerName" | "signerName" | "extractedText">,
  isNew = false,
) {
  // A delete on a contentless_delete table writes a tombstone; new rows have nothing to delete.
  if (!isNew) tx.run(sql`delete from incoming_documents_fts where rowid = ${row.id}`);
  tx.run(sql`insert into incoming_documents_fts(rowid, body) values (${row.id}, ${incomingSearchBody(row)})`);
}

export function requirePermission(actor: Actor, permission: string) {
  // Routes check permissions too; the service repeats it for the CLI and for tests (defence in depth).
  if (!has(actor, permission) && actor.id !== 0) throw new AppError(AppErrorCode.FORBIDDEN, CommonMessages.FORBIDDEN);
}
