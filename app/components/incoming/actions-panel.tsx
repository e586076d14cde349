// "Xử lý": the forms for the actions the actor may take now (`doc.actions` from the state machine, `doc.can`
// from their own assignments); the services check everything again.
import { Form, Link, useLocation } from "@remix-run/react";
import type { ReactNode } from "react";
import { DateInput, Field, fieldError } from "#app/components/ui/form";
import { RoutingFields } from "#app/components/incoming/routing-fields";
import { CorrectRegistrationForm } from "#app/components/incoming/correct-registration-form";
import type { IncomingChoices, IncomingDoc } from "#app/components/incoming/document-types";

export function ActionsPanel({ doc, choices, failure, has }: { doc: IncomingDoc; choices: IncomingChoices; failure: unknown; has: (a: string) => boolean }) {
  const forms: ReactNode[] = [];
  // Each successful post redirects back here (a new location): keying the free-text forms by it empties
  // them, so a posted comment cannot be posted twice by accident. A refused post keeps what was typed.
  const posted = useLocation().key;
  if (doc.status === "received" && has("register")) {
    forms.push(
      <p key="register">
        <Link to={`/incoming/new?from=${doc.id}`} className="button">
          Đăng ký văn bản này
        </Link>
      </p>,
    );
  }
  if (has("submit")) {
    forms.push(
      <Form method="post" key="submit">
        <input type="hidden" name="version" value={doc.version} />
        <button type="submit" name="intent" value="submit">
          Chuyển phân phối
        </button>
      </Form>,
    );
  }
  if (has("route") && choices) {
    forms.push(
      <Form method="post" key="route" className="stack">
        <h3>Phân phối</h3>
        <input type="hidden" name="version" value={doc.version} />
        <RoutingFields choices={choices} failure={failure} idPrefix="route-" keptDeadline={doc.handlingDeadline} />
        <div className="actions">
          <button type="submit" name="intent" value="route">
            Phân phối
          </button>
        </div>
      </Form>,
    );
  }
  if (has("forward") && choices) {
    forms.push(
      <Form method="post" key="forward" className="stack">
        <h3>Trình lãnh đạo cho ý kiến</h3>
        <input type="hidden" name="version" value={doc.version} />
        <div className="form-grid">
          <Field id="leaderUserId" label="Lãnh đạo" error={fieldError(failure, "leaderUserId")}>
            {(p) => (
              <select {...p} name="leaderUserId" defaultValue="">
                <option value="">— Chọn lãnh đạo —</option>
                {choices.leaders.map((l) => (
                  <option key={l.value} value={l.value}>
                    {l.label}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field id="forward-note" label="Ý kiến đề xuất">
            {(p) => <input {...p} name="note" type="text" />}
          </Field>
        </div>
        <div className="actions">
          <button type="submit" name="intent" value="forward" className="secondary">
            Trình lãnh đạo
          </button>
        </div>
      </Form>,
    );
  }
  if (has("direct") && choices) {
    forms.push(
      <Form method="post" key="direct" className="stack">
        <h3>Ý kiến chỉ đạo</h3>
        <input type="hidden" name="version" value={doc.version} />
        <Field id="directionNote" label="Ý kiến chỉ đạo" error={fieldError(failure, "directionNote")}>
          {(p) => <textarea {...p} name="directionNote" rows={2} />}
        </Field>
        <details>
          <summary>Giao xử lý trực tiếp</summary>
          <RoutingFields choices={choices} failure={failure} idPrefix="direct-" keptDeadline={doc.handlingDeadline} />
          <button type="submit" name="intent" value="direct-assign">
            Chỉ đạo và giao xử lý
          </button>
        </details>
        <div className="actions">
          <button type="submit" name="intent" value="direct-back" className="secondary">
            Chuyển Văn phòng phân phối
          </button>
        </div>
      </Form>,
    );
  }
  if (doc.can.delegate && choices?.colleagues.length) {
    forms.push(
      <Form method="post" key="delegate" className="stack">
        <h3>Giao chuyên viên xử lý</h3>
        <div className="form-grid">
          <Field id="userId" label="Chuyên viên" error={fieldError(failure, "userId")}>
            {(p) => (
              <select {...p} name="userId" defaultValue="">
                <option value="">— Chọn chuyên viên —</option>
                {choices.colleagues.map((c) => (
                  <option key={c.value} value={c.value}>
                    {c.label}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field id="delegate-deadline" label="Hạn (không sau hạn của đơn vị)">
            {(p) => <DateInput {...p} name="deadline" />}
          </Field>
          <Field id="delegate-note" label="Ý kiến giao việc">
            {(p) => <input {...p} name="note" type="text" />}
          </Field>
        </div>
        <div className="actions">
          <button type="submit" name="intent" value="delegate" className="secondary">
            Giao chuyên viên
          </button>
        </div>
      </Form>,
    );
  }
  if (doc.can.contribute) {
    forms.push(
      <Form method="post" key={`contribute-${posted}`} className="stack">
        <Field id="contribution" label="Ý kiến phối hợp" error={fieldError(failure, "contribution")}>
          {(p) => <textarea {...p} name="contribution" rows={2} />}
        </Field>
        <div className="actions">
          <button type="submit" name="intent" value="contribute">
            Gửi ý kiến phối hợp
          </button>
        </div>
      </Form>,
    );
  }
  if (doc.can.markRead) {
    forms.push(
      <Form method="post" key="read">
        <button type="submit" name="intent" value="read" className="secondary">
          Đánh dấu đã đọc
        </button>
      </Form>,
    );
  }
  if (has("complete")) {
    forms.push(
      <Form method="post" key="complete" className="stack">
        <input type="hidden" name="version" value={doc.version} />
        <Field id="result" label="Kết quả xử lý" error={fieldError(failure, "result")}>
          {(p) => <textarea {...p} name="result" rows={2} />}
        </Field>
        <div className="actions">
          <button type="submit" name="intent" value="complete">
            Hoàn thành xử lý
          </button>
        </div>
      </Form>,
    );
  }
  if (doc.can.comment) {
    forms.push(
      <Form method="post" key={`comment-${posted}`} className="stack">
        <Field id="comment" label="Ý kiến xử lý" error={fieldError(failure, "comment")}>
          {(p) => <textarea {...p} name="comment" rows={2} />}
        </Field>
        <div className="actions">
          <button type="submit" name="intent" value="comment" className="secondary">
            Ghi ý kiến
          </button>
        </div>
      </Form>,
    );
  }
  if (doc.can.linkReply) {
    forms.push(
      <Form method="post" key="link" className="stack">
        <Field id="outgoingDocumentId" label="Mã văn bản đi trả lời" error={fieldError(failure, "outgoingDocumentId")}>
          {(p) => <input {...p} name="outgoingDocumentId" type="number" min={1} />}
        </Field>
        <div className="actions">
          <button type="submit" name="intent" value="link-reply" className="secondary">
            Liên kết văn bản trả lời
          </button>
        </div>
      </Form>,
    );
  }
  if (has("correct")) forms.push(<CorrectRegistrationForm key="correct" doc={doc} failure={failure} />);
  if (has("return")) {
    forms.push(
      <Form method="post" key="return" className="stack">
        <input type="hidden" name="version" value={doc.version} />
        <Field id="reason" label="Lý do trả lại" error={fieldError(failure, "reason")}>
          {(p) => <input {...p} name="reason" type="text" />}
        </Field>
        <div className="actions">
          <button type="submit" name="intent" value="return" className="danger">
            Trả lại
          </button>
        </div>
      </Form>,
    );
  }
  if (forms.length === 0) return null;
  return (
    <section className="card stack no-print" aria-labelledby="actions-title">
      <h2 id="actions-title">Xử lý</h2>
      {forms}
    </section>
  );
}
