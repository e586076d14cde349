import { and, asc, eq, inArray, sql } from "drizzle-orm";
import { preparedOnce } from "#db/client";
import { organizations, planAreas, plans, planTasks, taskCooperators, type Plan } from "#db/schema/index";
import { userHasPermission } from "#app/platform/auth/actor";
import type { DirectoryUnit } from "#app/domain/plans/plan-import";
import { AppError, AppErrorCode } from "#app/utils/errors";
import { CommonMessages } from "#app/messages/common";
import { PlanMessages } from "#app/messages/plans";
import type { ServiceContext } from "#app/platform/context.server";
import { listOrganizationTree } from "#app/platform/organizations.server";

// ---- Scope ----------------------------------------------------------------------------------------

/** The actor's unit and its ancestors up to (and including) their issuing organisation. */
export function actorUnitChain(ctx: ServiceContext): number[] {
  const { db, actor } = ctx;
  const chain: number[] = [];
  let id: number | null = actor.unitId;
  for (let guard = 0; id && guard < 10; guard++) {
    chain.push(id);
    if (id === actor.organizationId) break;
    const row: { parentId: number | null } | undefined = preparedOnce(db, "organizations.parentOf", (d) =>
      d
        .select({ parentId: organizations.parentId })
        .from(organizations)
        .where(eq(organizations.id, sql.placeholder("id")))
        .prepare(),
    ).get({ id });
    id = row?.parentId ?? null;
  }
  if (!chain.includes(actor.organizationId)) chain.push(actor.organizationId);
  return chain;
}

/**
 * Organisations whose plans the actor may see with view:plan:all / manage:plan: their own issuing
 * organisation and, for a department (sở, ban, ngành), the province it belongs to. A commune is its
 * own scope: it never sees the province's plans through these permissions.
 */
export function planScopeOrganizationIds(ctx: ServiceContext): number[] {
  const { db, actor } = ctx;
  const org = db.select().from(organizations).where(eq(organizations.id, actor.organizationId)).get();
  if (!org) return [];
  const ids = [org.id];
  if (org.kind === "department" && org.parentId) ids.push(org.parentId);
  return ids;
}

export type PlanAccess = { canView: boolean; canManage: boolean; isOverseer: boolean; leadUnitIds: number[] };

export function planAccess(ctx: ServiceContext, plan: Pick<Plan, "id" | "organizationId">): PlanAccess {
  const { db, actor } = ctx;
  const inScope = planScopeOrganizationIds(ctx).includes(plan.organizationId);
  const canManage = inScope && userHasPermission(actor, "manage:plan");
  const isOverseer = canManage || (inScope && userHasPermission(actor, "view:plan:all"));
  const chain = actorUnitChain(ctx);
  let leads = false;
  if (!isOverseer && userHasPermission(actor, "update:task:unit")) {
    leads =
      (db
        .select({ n: sql<number>`count(*)` })
        .from(planTasks)
        .where(and(eq(planTasks.planId, plan.id), inArray(planTasks.leadUnitId, chain)))
        .get()?.n ?? 0) > 0 ||
      (db
        .select({ n: sql<number>`count(*)` })
        .from(taskCooperators)
        .innerJoin(planTasks, eq(planTasks.id, taskCooperators.taskId))
        .where(and(eq(planTasks.planId, plan.id), inArray(taskCooperators.organizationId, chain)))
        .get()?.n ?? 0) > 0;
  }
  return { canView: isOverseer || leads, canManage, isOverseer, leadUnitIds: chain };
}

/** The plan if the actor may see it; NOT_FOUND otherwise (existence never confirmed). */
export function requirePlanAccess(ctx: ServiceContext, planId: number, need: "view" | "manage" = "view"): { plan: Plan; access: PlanAccess } {
  const plan = ctx.db.select().from(plans).where(eq(plans.id, planId)).get();
  if (!plan) throw new AppError(AppErrorCode.NOT_FOUND, CommonMessages.NOT_FOUND("kế hoạch"));
  const access = planAccess(ctx, plan);
  if (!access.canView) throw new AppError(AppErrorCode.NOT_FOUND, CommonMessages.NOT_FOUND("kế hoạch"));
  if (need === "manage" && !access.canManage) throw new AppError(AppErrorCode.FORBIDDEN, PlanMessages.MANAGER_ONLY);
  return { plan, access };
}

/** The owner organisation of a plan created by the actor: the province for a department, else their own. */
export function defaultPlanOwner(ctx: ServiceContext): number {
  const ids = planScopeOrganizationIds(ctx);
  return ids[ids.length - 1] ?? ctx.actor.organizationId;
}

// ---- Directory ------------------------------------------------------------------------------------

/** Organisations a plan's units are matched against: the owner's tree, without the communes' internal units. */
export function planDirectory(ctx: ServiceContext, ownerOrganizationId: number): DirectoryUnit[] {
  const tree = listOrganizationTree(ctx.db, ownerOrganizationId);
  const out: DirectoryUnit[] = [];
  let skipDepth: number | null = null;
  for (const node of tree) {
    if (skipDepth !== null && node.depth > skipDepth) continue;
    skipDepth = null;
    if (!node.isActive) continue;
    out.push({ id: node.id, name: node.name, depth: node.depth });
    if (node.kind === "commune" && node.id !== ownerOrganizationId) skipDepth = node.depth;
  }
  return out;
}

export function listPlanAreas(ctx: ServiceContext, planId: number) {
  return ctx.db.select().from(planAreas).where(eq(planAreas.planId, planId)).orderBy(asc(planAreas.sortOrder)).all();
}

export function organizationNames(ctx: ServiceContext, ids: number[]): Map<number, string> {
  const unique = [...new Set(ids.filter((x): x is number => typeof x === "number"))];
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
