import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { requirePermission, serviceContextFor } from "#app/platform/auth/auth.server";
import { OUTGOING_PERMISSIONS } from "#app/domain/outgoing/access";
import { CONFIDENTIALITY_LABELS, OUTGOING_STATUS_LABELS } from "#app/domain/outgoing/workflow";
import { formatDateVi } from "#app/domain/shared/dates";
import { getOutgoingSearchOptions, isOutgoingSearch, searchOutgoingDocuments } from "#app/features/outgoing/index";
import { listSavedSearches, normalizeSavedQuery } from "#app/features/statistics/index";
import { rethrowAsResponse } from "#app/utils/http.server";
import { queryDates } from "#app/utils/form-fields";
import { DateFilterField, FilterError } from "#app/components/ui/form";
import { SavedSearches } from "#app/components/ui/saved-searches";
import { EmptyRow } from "#app/components/ui/table";

export const meta: MetaFunction = () => [{ title: "Tìm kiếm văn bản đi · Văn phòng điện tử" }];

const id = z.coerce.number().int().positive().optional().catch(undefined);
const SearchSchema = z.object({
  q: z.string().trim().max(200).optional().catch(undefined),
  status: z.enum(["draft", "dept_review", "office_review", "leader_review", "signed", "issued", "recalled"]).optional().catch(undefined),
  type: z.string().max(10).optional().catch(undefined),
  signer: id,
  unit: id,
  book: id,
  // from/to are read by queryDates: typed dd/mm/yyyy (or ISO from a bookmark), and one that is not a date is refused.
});

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requirePermission(request, [...OUTGOING_PERMISSIONS]);
  const url = new URL(request.url);
  const dates = queryDates(url.searchParams, ["from", "to"]);
  const q = { ...SearchSchema.parse(Object.fromEntries(url.searchParams)), from: dates.dates.from ?? undefined, to: dates.dates.to ?? undefined };
  const search = {
    q: q.q ?? null,
    status: q.status ?? null,
    docTypeCode: q.type ?? null,
    signerId: q.signer ?? null,
    unitId: q.unit ?? null,
    bookId: q.book ?? null,
    from: q.from ?? null,
    to: q.to ?? null,
  };
  // A date that is not one is refused with its reason and kept in its field: no results that ignore it.
  const [dateError] = Object.values(dates.fieldErrors);
  const failure = dateError ? { message: dateError, fieldErrors: dates.fieldErrors as Record<string, string> } : null;
  try {
    const ctx = serviceContextFor(request, actor);
    return json(
      {
        query: q,
        typed: dates.typed,
        failure,
        result: !failure && isOutgoingSearch(search) ? searchOutgoingDocuments(ctx, { ...search, limit: 200 }) : null,
        options: getOutgoingSearchOptions(ctx),
        saved: listSavedSearches(ctx, "outgoing"),
        currentQuery: failure ? "" : normalizeSavedQuery("outgoing", url.search),
      },
      { status: failure ? 400 : 200 },
    );
  } catch (error) {
    rethrowAsResponse(error);
  }
}

export default function OutgoingSearch() {
  const { query: q, typed, failure, result, options, saved, currentQuery } = useLoaderData<typeof loader>();
  const select = (name: string, label: string, value: string | number | undefined, items: Array<{ value: string | number; label: string }>) => (
    <div className="field">
      <label htmlFor={name}>{label}</label>
      <select id={name} name={name} defaultValue={value ?? ""}>
        <option value="">Tất cả</option>
        {items.map((i) => (
          <option key={i.value} value={i.value}>
            {i.label}
          </option>
        ))}
      </select>
    </div>
  );
  return (
    <>
      <p className="no-print">
        <Link to="/outgoing">← Văn bản đi</Link>
      </p>
      <h1>Tìm kiếm văn bản đi</h1>
      <FilterError failure={failure} />
      <Form method="get" className="card filters" aria-label="Tìm kiếm văn bản đi">
        <div className="field">
          <label htmlFor="q">Từ khóa (gõ có dấu hoặc không dấu)</label>
          <input id="q" name="q" type="search" defaultValue={q.q ?? ""} maxLength={200} />
        </div>
        {select("type", "Loại văn bản", q.type, options.types)}
        {select(
          "status",
          "Trạng thái",
          q.status,
          Object.entries(OUTGOING_STATUS_LABELS).map(([value, label]) => ({ value, label })),
        )}
        {select("signer", "Người ký", q.signer, options.signers)}
        {select("unit", "Đơn vị soạn thảo", q.unit, options.units)}
        {select("book", "Sổ văn bản đi", q.book, options.books)}
        <DateFilterField name="from" label="Ban hành từ ngày" value={q.from} typed={failure ? typed.from : undefined} invalid={!!failure?.fieldErrors.from} />
        <DateFilterField name="to" label="Đến ngày" value={q.to} typed={failure ? typed.to : undefined} invalid={!!failure?.fieldErrors.to} />
        <div className="actions">
          <button type="submit">Tìm</button>
        </div>
      </Form>
      <SavedSearches direction="outgoing" path="/outgoing/search" items={saved} currentQuery={currentQuery} />
      {result ? (
        <div className="table-wrap">
          <table data-testid="outgoing-search-results">
            <caption className="muted">
              {result.items.length}
              {result.truncated ? "+" : ""} văn bản
            </caption>
            <thead>
              <tr>
                <th scope="col">Số, ký hiệu</th>
                <th scope="col">Loại và trích yếu</th>
                <th scope="col">Người ký</th>
                <th scope="col">Trạng thái</th>
                <th scope="col">Ngày ban hành</th>
              </tr>
            </thead>
            <tbody>
              {result.items.map((d) => (
                <tr key={d.id}>
                  <td className="nowrap">{d.numberSymbol ?? <span className="muted">Chưa cấp số</span>}</td>
                  <td>
                    <Link to={`/outgoing/${d.id}`}>
                      {d.docTypeName}: {d.summary}
                    </Link>
                    {d.confidentiality !== "normal" ? (
                      <span className="badge secret"> {CONFIDENTIALITY_LABELS[d.confidentiality as keyof typeof CONFIDENTIALITY_LABELS]}</span>
                    ) : null}
                  </td>
                  <td>{d.signerName}</td>
                  <td>{d.statusLabel}</td>
                  <td className="nowrap">{d.issuedDate ? formatDateVi(d.issuedDate) : ""}</td>
                </tr>
              ))}
              {result.items.length === 0 ? <EmptyRow colSpan={5}>Không tìm thấy văn bản phù hợp.</EmptyRow> : null}
            </tbody>
          </table>
        </div>
      ) : failure ? null : (
        <p className="muted">Nhập từ khóa hoặc chọn điều kiện để tìm.</p>
      )}
    </>
  );
}
