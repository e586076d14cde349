// The detail page's "Xử lý" card: submit, approve / return (or paper approval for secret documents) and
// recall, each offered only when the service says the actor may (detail.can); the server decides again.
import { Form } from "@remix-run/react";
import { Field, fieldError } from "#app/components/ui/form";
import type { OutgoingDetailData } from "./detail-info";

export function OutgoingProcessCard({ detail, data }: { detail: OutgoingDetailData; data: unknown }) {
  const d = detail.document;
  const can = detail.can;
  return (
    <>
      {can.processCard ? (
        <section className="card no-print" aria-labelledby="process-title">
          <h2 id="process-title">Xử lý</h2>
          {can.submit ? (
            <Form method="post" className="actions">
              <input type="hidden" name="version" value={d.version} />
              <button type="submit" name="intent" value="submit">
                Trình duyệt
              </button>
            </Form>
          ) : null}
          {can.approve || can.return || can.approvePaper ? (
            <Form method="post" className="stack">
              <input type="hidden" name="version" value={d.version} />
              {can.approvePaper ? (
                <p className="muted">
                  Văn bản mật: bản gốc giấy được ký tay ngoài hệ thống. Xác nhận “Duyệt ký (bản giấy)” để văn thư cấp số, đăng ký vào sổ văn bản đi mật.
                </p>
              ) : null}
              <Field id="comment" label="Ý kiến" hint="Bắt buộc khi trả lại dự thảo." error={fieldError(data, "comment")}>
                {(p) => <textarea {...p} name="comment" rows={3} />}
              </Field>
              <div className="actions">
                {can.approvePaper ? (
                  <button type="submit" name="intent" value="approve_paper">
                    Duyệt ký (bản giấy)
                  </button>
                ) : null}
                {can.approve ? (
                  <button type="submit" name="intent" value="approve">
                    {d.status === "office_review" ? "Đạt thể thức, ký nháy và trình ký" : "Duyệt nội dung"}
                  </button>
                ) : null}
                {can.return ? (
                  <button type="submit" name="intent" value="return" className="danger">
                    Trả lại
                  </button>
                ) : null}
              </div>
            </Form>
          ) : null}
          {can.recall ? (
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
          {!can.submit && !can.approve && !can.return && !can.approvePaper && !can.recall ? <p className="muted">Văn bản đang chờ người khác xử lý.</p> : null}
        </section>
      ) : null}
    </>
  );
}
