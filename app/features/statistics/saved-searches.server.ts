// Saved searches per user (issue 16 §4), for both directions: the list page's query string, kept under a name
// and replayed as a link. Only the list's own filter keys are kept (never a cursor or anything else).
import { and, asc, count, eq, sql } from "drizzle-orm";
import { preparedOnce, writeTransaction } from "#db/client";
import { savedSearches, type SavedSearchDirection } from "#db/schema/index";
import { AppError, AppErrorCode } from "#app/utils/errors";
import { appendAuditEvent } from "#app/platform/audit.server";
import { auditActorOf, nowOf, type ServiceContext } from "#app/platform/context.server";
import { CommonMessages } from "#app/messages/common";
import { StatisticsMessages } from "#app/messages/statistics";

export const SAVED_SEARCH_KEYS: Record<SavedSearchDirection, readonly string[]> = {
  incoming: ["box", "q", "from", "to", "type", "status", "urgency", "unit", "overdue", "due"],
  outgoing: ["q", "status", "type", "signer", "unit", "book", "from", "to"],
};
export const MAX_SAVED_SEARCHES = 50;

export type SavedSearchItem = { id: number; name: string; query: string };

/** The kept part of a query string ("?q=…&cursor=…" → "q=…"), in a stable order. */
export function normalizeSavedQuery(direction: SavedSearchDirection, query: string): string {
  const params = new URLSearchParams(query.startsWith("?") ? query.slice(1) : query);
  const kept = new URLSearchParams();
  for (const key of SAVED_SEARCH_KEYS[direction]) {
    const value = params.get(key)?.trim();
    if (value) kept.set(key, value.slice(0, 200));
  }
  return kept.toString();
}

export function listSavedSearches(ctx: ServiceContext, direction: SavedSearchDirection): SavedSearchItem[] {
  // Prepared once: the incoming and outgoing lists show the user's saved searches on every view.
  return preparedOnce(ctx.db, "savedSearches.list", (db) =>
    db
      .select({ id: savedSearches.id, name: savedSearches.name, query: savedSearches.query })
      .from(savedSearches)
      .where(and(eq(savedSearches.userId, sql.placeholder("userId")), eq(savedSearches.direction, sql.placeholder("direction"))))
      .orderBy(asc(savedSearches.name), asc(savedSearches.id))
      .prepare(),
  ).all({ userId: ctx.actor.id, direction });
}

export function saveSearch(ctx: ServiceContext, options: { direction: SavedSearchDirection; name: string; query: string }): SavedSearchItem {
  const name = options.name.trim().slice(0, 100);
  if (!name)
    throw new AppError(AppErrorCode.VALIDATION, StatisticsMessages.SAVED_SEARCH_NAME_REQUIRED, { name: StatisticsMessages.SAVED_SEARCH_NAME_REQUIRED });
  const query = normalizeSavedQuery(options.direction, options.query);
  const now = nowOf(ctx);
  return writeTransaction(ctx.db, (tx) => {
    const n = tx.select({ n: count() }).from(savedSearches).where(eq(savedSearches.userId, ctx.actor.id)).get()?.n ?? 0;
    if (n >= MAX_SAVED_SEARCHES) throw new AppError(AppErrorCode.VALIDATION, StatisticsMessages.SAVED_SEARCH_LIMIT);
    const row = tx.insert(savedSearches).values({ userId: ctx.actor.id, direction: options.direction, name, query, createdAt: now }).returning().get();
    appendAuditEvent(tx, {
      at: now,
      ...auditActorOf(ctx),
      action: "search.save",
      entityType: "saved_search",
      entityId: row.id,
      detail: { direction: options.direction, name, query },
    });
    return { id: row.id, name: row.name, query: row.query };
  });
}

/** Only the owner deletes; someone else's id is "not found" (never confirm it exists). */
export function deleteSavedSearch(ctx: ServiceContext, id: number): void {
  const now = nowOf(ctx);
  writeTransaction(ctx.db, (tx) => {
    const row = tx
      .select()
      .from(savedSearches)
      .where(and(eq(savedSearches.id, id), eq(savedSearches.userId, ctx.actor.id)))
      .get();
    if (!row) throw new AppError(AppErrorCode.NOT_FOUND, CommonMessages.NOT_FOUND("tìm kiếm đã lưu"));
    tx.delete(savedSearches).where(eq(savedSearches.id, row.id)).run();
    appendAuditEvent(tx, {
      at: now,
      ...auditActorOf(ctx),
      action: "search.delete",
      entityType: "saved_search",
      entityId: row.id,
      detail: { direction: row.direction, name: row.name },
    });
  });
}
