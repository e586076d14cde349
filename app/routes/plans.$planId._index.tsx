import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { requirePermission, serviceContextFor } from "#app/platform/auth/auth.server";
import { formatDateVi } from "#app/domain/shared/dates";
import { queryDates } from "#app/utils/form-fields";
import { getPlanDashboard, getPlanHeading } from "#app/features/plans/index";
import { rethrowAsResponse } from "#app/utils/http.server";
import { CompletionBars, CompletionGauge } from "#app/components/plans/charts";
import { DateInput, FilterError } from "#app/components/ui/form";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.heading.plan.title ?? "Kế hoạch"} · Văn phòng điện tử` }];

export function parseId(raw: string | undefined): number {
  const id = Number(raw);
  if (!Number.isInteger(id) || id <= 0) throw new Response("Không tìm thấy", { status: 404 });
  return id;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requirePermission(request, ["manage:plan", "update:task:unit", "view:plan:all"]);
  const ctx = serviceContextFor(request, actor);
  const planId = parseId(params.planId);
  const asOf = queryDates(new URL(request.url).searchParams, ["asOf"]);
  try {
    // A cut-off that is not a date is refused with its reason and kept in the field; no figures of another day.
    if (asOf.fieldErrors.asOf) {
      const failure = { message: asOf.fieldErrors.asOf, fieldErrors: { asOf: asOf.fieldErrors.asOf } };
      return json({ heading: getPlanHeading(ctx, planId), dashboard: null, failure, typedAsOf: asOf.typed.asOf }, { status: 400 });
    }
    const d = getPlanDashboard(ctx, planId, { asOf: asOf.dates.asOf });
    const heading = { plan: d.plan, canManage: d.canManage, canViewReports: d.canViewReports, periods: d.periods };
    return json({ heading, dashboard: d, failure: null, typedAsOf: asOf.typed.asOf });
  } catch (error) {
    rethrowAsResponse(error);
  }
}

const TONE: Record<string, string> = { done: "ok", awaiting_confirmation: "due-soon", paused: "due-soon", cancelled: "secret", not_applicable: "secret" };

export default function PlanDashboard() {
  const { heading: h, dashboard: d, failure, typedAsOf } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  return (
    <>
      <p>
        <Link to="/plans">← Kế hoạch – nhiệm vụ</Link>
      </p>
      <h1>{h.plan.title}</h1>
      <p className="muted">
        {h.plan.documentNumber ? `Kế hoạch số ${h.plan.documentNumber}${h.plan.documentDate ? ` ngày ${formatDateVi(h.plan.documentDate)}` : ""} · ` : ""}Năm{" "}
        {h.plan.year}
      </p>
      {params.get("imported") ? (
        <p className="success" role="status">
          Đã nhập {params.get("imported")} nhiệm vụ.
        </p>
      ) : null}
      <nav aria-label="Kế hoạch" className="actions no-print">
        <Link to={`/plans/${h.plan.id}/kpis`}>Chỉ tiêu</Link>
        {h.canViewReports ? <Link to={`/plans/${h.plan.id}/reports`}>Báo cáo định kỳ</Link> : null}
      </nav>
      <FilterError failure={failure} />
      <Form key={typedAsOf} method="get" className="actions no-print" style={{ margin: "0.8rem 0" }}>
        <label htmlFor="asOf">Số liệu tính đến ngày</label>
        <DateInput
          id="asOf"
          name="asOf"
          defaultValue={failure || !d ? typedAsOf : formatDateVi(d.cutOff)}
          aria-invalid={failure ? true : undefined}
          aria-describedby={failure ? "filter-error" : undefined}
          style={{ width: "9rem" }}
        />
        <button type="submit" className="secondary">
          Xem
        </button>
        {h.periods.map((p) => (
          <Link key={p.key} to={`?asOf=${formatDateVi(p.cutOff)}`}>
            {p.label} ({formatDateVi(p.cutOff)})
          </Link>
        ))}
      </Form>
      {d ? <PlanFigures d={d} /> : null}
    </>
  );
}

type DashboardData = NonNullable<ReturnType<typeof useLoaderData<typeof loader>>["dashboard"]>;

function PlanFigures({ d }: { d: DashboardData }) {
  const f = d.figures;
  return (
    <>
      <section className="grid summary-grid" aria-label="Tổng hợp">
        <div className="card" data-testid="plan-summary">
          <h2>Tỷ lệ hoàn thành</h2>
          <div className="gauge-card-body">
            <CompletionGauge figures={f} label={`Tỷ lệ hoàn thành đến ngày ${formatDateVi(d.cutOff)}`} />
            <div>
              <p>
                Đã thực hiện được <strong data-testid="plan-done">{f.done}</strong>/<strong data-testid="plan-countable">{f.countable}</strong> nhiệm vụ, tỷ lệ{" "}
                <strong data-testid="plan-rate">{f.rateText}</strong>.
              </p>
              {/* Each line's parts add up to its total: đúng hạn + trễ hạn + không hạn = hoàn thành; quá hạn + trong hạn = chưa hoàn thành. */}
              <p className="muted" data-testid="plan-breakdown-done">
                Hoàn thành: Đúng hạn <span data-part="on-time">{f.onTime}</span> · Trễ hạn <span data-part="late">{f.late}</span> · Hoàn thành (không hạn){" "}
                <span data-part="no-deadline">{f.doneNoDeadline}</span>; trong đó Chờ xác nhận {f.awaitingConfirmation}
              </p>
              <p className="muted" data-testid="plan-breakdown-open">
                Chưa hoàn thành: Quá hạn <span data-part="overdue">{f.overdue}</span> · Trong hạn hoặc không hạn <span data-part="open">{f.open}</span>; trong
                đó Sắp đến hạn {f.dueSoon}
              </p>
              <p className="muted">Không tính: {f.excluded}</p>
              <p className="muted">Tỷ lệ theo trọng số (tham khảo): {f.weightedRateText}</p>
              <p className="muted">
                {f.method === "journal" ? "Tình trạng tái lập theo nhật ký đến ngày chốt." : "Tình trạng hiện tại."} Nhiệm vụ “Chờ xác nhận” được tính là hoàn
                thành; không tính “Không phát sinh”, “Không thực hiện”.
              </p>
            </div>
          </div>
        </div>
        {d.needsDate || d.unresolvedLeads ? (
          <div className="card">
            <h2>Cần xử lý</h2>
            <p>{d.needsDate} nhiệm vụ cần nhập ngày hạn (thời hạn tính từ sự kiện hoặc chưa đọc được).</p>
            <p>{d.unresolvedLeads} nhiệm vụ có cơ quan chủ trì chưa khớp danh mục.</p>
          </div>
        ) : null}
      </section>
      <section aria-labelledby="by-area">
        <h2 id="by-area">Theo nhiệm vụ chung</h2>
        <CompletionBars rows={f.byArea} title="Tỷ lệ hoàn thành theo nhiệm vụ chung" />
      </section>
      <section aria-labelledby="by-unit">
        <h2 id="by-unit">Theo cơ quan chủ trì</h2>
        <CompletionBars rows={f.byUnit.filter((u) => u.countable > 0)} title="Tỷ lệ hoàn thành theo cơ quan chủ trì" />
      </section>
      <div className="grid" style={{ gridTemplateColumns: "repeat(auto-fit, minmax(320px, 1fr))" }}>
        <section className="card" aria-labelledby="overdue-title">
          <h2 id="overdue-title">Quá hạn ({d.overdue.length})</h2>
          <TaskList rows={d.overdue} empty="Không có nhiệm vụ quá hạn." />
        </section>
        <section className="card" aria-labelledby="soon-title">
          <h2 id="soon-title">
            Sắp đến hạn trong {d.dueSoonWorkingDays} ngày làm việc ({d.dueSoon.length})
          </h2>
          <TaskList rows={d.dueSoon} empty="Không có nhiệm vụ sắp đến hạn." />
        </section>
      </div>
      <section aria-labelledby="tasks-title">
        <h2 id="tasks-title">Nhiệm vụ</h2>
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">STT</th>
                <th scope="col">Nhiệm vụ cụ thể</th>
                <th scope="col">Thời hạn</th>
                <th scope="col">Cơ quan chủ trì</th>
                <th scope="col">Tình trạng</th>
              </tr>
            </thead>
            <tbody>
              {d.areas.map((a) => (
                <AreaBlock key={a.id} area={a} labels={d.statusLabels} />
              ))}
            </tbody>
          </table>
        </div>
      </section>
    </>
  );
}

type Row = { id: number; title: string; dueDate: string | null; leadUnitName: string; canOpen: boolean };

/** A task title, a link only when the actor may open the task. */
function TaskTitle({ task }: { task: { id: number; title: string; canOpen: boolean } }) {
  return task.canOpen ? <Link to={`/tasks/${task.id}`}>{task.title}</Link> : <span>{task.title}</span>;
}

function TaskList({ rows, empty }: { rows: Row[]; empty: string }) {
  if (!rows.length) return <p className="muted">{empty}</p>;
  return (
    <ul>
      {rows.map((t) => (
        <li key={t.id}>
          <TaskTitle task={t} /> — {t.leadUnitName.split("\n")[0]}
          {t.dueDate ? <span className="nowrap">, hạn {formatDateVi(t.dueDate)}</span> : null}
        </li>
      ))}
    </ul>
  );
}

type AreaData = DashboardData["areas"][number];

function AreaBlock({ area, labels }: { area: AreaData; labels: Record<string, string> }) {
  return (
    <>
      <tr>
        <th scope="rowgroup" colSpan={5} style={{ textAlign: "left" }}>
          {area.code}. {area.title}
        </th>
      </tr>
      {area.tasks.map((t) => (
        <tr key={t.id}>
          <td>{t.ordinal}</td>
          <td>
            <TaskTitle task={t} />
          </td>
          <td>
            {t.deadlineText}
            {t.dueDate ? (
              <div className="muted nowrap">Hạn: {formatDateVi(t.dueDate)}</div>
            ) : t.dueDateNeedsInput ? (
              <div>
                <span className="badge due-soon">Cần nhập ngày hạn</span>
              </div>
            ) : null}
          </td>
          <td style={{ whiteSpace: "pre-line" }}>
            {t.leadResolved ? (
              t.leadUnitName
            ) : (
              <>
                <span className="badge overdue">Chưa khớp</span> {t.leadUnitName}
              </>
            )}
          </td>
          <td>
            <span className={`badge ${TONE[t.status] ?? ""}`}>{labels[t.status]}</span>
            {t.completedOn ? <div className="muted nowrap">{formatDateVi(t.completedOn)}</div> : null}
          </td>
        </tr>
      ))}
    </>
  );
}
