// The task page (app/routes/tasks.$taskId.tsx): the task's facts and its journal (progress, comments, events).
import { Form } from "@remix-run/react";
import { formatDateTimeVi, formatDateVi } from "#app/domain/shared/dates";
import { TASK_STATUS_LABELS, TIMELINESS_LABELS, type TaskStatus } from "#app/domain/plans/progress";
import { Field, FormError, fieldError } from "#app/components/ui/form";
import type { ForIntent, TaskPageData } from "#app/components/plans/task-types";

export function TaskInfo({ d }: { d: TaskPageData }) {
  const t = d.task;
  return (
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
          <dd style={{ whiteSpace: "pre-line" }}>
            {d.leadUnitName ?? (
              <>
                <span className="badge overdue">Chưa khớp danh mục</span> {t.leadUnitText}
              </>
            )}
          </dd>
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
  );
}

export function TaskJournal({ d, forIntent }: { d: TaskPageData; forIntent: ForIntent }) {
  return (
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
