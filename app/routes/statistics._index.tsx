import { userHasPermission } from "#app/platform/auth/actor";
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { requirePermission, serviceContextFor } from "#app/platform/auth/auth.server";
import { formatDateVi, toVietnamDate } from "#app/domain/shared/dates";
import { getStatisticsFilterOptions, getStatisticsView, type StatisticsView } from "#app/features/statistics/index";
import { filterFailureOf } from "#app/utils/http.server";
import { statisticsOptions, statisticsScope, typedStatisticsDates } from "#app/utils/statistics-query";
import { DateFilterField, DateInput, FilterError } from "#app/components/ui/form";
import { MonthlyTrendChart, OnTimeBars } from "#app/components/statistics/charts";
import { BreakdownTable, FigureCounters, IncomingList, OutgoingList, withParams } from "#app/components/statistics/tables";

export const meta: MetaFunction = () => [{ title: "Thống kê giải quyết văn bản · Văn phòng điện tử" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requirePermission(request, ["view:statistics", "view:statistics:unit"]);
  const url = new URL(request.url);
  const ctx = serviceContextFor(request, actor);
  // The indicators are organisation-wide (view:statistics): a unit head's page does not link to them.
  const page = { search: url.search, canSeeIndicators: userHasPermission(actor, "view:statistics"), typed: typedStatisticsDates(url) };
  try {
    const view = getStatisticsView(ctx, statisticsOptions(url, toVietnamDate(new Date())));
    return json({ ...page, view, options: view.options, failure: null });
  } catch (error) {
    // A period the user got wrong: the reason beside the form they typed it in, and no figures.
    const failure = filterFailureOf(error);
    const scope = statisticsScope(url);
    const options = getStatisticsFilterOptions(ctx, failure.fieldErrors.unitId || failure.fieldErrors.userId ? {} : { unitId: scope.unitId });
    return json({ ...page, view: null, options, failure, scope }, { status: 400 });
  }
}

export default function Statistics() {
  const data = useLoaderData<typeof loader>();
  const { search, canSeeIndicators, typed, options, failure } = data;
  const scope = data.view ? data.view.stats.scope : data.scope;
  const p = data.view?.stats.period ?? null;
  const base = `?${new URLSearchParams({ ...(scope.unitId ? { unit: String(scope.unitId) } : {}), ...(scope.userId ? { user: String(scope.userId) } : {}) })}`;
  const sameScope = (period: string) => `${base}${base.length > 1 ? "&" : ""}period=${period}`;
  // A refused filter keeps what was typed; an accepted one shows the period it resolved to.
  const dateField = (name: "from" | "to") => ({ value: p?.[name], typed: failure ? typed[name] : undefined, invalid: !!failure?.fieldErrors[name] });
  return (
    <>
      <div className="page-header">
        <h1>Thống kê tình hình giải quyết văn bản</h1>
        <div className="actions no-print">
          {data.view ? (
            <a className="button secondary" href={`/resources/statistics.xlsx${search || "?"}`}>
              Xuất Excel
            </a>
          ) : null}
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
      {data.view && p ? (
        <p data-testid="statistics-period">
          <strong>{data.view.stats.scope.label}</strong> · từ ngày {formatDateVi(p.from)} đến ngày {formatDateVi(p.to)} · số liệu tính đến ngày{" "}
          <strong>{formatDateVi(p.asOf)}</strong>
          <span className="muted">
            {" "}
            (
            {data.view.stats.method === "journal"
              ? "tái lập theo nhật ký xử lý đến ngày chốt; sửa đổi sau ngày chốt không làm thay đổi số liệu"
              : "tình trạng hiện tại"}
            )
          </span>
        </p>
      ) : null}
      <nav className="actions no-print" aria-label="Kỳ thống kê">
        <Link to={sameScope("month")}>Tháng này</Link>
        <Link to={sameScope("quarter")}>Quý này</Link>
        <Link to={sameScope("year")}>Năm nay</Link>
      </nav>
      <FilterError failure={failure} />
      <Form key={search} method="get" className="card filters no-print" aria-label="Kỳ và phạm vi thống kê">
        <DateFilterField name="from" label="Từ ngày" {...dateField("from")} />
        <DateFilterField name="to" label="Đến ngày" {...dateField("to")} />
        <div className="field">
          <label htmlFor="asOf">Số liệu tính đến ngày</label>
          {/* Empty: the end of the period, or today while the period runs. */}
          <DateInput
            id="asOf"
            name="asOf"
            defaultValue={typed.asOf}
            aria-invalid={failure?.fieldErrors.asOf ? true : undefined}
            aria-describedby={failure?.fieldErrors.asOf ? "asOf-hint filter-error" : "asOf-hint"}
          />
          <small id="asOf-hint" className="muted">
            Để trống: hết kỳ hoặc hôm nay
          </small>
        </div>
        <div className="field">
          <label htmlFor="unit">Đơn vị</label>
          <select id="unit" name="unit" defaultValue={scope.unitId ? String(scope.unitId) : ""}>
            {options.canChooseUnit ? <option value="">Toàn cơ quan</option> : null}
            {options.units.map((u) => (
              <option key={u.id} value={u.id}>
                {u.label}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="user">Cá nhân</label>
          <select id="user" name="user" defaultValue={scope.userId ? String(scope.userId) : ""}>
            <option value="">Tất cả</option>
            {options.people.map((u) => (
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
      {data.view ? <StatisticsFigures view={data.view} search={search} /> : null}
    </>
  );
}

function StatisticsFigures({ view, search }: { view: StatisticsView; search: string }) {
  const { stats } = view;
  return (
    <>
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
