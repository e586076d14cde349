// The character encoding of an uploaded text file (CSV lists: plan appendices, case-file lists). Pure.
//
// Vietnamese offices produce CSV in three encodings besides UTF-8: Excel on a Vietnamese Windows saves
// "CSV (Comma delimited)" in the ANSI code page, Windows-1258, where tone marks are separate combining bytes;
// Excel's "Unicode Text" is UTF-16LE with a byte-order mark (tab-separated); and files typed with the old
// .VnTime fonts carry TCVN3 (ABC, TCVN 5712:1993) bytes that no code page describes, and those typed with the
// VNI-Times fonts carry VNI Windows bytes. The first two are read; the last two are refused with the conversion
// the clerk knows (Unikey's "Công cụ chuyển mã").

export type TextEncodingName = "utf-8" | "utf-16le" | "utf-16be" | "windows-1258";

export type DecodedText = { ok: true; text: string; encoding: TextEncodingName } | { ok: false; reason: "tcvn3" | "vni" | "binary" };
/** A file's verdict without its text (what the upload check passes back from the pool). */
export type TextEncodingVerdict = { ok: true; encoding: TextEncodingName } | Extract<DecodedText, { ok: false }>;

/** How the refused font encodings are named to the clerk, as Unikey's converter names its source tables. */
export const LEGACY_FONT_ENCODINGS = {
  tcvn3: "bảng mã TCVN3 (ABC, phông .VnTime)",
  vni: "bảng mã VNI Windows (phông VNI-Times)",
} as const;

// TCVN3 puts the Vietnamese lower-case vowels at 0xA8–0xFE. Read as Windows-1258 they become ¨ © ª « ¬ ® µ ¶ · ¸ ¹
// and the soft hyphen, which real Windows-1258 Vietnamese never has inside a word: "Uû ban nh©n d©n".
const TCVN3_IN_WORD = /[A-Za-z][¨©ª«¬\u00AD®µ¶·¸¹]|[¨©ª«¬\u00AD®µ¶·¸¹][A-Za-z]/g;
const TCVN3_MIN_HITS = 3;
// VNI Windows writes a Vietnamese letter as its base letter followed by a mark byte: "nhân" is "nha" + 0xE2 + "n",
// "đề" is 0xF1 + "e" + 0xE0, "ư" is 0xF6. Read as Windows-1258 ("nhaân daân, ñeà nghò, tröôøng") it shows letters
// Vietnamese does not have — å ä ö ø û ï ë ü æ ñ — next to the letters of a word.
const VNI_IN_WORD = /[A-Za-z][åäöøûïëüæñ]|[åäöøûïëüæñ][A-Za-z]/g;
const VNI_MIN_HITS = 3;
/**
 * C0 controls other than tab, line feed and carriage return, C1 controls, and the replacement character: what a
 * binary file (or a byte Windows-1258 does not define) turns into.
 */
function hasNonTextCharacter(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if ((c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) || (c >= 0x80 && c <= 0x9f) || c === 0xfffd) return true;
  }
  return false;
}

function tryDecode(encoding: TextEncodingName, bytes: Uint8Array): string | null {
  try {
    return new TextDecoder(encoding, { fatal: true }).decode(bytes);
  } catch {
    return null;
  }
}

/** UTF-16 without a byte-order mark: one of each pair of bytes is zero for most of the (mostly Latin) text. */
function utf16WithoutBom(bytes: Uint8Array): "utf-16le" | "utf-16be" | null {
  if (bytes.length < 4 || bytes.length % 2 !== 0) return null;
  const pairs = Math.min(bytes.length / 2, 4096);
  let oddZeros = 0;
  let evenZeros = 0;
  for (let i = 0; i < pairs; i++) {
    if (bytes[2 * i] === 0) evenZeros++;
    if (bytes[2 * i + 1] === 0) oddZeros++;
  }
  if (oddZeros > pairs * 0.3 && evenZeros < pairs * 0.05) return "utf-16le";
  if (evenZeros > pairs * 0.3 && oddZeros < pairs * 0.05) return "utf-16be";
  return null;
}

/**
 * The text of a file whose encoding is not declared: by its byte-order mark, else UTF-8 when the bytes are valid
 * UTF-8, else UTF-16 without a mark, else Windows-1258. The text is in NFC (Windows-1258 and decomposed input
 * carry tone marks as separate characters) without a byte-order mark.
 */
export function decodeTextFile(bytes: Uint8Array): DecodedText {
  let encoding: TextEncodingName | null = null;
  let body = bytes;
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) [encoding, body] = ["utf-8", bytes.subarray(3)];
  else if (bytes[0] === 0xff && bytes[1] === 0xfe) [encoding, body] = ["utf-16le", bytes.subarray(2)];
  else if (bytes[0] === 0xfe && bytes[1] === 0xff) [encoding, body] = ["utf-16be", bytes.subarray(2)];
  const utf16 = encoding ? null : utf16WithoutBom(bytes);
  const candidates: TextEncodingName[] = encoding ? [encoding] : utf16 ? ["utf-8", utf16, "windows-1258"] : ["utf-8", "windows-1258"];
  for (const candidate of candidates) {
    const text = tryDecode(candidate, body);
    if (text === null || hasNonTextCharacter(text)) continue;
    if (candidate === "windows-1258" && (text.match(TCVN3_IN_WORD)?.length ?? 0) >= TCVN3_MIN_HITS) return { ok: false, reason: "tcvn3" };
    if (candidate === "windows-1258" && (text.match(VNI_IN_WORD)?.length ?? 0) >= VNI_MIN_HITS) return { ok: false, reason: "vni" };
    return { ok: true, text: text.normalize("NFC"), encoding: candidate };
  }
  return { ok: false, reason: "binary" };
}
