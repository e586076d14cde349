// Reads the header fields of a Vietnamese administrative document from its positioned text, to pre-fill
// the clerk's incoming-document form (Decree 30/2020/NĐ-CP Appendix VI inputs; domain.md §4.3).
// Layout knowledge comes from Decree 30 Appendix I (domain.md §2.4): a two-column header (left: governing
// body, issuing body, "Số: …", for công văn "V/v …"; right: national motto and "<place>, ngày … tháng … năm …"),
// then the type name in capitals and the trích yếu, and at the end the signature block in the right half.
// Pure: no I/O. Every rule works on item geometry, never on a particular PDF producer's quirks.
import {
  DOCUMENT_TYPES,
  LEGAL_NORMATIVE_DOCUMENT_TYPES,
  findDocumentTypeByAbbreviation,
  findDocumentTypeByCode,
  findDocumentTypeByName,
  foldVietnamese,
  OFFICIAL_LETTER_CODE,
  type DocumentType,
} from "#app/domain/shared/document-types";
import type { PositionedPage, PositionedText, PositionedTextItem } from "#app/domain/shared/positioned-text";

export type SigningAuthority = "TM." | "KT." | "TL." | "TUQ." | "Q.";
export type Confidence = "high" | "low";

export type ExtractedFieldName =
  | "numberSymbol"
  | "docType"
  | "issuedDate"
  | "place"
  | "issuer"
  | "parentIssuer"
  | "summary"
  | "signerName"
  | "signerTitle"
  | "signingAuthority";

export type ExtractedFields = {
  /** As printed minus stray spaces: "05/QĐ-UBND", "12/2025/QĐ-UBND", "12/UBND-VP". */
  numberSymbol: string | null;
  /** DOCUMENT_TYPES code: "KH", "QĐ", … and "CV" for công văn. */
  docTypeCode: string | null;
  docTypeName: string | null;
  /** YYYY-MM-DD. */
  issuedDate: string | null;
  /** Địa danh of the date line ("Cà Mau", "Tân Thành"). */
  place: string | null;
  /**
   * Issuing body exactly as printed (normally upper case), its lines joined with one space:
   * "ỦY BAN NHÂN DÂN" / "TỈNH CÀ MAU" → "ỦY BAN NHÂN DÂN TỈNH CÀ MAU". Not re-cased, because sentence
   * case needs to know which words are proper names ("Sở Nội vụ"); when `knownIssuers` contains a match
   * the known spelling is returned instead, which is how the form gets "Ủy ban nhân dân tỉnh Cà Mau".
   */
  issuer: string | null;
  /** Governing body (cơ quan chủ quản) printed above the issuer, e.g. "UBND TỈNH CÀ MAU" above "SỞ NỘI VỤ". */
  parentIssuer: string | null;
  /** Trích yếu as printed; for công văn the "V/v …" lines without "V/v". */
  summary: string | null;
  signerName: string | null;
  /** Position as printed: "CHỦ TỊCH", "PHÓ CHỦ TỊCH", "CHÁNH VĂN PHÒNG". */
  signerTitle: string | null;
  /** The innermost prefix, i.e. the one the signer signs under ("TM. …" / "KT. CHỦ TỊCH" → "KT."). */
  signingAuthority: SigningAuthority | null;
  pageCount: number;
  hasTextLayer: boolean;
  confidence: Record<ExtractedFieldName, Confidence>;
};

export type ExtractDocumentFieldsOptions = {
  /** Canonical names of issuing bodies the organisation knows ("Ủy ban nhân dân tỉnh Cà Mau"). */
  knownIssuers?: string[];
};

export type ParsedNumberSymbol = {
  number: number;
  /** Number as printed, keeping the leading zero Decree 30 App. I requires below 10 ("05"). */
  numberText: string;
  /** Present for legal normative documents ("12/2025/QĐ-UBND"). */
  year?: number;
  /** Ký hiệu: "KH-UBND", "UBND-VP". */
  symbol: string;
  /** Canonical type abbreviation ("QĐ"), null for công văn. */
  typeAbbreviation: string | null;
  /** Issuing organ: "UBND" in both "KH-UBND" and "UBND-VP". */
  issuerAbbreviation: string | null;
  /** Drafting unit or field of a công văn ("VP" in "UBND-VP"); null for typed documents. */
  unitAbbreviation: string | null;
  /** Normalised "number[/year]/symbol". */
  text: string;
};

// ---------------------------------------------------------------------------------------------------
// Number, symbol and date

const DASHES = /[\u2010-\u2015\u2212]/g;

/**
 * Parses "Số: 172/KH-UBND" or just "05 /QĐ-UBND". Decree 30 App. I prints no spaces inside the number and
 * symbol, but typed documents often have "05 /QĐ-UBND" or "QĐ - UBND", so spaces around "/" and "-" are
 * dropped first. Rule (domain.md §2.1): if the first group of the ký hiệu is a type abbreviation the
 * document is of that type, otherwise it is a công văn ("12/UBND-VP").
 */
/**
 * "Số" as printed, and as OCR reads it off a scan: any case, the ô's marks confused with one another ("Sô", "Sổ",
 * "Sỗ", "Sồ", "Sộ") or the ô read as a 6 ("S6").
 */
const NUMBER_WORD = "S[ốôổỗồộ6]";
const NUMBER_PREFIX = new RegExp(`^\\s*${NUMBER_WORD}\\s*[:.]?\\s*`, "iu");
const NUMBER_LABEL = new RegExp(`^${NUMBER_WORD}\\s*:`, "iu");
const NUMBER_BEFORE_DIGITS = new RegExp(`^${NUMBER_WORD}\\s*[.]?\\s*(\\d|\\/)`, "iu");

export function parseNumberSymbol(text: string): ParsedNumberSymbol | null {
  const compact = text
    .normalize("NFC")
    .replace(DASHES, "-")
    .replace(NUMBER_PREFIX, "")
    .replace(/\s*([/-])\s*/g, "$1")
    .trim();
  const match = /^(\d{1,6})\/(?:(\d{4})\/)?([\p{L}\d][\p{L}\d&.-]*)/u.exec(compact);
  if (!match) return null;
  const [, numberText, yearText] = match;
  const symbol = match[3].replace(/[.-]+$/, "");
  const groups = symbol.split("-").filter(Boolean);
  const number = Number(numberText);
  if (groups.length === 0 || number < 1) return null;
  const year = yearText ? Number(yearText) : undefined;
  if (year !== undefined && (year < 1945 || year > 2100)) return null;
  const type = findDocumentTypeByAbbreviation(groups[0], { includeLegalNormative: true });
  const typeAbbreviation = type?.abbreviation ?? null;
  const rest = groups.slice(1).join("-") || null;
  return {
    number,
    numberText,
    ...(year !== undefined ? { year } : {}),
    symbol: groups.join("-"),
    typeAbbreviation,
    issuerAbbreviation: typeAbbreviation ? rest : groups[0],
    unitAbbreviation: typeAbbreviation ? null : rest,
    text: `${numberText}/${year !== undefined ? `${year}/` : ""}${groups.join("-")}`,
  };
}

function isValidDate(year: number, month: number, day: number): boolean {
  if (year < 1945 || year > 2100 || month < 1 || month > 12 || day < 1) return false;
  return day <= new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function formatIsoDate(year: number, month: number, day: number): string {
  return `${year}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
}

/**
 * Parses the place-and-date line "Cà Mau, ngày 15 tháng 6 năm 2025" (Decree 30 App. I, ô 4). Accepts
 * unpadded days and months, and the informal "ngày 15/6/2025". Drafts print blanks ("ngày   tháng   năm
 * 2025") until the clerk numbers the document; those give null.
 */
export function parseDateLine(text: string): { place: string | null; date: string } | null {
  const line = text.normalize("NFC").replace(/\s+/g, " ");
  const words = /ngày\s*(\d{1,2})\s*tháng\s*(\d{1,2})\s*năm\s*(\d{4})/iu.exec(line);
  const numeric = words ? null : /ngày\s*(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4})/iu.exec(line);
  const match = words ?? numeric;
  if (!match) return null;
  const [day, month, year] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (!isValidDate(year, month, day)) return null;
  const before = line
    .slice(0, match.index)
    .replace(/[,;:\s]+$/, "")
    .trim();
  return { place: before && /\p{L}/u.test(before) ? before : null, date: formatIsoDate(year, month, day) };
}

// ---------------------------------------------------------------------------------------------------
// Geometry: items → segments → lines

export type TextSegment = {
  text: string;
  x0: number;
  x1: number;
  y: number;
  size: number;
  /** True/false when every item's font is known and agrees; undefined otherwise. */
  bold: boolean | undefined;
};

export type TextLine = { y: number; size: number; segments: TextSegment[]; text: string };

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length ? sorted[Math.floor(sorted.length / 2)] : 0;
}

function buildSegment(items: PositionedTextItem[]): TextSegment {
  let text = "";
  let previous: PositionedTextItem | undefined;
  for (const item of items) {
    if (previous) {
      const gap = item.x - (previous.x + previous.width);
      const size = Math.max(previous.height, item.height);
      // Producers that place words as separate items rely on the gap for the space; OCR says so outright.
      const isSpaced = gap > size * 0.15 || previous.isWholeWord === true || item.isWholeWord === true;
      if (isSpaced && !/\s$/.test(text) && !/^\s/.test(item.str)) text += " ";
    }
    text += item.str;
    previous = item;
  }
  const bolds = items.map((i) => i.bold);
  const bold = bolds.every((b) => b === true) ? true : bolds.every((b) => b === false) ? false : undefined;
  return {
    text: text.replace(/\s+/g, " ").trim(),
    x0: Math.min(...items.map((i) => i.x)),
    x1: Math.max(...items.map((i) => i.x + i.width)),
    y: median(items.map((i) => i.y)),
    size: median(items.map((i) => i.height)),
    bold,
  };
}

/**
 * Groups items into visual lines by baseline, then splits each line where the horizontal gap is wider
 * than ~1.5 em: the two header columns share baselines ("Số: …" sits on the date line's baseline).
 */
export function groupPageLines(page: PositionedPage): TextLine[] {
  const items = page.items.filter((i) => i.str.trim() !== "").sort((a, b) => a.y - b.y || a.x - b.x);
  const rows: PositionedTextItem[][] = [];
  for (const item of items) {
    const row = rows[rows.length - 1];
    if (row) {
      const rowY = median(row.map((i) => i.y));
      const tolerance = Math.max(1.5, 0.35 * Math.min(item.height, median(row.map((i) => i.height))));
      if (Math.abs(item.y - rowY) <= tolerance) {
        row.push(item);
        continue;
      }
    }
    rows.push([item]);
  }
  const lines: TextLine[] = [];
  for (const row of rows) {
    row.sort((a, b) => a.x - b.x);
    const segments: TextSegment[] = [];
    let current: PositionedTextItem[] = [];
    for (const item of row) {
      const last = current[current.length - 1];
      const gap = last ? item.x - (last.x + last.width) : 0;
      if (last && gap > Math.max(1.5 * Math.max(item.height, last.height), 12)) {
        segments.push(buildSegment(current));
        current = [];
      }
      current.push(item);
    }
    if (current.length) segments.push(buildSegment(current));
    const kept = segments.filter((s) => s.text !== "" && !isRule(s.text));
    if (kept.length) lines.push(lineOf(kept));
  }
  return lines;
}

/** A visual line made of segments (left to right). */
function lineOf(segments: TextSegment[]): TextLine {
  return {
    y: median(segments.map((s) => s.y)),
    size: median(segments.map((s) => s.size)),
    segments,
    text: segments.map((s) => s.text).join(" "),
  };
}

/** Typed separator rules ("-------", "______") some offices put under the organ name or trích yếu. */
function isRule(text: string): boolean {
  return /^[-_=—–.*•·\s]+$/u.test(text);
}

function isUpperCaseText(text: string): boolean {
  const letters = text.replace(/[^\p{L}]/gu, "");
  return letters.length > 0 && letters === letters.toLocaleUpperCase("vi");
}

// ---------------------------------------------------------------------------------------------------
// Issuing body

// Words that open the name of an organ: a left-column line starting with one of these begins a new body.
const ORGAN_OPENERS = [
  "UY BAN",
  "UBND",
  "HOI DONG",
  "HDND",
  "SO",
  "PHONG",
  "VAN PHONG",
  "BAN",
  "TRUNG TAM",
  "CONG AN",
  "BO",
  "CUC",
  "CHI CUC",
  "TONG CUC",
  "DANG UY",
  "TINH UY",
  "HUYEN UY",
  "THANH UY",
  "TRUONG",
  "BENH VIEN",
  "KHO BAC",
  "CHI NHANH",
  "BO CHI HUY",
  "MAT TRAN",
  "HOI",
  "DOAN",
  "CONG TY",
  "THANH TRA",
  "TOA AN",
  "VIEN KIEM SAT",
  "BAO HIEM",
  "HOC VIEN",
  "VIEN",
  "DAI",
  "CHINH PHU",
  "THU TUONG",
  "QUOC HOI",
  "NGAN HANG",
  "LIEN DOAN",
];
// Administrative-unit words: a line starting with one of these continues the previous body's name
// ("ỦY BAN NHÂN DÂN" / "TỈNH CÀ MAU"), it never names a body of its own (Decree 30 App. I, ô 2).
const LOCALITY_OPENERS = ["TINH", "THANH PHO", "TP", "HUYEN", "QUAN", "THI XA", "XA", "PHUONG", "THI TRAN", "DAC KHU"];

function startsWithWord(folded: string, words: string[]): boolean {
  return words.some((w) => folded === w || folded.startsWith(`${w} `) || folded.startsWith(`${w}.`));
}

/**
 * Splits the left-column organ lines into governing body (chủ quản) and issuing body. Decree 30 App. I
 * prints the chủ quản in regular and the issuer in bold, so a regular-then-bold pattern decides when fonts
 * are known; otherwise a line that opens with an organ word starts a new body and a line that opens with
 * an administrative-unit word (TỈNH, PHƯỜNG, XÃ…) continues the previous one.
 */
export function splitIssuerLines(lines: Array<{ text: string; bold?: boolean }>): {
  issuer: string | null;
  parentIssuer: string | null;
  /** True when fonts decided the split or there was only one line to read. */
  isCertain: boolean;
} {
  const usable = lines.filter((l) => l.text.trim() !== "");
  if (!usable.length) return { issuer: null, parentIssuer: null, isCertain: false };
  const firstBold = usable.findIndex((l) => l.bold === true);
  const isFontSplit = firstBold > 0 && usable.slice(0, firstBold).every((l) => l.bold === false) && usable.slice(firstBold).every((l) => l.bold === true);
  // A bold part that opens with an administrative-unit word ("ỦY BAN NHÂN DÂN" regular, "TỈNH CÀ MAU"
  // bold) continues the regular line's name: it is one body printed in two weights, not chủ quản + issuer.
  const continuesName = isFontSplit && startsWithWord(foldVietnamese(usable[firstBold].text), LOCALITY_OPENERS);
  if (isFontSplit && !continuesName) {
    return {
      parentIssuer: joinLines(usable.slice(0, firstBold).map((l) => l.text)),
      issuer: joinLines(usable.slice(firstBold).map((l) => l.text)),
      isCertain: true,
    };
  }
  const bodies: string[][] = [];
  for (const line of usable) {
    const folded = foldVietnamese(line.text);
    const opensBody = startsWithWord(folded, ORGAN_OPENERS) && !startsWithWord(folded, LOCALITY_OPENERS);
    if (!bodies.length || opensBody) bodies.push([line.text]);
    else bodies[bodies.length - 1].push(line.text);
  }
  const issuer = joinLines(bodies[bodies.length - 1]);
  const parentIssuer = bodies.length > 1 ? joinLines(bodies.slice(0, -1).flat()) : null;
  const isAllBoldOneBody = usable.every((l) => l.bold === true) && bodies.length === 1;
  return { issuer, parentIssuer, isCertain: usable.length === 1 || isAllBoldOneBody };
}

function joinLines(lines: string[]): string {
  return lines
    .map((l) => l.trim())
    .join(" ")
    .replace(/\s+/g, " ")
    .trim();
}

function normalizeOrganName(name: string): string {
  return foldVietnamese(name)
    .replace(/\bUBND\b/g, "UY BAN NHAN DAN")
    .replace(/\bHDND\b/g, "HOI DONG NHAN DAN")
    .replace(/\bTP\.?\s/g, "THANH PHO ")
    .replace(/[^A-Z0-9 ]/g, " ")
    .replace(/\s+/g, " ")
    .trim();
}

function localityOf(name: string): string | null {
  const folded = normalizeOrganName(name);
  const match = /\b(TINH|THANH PHO|HUYEN|QUAN|THI XA|XA|PHUONG|THI TRAN|DAC KHU) .+$/.exec(folded);
  return match ? match[0] : null;
}

/** Matches the printed issuer (alone, or with the chủ quản's locality appended) against known names. */
export function matchKnownIssuer(issuer: string, parentIssuer: string | null, knownIssuers: string[]): string | null {
  const candidates = [normalizeOrganName(issuer)];
  const locality = parentIssuer ? localityOf(parentIssuer) : null;
  if (locality) candidates.push(`${normalizeOrganName(issuer)} ${locality}`);
  if (parentIssuer) candidates.push(`${normalizeOrganName(parentIssuer)} ${normalizeOrganName(issuer)}`);
  for (const known of knownIssuers) {
    if (candidates.includes(normalizeOrganName(known))) return known;
  }
  return null;
}

// ---------------------------------------------------------------------------------------------------
// Signature block

const AUTHORITY_PREFIX = /^(TM|KT|TL|TUQ|Q)\s*\.\s*(.*)$/u;
// Placeholders printed where the signature goes, on copies and electronic renditions.
// Signing tools (VGCA and the iOffice/VOffice plugins) print the signature's details there instead:
// "[ KÝ BỞI CHỮ KÝ SỐ HỢP LỆ ]", "Ký bởi: …", "Cơ quan: …", "Thời gian ký: 2026.08.14 08:30:15 +07:00".
const SIGNATURE_NOISE = /^[([]?\s*(đã ký|ký|ký tên|ký,|chữ ký|signed|người ký|cơ quan\s*:|thời gian(?: ký)?\s*:|ngày ký|email\s*:)/iu;
// Academic titles some bodies print before the signer's name (Decree 30 App. I ô 7c lets education,
// health and science bodies do so): "GS.TS Nguyễn Văn Phúc" is the person Nguyễn Văn Phúc.
const NAME_TITLES = /^(?:(?:GS|PGS|TSKH|TS|ThS|BS|KS|CN|NGND|NGƯT)(?:\s*\.\s*|\s+))+(?=\p{Lu})/u;

const TRAILING_POSITION =
  /^.+?\s+((?:PHÓ\s+)?(?:CHỦ TỊCH|THỨ TRƯỞNG|BỘ TRƯỞNG|TỔNG GIÁM ĐỐC|GIÁM ĐỐC|CHÁNH VĂN PHÒNG|TRƯỞNG BAN|TRƯỞNG PHÒNG|HIỆU TRƯỞNG|THỦ TƯỚNG))$/u;
// Positions written in sentence case by offices outside Decree 30's typography (companies, some units).
const POSITION_TITLE = /^(?:phó\s+)?(?:tổng\s+)?(?:giám đốc|chủ tịch|trưởng phòng|trưởng ban|hiệu trưởng|thủ trưởng|chánh văn phòng)$/iu;

function looksLikePersonName(text: string): boolean {
  if (/[\d:;,()/"“”]/.test(text)) return false;
  const words = text.split(" ");
  if (words.length < 2 || words.length > 6) return false;
  // Vietnamese personal names: every syllable capitalised, the rest lower case ("Lâm Văn Bi", "Nguyễn Thị A").
  return words.every((w) => /^\p{Lu}\p{Ll}*$/u.test(w)) && words.some((w) => /\p{Ll}/u.test(w));
}

export type SignatureBlock = {
  signerName: string;
  signerTitle: string | null;
  signingAuthority: SigningAuthority | null;
};

/**
 * Reads a signature block from the lines of its column, top-down (Decree 30 App. I ô 7a–7c: authority
 * "TM./KT./TL./TUQ./Q." line(s), position in capitals, blank space for the signature, full name).
 */
export function parseSignatureBlock(lines: Array<{ text: string; y: number; size: number }>): SignatureBlock | null {
  for (let n = lines.length - 1; n >= 0; n--) {
    const name = lines[n].text.replace(NAME_TITLES, "");
    if (!looksLikePersonName(name)) continue;
    const caps: string[] = [];
    let previousY = lines[n].y;
    // The signature, seal and "(Đã ký)" sit between the title and the name: allow a tall gap there,
    // but only a normal line gap between the capital lines themselves.
    let allowedGap = 12 * lines[n].size;
    for (let k = n - 1; k >= 0; k--) {
      const line = lines[k];
      if (previousY - line.y > allowedGap) break;
      if (SIGNATURE_NOISE.test(line.text)) {
        previousY = line.y;
        continue;
      }
      if (!isUpperCaseText(line.text) && !POSITION_TITLE.test(line.text)) break;
      caps.unshift(line.text);
      previousY = line.y;
      allowedGap = 2.2 * line.size;
    }
    if (!caps.length) continue;
    let authorityIndex = -1;
    caps.forEach((text, i) => {
      if (AUTHORITY_PREFIX.test(text)) authorityIndex = i;
    });
    const titleLines = caps.slice(authorityIndex + 1);
    let signingAuthority: SigningAuthority | null = null;
    let signerTitle = titleLines.length ? joinLines(titleLines) : null;
    if (authorityIndex >= 0) {
      const [, prefix, rest] = AUTHORITY_PREFIX.exec(caps[authorityIndex])!;
      signingAuthority = `${prefix}.` as SigningAuthority;
      // "Q. CHỦ TỊCH" is itself the position line (acting chairman).
      // Some producers print "KT. BỘ TRƯỞNG THỨ TRƯỞNG" on one line: the position is its tail.
      if (!signerTitle) signerTitle = TRAILING_POSITION.exec(rest.trim())?.[1] ?? (rest.trim() || null);
    }
    return { signerName: name, signerTitle, signingAuthority };
  }
  return null;
}

// ---------------------------------------------------------------------------------------------------
// Page 1 layout

const BODY_OPENERS = /^(Căn cứ|Kính gửi|Thực hiện|Theo đề nghị|Theo|Xét|Trên cơ sở|Để|Nhằm|Phần|Chương|Mục|Điều\s+\d|[IVX]+\.|\d+(\.\d+)*\.|[a-zđ]\))/u;
// Capital lines that follow a Quyết định's trích yếu: the issuing authority ("CHỦ TỊCH ỦY BAN NHÂN DÂN …").
const AUTHORITY_LINE = /^(CHU TICH|UY BAN|UBND|GIAM DOC|HOI DONG|TRUONG|BAN |CHANH|BO TRUONG|THU TRUONG)/;

/**
 * The header date line is the whole segment: "<địa danh>, ngày … năm YYYY" and nothing after it. A body
 * sentence citing another document ("Căn cứ Nghị định số 30/2020/NĐ-CP ngày 05 tháng 3 năm 2020 của …")
 * must not be taken for it when the header's own date is blank (unnumbered drafts) or missing.
 */
function readHeaderDate(text: string): ReturnType<typeof parseDateLine> {
  const line = text.replace(/\s+/g, " ").trim();
  if (!/năm\s*\d{4}\s*[.)]?$|ngày\s*\d{1,2}\s*[/.-]\s*\d{1,2}\s*[/.-]\s*\d{4}$/iu.test(line)) return null;
  const parsed = parseDateLine(line);
  if (!parsed) return null;
  // A place name is a few words; digits only as in "Phường 3".
  if (parsed.place && (parsed.place.split(" ").length > 6 || /\d{2,}|\//.test(parsed.place))) return null;
  return parsed;
}

function findColumnSplit(lines: TextLine[], page: PositionedPage): number {
  for (const line of lines) {
    for (const segment of line.segments) {
      const folded = foldVietnamese(segment.text);
      if (/CONG HOA XA HOI|CHU NGHIA VIET NAM|DOC LAP - TU DO/.test(folded)) return segment.x0 - 2;
    }
  }
  return page.width * 0.42;
}

type HeaderFields = {
  numberSymbol: ParsedNumberSymbol | null;
  numberText: string | null;
  date: { place: string | null; date: string } | null;
  issuer: ReturnType<typeof splitIssuerLines>;
  heading: DocumentType | null;
  summary: string | null;
  isSummaryClean: boolean;
  isOfficialLetterSummary: boolean;
  splitX: number;
};

function readFirstPage(page: PositionedPage): HeaderFields {
  const lines = groupPageLines(page);
  const splitX = findColumnSplit(lines, page);
  const isLeft = (s: TextSegment) => (s.x0 + s.x1) / 2 < splitX;
  // The header never reaches below the middle of page 1; body text mentioning "Số:" or "ngày … tháng"
  // further down must not be mistaken for it.
  const headerLimit = page.height * 0.5;

  let numberLineIndex = -1;
  let numberSegment: TextSegment | null = null;
  let date: HeaderFields["date"] = null;
  let dateLineIndex = -1;
  for (let i = 0; i < lines.length && lines[i].y < headerLimit; i++) {
    for (const segment of lines[i].segments) {
      // "Số:" whatever follows (digits, "/QĐ-UBND" on an unnumbered draft, nothing, or a handwritten number OCR could
      // not read: "số: ÉŠ/KH-DCT"), or "Số" before a number it parses; never "Số liệu…". As OCR reads it too
      // (NUMBER_WORD): the capital S of a scan comes out as "s" often enough.
      const isNumberLabel = NUMBER_LABEL.test(segment.text) || (NUMBER_BEFORE_DIGITS.test(segment.text) && parseNumberSymbol(segment.text) !== null);
      if (!numberSegment && isNumberLabel) {
        numberSegment = segment;
        numberLineIndex = i;
      }
      if (!date && /ngày/iu.test(segment.text)) {
        // The date may wrap in a narrow right column: try the segment, then with the next line appended.
        const next = lines[i + 1]?.segments.find((s) => !isLeft(s));
        date = readHeaderDate(segment.text) ?? (next ? readHeaderDate(`${segment.text} ${next.text}`) : null);
        if (date) dateLineIndex = i;
      }
    }
  }

  const numberText = numberSegment ? numberSegment.text.replace(NUMBER_PREFIX, "").trim() : null;
  const numberSymbol = numberText ? parseNumberSymbol(numberText) : null;

  // Organ lines: the left column above "Số:" (or above the date line when there is no number).
  const organEnd = numberLineIndex >= 0 ? numberLineIndex : dateLineIndex >= 0 ? dateLineIndex : -1;
  const organLines: Array<{ text: string; bold?: boolean }> = [];
  if (organEnd >= 0) {
    for (let i = 0; i < organEnd; i++) {
      for (const segment of lines[i].segments) {
        if (isLeft(segment)) organLines.push({ text: segment.text, bold: segment.bold });
      }
    }
  }
  const issuer = splitIssuerLines(organLines);

  // Công văn: "V/v …" in the left column under "Số:" (Decree 30 App. I, ô 5b), possibly over several lines.
  let cursor = Math.max(numberLineIndex, dateLineIndex);
  let officialLetterSummary: string[] = [];
  if (numberLineIndex >= 0) {
    let previousY = lines[numberLineIndex].y;
    for (let i = numberLineIndex + 1; i < lines.length && i <= numberLineIndex + 8; i++) {
      const left = lines[i].segments.filter(isLeft);
      // A national motto that wraps onto more lines pushes the date line down onto the "V/v" line's
      // baseline: the right column there is still header, and the left part is read all the same.
      const isHeaderRow = i <= dateLineIndex;
      if (!left.length || (left.length !== lines[i].segments.length && !isHeaderRow)) {
        if (officialLetterSummary.length) break;
        continue;
      }
      const text = joinLines(left.map((s) => s.text));
      const gap = lines[i].y - previousY;
      if (!officialLetterSummary.length) {
        if (!/^(V\/v|Về việc)\b/iu.test(text)) {
          if (gap > 3 * lines[i].size) break;
          previousY = lines[i].y;
          continue;
        }
      } else if (gap > 1.8 * lines[i].size || /^Kính gửi/iu.test(text)) break;
      officialLetterSummary.push(text);
      previousY = lines[i].y;
      cursor = Math.max(cursor, i);
    }
    officialLetterSummary = officialLetterSummary.map((t, i) => (i === 0 ? t.replace(/^V\/v\s*[:.]?\s*/iu, "") : t));
  }

  // Type name in capitals, then the trích yếu (Decree 30 App. I, ô 5a).
  let heading: DocumentType | null = null;
  let summary: string | null = null;
  let isSummaryClean = false;
  for (let i = cursor + 1; i < lines.length && i <= cursor + 6; i++) {
    const found = typeHeadingOf(lines[i]);
    if (!found) continue;
    heading = found.type;
    const summaryLines: TextLine[] = [];
    let stoppedByRule = false;
    for (let k = i + 1; k < lines.length; k++) {
      const line = underHeading(lines[k], found.centre);
      if (!line) continue;
      const previous = summaryLines[summaryLines.length - 1] ?? lines[i];
      const gap = line.y - previous.y;
      const maxGap = summaryLines.length ? 1.55 * line.size : 3 * line.size;
      const isCaps = isUpperCaseText(line.text);
      const firstBold = summaryLines[0]?.segments.every((s) => s.bold === true);
      if (
        gap > maxGap ||
        BODY_OPENERS.test(line.text) ||
        (isCaps && AUTHORITY_LINE.test(foldVietnamese(line.text))) ||
        (isCaps && summaryLines.length > 0 && !isUpperCaseText(summaryLines[0].text)) ||
        (firstBold && line.segments.every((s) => s.bold === false))
      ) {
        stoppedByRule = true;
        break;
      }
      summaryLines.push(line);
      if (summaryLines.length >= 6) break;
    }
    summary = summaryLines.length ? joinLines(summaryLines.map((l) => l.text)) : null;
    isSummaryClean = stoppedByRule && summaryLines.length > 0;
    break;
  }

  const isOfficialLetterSummary = !heading && officialLetterSummary.length > 0;
  if (isOfficialLetterSummary) {
    summary = joinLines(officialLetterSummary);
    isSummaryClean = true;
  }
  return { numberSymbol, numberText, date, issuer, heading, summary, isSummaryClean, isOfficialLetterSummary, splitX };
}

/** The type a heading line names ("NGHỊ ĐỊNH", "K Ế  H O Ạ C H"), read from its capitals; null when it names none. */
function typeNamed(text: string): DocumentType | null {
  if (!isUpperCaseText(text)) return null;
  return findDocumentTypeByName(text, { includeLegalNormative: true }) ?? textTypeNames().get(foldVietnamese(text.replace(/\s+/g, ""))) ?? null;
}

/**
 * The type heading on a line and the x of its centre: the whole line, or one of its segments when something else
 * shares the baseline — an OCR'd stamp in the margin ("CỔNG THÔNG TIN ĐIỆN TỬ CHÍNH PHỦ" beside "NGHỊ ĐỊNH" on the
 * Government portal's signed scans, an arrival stamp "ĐẾN" on a scanned copy).
 */
function typeHeadingOf(line: TextLine): { type: DocumentType; centre: number } | null {
  const whole = typeNamed(line.text);
  if (whole) return { type: whole, centre: (line.segments[0].x0 + line.segments[line.segments.length - 1].x1) / 2 };
  if (line.segments.length < 2) return null;
  for (const segment of line.segments) {
    const type = typeNamed(segment.text);
    if (type) return { type, centre: (segment.x0 + segment.x1) / 2 };
  }
  return null;
}

/**
 * A line of the block under the type heading (Decree 30 App. I, ô 5a: the trích yếu is centred under the type name):
 * a line of one segment as it is; of several, only the segments across the heading's centre (the rest is a stamp or
 * a margin note on the same baseline); null when none is.
 */
function underHeading(line: TextLine, centre: number): TextLine | null {
  if (line.segments.length < 2) return line;
  const kept = line.segments.filter((s) => s.x0 <= centre && s.x1 >= centre);
  return kept.length ? lineOf(kept) : null;
}

let typeNameIndex: Map<string, DocumentType> | undefined;
/** Type names with spaces removed, for letter-spaced headings ("K Ế  H O Ạ C H"). */
function textTypeNames(): Map<string, DocumentType> {
  typeNameIndex ??= new Map([...DOCUMENT_TYPES, ...LEGAL_NORMATIVE_DOCUMENT_TYPES].map((t) => [foldVietnamese(t.name).replace(/ /g, ""), t]));
  return typeNameIndex;
}

// Running headers and footers a browser prints on every page ("19:29 20/7/26", "file:///…", "1/2"): small
// type in the outer margins, never part of a signature block.
const MARGIN_BAND = 40;
const MARGIN_MAX_SIZE = 9;

function signatureColumn(page: PositionedPage, splitRatio: number, yOffset: number): Array<{ text: string; y: number; size: number }> {
  const zoneX = page.width * Math.min(splitRatio, 0.5);
  return groupPageLines(page).flatMap((line) =>
    line.segments
      .filter((s) => s.x0 >= zoneX)
      .filter((s) => !(s.size <= MARGIN_MAX_SIZE && (s.y < MARGIN_BAND || s.y > page.height - MARGIN_BAND)))
      .map((s) => ({ text: s.text, y: s.y + yOffset, size: s.size })),
  );
}

function readSignature(pages: PositionedPage[], splitRatio: number): SignatureBlock | null {
  // Search from the last page back: appendices or an empty last page may follow the signature.
  for (let p = pages.length - 1; p >= 0; p--) {
    const page = pages[p];
    const previous = pages[p - 1];
    // A page break may fall inside the block (title at the foot of one page, name at the head of the
    // next): the previous page's column is read as if it were just above this page.
    const follows = previous !== undefined && (page.pageNumber === undefined || previous.pageNumber === page.pageNumber - 1);
    const lines = [...(follows ? signatureColumn(previous, splitRatio, -previous.height) : []), ...signatureColumn(page, splitRatio, 0)];
    const block = parseSignatureBlock(lines);
    if (block) return block;
  }
  return null;
}

// ---------------------------------------------------------------------------------------------------

const EMPTY_CONFIDENCE: Record<ExtractedFieldName, Confidence> = {
  numberSymbol: "low",
  docType: "low",
  issuedDate: "low",
  place: "low",
  issuer: "low",
  parentIssuer: "low",
  summary: "low",
  signerName: "low",
  signerTitle: "low",
  signingAuthority: "low",
};

/**
 * Extracts the registration fields from positioned text (first page for the header, last pages for the
 * signature). Never throws: a field it cannot read is null with confidence "low".
 */
export function extractDocumentFields(input: PositionedText, options: ExtractDocumentFieldsOptions = {}): ExtractedFields {
  const result: ExtractedFields = {
    numberSymbol: null,
    docTypeCode: null,
    docTypeName: null,
    issuedDate: null,
    place: null,
    issuer: null,
    parentIssuer: null,
    summary: null,
    signerName: null,
    signerTitle: null,
    signingAuthority: null,
    pageCount: input.pageCount,
    hasTextLayer: input.hasTextLayer,
    confidence: { ...EMPTY_CONFIDENCE },
  };
  const firstPage = input.pages[0];
  if (!input.hasTextLayer || !firstPage) return result;
  const confidence = result.confidence;

  const header = readFirstPage(firstPage);
  if (header.numberSymbol) {
    result.numberSymbol = header.numberSymbol.text;
    confidence.numberSymbol = "high";
  }
  if (header.date) {
    result.issuedDate = header.date.date;
    result.place = header.date.place;
    confidence.issuedDate = header.date.place ? "high" : "low";
    if (header.date.place) confidence.place = "high";
  }

  if (header.issuer.issuer) {
    const known = options.knownIssuers?.length ? matchKnownIssuer(header.issuer.issuer, header.issuer.parentIssuer, options.knownIssuers) : null;
    result.issuer = known ?? header.issuer.issuer;
    result.parentIssuer = header.issuer.parentIssuer;
    confidence.issuer = known || header.issuer.isCertain ? "high" : "low";
    if (header.issuer.parentIssuer) confidence.parentIssuer = confidence.issuer;
  }

  // Type: the printed heading wins; the number's abbreviation confirms it or stands in when the heading
  // is missing; a number without a type abbreviation means công văn (domain.md §2.1 parsing rule).
  const abbreviationType = header.numberSymbol?.typeAbbreviation
    ? findDocumentTypeByAbbreviation(header.numberSymbol.typeAbbreviation, { includeLegalNormative: true })
    : null;
  let type: DocumentType | null = header.heading ?? abbreviationType;
  if (!type && header.numberSymbol) type = findDocumentTypeByCode(OFFICIAL_LETTER_CODE);
  if (!type && header.isOfficialLetterSummary) type = findDocumentTypeByCode(OFFICIAL_LETTER_CODE);
  if (type) {
    result.docTypeCode = type.code;
    result.docTypeName = type.name;
    const agrees = header.heading
      ? !abbreviationType || abbreviationType.code === header.heading.code
      : Boolean(abbreviationType) || (type.code === OFFICIAL_LETTER_CODE && header.isOfficialLetterSummary);
    confidence.docType = agrees ? "high" : "low";
  }

  if (header.summary) {
    result.summary = header.summary;
    confidence.summary = header.isSummaryClean ? "high" : "low";
  }

  const signature = readSignature(input.pages, header.splitX / firstPage.width);
  if (signature) {
    result.signerName = signature.signerName;
    result.signerTitle = signature.signerTitle;
    result.signingAuthority = signature.signingAuthority;
    confidence.signerName = signature.signerTitle ? "high" : "low";
    confidence.signerTitle = signature.signerTitle ? "high" : "low";
    confidence.signingAuthority = signature.signingAuthority ? "high" : "low";
  }
  return result;
}

// ---------------------------------------------------------------------------------------------------
// Names of organs as the form shows them

// Kinds of organ whose name is cased as one phrase ("Ủy ban nhân dân", "Văn phòng"), longest first.
const ORGAN_KIND_PHRASES = [
  "UY BAN NHAN DAN",
  "HOI DONG NHAN DAN",
  "TOA AN NHAN DAN",
  "VIEN KIEM SAT NHAN DAN",
  "BO CHI HUY",
  "VAN PHONG",
  "TRUNG TAM",
  "CONG AN",
  "CHI CUC",
  "TONG CUC",
  "DANG UY",
  "CHI NHANH",
  "KHO BAC",
  "BENH VIEN",
  "HOC VIEN",
  "CONG TY",
  "THANH TRA",
  "LIEN DOAN",
  "NGAN HANG",
  "BAN",
  "SO",
  "PHONG",
  "BO",
  "CUC",
  "TRUONG",
  "VIEN",
  "HOI",
  "DOAN",
].map((p) => p.split(" "));
// Kinds that may also appear inside a name ("Văn phòng Ủy ban nhân dân tỉnh").
const NESTED_ORGAN_PHRASES = [
  ["UY", "BAN", "NHAN", "DAN"],
  ["HOI", "DONG", "NHAN", "DAN"],
];
const LOCALITY_PHRASES = ["THANH PHO", "THI XA", "THI TRAN", "DAC KHU", "TINH", "HUYEN", "QUAN", "XA", "PHUONG"].map((p) => p.split(" "));
// Abbreviations kept in capitals wherever they stand.
const KEPT_ABBREVIATIONS = new Set(["UBND", "HDND", "MTTQ", "TW", "TP", "TP.", "VN", "CCHC", "CNTT", "KT-XH"]);

function capitalised(word: string): string {
  const lower = word.toLocaleLowerCase("vi");
  return lower.charAt(0).toLocaleUpperCase("vi") + lower.slice(1);
}

function matchPhrase(folded: string[], at: number, phrases: string[][]): number {
  for (const phrase of phrases) {
    if (phrase.every((w, k) => folded[at + k] === w)) return phrase.length;
  }
  return 0;
}

/**
 * An issuer printed in capitals ("SỞ GIÁO DỤC VÀ ĐÀO TẠO TỈNH BẠC LIÊU"), cased as Decree 30 App. II
 * (II.3.b) writes names of organs: capital initial for the kind of organ and for its field of activity
 * ("Sở Giáo dục và Đào tạo"), administrative-unit words in lower case and place names with every syllable
 * capitalised ("tỉnh Bạc Liêu"), abbreviations kept ("UBND"). A name already in mixed case is returned as is.
 */
export function organNameCase(name: string): string {
  const text = name.normalize("NFC").replace(/\s+/g, " ").trim();
  if (!isUpperCaseText(text)) return text;
  // Old tone placement (UỶ) is printed by older fonts; the modern form is what people type.
  const words = text.replace(/UỶ/g, "ỦY").replace(/UÝ/g, "ÚY").split(" ");
  const folded = words.map((w) => foldVietnamese(w));
  const out: string[] = [];
  // "field": the next word opens a field of activity (capital initial); "lower": inside a phrase;
  // "place": a place name (every syllable capitalised).
  let state: "start" | "field" | "lower" | "place" = "start";
  for (let i = 0; i < words.length; ) {
    const word = words[i];
    if (folded[i] === "VA" || word === "-") {
      out.push(word.toLocaleLowerCase("vi"));
      i++;
      if (state !== "place") state = "field";
      continue;
    }
    if (KEPT_ABBREVIATIONS.has(folded[i]) || /\d/.test(word) || !/[AEIOUY]/.test(folded[i])) {
      out.push(word);
      // "UBND", "HĐND" name a kind of organ: a locality may follow.
      if (folded[i] === "UBND" || folded[i] === "HDND") state = "field";
      i++;
      continue;
    }
    const kind = state === "start" ? matchPhrase(folded, i, ORGAN_KIND_PHRASES) : matchPhrase(folded, i, NESTED_ORGAN_PHRASES);
    if (kind) {
      out.push(...words.slice(i, i + kind).map((w, k) => (k === 0 ? capitalised(w) : w.toLocaleLowerCase("vi"))));
      i += kind;
      state = "field";
      continue;
    }
    // "XÃ HỘI" is the word "society" (Lao động - Thương binh và Xã hội), not a commune.
    const locality = folded[i] === "XA" && folded[i + 1] === "HOI" ? 0 : matchPhrase(folded, i, LOCALITY_PHRASES);
    if (locality && state !== "start") {
      out.push(...words.slice(i, i + locality).map((w) => w.toLocaleLowerCase("vi")));
      i += locality;
      state = "place";
      continue;
    }
    out.push(state === "lower" ? word.toLocaleLowerCase("vi") : capitalised(word));
    if (state !== "place") state = "lower";
    i++;
  }
  return out.join(" ");
}
