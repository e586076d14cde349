// The bundled font (Tinos, SIL OFL) must cover every Vietnamese letter. Debian's Liberation 1.07 lacks ố/ộ/ở
// (signing.md pitfall 16). We check every code point in U+00C0–U+1EF9 that Vietnamese uses: all precomposed
// vowel × tone forms, đ/Đ, and the whole Latin Extended Additional Vietnamese block U+1EA0–U+1EF9.
import fontkit from "@pdf-lib/fontkit";
import { describe, expect, it } from "vitest";
import { loadVietnameseFont } from "../../../scripts/commands/signing-assets";

function vietnameseCodePoints(): number[] {
  const vowels = "aăâeêioôơuưy";
  const tones = ["", "\u0300", "\u0301", "\u0309", "\u0303", "\u0323"];
  const set = new Set<number>([0xd0 /* Ð is not used; keep Đ/đ below */].filter(() => false));
  for (const v of vowels + vowels.toUpperCase()) for (const t of tones) set.add((v + t).normalize("NFC").codePointAt(0)!);
  set.add(0x0110); // Đ
  set.add(0x0111); // đ
  for (let cp = 0x1ea0; cp <= 0x1ef9; cp++) set.add(cp);
  return [...set].filter((cp) => cp >= 0xc0 && cp <= 0x1ef9).sort((a, b) => a - b);
}

describe("Vietnamese font coverage", () => {
  it("Tinos has a glyph for every Vietnamese code point in U+00C0–U+1EF9", () => {
    const font = fontkit.create(Buffer.from(loadVietnameseFont()));
    const cps = vietnameseCodePoints();
    expect(cps.length).toBeGreaterThanOrEqual(134);
    const missing = cps.filter((cp) => !font.hasGlyphForCodePoint(cp)).map((cp) => `U+${cp.toString(16).toUpperCase()}`);
    expect(missing).toEqual([]);
    for (const cp of [0x1ed1, 0x1ed9, 0x1edf]) expect(font.hasGlyphForCodePoint(cp)).toBe(true); // ố ộ ở
  });
});
