// The task page: evidence (required items, attached files and document references, the two attach forms).
import { Form } from "@remix-run/react";
import { formatDateVi } from "#app/domain/shared/dates";
import { Field, FormError, fieldError, submittedValue } from "#app/components/ui/form";
import type { ForIntent, TaskPageData } from "#app/components/plans/task-types";

export function TaskEvidence({ d, forIntent }: { d: TaskPageData; forIntent: ForIntent }) {
  const t = d.task;
  return (
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
                <th scope="col">Thao tác</th>
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
              {(p) => (
                <input
                  {...p}
                  name="documentNumber"
                  type="text"
                  placeholder="343/BC-UBND"
                  defaultValue={submittedValue(forIntent("evidence-ref"), "documentNumber")}
                />
              )}
            </Field>
            <Field id="documentDate" label="Ngày văn bản" hint="dd/mm/yyyy" error={fieldError(forIntent("evidence-ref"), "documentDate")}>
              {(p) => (
                <input {...p} name="documentDate" type="text" inputMode="numeric" defaultValue={submittedValue(forIntent("evidence-ref"), "documentDate")} />
              )}
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
  );
}

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
