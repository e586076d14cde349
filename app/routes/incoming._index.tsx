import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import { requirePermission, serviceContextFor } from "#app/platform/auth/auth.server";
import { userHasPermission } from "#app/platform/auth/actor";
import { IncomingTable } from "#app/components/incoming/table";
import { DOCUMENT_TYPES } from "#app/domain/shared/document-types";
import { INCOMING_BOXES, INCOMING_BOX_LABELS, URGENCY_LABELS, incomingBoxesFor, type IncomingBox } from "#app/domain/incoming/incoming";
import { INCOMING_STATE_LABELS, INCOMING_STATES } from "#app/domain/incoming/workflow";
import { listIncomingDocuments, listRoutingUnits } from "#app/features/incoming/index";
import { listSavedSearches, normalizeSavedQuery } from "#app/features/statistics/index";
import { SavedSearches } from "#app/components/ui/saved-searches";
import { rethrowAsResponse } from "#app/utils/http.server";
import { toVietnamDate } from "#app/domain/shared/dates";
import { queryDates } from "#app/utils/form-fields";
import { DateFilterField, FilterError } from "#app/components/ui/form";
import { Pager } from "#app/components/ui/pager";

export const meta: MetaFunction = () => [{ title: "Văn bản đến · Văn phòng điện tử" }];

const ListQuerySchema = z.object({
  box: z.enum(INCOMING_BOXES).catch("all"),
  q: z.string().trim().max(200).optional().catch(undefined),
  // from/to are read by queryDates: typed dd/mm/yyyy (or ISO from a bookmark), and one that is not a date is refused.
  type: z.string().max(10).optional().catch(undefined),
  status: z.enum(INCOMING_STATES).optional().catch(undefined),
  urgency: z.enum(["normal", "urgent", "very_urgent", "flash", "urgent_any"]).optional().catch(undefined),
  unit: z.coerce.number().int().positive().optional().catch(undefined),
  overdue: z.literal("1").optional().catch(undefined),
  due: z.literal("soon").optional().catch(undefined),
  registered: z.literal("today").optional().catch(undefined),
  cursor: z.string().max(200).optional().catch(undefined),
  before: z.string().max(200).optional().catch(undefined),
});

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requirePermission(request, ["register:incoming", "route:incoming", "direct:incoming", "handle:incoming", "view:incoming:all"]);
  const url = new URL(request.url);
  const params = Object.fromEntries(url.searchParams);
  const dates = queryDates(url.searchParams, ["from", "to"]);
  const query = { ...ListQuerySchema.parse(params), from: dates.dates.from ?? undefined, to: dates.dates.to ?? undefined };
  const boxes = incomingBoxesFor(actor.permissions);
  const box: IncomingBox = params.box ? query.box : boxes[0];
  const ctx = serviceContextFor(request, actor);
  // A date that is not one is refused with its reason and kept in its field; no list that ignores it.
  const [dateError] = Object.values(dates.fieldErrors);
  const failure = dateError ? { message: dateError, fieldErrors: dates.fieldErrors as Record<string, string> } : null;
  const shared = { actor, box, boxes, query, typed: dates.typed, failure, units: listRoutingUnits(ctx) };
  if (failure) {
    return json({ ...shared, page: null, saved: listSavedSearches(ctx, "incoming"), currentQuery: "" }, { status: 400 });
  }
  try {
    const page = listIncomingDocuments(ctx, {
      box,
      q: query.q,
      from: query.from,
      to: query.to,
      docTypeCode: query.type,
      status: query.status,
      urgency: query.urgency,
      unitId: query.unit,
      isOverdue: query.overdue === "1",
      isDueSoon: query.due === "soon",
      registeredOn: query.registered === "today" ? toVietnamDate(new Date()) : null,
      cursor: query.cursor,
      before: query.before,
    });
    return json({
      ...shared,
      page,
      saved: listSavedSearches(ctx, "incoming"),
      currentQuery: normalizeSavedQuery("incoming", url.search),
    });
  } catch (error) {
    rethrowAsResponse(error);
  }
}

export default function IncomingList() {
  const { actor, box, boxes, query, typed, failure, page, units, saved, currentQuery } = useLoaderData<typeof loader>();
  const [searchParams] = useSearchParams();
  const withParams = (changes: Record<string, string | null>) => {
    const next = new URLSearchParams(searchParams);
    for (const [k, v] of Object.entries(changes)) {
      if (v === null) next.delete(k);
      else next.set(k, v);
    }
    return `?${next}`;
  };
  return (
    <>
      <div className="page-header">
        <h1>{query.q ? `Tìm kiếm văn bản đến: “${query.q}”` : INCOMING_BOX_LABELS[box]}</h1>
        <div className="actions">
          {userHasPermission(actor, "register:incoming") ? (
            <Link to="/incoming/new" className="button">
              Đăng ký văn bản đến
            </Link>
          ) : null}
          {userHasPermission(actor, "route:incoming") ? (
            <Link to="/incoming/routing" className="button secondary">
              Phân phối văn bản
            </Link>
          ) : null}
          {userHasPermission(actor, "view:register") ? (
            <Link to="/incoming/register-book" className="button secondary">
              Sổ văn bản đến
            </Link>
          ) : null}
        </div>
      </div>
      <nav aria-label="Hộp văn bản">
        <ul className="tabs">
          {boxes.map((b) => (
            <li key={b}>
              <Link to={`?box=${b}`} aria-current={b === box ? "page" : undefined}>
                {INCOMING_BOX_LABELS[b]}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      {query.registered || query.due ? (
        <p className="notice">
          {query.registered ? "Chỉ văn bản đã đăng ký hôm nay. " : "Chỉ văn bản sắp đến hạn xử lý. "}
          <Link to={withParams({ registered: null, due: null, cursor: null, before: null })}>Bỏ lọc</Link>
        </p>
      ) : null}
      <FilterError failure={failure} />
      <Form method="get" role="search" className="card stack" aria-label="Tìm kiếm và lọc văn bản đến">
        <input type="hidden" name="box" value={box} />
        <div className="filters">
          <div className="field" style={{ gridColumn: "span 2" }}>
            <label htmlFor="q">Từ khóa (trích yếu, số ký hiệu, cơ quan ban hành, nội dung)</label>
            <input id="q" name="q" type="search" defaultValue={query.q ?? ""} placeholder="Ví dụ: don doc chuyen doi so" />
          </div>
          <DateFilterField name="from" label="Đến từ ngày" value={query.from} typed={failure ? typed.from : undefined} invalid={!!failure?.fieldErrors.from} />
          <DateFilterField name="to" label="Đến ngày" value={query.to} typed={failure ? typed.to : undefined} invalid={!!failure?.fieldErrors.to} />
          <div className="field">
            <label htmlFor="type">Loại văn bản</label>
            <select id="type" name="type" defaultValue={query.type ?? ""}>
              <option value="">Tất cả</option>
              {DOCUMENT_TYPES.map((t) => (
                <option key={t.code} value={t.code}>
                  {t.name}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="status">Trạng thái</label>
            <select id="status" name="status" defaultValue={query.status ?? ""}>
              <option value="">Tất cả</option>
              {INCOMING_STATES.map((s) => (
                <option key={s} value={s}>
                  {INCOMING_STATE_LABELS[s]}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="urgency">Độ khẩn</label>
            <select id="urgency" name="urgency" defaultValue={query.urgency ?? ""}>
              <option value="">Tất cả</option>
              <option value="urgent_any">Mọi văn bản khẩn</option>
              {(["normal", "urgent", "very_urgent", "flash"] as const).map((u) => (
                <option key={u} value={u}>
                  {URGENCY_LABELS[u]}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="unit">Đơn vị xử lý</label>
            <select id="unit" name="unit" defaultValue={query.unit ? String(query.unit) : ""}>
              <option value="">Tất cả</option>
              {units.map((u) => (
                <option key={u.value} value={u.value.slice(2)}>
                  {u.label}
                </option>
              ))}
            </select>
          </div>
          <label style={{ alignSelf: "center" }}>
            <input type="checkbox" name="overdue" value="1" defaultChecked={query.overdue === "1"} /> Chỉ văn bản quá hạn
          </label>
        </div>
        <div className="actions">
          <button type="submit">Tìm kiếm</button>
          <Link to={`?box=${box}`} className="button secondary">
            Xóa bộ lọc
          </Link>
        </div>
      </Form>
      <SavedSearches direction="incoming" path="/incoming" items={saved} currentQuery={currentQuery.replace(/^box=[^&]*&?/, "") ? currentQuery : ""} />
      {page ? (
        <>
          <IncomingTable items={page.items} />
          <Pager
            label="Phân trang văn bản đến"
            firstHref={page.previousCursor ? withParams({ cursor: null, before: null }) : null}
            previousHref={page.previousCursor ? withParams({ cursor: null, before: page.previousCursor }) : null}
            nextHref={page.nextCursor ? withParams({ cursor: page.nextCursor, before: null }) : null}
          />
        </>
      ) : null}
    </>
  );
}
