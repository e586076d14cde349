import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import { requireAuth, serviceContextFor } from "#app/auth/auth.server";
import { changeOwnPassword } from "#app/services/users.server";
import { endOtherSessions, listActiveSessions } from "#app/services/sessions.server";
import { formatDateTimeVi } from "#app/domain/dates";
import { actionErrorResponse, parseFormData } from "#app/utils/http.server";
import { Field, FormError, fieldError } from "#app/components/form";

export const meta: MetaFunction = () => [{ title: "Tài khoản · Văn phòng điện tử" }];

export const ChangePasswordSchema = z
  .object({
    intent: z.literal("change-password"),
    currentPassword: z.string().min(1, "Nhập mật khẩu hiện tại"),
    newPassword: z.string().min(1, "Nhập mật khẩu mới"),
    confirmPassword: z.string().min(1, "Nhập lại mật khẩu mới"),
  })
  .refine((v) => v.newPassword === v.confirmPassword, { message: "Mật khẩu nhập lại không khớp", path: ["confirmPassword"] });

export async function loader({ request }: LoaderFunctionArgs) {
  const { actor, sessionId } = await requireAuth(request);
  const { db } = serviceContextFor(request, actor);
  const sessions = listActiveSessions(db, actor.id, sessionId, new Date()).map((s) => ({
    ...s,
    createdAt: formatDateTimeVi(s.createdAt),
    lastSeenAt: formatDateTimeVi(s.lastSeenAt),
  }));
  return json({ actor, sessions });
}

export async function action({ request }: ActionFunctionArgs) {
  const { actor, sessionId } = await requireAuth(request);
  const formData = await request.formData();
  if (formData.get("intent") === "end-other-sessions") {
    endOtherSessions(serviceContextFor(request, actor), sessionId);
    return json({ ok: true as const, message: "Đã đăng xuất khỏi các thiết bị khác." });
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
  return json({ ok: true as const, message: "Đã đổi mật khẩu. Các phiên đăng nhập khác đã được kết thúc." });
}

export default function Account() {
  const { actor, sessions } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const [params] = useSearchParams();
  return (
    <>
      <h1>Tài khoản của tôi</h1>
      <section className="card">
        <dl>
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
        {data && data.ok ? (
          <p className="success" role="status">
            {data.message}
          </p>
        ) : null}
        <Form method="post" className="stack" style={{ maxWidth: 420 }}>
          <input type="hidden" name="intent" value="change-password" />
          <FormError data={data} />
          <Field id="currentPassword" label="Mật khẩu hiện tại" error={fieldError(data, "currentPassword")}>
            {(p) => <input {...p} type="password" name="currentPassword" autoComplete="current-password" />}
          </Field>
          <Field id="newPassword" label="Mật khẩu mới" hint="Ít nhất 8 ký tự; nên dùng cụm từ dài, dễ nhớ." error={fieldError(data, "newPassword")}>
            {(p) => <input {...p} type="password" name="newPassword" autoComplete="new-password" />}
          </Field>
          <Field id="confirmPassword" label="Nhập lại mật khẩu mới" error={fieldError(data, "confirmPassword")}>
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
    </>
  );
}
