// Completion metrics of a reform plan as of a cut-off date (tasks.md §4.4, §4.5):
// "đã thực hiện được 25/29 nhiệm vụ, tỷ lệ 86,21%" (seed 002, Báo cáo 343/BC-UBND).

import { isValidIsoDate, toVietnamDate } from "#app/domain/shared/dates";
import { formatPercentVi, formatRateVi } from "#app/domain/shared/numbers";
import { EMPTY_CALENDAR, workingDaysBetween, type WorkingCalendar } from "#app/domain/shared/working-days";

export const TASK_STATUSES = ["not_started", "in_progress", "paused", "awaiting_confirmation", "done", "not_applicable", "cancelled", "deferred"] as const;

export type TaskStatus = (typeof TASK_STATUSES)[number];

export const TASK_STATUS_LABELS: Record<TaskStatus, string> = {
  not_started: "Chưa thực hiện",
  in_progress: "Đang thực hiện",
  paused: "Tạm dừng",
  awaiting_confirmation: "Chờ xác nhận",
  done: "Hoàn thành",
  not_applicable: "Không phát sinh",
  cancelled: "Không thực hiện",
  deferred: "Chuyển kỳ sau",
};

export function isTaskStatus(s: unknown): s is TaskStatus {
  return typeof s === "string" && (TASK_STATUSES as readonly string[]).includes(s);
}

/** Statuses that leave the denominator (tasks.md §4.5: KHONG_PHAT_SINH, KHONG_THUC_HIEN). */
export const EXCLUDED_STATUSES: ReadonlySet<TaskStatus> = new Set<TaskStatus>(["not_applicable", "cancelled"]);

/**
 * Statuses that count as completed when the completion date is on or before the cut-off.
 * An unconfirmed completion (awaiting_confirmation) counts as done (tasks.md §5.4).
 */
export const COMPLETED_STATUSES: ReadonlySet<TaskStatus> = new Set<TaskStatus>(["done", "awaiting_confirmation"]);

/** Allowed transitions (tasks.md §4.4). Every transition is journaled by the caller. */
export const TASK_STATUS_TRANSITIONS: Record<TaskStatus, readonly TaskStatus[]> = {
  not_started: ["in_progress", "awaiting_confirmation", "done", "not_applicable", "cancelled", "deferred"],
  in_progress: ["paused", "awaiting_confirmation", "done", "not_applicable", "cancelled", "deferred"],
  paused: ["in_progress", "cancelled", "deferred", "not_applicable"],
  awaiting_confirmation: ["done", "in_progress"],
  done: ["in_progress"], // reopening (e.g. evidence returned after review)
  not_applicable: ["not_started", "in_progress"],
  cancelled: [],
  deferred: [],
};

export function canTransition(from: TaskStatus, to: TaskStatus): boolean {
  return from !== to && TASK_STATUS_TRANSITIONS[from].includes(to);
}

export type ProgressTask = {
  id: string | number;
  areaKey?: string | null;
  areaLabel?: string | null;
  leadUnitKey?: string | number | null;
  leadUnitLabel?: string | null;
  /** Optional weight for the weighted view (default 1). */
  weight?: number;
  dueDate: string | null;
  /** The status as of the cut-off (reconstruct with statusAsOf when reporting on a past date). */
  statusAsOf: TaskStatus;
  completedOn: string | null;
};

export type ProgressStats = {
  /** Tasks in the denominator (all but not_applicable and cancelled). */
  countable: number;
  /** Completed on or before the cut-off. */
  done: number;
  /** done / countable, or null when nothing is countable. */
  rate: number | null;
  /** "86,21%"; "—" when nothing is countable (tasks.md §4.5). */
  rateText: string;
  /** Done with a due date and completion ≤ due date (a done task without a due date is neither on time nor late). */
  onTime: number;
  /** Done after the due date. */
  late: number;
  /** Done, without a due date: "Hoàn thành (không hạn)". onTime + late + doneNoDeadline = done. */
  doneNoDeadline: number;
  /** Not done and due date < cut-off. */
  overdue: number;
  /** Not done, due on or after the cut-off within `dueSoonWorkingDays` working days. */
  dueSoon: number;
  /** Not done and not overdue (in time, or no due date). */
  open: number;
  /** Countable tasks due on or before the cut-off and the part of them done (due-based rate). */
  due: number;
  dueDone: number;
  /** Completed but not yet confirmed by the plan manager (counted in done). */
  awaitingConfirmation: number;
  /** Excluded from the denominator. */
  excluded: number;
  /** Σ w·done / Σ w over countable tasks; present when any task has an explicit weight. */
  weightedRate?: number | null;
  weightedRateText?: string;
  overdueTaskIds: Array<string | number>;
  unfinishedTaskIds: Array<string | number>;
};

export type ProgressGroup = ProgressStats & { key: string; label: string };

export type ProgressSummary = ProgressStats & {
  cutOff: string;
  byArea: ProgressGroup[];
  byUnit: ProgressGroup[];
};

export type ProgressOptions = {
  /** "Sắp đến hạn" window in working days (tasks.md §4.9 default 5). */
  dueSoonWorkingDays?: number;
  calendar?: WorkingCalendar;
};

/**
 * Done as of the cut-off: a completed status (done or awaiting confirmation) with a completion
 * date on or before the cut-off; a completed task without a date counts as done.
 */
export function isDoneAsOf(t: Pick<ProgressTask, "statusAsOf" | "completedOn">, cutOff: string): boolean {
  if (!COMPLETED_STATUSES.has(t.statusAsOf)) return false;
  // Without a completion date the status itself is the only evidence; count it as done.
  return t.completedOn === null || t.completedOn <= cutOff;
}

function validate(tasks: ReadonlyArray<ProgressTask>, cutOff: string): void {
  if (!isValidIsoDate(cutOff)) throw new RangeError(`Invalid cut-off date: ${cutOff}`);
  for (const t of tasks) {
    if (!isTaskStatus(t.statusAsOf)) throw new RangeError(`Task ${t.id}: unknown status ${String(t.statusAsOf)}`);
    if (t.dueDate !== null && !isValidIsoDate(t.dueDate)) throw new RangeError(`Task ${t.id}: invalid due date ${t.dueDate}`);
    if (t.completedOn !== null && !isValidIsoDate(t.completedOn)) throw new RangeError(`Task ${t.id}: invalid completion date ${t.completedOn}`);
    if (t.weight !== undefined && !(Number.isFinite(t.weight) && t.weight >= 0)) throw new RangeError(`Task ${t.id}: weight must be a finite number ≥ 0`);
  }
}

function computeStats(tasks: ReadonlyArray<ProgressTask>, cutOff: string, options: Required<ProgressOptions>): ProgressStats {
  let countable = 0;
  let done = 0;
  let onTime = 0;
  let late = 0;
  let doneNoDeadline = 0;
  let overdue = 0;
  let dueSoon = 0;
  let open = 0;
  let due = 0;
  let dueDone = 0;
  let awaitingConfirmation = 0;
  let excluded = 0;
  let weightSum = 0;
  let weightDone = 0;
  let anyWeight = false;
  const overdueTaskIds: Array<string | number> = [];
  const unfinishedTaskIds: Array<string | number> = [];

  for (const t of tasks) {
    if (t.weight !== undefined) anyWeight = true;
    if (EXCLUDED_STATUSES.has(t.statusAsOf)) {
      excluded++;
      continue;
    }
    countable++;
    const w = t.weight ?? 1;
    weightSum += w;
    const isDue = t.dueDate !== null && t.dueDate <= cutOff;
    if (isDue) due++;
    if (isDoneAsOf(t, cutOff)) {
      done++;
      weightDone += w;
      if (isDue) dueDone++;
      if (t.statusAsOf === "awaiting_confirmation") awaitingConfirmation++;
      // Without a due date a completion is neither on time nor late: "Hoàn thành (không hạn)" (tasks.md §4.5).
      if (t.dueDate === null) {
        doneNoDeadline++;
        continue;
      }
      if (t.completedOn !== null && t.completedOn > t.dueDate) late++;
      else onTime++;
      continue;
    }
    unfinishedTaskIds.push(t.id);
    if (t.dueDate !== null && t.dueDate < cutOff) {
      overdue++;
      overdueTaskIds.push(t.id);
      continue;
    }
    open++;
    if (t.dueDate !== null && workingDaysBetween(options.calendar, cutOff, t.dueDate) <= options.dueSoonWorkingDays) dueSoon++;
  }

  const stats: ProgressStats = {
    countable,
    done,
    rate: countable === 0 ? null : done / countable,
    rateText: formatPercentVi(done, countable),
    onTime,
    late,
    doneNoDeadline,
    overdue,
    dueSoon,
    open,
    due,
    dueDone,
    awaitingConfirmation,
    excluded,
    overdueTaskIds,
    unfinishedTaskIds,
  };
  if (anyWeight) {
    stats.weightedRate = weightSum === 0 ? null : weightDone / weightSum;
    stats.weightedRateText = formatRateVi(stats.weightedRate);
  }
  return stats;
}

function groupBy(
  tasks: ReadonlyArray<ProgressTask>,
  keyOf: (t: ProgressTask) => string | number | null | undefined,
  labelOf: (t: ProgressTask) => string | null | undefined,
  fallbackLabel: string,
): Array<{ key: string; label: string; tasks: ProgressTask[] }> {
  const groups = new Map<string, { key: string; label: string; tasks: ProgressTask[] }>();
  for (const t of tasks) {
    const rawKey = keyOf(t);
    const key = rawKey === null || rawKey === undefined || rawKey === "" ? "" : String(rawKey);
    let g = groups.get(key);
    if (!g) {
      g = {
        key,
        label: labelOf(t) || (key === "" ? fallbackLabel : key),
        tasks: [],
      };
      groups.set(key, g);
    }
    g.tasks.push(t);
  }
  return [...groups.values()];
}

/**
 * Plan metrics as of `cutOff` (tasks.md §4.5), overall, per area and per lead unit.
 * Groups keep the order of first appearance; tasks without an area/unit form a group with key "".
 * Cooperating units never enter a lead unit's denominator, so they are not inputs here.
 */
export function computeProgress(tasks: ReadonlyArray<ProgressTask>, cutOff: string, options: ProgressOptions = {}): ProgressSummary {
  validate(tasks, cutOff);
  const opts: Required<ProgressOptions> = {
    dueSoonWorkingDays: options.dueSoonWorkingDays ?? 5,
    calendar: options.calendar ?? EMPTY_CALENDAR,
  };
  const overall = computeStats(tasks, cutOff, opts);
  const byArea = groupBy(
    tasks,
    (t) => t.areaKey,
    (t) => t.areaLabel,
    "Chưa phân lĩnh vực",
  ).map((g) => ({
    key: g.key,
    label: g.label,
    ...computeStats(g.tasks, cutOff, opts),
  }));
  const byUnit = groupBy(
    tasks,
    (t) => t.leadUnitKey,
    (t) => t.leadUnitLabel,
    "Chưa xác định cơ quan chủ trì",
  ).map((g) => ({
    key: g.key,
    label: g.label,
    ...computeStats(g.tasks, cutOff, opts),
  }));
  return { cutOff, ...overall, byArea, byUnit };
}

export type Timeliness =
  | "done_on_time"
  | "done_late"
  | "done_no_deadline"
  | "open_in_time"
  | "open_due_soon"
  | "open_overdue"
  | "open_no_deadline"
  | "excluded";

/** Completion × timeliness labels, the local convention (tasks.md §4.4 table). */
export const TIMELINESS_LABELS: Record<Timeliness, string> = {
  done_on_time: "Hoàn thành đúng hạn",
  done_late: "Hoàn thành trễ hạn",
  done_no_deadline: "Hoàn thành (không hạn)",
  open_in_time: "Chưa hoàn thành – trong hạn",
  open_due_soon: "Chưa hoàn thành – sắp đến hạn",
  open_overdue: "Chưa hoàn thành – quá hạn",
  open_no_deadline: "Chưa hoàn thành – không hạn",
  excluded: "Không tính",
};

/** Timeliness of one task as of a date; same rules as computeProgress. */
export function taskTimeliness(task: Pick<ProgressTask, "dueDate" | "statusAsOf" | "completedOn">, asOf: string, options: ProgressOptions = {}): Timeliness {
  if (EXCLUDED_STATUSES.has(task.statusAsOf)) return "excluded";
  const t = task as ProgressTask;
  if (isDoneAsOf(t, asOf)) {
    if (task.dueDate === null) return "done_no_deadline";
    return task.completedOn !== null && task.completedOn > task.dueDate ? "done_late" : "done_on_time";
  }
  if (task.dueDate === null) return "open_no_deadline";
  if (task.dueDate < asOf) return "open_overdue";
  const n = options.dueSoonWorkingDays ?? 5;
  return workingDaysBetween(options.calendar ?? EMPTY_CALENDAR, asOf, task.dueDate) <= n ? "open_due_soon" : "open_in_time";
}

export type StatusJournalEntry = {
  /** ISO date ("2023-12-10") or instant ("2023-12-10T08:30:00+07:00" / "...Z"). */
  at: string;
  toStatus: TaskStatus;
  /** Completion date recorded with a done/awaiting_confirmation transition. */
  completedOn?: string | null;
};

function journalDate(at: string): { date: string; ms: number | null } {
  if (isValidIsoDate(at)) return { date: at, ms: null };
  const d = new Date(at);
  if (Number.isNaN(d.getTime()) || !/^\d{4}-\d{2}-\d{2}T/.test(at)) throw new RangeError(`Invalid journal timestamp: ${at}`);
  return { date: toVietnamDate(d), ms: d.getTime() };
}

/**
 * Reconstructs the status on `cutOff` from a status journal (tasks.md §4.4: "every transition
 * is journaled … so status can be reconstructed as of any date"). Entries are ordered by their
 * Vietnam calendar date, then by instant, then by journal order; the last entry dated on or before
 * the cut-off wins. Before the first entry a task is not_started.
 */
export function statusAsOf(journal: ReadonlyArray<StatusJournalEntry>, cutOff: string): { status: TaskStatus; completedOn: string | null } {
  if (!isValidIsoDate(cutOff)) throw new RangeError(`Invalid cut-off date: ${cutOff}`);
  const entries = journal
    .map((e, index) => ({ e, index, ...journalDate(e.at) }))
    .sort((a, b) => {
      if (a.date !== b.date) return a.date < b.date ? -1 : 1;
      if (a.ms !== null && b.ms !== null && a.ms !== b.ms) return a.ms - b.ms;
      return a.index - b.index;
    });
  let status: TaskStatus = "not_started";
  let completedOn: string | null = null;
  for (const x of entries) {
    if (x.date > cutOff) break;
    if (!isTaskStatus(x.e.toStatus)) throw new RangeError(`Unknown status ${String(x.e.toStatus)}`);
    status = x.e.toStatus;
    completedOn = COMPLETED_STATUSES.has(status) ? (x.e.completedOn ?? x.date) : null;
  }
  return { status, completedOn };
}

export type EffectiveJournalEntry = {
  /** Calendar date the change took effect (a completion: its completion date; a backdated import: the file's date). */
  effectiveOn: string;
  toStatus: TaskStatus;
  completedOn?: string | null;
};

/**
 * statusAsOf for a journal whose entries carry an effective date that may precede earlier entries
 * (a completion recorded late but dated on its completing document). Entries are given in the
 * order they were recorded; the status on `cutOff` is that of the LAST recorded entry already
 * effective on the cut-off. Sorting by date instead (statusAsOf) would let a backdated completion
 * be overtaken by an "in progress" entry recorded before it.
 */
export function statusAsOfRecorded(journal: ReadonlyArray<EffectiveJournalEntry>, cutOff: string): { status: TaskStatus; completedOn: string | null } {
  if (!isValidIsoDate(cutOff)) throw new RangeError(`Invalid cut-off date: ${cutOff}`);
  let status: TaskStatus = "not_started";
  let completedOn: string | null = null;
  for (const e of journal) {
    if (!isValidIsoDate(e.effectiveOn)) throw new RangeError(`Invalid effective date: ${e.effectiveOn}`);
    if (!isTaskStatus(e.toStatus)) throw new RangeError(`Unknown status ${String(e.toStatus)}`);
    if (e.effectiveOn > cutOff) continue;
    status = e.toStatus;
    completedOn = COMPLETED_STATUSES.has(status) ? (e.completedOn ?? e.effectiveOn) : null;
  }
  return { status, completedOn };
}

/** The lists of the unit's tasks page ("Nhiệm vụ của đơn vị"): open (default), all, overdue, due soon, awaiting confirmation. */
export type UnitTaskFilter = "open" | "all" | "overdue" | "due_soon" | "awaiting";

/**
 * Whether a task of the unit belongs to a list of its tasks page: by the filter, and by the unit's role in it when one
 * is asked (the home tiles count the tasks the unit leads and open the list with role=lead, issue 9).
 */
export function unitTaskInList(
  task: { timeliness: Timeliness; status: string; role: "lead" | "cooperating" },
  options: { filter?: UnitTaskFilter; role?: "lead" | "cooperating" | null },
): boolean {
  if (options.role && task.role !== options.role) return false;
  const filter = options.filter ?? "open";
  if (filter === "all") return true;
  if (filter === "overdue") return task.timeliness === "open_overdue";
  if (filter === "due_soon") return task.timeliness === "open_due_soon";
  if (filter === "awaiting") return task.status === "awaiting_confirmation";
  return task.timeliness.startsWith("open_");
}
