// /case-files/:id — one case file: metadata (Thông tư 01/2019) and its correction while open, its documents in order,
// bulk filing (documents and task evidence), removal while open, closing (kết thúc hồ sơ), nộp lưu, the archive
// package (ZIP), the destruction decision of a destroyed file, and the processing trail. Handed-over and destroyed
// files are read-only (the services refuse).
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import type { ReactNode } from "react";
import { z } from "zod";
import { requirePermission, serviceContextFor } from "#app/platform/auth/auth.server";
import type { PermissionKey } from "#app/platform/auth/roles";
import { formatDateTimeVi, formatDateVi } from "#app/domain/shared/dates";
import { CASE_FILE_ACCESS_LABELS, CASE_FILE_NOTE_MAX, CASE_FILE_TITLE_MAX } from "#app/domain/casefiles/casefiles";
import {
  addDocumentsToCaseFile,
  closeCaseFile,
  getCaseFile,
  handOverCaseFiles,
  listDocumentsToFile,
  listEvidenceToFile,
  removeDocumentFromCaseFile,
  updateCaseFile,
  type FiledDocumentInfo,
} from "#app/features/casefiles/index";
import { actionErrorResponse, parseFormData, rethrowAsResponse } from "#app/utils/http.server";
import { parseIdParam } from "#app/utils/params";
import { Field, FormError, fieldError, submittedValue } from "#app/components/ui/form";

export const meta: MetaFunction = () => [{ title: "Hồ sơ · Văn phòng điện tử" }];

const PERMS: PermissionKey[] = ["manage:casefile", "archive:casefile", "approve:casefile-list"];
const Ref = z.string().regex(/^(incoming|outgoing|evidence):\d+$/);
const ActionSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("add"), docs: z.union([Ref, z.array(Ref)]).transform((v) => (Array.isArray(v) ? v : [v])) }),
  z.object({ intent: z.literal("remove"), doc: Ref }),
  z.object({ intent: z.literal("close"), version: z.coerce.number().int() }),
  z.object({
    intent: z.literal("edit"),
    version: z.coerce.number().int(),
    title: z.string().trim().min(1, "Nhập tiêu đề hồ sơ").max(CASE_FILE_TITLE_MAX),
    access: z.enum(["open", "restricted"]),
    note: z.string().max(CASE_FILE_NOTE_MAX).default(""),
    retention: z.string().max(20).optional(),
  }),
  z.object({ intent: z.literal("hand_over"), delivererUserId: z.coerce.number().int().positive() }),
]);
const toRef = (s: string) => {
  const [kind, id] = s.split(":");
  return { kind: kind as "incoming" | "outgoing" | "evidence", documentId: Number(id) };
};

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requirePermission(request, PERMS);
  const ctx = serviceContextFor(request, actor);
  const id = parseIdParam(params, "fileId", "hồ sơ");
  try {
    return json({
      file: getCaseFile(ctx, { id }),
      choices: listDocumentsToFile(ctx, { caseFileId: id }),
      evidence: listEvidenceToFile(ctx, { caseFileId: id }),
    });
  } catch (error) {
    rethrowAsResponse(error);
  }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requirePermission(request, PERMS);
  const id = parseIdParam(params, "fileId", "hồ sơ");
  const formData = await request.formData();
  const parsed = parseFormData(formData, ActionSchema);
  if (!parsed.ok) return json(parsed, { status: 400 });
  const ctx = serviceContextFor(request, actor);
  const d = parsed.data;
  try {
    if (d.intent === "add") addDocumentsToCaseFile(ctx, { caseFileId: id, documents: d.docs.map(toRef) });
    else if (d.intent === "remove") removeDocumentFromCaseFile(ctx, { caseFileId: id, ...toRef(d.doc) });
    else if (d.intent === "close") closeCaseFile(ctx, { caseFileId: id, version: d.version });
    else if (d.intent === "edit") {
      const updated = updateCaseFile(ctx, {
        caseFileId: id,
        version: d.version,
        title: d.title,
        access: d.access,
        note: d.note,
        retention: d.retention || undefined,
      });
      return redirect(`/case-files/${id}?done=${updated.changed.length ? "edit" : "unchanged"}`);
    } else await handOverCaseFiles(ctx, { caseFileIds: [id], delivererUserId: d.delivererUserId });
    return redirect(`/case-files/${id}?done=${d.intent}`);
  } catch (error) {
    return actionErrorResponse(error, formData);
  }
}

const DONE: Record<string, string> = {
  opened: "Đã mở hồ sơ.",
  add: "Đã đưa văn bản vào hồ sơ.",
  remove: "Đã rút văn bản khỏi hồ sơ.",
  close: "Đã kết thúc hồ sơ: nội dung hồ sơ không thay đổi được nữa.",
  hand_over: "Đã nhận hồ sơ vào Lưu trữ cơ quan (nộp lưu).",
  edit: "Đã cập nhật thông tin hồ sơ.",
  unchanged: "Thông tin hồ sơ không thay đổi.",
};
const d = (iso: string | null) => (iso ? formatDateVi(iso) : "—");

export default function CaseFilePage() {
  const { file, choices, evidence } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const [params] = useSearchParams();
  const done = params.get("opened") ? "opened" : params.get("done");
  const can = (a: string) => (file.actions as string[]).includes(a);
  return (
    <>
      <div className="page-header">
        <h1>
          Hồ sơ {file.fileNotation}: {file.title}
        </h1>
        <Link to={`/case-files?year=${file.year}`} className="button secondary no-print">
          Hồ sơ năm {file.year}
        </Link>
      </div>
      {done && DONE[done] ? (
        <p className="success" role="status">
          {DONE[done]}
        </p>
      ) : null}
      {file.status === "handed_over" ? <p className="notice">Hồ sơ đã nộp lưu vào Lưu trữ cơ quan: chỉ được xem.</p> : null}
      {file.destruction ? (
        <section className="notice" aria-labelledby="destruction-title">
          <h2 id="destruction-title">Đã hủy theo quyết định</h2>
          <p>
            Quyết định số {file.destruction.decisionNumber} ngày {formatDateVi(file.destruction.decisionDate)}
            {file.destruction.signerName ? `, người ký: ${file.destruction.signerName}` : ""}.
            {file.destruction.basis ? ` Căn cứ: ${file.destruction.basis}.` : ""} Lý do: {file.destruction.reason}
          </p>
          <p className="muted">
            Ghi nhận bởi {file.destruction.recordedByName} lúc {formatDateTimeVi(new Date(file.destruction.at))}. Mục lục văn bản và nhật ký của hồ sơ vẫn được
            giữ.
          </p>
        </section>
      ) : null}
      {file.isDueForReview ? (
        <p className="notice no-print">
          Hồ sơ đã hết thời hạn bảo quản: <Link to="/case-files/retention">xem xét hủy trong danh sách hồ sơ đến hạn</Link>.
        </p>
      ) : null}
      <FormError data={data} />
      <section className="card" aria-labelledby="meta-title">
        <h2 id="meta-title">Thông tin hồ sơ</h2>
        <dl className="meta-grid">
          <dt>Mã hồ sơ</dt>
          <dd>{file.fileCode}</dd>
          <dt>Trạng thái</dt>
          <dd>
            {file.statusLabel} {file.adHoc ? <span className="badge due-soon">Ngoài danh mục</span> : null}
          </dd>
          <dt>Thời gian tài liệu</dt>
          <dd>
            {d(file.startDate)} – {d(file.endDate)}
          </dd>
          <dt>Thời hạn bảo quản</dt>
          <dd>
            {file.retentionText}
            {file.reviewDate ? <span className="muted"> (xét hủy từ {formatDateVi(file.reviewDate)})</span> : null}
          </dd>
          <dt>Chế độ sử dụng</dt>
          <dd>{CASE_FILE_ACCESS_LABELS[file.access]}</dd>
          <dt>Ngôn ngữ</dt>
          <dd>{file.language}</dd>
          <dt>Người lập hồ sơ</dt>
          <dd>
            {file.creatorName} ({file.unitName})
          </dd>
          <dt>Số văn bản / số trang</dt>
          <dd>
            {file.documentCount} / {file.pageCount}
          </dd>
          {file.handoverDue ? (
            <>
              <dt>Hạn nộp lưu</dt>
              <dd>{formatDateVi(file.handoverDue)}</dd>
            </>
          ) : null}
        </dl>
        {can("hand_over") ? (
          <Form method="post" className="no-print">
            <input type="hidden" name="intent" value="hand_over" />
            <input type="hidden" name="delivererUserId" value={file.creatorId} />
            <button type="submit">Nhận nộp lưu (bên giao: {file.creatorName})</button>
          </Form>
        ) : null}
        {file.handoverId ? (
          <p className="no-print">
            Nộp lưu: <a href={`/resources/case-files/handovers/${file.handoverId}/record.pdf`}>Biên bản giao nhận (PDF)</a> ·{" "}
            <a href={`/resources/case-files/handovers/${file.handoverId}/record.xlsx`}>(XLSX)</a> ·{" "}
            <a href={`/resources/case-files/handovers/${file.handoverId}/list.pdf`}>Mục lục hồ sơ nộp lưu (PDF)</a> ·{" "}
            <a href={`/resources/case-files/handovers/${file.handoverId}/list.xlsx`}>(XLSX)</a>
          </p>
        ) : null}
        {file.canExport ? (
          <p className="no-print">
            <a href={`/resources/case-files/${file.id}/package.zip`} download>
              Tải gói lưu trữ (ZIP)
            </a>{" "}
            <span className="muted">— tệp PDF của văn bản, thông tin đầu vào, nhật ký, manifest SHA-256; kiểm tra bằng lệnh casefile:verify</span>
          </p>
        ) : null}
        {can("close") ? (
          <Form method="post" className="no-print">
            <input type="hidden" name="intent" value="close" />
            <input type="hidden" name="version" value={file.version} />
            <button type="submit">Kết thúc hồ sơ</button>
          </Form>
        ) : null}
      </section>
      {can("edit") ? (
        <section className="card no-print" aria-labelledby="edit-title" style={{ marginTop: "1rem" }}>
          <h2 id="edit-title">Sửa thông tin hồ sơ</h2>
          <Form method="post" className="form-grid">
            <input type="hidden" name="intent" value="edit" />
            <input type="hidden" name="version" value={file.version} />
            <Field id="edit-title-input" label="Tiêu đề hồ sơ" error={fieldError(data, "title")}>
              {(p) => <input {...p} name="title" maxLength={CASE_FILE_TITLE_MAX} required defaultValue={submittedValue(data, "title", file.title)} />}
            </Field>
            <Field id="edit-access" label="Chế độ sử dụng" error={fieldError(data, "access")}>
              {(p) => (
                <select {...p} name="access" defaultValue={submittedValue(data, "access", file.access)}>
                  <option value="open">{CASE_FILE_ACCESS_LABELS.open}</option>
                  <option value="restricted">{CASE_FILE_ACCESS_LABELS.restricted}</option>
                </select>
              )}
            </Field>
            {file.canEditRetention ? (
              <Field id="edit-retention" label="Thời hạn bảo quản" hint="Số năm (ví dụ: 10 năm) hoặc Vĩnh viễn" error={fieldError(data, "retention")}>
                {(p) => <input {...p} name="retention" maxLength={20} defaultValue={submittedValue(data, "retention", file.retentionText)} />}
              </Field>
            ) : null}
            <Field id="edit-note" label="Ghi chú" error={fieldError(data, "note")}>
              {(p) => <textarea {...p} name="note" rows={2} maxLength={CASE_FILE_NOTE_MAX} defaultValue={submittedValue(data, "note", file.note)} />}
            </Field>
            <div className="actions">
              <button type="submit">Lưu thông tin hồ sơ</button>
            </div>
          </Form>
          {!file.canEditRetention ? <p className="muted">Thời hạn bảo quản theo danh mục hồ sơ đã duyệt.</p> : null}
        </section>
      ) : null}
      <section className="card" aria-labelledby="docs-title" style={{ marginTop: "1rem" }}>
        <h2 id="docs-title">Mục lục văn bản trong hồ sơ</h2>
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">Số thứ tự</th>
                <th scope="col">Số, ký hiệu</th>
                <th scope="col">Ngày văn bản</th>
                <th scope="col">Tác giả</th>
                <th scope="col">Trích yếu nội dung</th>
                <th scope="col">Số trang</th>
                {can("remove_document") ? (
                  <th scope="col" className="no-print">
                    Thao tác
                  </th>
                ) : null}
              </tr>
            </thead>
            <tbody>
              {file.documents.map((doc) => (
                <tr key={`${doc.kind}:${doc.documentId}`}>
                  <td>{doc.order}</td>
                  <td className="nowrap">
                    <Link to={doc.link}>{doc.numberSymbol || (doc.kind === "evidence" ? "(không số)" : "(chưa có số)")}</Link>
                    <div className="muted">{KIND_LABELS[doc.kind]}</div>
                  </td>
                  <td className="nowrap">{d(doc.issuedDate)}</td>
                  <td>{doc.issuerName}</td>
                  <td>{doc.summary}</td>
                  <td>{doc.pageCount ?? "—"}</td>
                  {can("remove_document") ? (
                    <td className="no-print">
                      <Form method="post">
                        <input type="hidden" name="intent" value="remove" />
                        <input type="hidden" name="doc" value={`${doc.kind}:${doc.documentId}`} />
                        <button type="submit" className="secondary" aria-label={`Rút văn bản số thứ tự ${doc.order} khỏi hồ sơ`}>
                          Rút khỏi hồ sơ
                        </button>
                      </Form>
                    </td>
                  ) : null}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        {file.documents.length === 0 ? <p className="muted">Hồ sơ chưa có văn bản nào.</p> : null}
      </section>
      {can("add_document") && (choices.length || evidence.length) ? (
        <section className="card no-print" aria-labelledby="add-title" style={{ marginTop: "1rem" }}>
          <h2 id="add-title">Đưa văn bản vào hồ sơ</h2>
          <Form method="post">
            <input type="hidden" name="intent" value="add" />
            {choices.length ? (
              <ChoiceList
                legend="Văn bản đến đã đăng ký, văn bản đi đã phát hành"
                items={choices}
                label={(c) => `${c.kind === "incoming" ? "Đến" : "Đi"} · ${c.numberSymbol || "(chưa có số)"} · ${d(c.issuedDate)} · ${c.summary}`}
              />
            ) : null}
            {evidence.length ? (
              <ChoiceList
                legend="Minh chứng (tài liệu kiểm chứng) của nhiệm vụ kế hoạch"
                items={evidence}
                label={(c) => (
                  <>
                    {c.numberSymbol ? `${c.numberSymbol} · ` : ""}
                    {d(c.issuedDate)} · {c.summary} <span className="muted">(nhiệm vụ: {c.evidenceOf?.TaskTitle})</span>
                  </>
                )}
              />
            ) : null}
            <div className="actions">
              <button type="submit">Đưa các văn bản đã chọn vào hồ sơ</button>
            </div>
          </Form>
        </section>
      ) : null}
      <section className="card" aria-labelledby="trail-title" style={{ marginTop: "1rem" }}>
        <h2 id="trail-title">Nhật ký hồ sơ</h2>
        <ul>
          {file.trail.map((t) => (
            <li key={t.id}>
              {formatDateTimeVi(new Date(t.at))} · {t.actorName ?? "Hệ thống"} · {TRAIL_LABELS[t.action] ?? t.action}
              {t.detail && typeof t.detail.order === "number" ? ` (số thứ tự ${t.detail.order})` : ""}
            </li>
          ))}
        </ul>
      </section>
    </>
  );
}

const KIND_LABELS: Record<FiledDocumentInfo["kind"], string> = { incoming: "Văn bản đến", outgoing: "Văn bản đi", evidence: "Minh chứng nhiệm vụ" };

type Choice = Pick<FiledDocumentInfo, "kind" | "documentId" | "numberSymbol" | "issuedDate" | "summary" | "evidenceOf">;

function ChoiceList({ legend, items, label }: { legend: string; items: Choice[]; label: (c: Choice) => ReactNode }) {
  return (
    <fieldset>
      <legend>{legend}</legend>
      {items.map((c) => (
        <div key={`${c.kind}:${c.documentId}`}>
          <label>
            <input type="checkbox" name="docs" value={`${c.kind}:${c.documentId}`} /> {label(c)}
          </label>
        </div>
      ))}
    </fieldset>
  );
}

const TRAIL_LABELS: Record<string, string> = {
  "casefile.open": "Mở hồ sơ",
  "casefile.add_document": "Đưa văn bản vào hồ sơ",
  "casefile.remove_document": "Rút văn bản khỏi hồ sơ",
  "casefile.close": "Kết thúc hồ sơ",
  "casefile.export": "Xuất gói lưu trữ",
  "casefile.hand_over": "Nộp lưu",
  "casefile.destroy": "Hủy theo quyết định",
  "casefile.edit": "Sửa thông tin hồ sơ",
};
