import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { requirePermission, serviceContextFor } from "#app/platform/auth/auth.server";
import { createOutgoingDraft, getDraftFormOptions } from "#app/features/outgoing/index";
import { OutgoingDraftForm } from "#app/components/outgoing/draft-form";
import { actionErrorResponse, rethrowAsResponse } from "#app/utils/http.server";
import { readDraftForm } from "#app/utils/outgoing-form.server";
import { parseId } from "#app/utils/ids";

export const meta: MetaFunction = () => [{ title: "Soạn văn bản đi · Văn phòng điện tử" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requirePermission(request, "draft:outgoing");
  try {
    return json({ options: getDraftFormOptions(serviceContextFor(request, actor)) });
  } catch (error) {
    rethrowAsResponse(error);
  }
}

export async function action({ request }: ActionFunctionArgs) {
  const actor = await requirePermission(request, "draft:outgoing");
  const form = await readDraftForm(request);
  if (!form.ok) return form.response;
  const replaces = parseId(new URL(request.url).searchParams.get("replaces"));
  try {
    const { id } = await createOutgoingDraft(serviceContextFor(request, actor), { ...form.input, replacesDocumentId: replaces });
    return redirect(`/outgoing/${id}?created=1`);
  } catch (error) {
    return actionErrorResponse(error, form.formData);
  }
}

export default function NewOutgoing() {
  const { options } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const [params] = useSearchParams();
  return (
    <>
      <h1>Soạn văn bản đi</h1>
      {params.get("replaces") ? <p className="notice">Văn bản này thay thế văn bản đã phát hành #{params.get("replaces")} (đính chính, thay thế).</p> : null}
      <OutgoingDraftForm options={options} defaults={{}} data={data} submitLabel="Lưu dự thảo" />
    </>
  );
}
