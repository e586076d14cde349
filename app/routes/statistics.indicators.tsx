import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { requirePermission, serviceContextFor } from "#app/platform/auth/auth.server";
import { formatDateVi, toVietnamDate } from "#app/domain/shared/dates";
import { formatIntegerVi } from "#app/domain/shared/numbers";
import { computeIndicators, type IndicatorReport } from "#app/features/statistics/index";
import { filterFailureOf } from "#app/utils/http.server";
import { statisticsOptions, typedStatisticsDates } from "#app/utils/statistics-query";
import { DateFilterField, FilterError } from "#app/components/ui/form";
import { ShareBar } from "#app/components/statistics/charts";

export const meta: MetaFunction = () => [{ title: "Chỉ số chính quyền điện tử · Văn phòng điện tử" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requirePermission(request, "view:statistics");
  const url = new URL(request.url);
  const today = toVietnamDate(new Date());
  const typed = typedStatisticsDates(url);
  try {
    // Indicators are organisation-wide: a period, no unit or person.
    const options = statisticsOptions(url, today);
    return json({
      report: computeIndicators(serviceContextFor(request, actor), { from: options.from, to: options.to }),
      organizationName: actor.organizationName,
      typed,
      failure: null,
    });
  } catch (error) {
    // A period the user got wrong: the reason above the form they typed it in, and no indicators.
    return json({ report: null, organizationName: actor.organizationName, typed, failure: filterFailureOf(error) }, { status: 400 });
  }
}

export default function Indicators() {
  const { report, organizationName, typed, failure } = useLoaderData<typeof loader>();
  const period = report?.period ?? null;
  const dateField = (name: "from" | "to") => ({ value: period?.[name], typed: failure ? typed[name] : undefined, invalid: !!failure?.fieldErrors[name] });
  return (
    <>
      <p className="no-print">
        <Link to={period ? `/statistics?period=custom&from=${formatDateVi(period.from)}&to=${formatDateVi(period.to)}` : "/statistics"}>
          ← Thống kê giải quyết văn bản
        </Link>
      </p>
      <h1>Chỉ số chính quyền điện tử</h1>
      {period ? (
        <p data-testid="indicators-period">
          <strong>{organizationName}</strong> · từ ngày {formatDateVi(period.from)} đến ngày {formatDateVi(period.to)}
        </p>
      ) : null}
      <nav className="actions no-print" aria-label="Kỳ">
        <Link to="?period=month">Tháng này</Link>
        <Link to="?period=quarter">Quý này</Link>
        <Link to="?period=year">Năm nay</Link>
      </nav>
      <FilterError failure={failure} />
      <Form key={period ? `${period.from}-${period.to}` : "refused"} method="get" className="card filters no-print" aria-label="Kỳ tính chỉ số">
        <DateFilterField name="from" label="Từ ngày" {...dateField("from")} />
        <DateFilterField name="to" label="Đến ngày" {...dateField("to")} />
        <input type="hidden" name="period" value="custom" />
        <div className="actions">
          <button type="submit">Xem</button>
        </div>
      </Form>
      {report ? <IndicatorTable report={report} /> : null}
    </>
  );
}

function IndicatorTable({ report }: { report: IndicatorReport }) {
  return (
    <>
      <div className="table-wrap">
        <table data-testid="indicators">
          <caption>Mỗi chỉ số là tỷ lệ tử số trên mẫu số, tính từ chính dữ liệu văn bản của hệ thống trong kỳ</caption>
          <thead>
            <tr>
              <th scope="col">Chỉ số</th>
              <th scope="col">Tử số</th>
              <th scope="col">Mẫu số</th>
              <th scope="col">Tỷ lệ</th>
              <th scope="col">Cách tính</th>
            </tr>
          </thead>
          <tbody>
            {report.indicators.map((i) => (
              <tr key={i.key} data-indicator={i.key}>
                <th scope="row">
                  {i.label}
                  <ShareBar numerator={i.numerator} denominator={i.denominator} label={`${i.label}: ${i.rateText} (${i.numerator}/${i.denominator})`} />
                </th>
                <td className="num">{formatIntegerVi(i.numerator)}</td>
                <td className="num">{formatIntegerVi(i.denominator)}</td>
                <td className="num">
                  <strong>{i.rateText}</strong>
                </td>
                <td>
                  <p className="muted" style={{ margin: 0 }}>
                    <strong>Tử số:</strong> {i.numeratorDefinition}.
                  </p>
                  <p className="muted" style={{ margin: 0 }}>
                    <strong>Mẫu số:</strong> {i.denominatorDefinition}.
                  </p>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p className="muted">
        Tỷ lệ “—”: mẫu số bằng 0 trong kỳ. Một chỉ tiêu của kế hoạch có thể gắn với chỉ số này để kết quả tự điền tại mỗi ngày chốt báo cáo.
      </p>
    </>
  );
}
