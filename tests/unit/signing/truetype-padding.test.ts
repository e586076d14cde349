import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import fontkit from "@pdf-lib/fontkit";
import { describe, expect, test } from "vitest";
import { hasUnalignedGlyphs, padTrueTypeGlyphs } from "#signing/fonts/truetype-padding";

const require = createRequire(import.meta.url);
const tinosRegular = new Uint8Array(readFileSync(require.resolve("@expo-google-fonts/tinos/400Regular/Tinos_400Regular.ttf")));
const VIETNAMESE_SAMPLE = "CỘNG HÒA Độc lập Tự do Hạnh phúc ố ộ ở ự ữ ỹ Đ";

type FontkitFont = ReturnType<typeof fontkit.create>;

function pathOf(font: FontkitFont, character: string): string {
  return font.glyphForCodePoint(character.codePointAt(0)!).path.toSVG();
}

// The same call sequence pdf-lib's CustomFontSubsetEmbedder uses to serialise a subset.
function encodeSubset(font: FontkitFont, text: string): Promise<Uint8Array> {
  const subset = font.createSubset();
  for (const glyph of font.layout(text).glyphs) subset.includeGlyph(glyph);
  return new Promise((resolve) => {
    const parts: Uint8Array[] = [];
    subset
      .encodeStream()
      .on("data", (part: Uint8Array) => parts.push(part))
      .on("end", () => {
        const merged = new Uint8Array(parts.reduce((total, part) => total + part.length, 0));
        let offset = 0;
        for (const part of parts) {
          merged.set(part, offset);
          offset += part.length;
        }
        resolve(merged);
      });
  });
}

function fontChecksum(bytes: Uint8Array): number {
  const padded = new Uint8Array(Math.ceil(bytes.length / 4) * 4);
  padded.set(bytes);
  const view = new DataView(padded.buffer);
  let sum = 0;
  for (let offset = 0; offset < padded.length; offset += 4) sum = (sum + view.getUint32(offset)) >>> 0;
  return sum;
}

describe("padTrueTypeGlyphs", () => {
  const padded = padTrueTypeGlyphs(tinosRegular);

  test("the bundled Tinos has odd-length glyph records (the cause of the broken subsets)", () => {
    expect(hasUnalignedGlyphs(tinosRegular)).toBe(true);
    expect(hasUnalignedGlyphs(padded)).toBe(false);
  });

  test("keeps glyph IDs, outlines and advance widths", () => {
    const original = fontkit.create(tinosRegular);
    const result = fontkit.create(padded);
    expect(result.numGlyphs).toBe(original.numGlyphs);
    for (const character of Array.from(new Set(VIETNAMESE_SAMPLE.replace(/ /g, "")))) {
      const codePoint = character.codePointAt(0)!;
      expect(result.glyphForCodePoint(codePoint).id).toBe(original.glyphForCodePoint(codePoint).id);
      expect(result.glyphForCodePoint(codePoint).advanceWidth).toBe(original.glyphForCodePoint(codePoint).advanceWidth);
      expect(pathOf(result, character)).toBe(pathOf(original, character));
    }
  });

  test("writes a valid whole-font checksum", () => {
    expect(fontChecksum(padded)).toBe(0xb1b0afba);
  });

  test("makes fontkit subsets keep every glyph outline", async () => {
    const original = fontkit.create(tinosRegular);
    const brokenSubset = fontkit.create(await encodeSubset(original, VIETNAMESE_SAMPLE));
    const fixedSubset = fontkit.create(await encodeSubset(fontkit.create(padded), VIETNAMESE_SAMPLE));
    // Subset glyph IDs follow inclusion order: .notdef first, then the sample's glyphs.
    const sampleGlyphs = original.layout(VIETNAMESE_SAMPLE).glyphs;
    const expected = sampleGlyphs.map((glyph) => glyph.path.toSVG());
    const pathsOf = (subset: FontkitFont) => {
      const seen = new Map<number, number>();
      return sampleGlyphs.map((glyph) => {
        if (!seen.has(glyph.id)) seen.set(glyph.id, seen.size + 1);
        try {
          return subset.getGlyph(seen.get(glyph.id)!).path.toSVG();
        } catch {
          // The broken subset can even point past the end of its glyf table.
          return "<unreadable>";
        }
      });
    };
    expect(pathsOf(fixedSubset)).toEqual(expected);
    expect(pathsOf(brokenSubset)).not.toEqual(expected);
  });

  test("drops the requested tables", () => {
    const withoutLayout = fontkit.create(padTrueTypeGlyphs(tinosRegular, { dropTables: ["GSUB", "GPOS", "GDEF"] }));
    // `directory` is fontkit's parsed table directory; its typings leave it out.
    const { directory } = withoutLayout as unknown as {
      directory: { tables: Record<string, unknown> };
    };
    const tags = Object.keys(directory.tables);
    expect(tags).not.toContain("GSUB");
    expect(tags).toContain("glyf");
    expect(pathOf(withoutLayout, "ộ")).toBe(pathOf(fontkit.create(tinosRegular), "ộ"));
  });
});
