import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import { requireAuth, serviceContextFor } from "#app/platform/auth/auth.server";
import { changeOwnPassword } from "#app/platform/users.server";
import { endOtherSessions, listActiveSessions } from "#app/platform/auth/sessions.server";
import { formatDateTimeVi } from "#app/domain/shared/dates";
import { getSigningCredentialStatus, uploadSigningCredentials } from "#app/platform/signing/credentials.server";
import { getSigningOverview, setSigningMethod } from "#app/platform/signing/pkcs11-signer.server";
import { signingAgentUrl } from "#app/platform/signing/agent-url.server";
import { SigningMethodSection } from "#app/components/outgoing/signing-method";
import { actionErrorResponse, parseFormData } from "#app/utils/http.server";
import { fileBytes, readUploadForm, SIGNING_ASSET_UPLOAD_LIMITS } from "#app/utils/upload.server";
import { Field, FormError, fieldError } from "#app/components/ui/form";
import { AdminMessages } from "#app/messages/admin";

export const meta: MetaFunction = () => [{ title: "Tài khoản · Văn phòng điện tử" }];

export const ChangePasswordSchema = z
  .object({
    intent: z.literal("change-password"),
    currentPassword: z.string().min(1, AdminMessages.CURRENT_PASSWORD_REQUIRED),
    newPassword: z.string().min(1, AdminMessages.NEW_PASSWORD_REQUIRED),
    confirmPassword: z.string().min(1, AdminMessages.NEW_PASSWORD_REPEAT_REQUIRED),
  })
  .refine((v) => v.newPassword === v.confirmPassword, { message: AdminMessages.PASSWORDS_DIFFER, path: ["confirmPassword"] });

export const SigningCredentialsSchema = z.object({ intent: z.literal("signing-credentials"), passphrase: z.string().optional() });

export async function loader({ request }: LoaderFunctionArgs) {
  const { actor, sessionId } = await requireAuth(request);
  const { db } = serviceContextFor(request, actor);
  const sessions = listActiveSessions(db, actor.id, sessionId, new Date()).map((s) => ({
    ...s,
    createdAt: formatDateTimeVi(s.createdAt),
    lastSeenAt: formatDateTimeVi(s.lastSeenAt),
  }));
  const canSign = actor.permissions.includes("sign:outgoing");
  const signingOverview = canSign ? getSigningOverview(db, actor.id, new Date()) : null;
  return json({ actor, sessions, signing: canSign ? getSigningCredentialStatus(db, actor.id) : null, signingOverview, agentUrl: signingAgentUrl() });
}

/** Certificate (.p12/.pfx) and handwritten-signature upload: the passphrase checks the file and is dropped. */
async function signingCredentialsAction(request: Request) {
  const { actor } = await requireAuth(request);
  const form = await readUploadForm(request, SIGNING_ASSET_UPLOAD_LIMITS, { signing: true });
  if (!form.ok) return form.response;
  const formData = form.formData;
  const parsed = parseFormData(formData, SigningCredentialsSchema);
  if (!parsed.ok) return json({ ...parsed, values: {}, signing: true as const }, { status: 400 });
  const certificate = await fileBytes(formData, "certificate");
  const signatureImage = await fileBytes(formData, "signatureImage");
  try {
    const result = await uploadSigningCredentials(serviceContextFor(request, actor), {
      certificate: certificate ? { bytes: certificate.bytes, name: certificate.name } : null,
      passphrase: parsed.data.passphrase,
      signatureImage: signatureImage ? { bytes: signatureImage.bytes } : null,
    });
    const message = result.subjectName
      ? AdminMessages.OWN_CERTIFICATE_SAVED(result.subjectName, result.notAfter ? formatDateTimeVi(result.notAfter) : "")
      : AdminMessages.SIGNATURE_IMAGE_SAVED;
    return json({ ok: true as const, message, signing: true as const });
  } catch (error) {
    // No submitted values are echoed: the passphrase never leaves the server.
    const response = actionErrorResponse(error);
    const body = (await response.json()) as { ok: false; formError: string | null; fieldErrors: Record<string, string>; values: Record<string, string> };
    return json({ ...body, signing: true as const }, { status: response.status });
  }
}

export async function action({ request }: ActionFunctionArgs) {
  if ((request.headers.get("content-type") ?? "").startsWith("multipart/form-data")) return signingCredentialsAction(request);
  const { actor, sessionId } = await requireAuth(request);
  const formData = await request.formData();
  if (formData.get("intent") === "signing-method") {
    try {
      setSigningMethod(serviceContextFor(request, actor), String(formData.get("method") ?? ""));
    } catch (error) {
      return actionErrorResponse(error);
    }
    return json({ ok: true as const, message: "Đã lưu phương thức ký số." });
  }
  if (formData.get("intent") === "end-other-sessions") {
    endOtherSessions(serviceContextFor(request, actor), sessionId);
    return json({ ok: true as const, message: AdminMessages.OTHER_SESSIONS_ENDED });
  }
  const parsed = parseFormData(formData, ChangePasswordSchema);
  if (!parsed.ok) return json(parsed, { status: 400 });
  try {
    await changeOwnPassword(serviceContextFor(request, actor), {
      currentPassword: parsed.data.currentPassword,
      newPassword: parsed.data.newPassword,
      currentSessionId: sessionId,
    });
  } catch (error) {
    return actionErrorResponse(error, formData);
  }
  return json({ ok: true as const, message: AdminMessages.PASSWORD_CHANGED });
}

export default function Account() {
  const { actor, sessions, signing, signingOverview, agentUrl } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const signingData = data && "signing" in data ? data : undefined;
  const passwordData = signingData ? undefined : data;
  const [params] = useSearchParams();
  return (
    <>
      <h1>Tài khoản của tôi</h1>
      <section className="card">
        <dl className="meta-grid">
          <dt>Họ và tên</dt>
          <dd>{actor.fullName}</dd>
          <dt>Tên đăng nhập</dt>
          <dd>{actor.username}</dd>
          <dt>Chức vụ, đơn vị</dt>
          <dd>
            {actor.title ?? "—"}, {actor.unitName}
          </dd>
          <dt>Cơ quan</dt>
          <dd>{actor.organizationName}</dd>
        </dl>
      </section>
      <section className="card" aria-labelledby="change-password-title">
        <h2 id="change-password-title">Đổi mật khẩu</h2>
        {params.get("changePassword") ? <p className="notice">Vui lòng đổi mật khẩu do quản trị viên cấp trước khi tiếp tục.</p> : null}
        {passwordData && "message" in passwordData ? (
          <p className="success" role="status">
            {String(passwordData.message)}
          </p>
        ) : null}
        <Form method="post" className="stack" style={{ maxWidth: 420 }}>
          <input type="hidden" name="intent" value="change-password" />
          <FormError data={passwordData} />
          <Field id="currentPassword" label="Mật khẩu hiện tại" error={fieldError(passwordData, "currentPassword")}>
            {(p) => <input {...p} type="password" name="currentPassword" autoComplete="current-password" />}
          </Field>
          <Field id="newPassword" label="Mật khẩu mới" hint="Ít nhất 8 ký tự; nên dùng cụm từ dài, dễ nhớ." error={fieldError(passwordData, "newPassword")}>
            {(p) => <input {...p} type="password" name="newPassword" autoComplete="new-password" />}
          </Field>
          <Field id="confirmPassword" label="Nhập lại mật khẩu mới" error={fieldError(passwordData, "confirmPassword")}>
            {(p) => <input {...p} type="password" name="confirmPassword" autoComplete="new-password" />}
          </Field>
          <div className="actions">
            <button type="submit">Đổi mật khẩu</button>
          </div>
        </Form>
      </section>
      <section className="card" aria-labelledby="sessions-title">
        <h2 id="sessions-title">Phiên đăng nhập đang hoạt động</h2>
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">Bắt đầu</th>
                <th scope="col">Hoạt động gần nhất</th>
                <th scope="col">Địa chỉ</th>
                <th scope="col">Trình duyệt</th>
              </tr>
            </thead>
            <tbody>
              {sessions.map((s, i) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: session ids are credential hashes and never reach the browser; the list is static
                <tr key={i}>
                  <td className="nowrap">{s.createdAt}</td>
                  <td className="nowrap">
                    {s.lastSeenAt} {s.isCurrent ? <span className="badge ok">Phiên này</span> : null}
                  </td>
                  <td>{s.ipAddress ?? ""}</td>
                  <td className="muted">{s.userAgent ?? ""}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <Form method="post" className="actions" style={{ marginTop: "0.6rem" }}>
          <input type="hidden" name="intent" value="end-other-sessions" />
          <button type="submit" className="secondary" disabled={sessions.length <= 1}>
            Đăng xuất khỏi các thiết bị khác
          </button>
        </Form>
      </section>
      {signing ? (
        <section className="card" aria-labelledby="signing-title">
          <h2 id="signing-title">Chữ ký số</h2>
          <p>
            Chứng thư số:{" "}
            {signing.hasCertificate
              ? `đã tải lên${signing.certificateName ? ` (${signing.certificateName})` : ""}${signing.certificateUploadedAt ? `, ${formatDateTimeVi(new Date(signing.certificateUploadedAt))}` : ""}`
              : "chưa có"}
            . Ảnh chữ ký: {signing.hasSignatureImage ? "đã có" : "chưa có"}.
          </p>
          <p className="muted">
            Tệp .p12/.pfx được lưu nguyên trạng (đã mã hóa bằng mật khẩu của nó). Mật khẩu chỉ dùng để kiểm tra tệp khi tải lên và được nhập lại mỗi lần ký; hệ
            thống không lưu mật khẩu.
          </p>
          {signingData && "message" in signingData ? (
            <p className="success" role="status">
              {String(signingData.message)}
            </p>
          ) : null}
          <Form method="post" encType="multipart/form-data" className="stack" style={{ maxWidth: 480 }}>
            <input type="hidden" name="intent" value="signing-credentials" />
            <FormError data={signingData} />
            <Field id="certificate" label="Tệp chứng thư số (.p12, .pfx)" error={fieldError(signingData, "certificate")}>
              {(p) => <input {...p} type="file" name="certificate" accept=".p12,.pfx,application/x-pkcs12" />}
            </Field>
            <Field id="passphrase" label="Mật khẩu chứng thư số" error={fieldError(signingData, "passphrase")}>
              {(p) => <input {...p} type="password" name="passphrase" autoComplete="off" />}
            </Field>
            <Field id="signatureImage" label="Ảnh chữ ký tay (PNG nền trong suốt)" error={fieldError(signingData, "signatureImage")}>
              {(p) => <input {...p} type="file" name="signatureImage" accept="image/png" />}
            </Field>
            <div className="actions">
              <button type="submit">Lưu chữ ký số</button>
            </div>
          </Form>
        </section>
      ) : null}
      {signing && signingOverview ? <SigningMethodSection overview={signingOverview} agentUrl={agentUrl} hasPkcs12={signing.hasCertificate} /> : null}
    </>
  );
}
