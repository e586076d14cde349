import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { requirePermission, serviceContextFor } from "#app/platform/auth/auth.server";
import { listOrganizationTree, ORGANIZATION_KIND_LABELS, saveOrganization } from "#app/platform/organizations.server";
import { actionErrorResponse, parseFormData } from "#app/utils/http.server";
import { FormError } from "#app/components/ui/form";
import { OrganizationFields, OrganizationSchema } from "#app/components/ui/organization-fields";

export const meta: MetaFunction = () => [{ title: "Cơ quan, đơn vị · Quản trị" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requirePermission(request, "manage:organizations");
  const { db } = serviceContextFor(request, actor);
  return json({ tree: listOrganizationTree(db), kinds: ORGANIZATION_KIND_LABELS });
}

export async function action({ request }: ActionFunctionArgs) {
  const actor = await requirePermission(request, "manage:organizations");
  const formData = await request.formData();
  const parsed = parseFormData(formData, OrganizationSchema);
  if (!parsed.ok) return json(parsed, { status: 400 });
  try {
    const org = saveOrganization(serviceContextFor(request, actor), { ...parsed.data, version: undefined });
    return redirect(`/admin/organizations/${org.id}?created=1`);
  } catch (error) {
    return actionErrorResponse(error, formData);
  }
}

export default function AdminOrganizations() {
  const { tree, kinds } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  return (
    <>
      <h1>Cơ quan, đơn vị</h1>
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">Tên</th>
              <th scope="col">Loại</th>
              <th scope="col">Viết tắt</th>
              <th scope="col">Địa danh</th>
              <th scope="col">Mã định danh</th>
            </tr>
          </thead>
          <tbody>
            {tree.map((o) => (
              <tr key={o.id}>
                <td className={`depth-${Math.min(o.depth, 3)}`}>
                  <Link to={`/admin/organizations/${o.id}`}>{o.name}</Link>
                </td>
                <td>{kinds[o.kind]}</td>
                <td>{o.abbreviation}</td>
                <td>{o.placeName ?? ""}</td>
                <td className="nowrap">{o.identifier ?? ""}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <section className="card" style={{ marginTop: "1rem" }} aria-labelledby="new-org-title">
        <h2 id="new-org-title">Thêm cơ quan, đơn vị</h2>
        <Form method="post" className="stack">
          <FormError data={data} />
          <OrganizationFields data={data} tree={tree} kinds={kinds} />
          <div className="actions">
            <button type="submit">Thêm</button>
          </div>
        </Form>
      </section>
    </>
  );
}
