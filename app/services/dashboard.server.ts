import { sql, eq } from "drizzle-orm";
import { users } from "#db/schema/index";
import { userHasPermission } from "#app/auth/actor";
import type { ServiceContext } from "#app/services/context.server";
import { plansDashboardProvider } from "#app/services/plan-dashboard.server";

export type DashboardCounter = {
  key: string;
  label: string;
  count: number;
  href: string;
  tone?: "default" | "warning" | "danger" | "success";
};

export type DashboardSection = { title: string; counters: DashboardCounter[] };

/**
 * Each feature contributes the counters of what a role has to do (issue 2 §8). A provider returns
 * null when the actor has nothing to see in that area.
 */
export type DashboardProvider = (ctx: ServiceContext) => DashboardSection | null;

const adminDashboard: DashboardProvider = (ctx) => {
  if (!userHasPermission(ctx.actor, "manage:users")) return null;
  const active = ctx.db.select({ n: sql<number>`count(*)` }).from(users).where(eq(users.isActive, true)).get()?.n ?? 0;
  const inactive = ctx.db.select({ n: sql<number>`count(*)` }).from(users).where(eq(users.isActive, false)).get()?.n ?? 0;
  return {
    title: "Quản trị",
    counters: [
      { key: "admin-users-active", label: "Người dùng đang hoạt động", count: active, href: "/admin/users", tone: "success" },
      { key: "admin-users-inactive", label: "Tài khoản đã khóa", count: inactive, href: "/admin/users" },
    ],
  };
};

// Features append their providers here (one import and one entry each).
const PROVIDERS: DashboardProvider[] = [adminDashboard, plansDashboardProvider];

export function getDashboard(ctx: ServiceContext): DashboardSection[] {
  return PROVIDERS.map((p) => p(ctx)).filter((s): s is DashboardSection => !!s && s.counters.length > 0);
}
