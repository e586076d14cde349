import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { useEffect, useRef } from "react";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { requirePermission, serviceContextFor } from "#app/platform/auth/auth.server";
import { getOutgoingDocument, signOutgoingDocument } from "#app/features/outgoing/index";
import { getSigningCredentialStatus } from "#app/platform/signing/credentials.server";
import { getSigningDevice, getSigningMethod } from "#app/platform/signing/pkcs11-signer.server";
import { signingAgentUrl } from "#app/platform/signing/agent-url.server";
import { DeviceSignPanel } from "#app/components/outgoing/device-sign";
import { Field, FormError, fieldError } from "#app/components/ui/form";
import { PdfViewer } from "#app/components/ui/pdf-viewer";
import { actionErrorResponse, notFound, parseFormData, rethrowAsResponse } from "#app/utils/http.server";
import { CommonMessages } from "#app/messages/common";
import { OutgoingMessages } from "#app/messages/outgoing";
import { parseId } from "#app/utils/ids";

export const meta: MetaFunction = () => [{ title: "Ký số văn bản · Văn phòng điện tử" }];

export const SignSchema = z.object({ passphrase: z.string().min(1, OutgoingMessages.PASSPHRASE_OR_PIN_REQUIRED) });

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requirePermission(request, "sign:outgoing");
  const ctx = serviceContextFor(request, actor);
  const id = parseId(params.documentId) ?? notFound(CommonMessages.NOT_FOUND("văn bản"));
  try {
    const detail = getOutgoingDocument(ctx, id);
    const method = getSigningMethod(ctx.db, actor.id);
    const ownDevice = getSigningDevice(ctx.db, { userId: actor.id }, "own_device");
    const serverToken = getSigningDevice(ctx.db, { userId: actor.id }, "server_token");
    const signing = {
      method,
      ownDevice: ownDevice ? ownDevice.subjectName : null,
      serverToken: serverToken ? serverToken.subjectName : null,
      agentUrl: signingAgentUrl(),
    };
    return json({ detail, credentials: getSigningCredentialStatus(ctx.db, actor.id), canSign: detail.can.sign, signing });
  } catch (error) {
    rethrowAsResponse(error);
  }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requirePermission(request, "sign:outgoing");
  const documentId = parseId(params.documentId) ?? notFound(CommonMessages.NOT_FOUND("văn bản"));
  const formData = await request.formData();
  const parsed = parseFormData(formData, SignSchema);
  // The passphrase is never echoed back (no submitted values in the response), stored or logged.
  if (!parsed.ok) return json({ ...parsed, values: {} }, { status: 400 });
  try {
    await signOutgoingDocument(serviceContextFor(request, actor), { documentId, passphrase: parsed.data.passphrase });
  } catch (error) {
    return actionErrorResponse(error);
  }
  return redirect(`/outgoing/${documentId}?signed=1`);
}

export default function SignOutgoing() {
  const { detail, credentials, canSign, signing } = useLoaderData<typeof loader>();
  const withToken = signing.method === "server_token";
  const canUseForm = signing.method !== "own_device" && (withToken ? !!signing.serverToken : credentials.hasCertificate);
  const data = useActionData<typeof action>();
  const navigation = useNavigation();
  const formRef = useRef<HTMLFormElement>(null);
  // After a refused attempt the passphrase field is emptied: it is never kept in the page.
  useEffect(() => {
    if (data) formRef.current?.reset();
  }, [data]);
  const d = detail.document;
  return (
    <>
      <h1>Ký số: {d.docTypeName}</h1>
      <p>
        <Link to={`/outgoing/${d.id}`}>← Quay lại văn bản</Link>
      </p>
      <p>
        <strong>Trích yếu:</strong> {d.summary}
      </p>
      {detail.isSecret ? (
        <p className="notice" role="note">
          Văn bản mật không ký số trên hệ thống: bản gốc giấy được ký tay; dùng nút “Duyệt ký (bản giấy)” tại{" "}
          <Link to={`/outgoing/${d.id}`}>trang văn bản</Link>.
        </p>
      ) : !canSign ? (
        <p className="notice">Văn bản không ở bước chờ bạn ký.</p>
      ) : null}
      {canSign && signing.ownDevice ? <DeviceSignPanel documentId={d.id} agentUrl={signing.agentUrl} certificateName={signing.ownDevice} /> : null}
      {canSign && !canUseForm && !signing.ownDevice ? (
        <p className="notice">
          Bạn chưa tải lên chứng thư số. Vào <Link to="/account">Tài khoản</Link> để tải tệp .p12/.pfx và ảnh chữ ký.
        </p>
      ) : null}
      {canSign && canUseForm ? (
        <section className="card" aria-labelledby="sign-title">
          <h2 id="sign-title">Xác nhận ký số</h2>
          <p className="muted">
            Chữ ký số phê duyệt (kèm hình ảnh chữ ký) được đặt tại vị trí chữ ký trên văn bản.{" "}
            {withToken ? `Khóa ký nằm trên thiết bị ký số của máy chủ (${signing.serverToken}); mã PIN không được lưu lại.` : "Mật khẩu không được lưu lại."}
          </p>
          {/* noValidate: the server's Vietnamese message, never the browser's English bubble ("Please fill out this field."). */}
          <Form method="post" className="stack" style={{ maxWidth: 420 }} ref={formRef} noValidate>
            <FormError data={data} />
            <Field id="passphrase" label={withToken ? "Mã PIN thiết bị ký số" : "Mật khẩu chứng thư số"} error={fieldError(data, "passphrase")}>
              {(p) => <input {...p} type="password" name="passphrase" autoComplete="off" required />}
            </Field>
            <div className="actions">
              <button type="submit" disabled={navigation.state !== "idle"}>
                {navigation.state !== "idle" ? "Đang ký…" : "Ký số"}
              </button>
              <Link to={`/outgoing/${d.id}`} className="button secondary">
                Trả lại / quay lại
              </Link>
            </div>
          </Form>
        </section>
      ) : null}
      {detail.isSecret ? null : (
        <section className="card" aria-labelledby="viewer-title">
          <h2 id="viewer-title">Văn bản trình ký</h2>
          <PdfViewer url={`/resources/outgoing/${d.id}/file?kind=current`} title="Văn bản trình ký (PDF)" />
        </section>
      )}
    </>
  );
}
