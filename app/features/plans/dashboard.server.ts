// The plan dashboard (issue 6 §6), the home-page provider and reminders (§5 "Nhắc việc").
import { and, asc, eq, inArray, lt, sql } from "drizzle-orm";
import { planTasks, plans } from "#db/schema/index";
import { userHasPermission, type Actor } from "#app/platform/auth/actor";
import { isValidIsoDate, toVietnamDate } from "#app/domain/shared/dates";
import { TASK_STATUS_LABELS, unitTaskInList, type UnitTaskFilter } from "#app/domain/plans/progress";
import { reportingPeriods } from "#app/domain/plans/reporting-periods";
import { loadWorkingCalendar } from "#app/platform/calendar.server";
import { nowOf, type ServiceContext } from "#app/platform/context.server";
import { getEnv } from "#app/env.server";
import { cachedByVersion } from "#app/platform/cache-versions.server";
import type { DashboardProvider } from "#app/features/home/dashboard.server";
import { listDueSoonTasks, listOverdueTasks, OPEN_TASK_STATUSES, planFigures } from "#app/features/plans/progress.server";
import { actorUnitChain, listPlanAreas, organizationNames, planScopeOrganizationIds, requirePlanAccess } from "#app/features/plans/access.server";
import { taskIdsActorCanOpen } from "#app/features/plans/task-access.server";
import { listAwaitingConfirmation, listUnitTasks, type UnitTaskRow } from "#app/features/plans/task-queries.server";

export function reminderWorkingDays(): number {
  return getEnv().REMINDER_WORKING_DAYS;
}

/**
 * A plan's page heading without any figure: its title, links and report cut-offs (the page whose typed cut-off was
 * refused shows these and the reason, not another date's figures).
 */
export function getPlanHeading(ctx: ServiceContext, planId: number) {
  const { plan, access } = requirePlanAccess(ctx, planId);
  return {
    plan,
    canManage: access.canManage,
    // Same rule as the reports route's loader: view:reports or manage:plan.
    canViewReports: userHasPermission(ctx.actor, "view:reports") || userHasPermission(ctx.actor, "manage:plan"),
    periods: reportingPeriods(plan.year),
  };
}

export function getPlanDashboard(ctx: ServiceContext, planId: number, options: { asOf?: string | null } = {}) {
  const { plan, access } = requirePlanAccess(ctx, planId);
  const today = toVietnamDate(nowOf(ctx));
  const cutOff = options.asOf && isValidIsoDate(options.asOf) ? options.asOf : today;
  const dueSoonWorkingDays = reminderWorkingDays();
  // What every viewer of this plan sees alike is computed once per change of the plan's tables (the "plans"
  // counter, db/sql/021-plans-cache-version.sql) and day: ~2 ms of queries and grouping per view otherwise
  // (issue 18). Only which tasks are links depends on the viewer, and is worked out per request below.
  const shared = cachedByVersion(ctx.db, "plans", `dashboard:${plan.id}:${cutOff}:${today}:${dueSoonWorkingDays}`, () =>
    planDashboardData(ctx, plan.id, cutOff, today, dueSoonWorkingDays),
  );
  const openable = taskIdsActorCanOpen(ctx, plan, shared.tasks);
  const withLinks = <T extends { id: number }>(t: T) => ({ ...t, canOpen: openable.has(t.id) });
  return {
    plan,
    canManage: access.canManage,
    // Same rule as the reports route's loader: view:reports or manage:plan.
    canViewReports: userHasPermission(ctx.actor, "view:reports") || userHasPermission(ctx.actor, "manage:plan"),
    today,
    cutOff,
    dueSoonWorkingDays,
    figures: shared.figures,
    overdue: shared.overdue.map(withLinks),
    dueSoon: shared.dueSoon.map(withLinks),
    areas: shared.areas.map((a) => ({ ...a, tasks: a.tasks.map(withLinks) })),
    needsDate: shared.needsDate,
    unresolvedLeads: shared.unresolvedLeads,
    periods: reportingPeriods(plan.year),
    statusLabels: TASK_STATUS_LABELS,
  };
}

/** The viewer-independent part of the dashboard (cached: callers must not change what they get). */
function planDashboardData(ctx: ServiceContext, planId: number, cutOff: string, today: string, dueSoonWorkingDays: number) {
  const calendar = loadWorkingCalendar(ctx.db);
  const figures = planFigures(ctx, planId, cutOff, { today, calendar, dueSoonWorkingDays });
  const areas = listPlanAreas(ctx, planId);
  const tasks = ctx.db
    .select({
      id: planTasks.id,
      areaId: planTasks.areaId,
      ordinal: planTasks.ordinal,
      title: planTasks.title,
      deadlineText: planTasks.deadlineText,
      dueDate: planTasks.dueDate,
      dueDateNeedsInput: planTasks.dueDateNeedsInput,
      leadUnitId: planTasks.leadUnitId,
      leadUnitText: planTasks.leadUnitText,
      status: planTasks.status,
      completedOn: planTasks.completedOn,
    })
    .from(planTasks)
    .where(eq(planTasks.planId, planId))
    .orderBy(asc(planTasks.sortOrder))
    .all();
  const names = organizationNames(
    ctx,
    tasks.map((t) => t.leadUnitId).filter((x): x is number => x !== null),
  );
  const withNames = <T extends { id: number; leadUnitId: number | null; leadUnitText: string }>(t: T) => ({
    ...t,
    leadUnitName: t.leadUnitId ? (names.get(t.leadUnitId) ?? t.leadUnitText) : t.leadUnitText,
    leadResolved: t.leadUnitId !== null,
  });
  const isCurrent = cutOff >= today;
  return {
    figures,
    tasks,
    // The lists are of the current state; for a past cut-off the figures are reconstructed from the journal.
    overdue: isCurrent ? listOverdueTasks(ctx, planId, cutOff).map(withNames) : [],
    dueSoon: isCurrent ? listDueSoonTasks(ctx, planId, cutOff, { calendar, dueSoonWorkingDays }).map(withNames) : [],
    areas: areas.map((a) => ({ ...a, tasks: tasks.filter((t) => t.areaId === a.id).map(withNames) })),
    needsDate: tasks.filter((t) => t.dueDateNeedsInput).length,
    unresolvedLeads: tasks.filter((t) => t.leadUnitId === null).length,
  };
}

/**
 * The unit's tasks page: the list asked for (filter, role) and its "Nhắc việc" (the tasks the unit leads that are
 * overdue or due within REMINDER_WORKING_DAYS working days), both from one read of the unit's tasks.
 */
export function getUnitTasksPage(ctx: ServiceContext, options: { filter: UnitTaskFilter; role: UnitTaskRow["role"] | null }) {
  const all = listUnitTasks(ctx, { filter: "all", dueSoonWorkingDays: reminderWorkingDays() });
  const { workingDays, overdue, dueSoon } = leadTasksByReminder(all);
  return { tasks: all.filter((t) => unitTaskInList(t, options)), reminders: { workingDays, overdue, dueSoon } };
}

/** The tasks the actor's unit leads, by what the home page and the tasks page remind of (`all`: listUnitTasks "all"). */
function leadTasksByReminder(all: UnitTaskRow[]) {
  const lead = all.filter((t) => t.role === "lead");
  return {
    workingDays: reminderWorkingDays(),
    overdue: lead.filter((t) => t.timeliness === "open_overdue"),
    dueSoon: lead.filter((t) => t.timeliness === "open_due_soon"),
    awaiting: lead.filter((t) => t.status === "awaiting_confirmation"),
  };
}

export const plansDashboardProvider: DashboardProvider = (ctx) => {
  const counters = [];
  if (userHasPermission(ctx.actor, "update:task:unit")) {
    const chain = actorUnitChain(ctx);
    const any = ctx.db.select({ n: sql<number>`count(*)` }).from(planTasks).where(inArray(planTasks.leadUnitId, chain)).get()?.n ?? 0;
    if (any > 0) {
      const r = leadTasksByReminder(listUnitTasks(ctx, { filter: "all", dueSoonWorkingDays: reminderWorkingDays(), role: "lead" }));
      const awaiting = r.awaiting.length;
      counters.push(
        { key: "tasks-overdue", label: "Nhiệm vụ quá hạn", count: r.overdue.length, href: "/tasks?filter=overdue&role=lead", tone: "danger" as const },
        {
          key: "tasks-due-soon",
          label: `Nhiệm vụ sắp đến hạn (${r.workingDays} ngày làm việc)`,
          count: r.dueSoon.length,
          href: "/tasks?filter=due_soon&role=lead",
          tone: "warning" as const,
        },
        { key: "tasks-awaiting", label: "Đã báo hoàn thành, chờ xác nhận", count: awaiting, href: "/tasks?filter=awaiting&role=lead" },
      );
    }
  }
  if (userHasPermission(ctx.actor, "manage:plan")) {
    counters.push({
      key: "plans-to-confirm",
      label: "Hoàn thành chờ xác nhận",
      count: listAwaitingConfirmation(ctx).length,
      href: "/plans?view=confirm",
      tone: "warning" as const,
    });
  }
  if (userHasPermission(ctx.actor, "view:plan:all")) {
    // Leaders oversee the plans their organisation owns: how many tasks are late right now.
    const today = toVietnamDate(nowOf(ctx));
    const owners = planScopeOrganizationIds(ctx);
    const overdue = owners.length
      ? (ctx.db
          .select({ n: sql<number>`count(*)` })
          .from(planTasks)
          .innerJoin(plans, eq(plans.id, planTasks.planId))
          .where(and(inArray(plans.organizationId, owners), inArray(planTasks.status, OPEN_TASK_STATUSES), lt(planTasks.dueDate, today)))
          .get()?.n ?? 0)
      : 0;
    counters.push({
      key: "plans-overdue",
      label: "Nhiệm vụ kế hoạch đang quá hạn",
      count: overdue,
      href: "/plans",
      tone: overdue > 0 ? ("danger" as const) : ("success" as const),
    });
  }
  if (!counters.length) return null;
  return { title: "Kế hoạch – nhiệm vụ", counters };
};

/**
 * Whether plan-task reminders also go by e-mail (issue 15: the notifications worker sends them through SMTP_URL,
 * each user choosing per event type in /notifications).
 */
export function emailReminderStatus(actor: Actor): { enabled: boolean; message: string } {
  const env = getEnv();
  const enabled = !!env.SMTP_URL && env.NOTIFICATIONS_ENABLED === "1";
  if (enabled) return { enabled, message: "Nhắc việc được gửi trong ứng dụng và qua thư điện tử, theo lựa chọn của bạn ở trang Thông báo." };
  // Configuration names are for the administrator; other users read what it means for them (issue 9).
  if (!isAdministrator(actor)) return { enabled, message: "Nhắc việc chỉ hiển thị trong ứng dụng, chưa gửi qua thư điện tử." };
  return { enabled, message: "Chưa cấu hình gửi thư (SMTP_URL): nhắc việc chỉ hiển thị trong ứng dụng." };
}

function isAdministrator(actor: Actor): boolean {
  return userHasPermission(actor, "manage:users") || userHasPermission(actor, "manage:organizations");
}
