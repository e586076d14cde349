import { Form, NavLink } from "@remix-run/react";
import type { ReactNode } from "react";
import { userHasPermission, type Actor } from "#app/platform/auth/actor";
import { NotificationBell } from "#app/components/ui/notification-bell";

type NavItem = { to: string; label: string; visible: (actor: Actor) => boolean };

// Navigation by role: each entry shows only when the user holds a permission the page requires
// (the page itself enforces the same permission on the server).
const NAV_ITEMS: NavItem[] = [
  { to: "/", label: "Trang chủ", visible: () => true },
  {
    to: "/incoming",
    label: "Văn bản đến",
    visible: (a) => ["register:incoming", "route:incoming", "handle:incoming", "view:incoming:all"].some((p) => userHasPermission(a, p)),
  },
  {
    to: "/outgoing",
    label: "Văn bản đi",
    visible: (a) =>
      ["draft:outgoing", "review:outgoing:dept", "review:outgoing:office", "sign:outgoing", "issue:outgoing"].some((p) => userHasPermission(a, p)),
  },
  { to: "/plans", label: "Kế hoạch – nhiệm vụ", visible: (a) => ["manage:plan", "update:task:unit", "view:plan:all"].some((p) => userHasPermission(a, p)) },
  { to: "/statistics", label: "Thống kê", visible: (a) => ["view:statistics", "view:statistics:unit"].some((p) => userHasPermission(a, p)) },
  { to: "/case-files", label: "Hồ sơ", visible: (a) => ["manage:casefile", "archive:casefile", "approve:casefile-list"].some((p) => userHasPermission(a, p)) },
  { to: "/reports", label: "Báo cáo", visible: (a) => userHasPermission(a, "view:reports") },
  {
    to: "/admin",
    label: "Quản trị",
    visible: (a) => ["manage:users", "manage:organizations", "manage:calendar", "manage:trust"].some((p) => userHasPermission(a, p)),
  },
];

export function AppShell({ actor, unread = 0, children }: { actor: Actor | null; unread?: number; children: ReactNode }) {
  return (
    <>
      <a className="skip-link" href="#main">
        Bỏ qua điều hướng
      </a>
      <header className="app-header">
        <div className="brand">
          <span className="brand-mark" aria-hidden="true">
            ★
          </span>
          <div>
            <div className="brand-name">Văn phòng điện tử</div>
            {actor ? <div className="brand-org">{actor.organizationName}</div> : null}
          </div>
        </div>
        {actor ? (
          <div className="user-box">
            <NotificationBell initialUnread={unread} />
            <div className="user-name">
              <a href="/account">{actor.fullName}</a>
            </div>
            <div className="user-unit">
              {actor.title ? `${actor.title} · ` : ""}
              {actor.unitName}
            </div>
            <Form method="post" action="/logout">
              <button type="submit" className="button-link">
                Đăng xuất
              </button>
            </Form>
          </div>
        ) : null}
      </header>
      {actor ? (
        <nav className="app-nav" aria-label="Điều hướng chính">
          <ul>
            {NAV_ITEMS.filter((item) => item.visible(actor)).map((item) => (
              <li key={item.to}>
                <NavLink to={item.to} end={item.to === "/"} prefetch="intent">
                  {item.label}
                </NavLink>
              </li>
            ))}
          </ul>
        </nav>
      ) : null}
      <main id="main" className="app-main" tabIndex={-1}>
        {children}
      </main>
      <footer className="app-footer">Văn phòng điện tử · Nghị định 30/2020/NĐ-CP về công tác văn thư</footer>
    </>
  );
}
