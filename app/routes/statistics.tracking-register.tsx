import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { requirePermission, serviceContextFor } from "#app/platform/auth/auth.server";
import { formatDateVi, toVietnamDate } from "#app/domain/shared/dates";
import { getTrackingRegister, type TrackingRegister as TrackingRegisterData } from "#app/features/statistics/index";
import { TRACKING_REGISTER_COLUMNS } from "#app/messages/statistics";
import { filterFailureOf } from "#app/utils/http.server";
import { statisticsOptions, typedStatisticsDates } from "#app/utils/statistics-query";
import { DateFilterField, FilterError } from "#app/components/ui/form";

export const meta: MetaFunction = () => [{ title: "Sổ theo dõi giải quyết văn bản đến · Văn phòng điện tử" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requirePermission(request, ["view:statistics", "view:statistics:unit"]);
  const url = new URL(request.url);
  const typed = typedStatisticsDates(url);
  try {
    const register = getTrackingRegister(serviceContextFor(request, actor), statisticsOptions(url, toVietnamDate(new Date())));
    return json({ register, search: url.search, typed, failure: null });
  } catch (error) {
    // A period the user got wrong: the reason above the form they typed it in, and no register rows.
    return json({ register: null, search: url.search, typed, failure: filterFailureOf(error) }, { status: 400 });
  }
}

// Decree 30/2020 Phụ lục IV: the seven columns, printed A4 landscape (print rules hide the controls).
export default function TrackingRegister() {
  const { register: v, search, typed, failure } = useLoaderData<typeof loader>();
  const dateField = (name: "from" | "to" | "asOf") => ({ value: v?.[name], typed: failure ? typed[name] : undefined, invalid: !!failure?.fieldErrors[name] });
  return (
    <>
      <div className="page-header no-print">
        <h1>Sổ theo dõi giải quyết văn bản đến</h1>
        <div className="actions">
          {v ? (
            <>
              <button type="button" className="secondary" onClick={() => window.print()}>
                In sổ
              </button>
              <a className="button secondary" href={`/resources/statistics/tracking-register.xlsx${search || "?"}`}>
                Xuất Excel
              </a>
            </>
          ) : null}
          <Link to={`/statistics${search}`} className="button secondary">
            Thống kê
          </Link>
        </div>
      </div>
      <FilterError failure={failure} />
      <Form key={search} method="get" className="card filters no-print" aria-label="Chọn thời gian">
        <DateFilterField name="from" label="Từ ngày" {...dateField("from")} />
        <DateFilterField name="to" label="Đến ngày" {...dateField("to")} />
        <DateFilterField name="asOf" label="Tiến độ tính đến ngày" {...dateField("asOf")} />
        <input type="hidden" name="period" value="custom" />
        <div className="actions">
          <button type="submit">Xem</button>
        </div>
      </Form>
      {v ? <RegisterTable v={v} /> : null}
    </>
  );
}

function RegisterTable({ v }: { v: TrackingRegisterData }) {
  return (
    <>
      <div className="print-heading" style={{ textAlign: "center" }}>
        <div>{v.organizationName.toUpperCase()}</div>
        <h2 style={{ margin: "0.3rem 0" }}>SỔ THEO DÕI GIẢI QUYẾT VĂN BẢN ĐẾN</h2>
        <p>
          {v.scopeLabel} · từ ngày {formatDateVi(v.from)} đến ngày {formatDateVi(v.to)} · tiến độ tính đến ngày {formatDateVi(v.asOf)}
        </p>
      </div>
      <div className="table-wrap">
        <table className="register-table" data-testid="tracking-register">
          <caption className="muted no-print">{v.rows.length} văn bản</caption>
          <thead>
            <tr>
              {TRACKING_REGISTER_COLUMNS.map((c) => (
                <th scope="col" key={c}>
                  {c}
                </th>
              ))}
            </tr>
            <tr>
              {TRACKING_REGISTER_COLUMNS.map((c, i) => (
                <th scope="col" key={c} style={{ textAlign: "center", fontWeight: 400 }}>
                  ({i + 1})
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {v.rows.map((r) => (
              <tr key={r.id}>
                <td>
                  <Link to={`/incoming/${r.id}`}>{r.arrival || `#${r.id}`}</Link>
                </td>
                <td>{r.document}</td>
                <td>{r.recipient}</td>
                <td className="nowrap">{r.deadline ? formatDateVi(r.deadline) : ""}</td>
                <td>{r.progress}</td>
                <td className="nowrap">{r.reply}</td>
                <td>{r.note}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
