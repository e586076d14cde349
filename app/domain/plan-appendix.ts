// Import of a plan appendix ("Phụ lục … Kế hoạch") kept in a spreadsheet (issue 6 §2): CSV parsing,
// tolerant header matching (case and accents ignored), area continuation for blank (merged) cells,
// evidence splitting, status and completion-date columns, and tolerant unit-name matching.
// Pure: the spreadsheet is already a string[][]; the directory is an input list.

import { parseDateVi } from "#app/domain/dates";
import { TASK_STATUS_LABELS, TASK_STATUSES, type TaskStatus } from "#app/domain/progress";
import { foldDiacritics, normalizeForMatch } from "#app/domain/text";

/** RFC 4180 CSV (UTF-8, optional BOM, quoted fields with "" escapes and embedded newlines). ";" or "," separated. */
export function parseCsv(text: string): string[][] {
  const src = text.replace(/^\uFEFF/, "");
  const firstLine = src.split(/\r?\n/, 1)[0] ?? "";
  const sep = (firstLine.match(/;/g)?.length ?? 0) > (firstLine.match(/,/g)?.length ?? 0) ? ";" : ",";
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  let i = 0;
  while (i < src.length) {
    const c = src[i];
    if (quoted) {
      if (c === '"') {
        if (src[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        quoted = false;
        i++;
        continue;
      }
      field += c;
      i++;
      continue;
    }
    if (c === '"' && field === "") {
      quoted = true;
      i++;
    } else if (c === sep) {
      row.push(field);
      field = "";
      i++;
    } else if (c === "\r" || c === "\n") {
      row.push(field);
      rows.push(row);
      row = [];
      field = "";
      i += c === "\r" && src[i + 1] === "\n" ? 2 : 1;
    } else {
      field += c;
      i++;
    }
  }
  if (quoted) throw new PlanImportError("Tệp CSV không hợp lệ: thiếu dấu ngoặc kép đóng.");
  if (field !== "" || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

export class PlanImportError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "PlanImportError";
  }
}

export type ImportColumn = "area" | "task" | "evidence" | "deadline" | "lead" | "cooperating" | "status" | "completedOn" | "note" | "criteria" | "weight";

/** Accepted headers per column, folded (lower-case, no accents). */
const HEADER_ALIASES: Record<ImportColumn, string[]> = {
  area: ["nhiem vu chung", "linh vuc", "nhom nhiem vu"],
  task: ["nhiem vu cu the", "nhiem vu", "noi dung nhiem vu", "noi dung"],
  evidence: ["tai lieu kiem chung phai chuan bi", "tai lieu kiem chung", "san pham", "san pham dau ra", "ket qua san pham"],
  deadline: ["thoi gian thuc hien hoan thanh", "thoi gian thuc hien", "thoi han", "thoi gian hoan thanh", "thoi han hoan thanh"],
  lead: ["co quan chu tri", "don vi chu tri", "chu tri"],
  cooperating: ["co quan phoi hop", "don vi phoi hop", "phoi hop"],
  status: ["tinh trang", "trang thai", "ket qua thuc hien"],
  completedOn: ["ngay hoan thanh"],
  note: ["ghi chu"],
  criteria: ["tieu chi", "ma tieu chi", "tieu chi par index", "tieu chi chi so cchc"],
  weight: ["trong so"],
};

const REQUIRED_COLUMNS: ImportColumn[] = ["task", "deadline", "lead"];

export const IMPORT_COLUMN_LABELS: Record<ImportColumn, string> = {
  area: "Nhiệm vụ chung",
  task: "Nhiệm vụ cụ thể",
  evidence: "Tài liệu kiểm chứng",
  deadline: "Thời gian thực hiện, hoàn thành",
  lead: "Cơ quan chủ trì",
  cooperating: "Cơ quan phối hợp",
  status: "Tình trạng",
  completedOn: "Ngày hoàn thành",
  note: "Ghi chú",
  criteria: "Tiêu chí",
  weight: "Trọng số",
};

function headerKey(cell: string): string {
  return normalizeForMatch(cell);
}

/** Maps a header row to columns; null when the row is not a header row. */
export function matchHeaderRow(row: ReadonlyArray<string>): Partial<Record<ImportColumn, number>> | null {
  const found: Partial<Record<ImportColumn, number>> = {};
  row.forEach((cell, index) => {
    const key = headerKey(cell ?? "");
    if (!key) return;
    for (const col of Object.keys(HEADER_ALIASES) as ImportColumn[]) {
      if (found[col] !== undefined) continue;
      if (HEADER_ALIASES[col].includes(key)) {
        found[col] = index;
        return;
      }
    }
  });
  return REQUIRED_COLUMNS.every((c) => found[c] !== undefined) ? found : null;
}

export type ImportedTaskRow = {
  /** 1-based row number in the file (for messages). */
  rowNumber: number;
  ordinal: string | null;
  title: string;
  evidence: string[];
  deadlineText: string;
  leadUnit: string;
  cooperatingUnits: string;
  status: TaskStatus | null;
  completedOn: string | null;
  note: string | null;
  criterionCodes: string[];
  weight: number | null;
};

export type ImportedArea = { code: string; title: string; tasks: ImportedTaskRow[] };

export type ParsedAppendix = {
  areas: ImportedArea[];
  headerRow: number;
  columns: Partial<Record<ImportColumn, number>>;
  errors: string[];
  warnings: string[];
  taskCount: number;
};

const ROMAN_CODES = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII", "XIV", "XV", "XVI", "XVII", "XVIII", "XIX", "XX"];

export function romanNumeral(n: number): string {
  return ROMAN_CODES[n - 1] ?? String(n);
}

/** "I. Công tác chỉ đạo" → { code: "I", title: "Công tác chỉ đạo" }. */
export function splitAreaCell(text: string): { code: string | null; title: string } {
  const m = /^\s*([IVXLC]{1,6})\s*[.\-–:)]\s*(.+)$/s.exec(text);
  if (m) return { code: m[1], title: m[2].trim() };
  return { code: null, title: text.trim() };
}

/** "1. Hoàn thành …" → { ordinal: "1", title: "Hoàn thành …" }. */
export function splitTaskCell(text: string): { ordinal: string | null; title: string } {
  const m = /^\s*(\d{1,3}(?:\.\d{1,3})*)\s*[.)]\s+(.+)$/s.exec(text);
  if (m) return { ordinal: m[1], title: m[2].trim() };
  return { ordinal: null, title: text.trim() };
}

/** The evidence cell: one item per line (bullets "- " and trailing ";"/"." dropped). */
export function splitEvidence(text: string): string[] {
  const trimmed = text.trim();
  if (!trimmed) return [];
  let parts = trimmed.split(/\r?\n/);
  if (parts.length === 1 && /^[-+•]\s/.test(trimmed)) parts = trimmed.split(/;\s*(?=[-+•]\s)/);
  return parts
    .map((p) => p.replace(/^\s*[-+•]\s*/, "").replace(/[;.,]\s*$/, "").trim())
    .filter((p) => p.length > 0);
}

const STATUS_ALIASES: Array<[string, TaskStatus]> = [
  ...TASK_STATUSES.map((s) => [normalizeForMatch(TASK_STATUS_LABELS[s]), s] as [string, TaskStatus]),
  ["da hoan thanh", "done"],
  ["hoan thanh dung han", "done"],
  ["hoan thanh tre han", "done"],
  ["hoan thanh qua han", "done"],
  ["chua hoan thanh", "in_progress"],
  ["dang trien khai", "in_progress"],
  ["chua trien khai", "not_started"],
  ["tam ngung", "paused"],
  ["cho xac nhan", "awaiting_confirmation"],
  ["khong phat sinh", "not_applicable"],
  ["khong thuc hien", "cancelled"],
  ["chuyen ky sau", "deferred"],
  ["chuyen nam sau", "deferred"],
];

/** Status cell → status; null when blank; undefined when unknown. */
export function parseStatusCell(text: string): TaskStatus | null | undefined {
  const key = normalizeForMatch(text);
  if (!key) return null;
  const hit = STATUS_ALIASES.find(([alias]) => alias === key);
  return hit ? hit[1] : undefined;
}

/** PAR criterion codes ("7.3.1", "6.1") in a cell. */
export function parseCriterionCodes(text: string): string[] {
  return [...new Set(text.match(/\b\d{1,2}(?:\.\d{1,2}){1,3}\b/g) ?? [])];
}

function cell(row: ReadonlyArray<string>, index: number | undefined): string {
  if (index === undefined) return "";
  const v = row[index];
  return typeof v === "string" ? v.trim() : v === undefined || v === null ? "" : String(v).trim();
}

/**
 * Parses an appendix table. Title rows above the header are skipped; the header row is the first row
 * whose cells name at least "Nhiệm vụ cụ thể", the deadline and "Cơ quan chủ trì". A blank
 * "Nhiệm vụ chung" cell continues the area above (merged cells). A row with an area but no task text
 * opens a new area. Errors (unusable rows) are collected rather than thrown so the preview lists them
 * all; a file without a header row throws PlanImportError.
 */
export function parsePlanAppendix(rows: ReadonlyArray<ReadonlyArray<string>>): ParsedAppendix {
  let headerRow = -1;
  let columns: Partial<Record<ImportColumn, number>> | null = null;
  for (let i = 0; i < Math.min(rows.length, 30); i++) {
    const m = matchHeaderRow(rows[i].map((c) => (c === null || c === undefined ? "" : String(c))));
    if (m) {
      headerRow = i;
      columns = m;
      break;
    }
  }
  if (!columns) {
    throw new PlanImportError(
      "Không tìm thấy dòng tiêu đề của phụ lục. Tệp cần có các cột “Nhiệm vụ cụ thể”, “Thời gian thực hiện, hoàn thành” (hoặc “Thời hạn”) và “Cơ quan chủ trì”.",
    );
  }
  const errors: string[] = [];
  const warnings: string[] = [];
  const areas: ImportedArea[] = [];
  let current: ImportedArea | null = null;
  const openArea = (text: string): ImportedArea => {
    const { code, title } = splitAreaCell(text);
    const area: ImportedArea = { code: code ?? romanNumeral(areas.length + 1), title, tasks: [] };
    areas.push(area);
    return area;
  };
  let lastAreaText = "";
  for (let i = headerRow + 1; i < rows.length; i++) {
    const row = rows[i];
    const rowNumber = i + 1;
    const areaText = cell(row, columns.area);
    const taskText = cell(row, columns.task);
    const others = [columns.evidence, columns.deadline, columns.lead, columns.cooperating].map((c) => cell(row, c));
    if (!areaText && !taskText && others.every((x) => !x)) continue;
    // A numbering row under the header ("(1)", "(2)", "1", "2" …) is skipped.
    if (row.every((c) => /^\s*\(?\d{0,2}\)?\s*$/.test(String(c ?? "")))) continue;
    if (areaText && areaText !== lastAreaText) {
      current = openArea(areaText);
      lastAreaText = areaText;
    }
    if (!taskText) {
      if (!areaText) errors.push(`Dòng ${rowNumber}: thiếu nội dung “Nhiệm vụ cụ thể”.`);
      continue;
    }
    if (!current) current = openArea("Nhiệm vụ chung");
    const { ordinal, title } = splitTaskCell(taskText);
    const leadUnit = cell(row, columns.lead);
    const deadlineText = cell(row, columns.deadline);
    if (!leadUnit) errors.push(`Dòng ${rowNumber}: thiếu “Cơ quan chủ trì”.`);
    const statusText = cell(row, columns.status);
    let status = parseStatusCell(statusText);
    if (status === undefined) {
      errors.push(`Dòng ${rowNumber}: tình trạng “${statusText}” không hợp lệ (dùng: ${TASK_STATUSES.map((s) => TASK_STATUS_LABELS[s]).join(", ")}).`);
      status = null;
    }
    const completedText = cell(row, columns.completedOn);
    let completedOn: string | null = null;
    if (completedText) {
      completedOn = parseDateVi(completedText) ?? (/^\d{4}-\d{2}-\d{2}$/.test(completedText) ? completedText : null);
      if (!completedOn) errors.push(`Dòng ${rowNumber}: ngày hoàn thành “${completedText}” không đúng dạng dd/mm/yyyy.`);
    }
    if (status === "done" && !completedOn && !completedText) warnings.push(`Dòng ${rowNumber}: hoàn thành nhưng chưa ghi ngày hoàn thành.`);
    if (completedOn && status !== null && status !== "done" && status !== "awaiting_confirmation") {
      warnings.push(`Dòng ${rowNumber}: có ngày hoàn thành nhưng tình trạng là “${TASK_STATUS_LABELS[status]}”; ngày hoàn thành bị bỏ qua.`);
      completedOn = null;
    }
    if (completedOn && status === null) status = "done";
    const weightText = cell(row, columns.weight);
    let weight: number | null = null;
    if (weightText) {
      const w = Number(weightText.replace(",", "."));
      if (!Number.isFinite(w) || w < 0) errors.push(`Dòng ${rowNumber}: trọng số “${weightText}” không hợp lệ.`);
      else weight = w;
    }
    current.tasks.push({
      rowNumber,
      ordinal,
      title,
      evidence: splitEvidence(cell(row, columns.evidence)),
      deadlineText,
      leadUnit,
      cooperatingUnits: cell(row, columns.cooperating),
      status,
      completedOn,
      note: cell(row, columns.note) || null,
      criterionCodes: parseCriterionCodes(cell(row, columns.criteria)),
      weight,
    });
  }
  const nonEmpty = areas.filter((a) => a.tasks.length > 0);
  for (const a of areas) if (a.tasks.length === 0) warnings.push(`Nhiệm vụ chung “${a.code}. ${a.title}” không có nhiệm vụ cụ thể nào.`);
  const taskCount = nonEmpty.reduce((n, a) => n + a.tasks.length, 0);
  if (taskCount === 0) errors.push("Tệp không có nhiệm vụ cụ thể nào dưới dòng tiêu đề.");
  return { areas: nonEmpty, headerRow: headerRow + 1, columns, errors, warnings, taskCount };
}

// ---- Unit names ----------------------------------------------------------------------------------

const ABBREVIATIONS: Array<[RegExp, string]> = [
  [/\bubnd\b/g, "uy ban nhan dan"],
  [/\bhdnd\b/g, "hoi dong nhan dan"],
  [/\btthc\b/g, "thu tuc hanh chinh"],
  [/\bcchc\b/g, "cai cach hanh chinh"],
  [/\bvp\b/g, "van phong"],
  [/\bkh va dt\b|\bkhdt\b/g, "ke hoach va dau tu"],
  [/\btt va tt\b|\btttt\b/g, "thong tin va truyen thong"],
  [/\bso tt&tt\b/g, "so thong tin va truyen thong"],
];

/**
 * Canonical key of an organisation name for tolerant matching: folded, punctuation-free, common
 * abbreviations expanded ("Văn phòng UBND tỉnh" = "Văn phòng Ủy ban nhân dân tỉnh").
 */
export function unitNameKey(name: string): string {
  let s = foldDiacritics(name).replace(/&/g, " va ");
  s = s.replace(/[^a-z0-9]+/g, " ").trim();
  for (const [re, rep] of ABBREVIATIONS) s = s.replace(re, rep);
  return s.replace(/\s+/g, " ").trim();
}

export type DirectoryEntry = { id: number; name: string; depth: number };

/**
 * Finds the directory entry for a unit name: equal keys first, then equal once a trailing
 * "tỉnh" is dropped on either side; the shallowest match wins; a tie at the same depth is ambiguous (null).
 */
export function matchUnitName(name: string, directory: ReadonlyArray<DirectoryEntry>): DirectoryEntry | null {
  const key = unitNameKey(name);
  if (!key) return null;
  const strip = (k: string) => k.replace(/ tinh$/, "");
  const passes: Array<(e: DirectoryEntry) => boolean> = [(e) => unitNameKey(e.name) === key, (e) => strip(unitNameKey(e.name)) === strip(key)];
  for (const pass of passes) {
    const hits = directory.filter(pass);
    if (hits.length === 0) continue;
    const minDepth = Math.min(...hits.map((h) => h.depth));
    const top = hits.filter((h) => h.depth === minDepth);
    return top.length === 1 ? top[0] : null;
  }
  return null;
}

export type CooperatingResolution = { resolved: DirectoryEntry[]; unresolved: string[] };

/**
 * Splits a "Cơ quan phối hợp" cell on ";", "," and " và " and resolves each piece. Consecutive
 * pieces that do not resolve are joined back into one phrase ("Các sở, ban, ngành tỉnh"), kept as
 * text and flagged.
 */
export function resolveCooperatingUnits(text: string, directory: ReadonlyArray<DirectoryEntry>): CooperatingResolution {
  const resolved: DirectoryEntry[] = [];
  const unresolved: string[] = [];
  const pieces = text
    .split(/\r?\n|;/)
    .flatMap((seg) => seg.split(/,|\s+và\s+/))
    .map((p) => p.replace(/^\s*[-+•]\s*/, "").trim())
    .filter(Boolean);
  let pending: string[] = [];
  const flush = () => {
    if (pending.length) unresolved.push(pending.join(", "));
    pending = [];
  };
  for (const p of pieces) {
    const hit = matchUnitName(p, directory);
    if (hit) {
      flush();
      if (!resolved.some((r) => r.id === hit.id)) resolved.push(hit);
    } else pending.push(p);
  }
  flush();
  return { resolved, unresolved };
}
