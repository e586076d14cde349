// The task page: the manager's confirmation, the status change and the deadline forms. What the actor may
// do comes from the service (perms, statusChoices); these components only show it.
import { Form } from "@remix-run/react";
import { TASK_STATUS_LABELS } from "#app/domain/plans/progress";
import { TaskMessages } from "#app/messages/plans";
import { Field, FormError, fieldError, submittedValue } from "#app/components/ui/form";
import type { ForIntent, TaskPageData } from "#app/components/plans/task-types";

export function TaskConfirmation({ d, forIntent }: { d: TaskPageData; forIntent: ForIntent }) {
  const t = d.task;
  if (!(d.perms.canManage && t.status === "awaiting_confirmation")) return null;
  return (
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
  );
}

export function TaskStatusForm({ d, forIntent }: { d: TaskPageData; forIntent: ForIntent }) {
  const t = d.task;
  const choices = d.statusChoices;
  if (!(d.perms.canUpdate && choices.length)) return null;
  return (
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
  );
}

export function TaskDeadlineForm({ d, forIntent }: { d: TaskPageData; forIntent: ForIntent }) {
  const t = d.task;
  if (!(d.perms.canUpdate && (t.deadlineKind === "relative" || t.dueDateNeedsInput || t.deadlineKind === "unparsed"))) return null;
  return (
    <section className="card" aria-labelledby="deadline-title">
      <h2 id="deadline-title">Ngày hạn</h2>
      {t.deadlineKind === "relative" ? (
        <Form method="post" className="actions">
          <input type="hidden" name="intent" value="anchor" />
          <Field id="anchorDate" label={TaskMessages.ANCHOR_DATE_LABEL(t.anchorEvent)} hint="dd/mm/yyyy" error={fieldError(forIntent("anchor"), "anchorDate")}>
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
  );
}
