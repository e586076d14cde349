import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { requirePermission, serviceContextFor } from "#app/platform/auth/auth.server";
import { Field, FormError, fieldError, submittedValue } from "#app/components/ui/form";
import { formatDateVi, toVietnamDate } from "#app/domain/shared/dates";
import { addTrustAnchors, listTrustAnchors, removeTrustAnchor } from "#app/platform/signing/trust-anchors.server";
import { TRUST_ANCHOR_LIMITS } from "#app/domain/shared/trust-anchors";
import { actionErrorResponse, parseFormData } from "#app/utils/http.server";
import { fileBytes, readUploadForm } from "#app/utils/upload.server";
import { AdminMessages } from "#app/messages/admin";
import { ActionsHeader, EmptyRow } from "#app/components/ui/table";

export const meta: MetaFunction = () => [{ title: "Chứng thư gốc tin cậy · Quản trị" }];

// Built on the server only: the limits live in a .server module, which the client bundle leaves empty.
function trustAnchorForm() {
  const schema = z.discriminatedUnion("intent", [
    z.object({
      intent: z.literal("add"),
      label: z.string().trim().min(1, AdminMessages.TRUST_ANCHOR_LABEL_REQUIRED).max(TRUST_ANCHOR_LIMITS.maxLabelLength),
      pem: z.string().max(TRUST_ANCHOR_LIMITS.maxBytes, AdminMessages.PEM_TOO_LONG).optional().default(""),
    }),
    z.object({ intent: z.literal("remove"), fingerprint: z.string().regex(/^[0-9a-f]{64}$/) }),
  ]);
  const limits = {
    maxFiles: 1,
    maxFileBytes: TRUST_ANCHOR_LIMITS.maxBytes,
    maxRequestBytes: 2 * TRUST_ANCHOR_LIMITS.maxBytes + 64 * 1024,
    maxFieldBytes: TRUST_ANCHOR_LIMITS.maxBytes,
  };
  return { schema, limits };
}

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requirePermission(request, "manage:trust");
  const { dataDir } = serviceContextFor(request, actor);
  return json({ anchors: listTrustAnchors(dataDir) });
}

export async function action({ request }: ActionFunctionArgs) {
  const actor = await requirePermission(request, "manage:trust");
  const { schema, limits } = trustAnchorForm();
  const form = await readUploadForm(request, limits);
  if (!form.ok) return form.response;
  const { formData } = form;
  const file = await fileBytes(formData, "file");
  formData.delete("file");
  const parsed = parseFormData(formData, schema);
  if (!parsed.ok) return json(parsed, { status: 400 });
  const ctx = serviceContextFor(request, actor);
  try {
    if (parsed.data.intent === "add") {
      const added = addTrustAnchors(ctx, { input: file?.bytes ?? parsed.data.pem, label: parsed.data.label });
      return json({ ok: true as const, message: AdminMessages.TRUST_ANCHORS_ADDED(added.map((a) => a.subject)) });
    }
    removeTrustAnchor(ctx, parsed.data.fingerprint);
    return json({ ok: true as const, message: AdminMessages.TRUST_ANCHOR_REMOVED });
  } catch (error) {
    return actionErrorResponse(error, formData);
  }
}

export default function AdminTrustAnchors() {
  const { anchors } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const today = toVietnamDate(new Date());
  return (
    <>
      <div className="page-header">
        <h1>Chứng thư gốc tin cậy</h1>
      </div>
      <p className="muted">
        Chữ ký số trên văn bản đến được coi là tin cậy khi chứng thư của người ký dẫn về một chứng thư trong danh sách này: chứng thư gốc của Trung tâm Chứng
        thực điện tử quốc gia (Bộ Thông tin và Truyền thông), chuỗi chứng thư của Ban Cơ yếu Chính phủ (CA chuyên dùng Chính phủ). Chỉ nhập chứng thư của tổ
        chức chứng thực (CA), lấy từ nguồn chính thức.
      </p>
      {data && "message" in data ? (
        <p className="notice" role="status">
          {data.message}
        </p>
      ) : null}
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">Tên gợi nhớ</th>
              <th scope="col">Chủ thể</th>
              <th scope="col">Cấp bởi</th>
              <th scope="col">Hiệu lực</th>
              <th scope="col">Dấu vân tay SHA-256</th>
              <ActionsHeader />
            </tr>
          </thead>
          <tbody>
            {anchors.map((a) => {
              const expired = toVietnamDate(new Date(a.validTo)) < today;
              return (
                <tr key={a.fingerprint}>
                  <td>{a.label || (a.source === "keys" ? "Thư mục khóa của máy chủ" : "")}</td>
                  <td>{a.subject}</td>
                  <td>{a.selfSigned ? "Tự cấp (gốc)" : a.issuer}</td>
                  <td className="nowrap">
                    {formatDateVi(toVietnamDate(new Date(a.validFrom)))} – {formatDateVi(toVietnamDate(new Date(a.validTo)))}
                    {expired ? (
                      <>
                        {" "}
                        <span className="badge overdue">Hết hạn</span>
                      </>
                    ) : null}
                  </td>
                  <td>
                    <code title={a.fingerprint}>{a.fingerprint.slice(0, 16)}…</code>
                  </td>
                  <td>
                    {a.source === "admin" ? (
                      <Form method="post">
                        <input type="hidden" name="intent" value="remove" />
                        <input type="hidden" name="fingerprint" value={a.fingerprint} />
                        <button type="submit" className="secondary" aria-label={`Gỡ chứng thư ${a.subject}`}>
                          Gỡ
                        </button>
                      </Form>
                    ) : (
                      <span className="muted">Cấu hình máy chủ</span>
                    )}
                  </td>
                </tr>
              );
            })}
            {anchors.length === 0 ? (
              <EmptyRow colSpan={6}>Chưa có chứng thư gốc tin cậy nào: mọi chữ ký số sẽ được báo là "không thuộc danh sách tin cậy".</EmptyRow>
            ) : null}
          </tbody>
        </table>
      </div>
      <section className="card" style={{ marginTop: "1rem" }}>
        <h2>Thêm chứng thư</h2>
        <Form method="post" encType="multipart/form-data" className="stack">
          <input type="hidden" name="intent" value="add" />
          <FormError data={data} />
          <div className="form-grid">
            <Field id="label" label="Tên gợi nhớ" error={fieldError(data, "label")}>
              {(p) => <input {...p} name="label" type="text" placeholder="Root CA Bộ Thông tin và Truyền thông" defaultValue={submittedValue(data, "label")} />}
            </Field>
            <Field id="file" label="Tệp chứng thư (.pem, .crt, .cer)" error={fieldError(data, "file") ?? fieldError(data, "certificate")}>
              {(p) => <input {...p} name="file" type="file" accept=".pem,.crt,.cer,.der" />}
            </Field>
          </div>
          <Field id="pem" label="Hoặc dán nội dung PEM (một hay nhiều khối BEGIN CERTIFICATE)" error={fieldError(data, "pem")}>
            {(p) => <textarea {...p} name="pem" rows={8} spellCheck={false} defaultValue={submittedValue(data, "pem")} />}
          </Field>
          <div className="actions">
            <button type="submit">Thêm vào danh sách tin cậy</button>
          </div>
        </Form>
      </section>
    </>
  );
}
