import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { requirePermission, serviceContextFor } from "#app/platform/auth/auth.server";
import { userHasPermission } from "#app/platform/auth/actor";
import { availableQueues, listOutgoingQueuePage } from "#app/features/outgoing/index";
import { CONFIDENTIALITY_LABELS, OUTGOING_QUEUE_LABELS, OUTGOING_QUEUES, URGENCY_LABELS, type OutgoingQueue } from "#app/domain/outgoing/workflow";
import { formatDateTimeVi, formatDateVi } from "#app/domain/shared/dates";
import { rethrowAsResponse } from "#app/utils/http.server";
import { OUTGOING_PERMISSIONS } from "#app/domain/outgoing/access";
import { EmptyRow } from "#app/components/ui/table";
import { formatIntegerVi } from "#app/domain/shared/numbers";
import { Pager } from "#app/components/ui/pager";
import { withQuery } from "#app/utils/url";

export const meta: MetaFunction = () => [{ title: "Văn bản đi · Văn phòng điện tử" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requirePermission(request, [...OUTGOING_PERMISSIONS]);
  const ctx = serviceContextFor(request, actor);
  const queues = availableQueues(ctx);
  const wanted = new URL(request.url).searchParams.get("queue") as OutgoingQueue | null;
  // Default tab: the step the actor acts on.
  const preferred: OutgoingQueue[] = ["sign", "issue", "review", "mine", "issued"];
  const queue =
    wanted && (OUTGOING_QUEUES as readonly string[]).includes(wanted) && queues.includes(wanted) ? wanted : preferred.find((q) => queues.includes(q))!;
  const params = new URL(request.url).searchParams;
  // The home tiles open these narrower views ("Dự thảo bị trả lại", "Phát hành trong 7 ngày").
  const filter = {
    returnedOnly: queue === "mine" && params.get("returned") === "1",
    issuedWithinDays: queue === "issued" && params.get("days") === "7" ? 7 : null,
  };
  // Keyset pages: `cursor` = the page after, `before` = the page before; an unreadable one is the first page.
  const cursorParam = (name: string) => params.get(name)?.slice(0, 200) || null;
  try {
    const { items, ...page } = listOutgoingQueuePage(ctx, { queue, filter, cursor: cursorParam("cursor"), before: cursorParam("before") });
    return json({
      queue,
      queues: queues.map((q) => ({ key: q, label: OUTGOING_QUEUE_LABELS[q] })),
      items,
      page,
      filter,
      canDraft: userHasPermission(actor, "draft:outgoing"),
      canSeeRegister: userHasPermission(actor, "view:register") || userHasPermission(actor, "issue:outgoing"),
    });
  } catch (error) {
    rethrowAsResponse(error);
  }
}

export default function OutgoingList() {
  const { queue, queues, items, page, canDraft, canSeeRegister, filter } = useLoaderData<typeof loader>();
  const [searchParams] = useSearchParams();
  const current = queues.find((q) => q.key === queue)!;
  // Page links keep the queue and its filter; only the cursor changes.
  const pageLink = (change: { cursor?: string; before?: string }) =>
    withQuery(`/outgoing?${searchParams}`, { cursor: change.cursor ?? null, before: change.before ?? null });
  const total = page.isTotalCapped ? `hơn ${formatIntegerVi(page.total)}` : formatIntegerVi(page.total);
  const isPaged = page.nextCursor !== null || page.previousCursor !== null;
  return (
    <>
      <div className="page-header">
        <h1>Văn bản đi</h1>
        <div className="actions">
          <Link to="/outgoing/search" className="button secondary">
            Tìm kiếm
          </Link>
          {canSeeRegister ? (
            <Link to="/outgoing/register" className="button secondary">
              Sổ đăng ký văn bản đi
            </Link>
          ) : null}
          {canDraft ? (
            <Link to="/outgoing/new" className="button">
              Soạn văn bản mới
            </Link>
          ) : null}
        </div>
      </div>
      <nav aria-label="Danh sách văn bản đi" className="actions">
        {queues.map((q) => (
          <Link
            key={q.key}
            to={`/outgoing?queue=${q.key}`}
            className={q.key === queue ? "button" : "button secondary"}
            aria-current={q.key === queue ? "page" : undefined}
          >
            {q.label}
          </Link>
        ))}
      </nav>
      {filter.returnedOnly || filter.issuedWithinDays ? (
        <p className="notice">
          {filter.returnedOnly ? "Chỉ dự thảo bị trả lại. " : "Chỉ văn bản phát hành trong 7 ngày qua. "}
          <Link to={`/outgoing?queue=${queue}`}>Bỏ lọc</Link>
        </p>
      ) : null}
      <div className="table-wrap">
        <table className="stack-table">
          <caption className="muted">
            {current.label}: {total} văn bản{isPaged ? ` (${items.length} văn bản trên trang này)` : ""}
          </caption>
          <thead>
            <tr>
              <th scope="col">Số, ký hiệu</th>
              <th scope="col">Loại và trích yếu</th>
              <th scope="col">Người soạn</th>
              <th scope="col">Người ký</th>
              <th scope="col">Trạng thái</th>
              <th scope="col">Cập nhật</th>
            </tr>
          </thead>
          <tbody>
            {items.map((d) => (
              <tr key={d.id} className={d.urgency !== "normal" ? "urgent" : undefined}>
                <td className="nowrap" data-label="Số, ký hiệu">
                  {d.numberSymbol ?? <span className="muted">Chưa cấp số</span>}
                  {d.issuedDate ? <div className="muted">{formatDateVi(d.issuedDate)}</div> : null}
                </td>
                <td className="cell-main">
                  <Link to={`/outgoing/${d.id}`}>
                    {d.docTypeName}: {d.summary}
                  </Link>
                  {d.urgency !== "normal" ? <span className="badge urgent"> {URGENCY_LABELS[d.urgency]}</span> : null}
                  {d.confidentiality !== "normal" ? <span className="badge secret"> {CONFIDENTIALITY_LABELS[d.confidentiality]}</span> : null}
                  {d.status === "draft" && d.lastComment ? <div className="muted">Bị trả lại: {d.lastComment}</div> : null}
                </td>
                <td data-label="Người soạn">{d.creatorName}</td>
                <td data-label="Người ký">{d.signerName}</td>
                <td data-label="Trạng thái">{d.statusLabel}</td>
                <td className="nowrap" data-label="Cập nhật">
                  {formatDateTimeVi(new Date(d.updatedAt))}
                </td>
              </tr>
            ))}
            {items.length === 0 ? (
              <EmptyRow colSpan={6}>
                Không có văn bản. {searchParams.get("cursor") || searchParams.get("before") ? <Link to={pageLink({})}>Về trang đầu</Link> : null}
              </EmptyRow>
            ) : null}
          </tbody>
        </table>
      </div>
      <Pager
        label="Phân trang văn bản đi"
        firstHref={page.previousCursor ? pageLink({}) : null}
        previousHref={page.previousCursor ? pageLink({ before: page.previousCursor }) : null}
        nextHref={page.nextCursor ? pageLink({ cursor: page.nextCursor }) : null}
      />
    </>
  );
}
