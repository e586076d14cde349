// The one place the product loads its font. Every PDF it writes (composed drafts, signature and stamp
// appearances, periodic reports, demo documents) uses Tinos (SIL OFL; metric-compatible with Times New
// Roman, the face Decree 30/2020 Phụ lục I asks for, with every Vietnamese letter) through this module.
//
// Why one module: @pdf-lib/fontkit 1.1.1 writes a *short* `loca` (offset / 2) for subsets under 128 KiB
// but copies Tinos's odd-length glyph records as they are, so every glyph after the first odd one points
// into its neighbour and viewers draw scattered letters while `pdftotext` still reads the text (the
// ToUnicode map is intact). Each face is therefore padded here, once, before pdf-lib ever sees it
// (see signing/fonts/truetype-padding.ts). A producer that read the .ttf itself would bring the bug back;
// tests/support/render-check.ts catches that by OCR-ing what the PDF actually shows.
//
// The files are found by module resolution from this file, not from process.cwd(), so the CLI, the
// server (run from any directory) and the tests load the same bytes.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { padTrueTypeGlyphs } from "#signing/fonts/truetype-padding";

export type TinosFace = "regular" | "bold" | "italic" | "boldItalic";
export type TinosFonts = Record<TinosFace, Uint8Array>;

export const TINOS_FACES: readonly TinosFace[] = ["regular", "bold", "italic", "boldItalic"];

const FILES: Record<TinosFace, string> = {
  regular: "@expo-google-fonts/tinos/400Regular/Tinos_400Regular.ttf",
  bold: "@expo-google-fonts/tinos/700Bold/Tinos_700Bold.ttf",
  italic: "@expo-google-fonts/tinos/400Regular_Italic/Tinos_400Regular_Italic.ttf",
  boldItalic: "@expo-google-fonts/tinos/700Bold_Italic/Tinos_700Bold_Italic.ttf",
};

/**
 * The OpenType layout tables are dropped: pdf-lib ignores GPOS anyway, Vietnamese uses precomposed
 * glyphs from `cmap`, fontkit would shape every measured word through GSUB (slow), and a ligature
 * ("fi") would merge two letters into one glyph that text extraction cannot split.
 */
const LAYOUT_TABLES = ["GSUB", "GPOS", "GDEF"];

const cache = new Map<TinosFace, Uint8Array>();

/** Absolute path of a face's original .ttf (for tools that take a file, e.g. a browser's @font-face). */
export function tinosFontPath(face: TinosFace): string {
  return createRequire(import.meta.url).resolve(FILES[face]);
}

/**
 * One Tinos face, padded and without layout tables, read once per process. The same Uint8Array is
 * returned on every call, so callers may cache parsed fonts by identity.
 */
export function loadTinos(face: TinosFace): Uint8Array {
  let bytes = cache.get(face);
  if (!bytes) {
    bytes = padTrueTypeGlyphs(new Uint8Array(readFileSync(tinosFontPath(face))), { dropTables: LAYOUT_TABLES });
    cache.set(face, bytes);
  }
  return bytes;
}

/** The four faces (regular, bold, italic, bold italic), padded. */
export function loadTinosFonts(): TinosFonts {
  return { regular: loadTinos("regular"), bold: loadTinos("bold"), italic: loadTinos("italic"), boldItalic: loadTinos("boldItalic") };
}
