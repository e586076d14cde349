import { sql, eq } from "drizzle-orm";
import { users } from "#db/schema/index";
import { userHasPermission } from "#app/platform/auth/actor";
import type { ServiceContext } from "#app/platform/context.server";
import { countIncomingWork } from "#app/features/incoming/index";
import { plansDashboardProvider } from "#app/features/plans/index";
import { countOutgoingWork } from "#app/features/outgoing/index";

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

const incomingDashboard: DashboardProvider = (ctx) => {
  const canSee = ["register:incoming", "route:incoming", "direct:incoming", "handle:incoming"].some((p) => userHasPermission(ctx.actor, p));
  if (!canSee) return null;
  const c = countIncomingWork(ctx);
  const counters: DashboardCounter[] = [];
  if (c.awaitingRegistration !== undefined)
    counters.push({
      key: "incoming-awaiting-registration",
      label: "Văn bản đến chờ đăng ký",
      count: c.awaitingRegistration,
      href: "/incoming?box=registration",
      tone: c.awaitingRegistration ? "warning" : "default",
    });
  if (c.registeredToday !== undefined)
    counters.push({
      key: "incoming-registered-today",
      label: "Đã đăng ký hôm nay",
      count: c.registeredToday,
      href: "/incoming?box=all&registered=today",
      tone: "success",
    });
  if (c.returned !== undefined) counters.push({ key: "incoming-returned", label: "Văn bản bị trả lại", count: c.returned, href: "/incoming?box=returned" });
  if (c.awaitingRouting !== undefined)
    counters.push({
      key: "incoming-awaiting-routing",
      label: "Chờ phân phối",
      count: c.awaitingRouting,
      href: "/incoming/routing",
      tone: c.awaitingRouting ? "warning" : "default",
    });
  if (c.awaitingDirection !== undefined)
    counters.push({
      key: "incoming-awaiting-direction",
      label: "Chờ cho ý kiến",
      count: c.awaitingDirection,
      href: "/incoming?box=direction",
      tone: c.awaitingDirection ? "warning" : "default",
    });
  if (userHasPermission(ctx.actor, "handle:incoming")) {
    counters.push({ key: "incoming-to-handle", label: "Văn bản cần xử lý", count: c.toHandle, href: "/incoming?box=inbox" });
    counters.push({
      key: "incoming-due-soon",
      label: "Sắp đến hạn xử lý",
      count: c.dueSoon,
      href: "/incoming?box=inbox&due=soon",
      tone: c.dueSoon ? "warning" : "default",
    });
    counters.push({
      key: "incoming-overdue",
      label: "Quá hạn xử lý",
      count: c.overdue,
      href: "/incoming?box=inbox&overdue=1",
      tone: c.overdue ? "danger" : "default",
    });
  }
  return { title: "Văn bản đến", counters };
};

const outgoingDashboard: DashboardProvider = (ctx) => {
  const p = ctx.actor.permissions;
  if (!["draft:outgoing", "review:outgoing:dept", "review:outgoing:office", "sign:outgoing", "issue:outgoing", "view:outgoing:all"].some((x) => p.includes(x)))
    return null;
  const c = countOutgoingWork(ctx);
  const counters: DashboardCounter[] = [];
  if (p.includes("draft:outgoing"))
    counters.push({
      key: "outgoing-returned",
      label: "Dự thảo bị trả lại",
      count: c.returnedToMe,
      href: "/outgoing?queue=mine&returned=1",
      tone: c.returnedToMe ? "warning" : "default",
    });
  if (p.includes("review:outgoing:dept") || p.includes("review:outgoing:office"))
    counters.push({
      key: "outgoing-awaiting-review",
      label: "Dự thảo chờ tôi duyệt",
      count: c.awaitingMyReview,
      href: "/outgoing?queue=review",
      tone: c.awaitingMyReview ? "warning" : "default",
    });
  if (p.includes("sign:outgoing"))
    counters.push({
      key: "outgoing-awaiting-signature",
      label: "Văn bản chờ tôi ký",
      count: c.awaitingMySignature,
      href: "/outgoing?queue=sign",
      tone: c.awaitingMySignature ? "warning" : "default",
    });
  if (p.includes("issue:outgoing"))
    counters.push({
      key: "outgoing-awaiting-number",
      label: "Văn bản chờ cấp số",
      count: c.awaitingNumber,
      href: "/outgoing?queue=issue",
      tone: c.awaitingNumber ? "warning" : "default",
    });
  counters.push({
    key: "outgoing-issued-week",
    label: "Phát hành trong 7 ngày",
    count: c.issuedThisWeek,
    href: "/outgoing?queue=issued&days=7",
    tone: "success",
  });
  return { title: "Văn bản đi", counters };
};

// Features append their providers here (one import and one entry each).
const PROVIDERS: DashboardProvider[] = [adminDashboard, incomingDashboard, outgoingDashboard, plansDashboardProvider];

export function getDashboard(ctx: ServiceContext): DashboardSection[] {
  return PROVIDERS.map((p) => p(ctx)).filter((s): s is DashboardSection => !!s && s.counters.length > 0);
}
