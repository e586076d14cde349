import { desc, eq, inArray, or, sql } from "drizzle-orm";
import { organizations, plans, planTasks, taskCooperators, type Plan } from "#db/schema/index";
import { userHasPermission } from "#app/platform/auth/actor";
import type { ServiceContext } from "#app/platform/context.server";
import { actorUnitChain, planScopeOrganizationIds } from "#app/features/plans/access.server";

// ---- Queries -------------------------------------------------------------------------------------

export type PlanListItem = Plan & { organizationName: string; taskCount: number; myTaskCount: number };

/** Plans the actor can see: in scope (overseers) or with a task led by / shared with their unit. */
export function listPlans(ctx: ServiceContext): PlanListItem[] {
  const { db, actor } = ctx;
  const scope = planScopeOrganizationIds(ctx);
  const overseer = userHasPermission(actor, "view:plan:all") || userHasPermission(actor, "manage:plan");
  const chain = actorUnitChain(ctx);
  const mine = db
    .select({ planId: planTasks.planId, n: sql<number>`count(*)` })
    .from(planTasks)
    .where(inArray(planTasks.leadUnitId, chain))
    .groupBy(planTasks.planId)
    .all();
  const myCount = new Map(mine.map((m) => [m.planId, m.n]));
  const coop = db
    .selectDistinct({ planId: planTasks.planId })
    .from(taskCooperators)
    .innerJoin(planTasks, eq(planTasks.id, taskCooperators.taskId))
    .where(inArray(taskCooperators.organizationId, chain))
    .all()
    .map((r) => r.planId);
  const visibleIds = new Set<number>([...(userHasPermission(actor, "update:task:unit") ? [...myCount.keys(), ...coop] : [])]);
  const conditions = [];
  if (overseer && scope.length) conditions.push(inArray(plans.organizationId, scope));
  if (visibleIds.size) conditions.push(inArray(plans.id, [...visibleIds]));
  if (!conditions.length) return [];
  const rows = db
    .select({ plan: plans, organizationName: organizations.name, taskCount: sql<number>`(select count(*) from plan_tasks t where t.plan_id = ${plans.id})` })
    .from(plans)
    .innerJoin(organizations, eq(organizations.id, plans.organizationId))
    .where(or(...conditions))
    .orderBy(desc(plans.year), desc(plans.id))
    .all();
  return rows.map((r) => ({ ...r.plan, organizationName: r.organizationName, taskCount: r.taskCount, myTaskCount: myCount.get(r.plan.id) ?? 0 }));
}
