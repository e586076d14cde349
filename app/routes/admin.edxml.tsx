import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { requirePermission, serviceContextFor } from "#app/platform/auth/auth.server";
import { edxmlOverview, retryEdxmlPacketNow } from "#app/features/exchange/admin.server";
import { addDirectoryOrganization, upsertEdxmlPeer } from "#app/features/exchange/peers.server";
import { actionErrorResponse, parseFormData } from "#app/utils/http.server";
import { Field, FormError, fieldError, submittedValue } from "#app/components/ui/form";
import { EdxmlOverviewTables } from "#app/components/ui/edxml-overview";

export const meta: MetaFunction = () => [{ title: "Liên thông edXML · Quản trị" }];

const optional = z
  .string()
  .trim()
  .max(500, "Tối đa 500 ký tự")
  .optional()
  .transform((v) => v || null);

export const EdxmlAdminSchema = z.discriminatedUnion("intent", [
  z.object({
    intent: z.literal("peer"),
    name: z.string().trim().min(1, "Nhập tên kết nối").max(120),
    transport: z.enum(["http", "directory"]),
    url: optional,
    directory: optional,
    token: optional,
  }),
  z.object({
    intent: z.literal("organization"),
    organId: z.string().trim().min(1, "Nhập mã định danh"),
    name: z.string().trim().min(1, "Nhập tên cơ quan").max(250),
    peerName: optional,
  }),
  z.object({
    intent: z.literal("retry"),
    outboxId: z
      .string()
      .regex(/^\d{1,12}$/)
      .transform((v) => Number.parseInt(v, 10)),
  }),
]);

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requirePermission(request, "manage:organizations");
  const { db } = serviceContextFor(request, actor);
  return json(edxmlOverview(db));
}

export async function action({ request }: ActionFunctionArgs) {
  const actor = await requirePermission(request, "manage:organizations");
  const formData = await request.formData();
  const parsed = parseFormData(formData, EdxmlAdminSchema);
  if (!parsed.ok) return json(parsed, { status: 400 });
  const ctx = serviceContextFor(request, actor);
  try {
    const input = parsed.data;
    if (input.intent === "peer") {
      upsertEdxmlPeer(ctx.db, { ...input, keepToken: true, actorId: actor.id });
      return json({ ok: true as const, message: `Đã lưu kết nối "${input.name}".` });
    }
    if (input.intent === "organization") {
      addDirectoryOrganization(ctx.db, { ...input, actorId: actor.id });
      return json({ ok: true as const, message: `Đã lưu ${input.name} (${input.organId}).` });
    }
    retryEdxmlPacketNow(ctx, input.outboxId);
    return json({ ok: true as const, message: "Gói tin sẽ được gửi lại ở lượt tiếp theo." });
  } catch (error) {
    return actionErrorResponse(error, formData);
  }
}

export default function AdminEdxml() {
  const { peers, problems, refusals, accepted } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const intent = submittedValue(data, "intent");
  return (
    <>
      <h1>Liên thông edXML</h1>
      <p className="muted">
        Trao đổi văn bản với hệ thống của cơ quan khác theo QCVN 102:2016/BTTTT qua trục LGSP hoặc kết nối trực tiếp. Văn bản gửi tới một cơ quan thuộc kết nối
        dưới đây được đóng gói edXML, ký số bằng chứng thư của cơ quan và gửi tự động; gói tin không gửi được sẽ được thử lại.
      </p>
      {data && "message" in data ? (
        <p className="notice" role="status">
          {data.message}
        </p>
      ) : null}
      <EdxmlOverviewTables peers={peers} problems={problems} refusals={refusals} accepted={accepted} />

      <section className="card" style={{ marginTop: "1rem" }} aria-labelledby="peer-title">
        <h2 id="peer-title">Thêm hoặc sửa kết nối</h2>
        <Form method="post" className="stack">
          <input type="hidden" name="intent" value="peer" />
          {intent === "peer" ? <FormError data={data} /> : null}
          <div className="form-grid">
            <Field id="peer-name" label="Tên kết nối" error={intent === "peer" ? fieldError(data, "name") : undefined}>
              {(p) => (
                <input {...p} name="name" type="text" placeholder="LGSP tỉnh Cà Mau" defaultValue={intent === "peer" ? submittedValue(data, "name") : ""} />
              )}
            </Field>
            <Field id="peer-transport" label="Kênh">
              {(p) => (
                <select {...p} name="transport" defaultValue={intent === "peer" ? submittedValue(data, "transport", "http") : "http"}>
                  <option value="http">HTTP (địa chỉ và mã xác thực)</option>
                  <option value="directory">Thư mục trao đổi (qua phần mềm LGSP)</option>
                </select>
              )}
            </Field>
            <Field id="peer-url" label="Địa chỉ URL (kênh HTTP)" error={intent === "peer" ? fieldError(data, "url") : undefined}>
              {(p) => (
                <input
                  {...p}
                  name="url"
                  type="text"
                  inputMode="url"
                  placeholder="https://lgsp.camau.gov.vn/api/edxml"
                  defaultValue={intent === "peer" ? submittedValue(data, "url") : ""}
                />
              )}
            </Field>
            <Field id="peer-directory" label="Thư mục (kênh thư mục)" error={intent === "peer" ? fieldError(data, "directory") : undefined}>
              {(p) => (
                <input
                  {...p}
                  name="directory"
                  type="text"
                  placeholder="/srv/lgsp/exchange"
                  defaultValue={intent === "peer" ? submittedValue(data, "directory") : ""}
                />
              )}
            </Field>
            <Field
              id="peer-token"
              label="Mã xác thực dùng chung (ít nhất 32 ký tự)"
              hint="Để trống khi sửa để giữ mã đang dùng. Mã không bao giờ được hiển thị lại."
              error={intent === "peer" ? fieldError(data, "token") : undefined}
            >
              {(p) => <input {...p} name="token" type="password" autoComplete="off" />}
            </Field>
          </div>
          <div className="actions">
            <button type="submit">Lưu kết nối</button>
          </div>
        </Form>
      </section>

      <section className="card" style={{ marginTop: "1rem" }} aria-labelledby="org-title">
        <h2 id="org-title">Thêm cơ quan vào danh bạ liên thông</h2>
        <Form method="post" className="stack">
          <input type="hidden" name="intent" value="organization" />
          {intent === "organization" ? <FormError data={data} /> : null}
          <div className="form-grid">
            <Field id="org-organid" label="Mã định danh (000.00.00.H12)" error={intent === "organization" ? fieldError(data, "organId") : undefined}>
              {(p) => (
                <input
                  {...p}
                  name="organId"
                  type="text"
                  placeholder="000.00.00.H05"
                  defaultValue={intent === "organization" ? submittedValue(data, "organId") : ""}
                />
              )}
            </Field>
            <Field id="org-name" label="Tên cơ quan" error={intent === "organization" ? fieldError(data, "name") : undefined}>
              {(p) => <input {...p} name="name" type="text" defaultValue={intent === "organization" ? submittedValue(data, "name") : ""} />}
            </Field>
            <Field id="org-peer" label="Thuộc kết nối">
              {(p) => (
                <select {...p} name="peerName" defaultValue={intent === "organization" ? submittedValue(data, "peerName") : ""}>
                  <option value="">Dùng chính hệ thống này</option>
                  {peers.map((peer) => (
                    <option key={peer.id} value={peer.name}>
                      {peer.name}
                    </option>
                  ))}
                </select>
              )}
            </Field>
          </div>
          <div className="actions">
            <button type="submit">Lưu cơ quan</button>
          </div>
        </Form>
      </section>
    </>
  );
}
