import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { joinListItems } from "#app/domain/shared/text";
import { json } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import { requirePermission, serviceContextFor } from "#app/platform/auth/auth.server";
import {
  approveOutgoingDocument,
  approveOutgoingOnPaper,
  getOutgoingDocument,
  getOutgoingSignatures,
  recallOutgoingDocument,
  returnOutgoingDocument,
  submitOutgoingDocument,
} from "#app/features/outgoing/index";
import { formatDateTimeVi, formatDateVi } from "#app/domain/shared/dates";
import { SECRET_NOTICE } from "#app/domain/outgoing/workflow";
import { Field, FormError, fieldError } from "#app/components/ui/form";
import { PdfViewer } from "#app/components/ui/pdf-viewer";
import { withQuery } from "#app/utils/url";
import { actionErrorResponse, parseFormData, rethrowAsResponse } from "#app/utils/http.server";
import { OUTGOING_PERMISSIONS } from "./outgoing._index";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.detail.document.numberSymbol ?? "Văn bản đi"} · Văn phòng điện tử` }];

export const OutgoingActionSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("submit"), version: z.coerce.number().int() }),
  z.object({ intent: z.literal("approve"), version: z.coerce.number().int(), comment: z.string().trim().max(2000).optional() }),
  z.object({ intent: z.literal("return"), version: z.coerce.number().int(), comment: z.string().trim().min(1, "Nhập ý kiến khi trả lại dự thảo").max(2000) }),
  z.object({ intent: z.literal("approve_paper"), version: z.coerce.number().int(), comment: z.string().trim().max(2000).optional() }),
  z.object({ intent: z.literal("recall"), reason: z.string().trim().min(1, "Nhập lý do thu hồi").max(2000) }),
]);

const DELIVERY_LABELS: Record<string, string> = {
  received: "Đã đến (chờ vào sổ)",
  registered: "Đã vào sổ",
  routed: "Đã phân phối",
  in_progress: "Đang xử lý",
  completed: "Đã hoàn thành",
  returned: "Bị trả lại",
  recalled: "Đã thu hồi",
  sending: "Đang gửi (edXML)",
  recall_refused: "Từ chối thu hồi",
};

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requirePermission(request, [...OUTGOING_PERMISSIONS]);
  const ctx = serviceContextFor(request, actor);
  try {
    const id = Number(params.documentId);
    const detail = getOutgoingDocument(ctx, id);
    const signatures = await getOutgoingSignatures(ctx, id);
    return json({ detail, signatures, canDraftReplacement: actor.permissions.includes("draft:outgoing") });
  } catch (error) {
    rethrowAsResponse(error);
  }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requirePermission(request, [...OUTGOING_PERMISSIONS, "recall:outgoing"]);
  const formData = await request.formData();
  const parsed = parseFormData(formData, OutgoingActionSchema);
  if (!parsed.ok) return json(parsed, { status: 400 });
  const ctx = serviceContextFor(request, actor);
  const documentId = Number(params.documentId);
  try {
    const d = parsed.data;
    switch (d.intent) {
      case "submit":
        submitOutgoingDocument(ctx, { documentId, version: d.version });
        return json({ ok: true as const, message: "Đã trình dự thảo." });
      case "approve":
        approveOutgoingDocument(ctx, { documentId, version: d.version, comment: d.comment || null });
        return json({ ok: true as const, message: "Đã duyệt, chuyển bước tiếp theo." });
      case "return":
        returnOutgoingDocument(ctx, { documentId, version: d.version, comment: d.comment });
        return json({ ok: true as const, message: "Đã trả lại dự thảo cho người soạn thảo." });
      case "approve_paper":
        approveOutgoingOnPaper(ctx, { documentId, version: d.version, comment: d.comment || null });
        return json({ ok: true as const, message: "Đã duyệt ký (bản giấy); văn thư cấp số, đăng ký vào sổ văn bản đi mật." });
      case "recall":
        recallOutgoingDocument(ctx, { documentId, reason: d.reason });
        return json({ ok: true as const, message: "Đã thu hồi văn bản." });
    }
  } catch (error) {
    return actionErrorResponse(error, formData);
  }
}

export default function OutgoingDetail() {
  const { detail, signatures, canDraftReplacement } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const [params] = useSearchParams();
  const d = detail.document;
  const has = (a: string) => detail.actions.includes(a as never);
  const fileUrl = (kind: string, n?: number) => withQuery(`/resources/outgoing/${d.id}/file`, { kind, n });
  const isReviewStep = d.status === "dept_review" || d.status === "office_review";
  return (
    <>
      <div className="page-header">
        <h1>
          {d.docTypeName}: {d.summary}
        </h1>
        <p>
          <Link to="/outgoing">← Danh sách văn bản đi</Link>
        </p>
      </div>
      {params.get("created") ? <p className="success" role="status">Đã lưu dự thảo.</p> : null}
      {params.get("revised") ? <p className="success" role="status">Đã lưu phiên bản mới của dự thảo.</p> : null}
      {params.get("signed") ? <p className="success" role="status">Đã ký số văn bản.</p> : null}
      {params.get("issued") ? (
        <p className="success" role="status">
          {detail.isSecret ? "Đã cấp số và đăng ký văn bản mật vào sổ văn bản đi mật." : "Đã cấp số, ký số cơ quan và phát hành văn bản."}
        </p>
      ) : null}
      {detail.isSecret ? (
        <p className="notice" role="note" data-testid="secret-notice">
          <span className="badge secret">{d.confidentialityLabel}</span> {SECRET_NOTICE}.
        </p>
      ) : null}
      {data && "ok" in data && data.ok ? <p className="success" role="status">{data.message}</p> : null}
      <FormError data={data} />
      {d.status === "recalled" ? (
        <p className="notice" role="note">
          Văn bản đã bị thu hồi{d.recalledAt ? ` lúc ${formatDateTimeVi(new Date(d.recalledAt))}` : ""}. Lý do: {d.recallReason}
        </p>
      ) : null}
      {d.status === "draft" && d.lastComment ? (
        <p className="notice" role="note">
          Dự thảo bị trả lại: {d.lastComment}
        </p>
      ) : null}

      <section className="card" aria-labelledby="info-title">
        <h2 id="info-title">Thông tin văn bản</h2>
        <dl className="meta-grid">
          <dt>Trạng thái</dt>
          <dd data-testid="outgoing-status">{d.statusLabel}</dd>
          <dt>Số, ký hiệu</dt>
          <dd data-testid="outgoing-number">{d.numberSymbol ?? "Chưa cấp số"}</dd>
          {d.issuedDate ? (
            <>
              <dt>Ngày ban hành</dt>
              <dd>{formatDateVi(d.issuedDate)}</dd>
            </>
          ) : null}
          <dt>Cơ quan ban hành, đơn vị soạn thảo</dt>
          <dd>
            {detail.organizationName} — {detail.draftingUnitName}
          </dd>
          <dt>Người soạn thảo</dt>
          <dd>{detail.creatorName}</dd>
          <dt>Người ký</dt>
          <dd>
            {d.signingAuthority ? `${d.signingAuthority} ` : ""}
            {d.signerTitle} {detail.signerName}
            {detail.signedByName && d.signedAt
              ? d.signingMethod === "paper"
                ? ` (đã duyệt ký bản giấy ${formatDateTimeVi(new Date(d.signedAt))})`
                : ` (đã ký ${formatDateTimeVi(new Date(d.signedAt))})`
              : ""}
          </dd>
          {detail.officeInitialByName ? (
            <>
              <dt>Kiểm tra thể thức, ký nháy</dt>
              <dd>
                {detail.officeInitialByName}
                {d.officeInitialAt ? `, ${formatDateTimeVi(new Date(d.officeInitialAt))}` : ""}
              </dd>
            </>
          ) : null}
          <dt>Độ khẩn, độ mật</dt>
          <dd>
            {d.urgencyLabel}, {d.confidentialityLabel}
          </dd>
          {detail.isSecret ? (
            <>
              <dt>Hình thức</dt>
              <dd>Bản giấy (hệ thống chỉ lưu thông tin quản lý){d.copies ? `; số lượng bản: ${d.copies}` : ""}</dd>
            </>
          ) : (
            <>
              <dt>Số trang</dt>
              <dd>{d.pageCount ?? "—"}</dd>
            </>
          )}
          {detail.replaces ? (
            <>
              <dt>Thay thế văn bản</dt>
              <dd>
                <Link to={`/outgoing/${detail.replaces.id}`}>{detail.replaces.numberSymbol ?? `#${detail.replaces.id}`}</Link>
              </dd>
            </>
          ) : null}
          {detail.answers.length ? (
            <>
              <dt>Trả lời văn bản đến</dt>
              <dd>
                {detail.answers.map((a) => (
                  <Link key={a.id} to={`/incoming/${a.id}`}>
                    {a.numberSymbol} của {a.issuerName}{" "}
                  </Link>
                ))}
              </dd>
            </>
          ) : null}
          {detail.replacedBy.length ? (
            <>
              <dt>Được thay thế bởi</dt>
              <dd>
                {detail.replacedBy.map((r) => (
                  <Link key={r.id} to={`/outgoing/${r.id}`}>
                    {r.numberSymbol ?? `Dự thảo #${r.id}`}{" "}
                  </Link>
                ))}
              </dd>
            </>
          ) : null}
        </dl>
        <div className="actions no-print">
          {d.fileId && !detail.isSecret ? (
            <a className="button secondary" href={withQuery(fileUrl("current"), { download: 1 })} download>
              Tải tệp PDF
            </a>
          ) : null}
          {has("edit") ? (
            <Link className="button secondary" to={`/outgoing/${d.id}/edit`}>
              Sửa dự thảo
            </Link>
          ) : null}
          {has("sign") ? (
            <Link className="button" to={`/outgoing/${d.id}/sign`}>
              Ký số
            </Link>
          ) : null}
          {has("issue") ? (
            <Link className="button" to={`/outgoing/${d.id}/issue`}>
              Cấp số và phát hành
            </Link>
          ) : null}
          {has("issue_paper") ? (
            <Link className="button" to={`/outgoing/${d.id}/issue`}>
              Cấp số, đăng ký văn bản mật
            </Link>
          ) : null}
          {(d.status === "issued" || d.status === "recalled") && canDraftReplacement ? (
            <Link className="button secondary" to={`/outgoing/new?replaces=${d.id}`}>
              Soạn văn bản thay thế
            </Link>
          ) : null}
        </div>
      </section>

      {has("submit") || isReviewStep || d.status === "leader_review" || detail.canRecall ? (
        <section className="card no-print" aria-labelledby="process-title">
          <h2 id="process-title">Xử lý</h2>
          {has("submit") ? (
            <Form method="post" className="actions">
              <input type="hidden" name="version" value={d.version} />
              <button type="submit" name="intent" value="submit">
                Trình duyệt
              </button>
            </Form>
          ) : null}
          {has("approve") || has("return") || has("approve_paper") ? (
            <Form method="post" className="stack">
              <input type="hidden" name="version" value={d.version} />
              {has("approve_paper") ? (
                <p className="muted">Văn bản mật: bản gốc giấy được ký tay ngoài hệ thống. Xác nhận “Duyệt ký (bản giấy)” để văn thư cấp số, đăng ký vào sổ văn bản đi mật.</p>
              ) : null}
              <Field id="comment" label="Ý kiến" hint="Bắt buộc khi trả lại dự thảo." error={fieldError(data, "comment")}>
                {(p) => <textarea {...p} name="comment" rows={3} />}
              </Field>
              <div className="actions">
                {has("approve_paper") ? (
                  <button type="submit" name="intent" value="approve_paper">
                    Duyệt ký (bản giấy)
                  </button>
                ) : null}
                {has("approve") ? (
                  <button type="submit" name="intent" value="approve">
                    {d.status === "office_review" ? "Đạt thể thức, ký nháy và trình ký" : "Duyệt nội dung"}
                  </button>
                ) : null}
                {has("return") ? (
                  <button type="submit" name="intent" value="return" className="danger">
                    Trả lại
                  </button>
                ) : null}
              </div>
            </Form>
          ) : null}
          {detail.canRecall ? (
            <Form method="post" className="stack">
              <Field id="reason" label="Lý do thu hồi" error={fieldError(data, "reason")}>
                {(p) => <textarea {...p} name="reason" rows={2} />}
              </Field>
              <div className="actions">
                <button type="submit" name="intent" value="recall" className="danger">
                  Thu hồi văn bản
                </button>
              </div>
            </Form>
          ) : null}
          {!has("submit") && !has("approve") && !has("return") && !has("approve_paper") && !detail.canRecall ? <p className="muted">Văn bản đang chờ người khác xử lý.</p> : null}
        </section>
      ) : null}

      {d.fileId && !detail.isSecret ? (
        <section className="card" aria-labelledby="viewer-title">
          <h2 id="viewer-title">Nội dung văn bản</h2>
          <PdfViewer url={fileUrl("current")} title="Tệp PDF của văn bản" />
        </section>
      ) : null}

      {signatures.length && !detail.isSecret ? (
        <section className="card" aria-labelledby="signatures-title">
          <h2 id="signatures-title">Chữ ký số</h2>
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">Người ký</th>
                  <th scope="col">Thời điểm ký</th>
                  <th scope="col">Toàn vẹn</th>
                  <th scope="col">Chứng thư tin cậy</th>
                  <th scope="col">Thay đổi sau khi ký</th>
                </tr>
              </thead>
              <tbody>
                {signatures.map((s) => (
                  <tr key={s.fieldName}>
                    <td>{s.signerName}</td>
                    <td>{s.signedAt ? formatDateTimeVi(new Date(s.signedAt)) : "—"}</td>
                    <td>{s.valid ? <span className="badge ok">Hợp lệ</span> : <span className="badge overdue">Không hợp lệ</span>}</td>
                    <td>{s.trusted ? "Có" : "Không"}</td>
                    <td>{s.modifiedAfter ? "Có (ngoài điền số, ngày, ký tiếp)" : "Không"}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      ) : null}

      <section className="card" aria-labelledby="recipients-title">
        <h2 id="recipients-title">Nơi nhận</h2>
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">Nơi nhận</th>
                <th scope="col">Hình thức</th>
                <th scope="col">Tình trạng</th>
              </tr>
            </thead>
            <tbody>
              {detail.recipients.map((r) => {
                const status = r.kind === "internal" ? detail.deliveries.find((s) => s.recipientOrganizationId === r.recipientOrganizationId) : undefined;
                return (
                  <tr key={r.id} data-recipient={r.name}>
                    <td>
                      {r.name}
                      {r.identifier ? <span className="muted"> ({r.identifier})</span> : null}
                      {r.address ? <div className="muted">{r.address}</div> : null}
                    </td>
                    <td>{r.kind === "internal" ? "Liên thông điện tử" : "Bưu chính / thư điện tử"}</td>
                    <td data-testid="delivery-status">
                      {status
                        ? `${DELIVERY_LABELS[status.status] ?? status.status}${status.arrivalNumber ? ` — số đến ${status.arrivalNumber}` : ""}${status.returnReason ? `: ${status.returnReason}` : ""}`
                        : r.deliveredAt
                          ? `Đã gửi ${formatDateTimeVi(new Date(r.deliveredAt))}`
                          : d.status === "issued" && r.kind === "external"
                            ? detail.isSecret
                              ? "Gửi bản giấy"
                              : "Chờ gửi"
                            : "—"}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
        {(d.status === "issued" || d.status === "recalled") && !detail.isSecret && detail.recipients.some((r) => r.kind === "external") ? (
          <p className="actions no-print">
            Gói gửi ngoài hệ thống:{" "}
            <a href={fileUrl("issued")} download>
              Văn bản đã ký (PDF)
            </a>
            <a href={`/resources/outgoing/${d.id}/package`} download>
              Thông tin văn bản (JSON)
            </a>
          </p>
        ) : null}
        <p>
          <strong>Nơi nhận (in trên văn bản):</strong> {joinListItems(detail.distributionList)}. {d.archiveLine}
        </p>
      </section>

      {detail.attachments.length ? (
        <section className="card" aria-labelledby="attachments-title">
          <h2 id="attachments-title">Tài liệu kèm theo</h2>
          <ul>
            {detail.attachments.map((a) => (
              <li key={a.id}>
                <a href={fileUrl("attachment", a.id)} download>
                  {a.name}
                </a>{" "}
                <span className="muted">
                  ({Math.ceil(a.size / 1024)} KB{a.isSigned ? ", đã ký số cơ quan" : ""})
                </span>
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      <section className="card" aria-labelledby="revisions-title">
        <h2 id="revisions-title">Các phiên bản dự thảo</h2>
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">Lần</th>
                <th scope="col">Người lập, thời gian</th>
                <th scope="col">Ý kiến trả lại</th>
                <th scope="col">Tệp, so sánh</th>
              </tr>
            </thead>
            <tbody>
              {detail.revisions.map((r, i) => (
                <tr key={r.revision}>
                  <td>{r.revision}</td>
                  <td>
                    {r.createdByName}, {formatDateTimeVi(new Date(r.createdAt))}
                  </td>
                  <td>{r.returnComment ? `${r.returnComment} (${r.returnedByName ?? ""})` : "—"}</td>
                  <td className="actions">
                    {r.fileId ? (
                      <a href={fileUrl("revision", r.revision)} target="_blank" rel="noreferrer">
                        PDF lần {r.revision}
                      </a>
                    ) : null}
                    {i > 0 ? <Link to={`/outgoing/${d.id}/compare?from=${detail.revisions[i - 1].revision}&to=${r.revision}`}>So sánh với lần {detail.revisions[i - 1].revision}</Link> : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>

      <section className="card" aria-labelledby="trail-title">
        <h2 id="trail-title">Vết xử lý</h2>
        <ol className="trail">
          {detail.trail.map((t) => (
            <li key={t.id}>
              <span className="nowrap">{formatDateTimeVi(new Date(t.at))}</span> — {t.actorName ?? "Hệ thống"}: {TRAIL_LABELS[t.action] ?? t.action}
              {t.comment ? ` — “${t.comment}”` : ""}
            </li>
          ))}
        </ol>
      </section>
    </>
  );
}

const TRAIL_LABELS: Record<string, string> = {
  "outgoing.create": "Tạo dự thảo",
  "outgoing.revise": "Sửa dự thảo (phiên bản mới)",
  "outgoing.submit": "Trình duyệt",
  "outgoing.approve": "Duyệt",
  "outgoing.return": "Trả lại",
  "outgoing.sign": "Ký số (lãnh đạo)",
  "outgoing.approve_paper": "Duyệt ký (bản giấy)",
  "outgoing.issue": "Cấp số, ký số cơ quan, phát hành",
  "outgoing.issue_paper": "Cấp số, đăng ký vào sổ văn bản đi mật",
  "outgoing.recall": "Thu hồi",
};
