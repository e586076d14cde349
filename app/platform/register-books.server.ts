// Register books (sổ đăng ký văn bản đến / đi, Decree 30 Phụ lục III–IV): one row per organisation, year,
// direction, security and (outgoing only) document type. Incoming registration and outgoing numbering both
// find their book here, creating it on first use, inside the caller's IMMEDIATE transaction.
import { and, eq } from "drizzle-orm";
import type { Tx } from "#db/client";
import { registerBooks } from "#db/schema/index";

export type RegisterBookKey = {
  organizationId: number;
  year: number;
  direction: "incoming" | "outgoing";
  security: "normal" | "secret";
  /** "" for a book that covers every type. */
  docTypeCode: string;
};

/** The id of the book with this key, created with `name` when it does not exist yet. */
export function findOrCreateRegisterBook(tx: Tx, key: RegisterBookKey, create: { name: string; at: Date }): number {
  const b = registerBooks;
  const where = and(
    eq(b.organizationId, key.organizationId),
    eq(b.year, key.year),
    eq(b.direction, key.direction),
    eq(b.security, key.security),
    eq(b.docTypeCode, key.docTypeCode),
  );
  const existing = tx.select({ id: b.id }).from(b).where(where).get();
  if (existing) return existing.id;
  // The write lock of the IMMEDIATE transaction serialises creators; the unique index is the backstop.
  tx.insert(b)
    .values({ ...key, name: create.name, createdAt: create.at })
    .onConflictDoNothing()
    .run();
  return tx.select({ id: b.id }).from(b).where(where).get()!.id;
}
