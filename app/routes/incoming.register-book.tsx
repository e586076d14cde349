import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { requirePermission, serviceContextFor } from "#app/platform/auth/auth.server";
import { formatDateVi } from "#app/domain/shared/dates";
import { getIncomingRegisterBook, getIncomingRegisterBookChoices, type RegisterBookView } from "#app/features/incoming/index";
import { rethrowAsResponse } from "#app/utils/http.server";
import { queryDates } from "#app/utils/form-fields";
import { DateFilterField, FilterError } from "#app/components/ui/form";

export const meta: MetaFunction = () => [{ title: "Sổ đăng ký văn bản đến · Văn phòng điện tử" }];

const RegisterBookQuerySchema = z.object({
  book: z.coerce.number().int().positive().optional().catch(undefined),
  // from/to are read by queryDates: typed dd/mm/yyyy (or ISO from a bookmark), and one that is not a date is refused.
});

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requirePermission(request, "view:register");
  const url = new URL(request.url);
  const query = RegisterBookQuerySchema.parse(Object.fromEntries(url.searchParams));
  const dates = queryDates(url.searchParams, ["from", "to"]);
  const ctx = serviceContextFor(request, actor);
  // A date that is not one is refused with its reason and kept in its field: no rows (a book that ignores the
  // date would pass for the period asked for, on screen and in print).
  const [dateError] = Object.values(dates.fieldErrors);
  const failure = dateError ? { message: dateError, fieldErrors: dates.fieldErrors as Record<string, string> } : null;
  try {
    if (failure) {
      const view: RegisterBookView = { ...getIncomingRegisterBookChoices(ctx, { bookId: query.book }), from: null, to: null, rows: [] };
      return json({ view, typed: dates.typed, failure, search: url.search }, { status: 400 });
    }
    return json({
      view: getIncomingRegisterBook(ctx, { bookId: query.book, from: dates.dates.from, to: dates.dates.to }),
      typed: dates.typed,
      failure,
      search: url.search,
    });
  } catch (error) {
    rethrowAsResponse(error);
  }
}

// Decree 30/2020 Phụ lục IV: the ten columns of the incoming register, printed A4 landscape.
export default function RegisterBook() {
  const { view, typed, failure, search } = useLoaderData<typeof loader>();
  const exportParams = new URLSearchParams(search);
  if (view.book) exportParams.set("book", String(view.book.id));
  return (
    <>
      <div className="page-header no-print">
        <h1>Sổ đăng ký văn bản đến</h1>
        <div className="actions">
          {/* A refused filter shows no rows: nothing to print or export. */}
          {failure ? null : (
            <>
              <button type="button" className="secondary" onClick={() => window.print()}>
                In sổ
              </button>
              <a className="button secondary" href={`/resources/incoming/register-book.xlsx?${exportParams}`}>
                Xuất Excel
              </a>
            </>
          )}
          <Link to="/incoming" className="button secondary">
            Văn bản đến
          </Link>
        </div>
      </div>
      <FilterError failure={failure} />
      <Form method="get" className="card filters no-print" aria-label="Chọn sổ và thời gian">
        <div className="field field-wide">
          <label htmlFor="book">Sổ</label>
          <select id="book" name="book" defaultValue={view.book ? String(view.book.id) : ""}>
            {view.books.map((b) => (
              <option key={b.id} value={b.id}>
                {b.name}
              </option>
            ))}
          </select>
        </div>
        <DateFilterField name="from" label="Từ ngày" value={view.from} typed={failure ? typed.from : undefined} invalid={!!failure?.fieldErrors.from} />
        <DateFilterField name="to" label="Đến ngày" value={view.to} typed={failure ? typed.to : undefined} invalid={!!failure?.fieldErrors.to} />
        <div className="actions">
          <button type="submit">Xem</button>
        </div>
      </Form>
      <div className="print-heading" style={{ textAlign: "center" }}>
        <div>{view.organizationName.toUpperCase()}</div>
        <h2 style={{ margin: "0.3rem 0" }}>{(view.book?.name ?? "Sổ đăng ký văn bản đến").toUpperCase()}</h2>
        {view.from || view.to ? (
          <p>
            Từ ngày {view.from ? formatDateVi(view.from) : "…"} đến ngày {view.to ? formatDateVi(view.to) : "…"}
          </p>
        ) : null}
      </div>
      <div className="table-wrap">
        <table className="register-table">
          <caption className="muted no-print">{view.rows.length} văn bản</caption>
          <thead>
            <tr>
              <th scope="col">Ngày đến</th>
              <th scope="col">Số đến</th>
              <th scope="col">Tác giả</th>
              <th scope="col">Số, ký hiệu</th>
              <th scope="col">Ngày tháng</th>
              <th scope="col">Tên loại và trích yếu nội dung</th>
              <th scope="col">Đơn vị hoặc người nhận</th>
              <th scope="col">Ngày chuyển</th>
              <th scope="col">Ký nhận</th>
              <th scope="col">Ghi chú</th>
            </tr>
            <tr>
              {Array.from({ length: 10 }, (_, i) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: the register's ten fixed column numbers (1)…(10)
                <th scope="col" key={i} style={{ textAlign: "center", fontWeight: 400 }}>
                  ({i + 1})
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {view.rows.map((r) => (
              <tr key={r.id} className={r.isUrgent ? "urgent" : undefined}>
                <td className="nowrap">{formatDateVi(r.receivedDate)}</td>
                <td>
                  <Link to={`/incoming/${r.id}`}>{r.arrivalNumber}</Link>
                </td>
                <td>{r.issuerName}</td>
                <td className="nowrap">{r.numberSymbol}</td>
                <td className="nowrap">{r.issuedDate ? formatDateVi(r.issuedDate) : ""}</td>
                <td>{r.typeAndSummary}</td>
                <td>{r.recipients}</td>
                <td className="nowrap">{r.transferDate ? formatDateVi(r.transferDate) : ""}</td>
                <td></td>
                <td>{r.note}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
