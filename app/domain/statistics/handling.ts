// Handling statistics (issue 16; Decree 30 Phụ lục VI "báo cáo tình hình giải quyết văn bản đến/đi"). Pure rules:
// the state of an incoming document as of a cut-off rebuilt from its journal (audit trail), and the one
// classification every figure, list and export uses, so the numbers and the lists behind them cannot disagree.
//
// The incoming categories PARTITION the documents received in the period: every document falls in exactly one.
//   returned            — returned to the sender (trả lại) as of the cut-off
//   completedOnTime     — completed on or before its handling deadline (dates in Vietnam time)
//   completedLate       — completed after its handling deadline
//   completedNoDeadline — completed, no deadline was set
//   openInTime          — not completed, deadline on or after the cut-off date
//   openOverdue         — not completed, deadline before the cut-off date
//   openNoDeadline      — not completed, no deadline (also: not yet routed)

export const INCOMING_CATEGORIES = [
  "completedOnTime",
  "completedLate",
  "completedNoDeadline",
  "openInTime",
  "openOverdue",
  "openNoDeadline",
  "returned",
] as const;
export type IncomingCategory = (typeof INCOMING_CATEGORIES)[number];

export const OUTGOING_CATEGORIES = ["drafted", "issued", "issuedElectronic", "issuedPaper", "returnedForRevision"] as const;
export type OutgoingCategory = (typeof OUTGOING_CATEGORIES)[number];

/** A document's handling state as of a cut-off. Dates are Vietnam calendar dates (YYYY-MM-DD). */
export type IncomingStateAsOf = {
  status: string;
  deadline: string | null;
  completedDate: string | null;
  /** Main handler (xử lý chính): a person, or a unit not yet passed on to a person. */
  mainUserId: number | null;
  mainUnitId: number | null;
};

/** One audit row of an incoming document (entity_type incoming_document), in id order. */
export type IncomingJournalEvent = {
  at: number;
  action: string;
  toState: string | null;
  detail: Record<string, unknown> | null;
};

type AssigneeRef = { userId?: number; unitId?: number };

function assigneeOf(value: unknown): AssigneeRef | null {
  if (!value || typeof value !== "object") return null;
  const ref = value as AssigneeRef;
  if (typeof ref.userId === "number") return { userId: ref.userId };
  if (typeof ref.unitId === "number") return { unitId: ref.unitId };
  return null;
}

const hasKey = (detail: Record<string, unknown> | null, key: string) => !!detail && Object.hasOwn(detail, key);
const afterOf = (e: IncomingJournalEvent) => (e.detail?.after && typeof e.detail.after === "object" ? (e.detail.after as Record<string, unknown>) : null);
const beforeOf = (e: IncomingJournalEvent) => (e.detail?.before && typeof e.detail.before === "object" ? (e.detail.before as Record<string, unknown>) : null);

/**
 * The deadline a document had before any journal event changed it. Registration records it (since issue 16);
 * for older rows it is the first correction's "before" value, or the current value when nothing ever changed it.
 * (An older document whose first deadline change was its routing had no recorded registration deadline: null.)
 */
export function initialDeadlineOf(events: readonly IncomingJournalEvent[], currentDeadline: string | null): string | null {
  const register = events.find((e) => e.action === "incoming.register");
  if (register && hasKey(register.detail, "handlingDeadline")) return (register.detail!.handlingDeadline as string | null) ?? null;
  for (const e of events) {
    if (e.action === "incoming.correct" && afterOf(e) && hasKey(afterOf(e), "handlingDeadline"))
      return (beforeOf(e)?.handlingDeadline as string | null) ?? null;
    if (e.action === "incoming.route" || (e.action === "incoming.direct" && hasKey(e.detail, "deadline"))) return null;
  }
  return currentDeadline;
}

/**
 * Replays the journal up to and including `cutOffMs` (every event must belong to one document). Later events
 * — a correction, a completion, a routing after the cut-off — leave the result unchanged.
 */
export function incomingStateAsOf(
  events: readonly IncomingJournalEvent[],
  cutOffMs: number,
  options: { initialStatus?: string; currentDeadline: string | null; toDate: (ms: number) => string },
): IncomingStateAsOf {
  const state: IncomingStateAsOf = {
    status: options.initialStatus ?? "received",
    deadline: initialDeadlineOf(events, options.currentDeadline),
    completedDate: null,
    mainUserId: null,
    mainUnitId: null,
  };
  for (const e of events) {
    if (e.at > cutOffMs) break;
    if (e.toState) state.status = e.toState;
    switch (e.action) {
      case "incoming.register":
        if (hasKey(e.detail, "handlingDeadline")) state.deadline = (e.detail!.handlingDeadline as string | null) ?? null;
        break;
      case "incoming.route":
      case "incoming.direct": {
        const main = assigneeOf(e.detail?.main);
        if (main) {
          state.mainUserId = main.userId ?? null;
          state.mainUnitId = main.unitId ?? null;
        }
        if (hasKey(e.detail, "deadline")) state.deadline = (e.detail!.deadline as string | null) ?? null;
        break;
      }
      case "incoming.correct": {
        const after = afterOf(e);
        if (after && hasKey(after, "handlingDeadline")) state.deadline = (after.handlingDeadline as string | null) ?? null;
        break;
      }
      case "incoming.delegate":
        if (e.detail?.kind === "main" && typeof e.detail.toUserId === "number") {
          state.mainUserId = e.detail.toUserId;
          state.mainUnitId = null;
        }
        break;
      case "incoming.complete":
        state.completedDate = options.toDate(e.at);
        break;
    }
  }
  if (state.status !== "completed") state.completedDate = null;
  return state;
}

/** The one classification (see the header). `asOfDate` is the cut-off's Vietnam date. */
export function classifyIncoming(state: Pick<IncomingStateAsOf, "status" | "deadline" | "completedDate">, asOfDate: string): IncomingCategory {
  if (state.status === "returned") return "returned";
  if (state.status === "completed") {
    if (!state.deadline) return "completedNoDeadline";
    return state.completedDate && state.completedDate <= state.deadline ? "completedOnTime" : "completedLate";
  }
  if (!state.deadline) return "openNoDeadline";
  return asOfDate > state.deadline ? "openOverdue" : "openInTime";
}

export type IncomingCounts = Record<IncomingCategory, number> & { received: number };
export type OutgoingCounts = Record<OutgoingCategory, number> & {
  /** Mean calendar days from the first submission to issue, over the documents issued in the period; null if none. */
  averageDaysToIssue: number | null;
};

export function emptyIncomingCounts(): IncomingCounts {
  return { received: 0, completedOnTime: 0, completedLate: 0, completedNoDeadline: 0, openInTime: 0, openOverdue: 0, openNoDeadline: 0, returned: 0 };
}

/** On-time rate among documents with a deadline that are completed or overdue: what "đúng hạn" means on the page. */
export function onTimeShare(c: Pick<IncomingCounts, "completedOnTime" | "completedLate" | "openOverdue">): { numerator: number; denominator: number } {
  return { numerator: c.completedOnTime, denominator: c.completedOnTime + c.completedLate + c.openOverdue };
}

/** True when the categories sum to `received` (the partition invariant, asserted by tests and the service). */
export function isPartition(c: IncomingCounts): boolean {
  return INCOMING_CATEGORIES.reduce((sum, k) => sum + c[k], 0) === c.received;
}

export type StatisticsPeriod = { from: string; to: string; asOf: string };

/** Period presets of the page: month, quarter, year of a date; custom is from/to as typed. */
export function periodPreset(kind: "month" | "quarter" | "year", today: string): { from: string; to: string } {
  const y = Number(today.slice(0, 4));
  const m = Number(today.slice(5, 7));
  const pad = (n: number) => String(n).padStart(2, "0");
  const last = (yy: number, mm: number) => new Date(Date.UTC(yy, mm, 0)).getUTCDate();
  if (kind === "year") return { from: `${y}-01-01`, to: `${y}-12-31` };
  if (kind === "quarter") {
    const q0 = Math.floor((m - 1) / 3) * 3 + 1;
    return { from: `${y}-${pad(q0)}-01`, to: `${y}-${pad(q0 + 2)}-${pad(last(y, q0 + 2))}` };
  }
  return { from: `${y}-${pad(m)}-01`, to: `${y}-${pad(m)}-${pad(last(y, m))}` };
}

/** Mean rounded half-up to one decimal; null for an empty list. */
export function meanDays(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  return Math.round(mean * 10 + Number.EPSILON) / 10;
}
