import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { optionalDecimalIntegerField } from "#app/utils/form-fields";
import { joinListItems } from "#app/domain/shared/text";
import { json, redirect } from "@remix-run/node";
import { useEffect, useRef } from "react";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { requirePermission, serviceContextFor } from "#app/platform/auth/auth.server";
import { getOutgoingDocument, issueOutgoingDocument, issueSecretOutgoingDocument, proposeIssue } from "#app/features/outgoing/index";
import { formatDateVi } from "#app/domain/shared/dates";
import { SECRET_NOTICE } from "#app/domain/outgoing/workflow";
import { Field, FormError, fieldError, submittedValue } from "#app/components/ui/form";
import { PdfViewer } from "#app/components/ui/pdf-viewer";
import { actionErrorResponse, notFound, parseFormData, rethrowAsResponse } from "#app/utils/http.server";
import { CommonMessages } from "#app/messages/common";
import { OutgoingMessages } from "#app/messages/outgoing";
import { parseId } from "#app/utils/ids";
import { getSigningDevice } from "#app/platform/signing/pkcs11-signer.server";
import { signingAgentUrl } from "#app/platform/signing/agent-url.server";
import { DeviceIssuePanel } from "#app/components/outgoing/device-issue";

export const meta: MetaFunction = () => [{ title: "Cấp số, phát hành · Văn phòng điện tử" }];

// Decimal digits only: z.coerce.number() read "0x10" as 16 copies (issue 10).
const Copies = optionalDecimalIntegerField({ min: 1, max: 999 }).transform((v) => v ?? undefined);

export const IssueSchema = z.object({
  passphrase: z.string().min(1, OutgoingMessages.ORGANIZATION_PASSPHRASE_REQUIRED),
  copies: Copies,
});

/** Secret documents: number and register only (no passphrase, no PDF, no delivery). */
export const PaperIssueSchema = z.object({ intent: z.literal("issue_paper"), version: z.coerce.number().int().optional(), copies: Copies });

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requirePermission(request, "issue:outgoing");
  const ctx = serviceContextFor(request, actor);
  const id = parseId(params.documentId) ?? notFound(CommonMessages.NOT_FOUND("văn bản"));
  try {
    const detail = getOutgoingDocument(ctx, id);
    const proposal = detail.can.issue || detail.can.issuePaper ? proposeIssue(ctx, id) : null;
    // The seal on the clerk's own token (signing agent on this computer), when the organisation registered one.
    const ownDevice = proposal && !proposal.paper ? getSigningDevice(ctx.db, { organizationId: actor.organizationId }, "own_device") : undefined;
    return json({ detail, proposal, device: { name: ownDevice?.subjectName ?? null, agentUrl: signingAgentUrl() } });
  } catch (error) {
    rethrowAsResponse(error);
  }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requirePermission(request, "issue:outgoing");
  const documentId = parseId(params.documentId) ?? notFound(CommonMessages.NOT_FOUND("văn bản"));
  const formData = await request.formData();
  if (formData.get("intent") === "issue_paper") {
    const paper = parseFormData(formData, PaperIssueSchema);
    if (!paper.ok) return json(paper, { status: 400 });
    try {
      issueSecretOutgoingDocument(serviceContextFor(request, actor), { documentId, version: paper.data.version, copies: paper.data.copies ?? null });
    } catch (error) {
      return actionErrorResponse(error, formData);
    }
    return redirect(`/outgoing/${documentId}?issued=1`);
  }
  // A refused form keeps "Số lượng bản"; the passphrase is never echoed back (parseFormData and actionErrorResponse
  // leave secret fields out of the submitted values).
  const parsed = parseFormData(formData, IssueSchema);
  if (!parsed.ok) return json(parsed, { status: 400 });
  try {
    await issueOutgoingDocument(serviceContextFor(request, actor), { documentId, passphrase: parsed.data.passphrase, copies: parsed.data.copies ?? null });
  } catch (error) {
    return actionErrorResponse(error, formData);
  }
  return redirect(`/outgoing/${documentId}?issued=1`);
}

export default function IssueOutgoing() {
  const { detail, proposal, device } = useLoaderData<typeof loader>();
  const withToken = proposal?.organizationSignerCustody === "server_token";
  // The passphrase/PIN form when the organisation has a PKCS#12 or a server token (or nothing else to offer).
  const showSecretForm = !!proposal && (proposal.hasOrganizationCertificate || !device.name);
  const data = useActionData<typeof action>();
  const navigation = useNavigation();
  const formRef = useRef<HTMLFormElement>(null);
  // After a refused attempt only the passphrase field is emptied (it is never kept in the page); the copies stay.
  useEffect(() => {
    const passphrase = formRef.current?.elements.namedItem("passphrase");
    if (data && passphrase instanceof HTMLInputElement) passphrase.value = "";
  }, [data]);
  const d = detail.document;
  return (
    <>
      <h1>Cấp số và phát hành</h1>
      <p>
        <Link to={`/outgoing/${d.id}`}>← Quay lại văn bản</Link>
      </p>
      <p>
        <strong>{d.docTypeName}:</strong> {d.summary}
      </p>
      {!proposal ? <p className="notice">Văn bản không ở bước chờ cấp số.</p> : null}
      {detail.isSecret ? (
        <p className="notice" role="note" data-testid="secret-notice">
          {SECRET_NOTICE}.
        </p>
      ) : null}
      {proposal?.paper ? (
        <section className="card" aria-labelledby="proposal-title">
          <h2 id="proposal-title">Số và ngày ban hành đề xuất</h2>
          <dl>
            <dt>Sổ</dt>
            <dd>{proposal.bookName}</dd>
            <dt>Số, ký hiệu</dt>
            <dd data-testid="proposed-number">{proposal.numberSymbol}</dd>
            <dt>Ngày ban hành</dt>
            <dd>
              {formatDateVi(proposal.issuedDate)} — <em>{proposal.dateLine}</em>
            </dd>
            <dt>Lãnh đạo duyệt ký</dt>
            <dd>{d.signingMethodLabel ?? "—"}</dd>
            <dt>Nơi nhận (gửi bản giấy)</dt>
            <dd>{joinListItems(detail.recipients.map((r) => r.name)) || "—"}</dd>
          </dl>
          <p className="muted">
            Khi xác nhận, văn bản được cấp số tiếp theo trong sổ văn bản đi mật và đăng ký vào sổ. Ghi số, ngày lên bản gốc giấy, đóng dấu cơ quan, dấu độ mật
            và gửi bản giấy theo quy định bảo vệ bí mật nhà nước; hệ thống không lưu, không ký số, không gửi điện tử văn bản mật.
          </p>
          <Form method="post" className="stack" style={{ maxWidth: 420 }} noValidate>
            <FormError data={data} />
            <input type="hidden" name="intent" value="issue_paper" />
            <input type="hidden" name="version" value={d.version} />
            <CopiesField data={data} />
            <div className="actions">
              <button type="submit" disabled={navigation.state !== "idle"}>
                {navigation.state !== "idle" ? "Đang cấp số…" : "Cấp số và đăng ký"}
              </button>
            </div>
          </Form>
        </section>
      ) : null}
      {proposal && !proposal.paper ? (
        <section className="card" aria-labelledby="proposal-title">
          <h2 id="proposal-title">Số và ngày ban hành đề xuất</h2>
          <dl>
            <dt>Sổ</dt>
            <dd>{proposal.bookName}</dd>
            <dt>Số, ký hiệu</dt>
            <dd data-testid="proposed-number">{proposal.numberSymbol}</dd>
            <dt>Ngày ban hành</dt>
            <dd>
              {formatDateVi(proposal.issuedDate)} — <em>{proposal.dateLine}</em>
            </dd>
            <dt>Chứng thư số của cơ quan</dt>
            <dd>{proposal.organizationCertificateName ?? "Chưa có"}</dd>
            <dt>Nơi nhận</dt>
            <dd>{joinListItems(detail.recipients.map((r) => `${r.name.replace(/[;,.\s]+$/, "")}${r.kind === "internal" ? " (liên thông)" : ""}`)) || "—"}</dd>
          </dl>
          <p className="muted">
            Khi xác nhận, số, ngày và chữ ký số của cơ quan (hình con dấu) được thêm vào văn bản trong một lần ký; văn bản được đăng ký vào sổ và gửi đến các cơ
            quan nhận trong hệ thống. Số thực tế có thể tăng nếu văn thư khác vừa cấp số trước.
          </p>
          {showSecretForm ? (
            // noValidate: the server's Vietnamese messages, never the browser's English bubble ("Please fill out this field.").
            <Form method="post" className="stack" style={{ maxWidth: 420 }} ref={formRef} noValidate>
              <FormError data={data} />
              <Field
                id="passphrase"
                label={withToken ? "Mã PIN thiết bị ký số của cơ quan (máy chủ)" : "Mật khẩu chứng thư số của cơ quan"}
                error={fieldError(data, "passphrase")}
              >
                {(p) => <input {...p} type="password" name="passphrase" autoComplete="off" required />}
              </Field>
              <CopiesField data={data} />
              <div className="actions">
                <button type="submit" disabled={navigation.state !== "idle"}>
                  {navigation.state !== "idle" ? "Đang phát hành…" : "Cấp số, ký số và phát hành"}
                </button>
              </div>
            </Form>
          ) : null}
        </section>
      ) : null}
      {proposal && !proposal.paper ? <DeviceIssuePanel documentId={d.id} agentUrl={device.agentUrl} certificateName={device.name} /> : null}
      {detail.isSecret ? null : (
        <section className="card" aria-labelledby="viewer-title">
          <h2 id="viewer-title">Văn bản đã ký</h2>
          <PdfViewer url={`/resources/outgoing/${d.id}/file?kind=current`} title="Văn bản đã được lãnh đạo ký (PDF)" />
        </section>
      )}
    </>
  );
}

/** "Số lượng bản": decimal digits typed as text (a number input drops "1e1" or "abc" to an empty value unseen). */
function CopiesField({ data }: { data: unknown }) {
  return (
    <Field id="copies" label="Số lượng bản" hint="Mặc định: số nơi nhận + 1 bản lưu." error={fieldError(data, "copies")}>
      {(p) => <input {...p} type="text" inputMode="numeric" name="copies" size={5} defaultValue={submittedValue(data, "copies")} />}
    </Field>
  );
}
