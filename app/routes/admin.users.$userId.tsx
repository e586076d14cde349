import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import { requirePermission, serviceContextFor } from "#app/platform/auth/auth.server";
import { ROLES, ROLE_KEYS } from "#app/platform/auth/roles";
import { getUserForAdmin, resetUserPassword, updateUser } from "#app/platform/users.server";
import { listOrganizationTree } from "#app/platform/organizations.server";
import { actionErrorResponse, parseFormData, rethrowAsResponse } from "#app/utils/http.server";
import { Field, FormError, fieldError } from "#app/components/ui/form";
import { AdminMessages } from "#app/messages/admin";
import { TreeOptions } from "#app/components/ui/organization-fields";

export const meta: MetaFunction = () => [{ title: "Người dùng · Quản trị" }];

const roleList = z
  .union([z.enum(ROLE_KEYS), z.array(z.enum(ROLE_KEYS))], { required_error: AdminMessages.ROLES_REQUIRED })
  .transform((v) => (Array.isArray(v) ? v : [v]));

export const UserAdminSchema = z.discriminatedUnion("intent", [
  z.object({
    intent: z.literal("update"),
    version: z.coerce.number().int(),
    fullName: z.string().trim().min(1, AdminMessages.FULL_NAME_REQUIRED).max(120),
    title: z.string().trim().max(120).optional(),
    email: z.string().trim().email(AdminMessages.EMAIL_INVALID).optional().or(z.literal("")),
    unitId: z.coerce.number().int().positive(AdminMessages.UNIT_REQUIRED),
    roles: roleList,
    isActive: z.enum(["1", "0"]),
  }),
  z.object({ intent: z.literal("reset-password"), newPassword: z.string().min(1, AdminMessages.NEW_PASSWORD_REQUIRED) }),
]);

function parseUserId(raw: string | undefined): number {
  const id = Number(raw);
  if (!Number.isInteger(id) || id <= 0) throw new Response("Không tìm thấy", { status: 404 });
  return id;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requirePermission(request, "manage:users");
  const { db } = serviceContextFor(request, actor);
  try {
    return json({
      user: getUserForAdmin(db, parseUserId(params.userId)),
      units: listOrganizationTree(db).map((o) => ({ id: o.id, name: o.name, depth: o.depth })),
      roles: ROLE_KEYS.map((key) => ({ key, name: ROLES[key].name })),
    });
  } catch (error) {
    rethrowAsResponse(error);
  }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requirePermission(request, "manage:users");
  const userId = parseUserId(params.userId);
  const formData = await request.formData();
  const parsed = parseFormData(formData, UserAdminSchema);
  if (!parsed.ok) return json(parsed, { status: 400 });
  const ctx = serviceContextFor(request, actor);
  try {
    if (parsed.data.intent === "update") {
      const d = parsed.data;
      updateUser(ctx, {
        userId,
        version: d.version,
        fullName: d.fullName,
        title: d.title ?? null,
        email: d.email || null,
        unitId: d.unitId,
        roles: d.roles,
        isActive: d.isActive === "1",
      });
      return json({ ok: true as const, message: AdminMessages.USER_SAVED });
    }
    await resetUserPassword(ctx, { userId, newPassword: parsed.data.newPassword });
    return json({ ok: true as const, message: AdminMessages.PASSWORD_RESET });
  } catch (error) {
    return actionErrorResponse(error, formData);
  }
}

export default function AdminUser() {
  const { user, units, roles } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const [params] = useSearchParams();
  return (
    <>
      <p>
        <Link to="/admin/users">← Danh sách người dùng</Link>
      </p>
      <h1>
        {user.fullName} <span className="muted">({user.username})</span>
      </h1>
      {params.get("created") ? <p className="success">Đã tạo người dùng.</p> : null}
      {data?.ok ? (
        <p className="success" role="status">
          {data.message}
        </p>
      ) : null}
      <FormError data={data} />
      <section className="card">
        <h2>Thông tin và vai trò</h2>
        <Form method="post" className="stack" key={user.version}>
          <input type="hidden" name="intent" value="update" />
          <input type="hidden" name="version" value={user.version} />
          <div className="form-grid">
            <Field id="fullName" label="Họ và tên" error={fieldError(data, "fullName")}>
              {(p) => <input {...p} name="fullName" type="text" defaultValue={user.fullName} />}
            </Field>
            <Field id="title" label="Chức vụ" error={fieldError(data, "title")}>
              {(p) => <input {...p} name="title" type="text" defaultValue={user.title ?? ""} />}
            </Field>
            <Field id="email" label="Thư điện tử" error={fieldError(data, "email")}>
              {(p) => <input {...p} name="email" type="email" defaultValue="" />}
            </Field>
            <Field id="unitId" label="Đơn vị" error={fieldError(data, "unitId")}>
              {(p) => (
                <select {...p} name="unitId" defaultValue={user.unitId}>
                  <TreeOptions tree={units} />
                </select>
              )}
            </Field>
            <Field id="isActive" label="Trạng thái">
              {(p) => (
                <select {...p} name="isActive" defaultValue={user.isActive ? "1" : "0"}>
                  <option value="1">Hoạt động</option>
                  <option value="0">Khóa tài khoản</option>
                </select>
              )}
            </Field>
          </div>
          <fieldset>
            <legend>Vai trò</legend>
            {roles.map((r) => (
              <label key={r.key} style={{ marginRight: "1rem", display: "inline-block" }}>
                <input type="checkbox" name="roles" value={r.key} defaultChecked={user.roles.includes(r.key)} /> {r.name}
              </label>
            ))}
            {fieldError(data, "roles") ? <div className="error">{fieldError(data, "roles")}</div> : null}
          </fieldset>
          <div className="actions">
            <button type="submit">Lưu</button>
          </div>
        </Form>
      </section>
      <section className="card">
        <h2>Đặt lại mật khẩu</h2>
        <Form method="post" className="stack" style={{ maxWidth: 420 }}>
          <input type="hidden" name="intent" value="reset-password" />
          <Field id="newPassword" label="Mật khẩu mới" hint="Mọi phiên đăng nhập của người dùng sẽ kết thúc." error={fieldError(data, "newPassword")}>
            {(p) => <input {...p} name="newPassword" type="password" autoComplete="new-password" />}
          </Field>
          <div className="actions">
            <button type="submit" className="danger">
              Đặt lại mật khẩu
            </button>
          </div>
        </Form>
      </section>
    </>
  );
}
