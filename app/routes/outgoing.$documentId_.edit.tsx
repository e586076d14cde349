import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { requirePermission, serviceContextFor } from "#app/platform/auth/auth.server";
import { getDraftFormDefaults, getDraftFormOptions, updateOutgoingDraft } from "#app/features/outgoing/index";
import { OutgoingDraftForm } from "#app/components/outgoing/draft-form";
import { AppError, AppErrorCode, actionErrorResponse, notFound, rethrowAsResponse } from "#app/utils/http.server";
import { readDraftForm } from "#app/utils/outgoing-form.server";
import { CommonMessages } from "#app/messages/common";
import { parseId } from "#app/utils/ids";

export const meta: MetaFunction = () => [{ title: "Sửa dự thảo · Văn phòng điện tử" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requirePermission(request, "draft:outgoing");
  const ctx = serviceContextFor(request, actor);
  const id = parseId(params.documentId) ?? notFound(CommonMessages.NOT_FOUND("văn bản"));
  try {
    return json({ id, options: getDraftFormOptions(ctx), defaults: getDraftFormDefaults(ctx, id) });
  } catch (error) {
    rethrowAsResponse(error);
  }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requirePermission(request, "draft:outgoing");
  const documentId = parseId(params.documentId) ?? notFound(CommonMessages.NOT_FOUND("văn bản"));
  const form = await readDraftForm(request);
  if (!form.ok) return form.response;
  try {
    if (form.version == null) throw new AppError(AppErrorCode.CONFLICT, CommonMessages.STALE_FORM("dự thảo"));
    await updateOutgoingDraft(serviceContextFor(request, actor), { ...form.input, documentId, version: form.version });
    return redirect(`/outgoing/${documentId}?revised=1`);
  } catch (error) {
    return actionErrorResponse(error, form.formData);
  }
}

export default function EditOutgoing() {
  const { id, options, defaults } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  return (
    <>
      <h1>Sửa dự thảo (lần {defaults.revision + 1})</h1>
      <p>
        <Link to={`/outgoing/${id}`}>← Quay lại văn bản</Link>
      </p>
      {defaults.lastComment ? (
        <p className="notice" role="note">
          Ý kiến khi trả lại: {defaults.lastComment}
        </p>
      ) : null}
      <OutgoingDraftForm options={options} defaults={defaults} data={data} submitLabel="Lưu phiên bản mới" />
    </>
  );
}
