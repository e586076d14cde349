// Keyset pagination cursors: the sort key of a list's boundary row (e.g. urgency rank, updated_at, id) as an
// opaque URL-safe token. A token that does not decode to `size` safe integers is ignored (the first page),
// never an error: cursors come from URLs people bookmark and edit. Visibility is decided by the query, not
// by the cursor, so a forged cursor can only move the page.

export function encodeCursor(values: readonly number[]): string {
  return Buffer.from(values.join("."), "utf8").toString("base64url");
}

export function decodeCursor(cursor: string | null | undefined, size: number): number[] | null {
  if (!cursor) return null;
  const values = Buffer.from(cursor, "base64url").toString("utf8").split(".").map(Number);
  return values.length === size && values.every((v) => Number.isSafeInteger(v)) ? values : null;
}
