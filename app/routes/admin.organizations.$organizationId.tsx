import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { requirePermission, serviceContextFor } from "#app/platform/auth/auth.server";
import {
  getOrganizationForAdmin,
  listOrganizationTree,
  ORGANIZATION_KIND_LABELS,
  saveOrganization,
  setOrganizationSeal,
} from "#app/platform/organizations.server";
import { actionErrorResponse, AppError, AppErrorCode, parseFormData, rethrowAsResponse } from "#app/utils/http.server";
import { fileBytes, readUploadForm, SIGNING_ASSET_UPLOAD_LIMITS } from "#app/utils/upload.server";
import { FormError } from "#app/components/ui/form";
import { getOrganizationCertificateSummary, setOrganizationCertificate } from "#app/platform/signing/credentials.server";
import { formatDateVi, toVietnamDate } from "#app/domain/shared/dates";
import { OrganizationFields, OrganizationSchema } from "#app/components/ui/organization-fields";
import { PlatformMessages } from "#app/messages/platform";
import { AdminMessages } from "#app/messages/admin";
import {
  availablePkcs11Modules,
  disableSigningDevice,
  getSigningDevice,
  registerServerToken,
  type SigningDeviceRow,
} from "#app/platform/signing/pkcs11-signer.server";
import { DisableDeviceSchema, OrganizationSigningDevices, ServerTokenSchema, type DeviceSummary } from "#app/components/outgoing/organization-signing-devices";

export const meta: MetaFunction = () => [{ title: "Cơ quan, đơn vị · Quản trị" }];

function parseId(raw: string | undefined): number {
  const id = Number(raw);
  if (!Number.isInteger(id) || id <= 0) throw new Response("Không tìm thấy", { status: 404 });
  return id;
}

/** What the page shows of a device: where the key is and whose certificate; never the chain. */
function deviceSummary(row: SigningDeviceRow | undefined): DeviceSummary | null {
  if (!row) return null;
  return {
    subjectName: row.subjectName,
    notAfter: row.notAfter.toISOString(),
    modulePath: row.modulePath,
    tokenLabel: row.tokenLabel,
    keyLabel: row.keyLabel,
    keyId: row.keyId,
    updatedAt: row.updatedAt.toISOString(),
  };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requirePermission(request, "manage:organizations");
  const { db } = serviceContextFor(request, actor);
  try {
    const org = getOrganizationForAdmin(db, parseId(params.organizationId));
    // Only issuing organisations have a seal (a unit signs with its organisation's).
    const devices =
      org.kind === "unit"
        ? null
        : {
            serverToken: deviceSummary(getSigningDevice(db, { organizationId: org.id }, "server_token")),
            ownDevice: deviceSummary(getSigningDevice(db, { organizationId: org.id }, "own_device")),
            modules: availablePkcs11Modules(),
          };
    return json({
      org,
      tree: listOrganizationTree(db).filter((o) => o.id !== org.id),
      kinds: ORGANIZATION_KIND_LABELS,
      certificate: getOrganizationCertificateSummary(db, org.id),
      devices,
    });
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
        const result = await setOrganizationCertificate(ctx, {
          organizationId: id,
          certificate: { bytes: certificate.bytes, name: certificate.name },
          passphrase: String(formData.get("passphrase") ?? ""),
        });
        return json({ ok: true as const, message: AdminMessages.ORGANIZATION_CERTIFICATE_SAVED(result.subjectName) });
      }
      const seal = await fileBytes(formData, "seal");
      if (!seal) throw new AppError(AppErrorCode.VALIDATION, PlatformMessages.SEAL_FILE_REQUIRED);
      setOrganizationSeal(ctx, { organizationId: id, png: seal.bytes });
      return json({ ok: true as const, message: AdminMessages.SEAL_SAVED });
    }
    const formData = await request.formData();
    const intent = formData.get("intent");
    if (intent === "server_token") {
      // The PIN is never echoed back: the failure carries the other fields only.
      const echo = new FormData();
      for (const [key, value] of formData) if (key !== "pin") echo.append(key, value);
      const token = parseFormData(formData, ServerTokenSchema);
      if (!token.ok) return json({ ...token, values: Object.fromEntries([...echo].map(([k, v]) => [k, String(v)])) }, { status: 400 });
      const { modulePath, tokenLabel, keyLabel, keyId } = token.data;
      const pin =
        token.data.pinSource === "typed" ? { source: "typed" as const, pin: token.data.pin } : { source: "env" as const, variable: token.data.pinVariable };
      try {
        const device = await registerServerToken(ctx, { organizationId: id, modulePath, tokenLabel, keyLabel, keyId, pin });
        return json({ ok: true as const, message: AdminMessages.SERVER_TOKEN_SAVED(device.subjectName) });
      } catch (error) {
        return actionErrorResponse(error, echo);
      }
    }
    if (intent === "disable_device") {
      const disable = parseFormData(formData, DisableDeviceSchema);
      if (!disable.ok) return json(disable, { status: 400 });
      disableSigningDevice(ctx, { organizationId: id }, disable.data.kind);
      return json({ ok: true as const, message: AdminMessages.SIGNING_DEVICE_DISABLED });
    }
    const parsed = parseFormData(formData, OrganizationSchema);
    if (!parsed.ok) return json(parsed, { status: 400 });
    saveOrganization(ctx, { ...parsed.data, id });
    return json({ ok: true as const, message: AdminMessages.SAVED });
  } catch (error) {
    return actionErrorResponse(error);
  }
}

export default function AdminOrganization() {
  const { org, tree, kinds, certificate, devices } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const [params] = useSearchParams();
  // Each form shows its own failure: the token form's answers echo its intent (never its PIN).
  const isTokenAnswer = !!data && !data.ok && "values" in data && (data.values as Record<string, string>).intent === "server_token";
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
          <FormError data={isTokenAnswer ? null : data} />
          <input type="hidden" name="version" value={org.version} />
          <OrganizationFields data={isTokenAnswer ? null : data} defaults={defaults} tree={tree} kinds={kinds} />
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
          {certificate ? `${certificate.subjectName}, hiệu lực đến ${formatDateVi(toVietnamDate(new Date(certificate.notAfter)))}.` : "Chưa có chứng thư số."}{" "}
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
      {devices ? (
        <OrganizationSigningDevices
          serverToken={devices.serverToken}
          ownDevice={devices.ownDevice}
          modules={devices.modules}
          data={isTokenAnswer ? data : null}
        />
      ) : null}
    </>
  );
}
