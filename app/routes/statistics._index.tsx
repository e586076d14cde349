import { userHasPermission } from "#app/platform/auth/actor";
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { requirePermission, serviceContextFor } from "#app/platform/auth/auth.server";
import { formatDateVi, toVietnamDate } from "#app/domain/shared/dates";
import { getStatisticsView } from "#app/features/statistics/index";
import { rethrowAsResponse } from "#app/utils/http.server";
import { statisticsOptions } from "#app/utils/statistics-query";
import { DateFilterField, DateInput } from "#app/components/ui/form";
import { MonthlyTrendChart, OnTimeBars } from "#app/components/statistics/charts";
import { BreakdownTable, FigureCounters, IncomingList, OutgoingList, withParams } from "#app/components/statistics/tables";

export const meta: MetaFunction = () => [{ title: "Thống kê giải quyết văn bản · Văn phòng điện tử" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requirePermission(request, ["view:statistics", "view:statistics:unit"]);
  const url = new URL(request.url);
  try {
    const view = getStatisticsView(serviceContextFor(request, actor), statisticsOptions(url, toVietnamDate(new Date())));
    // The indicators are organisation-wide (view:statistics): a unit head's page does not link to them.
    return json({ view, search: url.search, canSeeIndicators: userHasPermission(actor, "view:statistics") });
  } catch (error) {
    rethrowAsResponse(error);
  }
}

export default function Statistics() {
  const { view, search, canSeeIndicators } = useLoaderData<typeof loader>();
  const { stats } = view;
  const p = stats.period;
  const base = `?${new URLSearchParams({ ...(stats.scope.unitId ? { unit: String(stats.scope.unitId) } : {}), ...(stats.scope.userId ? { user: String(stats.scope.userId) } : {}) })}`;
  const sameScope = (period: string) => `${base}${base.length > 1 ? "&" : ""}period=${period}`;
  return (
    <>
      <div className="page-header">
        <h1>Thống kê tình hình giải quyết văn bản</h1>
        <div className="actions no-print">
          <a className="button secondary" href={`/resources/statistics.xlsx${search || "?"}`}>
            Xuất Excel
          </a>
          <Link className="button secondary" to={`/statistics/tracking-register${withParams(search, { show: null })}`}>
            Sổ theo dõi giải quyết văn bản đến
          </Link>
          {canSeeIndicators ? (
            <Link className="button secondary" to={`/statistics/indicators${withParams(search, { show: null, unit: null, user: null })}`}>
              Chỉ số chính quyền điện tử
            </Link>
          ) : null}
        </div>
      </div>
      <p data-testid="statistics-period">
        <strong>{stats.scope.label}</strong> · từ ngày {formatDateVi(p.from)} đến ngày {formatDateVi(p.to)} · số liệu tính đến ngày{" "}
        <strong>{formatDateVi(p.asOf)}</strong>
        <span className="muted">
          {" "}
          ({stats.method === "journal" ? "tái lập theo nhật ký xử lý đến ngày chốt; sửa đổi sau ngày chốt không làm thay đổi số liệu" : "tình trạng hiện tại"})
        </span>
      </p>
      <nav className="actions no-print" aria-label="Kỳ thống kê">
        <Link to={sameScope("month")}>Tháng này</Link>
        <Link to={sameScope("quarter")}>Quý này</Link>
        <Link to={sameScope("year")}>Năm nay</Link>
      </nav>
      <Form key={search} method="get" className="card filters no-print" aria-label="Kỳ và phạm vi thống kê">
        <DateFilterField name="from" label="Từ ngày" value={p.from} />
        <DateFilterField name="to" label="Đến ngày" value={p.to} />
        <div className="field">
          <label htmlFor="asOf">Số liệu tính đến ngày</label>
          {/* Empty: the end of the period, or today while the period runs. */}
          <DateInput id="asOf" name="asOf" defaultValue={new URLSearchParams(search).get("asOf") ?? ""} aria-describedby="asOf-hint" />
          <small id="asOf-hint" className="muted">
            Để trống: hết kỳ hoặc hôm nay
          </small>
        </div>
        <div className="field">
          <label htmlFor="unit">Đơn vị</label>
          <select id="unit" name="unit" defaultValue={stats.scope.unitId ? String(stats.scope.unitId) : ""}>
            {view.options.canChooseUnit ? <option value="">Toàn cơ quan</option> : null}
            {view.options.units.map((u) => (
              <option key={u.id} value={u.id}>
                {u.label}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="user">Cá nhân</label>
          <select id="user" name="user" defaultValue={stats.scope.userId ? String(stats.scope.userId) : ""}>
            <option value="">Tất cả</option>
            {view.options.people.map((u) => (
              <option key={u.id} value={u.id}>
                {u.label}
              </option>
            ))}
          </select>
        </div>
        <input type="hidden" name="period" value="custom" />
        <div className="actions">
          <button type="submit">Xem thống kê</button>
        </div>
      </Form>

      <FigureCounters stats={stats} search={search} />

      <section className="grid chart-grid" aria-label="Biểu đồ">
        <div className="card">
          <h2>Văn bản đến theo tháng</h2>
          <MonthlyTrendChart rows={view.trend} title="Văn bản đến theo tháng tiếp nhận" />
        </div>
        <div className="card">
          <h2>Tỷ lệ đúng hạn {view.breakdown.kind === "unit" ? "theo đơn vị" : "theo người xử lý"}</h2>
          <p>
            Toàn phạm vi: <strong data-testid="on-time-rate">{view.onTime.text}</strong>{" "}
            <span className="muted">
              ({view.onTime.numerator}/{view.onTime.denominator}: hoàn thành đúng hạn trên số văn bản có hạn đã hoàn thành hoặc đã quá hạn)
            </span>
          </p>
          <OnTimeBars rows={view.breakdown.rows} title="Tỷ lệ đúng hạn" />
        </div>
      </section>

      <BreakdownTable view={view} search={search} />

      <h2>Mười văn bản đến quá hạn nhiều nhất</h2>
      <IncomingList rows={view.topOverdue} caption="Văn bản đang xử lý quá hạn, quá hạn lâu nhất trước" testId="top-overdue" />

      {view.drill ? (
        <section id="danh-sach" aria-label="Danh sách văn bản" data-testid="drill">
          <h2>
            Danh sách: {view.drill.label} ({view.drill.incoming?.length ?? view.drill.outgoing?.length ?? 0} văn bản)
          </h2>
          <p className="no-print">
            <Link to={withParams(search, { show: null })}>Đóng danh sách</Link>
          </p>
          {view.drill.incoming ? <IncomingList rows={view.drill.incoming} caption={view.drill.label} testId="drill-incoming" /> : null}
          {view.drill.outgoing ? <OutgoingList rows={view.drill.outgoing} caption={view.drill.label} /> : null}
        </section>
      ) : null}
    </>
  );
}
