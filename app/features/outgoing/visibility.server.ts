// Who may see an outgoing document, and the checks every transition starts from: the row is loaded
// through the visibility filter (never confirm existence outside it) and the state machine decides.
import { and, eq, inArray, ne, or, sql, type SQL } from "drizzle-orm";
import { preparedOnce, rowById, type DbOrTx } from "#db/client";
import { organizations, outgoingDocuments, rolePermissions, userRoles, users, type OutgoingDocument } from "#db/schema/index";
import type { Actor } from "#app/platform/auth/actor";
import { decideTransition, type OutgoingAction, type OutgoingStatus } from "#app/domain/outgoing/workflow";
import type { ServiceContext } from "#app/platform/context.server";
import { getFileRow, readStoredFile } from "#app/platform/files/files.server";
import { AppError, AppErrorCode } from "#app/utils/errors";
import { CommonMessages } from "#app/messages/common";

export const OUTGOING_ENTITY = "outgoing_document";

// ---------------------------------------------------------------------------------------------
// Visibility (house style rule 7): one helper, reused by every query.

const SEE_ALL = ["view:outgoing:all", "review:outgoing:office", "sign:outgoing", "issue:outgoing", "recall:outgoing"];

/**
 * The drizzle `where` of the documents the actor may see, always within their own organisation:
 * - ordinary documents: own drafts, the own unit's drafts for its department lead, everything for a
 *   role that sees all (SEE_ALL);
 * - secret documents (Mật and above) only for those who need them: the drafter, the intended signer,
 *   the leaders (sign:outgoing), the department lead of the drafting unit, the office reviewers once
 *   the draft has reached them (or when they returned it), and the clerks (issue:outgoing) once it is
 *   approved for issue. view:outgoing:all or recall:outgoing alone do not open them.
 */
export function outgoingDocumentsVisibleTo(actor: Actor): SQL {
  const d = outgoingDocuments;
  const has = (p: string) => actor.permissions.includes(p);
  const isNormal = eq(d.confidentiality, "normal");
  const isSecret = ne(d.confidentiality, "normal");
  const clauses: SQL[] = [eq(d.createdBy, actor.id), eq(d.signerId, actor.id)];
  if (actor.permissions.some((p) => SEE_ALL.includes(p))) clauses.push(isNormal);
  if (has("review:outgoing:dept")) clauses.push(eq(d.draftingUnitId, actor.unitId));
  if (has("sign:outgoing")) clauses.push(isSecret);
  if (has("review:outgoing:office")) {
    clauses.push(
      and(
        isSecret,
        or(
          inArray(d.status, ["office_review", "leader_review", "signed", "issued", "recalled"]),
          sql`exists (select 1 from outgoing_revisions r where r.document_id = ${d.id} and r.returned_by = ${actor.id})`,
        ),
      )!,
    );
  }
  if (has("issue:outgoing")) clauses.push(and(isSecret, inArray(d.status, ["signed", "issued", "recalled"]))!);
  return and(eq(d.organizationId, actor.organizationId), or(...clauses))!;
}

export function loadVisible(db: DbOrTx, actor: Actor, documentId: number): OutgoingDocument {
  const doc = db
    .select()
    .from(outgoingDocuments)
    .where(and(eq(outgoingDocuments.id, documentId), outgoingDocumentsVisibleTo(actor)))
    .get();
  if (!doc) throw new AppError(AppErrorCode.NOT_FOUND, CommonMessages.NOT_FOUND("văn bản"));
  return doc;
}

export function decide(doc: OutgoingDocument, action: OutgoingAction, actor: Actor, db?: DbOrTx): OutgoingStatus {
  const facts = action === "submit" && db ? { ...doc, unitHasNoDeptReviewer: !unitHasDeptReviewer(db, doc.draftingUnitId) } : doc;
  const decision = decideTransition(facts, action, actor);
  if (!decision.ok) throw new AppError(decision.code === "INVALID_STATE" ? AppErrorCode.INVALID_STATE : AppErrorCode.FORBIDDEN, decision.message);
  return decision.to;
}

/** Does anyone active in the unit review drafts for content (review:outgoing:dept)? */
function unitHasDeptReviewer(db: DbOrTx, unitId: number): boolean {
  return !!db
    .select({ id: users.id })
    .from(users)
    .innerJoin(userRoles, eq(userRoles.userId, users.id))
    .innerJoin(rolePermissions, eq(rolePermissions.roleKey, userRoles.roleKey))
    .where(and(eq(users.unitId, unitId), eq(users.isActive, true), eq(rolePermissions.permissionKey, "review:outgoing:dept")))
    .limit(1)
    .get();
}

export function organizationOf(db: DbOrTx, id: number) {
  const org = rowById(db, organizations, id);
  if (!org) throw new AppError(AppErrorCode.NOT_FOUND, CommonMessages.NOT_FOUND("cơ quan, đơn vị"));
  return org;
}

export function userName(db: DbOrTx, id: number | null | undefined): string | null {
  if (!id) return null;
  return (
    preparedOnce(db, "users.nameById", (d) =>
      d
        .select({ n: users.fullName })
        .from(users)
        .where(eq(users.id, sql.placeholder("id")))
        .prepare(),
    ).get({ id })?.n ?? null
  );
}

export function readFileBytes(ctx: ServiceContext, fileId: number): Uint8Array {
  const row = getFileRow(ctx.db, fileId);
  if (!row) throw new AppError(AppErrorCode.NOT_FOUND, CommonMessages.NOT_FOUND("tệp"));
  return new Uint8Array(readStoredFile(ctx.dataDir, row));
}
