import { writeTransaction, type Db } from "#db/client";
import { outgoingDocuments } from "#db/schema/index";
import type { Actor } from "#app/platform/auth/actor";

/**
 * A bare outgoing-document row in a given status, for tests that only need an id to point at (e.g. the
 * reply linked to an incoming document). No PDF, no signature: use outgoing-world.ts for the real chain.
 */
export function insertOutgoingRow(db: Db, drafter: Actor, status: "draft" | "issued", now = new Date()): number {
  return writeTransaction(
    db,
    (tx) =>
      tx
        .insert(outgoingDocuments)
        .values({
          organizationId: drafter.organizationId,
          draftingUnitId: drafter.unitId,
          createdBy: drafter.id,
          signerId: drafter.id,
          signerTitle: "Chủ tịch",
          docTypeCode: "CV",
          summary: "Văn bản trả lời",
          status,
          source: "composed",
          createdAt: now,
          updatedAt: now,
        })
        .returning({ id: outgoingDocuments.id })
        .get().id,
  );
}
