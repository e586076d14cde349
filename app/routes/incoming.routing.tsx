import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { requirePermission, serviceContextFor } from "#app/platform/auth/auth.server";
import { FormError, fieldError } from "#app/components/ui/form";
import { IncomingTable } from "#app/components/incoming/table";
import { Pager } from "#app/components/ui/pager";
import { RoutingFields } from "#app/components/incoming/routing-fields";
import { formatDateVi } from "#app/domain/shared/dates";
import { listIncomingDocuments, listRoutingOptions, routeIncomingDocuments } from "#app/features/incoming/index";
import { IncomingMessages } from "#app/messages/incoming";
import { actionErrorResponse, parseFormData } from "#app/utils/http.server";
import { RouteIncomingDocumentsSchema, toRoutingDecision } from "#app/utils/incoming-forms";

export const meta: MetaFunction = () => [{ title: "Phân phối văn bản đến · Văn phòng điện tử" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requirePermission(request, "route:incoming");
  const ctx = serviceContextFor(request, actor);
  const params = new URL(request.url).searchParams;
  const cursorParam = (name: string) => params.get(name)?.slice(0, 200) || null;
  return json({
    page: listIncomingDocuments(ctx, { box: "routing", cursor: cursorParam("cursor"), before: cursorParam("before"), limit: 50 }),
    choices: listRoutingOptions(ctx),
  });
}

export async function action({ request }: ActionFunctionArgs) {
  const actor = await requirePermission(request, "route:incoming");
  const formData = await request.formData();
  const parsed = parseFormData(formData, RouteIncomingDocumentsSchema);
  if (!parsed.ok) return json(parsed, { status: 400 });
  try {
    const result = routeIncomingDocuments(serviceContextFor(request, actor), {
      ...toRoutingDecision(parsed.data),
      documents: parsed.data.documents.map((v) => {
        const [id, version] = v.split(":").map(Number);
        return { id, version };
      }),
    });
    return redirect(`/incoming/routing?routed=${result.routed}${result.deadline ? `&deadline=${result.deadline}` : ""}`);
  } catch (error) {
    return actionErrorResponse(error, formData);
  }
}

export default function RoutingQueue() {
  const { page, choices } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const [params] = useSearchParams();
  const routed = params.get("routed");
  const deadline = params.get("deadline");
  const documentsError = fieldError(data, "documents");
  return (
    <>
      <div className="page-header">
        <h1>Chờ phân phối</h1>
        <Link to="/incoming" className="button secondary">
          Danh sách văn bản đến
        </Link>
      </div>
      {routed ? (
        <p className="success" role="status">
          {IncomingMessages.ROUTED(routed, deadline ? formatDateVi(deadline) : null)}
        </p>
      ) : null}
      {/* noValidate: the server's Vietnamese messages, not the browser's bubbles (same as the other forms). */}
      <Form method="post" className="stack" noValidate>
        <FormError data={data} />
        <p className="muted" id="routing-documents-hint">
          Văn bản khẩn được xếp trước. Chọn một hoặc nhiều văn bản rồi điền phân phối chung bên dưới.
        </p>
        {documentsError ? (
          <p className="form-error" role="alert" id="routing-documents-error" data-testid="routing-documents-error">
            {documentsError}
          </p>
        ) : null}
        <IncomingTable items={page.items} selectable />
        {page.items.length ? (
          <section className="card" aria-labelledby="routing-form-title">
            <h2 id="routing-form-title">Phân phối văn bản đã chọn</h2>
            <RoutingFields choices={choices} failure={data} keptDeadline="each" />
            <div className="actions" style={{ marginTop: "0.8rem" }}>
              <button type="submit">Phân phối</button>
            </div>
          </section>
        ) : null}
      </Form>
      <Pager
        label="Phân trang văn bản chờ phân phối"
        firstHref={page.previousCursor ? "?" : null}
        previousHref={page.previousCursor ? `?before=${page.previousCursor}` : null}
        nextHref={page.nextCursor ? `?cursor=${page.nextCursor}` : null}
      />
    </>
  );
}
