import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requirePermission, serviceContextFor } from "#app/platform/auth/auth.server";
import { userHasPermission } from "#app/platform/auth/actor";
import { formatDateVi } from "#app/domain/shared/dates";
import { listPlans, listAwaitingConfirmation } from "#app/features/plans/index";

export const meta: MetaFunction = () => [{ title: "Kế hoạch – nhiệm vụ · Văn phòng điện tử" }];

export const PLAN_PERMISSIONS = ["manage:plan", "update:task:unit", "view:plan:all"] as const;

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requirePermission(request, [...PLAN_PERMISSIONS]);
  const ctx = serviceContextFor(request, actor);
  return json({
    plans: listPlans(ctx),
    awaiting: listAwaitingConfirmation(ctx),
    canManage: userHasPermission(actor, "manage:plan"),
    canUpdate: userHasPermission(actor, "update:task:unit"),
  });
}

export default function PlansIndex() {
  const { plans, awaiting, canManage, canUpdate } = useLoaderData<typeof loader>();
  return (
    <>
      <div className="page-header">
        <h1>Kế hoạch – nhiệm vụ</h1>
        <div className="actions">
          {canUpdate ? <Link to="/tasks">Nhiệm vụ của đơn vị</Link> : null}
          {canManage ? (
            <Link to="/plans/import" className="button">
              Nhập kế hoạch từ tệp
            </Link>
          ) : null}
        </div>
      </div>
      <div className="table-wrap">
        <table>
          <caption className="muted">{plans.length} kế hoạch</caption>
          <thead>
            <tr>
              <th scope="col">Kế hoạch</th>
              <th scope="col">Văn bản ban hành</th>
              <th scope="col">Năm</th>
              <th scope="col">Cơ quan</th>
              <th scope="col">Số nhiệm vụ</th>
            </tr>
          </thead>
          <tbody>
            {plans.map((p) => (
              <tr key={p.id}>
                <td>
                  <Link to={`/plans/${p.id}`}>{p.title}</Link>
                </td>
                <td className="nowrap">
                  {p.documentNumber ?? "—"}
                  {p.documentDate ? ` ngày ${formatDateVi(p.documentDate)}` : ""}
                </td>
                <td>{p.year}</td>
                <td>{p.organizationName}</td>
                <td>
                  {p.taskCount}
                  {p.myTaskCount ? ` (đơn vị chủ trì: ${p.myTaskCount})` : ""}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {plans.length === 0 ? <p className="notice">Chưa có kế hoạch nào.</p> : null}
      {canManage ? (
        <section className="card" aria-labelledby="confirm-title" style={{ marginTop: "1rem" }} id="confirm">
          <h2 id="confirm-title">Hoàn thành chờ xác nhận ({awaiting.length})</h2>
          {awaiting.length === 0 ? (
            <p className="muted">Không có nhiệm vụ nào chờ xác nhận.</p>
          ) : (
            <ul>
              {awaiting.map((t) => (
                <li key={t.id}>
                  <Link to={`/tasks/${t.id}`}>{t.title}</Link> — {t.leadUnitText}
                  {t.completedOn ? `, hoàn thành ngày ${formatDateVi(t.completedOn)}` : ""} <span className="muted">({t.planTitle})</span>
                </li>
              ))}
            </ul>
          )}
        </section>
      ) : null}
    </>
  );
}
