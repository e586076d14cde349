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

/**
 * A file name as a person named it, safe to list, audit and offer for download: NFC (macOS and some Windows
 * tools send decomposed Vietnamese, which then neither matches a search nor sorts with its own letters), no C0/C1
 * control characters (a bell or an escape sequence shown in a terminal reading the audit), no bidirectional
 * overrides or isolates (U+202A–202E, U+2066–2069, U+200E/200F/061C: "rtl\u202Efdp.exe" shows as "rtlexe.pdf"
 * while its real extension is .exe), whitespace runs as one space. A name with nothing left is "tệp".
 */
export function cleanFileName(name: string): string {
  const cleaned = name
    .normalize("NFC")
    // biome-ignore lint/suspicious/noControlCharactersInRegex: removing control characters is the point
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u200e\u200f\u061c\u202a-\u202e\u2066-\u2069]/g, "")
    .replace(/[\s\u00a0]+/g, " ")
    .trim();
  return cleaned === "" || cleaned === "." || cleaned === ".." ? "tệp" : cleaned;
}
