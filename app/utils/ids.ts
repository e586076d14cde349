// One way to read a row id from a route parameter or a query string. `Number(x)` read "" as 0, "1e3" as
// 1000, "0x10" as 16 and " 7 " as 7; an id is a positive decimal integer and nothing else.

/** "12" → 12; anything else (missing, empty, "0", "-1", "1.5", "1e3", "0x10", " 7", beyond 2^53) → null. */
export function parseId(value: string | null | undefined): number | null {
  if (!value || !/^[1-9][0-9]{0,15}$/.test(value)) return null;
  const id = Number(value);
  return Number.isSafeInteger(id) ? id : null;
}
