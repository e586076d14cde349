// Pure parsing of a reform-plan appendix table (tasks.md §4.1, seed 001 Phụ lục): the
// service reads CSV/XLSX into rows of cell strings; this module finds the header row, maps
// columns by name (case/accent-insensitive), follows merged "Nhiệm vụ chung" cells, parses
// deadlines and resolves unit names against the unit directory. No I/O.

import { isValidIsoDate, parseDateVi } from "#app/domain/shared/dates";
import { parseDeadline, type ParsedDeadline } from "#app/domain/shared/deadlines";
import { COMPLETED_STATUSES, TASK_STATUS_LABELS, TASK_STATUSES, type TaskStatus } from "#app/domain/plans/progress";
import { foldDiacritics, normalizeForMatch } from "#app/domain/shared/text";

/** A file that cannot be read as an appendix at all (bad CSV, no header row); the message is Vietnamese. */
export class PlanImportError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "PlanImportError";
  }
}

/**
 * What an appendix may hold (issue "Hostile input"): a real Phụ lục has a few hundred rows and about
 * fifteen columns. Larger files are refused with a message naming the limit, before they can take the
 * reader's time or memory. Time and memory are enforced by the untrusted-file pool.
 */
export const SPREADSHEET_LIMITS = {
  maxRows: 20_000,
  maxColumns: 200,
  /** Uploaded file (XLSX or CSV). */
  maxFileBytes: 10 * 1024 * 1024,
  /** Sum of the inflated parts of an XLSX (declared and actual). */
  maxInflatedBytes: 64 * 1024 * 1024,
  /** Cells covered by merged ranges and data-validation ranges (a reader expands them cell by cell). */
  maxRangeCells: 1_000_000,
  timeoutMs: 15_000,
  maxMemoryMb: 512,
} as const;

export function tooManyRowsMessage(limit: number = SPREADSHEET_LIMITS.maxRows): string {
  return `Bảng tính có quá ${limit.toLocaleString("vi-VN")} dòng (giới hạn ${limit.toLocaleString("vi-VN")} dòng); hãy tách thành nhiều tệp.`;
}
export function tooManyColumnsMessage(limit: number = SPREADSHEET_LIMITS.maxColumns): string {
  return `Bảng tính có quá ${limit.toLocaleString("vi-VN")} cột (giới hạn ${limit.toLocaleString("vi-VN")} cột); hãy xóa các cột thừa.`;
}

// ---------------------------------------------------------------------------------------------
// CSV (RFC 4180)
// ---------------------------------------------------------------------------------------------

function detectDelimiter(text: string): string {
  // Count candidate delimiters on the first record, outside quotes.
  const counts: Record<string, number> = { ",": 0, ";": 0, "\t": 0 };
  let inQuotes = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') inQuotes = !inQuotes;
    else if (!inQuotes && (c === "\n" || c === "\r")) break;
    else if (!inQuotes && c in counts) counts[c]++;
  }
  // Excel in vi-VN exports ";" because "," is the decimal separator.
  if (counts[";"] > counts[","] && counts[";"] >= counts["\t"]) return ";";
  if (counts["\t"] > counts[","]) return "\t";
  return ",";
}

/**
 * RFC 4180 CSV: quoted fields with "" escapes and embedded newlines, CRLF/LF/CR line ends,
 * a UTF-8 BOM stripped, delimiter auto-detected among "," ";" and tab (or given).
 * A final line break does not produce an empty record. An unterminated quoted field throws
 * PlanImportError (it would otherwise swallow the rest of the file into one cell).
 */
export function parseCsv(text: string, delimiter?: string, limits: { maxRows: number; maxColumns: number } = SPREADSHEET_LIMITS): string[][] {
  let s = text.startsWith("\uFEFF") ? text.slice(1) : text;
  if (s === "") return [];
  const d = delimiter ?? detectDelimiter(s);
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let inQuotes = false;
  let i = 0;
  while (i < s.length) {
    const c = s[i];
    if (inQuotes) {
      if (c === '"') {
        if (s[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        inQuotes = false;
        i++;
        continue;
      }
      field += c;
      i++;
      continue;
    }
    if (c === '"' && field === "") {
      inQuotes = true;
      i++;
    } else if (c === d) {
      row.push(field);
      if (row.length >= limits.maxColumns) throw new PlanImportError(tooManyColumnsMessage(limits.maxColumns));
      field = "";
      i++;
    } else if (c === "\r" || c === "\n") {
      row.push(field);
      rows.push(row);
      if (rows.length > limits.maxRows) throw new PlanImportError(tooManyRowsMessage(limits.maxRows));
      row = [];
      field = "";
      i += c === "\r" && s[i + 1] === "\n" ? 2 : 1;
    } else {
      field += c;
      i++;
    }
  }
  if (inQuotes) throw new PlanImportError("Tệp CSV không hợp lệ: thiếu dấu ngoặc kép đóng.");
  if (field !== "" || row.length > 0) {
    row.push(field);
    rows.push(row);
    if (rows.length > limits.maxRows) throw new PlanImportError(tooManyRowsMessage(limits.maxRows));
  }
  s = "";
  return rows;
}

// ---------------------------------------------------------------------------------------------
// Units
// ---------------------------------------------------------------------------------------------

/**
 * A unit of the directory. `depth` is its level in the organisation tree (0 = the plan owner):
 * when a name matches several units, the shallowest one wins if it is the only one at that depth.
 */
export type DirectoryUnit = {
  id: number;
  name: string;
  aliases?: string[];
  depth?: number;
};

// Abbreviations found in plan appendices, expanded before comparison (on normalized text).
const ABBREVIATIONS: Array<[RegExp, string]> = [
  [/\bubnd\b/g, "uy ban nhan dan"],
  [/\bhdnd\b/g, "hoi dong nhan dan"],
  [/\bubmttqvn\b/g, "uy ban mat tran to quoc viet nam"],
  [/\bubmttq\b/g, "uy ban mat tran to quoc"],
  [/\btthc\b/g, "thu tuc hanh chinh"],
  [/\bcchc\b/g, "cai cach hanh chinh"],
  [/\bvp\b/g, "van phong"],
  [/\btt tt\b/g, "thong tin truyen thong"],
  [/\bttt t\b/g, "thong tin truyen thong"],
  [/\bkh dt\b/g, "ke hoach dau tu"],
  [/\btn mt\b/g, "tai nguyen moi truong"],
  [/\bld tb xh\b/g, "lao dong thuong binh xa hoi"],
  [/\bldtbxh\b/g, "lao dong thuong binh xa hoi"],
  [/\bnn ptnt\b/g, "nong nghiep phat trien nong thon"],
  [/\bgd dt\b/g, "giao duc dao tao"],
  [/\bvh tt dl\b/g, "van hoa the thao du lich"],
  [/\bkh cn\b/g, "khoa hoc cong nghe"],
  [/\bgtvt\b/g, "giao thong van tai"],
  [/\bttdt\b/g, "thong tin dien tu"],
  [/\bpvhcc\b/g, "phuc vu hanh chinh cong"],
];

/** Canonical comparison key of a unit name: folded, punctuation-free, abbreviations expanded, "và" dropped. */
export function unitMatchKey(name: string): string {
  let k = normalizeForMatch(name.replace(/&/g, " "));
  for (const [re, full] of ABBREVIATIONS) k = k.replace(re, full);
  return k
    .split(" ")
    .filter((w) => w && w !== "va")
    .join(" ");
}

function initials(key: string): string {
  return key
    .split(" ")
    .map((w) => w[0])
    .join("");
}

export type UnitResolver = (text: string) => number | null;

/**
 * Tolerant unit lookup: "Văn phòng UBND tỉnh" = "Văn phòng Ủy ban nhân dân tỉnh"; case, accents,
 * punctuation and "và" ignored; a trailing "tỉnh" is optional; an all-caps acronym ("SNV") matches
 * the initials of exactly one unit. Among several matches the shallowest unit (smallest `depth`)
 * wins when it is alone at that depth; other ambiguous matches resolve to null, never to a guess.
 */
export function createUnitResolver(units: ReadonlyArray<DirectoryUnit>): UnitResolver {
  const exact = new Map<string, Set<number>>();
  const loose = new Map<string, Set<number>>();
  const acronyms = new Map<string, Set<number>>();
  const add = (m: Map<string, Set<number>>, k: string, id: number) => {
    if (!k) return;
    let s = m.get(k);
    if (!s) m.set(k, (s = new Set()));
    s.add(id);
  };
  const stripTinh = (k: string) => k.replace(/ tinh( [a-z ]+)?$/, "").replace(/ tinh$/, "");
  for (const u of units) {
    for (const n of [u.name, ...(u.aliases ?? [])]) {
      const k = unitMatchKey(n);
      add(exact, k, u.id);
      add(loose, stripTinh(k), u.id);
      add(acronyms, initials(k), u.id);
      // An alias that is itself an acronym ("SNV").
      if (/^[A-ZĐ&]{2,8}$/.test(n.trim())) add(acronyms, foldDiacritics(n).replace(/[^a-z]/g, ""), u.id);
    }
  }
  const depthOf = new Map<number, number>();
  for (const u of units) depthOf.set(u.id, Math.min(u.depth ?? 0, depthOf.get(u.id) ?? Infinity));
  const unique = (s: Set<number> | undefined): number | null => {
    if (!s || s.size === 0) return null;
    if (s.size === 1) return [...s][0];
    const ids = [...s];
    const min = Math.min(...ids.map((id) => depthOf.get(id) ?? 0));
    const top = ids.filter((id) => (depthOf.get(id) ?? 0) === min);
    return top.length === 1 ? top[0] : null;
  };
  return (text: string) => {
    const t = text.trim();
    if (!t) return null;
    const k = unitMatchKey(t);
    if (exact.has(k)) return unique(exact.get(k));
    const l = loose.get(stripTinh(k));
    if (l) return unique(l);
    if (/^[A-ZĐ&]{2,8}$/.test(t)) return unique(acronyms.get(foldDiacritics(t).replace(/[^a-z]/g, "")));
    return null;
  };
}

/** Phrases that name a group of units ("Các sở, ban, ngành tỉnh"), not one unit. */
export function isUnitGroupText(text: string): boolean {
  const f = normalizeForMatch(text);
  return (
    /^(cac|nhung|toan bo|tat ca)\b/.test(f) ||
    /\b(co lien quan|lien quan)$/.test(f) ||
    /\b(cac|cap) (huyen|xa|tinh)\b/.test(f) ||
    /\bso ban nganh\b|\bso nganh\b/.test(f)
  );
}

// Words that start the name of a unit; a comma-separated piece starting with anything else
// continues the previous piece ("Các sở, ban, ngành tỉnh", "UBND các huyện, thành phố").
const UNIT_START =
  /^(so|van phong|ubnd|uy ban|hdnd|hoi dong|trung tam|cuc|chi cuc|thanh tra|cong an|bo chi huy|bo|kho bac|ngan hang|bao|dai|vien|truong|benh vien|buu dien|phong|cong ty|toa an|tinh uy|tinh doan|lien doan|hoi|hai quan|mat tran|ubmttq|ubmttqvn|cac|nhung|tat ca|doanh nghiep|vnpt|viettel|ban chi dao|thuong truc|chu tich|giam doc)\b/;

function startsUnit(piece: string): boolean {
  const f = normalizeForMatch(piece);
  if (/^ban\b/.test(f)) return f.split(" ").length >= 3; // "Ban Dân tộc", not the "ban" of "sở, ban, ngành"
  return UNIT_START.test(f);
}

/**
 * Splits a "Cơ quan phối hợp" cell on commas, semicolons, newlines and " và " before a unit
 * name, keeping multi-word group phrases together.
 */
export function splitUnitList(cell: string): string[] {
  const pieces = cell
    .split(/\r?\n|;/)
    .flatMap((line) => line.split(","))
    .map((p) => p.replace(/^\s*[-•+*]\s*/, "").trim())
    .filter((p) => p !== "");
  const merged: string[] = [];
  for (const p of pieces) {
    if (merged.length > 0 && !startsUnit(p)) merged[merged.length - 1] += `, ${p}`;
    else merged.push(p);
  }
  // "X và UBND …": split on "và" only when a unit name follows ("Sở Thông tin và Truyền thông" stays whole).
  return merged
    .flatMap((item) => {
      const parts = item.split(/\s+và\s+/);
      const out: string[] = [parts[0]];
      for (const part of parts.slice(1)) {
        if (startsUnit(part)) out.push(part);
        else out[out.length - 1] += ` và ${part}`;
      }
      return out;
    })
    .map((s) => s.replace(/[.;,]+$/, "").trim())
    .filter((s) => s !== "");
}

// ---------------------------------------------------------------------------------------------
// Appendix
// ---------------------------------------------------------------------------------------------

export type ColumnKey = "stt" | "area" | "title" | "evidence" | "deadline" | "lead" | "coop" | "status" | "completedOn" | "note" | "parCriteria" | "weight";

/** Vietnamese header names per column; the first one is the canonical name used in messages. */
export const COLUMN_HEADERS: Record<ColumnKey, string[]> = {
  stt: ["STT", "Số TT", "TT", "Số thứ tự"],
  area: ["Nhiệm vụ chung", "Lĩnh vực", "Nhóm nhiệm vụ"],
  title: ["Nhiệm vụ cụ thể", "Nhiệm vụ", "Nội dung nhiệm vụ", "Nội dung công việc", "Tên nhiệm vụ", "Nội dung"],
  evidence: ["Tài liệu kiểm chứng", "Tài liệu kiểm chứng phải chuẩn bị", "Sản phẩm", "Sản phẩm đầu ra", "Kết quả/Sản phẩm"],
  deadline: ["Thời gian thực hiện, hoàn thành", "Thời hạn", "Thời gian hoàn thành", "Thời gian thực hiện", "Thời hạn hoàn thành", "Thời gian"],
  lead: ["Cơ quan chủ trì", "Đơn vị chủ trì", "Chủ trì"],
  coop: ["Cơ quan phối hợp", "Đơn vị phối hợp", "Phối hợp"],
  status: ["Tình trạng", "Trạng thái", "Tình trạng thực hiện"],
  completedOn: ["Ngày hoàn thành"],
  note: ["Ghi chú"],
  parCriteria: ["Tiêu chí", "Mã tiêu chí", "Tiêu chí PAR INDEX", "Tiêu chí, tiêu chí thành phần", "Tiêu chí Chỉ số CCHC"],
  weight: ["Trọng số"],
};

/** The canonical Vietnamese name of each column (for the import page and messages). */
export const IMPORT_COLUMN_LABELS = Object.fromEntries(Object.entries(COLUMN_HEADERS).map(([k, names]) => [k, names[0]])) as Record<ColumnKey, string>;

const REQUIRED_COLUMNS: ColumnKey[] = ["title", "deadline", "lead"];

const HEADER_KEYS = new Map<string, ColumnKey>();
for (const [key, names] of Object.entries(COLUMN_HEADERS) as Array<[ColumnKey, string[]]>) {
  for (const n of names) HEADER_KEYS.set(normalizeForMatch(n), key);
}

/** Column key of a header cell, or null. Accepts "Tài liệu kiểm chứng (đính kèm)" via prefix match. */
export function matchHeader(cell: string): ColumnKey | null {
  const n = normalizeForMatch(cell);
  if (!n) return null;
  const direct = HEADER_KEYS.get(n);
  if (direct) return direct;
  // Longest known name that prefixes the cell.
  let best: { key: ColumnKey; len: number } | null = null;
  for (const [name, key] of HEADER_KEYS) {
    if (name.length >= 4 && n.startsWith(`${name} `) && (!best || name.length > best.len)) best = { key, len: name.length };
  }
  return best?.key ?? null;
}

// The app's own labels (TASK_STATUS_LABELS, exact) come first, then the wordings found in reports.
const STATUS_NAMES: Array<[RegExp, TaskStatus]> = [
  ...TASK_STATUSES.map((s): [RegExp, TaskStatus] => [new RegExp(`^${normalizeForMatch(TASK_STATUS_LABELS[s])}$`), s]),
  [/^(da )?hoan thanh( dung han| tre han| qua han)?$/, "done"],
  [/^chua hoan thanh\b/, "in_progress"],
  [/^(dang thuc hien|dang trien khai|dang xay dung|dang tham muu)\b/, "in_progress"],
  [/^(chua thuc hien|chua trien khai|chua bat dau)\b/, "not_started"],
  [/^(tam dung|tam ngung|dang cho|doi|dai van ban)\b/, "paused"],
  [/^cho xac nhan\b/, "awaiting_confirmation"],
  [/^khong phat sinh\b/, "not_applicable"],
  [/^(khong thuc hien|huy|da huy|bai bo)\b/, "cancelled"],
  [/^(chuyen ky sau|chuyen nam sau|chuyen sang nam sau|chuyen sang ky sau|chuyen ke hoach nam sau)\b/, "deferred"],
];

/** Maps a Vietnamese status name ("Đang thực hiện", "hoan thanh") to a TaskStatus, or null. */
export function parseTaskStatusVi(text: string): TaskStatus | null {
  const n = normalizeForMatch(text);
  if (!n) return null;
  for (const [re, s] of STATUS_NAMES) if (re.test(n)) return s;
  return null;
}

/**
 * The date from which a status read from an imported spreadsheet holds in the task journal, when the row gives
 * no completion date for it ("Không phát sinh", "Đang thực hiện", "Hoàn thành" without a date …).
 *
 * The file states each task's status without saying since when. Journaling it on the import date made reports
 * for an earlier cut-off disagree with the spreadsheet itself: a "Không phát sinh" task counted as not started,
 * 14 countable tasks and 42,86% where the file says 13 and 46,15% (issue 9). The status is therefore dated at
 * the start of the plan: the earliest of 1 January of the plan's year, the plan's issuing date and every
 * completion date in the file. Then, at any cut-off on or after the file's last completion date, the figures
 * are exactly the spreadsheet's own; before that, completions count from their own dates. A cut-off before the
 * plan started has no meaningful figures either way.
 */
export function importedStatusSince(year: number, documentDate: string | null | undefined, completionDates: ReadonlyArray<string | null | undefined>): string {
  const candidates = [`${String(year).padStart(4, "0")}-01-01`, documentDate, ...completionDates].filter(
    (d): d is string => typeof d === "string" && isValidIsoDate(d),
  );
  // biome-ignore lint/complexity/useMathMinMax: ISO date strings, not numbers (Math.min would give NaN)
  return candidates.reduce((min, d) => (d < min ? d : min));
}

export type ImportedUnitRef = {
  text: string;
  unitId: number | null;
  isGroup?: boolean;
};

export type ImportedTask = {
  /** 1-based row number in the input table, for messages. */
  rowNumber: number;
  /** Printed number of the task ("1", "2.1"), when present. */
  ordinal?: string;
  title: string;
  evidence: string[];
  deadlineText: string;
  deadline: ParsedDeadline;
  leadUnit: ImportedUnitRef;
  /** The "Cơ quan phối hợp" cell as written (continuation rows appended on a new line). */
  cooperatingText: string;
  cooperatingUnits: ImportedUnitRef[];
  status?: TaskStatus;
  completedOn?: string;
  note?: string;
  parCriteria?: string[];
  /** "Trọng số" column (non-negative; decimal comma accepted). */
  weight?: number;
};

export type ImportedArea = {
  code: string;
  title: string;
  tasks: ImportedTask[];
};

export type ImportError = { row: number; message: string };

export type PlanImportResult = {
  /**
   * False when the table has no header row with the required columns: nothing was read and
   * `errors` says why. The caller rejects such a file outright (see PlanImportError).
   */
  readable: boolean;
  /** Areas with at least one task (an area heading without tasks is dropped with a warning). */
  areas: ImportedArea[];
  /** Distinct single-unit names that matched no directory unit. */
  unresolvedUnits: string[];
  /** Distinct group phrases ("Các sở, ban, ngành tỉnh") kept as text. */
  unitGroups: string[];
  errors: ImportError[];
  /** Questionable but importable rows (done without a date, a date on an unfinished task…). */
  warnings: ImportError[];
  /** Header row (1-based) and the columns found. */
  headerRow?: number;
  columns?: Partial<Record<ColumnKey, number>>;
};

export type PlanImportOptions = {
  planYear: number;
  units: ReadonlyArray<DirectoryUnit>;
  /** Rows searched for the header (default 10). */
  headerSearchRows?: number;
};

/** Splits an evidence cell on line breaks, ";" and "- " bullets; trailing ";"/"." dropped ("..." kept). */
export function splitEvidence(cell: string): string[] {
  return cell
    .split(/\r?\n|;|(?:^|\s)-\s(?=\S)/)
    .map((s) =>
      s
        .replace(/^\s*[-•+*]\s*/, "")
        .trim()
        .replace(/(?<!\.)\.$/, "")
        .replace(/[;,]$/, "")
        .trim(),
    )
    .filter((s) => s !== "");
}

const ROMAN_RE = /^(X{0,3}(?:IX|IV|V?I{0,3}))$/;

function parseRomanHeading(text: string): { code: string; title: string } | null {
  const m = /^\s*([IVX]{1,6})\s*(?:[.):/\-–]\s*|\s+)(\S[\s\S]*)$/.exec(text) ?? /^\s*([IVX]{1,6})\s*[.)]?\s*$/.exec(text);
  if (!m || !ROMAN_RE.test(m[1]) || m[1] === "") return null;
  return { code: m[1], title: (m[2] ?? "").replace(/\s+/g, " ").trim() };
}

const ROMANS = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII", "XIV", "XV", "XVI", "XVII", "XVIII", "XIX", "XX"];

/** Roman numeral of n (1 → "I" … 20 → "XX"); beyond that the decimal number. */
export function romanNumeral(n: number): string {
  return ROMANS[n - 1] ?? String(n);
}

/** PAR INDEX criterion codes ("1.1", "7.3.1") in a "Tiêu chí" cell, distinct, in order. */
export function parseCriterionCodes(cell: string): string[] {
  return [...new Set(cell.match(/\d+(?:\.\d+)*/g) ?? [])];
}

/** A "Trọng số" cell: a non-negative number, "," or "." as decimal separator; null when invalid. */
export function parseWeight(cell: string): number | null {
  const t = cell.trim();
  if (!/^\d+(?:[.,]\d+)?$/.test(t)) return null;
  return Number(t.replace(",", "."));
}

function cleanCell(s: string | undefined): string {
  return (s ?? "")
    .replace(/\u00a0/g, " ")
    .replace(/[ \t]+/g, " ")
    .replace(/ *\r?\n */g, "\n")
    .trim();
}

function isColumnNumberRow(cells: string[]): boolean {
  const filled = cells.filter((c) => c !== "");
  return filled.length >= 2 && filled.every((c) => /^\(?\d{1,2}\)?$/.test(c));
}

/**
 * Parses a plan appendix table. Missing required columns ("Nhiệm vụ cụ thể", "Thời gian thực
 * hiện, hoàn thành", "Cơ quan chủ trì") give errors, no areas and `readable: false`. Row problems
 * give errors with the 1-based row number while the other rows are still returned; a table with
 * no task at all is an error too.
 *
 * Areas: a filled "Nhiệm vụ chung" cell opens an area, unless it repeats the current area's cell
 * (merged cells read back from XLSX carry the top cell's text on every row), and a heading row
 * ("II. Cải cách thể chế", or STT "II") opens one when there is no area column.
 */
export function parsePlanAppendix(rows: ReadonlyArray<ReadonlyArray<string>>, options: PlanImportOptions): PlanImportResult {
  const resolve = createUnitResolver(options.units);
  const searchRows = options.headerSearchRows ?? 10;
  const errors: ImportError[] = [];
  const warnings: ImportError[] = [];

  // 1. Header row: the row among the first N with the most recognised columns.
  let headerIndex = -1;
  let columns: Partial<Record<ColumnKey, number>> = {};
  let bestCount = 0;
  for (let r = 0; r < Math.min(rows.length, searchRows); r++) {
    const found: Partial<Record<ColumnKey, number>> = {};
    (rows[r] ?? []).forEach((cell, c) => {
      const key = matchHeader(cleanCell(cell));
      if (key && found[key] === undefined) found[key] = c;
    });
    const count = Object.keys(found).length;
    if (count > bestCount) {
      bestCount = count;
      headerIndex = r;
      columns = found;
    }
  }
  const required = REQUIRED_COLUMNS.map((k) => `“${COLUMN_HEADERS[k][0]}”`);
  if (headerIndex < 0 || bestCount < 2) {
    return {
      readable: false,
      areas: [],
      unresolvedUnits: [],
      unitGroups: [],
      errors: [
        {
          row: 0,
          message: `Không tìm thấy dòng tiêu đề cột trong ${searchRows} dòng đầu của tệp. Tệp cần có các cột ${required.join(", ")}`,
        },
      ],
      warnings: [],
    };
  }
  const missing = REQUIRED_COLUMNS.filter((k) => columns[k] === undefined);
  if (missing.length > 0) {
    return {
      readable: false,
      areas: [],
      unresolvedUnits: [],
      unitGroups: [],
      errors: missing.map((k) => ({
        row: headerIndex + 1,
        message: `Không tìm thấy cột "${COLUMN_HEADERS[k][0]}" trong tệp`,
      })),
      warnings: [],
      headerRow: headerIndex + 1,
      columns,
    };
  }

  const get = (cells: ReadonlyArray<string>, key: ColumnKey): string => (columns[key] === undefined ? "" : cleanCell(cells[columns[key]!]));
  const areas: ImportedArea[] = [];
  const unresolved = new Set<string>();
  const groups = new Set<string>();
  let current: ImportedArea | null = null;
  let currentAreaCell = "";
  let lastTask: ImportedTask | null = null;

  const unitRef = (text: string): ImportedUnitRef => {
    const unitId = resolve(text);
    if (unitId !== null) return { text, unitId };
    if (isUnitGroupText(text)) {
      groups.add(text);
      return { text, unitId: null, isGroup: true };
    }
    unresolved.add(text);
    return { text, unitId: null };
  };
  const newArea = (code: string, title: string): ImportedArea => {
    const a: ImportedArea = {
      code: code || romanNumeral(areas.length + 1),
      title,
      tasks: [],
    };
    areas.push(a);
    lastTask = null;
    return a;
  };

  for (let r = headerIndex + 1; r < rows.length; r++) {
    const cells = rows[r] ?? [];
    const rowNumber = r + 1;
    const all = cells.map((c) => cleanCell(c));
    if (all.every((c) => c === "")) continue;
    if (isColumnNumberRow(all)) continue;
    // Header repeated on each printed page.
    if (all.filter((c) => matchHeader(c) !== null).length >= Math.max(2, bestCount - 1)) continue;

    let areaCell = get(cells, "area");
    // The same text as the area above: a merged cell, not a new area.
    if (areaCell && current && areaCell === currentAreaCell) areaCell = "";
    const stt = get(cells, "stt");
    let title = get(cells, "title");
    const deadlineText = get(cells, "deadline");
    const leadText = get(cells, "lead");

    // Area: a filled "Nhiệm vụ chung" cell, or a heading row ("II. Cải cách thể chế" / STT "II").
    if (areaCell) {
      const h = parseRomanHeading(areaCell);
      current = newArea(h?.code ?? "", h ? h.title : areaCell.replace(/\s+/g, " "));
      currentAreaCell = areaCell;
    } else if (!deadlineText && !leadText && (parseRomanHeading(stt) || (!stt && parseRomanHeading(title)))) {
      const h = parseRomanHeading(stt)
        ? {
            code: parseRomanHeading(stt)!.code,
            title: title.replace(/\s+/g, " "),
          }
        : parseRomanHeading(title)!;
      current = newArea(h.code, h.title);
      currentAreaCell = "";
      continue;
    }

    if (!title) {
      // A continuation row (a task split across pages or merged cells below it): append its cells.
      const task = lastTask as ImportedTask | null;
      if (task && !areaCell) {
        const more = get(cells, "evidence");
        if (more) task.evidence.push(...splitEvidence(more));
        if (leadText) {
          task.leadUnit = unitRef(`${task.leadUnit.text}\n${leadText}`.trim());
        }
        const coop = get(cells, "coop");
        if (coop) {
          task.cooperatingText = task.cooperatingText ? `${task.cooperatingText}\n${coop}` : coop;
          for (const u of splitUnitList(coop)) task.cooperatingUnits.push(unitRef(u));
        }
        const note = get(cells, "note");
        if (note) task.note = task.note ? `${task.note}\n${note}` : note;
        continue;
      }
      if (areaCell) continue; // area heading only
      errors.push({
        row: rowNumber,
        message: `Dòng ${rowNumber}: thiếu nội dung "Nhiệm vụ cụ thể"`,
      });
      continue;
    }

    let ordinal: string | undefined;
    const num = /^(\d+(?:\.\d+)*)\s*[.)]\s*([\s\S]*)$/.exec(title);
    if (num && num[2]) {
      ordinal = num[1];
      title = num[2].trim();
    }
    if (/^\d+(\.\d+)*\.?$/.test(stt)) ordinal = stt.replace(/\.$/, "");

    if (!current) current = newArea("", "");
    if (!leadText)
      errors.push({
        row: rowNumber,
        message: `Dòng ${rowNumber}: thiếu "Cơ quan chủ trì"`,
      });

    const task: ImportedTask = {
      rowNumber,
      ...(ordinal ? { ordinal } : {}),
      title,
      evidence: splitEvidence(get(cells, "evidence")),
      deadlineText,
      deadline: parseDeadline(deadlineText, { planYear: options.planYear }),
      leadUnit: leadText ? unitRef(leadText) : { text: "", unitId: null },
      cooperatingText: get(cells, "coop"),
      cooperatingUnits: splitUnitList(get(cells, "coop")).map(unitRef),
    };

    const statusText = get(cells, "status");
    if (statusText) {
      const s = parseTaskStatusVi(statusText);
      if (s) task.status = s;
      else
        errors.push({
          row: rowNumber,
          message: `Dòng ${rowNumber}: tình trạng "${statusText}" không hợp lệ`,
        });
    }
    const completedText = get(cells, "completedOn");
    if (completedText) {
      const d = parseDateVi(completedText) ?? (isValidIsoDate(completedText) ? completedText : null) ?? excelSerialDate(completedText);
      if (!d)
        errors.push({
          row: rowNumber,
          message: `Dòng ${rowNumber}: ngày hoàn thành "${completedText}" không hợp lệ (dd/mm/yyyy)`,
        });
      else if (task.status && !COMPLETED_STATUSES.has(task.status))
        warnings.push({
          row: rowNumber,
          message: `Dòng ${rowNumber}: có ngày hoàn thành nhưng tình trạng là "${TASK_STATUS_LABELS[task.status]}"; ngày hoàn thành bị bỏ qua`,
        });
      else {
        task.completedOn = d;
        // A completion date alone implies "Hoàn thành".
        if (!task.status) task.status = "done";
      }
    } else if (task.status === "done") {
      // Not an error: progress counts a done task without a date as done (README, Progress).
      warnings.push({
        row: rowNumber,
        message: `Dòng ${rowNumber}: hoàn thành nhưng chưa ghi ngày hoàn thành`,
      });
    }
    const note = get(cells, "note");
    if (note) task.note = note;
    const crit = get(cells, "parCriteria");
    if (crit) {
      const codes = parseCriterionCodes(crit);
      if (codes.length) task.parCriteria = codes;
    }
    const weightText = get(cells, "weight");
    if (weightText) {
      const w = parseWeight(weightText);
      if (w === null)
        errors.push({
          row: rowNumber,
          message: `Dòng ${rowNumber}: trọng số "${weightText}" không hợp lệ`,
        });
      else task.weight = w;
    }
    current.tasks.push(task);
    lastTask = task;
  }

  for (const a of areas)
    if (a.tasks.length === 0)
      warnings.push({
        row: 0,
        message: `Nhiệm vụ chung "${a.code}. ${a.title}" không có nhiệm vụ cụ thể nào`,
      });
  const withTasks = areas.filter((a) => a.tasks.length > 0);
  if (withTasks.length === 0)
    errors.push({
      row: 0,
      message: "Tệp không có nhiệm vụ cụ thể nào dưới dòng tiêu đề",
    });

  return {
    readable: true,
    areas: withTasks,
    unresolvedUnits: [...unresolved],
    unitGroups: [...groups],
    errors,
    warnings,
    headerRow: headerIndex + 1,
    columns,
  };
}

/**
 * A date typed into a cell formatted "General" reaches us as Excel's serial day number (45458 = 15/06/2024, the
 * 1900 date system: serial 25569 is 01/01/1970). Only five-digit serials from 2000 to 2099 are taken: in a date
 * column nothing else looks like that, and a stray number outside stays an error the user sees.
 */
export function excelSerialDate(text: string): string | null {
  if (!/^\d{5}$/.test(text.trim())) return null;
  const serial = Number(text.trim());
  if (serial < 36526 || serial > 73050) return null;
  return new Date((serial - 25569) * 86_400_000).toISOString().slice(0, 10);
}
