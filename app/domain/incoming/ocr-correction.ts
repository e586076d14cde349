// OCR tolerance for the header extraction (issue 14). Tesseract's slips on Vietnamese headers are
// regular: the diacritic of "Số" read as a digit or another vowel ("S6:", "Sô:", "S0:"), "ngày/tháng/năm"
// losing or swapping marks, "TỈNH" read "TÍNH", capital type names with one wrong letter. The text items
// are repaired before the ordinary extraction (document-extraction.ts) runs, and its results are then
// snapped to the organisation directory and the document-type vocabulary when they are within a small
// edit distance of a known name. Every value stays marked for checking: the caller lowers confidence.
import type { PositionedText } from "#app/domain/shared/positioned-text";
import { foldDiacritics } from "#app/domain/shared/text";

const NUMBER_LABEL = /^S\s*[ốôoóòổỗộơớờ60Ô]\s*[:;.,]/iu;

/** Repairs one text item (a word or a line) of an OCR'd header. */
export function repairOcrItem(text: string): string {
  let s = text.normalize("NFC");
  if (NUMBER_LABEL.test(s)) s = s.replace(NUMBER_LABEL, "Số:");
  // A lone word only when the mark became a digit: "sơ", "sổ", "so" are words of their own.
  else if (/^S[60]$/u.test(s)) s = "Số";
  s = s.replace(/^ng[aàáảãạâấầẩẫậăắằẳẵặ]y$/iu, "ngày");
  s = s.replace(/^th[aàáảãạâấầẩẫậăắằẳẵặ]ng$/iu, "tháng");
  s = s.replace(/^n[aàáảãạâấầẩẫậăắằẳẵặ]m$/iu, "năm");
  s = s.replace(/^T[ÍIÌ]NH$/u, "TỈNH");
  return s;
}

/** The positioned text with every item repaired, and the number label's colon split off a glued number. */
export function repairOcrText<T extends PositionedText>(input: T): T {
  return {
    ...input,
    pages: input.pages.map((page) => ({
      ...page,
      items: page.items.map((item) => {
        let str = repairOcrItem(item.str);
        // "Số:1234/UBND" glued by OCR stays parseable; digits read as letters in the number part.
        const m = /^Số:\s*([0-9OoIl]+)(\/.*)?$/u.exec(str);
        if (m) str = `Số: ${m[1].replace(/[Oo]/g, "0").replace(/[Il]/g, "1")}${m[2] ?? ""}`;
        return { ...item, str };
      }),
    })),
  };
}

/** Levenshtein distance, for snapping names within a few slips of a known one. */
export function editDistance(a: string, b: string): number {
  if (a === b) return 0;
  const prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0];
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const up = prev[j];
      prev[j] = Math.min(prev[j] + 1, prev[j - 1] + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = up;
    }
  }
  return prev[b.length];
}

const key = (s: string) => foldDiacritics(s).toLowerCase().replace(/\s+/g, " ").trim();

/** The organ-type word a name starts with: "bo" (Bộ), "so" (Sở), "uy" (Ủy ban), "cuc" (Cục)… */
const organType = (k: string) => k.split(" ", 1)[0];

/**
 * The known name closest to `value` (accents ignored, case ignored) when within 15% of its length (and at
 * least one slip): "ỦY BAN NHÂN DÂN TÍNH CÀ MAU" → "Ủy ban nhân dân tỉnh Cà Mau". Null when none is close.
 * Only names of the same organ type are candidates: "BỘ NỘI VỤ" (the ministry) is one letter from "Sở Nội vụ"
 * (a province's department) once accents are folded, and every ministry has a Sở of the same name.
 */
export function closestKnownName(value: string, known: readonly string[]): string | null {
  const k = key(value);
  if (!k) return null;
  let best: { name: string; d: number } | null = null;
  for (const name of known) {
    if (organType(key(name)) !== organType(k)) continue;
    const d = editDistance(k, key(name));
    if (!best || d < best.d) best = { name, d };
  }
  if (!best) return null;
  return best.d <= Math.max(1, Math.floor(k.length * 0.15)) ? best.name : null;
}
