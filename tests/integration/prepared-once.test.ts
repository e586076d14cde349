import { and, eq, sql } from "drizzle-orm";
import { describe, expect, test } from "vitest";
import { countEach, preparedOnce, rowById, writeTransaction } from "#db/client";
import { auditEvents, files } from "#db/schema/index";
import { appendAuditEvent, verifyAuditChain } from "#app/platform/audit.server";
import { insertFileRow } from "#app/platform/files/files.server";
import { createTestDb } from "#tests/support/test-db";

describe("preparedOnce", () => {
  test("one build per connection, shared by the database handle and its transactions, and run inside them", () => {
    const t = createTestDb();
    try {
      let builds = 0;
      const byName = (db: Parameters<typeof preparedOnce>[0]) =>
        preparedOnce(db, "test.fileByName", (d) => {
          builds++;
          return d
            .select({ id: files.id })
            .from(files)
            .where(eq(files.originalName, sql.placeholder("name")))
            .prepare();
        });
      expect(byName(t.db).get({ name: "a.pdf" })).toBeUndefined();
      // Inside a transaction: the same statement, and it sees the transaction's own uncommitted row.
      const inside = writeTransaction(t.db, (tx) => {
        const row = insertFileRow(tx, { blob: { sha256: "a".repeat(64), size: 1 }, mimeType: "application/pdf", originalName: "a.pdf", at: new Date() });
        return { row, found: byName(tx).get({ name: "a.pdf" }) };
      });
      expect(inside.found).toEqual({ id: inside.row.id });
      // A rolled-back transaction leaves nothing behind through the prepared statement either.
      expect(() =>
        writeTransaction(t.db, (tx) => {
          insertFileRow(tx, { blob: { sha256: "b".repeat(64), size: 1 }, mimeType: "application/pdf", originalName: "b.pdf", at: new Date() });
          throw new Error("rollback");
        }),
      ).toThrow("rollback");
      expect(byName(t.db).get({ name: "b.pdf" })).toBeUndefined();
      expect(builds).toBe(1);

      // A second connection to the same file gets its own statements.
      const other = createTestDb();
      try {
        byName(other.db).get({ name: "a.pdf" });
        expect(builds).toBe(2);
      } finally {
        other.cleanup();
      }
    } finally {
      t.cleanup();
    }
  });

  test("prepared file and audit rows keep their values and types (dates, nulls, the hash chain)", () => {
    const t = createTestDb();
    try {
      const at = new Date("2026-12-06T08:30:00.123Z");
      const file = writeTransaction(t.db, (tx) =>
        insertFileRow(tx, { blob: { sha256: "c".repeat(64), size: 42 }, mimeType: "text/plain", at, originalName: null }),
      );
      expect(file).toMatchObject({ sha256: "c".repeat(64), size: 42, mimeType: "text/plain", originalName: null, createdBy: null, createdAt: at });
      const events = writeTransaction(t.db, (tx) => [
        appendAuditEvent(tx, { at, actorId: null, organizationId: null, action: "test.one", entityType: "file", entityId: file.id, detail: { a: 1 } }),
        appendAuditEvent(tx, { at, actorId: null, organizationId: null, action: "test.two", entityType: "file", entityId: file.id }),
      ]);
      expect(events[1].prevHash).toBe(events[0].hash);
      expect(events[0]).toMatchObject({ at, entityId: String(file.id), detail: JSON.stringify({ a: 1 }), comment: null });
      const stored = t.db.select().from(auditEvents).where(eq(auditEvents.id, events[0].id)).get();
      expect(stored?.at).toEqual(at);
      expect(verifyAuditChain(t.db).ok).toBe(true);
    } finally {
      t.cleanup();
    }
  });
});

describe("countEach", () => {
  test("one count per named condition, within a common one; a null condition is not asked", () => {
    const t = createTestDb();
    try {
      const at = new Date();
      writeTransaction(t.db, (tx) => {
        for (const [name, size] of [
          ["a.pdf", 1],
          ["b.pdf", 2],
          ["c.docx", 2],
        ] as const)
          insertFileRow(tx, { blob: { sha256: name.padEnd(64, "0").replace(/[^0-9a-f]/g, "0"), size }, mimeType: "application/pdf", originalName: name, at });
      });
      const all = t.db.select({ n: sql<number>`count(*)` }).from(files).get()?.n ?? 0;
      expect(
        countEach(t.db, files, undefined, {
          two: eq(files.size, 2),
          all: undefined,
          pdf: sql`${files.originalName} like '%.pdf'`,
          none: and(eq(files.size, 2), eq(files.originalName, "a.pdf")),
          skipped: null,
        }),
      ).toEqual({ two: 2, all, pdf: 2, none: 0 });
      // Within a common condition.
      expect(countEach(t.db, files, eq(files.size, 2), { pdf: sql`${files.originalName} like '%.pdf'`, all: undefined })).toEqual({ pdf: 1, all: 2 });
      expect(countEach(t.db, files, undefined, { skipped: null })).toEqual({});
    } finally {
      t.cleanup();
    }
  });
});

describe("rowById", () => {
  test("the row with that id, or undefined; each table its own statement", () => {
    const t = createTestDb();
    try {
      const { file, event } = writeTransaction(t.db, (tx) => {
        const file = insertFileRow(tx, { blob: { sha256: "c".repeat(64), size: 3 }, mimeType: "application/pdf", originalName: "c.pdf", at: new Date() });
        const event = appendAuditEvent(tx, { at: new Date(), actorId: null, organizationId: null, action: "test.row", entityType: "file", entityId: file.id });
        return { file, event };
      });
      expect(rowById(t.db, files, file.id)).toMatchObject({ id: file.id, originalName: "c.pdf", size: 3 });
      expect(rowById(t.db, files, file.id + 1000)).toBeUndefined();
      // Another table: answered by its own statement, not the files one.
      expect(rowById(t.db, auditEvents, event.id)).toMatchObject({ id: event.id, action: "test.row", entityId: String(file.id) });
      expect(rowById(t.db, auditEvents, event.id + 1000)).toBeUndefined();
    } finally {
      t.cleanup();
    }
  });
});
