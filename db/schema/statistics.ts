import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { users } from "./core";

export const SAVED_SEARCH_DIRECTIONS = ["incoming", "outgoing"] as const;
export type SavedSearchDirection = (typeof SAVED_SEARCH_DIRECTIONS)[number];

/** A user's saved search of a document list (issue 16 §4): the list's query string, replayed as is. */
export const savedSearches = sqliteTable(
  "saved_searches",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    direction: text("direction", { enum: SAVED_SEARCH_DIRECTIONS }).notNull(),
    name: text("name").notNull(),
    // URL query string of the list page (q, status, type, signer, unit, book, from, to…), validated on replay.
    query: text("query").notNull(),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [index("saved_searches_user_idx").on(t.userId, t.direction, t.id)],
);

export type SavedSearch = typeof savedSearches.$inferSelect;
