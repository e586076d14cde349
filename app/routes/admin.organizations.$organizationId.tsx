import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { requirePermission, serviceContextFor } from "#app/platform/auth/auth.server";
import { getOrganizationForAdmin, listOrganizationTree, ORGANIZATION_KIND_LABELS, saveOrganization, setOrganizationSeal } from "#app/platform/organizations.server";
import { actionErrorResponse, AppError, AppErrorCode, parseFormData, rethrowAsResponse } from "#app/utils/http.server";
import { fileBytes, readUploadForm, SIGNING_ASSET_UPLOAD_LIMITS } from "#app/utils/upload.server";
import { FormError } from "#app/components/ui/form";
import { getOrganizationCertificateSummary, setOrganizationCertificate } from "#app/platform/signing/credentials.server";
import { formatDateVi, toVietnamDate } from "#app/domain/shared/dates";
import { OrganizationFields, OrganizationSchema } from "#app/components/ui/organization-fields";
import { PlatformMessages } from "#app/messages/platform";
import { AdminMessages } from "#app/messages/admin";

export const meta: MetaFunction = () => [{ title: "Cơ quan, đơn vị · Quản trị" }];

function parseId(raw: string | undefined): number {
  const id = Number(raw);
  if (!Number.isInteger(id) || id <= 0) throw new Response("Không tìm thấy", { status: 404 });
  return id;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requirePermission(request, "manage:organizations");
  const { db } = serviceContextFor(request, actor);
  try {
    const org = getOrganizationForAdmin(db, parseId(params.organizationId));
    return json({ org, tree: listOrganizationTree(db).filter((o) => o.id !== org.id), kinds: ORGANIZATION_KIND_LABELS, certificate: getOrganizationCertificateSummary(db, org.id) });
  } catch (error) {
    rethrowAsResponse(error);
  }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requirePermission(request, "manage:organizations");
  const id = parseId(params.organizationId);
  const ctx = serviceContextFor(request, actor);
  const isMultipart = (request.headers.get("content-type") ?? "").startsWith("multipart/form-data");
  try {
    if (isMultipart) {
      const form = await readUploadForm(request, SIGNING_ASSET_UPLOAD_LIMITS);
      if (!form.ok) return form.response;
      const formData = form.formData;
      if (formData.get("intent") === "certificate") {
        // The organisation's PKCS#12 for the seal signature; the passphrase only checks it and is not stored.
        const certificate = await fileBytes(formData, "certificate");
        if (!certificate) throw new AppError(AppErrorCode.VALIDATION, PlatformMessages.CERTIFICATE_FILE_REQUIRED);
        const result = setOrganizationCertificate(ctx, { organizationId: id, certificate: { bytes: certificate.bytes, name: certificate.name }, passphrase: String(formData.get("passphrase") ?? "") });
        return json({ ok: true as const, message: AdminMessages.ORGANIZATION_CERTIFICATE_SAVED(result.subjectName) });
      }
      const seal = await fileBytes(formData, "seal");
      if (!seal) throw new AppError(AppErrorCode.VALIDATION, PlatformMessages.SEAL_FILE_REQUIRED);
      setOrganizationSeal(ctx, { organizationId: id, png: seal.bytes });
      return json({ ok: true as const, message: AdminMessages.SEAL_SAVED });
    }
    const formData = await request.formData();
    const parsed = parseFormData(formData, OrganizationSchema);
    if (!parsed.ok) return json(parsed, { status: 400 });
    saveOrganization(ctx, { ...parsed.data, id });
    return json({ ok: true as const, message: AdminMessages.SAVED });
  } catch (error) {
    return actionErrorResponse(error);
  }
}

export default function AdminOrganization() {
  const { org, tree, kinds, certificate } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const [params] = useSearchParams();
  const defaults = {
    name: org.name,
    kind: org.kind,
    parentId: org.parentId ? String(org.parentId) : "",
    abbreviation: org.abbreviation,
    placeName: org.placeName ?? "",
    identifier: org.identifier ?? "",
    parentHeading: org.parentHeading ?? "",
  };
  return (
    <>
      <p>
        <Link to="/admin/organizations">← Danh sách cơ quan, đơn vị</Link>
      </p>
      <h1>{org.name}</h1>
      {params.get("created") ? <p className="success">Đã thêm cơ quan, đơn vị.</p> : null}
      {data?.ok ? (
        <p className="success" role="status">
          {data.message}
        </p>
      ) : null}
      <section className="card">
        <Form method="post" className="stack" key={org.version}>
          <FormError data={data} />
          <input type="hidden" name="version" value={org.version} />
          <OrganizationFields data={data} defaults={defaults} tree={tree} kinds={kinds} />
          <div className="actions">
            <button type="submit">Lưu</button>
          </div>
        </Form>
      </section>
      <section className="card" aria-labelledby="seal-title">
        <h2 id="seal-title">Ảnh con dấu (dùng cho chữ ký số cơ quan)</h2>
        {org.hasSeal ? <p className="muted">Đã có ảnh con dấu.</p> : <p className="muted">Chưa có ảnh con dấu.</p>}
        <Form method="post" encType="multipart/form-data" className="actions">
          <label htmlFor="seal">Tệp PNG nền trong suốt, tối đa 2 MB</label>
          <input id="seal" type="file" name="seal" accept="image/png" />
          <button type="submit" className="secondary">
            Tải lên
          </button>
        </Form>
      </section>
      <section className="card" aria-labelledby="certificate-title">
        <h2 id="certificate-title">Chứng thư số của cơ quan (ký phát hành)</h2>
        <p className="muted">
          {certificate
            ? `${certificate.subjectName}, hiệu lực đến ${formatDateVi(toVietnamDate(new Date(certificate.notAfter)))}.`
            : "Chưa có chứng thư số."}{" "}
          Văn thư nhập mật khẩu mỗi lần phát hành; hệ thống không lưu mật khẩu.
        </p>
        <Form method="post" encType="multipart/form-data" className="actions">
          <input type="hidden" name="intent" value="certificate" />
          <label htmlFor="certificate">Tệp .p12/.pfx</label>
          <input id="certificate" type="file" name="certificate" accept=".p12,.pfx,application/x-pkcs12" />
          <label htmlFor="org-passphrase">Mật khẩu</label>
          <input id="org-passphrase" type="password" name="passphrase" autoComplete="off" />
          <button type="submit" className="secondary">
            Tải lên
          </button>
        </Form>
      </section>
    </>
  );
}
