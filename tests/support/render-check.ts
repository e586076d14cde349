// Render check: does page 1 of a PDF *look* like its own text layer?
//
// A PDF can carry a perfect text layer (pdftotext, search and our own extraction read it) while every
// viewer draws scattered letters: the fontkit short-loca bug (documents/fonts/tinos.ts) breaks the glyph
// outlines of an embedded subset but not its ToUnicode map. Text-based assertions cannot see that, so
// this check rasterises page 1 (poppler's pdftoppm, 150 dpi), reads the image back with OCR (tesseract
// with the Vietnamese model) and scores the share of the text layer's words that the OCR found.
// Measured on the product's PDFs: intact pages score 0.95-1.00, pages with broken glyphs 0.00-0.10.
// Only page 1 at a modest resolution keeps one check at about a second.
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export type RenderCheck = {
  /** Found words / text-layer words (0..1). */
  score: number;
  /** Normalised words of page 1's text layer that were scored (length >= MIN_WORD_LENGTH). */
  words: string[];
  /** Those words the OCR did not find. */
  missing: string[];
  /** Raw OCR output, for failure messages. */
  ocrText: string;
};

/** Words shorter than this are skipped: OCR confuses short tokens ("số", "1.") too easily to score them. */
const MIN_WORD_LENGTH = 3;
const DPI = 150;

/** The score below which a page counts as not rendering its text. */
export const MIN_RENDER_SCORE = 0.8;

let toolsChecked = false;

/** Fails loudly (never skips) when the tools are missing: the test run installs them (.ci/run, test-all.sh). */
function assertTools(): void {
  if (toolsChecked) return;
  const missing: string[] = [];
  for (const [tool, pkg] of [
    ["pdftoppm", "poppler-utils"],
    ["pdftotext", "poppler-utils"],
    ["tesseract", "tesseract-ocr"],
  ] as const) {
    const probe = spawnSync(tool, ["-v"], { encoding: "utf8" });
    if (probe.error) missing.push(`${tool} (Debian package ${pkg})`);
  }
  if (missing.length === 0) {
    const langs = spawnSync("tesseract", ["--list-langs"], { encoding: "utf8" });
    if (!/^vie$/m.test(`${langs.stdout}${langs.stderr}`)) missing.push("tesseract's Vietnamese model (Debian package tesseract-ocr-vie)");
  }
  if (missing.length > 0) {
    throw new Error(`Render check needs ${missing.join(", ")}: run 'apt-get install -y poppler-utils tesseract-ocr tesseract-ocr-vie'`);
  }
  toolsChecked = true;
}

/** NFC, lower case, letters and digits only: "Số:" -> "số", "UBND," -> "ubnd". */
export function normaliseWords(text: string): string[] {
  return text
    .normalize("NFC")
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((word) => word.length > 0);
}

/** Renders page 1, OCRs it and scores it against page 1's text layer. */
export function renderCheck(pdf: Uint8Array): RenderCheck {
  assertTools();
  const dir = mkdtempSync(join(tmpdir(), "render-check-"));
  try {
    const file = join(dir, "in.pdf");
    writeFileSync(file, pdf);
    const textLayer = execFileSync("pdftotext", ["-f", "1", "-l", "1", "-enc", "UTF-8", file, "-"], {
      encoding: "utf8",
    });
    const png = execFileSync("pdftoppm", ["-f", "1", "-l", "1", "-r", String(DPI), "-png", "-singlefile", file], {
      maxBuffer: 64 * 1024 * 1024,
    });
    const ocrText = execFileSync("tesseract", ["-", "-", "-l", "vie"], {
      input: png,
      encoding: "utf8",
      stdio: ["pipe", "pipe", "ignore"],
      maxBuffer: 16 * 1024 * 1024,
    });
    const words = normaliseWords(textLayer).filter((word) => [...word].length >= MIN_WORD_LENGTH);
    if (words.length === 0) throw new Error("Render check: page 1 has no text layer to compare with");
    const seen = new Set(normaliseWords(ocrText));
    const missing = words.filter((word) => !seen.has(word));
    return { score: (words.length - missing.length) / words.length, words, missing, ocrText };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Throws with the score, the missing words and the OCR text when page 1 does not render its text. */
export function assertRendersText(pdf: Uint8Array, label: string, min = MIN_RENDER_SCORE): RenderCheck {
  const result = renderCheck(pdf);
  if (process.env.RENDER_CHECK_LOG) console.log(`[render-check] ${label}: ${result.score.toFixed(3)} (${result.words.length} words)`);
  if (result.score < min) {
    throw new Error(
      `${label}: page 1 renders ${(result.score * 100).toFixed(1)}% of its text-layer words (need ${min * 100}%).\n` +
        `Missing (${result.missing.length}/${result.words.length}): ${result.missing.slice(0, 40).join(" ")}\n` +
        `OCR read:\n${result.ocrText.slice(0, 1500)}`,
    );
  }
  return result;
}
