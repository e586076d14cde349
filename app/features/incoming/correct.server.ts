// Correction of the registration details (sửa thông tin đăng ký): the clerk fixes a typo while the document
// is still being handled; one `incoming.correct` audit row records only the changed fields.
import { eq } from "drizzle-orm";
import { writeTransaction } from "#db/client";
import { incomingDocuments, type IncomingDocument, type Urgency } from "#db/schema/index";
import { URGENCY_RANK } from "#app/domain/incoming/incoming";
import { AppError, AppErrorCode } from "#app/utils/errors";
import { nowOf, type ServiceContext } from "#app/platform/context.server";
import { IncomingMessages } from "#app/messages/incoming";
import { findVisibleIncomingDocument } from "#app/features/incoming/visibility.server";
import { assertVersion, audit, decide, indexIncomingForSearch, requirePermission, type VersionedId } from "#app/features/incoming/transition.server";
import { normalizeNumberSymbol, registrationFieldErrors } from "#app/features/incoming/register.server";

export type CorrectIncomingRegistrationOptions = VersionedId & {
  numberSymbol: string;
  docTypeCode: string;
  issuedDate: string | null;
  issuerName: string;
  summary: string;
  signerName?: string | null;
  signerTitle?: string | null;
  pageCount?: number | null;
  urgency: Urgency;
  handlingDeadline?: string | null;
  note?: string | null;
};

/** The fields a correction may change; the arrival number, book, year and confidentiality are the register's identity. */
export const CORRECTABLE_INCOMING_FIELDS = [
  "numberSymbol",
  "docTypeCode",
  "issuedDate",
  "issuerName",
  "summary",
  "signerName",
  "signerTitle",
  "pageCount",
  "urgency",
  "handlingDeadline",
  "note",
] as const;
type CorrectableField = (typeof CORRECTABLE_INCOMING_FIELDS)[number];

/**
 * The clerk corrects the registration details of a registered document that is still being handled. One
 * audit row `incoming.correct` records only the changed fields (before/after); the search index follows.
 */
export function correctIncomingRegistration(ctx: ServiceContext, options: CorrectIncomingRegistrationOptions): IncomingDocument {
  requirePermission(ctx.actor, "register:incoming");
  const now = nowOf(ctx);
  return writeTransaction(ctx.db, (tx) => {
    const row = findVisibleIncomingDocument(tx, ctx.actor, options.id);
    assertVersion(row, options.version);
    decide(tx, ctx.actor, row, "correct");
    const errors = registrationFieldErrors(options, row.receivedAt);
    if (Object.keys(errors).length) throw new AppError(AppErrorCode.VALIDATION, IncomingMessages.FORM_INVALID, errors);
    const next: Pick<IncomingDocument, CorrectableField> = {
      numberSymbol: normalizeNumberSymbol(options.numberSymbol),
      docTypeCode: options.docTypeCode,
      issuedDate: options.issuedDate || null,
      issuerName: options.issuerName.trim(),
      summary: options.summary.trim(),
      signerName: options.signerName?.trim() || null,
      signerTitle: options.signerTitle?.trim() || null,
      pageCount: options.pageCount ?? null,
      urgency: options.urgency,
      handlingDeadline: options.handlingDeadline || null,
      note: options.note?.trim() || null,
    };
    const before: Record<string, unknown> = {};
    const after: Record<string, unknown> = {};
    for (const key of CORRECTABLE_INCOMING_FIELDS) {
      if ((row[key] ?? null) !== (next[key] ?? null)) {
        before[key] = row[key] ?? null;
        after[key] = next[key] ?? null;
      }
    }
    if (Object.keys(after).length === 0) throw new AppError(AppErrorCode.VALIDATION, IncomingMessages.NOTHING_CHANGED);
    const updated = tx
      .update(incomingDocuments)
      .set({ ...next, urgencyRank: URGENCY_RANK[next.urgency], version: row.version + 1, updatedAt: now })
      .where(eq(incomingDocuments.id, row.id))
      .returning()
      .get();
    indexIncomingForSearch(tx, updated);
    audit(tx, ctx, now, { action: "incoming.correct", id: row.id, from: row.status, to: row.status, detail: { before, after } });
    return updated;
  });
}
