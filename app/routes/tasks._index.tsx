import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requirePermission, serviceContextFor } from "#app/platform/auth/auth.server";
import { formatDateVi } from "#app/domain/shared/dates";
import { TASK_STATUS_LABELS, TIMELINESS_LABELS } from "#app/domain/plans/progress";
import { emailReminderStatus, getUnitTasksPage } from "#app/features/plans/index";

export const meta: MetaFunction = () => [{ title: "Nhiệm vụ của đơn vị · Văn phòng điện tử" }];

const FILTERS = { open: "Đang mở", overdue: "Quá hạn", due_soon: "Sắp đến hạn", awaiting: "Chờ xác nhận", all: "Tất cả" } as const;
type Filter = keyof typeof FILTERS;

const ROLES = { lead: "Chủ trì", cooperating: "Phối hợp" } as const;
type Role = keyof typeof ROLES;

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requirePermission(request, ["update:task:unit", "manage:plan"]);
  const params = new URL(request.url).searchParams;
  const raw = params.get("filter") ?? "open";
  const filter: Filter = Object.hasOwn(FILTERS, raw) ? (raw as Filter) : "open"; // own keys only: `?filter=constructor` is not a filter
  // The home tiles count the tasks the unit leads (its reminders) and open this list with role=lead, so that a tile's
  // number is the length of the list it opens (issue 9).
  const rawRole = params.get("role");
  const role: Role | null = rawRole && Object.hasOwn(ROLES, rawRole) ? (rawRole as Role) : null;
  // "Sắp đến hạn" is the window the reminders use (REMINDER_WORKING_DAYS), the one this page's heading states.
  const { tasks, reminders } = getUnitTasksPage(serviceContextFor(request, actor), { filter, role });
  return json({ filter, role, tasks, reminders, email: emailReminderStatus(actor), unitName: actor.unitName });
}

const BADGE: Record<string, string> = { open_overdue: "overdue", open_due_soon: "due-soon", done_on_time: "ok", done_late: "due-soon" };

export default function UnitTasks() {
  const { filter, role, tasks, reminders, email, unitName } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>Nhiệm vụ của đơn vị</h1>
      <p className="muted">{unitName}</p>
      <section className="card" aria-labelledby="remind-title">
        <h2 id="remind-title">Nhắc việc</h2>
        <p>
          <span className="badge overdue">{reminders.overdue.length} quá hạn</span>{" "}
          <span className="badge due-soon">
            {reminders.dueSoon.length} sắp đến hạn trong {reminders.workingDays} ngày làm việc
          </span>
        </p>
        <ul>
          {[...reminders.overdue, ...reminders.dueSoon].slice(0, 10).map((t) => (
            <li key={t.id}>
              <Link to={`/tasks/${t.id}`}>{t.title}</Link>
              {t.dueDate ? ` — hạn ${formatDateVi(t.dueDate)}` : ""}
            </li>
          ))}
        </ul>
        <p className="muted">{email.message}</p>
      </section>
      <nav aria-label="Lọc nhiệm vụ" className="actions" style={{ margin: "0.8rem 0" }}>
        {(Object.keys(FILTERS) as Filter[]).map((k) => (
          <Link key={k} to={`?filter=${k}`} aria-current={k === filter ? "page" : undefined} className={k === filter ? "button" : "button secondary"}>
            {FILTERS[k]}
          </Link>
        ))}
      </nav>
      {role ? (
        <p className="notice">
          Chỉ các nhiệm vụ đơn vị {role === "lead" ? "chủ trì" : "phối hợp"}. <Link to={`?filter=${filter}`}>Xem cả nhiệm vụ chủ trì và phối hợp</Link>
        </p>
      ) : null}
      <div className="table-wrap">
        <table>
          <caption className="muted">{tasks.length} nhiệm vụ</caption>
          <thead>
            <tr>
              <th scope="col">Nhiệm vụ</th>
              <th scope="col">Kế hoạch</th>
              <th scope="col">Thời hạn</th>
              <th scope="col">Tình trạng</th>
              <th scope="col">Vai trò</th>
            </tr>
          </thead>
          <tbody>
            {tasks.map((t) => (
              <tr key={t.id}>
                <td>
                  <Link to={`/tasks/${t.id}`}>{t.title}</Link>
                </td>
                <td>{t.planTitle}</td>
                <td>
                  {t.deadlineText}
                  {t.dueDate ? <div className="muted nowrap">Hạn: {formatDateVi(t.dueDate)}</div> : null}
                  {t.dueDateNeedsInput ? (
                    <div>
                      <span className="badge due-soon">Cần nhập ngày hạn</span>
                    </div>
                  ) : null}
                </td>
                <td>
                  {TASK_STATUS_LABELS[t.status]}
                  <div>
                    <span className={`badge ${BADGE[t.timeliness] ?? ""}`}>{TIMELINESS_LABELS[t.timeliness]}</span>
                  </div>
                </td>
                <td>{ROLES[t.role]}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {tasks.length === 0 ? <p className="notice">Không có nhiệm vụ.</p> : null}
    </>
  );
}
