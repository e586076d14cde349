import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { refreshPlannerStatistics } from "#db/migrate";
import { notificationListQuery, unreadCountQuery } from "#app/features/notifications/inbox.server";
import { makeUser, seedDirectory } from "#tests/support/factories";
import { createTestDb, type TestDb } from "#tests/support/test-db";

// The bell's list is ordered by the event's time (created_at, then id), not by id. Without an index in that order
// SQLite read all of a user's notifications and sorted them for every page of 50 ("USE TEMP B-TREE FOR ORDER BY").
// Plans are checked with planner statistics (as after migrating) on a table holding several users' rows.
describe("the notification list and the unread count read through their indexes", () => {
  let t: TestDb;
  let userId = 0;

  beforeAll(async () => {
    t = createTestDb();
    const units = seedDirectory(t.db);
    const unitId = [...units.values()][0];
    const ids: number[] = [];
    for (const username of ["chuyenvien1", "chuyenvien2", "chuyenvien3", "chuyenvien4"])
      ids.push((await makeUser(t.db, t.dataDir, { username, unitId, roles: ["specialist"] })).id);
    userId = ids[0];
    const insert = t.db.$client.prepare(
      "insert into notifications (user_id, event_type, event_key, entity_type, entity_id, title, link, created_at, read_at) values (?, 'incoming.assigned', ?, 'incoming', ?, 'Văn bản mới', '/incoming/1', ?, ?)",
    );
    const start = Date.UTC(2026, 0, 1);
    t.db.$client.transaction(() => {
      for (let i = 0; i < 4000; i++) {
        // Written out of event order (a daily run making good a missed day), two thirds already read.
        const at = start + ((i * 7919) % 4000) * 3600_000;
        insert.run(ids[i % ids.length], `e${i}`, i, at, i % 3 ? at + 60_000 : null);
      }
    })();
    refreshPlannerStatistics(t.db);
  });
  afterAll(() => t?.cleanup());

  function plan(query: { toSQL: () => { sql: string; params: unknown[] } }): string[] {
    const { sql, params } = query.toSQL();
    return t.db.$client
      .prepare(`EXPLAIN QUERY PLAN ${sql}`)
      .all(...params)
      .map((row) => (row as { detail: string }).detail);
  }

  test("a page of the list, first and next, is read in index order without sorting", () => {
    const before = t.db.$client.prepare("select id from notifications where user_id = ? order by created_at desc, id desc limit 1 offset 49").get(userId) as {
      id: number;
    };
    for (const options of [{ limit: 50 }, { limit: 50, before: before.id }]) {
      const steps = plan(notificationListQuery(t.db, userId, options));
      expect(steps, JSON.stringify(options)).toContainEqual(
        expect.stringMatching(/^SEARCH notifications USING INDEX notifications_user_created_idx \(user_id=?/),
      );
      expect(steps.join("\n"), JSON.stringify(options)).not.toMatch(/TEMP B-TREE/);
    }
  });

  test("the unread count counts one range of the unread index", () => {
    expect(plan(unreadCountQuery(t.db, userId))).toEqual(["SEARCH notifications USING COVERING INDEX notifications_user_idx (user_id=? AND read_at=?)"]);
  });
});
