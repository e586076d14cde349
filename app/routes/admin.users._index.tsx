import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { requirePermission, serviceContextFor } from "#app/platform/auth/auth.server";
import { createUser, listUsers } from "#app/platform/users.server";
import { listOrganizationTree } from "#app/platform/organizations.server";
import { ROLES, ROLE_KEYS } from "#app/platform/auth/roles";
import { actionErrorResponse, parseFormData } from "#app/utils/http.server";
import { Field, FormError, fieldError, submittedValue } from "#app/components/ui/form";
import { AdminMessages } from "#app/messages/admin";
import { TreeOptions } from "#app/components/ui/organization-fields";

export const meta: MetaFunction = () => [{ title: "Người dùng · Quản trị" }];

export const CreateUserSchema = z.object({
  username: z.string().trim().min(1, AdminMessages.USERNAME_REQUIRED),
  fullName: z.string().trim().min(1, AdminMessages.FULL_NAME_REQUIRED).max(120),
  title: z.string().trim().max(120).optional(),
  email: z.string().trim().email(AdminMessages.EMAIL_INVALID).optional().or(z.literal("")),
  unitId: z.coerce.number({ invalid_type_error: AdminMessages.UNIT_REQUIRED }).int().positive(AdminMessages.UNIT_REQUIRED),
  roles: z
    .union([z.enum(ROLE_KEYS), z.array(z.enum(ROLE_KEYS))], { required_error: AdminMessages.ROLES_REQUIRED })
    .transform((v) => (Array.isArray(v) ? v : [v])),
  password: z.string().min(1, AdminMessages.INITIAL_PASSWORD_REQUIRED),
});

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requirePermission(request, "manage:users");
  const q = new URL(request.url).searchParams.get("q") ?? "";
  const { db } = serviceContextFor(request, actor);
  return json({
    q,
    users: listUsers(db, { query: q }),
    units: listOrganizationTree(db).map((o) => ({ id: o.id, name: o.name, depth: o.depth })),
    roles: ROLE_KEYS.map((key) => ({ key, name: ROLES[key].name })),
  });
}

export async function action({ request }: ActionFunctionArgs) {
  const actor = await requirePermission(request, "manage:users");
  const formData = await request.formData();
  const parsed = parseFormData(formData, CreateUserSchema);
  if (!parsed.ok) return json(parsed, { status: 400 });
  try {
    const user = await createUser(serviceContextFor(request, actor), { ...parsed.data, mustChangePassword: true });
    return redirect(`/admin/users/${user.id}?created=1`);
  } catch (error) {
    return actionErrorResponse(error, formData);
  }
}

export default function AdminUsers() {
  const { users, units, roles, q } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  return (
    <>
      <div className="page-header">
        <h1>Người dùng</h1>
        <Form method="get" role="search" className="actions">
          <label htmlFor="q" className="muted">
            Tìm người dùng
          </label>
          <input id="q" type="search" name="q" defaultValue={q} style={{ width: "14rem" }} />
          <button type="submit" className="secondary">
            Tìm
          </button>
        </Form>
      </div>
      <div className="table-wrap">
        <table>
          <caption className="muted">{users.length} người dùng</caption>
          <thead>
            <tr>
              <th scope="col">Tên đăng nhập</th>
              <th scope="col">Họ và tên</th>
              <th scope="col">Đơn vị</th>
              <th scope="col">Vai trò</th>
              <th scope="col">Trạng thái</th>
            </tr>
          </thead>
          <tbody>
            {users.map((u) => (
              <tr key={u.id}>
                <td>
                  <Link to={`/admin/users/${u.id}`}>{u.username}</Link>
                </td>
                <td>{u.fullName}</td>
                <td>{u.unitName}</td>
                <td>{u.roles.map((r) => roles.find((x) => x.key === r)?.name ?? r).join(", ")}</td>
                <td>{u.isActive ? <span className="badge ok">Hoạt động</span> : <span className="badge overdue">Đã khóa</span>}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <section className="card" aria-labelledby="new-user-title" style={{ marginTop: "1rem" }}>
        <h2 id="new-user-title">Thêm người dùng</h2>
        <Form method="post" className="stack">
          <FormError data={data} />
          <div className="form-grid">
            <Field id="username" label="Tên đăng nhập" error={fieldError(data, "username")}>
              {(p) => <input {...p} name="username" type="text" autoComplete="off" defaultValue={submittedValue(data, "username")} />}
            </Field>
            <Field id="fullName" label="Họ và tên" error={fieldError(data, "fullName")}>
              {(p) => <input {...p} name="fullName" type="text" defaultValue={submittedValue(data, "fullName")} />}
            </Field>
            <Field id="title" label="Chức vụ" error={fieldError(data, "title")}>
              {(p) => <input {...p} name="title" type="text" defaultValue={submittedValue(data, "title")} />}
            </Field>
            <Field id="email" label="Thư điện tử" error={fieldError(data, "email")}>
              {(p) => <input {...p} name="email" type="email" defaultValue={submittedValue(data, "email")} />}
            </Field>
            <Field id="unitId" label="Đơn vị" error={fieldError(data, "unitId")}>
              {(p) => (
                <select {...p} name="unitId" defaultValue={submittedValue(data, "unitId")}>
                  <option value="">— Chọn đơn vị —</option>
                  <TreeOptions tree={units} />
                </select>
              )}
            </Field>
            <Field id="password" label="Mật khẩu ban đầu" hint="Người dùng phải đổi ở lần đăng nhập đầu." error={fieldError(data, "password")}>
              {(p) => <input {...p} name="password" type="password" autoComplete="new-password" />}
            </Field>
          </div>
          <fieldset>
            <legend>Vai trò</legend>
            {roles.map((r) => (
              <label key={r.key} style={{ marginRight: "1rem", display: "inline-block" }}>
                <input type="checkbox" name="roles" value={r.key} /> {r.name}
              </label>
            ))}
            {fieldError(data, "roles") ? <div className="error">{fieldError(data, "roles")}</div> : null}
          </fieldset>
          <div className="actions">
            <button type="submit">Thêm người dùng</button>
          </div>
        </Form>
      </section>
    </>
  );
}
