// The fonts of the composer: the four Tinos faces and a fontkit that parses each face once.

import fontkit from "@pdf-lib/fontkit";
import type { PDFDocument } from "pdf-lib";
import { loadTinosFonts } from "#documents/fonts/tinos";
import type { ComposerFonts } from "#documents/composer/types";

// pdf-lib does not export its Fontkit interface from the package root.
type Fontkit = Parameters<PDFDocument["registerFontkit"]>[0];

/**
 * The four Tinos faces, padded against the fontkit short-loca bug and without layout tables (the one
 * font module, documents/fonts/tinos.ts). The same byte arrays every call, so parsed fonts cache by identity.
 */
export function loadComposerFonts(): Promise<ComposerFonts> {
  return Promise.resolve().then(() => loadTinosFonts());
}

// pdf-lib re-parses the font file on every embed (5–15 ms per face); each embed creates its own
// subset, so one parsed fontkit object per face can serve every document, with one caveat: fontkit
// caches glyph objects together with the code points they were first looked up by, and pdf-lib
// builds the ToUnicode CMap from those. A glyph first created as a composite's component (e.g. "U"
// inside "Ủ" while a subset is written) would keep no code points, and later documents would lose
// that letter in text extraction ("Q YẾT ĐỊNH"). Looking every mapped character up once, in code
// point order, right after parsing gives each glyph its (lowest) code point before anything else.
const parsedFonts = new WeakMap<Uint8Array, ReturnType<Fontkit["create"]>>();
export const cachingFontkit: Fontkit = {
  create(buffer, postscriptName) {
    if (postscriptName) return fontkit.create(buffer, postscriptName);
    let parsed = parsedFonts.get(buffer);
    if (!parsed) {
      parsed = fontkit.create(buffer);
      for (const codePoint of [...parsed.characterSet].sort((a, b) => a - b)) {
        parsed.glyphForCodePoint(codePoint);
      }
      parsedFonts.set(buffer, parsed);
    }
    return parsed;
  },
};
