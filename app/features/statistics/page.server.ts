// The /statistics page in one call: the figures, the breakdown per unit (or per person inside a unit), the trend
// per month, the ten most overdue documents and, when a number is clicked, the list of documents behind it.
// Everything comes from one computeHandlingFacts: the list under a number is exactly what was counted.
import { and, asc, eq, inArray } from "drizzle-orm";
import { sql } from "drizzle-orm";
import { users } from "#db/schema/index";
import { daysBetween, toVietnamDate } from "#app/domain/shared/dates";
import { formatPercentVi } from "#app/domain/shared/numbers";
import {
  INCOMING_CATEGORIES,
  OUTGOING_CATEGORIES,
  onTimeShare,
  type IncomingCategory,
  type IncomingCounts,
  type OutgoingCategory,
} from "#app/domain/statistics/handling";
import { AppError, AppErrorCode } from "#app/utils/errors";
import type { ServiceContext } from "#app/platform/context.server";
import { INCOMING_CATEGORY_LABELS, OUTGOING_CATEGORY_LABELS, StatisticsLabels, StatisticsMessages } from "#app/messages/statistics";
import {
  computeHandlingFacts,
  countIncoming,
  countOutgoing,
  listsOf,
  type HandlingFacts,
  type HandlingStatistics,
  type HandlingStatisticsOptions,
  type IncomingFact,
} from "#app/features/statistics/handling.server";
import { organizationUnits, resolveScope, unitNames, userNames, type ResolvedScope, type ScopeRequest } from "#app/features/statistics/scope.server";

export type DrillKey = { direction: "in"; category: IncomingCategory | "received" } | { direction: "out"; category: OutgoingCategory };

export function parseDrillKey(value: string | null | undefined): DrillKey | null {
  if (!value) return null;
  const [direction, category] = value.split(":");
  if (direction === "in" && (category === "received" || (INCOMING_CATEGORIES as readonly string[]).includes(category)))
    return { direction, category: category as IncomingCategory | "received" };
  if (direction === "out" && (OUTGOING_CATEGORIES as readonly string[]).includes(category)) return { direction, category: category as OutgoingCategory };
  throw new AppError(AppErrorCode.VALIDATION, StatisticsMessages.CATEGORY_INVALID);
}

export type BreakdownRow = {
  key: string;
  unitId: number | null;
  userId: number | null;
  label: string;
  counts: IncomingCounts;
  onTimeText: string;
  onTimeRate: number | null;
  /** Đôn đốc (Decree 30 Art. 24) sent on the row's documents up to the cut-off. */
  reminders: number;
};
export type TrendRow = {
  month: string;
  label: string;
  received: number;
  completedOnTime: number;
  completedLate: number;
  completedNoDeadline: number;
  openOverdue: number;
};
export type IncomingListRow = {
  id: number;
  arrival: string;
  numberSymbol: string;
  issuerName: string;
  summary: string;
  receivedDate: string;
  deadline: string | null;
  handler: string;
  category: string;
  daysOverdue: number | null;
};
export type OutgoingListRow = {
  id: number;
  numberSymbol: string;
  summary: string;
  draftingUnit: string;
  createdDate: string;
  issuedDate: string | null;
  form: string;
  daysToIssue: number | null;
};

export type StatisticsView = {
  stats: HandlingStatistics;
  onTime: { numerator: number; denominator: number; text: string };
  breakdown: { kind: "unit" | "person"; rows: BreakdownRow[] };
  trend: TrendRow[];
  topOverdue: IncomingListRow[];
  drill: null | { key: string; label: string; incoming: IncomingListRow[] | null; outgoing: OutgoingListRow[] | null };
  options: { units: Array<{ id: number; label: string }>; people: Array<{ id: number; label: string }>; canChooseUnit: boolean };
};

/**
 * Reminders (đôn đốc) sent on each of these incoming documents up to the cut-off: a figure as of a past date
 * never counts a reminder sent after it (reminders are append-only rows with their time).
 */
function remindersPerDocument(ctx: ServiceContext, ids: number[], cutOffMs: number): Map<number, number> {
  if (!ids.length) return new Map();
  const rows = ctx.db.all<{ id: number; n: number }>(sql`select entity_id as id, count(*) as n from reminders
    where organization_id = ${ctx.actor.organizationId} and entity_type = 'incoming_document' and created_at <= ${cutOffMs}
      and entity_id in (select value from json_each(${JSON.stringify(ids)}))
    group by entity_id`);
  return new Map(rows.map((r) => [r.id, r.n]));
}

function groupBreakdown(ctx: ServiceContext, facts: HandlingFacts): StatisticsView["breakdown"] {
  const byPerson = facts.scope.kind !== "organization";
  const groups = new Map<string, { unitId: number | null; userId: number | null; facts: IncomingFact[] }>();
  for (const f of facts.incoming) {
    const key = byPerson ? (f.mainUserId != null ? `u${f.mainUserId}` : `o${f.mainUnitId ?? 0}`) : `o${f.mainUnitId ?? 0}`;
    let g = groups.get(key);
    if (!g)
      groups.set(
        key,
        (g = { unitId: byPerson ? (f.mainUserId != null ? null : f.mainUnitId) : f.mainUnitId, userId: byPerson ? f.mainUserId : null, facts: [] }),
      );
    g.facts.push(f);
  }
  const uNames = unitNames(
    ctx,
    [...groups.values()].map((g) => g.unitId).filter((x): x is number => x != null),
  );
  const pNames = userNames(
    ctx,
    [...groups.values()].map((g) => g.userId).filter((x): x is number => x != null),
  );
  const reminded = remindersPerDocument(
    ctx,
    facts.incoming.map((f) => f.id),
    facts.period.cutOffMs,
  );
  const rows = [...groups.entries()].map(([key, g]) => {
    const counts = countIncoming(g.facts);
    const share = onTimeShare(counts);
    const label =
      g.userId != null ? (pNames.get(g.userId) ?? `#${g.userId}`) : g.unitId != null ? (uNames.get(g.unitId) ?? `#${g.unitId}`) : StatisticsLabels.NO_HANDLER;
    const reminders = g.facts.reduce((n, f) => n + (reminded.get(f.id) ?? 0), 0);
    return {
      key,
      unitId: g.unitId,
      userId: g.userId,
      label,
      counts,
      onTimeText: formatPercentVi(share.numerator, share.denominator),
      onTimeRate: share.denominator ? share.numerator / share.denominator : null,
      reminders,
    };
  });
  rows.sort((a, b) => (a.key === "o0" ? 1 : b.key === "o0" ? -1 : a.label.localeCompare(b.label, "vi")));
  return { kind: byPerson ? "person" : "unit", rows };
}

function trendOf(facts: HandlingFacts): TrendRow[] {
  const months: string[] = [];
  for (let m = facts.period.from.slice(0, 7); m <= facts.period.to.slice(0, 7) && months.length < 72; ) {
    months.push(m);
    const [y, mm] = m.split("-").map(Number);
    m = mm === 12 ? `${y + 1}-01` : `${y}-${String(mm + 1).padStart(2, "0")}`;
  }
  const rows = new Map(
    months.map((m) => [
      m,
      { month: m, label: `${m.slice(5, 7)}/${m.slice(0, 4)}`, received: 0, completedOnTime: 0, completedLate: 0, completedNoDeadline: 0, openOverdue: 0 },
    ]),
  );
  for (const f of facts.incoming) {
    const r = rows.get(f.receivedDate.slice(0, 7));
    if (!r) continue;
    r.received++;
    if (f.category === "completedOnTime" || f.category === "completedLate" || f.category === "completedNoDeadline" || f.category === "openOverdue")
      r[f.category]++;
  }
  return [...rows.values()];
}

type IncomingDocRow = {
  id: number;
  arrivalNumber: number | null;
  year: number | null;
  numberSymbol: string;
  issuerName: string;
  summary: string;
  isSecret: number;
  receivedAt: number;
};

function incomingRows(ctx: ServiceContext, facts: IncomingFact[], asOf: string): IncomingListRow[] {
  if (!facts.length) return [];
  const docs = new Map(
    ctx.db
      .all<IncomingDocRow>(sql`select id, arrival_number as arrivalNumber, year, number_symbol as numberSymbol, issuer_name as issuerName, summary, is_secret as isSecret, received_at as receivedAt
        from incoming_documents where organization_id = ${ctx.actor.organizationId} and id in (select value from json_each(${JSON.stringify(facts.map((f) => f.id))}))`)
      .map((d) => [d.id, d]),
  );
  const uNames = unitNames(
    ctx,
    facts.map((f) => f.mainUnitId).filter((x): x is number => x != null),
  );
  const pNames = userNames(
    ctx,
    facts.map((f) => f.mainUserId).filter((x): x is number => x != null),
  );
  return facts.flatMap((f) => {
    const d = docs.get(f.id);
    if (!d) return [];
    const handler = f.mainUserId != null ? (pNames.get(f.mainUserId) ?? "") : f.mainUnitId != null ? (uNames.get(f.mainUnitId) ?? "") : "";
    return [
      {
        id: d.id,
        arrival: d.arrivalNumber != null ? `${String(d.arrivalNumber).padStart(2, "0")}/${d.year}` : "",
        numberSymbol: d.numberSymbol,
        issuerName: d.issuerName,
        summary: d.isSecret ? StatisticsLabels.SECRET_SUMMARY : d.summary,
        receivedDate: toVietnamDate(new Date(d.receivedAt)),
        deadline: f.deadline,
        handler,
        category: INCOMING_CATEGORY_LABELS[f.category],
        daysOverdue: f.category === "openOverdue" && f.deadline ? daysBetween(f.deadline, asOf) : null,
      },
    ];
  });
}

type OutgoingDocRow = {
  id: number;
  numberSymbol: string | null;
  summary: string;
  confidentiality: string;
  draftingUnitId: number;
  createdAt: number;
  issuedDate: string | null;
};

function outgoingRows(ctx: ServiceContext, facts: HandlingFacts, ids: number[]): OutgoingListRow[] {
  if (!ids.length) return [];
  const byId = new Map(facts.outgoing.map((f) => [f.id, f]));
  const rows =
    ctx.db.all<OutgoingDocRow>(sql`select id, number_symbol as numberSymbol, summary, confidentiality, drafting_unit_id as draftingUnitId, created_at as createdAt, issued_date as issuedDate
    from outgoing_documents where organization_id = ${ctx.actor.organizationId} and id in (select value from json_each(${JSON.stringify(ids)})) order by id`);
  const uNames = unitNames(
    ctx,
    rows.map((r) => r.draftingUnitId),
  );
  return rows.map((r) => {
    const f = byId.get(r.id);
    return {
      id: r.id,
      numberSymbol: r.numberSymbol ?? "",
      summary: r.confidentiality !== "normal" ? StatisticsLabels.SECRET_SUMMARY : r.summary,
      draftingUnit: uNames.get(r.draftingUnitId) ?? "",
      createdDate: toVietnamDate(new Date(r.createdAt)),
      issuedDate: f?.issued ? r.issuedDate : null,
      form: f?.issued ? (f.paper ? OUTGOING_CATEGORY_LABELS.issuedPaper : OUTGOING_CATEGORY_LABELS.issuedElectronic) : "",
      daysToIssue: f?.daysToIssue != null ? Math.round(f.daysToIssue * 10) / 10 : null,
    };
  });
}

function peopleOptions(ctx: ServiceContext, unitIds: number[] | null): Array<{ id: number; label: string }> {
  const where = unitIds
    ? and(eq(users.organizationId, ctx.actor.organizationId), inArray(users.unitId, unitIds))
    : eq(users.organizationId, ctx.actor.organizationId);
  return ctx.db
    .select({ id: users.id, label: users.fullName })
    .from(users)
    .where(and(where, eq(users.isActive, true)))
    .orderBy(asc(users.fullName))
    .all();
}

export function getStatisticsView(ctx: ServiceContext, options: HandlingStatisticsOptions & { show?: string | null }): StatisticsView {
  const drillKey = parseDrillKey(options.show);
  const facts = computeHandlingFacts(ctx, options);
  const incoming = countIncoming(facts.incoming);
  const share = onTimeShare(incoming);
  const { period, scope } = facts;
  const stats: HandlingStatistics = {
    period: { from: period.from, to: period.to, asOf: period.asOf },
    scope: { kind: scope.kind, label: scope.label, unitId: scope.unitId, userId: scope.userId },
    method: facts.method,
    incoming,
    outgoing: countOutgoing(facts.outgoing),
  };
  const overdue = facts.incoming.filter((f) => f.category === "openOverdue").sort((a, b) => (a.deadline ?? "").localeCompare(b.deadline ?? "") || a.id - b.id);
  let drill: StatisticsView["drill"] = null;
  if (drillKey) {
    const lists = listsOf(facts);
    if (drillKey.direction === "in") {
      const idSet = new Set(lists.incoming[drillKey.category]);
      drill = {
        key: `in:${drillKey.category}`,
        label: INCOMING_CATEGORY_LABELS[drillKey.category],
        incoming: incomingRows(
          ctx,
          facts.incoming.filter((f) => idSet.has(f.id)),
          period.asOf,
        ),
        outgoing: null,
      };
    } else {
      drill = {
        key: `out:${drillKey.category}`,
        label: OUTGOING_CATEGORY_LABELS[drillKey.category],
        incoming: null,
        outgoing: outgoingRows(ctx, facts, lists.outgoing[drillKey.category]),
      };
    }
  }
  return {
    stats,
    onTime: { ...share, text: formatPercentVi(share.numerator, share.denominator) },
    breakdown: groupBreakdown(ctx, facts),
    trend: trendOf(facts),
    topOverdue: incomingRows(ctx, overdue.slice(0, 10), period.asOf),
    drill,
    options: filterOptionsOf(ctx, scope),
  };
}

function filterOptionsOf(ctx: ServiceContext, scope: ResolvedScope): StatisticsView["options"] {
  const units = organizationUnits(ctx);
  const canChooseUnit = ctx.actor.id === 0 || ctx.actor.permissions.includes("view:statistics");
  const visibleUnits = canChooseUnit ? units : units.filter((u) => u.id === ctx.actor.unitId);
  return {
    units: visibleUnits.map((u) => ({ id: u.id, label: `${"— ".repeat(u.depth)}${u.name}` })),
    people: peopleOptions(ctx, canChooseUnit ? (scope.unitIds ?? null) : (scope.unitIds ?? [ctx.actor.unitId])),
    canChooseUnit,
  };
}

/** The units and people the filter form offers, without any figure (the page whose period was refused). */
export function getStatisticsFilterOptions(ctx: ServiceContext, request: ScopeRequest): StatisticsView["options"] {
  return filterOptionsOf(ctx, resolveScope(ctx, request));
}
