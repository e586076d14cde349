// Parses the verbatim "Thời gian thực hiện, hoàn thành" cell of a plan appendix into a
// structured deadline (tasks.md §4.2). The verbatim text is always kept; anything not
// recognised is returned as kind "unparsed" with needsReview = true, never guessed.
//
// Decisions (tasks.md §5.1): "Trước ngày D" is strict (due D − 1); "Chậm nhất ngày D" and
// "Trước hoặc trong ngày D" are inclusive (due D). End-of-period phrases resolve to the last
// day of the period (Civil Code 2015 Art. 146: "cuối năm" = 31/12, "giữa năm" = 30/6).
// A phrase without a year takes the plan's year.

import { addDays, endOfMonth, makeIsoDate } from "#app/domain/shared/dates";
import { reportingPeriods } from "#app/domain/plans/reporting-periods";
import { foldDiacritics } from "#app/domain/shared/text";
import { addWorkingDays, EMPTY_CALENDAR, onOrNextWorkingDay, type WorkingCalendar } from "#app/domain/shared/working-days";

export type DeadlineKind = "fixed_date" | "end_of_period" | "recurring" | "event_triggered" | "relative" | "as_regulated" | "none" | "unparsed";

export const DEADLINE_KINDS: readonly DeadlineKind[] = [
  "fixed_date",
  "end_of_period",
  "recurring",
  "event_triggered",
  "relative",
  "as_regulated",
  "none",
  "unparsed",
] as const;

export const DEADLINE_KIND_LABELS: Record<DeadlineKind, string> = {
  fixed_date: "Ngày cụ thể",
  end_of_period: "Cuối kỳ",
  recurring: "Định kỳ",
  event_triggered: "Khi phát sinh",
  relative: "Tính từ sự kiện",
  as_regulated: "Theo quy định",
  none: "Không có thời hạn",
  unparsed: "Cần xem lại",
};

export type RecurrenceFrequency = "weekly" | "monthly" | "quarterly" | "semiannual" | "yearly" | "reporting_period";

export type Recurrence = {
  frequency: RecurrenceFrequency;
  /** Due dates of the occurrences falling in the plan year (empty for weekly). */
  occurrences: string[];
  /** Set for "Năm 2023 và các năm tiếp theo": the task continues after the plan year. */
  continuesAfterPlanYear?: boolean;
};

export type DeadlinePeriod = {
  type: "year" | "half" | "quarter" | "month";
  year: number;
  index?: number;
};

export type ParsedDeadline = {
  kind: DeadlineKind;
  dueDate: string | null;
  /** The cell text exactly as given. */
  text: string;
  needsReview: boolean;
  recurrence?: Recurrence;
  /**
   * Relative deadlines ("05 ngày làm việc kể từ ngày ký quyết định công bố"). For a
   * calendar-day phrase ("10 ngày kể từ …"), calendarDays is set and workingDays is 0.
   */
  relative?: { workingDays: number; anchor: string; calendarDays?: number };
  /** The period an end_of_period deadline closes. */
  period?: DeadlinePeriod;
  /** "Trước ngày D" (strict): the due date is the day before D. */
  before?: boolean;
  /** "Từ ngày D": a start date, not a deadline. */
  startDate?: string;
  /** Free text for event-triggered / as_regulated rows (the event or the reference). */
  reference?: string;
  note?: string;
};

export type ParseDeadlineOptions = {
  planYear: number;
  /** Date of the anchor event of a relative deadline, when known. */
  anchorDate?: string | null;
  calendar?: WorkingCalendar;
};

const ROMAN: Record<string, number> = {
  i: 1,
  ii: 2,
  iii: 3,
  iv: 4,
  "1": 1,
  "2": 2,
  "3": 3,
  "4": 4,
};

// Building blocks on the folded (lower-case ASCII) text.
const DMY = String.raw`(\d{1,2})\s*[/.\-]\s*(\d{1,2})(?:\s*[/.\-]\s*(\d{2,4}))?`;
const WORDY_DATE = String.raw`(\d{1,2})\s+thang\s+(\d{1,2})(?:\s*(?:nam|,)\s*(\d{2,4}))?`;
const DATE = `(?:${DMY}|${WORDY_DATE})`;
const YEAR = String.raw`(?:\s*(?:,\s*)?(?:nam\s*|/\s*|-\s*)?(\d{4}))?`;
const QUARTER = String.raw`quy\s*(iv|iii|ii|i|[1-4])\b`;
const TRAIL = String.raw`\s*[.;,]?\s*$`;

type DateOutcome = { ok: true; iso: string } | { ok: false; reason: string };

function dateFromGroups(g: Array<string | undefined>, planYear: number): DateOutcome {
  // g = [d, m, y, d2, m2, y2] from DATE.
  const d = g[0] ?? g[3];
  const m = g[1] ?? g[4];
  const y = g[2] ?? g[5];
  if (y !== undefined && y.length !== 4) return { ok: false, reason: "Năm phải có 4 chữ số" };
  const iso = makeIsoDate(y ? Number(y) : planYear, Number(m), Number(d));
  return iso ? { ok: true, iso } : { ok: false, reason: "Ngày không hợp lệ" };
}

function quarterEnd(year: number, q: number): string {
  return endOfMonth(year, q * 3);
}

function monthOccurrences(year: number): string[] {
  return Array.from({ length: 12 }, (_, i) => endOfMonth(year, i + 1));
}

function normalise(text: string): string {
  return foldDiacritics(text)
    .replace(/[–—]/g, "-")
    .replace(/\s*:\s*/g, ": ")
    .replace(/^(thoi gian( thuc hien)?( hoan thanh)?|thoi han|han)\s*:\s*/, "")
    .replace(/^thoi gian (?:thuc hien )?(?=bat dau|tu )/, "")
    .replace(/^(thuc hien|hoan thanh)\s+(?=(truoc|trong|cham|xong|quy|thang|nam|tu)\b)/, "")
    .replace(/\s+/g, " ")
    .trim();
}

function re(body: string): RegExp {
  return new RegExp(`^${body}${TRAIL}`);
}

/**
 * Parses a deadline phrase. Pure: the anchor date and calendar are inputs, never looked up.
 */
export function parseDeadline(text: string, options: ParseDeadlineOptions): ParsedDeadline {
  const { planYear } = options;
  if (!Number.isInteger(planYear) || planYear < 1000 || planYear > 9999) throw new RangeError(`Invalid planYear ${planYear}`);
  const calendar = options.calendar ?? EMPTY_CALENDAR;
  const raw = typeof text === "string" ? text : "";
  const t = normalise(raw);
  const base = { text: raw };

  const unparsed = (note?: string): ParsedDeadline => ({
    ...base,
    kind: "unparsed",
    dueDate: null,
    needsReview: true,
    ...(note ? { note } : {}),
  });
  const fixed = (g: Array<string | undefined>, strict: boolean): ParsedDeadline => {
    const r = dateFromGroups(g, planYear);
    if (!r.ok) return unparsed(r.reason);
    return {
      ...base,
      kind: "fixed_date",
      dueDate: strict ? addDays(r.iso, -1) : r.iso,
      needsReview: false,
      ...(strict ? { before: true } : {}),
    };
  };
  const endOf = (period: DeadlinePeriod, dueDate: string, note?: string): ParsedDeadline => ({
    ...base,
    kind: "end_of_period",
    dueDate,
    needsReview: false,
    period,
    ...(note ? { note } : {}),
  });
  const yr = (y: string | undefined): number => (y ? Number(y) : planYear);

  if (t === "" || t === "-" || t === "--") {
    return {
      ...base,
      kind: "none",
      dueDate: null,
      needsReview: false,
      note: "Không ghi thời hạn",
    };
  }

  let m: RegExpExecArray | null;

  // --- Event-triggered: "Khi có trường hợp giải quyết trễ hạn", "Khi phát sinh" (tasks.md §4.2).
  if ((m = /^(khi|ngay khi|moi khi|sau khi|trong truong hop)\s+(co|phat sinh|xay ra|duoc|nhan duoc)?\s*(.*)$/.exec(t))) {
    return {
      ...base,
      kind: "event_triggered",
      dueDate: null,
      needsReview: false,
      reference: raw.trim(),
      note: "Chưa phát sinh: không có hạn cho đến khi sự kiện xảy ra",
    };
  }
  if (/^(neu co|khi can thiet|dot xuat)$/.test(t)) {
    return {
      ...base,
      kind: "event_triggered",
      dueDate: null,
      needsReview: false,
      reference: raw.trim(),
    };
  }

  // --- Relative: "05 ngày làm việc kể từ ngày ký quyết định công bố" (Civil Code Art. 147–148).
  if ((m = /^(?:trong (?:vong|thoi han) )?(\d{1,3}) ngay( lam viec)? (?:ke tu|tinh tu|sau khi|sau|tu) (.+)$/.exec(t))) {
    const amount = Number(m[1]);
    const working = Boolean(m[2]);
    // Keep the anchor in the original wording ("ngày ký quyết định công bố"), not the folded text.
    const rawAnchor = /(?:^|\s)(?:kể từ|tính từ|sau khi|sau|từ|ke tu|tinh tu|tu)\s+(.+)$/iu.exec(raw.replace(/\s+/g, " ").trim());
    const anchor = (rawAnchor ? rawAnchor[1] : m[3]).replace(/[.;,]$/, "").trim();
    const relative = working ? { workingDays: amount, anchor } : { workingDays: 0, anchor, calendarDays: amount };
    let dueDate: string | null = null;
    if (options.anchorDate) {
      // Working days: anchor day not counted (Art. 147). Calendar days: last day rolled to the next working day (Art. 148).
      dueDate = working ? addWorkingDays(calendar, options.anchorDate, amount) : onOrNextWorkingDay(calendar, addDays(options.anchorDate, amount));
    }
    return {
      ...base,
      kind: "relative",
      dueDate,
      needsReview: false,
      relative,
      ...(dueDate ? {} : { note: "Chưa có ngày của sự kiện mốc" }),
    };
  }

  // --- Recurring.
  const recurring = (frequency: RecurrenceFrequency, note?: string): ParsedDeadline => {
    let occurrences: string[] = [];
    if (frequency === "monthly") occurrences = monthOccurrences(planYear);
    else if (frequency === "quarterly") occurrences = [1, 2, 3, 4].map((q) => quarterEnd(planYear, q));
    else if (frequency === "semiannual") occurrences = [endOfMonth(planYear, 6), endOfMonth(planYear, 12)];
    else if (frequency === "yearly") occurrences = [endOfMonth(planYear, 12)];
    else if (frequency === "reporting_period") occurrences = reportingPeriods(planYear).map((p) => p.dueDate);
    // A recurring row counts as one task, due when its last occurrence of the plan year is due (tasks.md §5.3).
    const dueDate = occurrences.length ? occurrences[occurrences.length - 1] : endOfMonth(planYear, 12);
    return {
      ...base,
      kind: "recurring",
      dueDate,
      needsReview: false,
      recurrence: { frequency, occurrences },
      ...(note ? { note } : {}),
    };
  };
  const RECUR_PREFIX = String.raw`(?:(?:thuc hien |bao cao )?dinh ky |dinh ky,? )?`;
  if (re(`${RECUR_PREFIX}(?:hang|moi) tuan`).test(t)) return recurring("weekly");
  if (re(`${RECUR_PREFIX}(?:hang|moi) thang`).test(t)) return recurring("monthly");
  if (re(`${RECUR_PREFIX}(?:hang|moi|tung) quy`).test(t) || re(`dinh ky (?:theo )?quy`).test(t)) return recurring("quarterly");
  if (re(`${RECUR_PREFIX}(?:(?:hang|moi) )?6 thang(?: mot lan| 1 lan)?`).test(t) && /dinh ky|hang|moi/.test(t)) return recurring("semiannual");
  if (re(`${RECUR_PREFIX}(?:hang|moi) nam`).test(t)) return recurring("yearly");
  if ((m = re(`(?:trong )?nam (\\d{4}) va (?:cac|nhung) nam (?:tiep theo|sau)`).exec(t))) {
    const r = recurring("yearly", `Nhiệm vụ tiếp tục từ năm ${m[1]}`);
    r.recurrence!.continuesAfterPlanYear = true;
    return r;
  }
  // Rows done together with the periodic CCHC report ("Cùng với báo cáo định kỳ về công tác CCHC").
  if (
    /^(cung voi|the hien tai|thuc hien cung|long ghep (?:trong|vao)) (cac )?bao cao\b.*dinh ky/.test(t) ||
    /^(cung voi|the hien tai) bao cao (cchc|cai cach hanh chinh) dinh ky/.test(t)
  ) {
    return recurring("reporting_period", "Theo lịch báo cáo CCHC định kỳ (quý I, 6 tháng, quý III, năm)");
  }

  // --- Regulatory / no fixed deadline.
  if (/^(?:thuc hien )?thuong xuyen\b/.test(t) || /^(lien tuc|hang ngay)\b/.test(t)) {
    return {
      ...base,
      kind: "none",
      dueDate: null,
      needsReview: false,
      note: "Thực hiện thường xuyên",
    };
  }
  if (
    /^(thuc hien )?theo (quy dinh|ke hoach|huong dan|ket luan|chi dao|lo trinh|tien do|cong van|van ban|quyet dinh|thong bao|yeu cau)\b/.test(t) ||
    /^thuc hien theo\b/.test(t)
  ) {
    return {
      ...base,
      kind: "as_regulated",
      dueDate: null,
      needsReview: false,
      reference: raw.trim(),
    };
  }

  // --- Fixed dates.
  if (
    (m = re(
      `(?:truoc hoac trong|truoc hoac vao|trong|vao|den|den het|han chot|cham nhat(?: la)?(?: vao)?(?: truoc)?|khong qua|xong truoc hoac trong)? ?ngay ${DATE}`,
    ).exec(t))
  ) {
    return fixed(m.slice(1), false);
  }
  if ((m = re(`(?:cham nhat(?: la)?(?: vao)?|han chot|den het|den|truoc hoac trong) ${DATE}`).exec(t))) {
    return fixed(m.slice(1), false);
  }
  if ((m = re(`truoc(?: ngay)? ${DATE}`).exec(t))) {
    return fixed(m.slice(1), true);
  }
  if ((m = re(DATE).exec(t))) {
    return fixed(m.slice(1), false);
  }
  // "Từ ngày D đến ngày E" → E; "Từ ngày D" → a start date only.
  if ((m = re(`tu(?: ngay)? ${DATE} (?:den|toi)(?: ngay)? ${DATE}`).exec(t))) {
    const start = dateFromGroups(m.slice(1, 7), planYear);
    const end = dateFromGroups(m.slice(7, 13), planYear);
    if (!start.ok || !end.ok) return unparsed("Ngày không hợp lệ");
    if (end.iso < start.iso) return unparsed("Ngày kết thúc trước ngày bắt đầu");
    return {
      ...base,
      kind: "fixed_date",
      dueDate: end.iso,
      needsReview: false,
      startDate: start.iso,
    };
  }
  if ((m = re(`(?:bat dau )?(?:tu|ke tu|bat dau)(?: ngay)? ${DATE}(?: tro di)?`).exec(t))) {
    const start = dateFromGroups(m.slice(1), planYear);
    if (!start.ok) return unparsed(start.reason);
    return {
      ...base,
      kind: "none",
      dueDate: null,
      needsReview: false,
      startDate: start.iso,
      note: "Ngày bắt đầu thực hiện, không phải thời hạn hoàn thành",
    };
  }

  // --- Periods. Optional leading "trong", "trong thời gian", "hoàn thành trong", "cuối".
  const IN = String.raw`(?:(?:trong|hoan thanh trong|hoan thanh|cuoi|het|den het|den cuoi)\s+)?`;

  // Quarter: "Quý IV năm 2020", "Trong quý III", "Quý I/2024".
  if ((m = re(`${IN}${QUARTER}${YEAR}`).exec(t))) {
    const q = ROMAN[m[1]];
    const y = yr(m[2]);
    return endOf({ type: "quarter", year: y, index: q }, quarterEnd(y, q));
  }
  // "Trước quý III" → the day before the quarter starts.
  if ((m = re(`truoc ${QUARTER}${YEAR}`).exec(t))) {
    const q = ROMAN[m[1]];
    const y = yr(m[2]);
    return {
      ...base,
      kind: "fixed_date",
      dueDate: addDays(makeIsoDate(y, (q - 1) * 3 + 1, 1) as string, -1),
      needsReview: false,
      before: true,
    };
  }
  // Halves: "6 tháng đầu năm 2024", "6 tháng cuối năm", "giữa năm".
  if ((m = re(`${IN}(?:6|sau) thang (dau|cuoi) nam${YEAR}`).exec(t))) {
    const y = yr(m[2]);
    const h = m[1] === "dau" ? 1 : 2;
    return endOf({ type: "half", year: y, index: h }, endOfMonth(y, h === 1 ? 6 : 12));
  }
  if ((m = re(`${IN}nua (dau|cuoi) nam${YEAR}`).exec(t))) {
    const y = yr(m[2]);
    const h = m[1] === "dau" ? 1 : 2;
    return endOf({ type: "half", year: y, index: h }, endOfMonth(y, h === 1 ? 6 : 12));
  }
  if ((m = re(`(?:trong |vao |den )?giua nam${YEAR}`).exec(t))) {
    const y = yr(m[1]);
    return endOf({ type: "half", year: y, index: 1 }, endOfMonth(y, 6), "Bộ luật Dân sự 2015 Điều 146: giữa năm là ngày cuối cùng của tháng 6");
  }
  // Month ranges: "Từ tháng 3 đến tháng 6 năm 2023" → end of the range.
  if ((m = re(`(?:trong )?tu thang (\\d{1,2})(?:/(\\d{4}))? (?:den|toi|-) (?:het )?thang (\\d{1,2})${YEAR}`).exec(t))) {
    const m1 = Number(m[1]);
    const m2 = Number(m[3]);
    const y2 = yr(m[4]);
    const y1 = m[2] ? Number(m[2]) : y2;
    if (m1 < 1 || m1 > 12 || m2 < 1 || m2 > 12 || y1 * 12 + m1 > y2 * 12 + m2) return unparsed("Khoảng tháng không hợp lệ");
    return {
      ...endOf({ type: "month", year: y2, index: m2 }, endOfMonth(y2, m2)),
      startDate: makeIsoDate(y1, m1, 1) as string,
    };
  }
  // Single month: "Trong tháng 7 năm 2023", "Tháng 12/2023", "tháng 6".
  if ((m = re(`${IN}thang (\\d{1,2})${YEAR}`).exec(t))) {
    const mo = Number(m[1]);
    if (mo < 1 || mo > 12) return unparsed("Tháng không hợp lệ");
    const y = yr(m[2]);
    return endOf({ type: "month", year: y, index: mo }, endOfMonth(y, mo));
  }
  // "12/2023" (month/year without the word "tháng").
  if ((m = re(`${IN}(\\d{1,2})\\s*/\\s*(\\d{4})`).exec(t))) {
    const mo = Number(m[1]);
    if (mo < 1 || mo > 12) return unparsed("Tháng không hợp lệ");
    const y = Number(m[2]);
    return endOf({ type: "month", year: y, index: mo }, endOfMonth(y, mo));
  }
  // "Trước tháng 6/2023" → the last day of the previous month.
  if ((m = re(`truoc thang (\\d{1,2})${YEAR}`).exec(t))) {
    const mo = Number(m[1]);
    if (mo < 1 || mo > 12) return unparsed("Tháng không hợp lệ");
    const y = yr(m[2]);
    return {
      ...base,
      kind: "fixed_date",
      dueDate: addDays(makeIsoDate(y, mo, 1) as string, -1),
      needsReview: false,
      before: true,
    };
  }
  // Year: "Trong năm 2023", "Năm 2023", "Cuối năm", "Trong năm".
  if ((m = re(`(?:${IN}|ca )nam(?: (\\d{4}))?`).exec(t))) {
    const y = yr(m[1]);
    return endOf({ type: "year", year: y }, endOfMonth(y, 12));
  }
  if ((m = re(`(\\d{4})`).exec(t))) {
    const y = Number(m[1]);
    return endOf({ type: "year", year: y }, endOfMonth(y, 12));
  }
  if ((m = re(`truoc nam (\\d{4})`).exec(t))) {
    const y = Number(m[1]);
    return {
      ...base,
      kind: "fixed_date",
      dueDate: makeIsoDate(y - 1, 12, 31) as string,
      needsReview: false,
      before: true,
    };
  }

  return unparsed();
}

/** The same phrase evaluated with a known anchor date (for relative deadlines once the anchor exists). */
export function resolveRelativeDeadline(parsed: ParsedDeadline, anchorDate: string, calendar: WorkingCalendar = EMPTY_CALENDAR): string | null {
  if (parsed.kind !== "relative" || !parsed.relative) return parsed.dueDate;
  const { workingDays, calendarDays } = parsed.relative;
  return calendarDays !== undefined ? onOrNextWorkingDay(calendar, addDays(anchorDate, calendarDays)) : addWorkingDays(calendar, anchorDate, workingDays);
}
