import { statSync } from "node:fs";
import { describe, expect, test } from "vitest";
import { startBackgroundCheckpointer } from "#db/client";
import { createTestDb } from "#tests/support/test-db";

describe("background WAL checkpointer", () => {
  test("copies committed pages from the WAL into the database file without the writer doing it", async () => {
    const t = createTestDb();
    try {
      const stop = startBackgroundCheckpointer(t.db, t.dbPath, 50);
      const before = statSync(t.dbPath).size;
      const insert = t.db.$client.prepare("INSERT INTO login_attempts (username, ip_address, is_success, at) VALUES (?, '127.0.0.1', 0, ?)");
      // ~2 MB of rows: far below the raised auto-checkpoint threshold, so only the worker can move them.
      t.db.$client
        .transaction(() => {
          for (let i = 0; i < 20_000; i++) insert.run(`user-${i}-${"x".repeat(60)}`, Date.now());
        })
        .immediate();
      expect(statSync(`${t.dbPath}-wal`).size).toBeGreaterThan(1_000_000);
      const deadline = Date.now() + 10_000;
      while (statSync(t.dbPath).size <= before + 1_000_000 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      expect(statSync(t.dbPath).size).toBeGreaterThan(before + 1_000_000);
      await stop();
    } finally {
      t.cleanup();
    }
  });
});
