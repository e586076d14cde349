// Who may see which statistics, and the period they asked for. `view:statistics` (leader, office lead, clerk,
// plan manager) sees the whole organisation and may narrow to a unit or a person of it; `view:statistics:unit`
// (unit heads) sees only their own unit and its people. Everything is scoped to actor.organizationId.
import { and, eq, inArray } from "drizzle-orm";
import { organizations, users } from "#db/schema/index";
import { addDays, isValidIsoDate, toVietnamDate, vietnamInstant } from "#app/domain/shared/dates";
import { AppError, AppErrorCode } from "#app/utils/errors";
import { userHasPermission } from "#app/platform/auth/actor";
import { listUnitsOf } from "#app/platform/organizations.server";
import { nowOf, type ServiceContext } from "#app/platform/context.server";
import { CommonMessages } from "#app/messages/common";
import { StatisticsLabels, StatisticsMessages } from "#app/messages/statistics";

export type ScopeRequest = { unitId?: number | null; userId?: number | null };

export type ResolvedScope = {
  kind: "organization" | "unit" | "person";
  organizationId: number;
  label: string;
  /** unit scope: the unit and the internal units below it. */
  unitIds: number[] | null;
  userId: number | null;
  unitId: number | null;
};

export type ResolvedPeriod = {
  from: string;
  to: string;
  asOf: string;
  /** [fromMs, toEndMs): the period's instants; cutOffMs: the last instant of the cut-off day. */
  fromMs: number;
  toEndMs: number;
  cutOffMs: number;
  /** The cut-off is today or later: no journal event can be later than it. */
  isCurrent: boolean;
};

export function canViewStatistics(ctx: ServiceContext): boolean {
  return userHasPermission(ctx.actor, "view:statistics") || userHasPermission(ctx.actor, "view:statistics:unit");
}

function assertCanView(ctx: ServiceContext) {
  if (ctx.actor.id === 0) return;
  if (!canViewStatistics(ctx)) throw new AppError(AppErrorCode.FORBIDDEN, CommonMessages.FORBIDDEN);
}

const endOfDayMs = (iso: string) => vietnamInstant(addDays(iso, 1)).getTime() - 1;

export function resolvePeriod(ctx: ServiceContext, options: { from: string; to: string; asOf?: string | null }): ResolvedPeriod {
  const { from, to } = options;
  if (!isValidIsoDate(from) || !isValidIsoDate(to) || from > to)
    throw new AppError(AppErrorCode.VALIDATION, StatisticsMessages.PERIOD_INVALID, { from: StatisticsMessages.PERIOD_INVALID });
  if (Number(to.slice(0, 4)) - Number(from.slice(0, 4)) > 5)
    throw new AppError(AppErrorCode.VALIDATION, StatisticsMessages.PERIOD_TOO_LONG, { from: StatisticsMessages.PERIOD_TOO_LONG });
  const now = nowOf(ctx);
  const today = toVietnamDate(now);
  // biome-ignore lint/complexity/useMathMinMax: ISO date strings, not numbers (Math.min would give NaN)
  const asOf = options.asOf || (to < today ? to : today);
  if (!isValidIsoDate(asOf)) throw new AppError(AppErrorCode.VALIDATION, StatisticsMessages.AS_OF_INVALID, { asOf: StatisticsMessages.AS_OF_INVALID });
  const cutOffMs = endOfDayMs(asOf);
  return { from, to, asOf, fromMs: vietnamInstant(from).getTime(), toEndMs: endOfDayMs(to) + 1, cutOffMs, isCurrent: cutOffMs >= now.getTime() };
}

/** The units of the actor's organisation (itself first), for selects and the per-unit breakdown. */
export function organizationUnits(ctx: ServiceContext): Array<{ id: number; name: string; depth: number; parentId: number | null }> {
  return listUnitsOf(ctx.db, ctx.actor.organizationId).map((u) => ({ id: u.id, name: u.name, depth: u.depth, parentId: u.parentId }));
}

function subtreeOf(units: Array<{ id: number; parentId: number | null }>, rootId: number): number[] {
  const out = new Set<number>([rootId]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const u of units) if (u.parentId != null && out.has(u.parentId) && !out.has(u.id)) out.add(u.id), (grew = true);
  }
  return [...out];
}

/**
 * The scope asked for, checked: a unit or person outside the actor's reach is NOT_FOUND-like refused as
 * FORBIDDEN for unit heads asking wider, VALIDATION for ids outside the organisation.
 */
export function resolveScope(ctx: ServiceContext, request: ScopeRequest): ResolvedScope {
  assertCanView(ctx);
  const organizationId = ctx.actor.organizationId;
  // The unit tree is read only when a unit is involved (the organisation's figures need none of it).
  let loaded: ReturnType<typeof organizationUnits> | null = null;
  const unitsOf = () => (loaded ??= organizationUnits(ctx));
  const unitOnly = ctx.actor.id !== 0 && !userHasPermission(ctx.actor, "view:statistics");
  let unitId = request.unitId ?? null;
  const userId = request.userId ?? null;
  if (unitOnly) {
    if (unitId != null && unitId !== ctx.actor.unitId) throw new AppError(AppErrorCode.FORBIDDEN, StatisticsMessages.UNIT_ONLY);
    unitId = ctx.actor.unitId;
  }
  if (userId != null) {
    const user = ctx.db
      .select({ id: users.id, fullName: users.fullName, unitId: users.unitId, organizationId: users.organizationId })
      .from(users)
      .where(eq(users.id, userId))
      .get();
    if (!user || user.organizationId !== organizationId)
      throw new AppError(AppErrorCode.VALIDATION, StatisticsMessages.USER_OUTSIDE, { userId: StatisticsMessages.USER_OUTSIDE });
    if (unitOnly && !subtreeOf(unitsOf(), ctx.actor.unitId).includes(user.unitId)) throw new AppError(AppErrorCode.FORBIDDEN, StatisticsMessages.UNIT_ONLY);
    return { kind: "person", organizationId, label: user.fullName, unitIds: null, userId: user.id, unitId: user.unitId };
  }
  if (unitId != null && unitId !== organizationId) {
    const units = unitsOf();
    const unit = units.find((u) => u.id === unitId);
    if (!unit) throw new AppError(AppErrorCode.VALIDATION, StatisticsMessages.UNIT_OUTSIDE, { unitId: StatisticsMessages.UNIT_OUTSIDE });
    return { kind: "unit", organizationId, label: unit.name, unitIds: subtreeOf(units, unit.id), userId: null, unitId: unit.id };
  }
  if (unitOnly) {
    // A unit head whose unit is the organisation itself sees only what is assigned to that level.
    return {
      kind: "unit",
      organizationId,
      label: unitsOf().find((u) => u.id === organizationId)?.name ?? "",
      unitIds: [organizationId],
      userId: null,
      unitId: organizationId,
    };
  }
  return { kind: "organization", organizationId, label: StatisticsLabels.SCOPE_ORGANIZATION, unitIds: null, userId: null, unitId: null };
}

/** Current unit of each user (for a main handler who is a person). */
export function unitsOfUsers(ctx: ServiceContext, userIds: number[]): Map<number, number> {
  const unique = [...new Set(userIds)];
  if (!unique.length) return new Map();
  const out = new Map<number, number>();
  for (let i = 0; i < unique.length; i += 500) {
    for (const r of ctx.db
      .select({ id: users.id, unitId: users.unitId })
      .from(users)
      .where(inArray(users.id, unique.slice(i, i + 500)))
      .all())
      out.set(r.id, r.unitId);
  }
  return out;
}

export function userNames(ctx: ServiceContext, userIds: number[]): Map<number, string> {
  const unique = [...new Set(userIds)];
  if (!unique.length) return new Map();
  return new Map(
    ctx.db
      .select({ id: users.id, name: users.fullName })
      .from(users)
      .where(and(inArray(users.id, unique), eq(users.organizationId, ctx.actor.organizationId)))
      .all()
      .map((r) => [r.id, r.name]),
  );
}

export function unitNames(ctx: ServiceContext, ids: number[]): Map<number, string> {
  const unique = [...new Set(ids)];
  if (!unique.length) return new Map();
  return new Map(
    ctx.db
      .select({ id: organizations.id, name: organizations.name })
      .from(organizations)
      .where(inArray(organizations.id, unique))
      .all()
      .map((o) => [o.id, o.name]),
  );
}
