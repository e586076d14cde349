// E-government indicators per organisation and period (issue 16 §3). Each is a share with its numerator and
// denominator, read from facts that never change once written (channel and arrival time, issue time and form,
// the signing method, completion time), so a figure for a closed period stays what it was.
import { sql } from "drizzle-orm";
import type { Db, DbOrTx } from "#db/client";
import { formatPercentVi } from "#app/domain/shared/numbers";
import { indicatorPercent, INDICATOR_KEYS, type IndicatorCounts, type IndicatorKey } from "#app/domain/statistics/indicators";
import type { ServiceContext } from "#app/platform/context.server";
import { INDICATOR_TEXTS } from "#app/messages/statistics";
import { CommonMessages } from "#app/messages/common";
import { AppError, AppErrorCode } from "#app/utils/errors";
import { resolvePeriod } from "#app/features/statistics/scope.server";

export type Indicator = IndicatorCounts & {
  key: IndicatorKey;
  label: string;
  numeratorDefinition: string;
  denominatorDefinition: string;
  percent: number | null;
  rateText: string;
};

export type IndicatorReport = { organizationId: number; period: { from: string; to: string }; indicators: Indicator[] };

type Range = { fromMs: number; toEndMs: number };

/** The counts of every indicator for one organisation and [fromMs, toEndMs). No permission check: callers check. */
export function indicatorCounts(db: DbOrTx, organizationId: number, range: Range): Record<IndicatorKey, IndicatorCounts> {
  const { fromMs, toEndMs } = range;
  const incoming = db.get<{ total: number; electronic: number; paper: number }>(sql`
    select count(*) as total, coalesce(sum(channel = 'electronic'), 0) as electronic, coalesce(sum(channel in ('direct', 'postal')), 0) as paper
    from incoming_documents where organization_id = ${organizationId} and received_at >= ${fromMs} and received_at < ${toEndMs}`)!;
  const issued = db.get<{ total: number; electronic: number; digital: number }>(sql`
    select count(*) as total,
      coalesce(sum(issued_file_id is not null and coalesce(signing_method, '') <> 'paper' and source <> 'paper'), 0) as electronic,
      coalesce(sum(signing_method = 'digital'), 0) as digital
    from outgoing_documents where organization_id = ${organizationId} and issued_at >= ${fromMs} and issued_at < ${toEndMs}`)!;
  const handled = db.get<{ total: number; inSystem: number }>(sql`
    select count(*) as total, coalesce(sum(file_id is not null and routed_at is not null), 0) as inSystem
    from incoming_documents where organization_id = ${organizationId} and status = 'completed' and completed_at >= ${fromMs} and completed_at < ${toEndMs}`)!;
  const signers = db.all<{ id: number }>(sql`
    select distinct signed_by as id from outgoing_documents
    where organization_id = ${organizationId} and signing_method = 'digital' and signed_by is not null and signed_at >= ${fromMs} and signed_at < ${toEndMs}`);
  const holders = db.all<{ id: number }>(sql`
    select id from users where organization_id = ${organizationId} and is_active = 1 and certificate_file_id is not null
    union select d.user_id from signing_devices d join users u on u.id = d.user_id where u.organization_id = ${organizationId} and u.is_active = 1`);
  const certified = new Set([...holders.map((h) => h.id), ...signers.map((s) => s.id)]);
  return {
    incomingElectronic: { numerator: incoming.electronic, denominator: incoming.total },
    incomingPaper: { numerator: incoming.paper, denominator: incoming.total },
    outgoingElectronic: { numerator: issued.electronic, denominator: issued.total },
    outgoingDigitallySigned: { numerator: issued.digital, denominator: issued.total },
    handledInSystem: { numerator: handled.inSystem, denominator: handled.total },
    certificatesInUse: { numerator: signers.length, denominator: certified.size },
  };
}

function describe(counts: Record<IndicatorKey, IndicatorCounts>): Indicator[] {
  return INDICATOR_KEYS.map((key) => {
    const c = counts[key];
    const t = INDICATOR_TEXTS[key];
    return {
      key,
      label: t.label,
      numeratorDefinition: t.numerator,
      denominatorDefinition: t.denominator,
      ...c,
      percent: indicatorPercent(c),
      rateText: formatPercentVi(c.numerator, c.denominator),
    };
  });
}

/** `stats:indicators` and /statistics/indicators: the actor's organisation (view:statistics). */
export function computeIndicators(ctx: ServiceContext, options: { from: string; to: string }): IndicatorReport {
  // Organisation-wide figures: view:statistics (a unit head's view:statistics:unit does not reach them).
  if (ctx.actor.id !== 0 && !ctx.actor.permissions.includes("view:statistics")) throw new AppError(AppErrorCode.FORBIDDEN, CommonMessages.FORBIDDEN);
  const period = resolvePeriod(ctx, { ...options, asOf: null });
  return {
    organizationId: ctx.actor.organizationId,
    period: { from: period.from, to: period.to },
    indicators: describe(indicatorCounts(ctx.db, ctx.actor.organizationId, period)),
  };
}

/**
 * One indicator's share (0–100) for an organisation over a period, for a plan KPI bound to it: the plan report
 * fills the KPI's result with it at its cut-off (and the frozen snapshot keeps it).
 */
export function indicatorPercentFor(
  db: Db | DbOrTx,
  organizationId: number,
  key: IndicatorKey,
  range: Range,
): { percent: number | null; counts: IndicatorCounts } {
  const counts = indicatorCounts(db, organizationId, range)[key];
  return { percent: indicatorPercent(counts), counts };
}
