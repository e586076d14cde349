import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { requirePermission, serviceContextFor } from "#app/platform/auth/auth.server";
import { getOutgoingRegisterView } from "#app/features/outgoing/index";
import { REGISTER_COLUMNS } from "#app/domain/outgoing/workflow";
import { rethrowAsResponse } from "#app/utils/http.server";
import { parseId } from "#app/utils/ids";

export const meta: MetaFunction = () => [{ title: "Sổ đăng ký văn bản đi · Văn phòng điện tử" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requirePermission(request, ["view:register", "issue:outgoing"]);
  const url = new URL(request.url);
  const thisYear = new Date().getFullYear();
  const year = Number(url.searchParams.get("year")) || thisYear;
  const bookId = parseId(url.searchParams.get("book"));
  try {
    const view = getOutgoingRegisterView(serviceContextFor(request, actor), { year, bookId });
    return json({ year, thisYear, organizationName: actor.organizationName, ...view });
  } catch (error) {
    rethrowAsResponse(error);
  }
}

export default function OutgoingRegister() {
  const { year, thisYear, organizationName, rows, books, book } = useLoaderData<typeof loader>();
  const xlsxUrl = `/resources/outgoing/register.xlsx?year=${year}${book ? `&book=${book.id}` : ""}`;
  return (
    <>
      <style>{"@media print { @page { size: A4 landscape; margin: 12mm; } .register-table { font-size: 10pt; } }"}</style>
      <div className="page-header no-print">
        <h1>Sổ đăng ký văn bản đi</h1>
        <div className="actions">
          <Form method="get" className="actions">
            <label htmlFor="year">Năm</label>
            <select id="year" name="year" defaultValue={year}>
              {[thisYear, thisYear - 1, thisYear - 2].map((y) => (
                <option key={y} value={y}>
                  {y}
                </option>
              ))}
            </select>
            <label htmlFor="book">Sổ</label>
            <select id="book" name="book" defaultValue={book?.id ?? ""}>
              {books.map((b) => (
                <option key={b.id} value={b.id}>
                  {b.name}
                </option>
              ))}
            </select>
            <button type="submit" className="secondary">
              Xem
            </button>
          </Form>
          <button type="button" className="secondary" onClick={() => window.print()}>
            In sổ
          </button>
          <a className="button secondary" href={xlsxUrl} download>
            Xuất Excel
          </a>
        </div>
      </div>
      <p className="no-print">
        <Link to="/outgoing">← Văn bản đi</Link>
      </p>
      <h2 style={{ textAlign: "center" }}>
        SỔ ĐĂNG KÝ VĂN BẢN ĐI{book?.security === "secret" ? " MẬT" : ""} NĂM {year}
        <br />
        <span className="muted">{organizationName}</span>
      </h2>
      <div className="table-wrap">
        <table className="register-table">
          <caption className="muted">
            {book ? `${book.name}: ` : ""}
            {rows.length} văn bản
          </caption>
          <thead>
            <tr>
              {REGISTER_COLUMNS.map((c) => (
                <th key={c} scope="col">
                  {c}
                </th>
              ))}
            </tr>
            <tr>
              {REGISTER_COLUMNS.map((c, i) => (
                <th key={c} scope="col" className="muted">
                  ({i + 1})
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={`${r.bookName}-${r.number}`}>
                <td className="nowrap">
                  <Link to={`/outgoing/${r.documentId}`}>{r.numberSymbol}</Link>
                </td>
                <td className="nowrap">{r.issuedDateVi}</td>
                <td>{r.typeAndSummary}</td>
                <td>{r.signerName}</td>
                <td>{r.recipients}</td>
                <td>{r.archiveHolder}</td>
                <td>{r.copies ?? ""}</td>
                <td className="nowrap">{r.transferDate}</td>
                <td>{r.receivedSignature}</td>
                <td>{r.note}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
