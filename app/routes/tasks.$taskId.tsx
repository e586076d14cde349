import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import { requirePermission, serviceContextFor } from "#app/platform/auth/auth.server";
import { formatDateTimeVi, formatDateVi } from "#app/domain/shared/dates";
import { optionalVnDateField, vnDateField } from "#app/utils/form-fields";
import { TASK_STATUS_LABELS, TASK_STATUS_TRANSITIONS, TASK_STATUSES, TIMELINESS_LABELS, type TaskStatus } from "#app/domain/plans/progress";
import {
  addTaskEntry,
  attachEvidenceFile,
  attachEvidenceReference,
  changeTaskStatus,
  confirmTaskCompletion,
  getTaskDetail,
  removeEvidence,
  sendBackTaskCompletion,
  setTaskAnchorDate,
  setTaskDueDate,
} from "#app/features/plans/index";
import { actionErrorResponse, parseFormData, rethrowAsResponse } from "#app/utils/http.server";
import { EVIDENCE_UPLOAD_LIMITS, fileBytes, readUploadForm } from "#app/utils/upload.server";
import { Field, FormError, fieldError, submittedValue } from "#app/components/ui/form";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.task.title.slice(0, 60) ?? "Nhiệm vụ"} · Văn phòng điện tử` }];

const PERMS = ["manage:plan", "update:task:unit", "view:plan:all"] as const;
// dd/mm/yyyy (or ISO) with a message that says what is wrong ("31/02/2025": February has 28 days).
const viDate = (msg: string) => vnDateField(msg);
const optionalViDate = optionalVnDateField();
const optionalId = z
  .string()
  .optional()
  .transform((v) => (v ? Number(v) : null));

export const TaskActionSchema = z.discriminatedUnion("intent", [
  z.object({
    intent: z.literal("status"),
    version: z.coerce.number().int(),
    toStatus: z.enum(TASK_STATUSES, { errorMap: () => ({ message: "Chọn tình trạng" }) }),
    completedOn: optionalViDate,
    reason: z.string().trim().max(2000).optional(),
    document: z.string().trim().max(500).optional(),
    explanation: z.string().trim().max(4000).optional(),
    note: z.string().trim().max(2000).optional(),
  }),
  z.object({ intent: z.literal("confirm"), version: z.coerce.number().int(), note: z.string().trim().max(2000).optional() }),
  z.object({ intent: z.literal("send-back"), version: z.coerce.number().int(), reason: z.string().trim().min(1, "Nhập lý do trả lại").max(2000) }),
  z.object({ intent: z.enum(["note", "comment", "contribution"]), text: z.string().trim().min(1, "Nhập nội dung").max(4000) }),
  z.object({
    intent: z.literal("evidence-ref"),
    itemId: optionalId,
    documentNumber: z.string().trim().min(1, "Nhập số, ký hiệu văn bản").max(100),
    documentDate: optionalViDate,
    title: z.string().trim().min(1, "Nhập trích yếu").max(1000),
  }),
  z.object({ intent: z.literal("evidence-file"), itemId: optionalId, title: z.string().trim().max(500).optional() }),
  z.object({ intent: z.literal("remove-evidence"), evidenceId: z.coerce.number().int().positive() }),
  z.object({ intent: z.literal("anchor"), anchorDate: viDate("Nhập ngày của sự kiện mốc") }),
  z.object({ intent: z.literal("due-date"), dueDate: viDate("Nhập ngày hạn"), note: z.string().trim().max(500).optional() }),
]);

function taskIdOf(raw: string | undefined): number {
  const id = Number(raw);
  if (!Number.isInteger(id) || id <= 0) throw new Response("Không tìm thấy", { status: 404 });
  return id;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requirePermission(request, [...PERMS]);
  try {
    return json(getTaskDetail(serviceContextFor(request, actor), taskIdOf(params.taskId)));
  } catch (error) {
    rethrowAsResponse(error);
  }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requirePermission(request, [...PERMS]);
  const taskId = taskIdOf(params.taskId);
  const ctx = serviceContextFor(request, actor);
  const form = await readUploadForm(request, EVIDENCE_UPLOAD_LIMITS);
  if (!form.ok) return form.response;
  const formData = form.formData;
  const parsed = parseFormData(formData, TaskActionSchema);
  if (!parsed.ok) return json(parsed, { status: 400 });
  const d = parsed.data;
  try {
    let done = "updated";
    switch (d.intent) {
      case "status": {
        const r = changeTaskStatus(ctx, { taskId, version: d.version, toStatus: d.toStatus, completedOn: d.completedOn, reason: d.reason, document: d.document, explanation: d.explanation, note: d.note });
        done = r.status;
        break;
      }
      case "confirm":
        confirmTaskCompletion(ctx, { taskId, version: d.version, note: d.note });
        done = "confirmed";
        break;
      case "send-back":
        sendBackTaskCompletion(ctx, { taskId, version: d.version, reason: d.reason });
        done = "sent-back";
        break;
      case "note":
      case "comment":
      case "contribution":
        addTaskEntry(ctx, { taskId, kind: d.intent, text: d.text });
        break;
      case "evidence-ref":
        attachEvidenceReference(ctx, { taskId, itemId: d.itemId, documentNumber: d.documentNumber, documentDate: d.documentDate, title: d.title });
        done = "evidence";
        break;
      case "evidence-file": {
        const file = await fileBytes(formData, "file");
        if (!file) return json({ ok: false as const, formError: "Chọn tệp", fieldErrors: { file: "Chọn tệp" }, values: { intent: "evidence-file" } }, { status: 400 });
        await attachEvidenceFile(ctx, { taskId, itemId: d.itemId, bytes: file.bytes, fileName: file.name, title: d.title });
        done = "evidence";
        break;
      }
      case "remove-evidence":
        removeEvidence(ctx, { taskId, evidenceId: d.evidenceId });
        break;
      case "anchor":
        setTaskAnchorDate(ctx, { taskId, anchorDate: d.anchorDate });
        break;
      case "due-date":
        setTaskDueDate(ctx, { taskId, dueDate: d.dueDate, note: d.note });
        break;
    }
    return redirect(`/tasks/${taskId}?done=${done}`);
  } catch (error) {
    return actionErrorResponse(error, formData);
  }
}

const DONE_MESSAGES: Record<string, string> = {
  awaiting_confirmation: "Đã báo hoàn thành; chờ Sở Nội vụ xác nhận.",
  done: "Đã cập nhật: Hoàn thành.",
  confirmed: "Đã xác nhận hoàn thành.",
  "sent-back": "Đã trả lại nhiệm vụ cho đơn vị chủ trì.",
  evidence: "Đã đính kèm tài liệu kiểm chứng.",
  updated: "Đã cập nhật.",
};

export default function TaskPage() {
  const d = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const [params] = useSearchParams();
  const t = d.task;
  const intent = data && "values" in data ? (data.values as Record<string, string>).intent : undefined;
  const forIntent = (i: string) => (intent === i ? data : undefined);
  const choices = (TASK_STATUS_TRANSITIONS[t.status as TaskStatus] ?? []).filter((s) => s !== "awaiting_confirmation");
  const doneMsg = params.get("done");
  return (
    <>
      <p>
        <Link to={`/plans/${d.plan.id}`}>← {d.plan.title}</Link>
      </p>
      <h1>{t.title}</h1>
      {doneMsg ? (
        <p className="success" role="status">
          {(Object.hasOwn(DONE_MESSAGES, doneMsg) ? DONE_MESSAGES[doneMsg] : null) ?? DONE_MESSAGES.updated}
        </p>
      ) : null}
      <section className="card" aria-labelledby="info-title">
        <h2 id="info-title">Thông tin nhiệm vụ</h2>
        <dl className="form-grid">
          <div>
            <dt>Nhiệm vụ chung</dt>
            <dd>
              {d.area.code}. {d.area.title}
            </dd>
          </div>
          <div>
            <dt>Tình trạng</dt>
            <dd>
              <strong data-testid="task-status">{TASK_STATUS_LABELS[t.status as TaskStatus]}</strong>
              {t.completedOn ? ` (ngày hoàn thành ${formatDateVi(t.completedOn)})` : ""} · {TIMELINESS_LABELS[d.timeliness]}
              {t.statusReason ? <div className="muted">Lý do: {t.statusReason}</div> : null}
              {t.statusDocument ? <div className="muted">Văn bản: {t.statusDocument}</div> : null}
              {t.evidenceExplanation ? <div className="muted">Giải trình: {t.evidenceExplanation}</div> : null}
            </dd>
          </div>
          <div>
            <dt>Thời gian thực hiện, hoàn thành</dt>
            <dd>
              {t.deadlineText || "—"}
              <div className="muted">
                {t.dueDate ? `Hạn: ${formatDateVi(t.dueDate)}` : "Chưa có ngày hạn"}
                {t.anchorEvent ? ` · Sự kiện mốc: ${t.anchorEvent}${t.anchorDate ? ` (${formatDateVi(t.anchorDate)})` : ""}` : ""}
              </div>
              {t.dueDateNeedsInput ? <span className="badge due-soon">Cần nhập ngày</span> : null}
            </dd>
          </div>
          <div>
            <dt>Cơ quan chủ trì</dt>
            <dd style={{ whiteSpace: "pre-line" }}>{d.leadUnitName ?? <><span className="badge overdue">Chưa khớp danh mục</span> {t.leadUnitText}</>}</dd>
          </div>
          <div>
            <dt>Cơ quan phối hợp</dt>
            <dd>
              {t.cooperatingText || "—"}
              {t.cooperatingUnresolved.length ? <div className="muted">Chưa khớp danh mục: {t.cooperatingUnresolved.join("; ")}</div> : null}
            </dd>
          </div>
          {t.criterionCodes ? (
            <div>
              <dt>Tiêu chí Chỉ số CCHC</dt>
              <dd>{t.criterionCodes}</dd>
            </div>
          ) : null}
          <div>
            <dt>Trọng số</dt>
            <dd>{t.weight}</dd>
          </div>
          {t.note ? (
            <div>
              <dt>Ghi chú</dt>
              <dd>{t.note}</dd>
            </div>
          ) : null}
        </dl>
      </section>

      <section className="card" aria-labelledby="evidence-title">
        <h2 id="evidence-title">Tài liệu kiểm chứng</h2>
        <ul>
          {d.items.map((i) => (
            <li key={i.id}>
              {i.attached ? <span className="badge ok">Đã có</span> : <span className="badge overdue">Chưa có</span>} {i.description}
            </li>
          ))}
          {d.items.length === 0 ? <li className="muted">Kế hoạch không ghi tài liệu kiểm chứng phải chuẩn bị.</li> : null}
        </ul>
        {d.evidence.length ? (
          <div className="table-wrap">
            <table>
              <caption className="muted">Tài liệu đã đính kèm</caption>
              <thead>
                <tr>
                  <th scope="col">Tài liệu</th>
                  <th scope="col">Ứng với</th>
                  <th scope="col">Người đính kèm</th>
                  <th scope="col">
                    Thao tác
                  </th>
                </tr>
              </thead>
              <tbody>
                {d.evidence.map((e) => (
                  <tr key={e.id}>
                    <td>
                      {e.kind === "file" ? (
                        <a href={`/tasks/${t.id}/evidence/${e.id}`}>{e.title}</a>
                      ) : (
                        <>
                          {e.documentNumber}
                          {e.documentDate ? ` ngày ${formatDateVi(e.documentDate)}` : ""}: {e.title}
                        </>
                      )}
                    </td>
                    <td>{d.items.find((i) => i.id === e.itemId)?.description ?? "—"}</td>
                    <td>{e.attachedByName ?? "Hệ thống"}</td>
                    <td>
                      {d.perms.canUpdate && t.status !== "done" && t.status !== "awaiting_confirmation" ? (
                        <Form method="post">
                          <input type="hidden" name="intent" value="remove-evidence" />
                          <input type="hidden" name="evidenceId" value={e.id} />
                          <button type="submit" className="secondary" aria-label={`Gỡ tài liệu ${e.title}`}>
                            Gỡ
                          </button>
                        </Form>
                      ) : null}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : null}
        {d.perms.canUpdate || d.perms.canContribute ? (
          <div className="grid" style={{ gridTemplateColumns: "repeat(auto-fit, minmax(300px, 1fr))" }}>
            <Form method="post" className="stack" aria-labelledby="ref-title">
              <h3 id="ref-title">Liên kết văn bản</h3>
              <FormError data={forIntent("evidence-ref")} />
              <input type="hidden" name="intent" value="evidence-ref" />
              <ItemSelect id="ref-item" items={d.items} />
              <Field id="documentNumber" label="Số, ký hiệu" error={fieldError(forIntent("evidence-ref"), "documentNumber")}>
                {(p) => <input {...p} name="documentNumber" type="text" placeholder="343/BC-UBND" defaultValue={submittedValue(forIntent("evidence-ref"), "documentNumber")} />}
              </Field>
              <Field id="documentDate" label="Ngày văn bản" hint="dd/mm/yyyy" error={fieldError(forIntent("evidence-ref"), "documentDate")}>
                {(p) => <input {...p} name="documentDate" type="text" inputMode="numeric" defaultValue={submittedValue(forIntent("evidence-ref"), "documentDate")} />}
              </Field>
              <Field id="refTitle" label="Trích yếu" error={fieldError(forIntent("evidence-ref"), "title")}>
                {(p) => <input {...p} name="title" type="text" defaultValue={submittedValue(forIntent("evidence-ref"), "title")} />}
              </Field>
              <div className="actions">
                <button type="submit">Liên kết văn bản</button>
              </div>
            </Form>
            <Form method="post" encType="multipart/form-data" className="stack" aria-labelledby="file-title">
              <h3 id="file-title">Tải tệp lên</h3>
              <FormError data={forIntent("evidence-file")} />
              <input type="hidden" name="intent" value="evidence-file" />
              <ItemSelect id="file-item" items={d.items} />
              <Field id="evidenceFile" label="Tệp (PDF, DOCX, XLSX, ảnh)" error={fieldError(forIntent("evidence-file"), "file")}>
                {(p) => <input {...p} name="file" type="file" accept=".pdf,.docx,.xlsx,.png,.jpg,.jpeg" />}
              </Field>
              <Field id="fileTitle" label="Tên tài liệu (không bắt buộc)">
                {(p) => <input {...p} name="title" type="text" />}
              </Field>
              <div className="actions">
                <button type="submit">Tải lên</button>
              </div>
            </Form>
          </div>
        ) : null}
      </section>

      {d.perms.canManage && t.status === "awaiting_confirmation" ? (
        <section className="card" aria-labelledby="confirm-title">
          <h2 id="confirm-title">Xác nhận hoàn thành</h2>
          <FormError data={forIntent("confirm") ?? forIntent("send-back")} />
          <div className="grid" style={{ gridTemplateColumns: "repeat(auto-fit, minmax(300px, 1fr))" }}>
            <Form method="post" className="stack">
              <input type="hidden" name="intent" value="confirm" />
              <input type="hidden" name="version" value={t.version} />
              <Field id="confirmNote" label="Ý kiến (không bắt buộc)">
                {(p) => <input {...p} name="note" type="text" />}
              </Field>
              <div className="actions">
                <button type="submit">Xác nhận hoàn thành</button>
              </div>
            </Form>
            <Form method="post" className="stack">
              <input type="hidden" name="intent" value="send-back" />
              <input type="hidden" name="version" value={t.version} />
              <Field id="sendBackReason" label="Lý do trả lại" error={fieldError(forIntent("send-back"), "reason")}>
                {(p) => <textarea {...p} name="reason" rows={2} />}
              </Field>
              <div className="actions">
                <button type="submit" className="danger">
                  Trả lại
                </button>
              </div>
            </Form>
          </div>
        </section>
      ) : null}

      {d.perms.canUpdate && choices.length ? (
        <section className="card" aria-labelledby="status-title">
          <h2 id="status-title">Cập nhật tình trạng</h2>
          <Form method="post" className="stack">
            <FormError data={forIntent("status")} />
            <input type="hidden" name="intent" value="status" />
            <input type="hidden" name="version" value={t.version} />
            <div className="form-grid">
              <Field id="toStatus" label="Tình trạng mới" error={fieldError(forIntent("status"), "toStatus")}>
                {(p) => (
                  <select {...p} name="toStatus" defaultValue={submittedValue(forIntent("status"), "toStatus")}>
                    <option value="">— Chọn —</option>
                    {choices.map((s) => (
                      <option key={s} value={s}>
                        {TASK_STATUS_LABELS[s]}
                        {s === "done" && !d.perms.canManage ? " (chờ Sở Nội vụ xác nhận)" : ""}
                      </option>
                    ))}
                  </select>
                )}
              </Field>
              <Field id="completedOn" label="Ngày hoàn thành (khi Hoàn thành)" hint="dd/mm/yyyy" error={fieldError(forIntent("status"), "completedOn")}>
                {(p) => <input {...p} name="completedOn" type="text" inputMode="numeric" defaultValue={submittedValue(forIntent("status"), "completedOn")} />}
              </Field>
              <Field id="reason" label="Lý do (Tạm dừng, Chuyển kỳ sau)" error={fieldError(forIntent("status"), "reason")}>
                {(p) => <input {...p} name="reason" type="text" defaultValue={submittedValue(forIntent("status"), "reason")} />}
              </Field>
              <Field id="document" label="Văn bản quyết định (Không thực hiện)" error={fieldError(forIntent("status"), "document")}>
                {(p) => <input {...p} name="document" type="text" defaultValue={submittedValue(forIntent("status"), "document")} />}
              </Field>
            </div>
            <Field id="explanation" label="Giải trình (khi thiếu tài liệu kiểm chứng)" error={fieldError(forIntent("status"), "explanation")}>
              {(p) => <textarea {...p} name="explanation" rows={2} defaultValue={submittedValue(forIntent("status"), "explanation")} />}
            </Field>
            {d.missingEvidence.length ? <p className="muted">Còn thiếu: {d.missingEvidence.join("; ")}.</p> : null}
            <div className="actions">
              <button type="submit">Cập nhật tình trạng</button>
            </div>
          </Form>
        </section>
      ) : null}

      {d.perms.canUpdate && (t.deadlineKind === "relative" || t.dueDateNeedsInput || t.deadlineKind === "unparsed") ? (
        <section className="card" aria-labelledby="deadline-title">
          <h2 id="deadline-title">Ngày hạn</h2>
          {t.deadlineKind === "relative" ? (
            <Form method="post" className="actions">
              <input type="hidden" name="intent" value="anchor" />
              <Field id="anchorDate" label={`Ngày ${t.anchorEvent ?? "của sự kiện mốc"}`} hint="dd/mm/yyyy" error={fieldError(forIntent("anchor"), "anchorDate")}>
                {(p) => <input {...p} name="anchorDate" type="text" inputMode="numeric" />}
              </Field>
              <button type="submit">Tính hạn</button>
            </Form>
          ) : (
            <Form method="post" className="actions">
              <input type="hidden" name="intent" value="due-date" />
              <Field id="dueDate" label="Ngày hạn" hint="dd/mm/yyyy" error={fieldError(forIntent("due-date"), "dueDate")}>
                {(p) => <input {...p} name="dueDate" type="text" inputMode="numeric" />}
              </Field>
              <button type="submit">Đặt ngày hạn</button>
            </Form>
          )}
        </section>
      ) : null}

      <section className="card" aria-labelledby="journal-title">
        <h2 id="journal-title">Tiến độ, ý kiến và nhật ký</h2>
        <Form method="post" className="stack">
          <FormError data={forIntent("note") ?? forIntent("comment") ?? forIntent("contribution")} />
          <Field id="entryText" label="Nội dung" error={fieldError(forIntent("note") ?? forIntent("comment") ?? forIntent("contribution"), "text")}>
            {(p) => <textarea {...p} name="text" rows={2} />}
          </Field>
          <div className="actions">
            {d.perms.canUpdate ? (
              <button type="submit" name="intent" value="note">
                Ghi tiến độ
              </button>
            ) : null}
            {d.perms.canContribute && !d.perms.canUpdate ? (
              <button type="submit" name="intent" value="contribution">
                Ghi kết quả phối hợp
              </button>
            ) : null}
            <button type="submit" name="intent" value="comment" className="secondary">
              Gửi ý kiến
            </button>
          </div>
        </Form>
        <ol className="stack" reversed>
          {d.events.map((e) => (
            <li key={e.id}>
              <span className="muted nowrap">{formatDateTimeVi(new Date(e.at))}</span> · <strong>{e.actorName}</strong>
              {e.organizationName ? ` (${e.organizationName})` : ""}: {EVENT_LABELS[e.kind] ?? e.kind}
              {e.toStatus ? ` → ${TASK_STATUS_LABELS[e.toStatus as TaskStatus]}` : ""}
              {e.completedOn ? `, ngày hoàn thành ${formatDateVi(e.completedOn)}` : ""}
              {e.note ? <div>{e.note}</div> : null}
            </li>
          ))}
        </ol>
      </section>
    </>
  );
}

const EVENT_LABELS: Record<string, string> = {
  created: "tạo nhiệm vụ",
  status: "đổi tình trạng",
  note: "tiến độ",
  comment: "ý kiến",
  contribution: "kết quả phối hợp",
  deadline: "thời hạn",
  evidence: "tài liệu kiểm chứng",
  edit: "sửa",
};

function ItemSelect({ id, items }: { id: string; items: Array<{ id: number; description: string }> }) {
  return (
    <Field id={id} label="Ứng với tài liệu phải chuẩn bị">
      {(p) => (
        <select {...p} name="itemId" defaultValue={items[0]?.id ?? ""}>
          <option value="">— Tài liệu khác —</option>
          {items.map((i) => (
            <option key={i.id} value={i.id}>
              {i.description.length > 90 ? `${i.description.slice(0, 88)}…` : i.description}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}
