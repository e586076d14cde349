// Text folding for tolerant matching of Vietnamese names (units, headers, statuses).

/**
 * Lower-case ASCII fold: strips every Vietnamese diacritic and collapses whitespace.
 * "đ"/"Đ" is a separate letter (U+0111/U+0110), not d + combining mark, so NFD alone
 * leaves it in place; it is mapped explicitly.
 */
export function foldDiacritics(s: string): string {
  return s
    .normalize("NFD")
    .replace(/\p{M}+/gu, "")
    .replace(/[đĐÐ]/g, "d")
    .toLowerCase()
    .replace(/\s+/gu, " ")
    .trim();
}

/** foldDiacritics plus every non-alphanumeric character turned into a single space. */
export function normalizeForMatch(s: string): string {
  return foldDiacritics(s)
    .replace(/[^a-z0-9]+/g, " ")
    .trim();
}

/** Distinct search tokens, in order of first appearance. */
export function toSearchTokens(s: string): string[] {
  const n = normalizeForMatch(s);
  if (!n) return [];
  return [...new Set(n.split(" "))];
}

/** True when every token of the query is a prefix of some token of the text. */
export function matchesSearch(text: string, query: string): boolean {
  const hay = toSearchTokens(text);
  return toSearchTokens(query).every((q) => hay.some((h) => h.startsWith(q)));
}

/**
 * Joins list items for one line of text ("Nơi nhận": "Như trên; Sở Nội vụ; Lưu: VT"). The items come
 * as printed on the document (Decree 30/2020 Phụ lục I: "- Như trên;" … "- Lưu: VT."), so their own
 * dash, ";" and final "." are dropped first — joining them as-is printed "Như trên;; Sở Nội vụ;".
 */
export function joinListItems(items: readonly string[], separator = "; "): string {
  return items
    .map((item) =>
      item
        .trim()
        .replace(/^[-–•]\s*/, "")
        .replace(/[;,.\s]+$/, "")
        .trim(),
    )
    .filter(Boolean)
    .join(separator);
}
