// Pure rules of case files and the archive (Decree 30/2020/NĐ-CP Art. 28–31, Phụ lục V and VI; Thông tư 01/2019/TT-BNV):
// retention periods, the file code, the file's state machine, when a file is due for handover or for the
// retention review, and reading the danh mục's Phụ lục V columns out of a spreadsheet's rows.
import { daysBetween } from "#app/domain/shared/dates";
import { foldDiacritics } from "#app/domain/shared/text";
import { CaseFileMessages } from "#app/messages/casefiles";

export type CaseFileState = "open" | "closed" | "handed_over" | "destroyed";
export type CaseFileAction = "add_document" | "remove_document" | "edit" | "close" | "hand_over" | "destroy";

export const CASE_FILE_STATUS_LABELS: Record<CaseFileState, string> = {
  open: "Đang lập",
  closed: "Đã kết thúc",
  handed_over: "Đã nộp lưu",
  destroyed: "Đã hủy (có quyết định)",
};

export const CASE_FILE_ACCESS_LABELS = { open: "Sử dụng rộng rãi trong cơ quan", restricted: "Hạn chế sử dụng" } as const;

/**
 * The state machine: documents are added, removed and the metadata edited only while the file is open;
 * closing freezes its contents; only a closed file is handed over; a handed-over file is read-only except for
 * the retention review's destruction decision (which never applies to permanent files, see canDestroy).
 */
export function decideCaseFileTransition(state: CaseFileState, action: CaseFileAction): { ok: true; to: CaseFileState } | { ok: false } {
  switch (action) {
    case "add_document":
    case "remove_document":
    case "edit":
      return state === "open" ? { ok: true, to: "open" } : { ok: false };
    case "close":
      return state === "open" ? { ok: true, to: "closed" } : { ok: false };
    case "hand_over":
      return state === "closed" ? { ok: true, to: "handed_over" } : { ok: false };
    case "destroy":
      return state === "handed_over" || state === "closed" ? { ok: true, to: "destroyed" } : { ok: false };
  }
}

export function availableCaseFileActions(state: CaseFileState): CaseFileAction[] {
  const all: CaseFileAction[] = ["add_document", "remove_document", "edit", "close", "hand_over", "destroy"];
  return all.filter((a) => decideCaseFileTransition(state, a).ok);
}

// ---- Retention (thời hạn bảo quản) -------------------------------------------------------------------

export type Retention = { permanent: true; years: null } | { permanent: false; years: number };

export const RETENTION_MAX_YEARS = 100;

/** "Vĩnh viễn", "VV", "10 năm", "10", "70 năm" → a retention; null when unreadable. */
export function parseRetention(text: string): Retention | null {
  const folded = foldDiacritics(text ?? "")
    .toLowerCase()
    .replace(/\s+/g, " ")
    .trim();
  if (!folded) return null;
  if (folded === "vinh vien" || folded === "vv" || folded === "vinh vien." || folded === "permanent") return { permanent: true, years: null };
  const m = /^(\d{1,3})\s*(nam)?\.?$/.exec(folded);
  if (!m) return null;
  const years = Number(m[1]);
  if (years < 1 || years > RETENTION_MAX_YEARS) return null;
  return { permanent: false, years };
}

export function formatRetention(r: { retentionPermanent: boolean; retentionYears: number | null }): string {
  if (r.retentionPermanent) return "Vĩnh viễn";
  return r.retentionYears ? `${r.retentionYears} năm` : "";
}

// ---- Codes ----------------------------------------------------------------------------------------------

/** Số và ký hiệu hồ sơ (FileNotation, Phụ lục VI: String 20): letters, digits, ".", "-", "/", "_". */
export const FILE_NOTATION_PATTERN = /^[0-9A-Za-zĐđ][0-9A-Za-zĐđ.\-/_]{0,19}$/;

export function normalizeFileNotation(text: string): string {
  return (text ?? "").trim().replace(/\s+/g, "");
}

export function isValidFileNotation(text: string): boolean {
  return FILE_NOTATION_PATTERN.test(text);
}

/** Mã hồ sơ = OrganId.FileCatalog.FileNotation, e.g. "000.00.00.H12.2025.01.TCCB". */
export function formatFileCode(organId: string, year: number, fileNotation: string): string {
  return `${organId}.${year}.${fileNotation}`;
}

/** Mã định danh văn bản trong hồ sơ = Mã hồ sơ + "." + DocOrdinal (3 digits). */
export function formatDocumentCode(fileCode: string, ordinal: number): string {
  return `${fileCode}.${String(ordinal).padStart(3, "0")}`;
}

// ---- Dates derived from the documents --------------------------------------------------------------------

/** Start and end of the file (thời gian bắt đầu, kết thúc): the earliest and latest document dates. */
export function fileDateRange(dates: Array<string | null | undefined>): { startDate: string | null; endDate: string | null } {
  const valid = dates.filter((d): d is string => typeof d === "string" && /^\d{4}-\d{2}-\d{2}$/.test(d)).sort();
  return { startDate: valid[0] ?? null, endDate: valid[valid.length - 1] ?? null };
}

/**
 * Nộp lưu within one year of the matter ending (Art. 31 k.3): the handover is due one year after closing.
 * ISO date in, ISO date out (29 February rolls to 28 February).
 */
export function handoverDueDate(closedOn: string): string {
  const [y, m, d] = closedOn.split("-").map(Number);
  const day = m === 2 && d === 29 ? 28 : d;
  return `${y + 1}-${String(m).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
}

export function isHandoverOverdue(closedOn: string, today: string): boolean {
  return handoverDueDate(closedOn) < today;
}

/**
 * The retention counts from the year the matter ended: a 10-year file ended in 2015 is kept through 2025 and may
 * be reviewed for destruction from 1 January 2026. Permanent files are never reviewed (null).
 */
export function retentionReviewDate(file: { retentionPermanent: boolean; retentionYears: number | null; endDate: string | null; year: number }): string | null {
  if (file.retentionPermanent || !file.retentionYears) return null;
  const endYear = file.endDate ? Number(file.endDate.slice(0, 4)) : file.year;
  return `${endYear + file.retentionYears + 1}-01-01`;
}

type RetentionFacts = { status: CaseFileState; retentionPermanent: boolean; retentionYears: number | null; endDate: string | null; year: number };

export function canDestroy(file: RetentionFacts, today: string): boolean {
  return decideDestruction(file, { today, decisionDate: today }).ok;
}

/** Due for the retention review (danh sách hồ sơ đến hạn xem xét hủy): closed or archived, not permanent, review date reached. */
export function isDueForRetentionReview(file: RetentionFacts, today: string): boolean {
  return canDestroy(file, today);
}

export type DestructionRefusal = "permanent" | "not_archived" | "not_due" | "decision_before_due" | "decision_in_future";

/**
 * Whether a destruction decision dated `decisionDate` may be recorded for a file on `today`: never for a permanent
 * file (Luật Lưu trữ: tài liệu bảo quản vĩnh viễn is never destroyed), only for a closed or handed-over file
 * (not open, not already destroyed), only once its retention has run out (review date ≤ today), and the decision
 * itself can neither be dated in the future nor before the review date (it could not have been taken then).
 */
export function decideDestruction(
  file: RetentionFacts,
  options: { today: string; decisionDate: string },
): { ok: true; reviewDate: string } | { ok: false; reason: DestructionRefusal; reviewDate: string | null } {
  const reviewDate = retentionReviewDate(file);
  if (file.retentionPermanent) return { ok: false, reason: "permanent", reviewDate: null };
  if (!decideCaseFileTransition(file.status, "destroy").ok) return { ok: false, reason: "not_archived", reviewDate };
  if (reviewDate === null || reviewDate > options.today) return { ok: false, reason: "not_due", reviewDate };
  if (options.decisionDate > options.today) return { ok: false, reason: "decision_in_future", reviewDate };
  if (options.decisionDate < reviewDate) return { ok: false, reason: "decision_before_due", reviewDate };
  return { ok: true, reviewDate };
}

/**
 * Reminders for a closed file not yet handed over, in days past the handover due date, mildest first: the day after
 * it falls due, then a month, a quarter, half a year and a year late. One notice per file and threshold.
 */
export const HANDOVER_OVERDUE_THRESHOLDS = [1, 30, 90, 180, 365] as const;

/**
 * The threshold a file closed on `closedOn` has reached on `today` (the largest one not above the days it is late),
 * or null while it is not late. A file first seen 200 days late reaches 180 only: never a burst of the ones it skipped.
 */
export function handoverOverdueThreshold(closedOn: string, today: string, thresholds: readonly number[] = HANDOVER_OVERDUE_THRESHOLDS): number | null {
  const due = handoverDueDate(closedOn);
  if (due >= today) return null;
  const late = daysBetween(due, today);
  const reached = thresholds.filter((t) => late >= t);
  return reached.length === 0 ? null : Math.max(...reached);
}

// ---- Editing an open file's metadata ---------------------------------------------------------------------

export const CASE_FILE_TITLE_MAX = 500;
/** Limits of a destruction decision's fields (what a decision's header holds; the reason is a paragraph). */
export const DESTRUCTION_LIMITS = { decisionNumber: 50, signerName: 200, basis: 1000, reason: 1000 } as const;
export const CASE_FILE_NOTE_MAX = 500;

/**
 * A file opened from the danh mục keeps the retention the head approved in the list; only an ad hoc file's
 * retention (set by the handler, Art. 29 k.2) may be corrected while the file is open.
 */
export function canEditRetention(file: { adHoc: boolean; status: CaseFileState }): boolean {
  return file.adHoc && file.status === "open";
}

// ---- Danh mục import (Phụ lục V columns) --------------------------------------------------------------------

export const LIST_COLUMNS = {
  code: "Số, ký hiệu hồ sơ",
  title: "Tên đề mục và tiêu đề hồ sơ",
  retention: "Thời hạn bảo quản",
  responsible: "Đơn vị/người lập hồ sơ",
  note: "Ghi chú",
} as const;
type ListColumn = keyof typeof LIST_COLUMNS;

export type ParsedListEntry = {
  rowNumber: number;
  code: string;
  title: string;
  isHeading: boolean;
  retentionYears: number | null;
  retentionPermanent: boolean;
  responsible: string;
  note: string;
};
export type ListParseProblem = { rowNumber: number; message: string };

const foldHeader = (s: string) =>
  foldDiacritics(s ?? "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, " ")
    .trim();

function columnOf(header: string): ListColumn | null {
  const h = foldHeader(header);
  if (!h) return null;
  if (h.startsWith("so ky hieu ho so") || h === "so va ky hieu ho so" || h === "so ky hieu") return "code";
  if (h.startsWith("ten de muc") || h.startsWith("tieu de ho so")) return "title";
  if (h.startsWith("thoi han bao quan")) return "retention";
  if (h.startsWith("don vi nguoi lap") || h.startsWith("nguoi lap ho so") || h.startsWith("don vi nguoi chiu trach nhiem")) return "responsible";
  if (h === "ghi chu") return "note";
  return null;
}

/**
 * Reads the danh mục out of a sheet's rows: finds the header row with the Phụ lục V columns (title and code
 * required), then one entry per row. A row with a title but neither code nor retention is a heading (đề mục, "I.",
 * "1."); a file row needs a valid code and a readable retention. Duplicated codes are refused.
 */
export function parseCaseFileList(rows: string[][]): { entries: ParsedListEntry[]; problems: ListParseProblem[]; headerFound: boolean } {
  let headerIndex = -1;
  let columns: Partial<Record<ListColumn, number>> = {};
  for (let i = 0; i < Math.min(rows.length, 30); i++) {
    const found: Partial<Record<ListColumn, number>> = {};
    // A CSV written by hand with the header unquoted splits "Số, ký hiệu hồ sơ" at its comma: join it back
    // (the data rows have one cell there).
    const header: string[] = [];
    for (let j = 0; j < rows[i].length; j++) {
      if (foldHeader(rows[i][j]) === "so" && foldHeader(rows[i][j + 1] ?? "").startsWith("ky hieu ho so")) {
        header.push(`${rows[i][j]},${rows[i][j + 1]}`);
        j++;
      } else header.push(rows[i][j]);
    }
    header.forEach((cell, j) => {
      const c = columnOf(cell);
      if (c && found[c] === undefined) found[c] = j;
    });
    if (found.code !== undefined && found.title !== undefined) {
      headerIndex = i;
      columns = found;
      break;
    }
  }
  if (headerIndex < 0) return { entries: [], problems: [], headerFound: false };
  const cell = (row: string[], c: ListColumn) => {
    const at = columns[c];
    return at === undefined ? "" : String(row[at] ?? "").trim();
  };
  const entries: ParsedListEntry[] = [];
  const problems: ListParseProblem[] = [];
  const seen = new Set<string>();
  for (let i = headerIndex + 1; i < rows.length; i++) {
    const row = rows[i];
    const rowNumber = i + 1;
    const code = normalizeFileNotation(cell(row, "code"));
    const title = cell(row, "title").replace(/\s+/g, " ");
    const retentionText = cell(row, "retention");
    const responsible = cell(row, "responsible");
    const note = cell(row, "note");
    if (!code && !title && !retentionText && !responsible && !note) continue;
    // The column-number row under the header ("(1)", "(2)", … or "1", "2", …).
    if (/^\(?\d\)?$/.test(code) && /^\(?\d\)?$/.test(title)) continue;
    if (!code && !retentionText) {
      if (title) entries.push({ rowNumber, code: "", title, isHeading: true, retentionYears: null, retentionPermanent: false, responsible, note });
      continue;
    }
    if (!title) {
      problems.push({ rowNumber, message: CaseFileMessages.LIST_ROW_TITLE_MISSING(rowNumber) });
      continue;
    }
    if (!isValidFileNotation(code)) {
      problems.push({ rowNumber, message: CaseFileMessages.LIST_ROW_CODE_INVALID(rowNumber, code) });
      continue;
    }
    const retention = parseRetention(retentionText);
    if (!retention) {
      problems.push({ rowNumber, message: CaseFileMessages.LIST_ROW_RETENTION_INVALID(rowNumber, retentionText) });
      continue;
    }
    const key = code.toUpperCase();
    if (seen.has(key)) {
      problems.push({ rowNumber, message: CaseFileMessages.LIST_ROW_CODE_DUPLICATE(rowNumber, code) });
      continue;
    }
    seen.add(key);
    entries.push({ rowNumber, code, title, isHeading: false, retentionYears: retention.years, retentionPermanent: retention.permanent, responsible, note });
  }
  return { entries, problems, headerFound: true };
}
