import { describe, expect, test } from "vitest";
import { edxmlReceivedDocuments } from "#db/schema/index";
import { OPEN_COPY } from "#app/features/exchange/statuses.server";
import { createTestDb } from "#tests/support/test-db";

// The status dispatcher looks for the received copies it still follows on every tick of every worker. Driven from
// incoming_documents (what SQLite chose for the former join), that was a scan of every incoming document twice a
// tick: 120 ms with 200,000 documents, a stall of the page server every two seconds (docs/benchmarks/http.md §11).
describe("the edXML status dispatcher's look-up does not grow with the incoming documents", () => {
  test("the open copies are found through their partial index", () => {
    const t = createTestDb();
    try {
      const query = t.db.select().from(edxmlReceivedDocuments).where(OPEN_COPY).toSQL();
      const plan = t.db.$client
        .prepare(`EXPLAIN QUERY PLAN ${query.sql}`)
        .all(...(query.params as unknown[]))
        .map((row) => (row as { detail: string }).detail);
      expect(plan).toEqual([expect.stringContaining("USING INDEX edxml_received_open_idx")]);
    } finally {
      t.cleanup();
    }
  });
});
