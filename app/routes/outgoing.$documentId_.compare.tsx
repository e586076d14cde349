import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requirePermission, serviceContextFor } from "#app/platform/auth/auth.server";
import { compareOutgoingRevisions } from "#app/features/outgoing/index";
import { notFound, rethrowAsResponse } from "#app/utils/http.server";
import { OUTGOING_PERMISSIONS } from "#app/domain/outgoing/access";
import { CommonMessages } from "#app/messages/common";
import { parseId } from "#app/utils/ids";

export const meta: MetaFunction = () => [{ title: "So sánh phiên bản dự thảo · Văn phòng điện tử" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requirePermission(request, [...OUTGOING_PERMISSIONS]);
  const url = new URL(request.url);
  const id = parseId(params.documentId) ?? notFound(CommonMessages.NOT_FOUND("văn bản"));
  const from = parseId(url.searchParams.get("from")) ?? notFound(CommonMessages.NOT_FOUND("phiên bản"));
  const to = parseId(url.searchParams.get("to")) ?? notFound(CommonMessages.NOT_FOUND("phiên bản"));
  try {
    const comparison = compareOutgoingRevisions(serviceContextFor(request, actor), { documentId: id, from, to });
    return json({ id, comparison });
  } catch (error) {
    rethrowAsResponse(error);
  }
}

export default function CompareRevisions() {
  const { id, comparison } = useLoaderData<typeof loader>();
  const file = (n: number) => `/resources/outgoing/${id}/file?kind=revision&n=${n}`;
  return (
    <>
      <h1>
        So sánh dự thảo lần {comparison.from.revision} và lần {comparison.to.revision}
      </h1>
      <p>
        <Link to={`/outgoing/${id}`}>← Quay lại văn bản</Link>
      </p>
      {comparison.from.returnComment ? (
        <p className="notice" role="note">
          Ý kiến khi trả lại lần {comparison.from.revision}: {comparison.from.returnComment}
        </p>
      ) : null}
      <div className="table-wrap">
        <table>
          <caption className="muted">{comparison.changes.length ? `${comparison.changes.length} trường thay đổi` : "Không có thay đổi về thông tin"}</caption>
          <thead>
            <tr>
              <th scope="col">Trường</th>
              <th scope="col">Lần {comparison.from.revision}</th>
              <th scope="col">Lần {comparison.to.revision}</th>
            </tr>
          </thead>
          <tbody>
            {comparison.changes.map((c) => (
              <tr key={c.field}>
                <th scope="row">{c.label}</th>
                <td style={{ whiteSpace: "pre-wrap" }}>
                  <del>{c.before || "—"}</del>
                </td>
                <td style={{ whiteSpace: "pre-wrap" }}>
                  <ins>{c.after || "—"}</ins>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p className="actions">
        {comparison.fileChanged ? "Tệp văn bản đã thay đổi: " : "Tệp văn bản không đổi: "}
        {comparison.from.fileId ? (
          <a href={file(comparison.from.revision)} target="_blank" rel="noreferrer">
            PDF lần {comparison.from.revision}
          </a>
        ) : null}
        {comparison.to.fileId ? (
          <a href={file(comparison.to.revision)} target="_blank" rel="noreferrer">
            PDF lần {comparison.to.revision}
          </a>
        ) : null}
      </p>
    </>
  );
}
