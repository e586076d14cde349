// The plan import page (app/routes/plans.import.tsx): the preview of a parsed appendix (areas, tasks, units
// matched against the directory, errors and warnings) and the form that commits it.
import { Form, Link } from "@remix-run/react";
import { formatDateVi } from "#app/domain/shared/dates";
import type { PlanImportPreview } from "#app/features/plans/index";
import { Field, fieldError, submittedValue } from "#app/components/ui/form";

function dateOrDash(iso: string | null) {
  return iso ? formatDateVi(iso) : "—";
}

export function CommitForm({
  sha256,
  fileName,
  year,
  data,
  blocked,
}: {
  sha256: string;
  fileName: string;
  year: string | number;
  data: unknown;
  blocked: boolean;
}) {
  return (
    <Form method="post" className="stack">
      <input type="hidden" name="intent" value="commit" />
      <input type="hidden" name="sha256" value={sha256} />
      <input type="hidden" name="fileName" value={fileName} />
      <input type="hidden" name="year" value={String(year)} />
      <div className="form-grid">
        <Field id="title" label="Tên kế hoạch" error={fieldError(data, "title")}>
          {(p) => <input {...p} name="title" type="text" defaultValue={submittedValue(data, "title")} required />}
        </Field>
        <Field id="documentNumber" label="Số, ký hiệu văn bản ban hành" hint="Ví dụ: 123/KH-UBND" error={fieldError(data, "documentNumber")}>
          {(p) => <input {...p} name="documentNumber" type="text" defaultValue={submittedValue(data, "documentNumber")} />}
        </Field>
        <Field id="documentDate" label="Ngày ban hành" hint="dd/mm/yyyy" error={fieldError(data, "documentDate")}>
          {(p) => (
            <input {...p} name="documentDate" type="text" inputMode="numeric" placeholder="29/05/2023" defaultValue={submittedValue(data, "documentDate")} />
          )}
        </Field>
      </div>
      <div className="actions">
        <button type="submit" disabled={blocked}>
          Nhập kế hoạch
        </button>
        <Link to="/plans/import" className="button secondary">
          Hủy
        </Link>
      </div>
    </Form>
  );
}

export function PreviewView({ preview }: { preview: PlanImportPreview }) {
  const blocked = preview.errors.length > 0;
  return (
    <>
      <section className="card" aria-labelledby="preview-title">
        <h2 id="preview-title">Bước 2: Kiểm tra trước khi nhập</h2>
        <p>
          Tệp <strong>{preview.fileName}</strong>: {preview.areas.length} nhiệm vụ chung, <strong data-testid="preview-task-count">{preview.taskCount}</strong>{" "}
          nhiệm vụ cụ thể; {preview.deadlinesToSet} thời hạn cần người nhập ngày; {preview.unresolvedUnits.length} tên cơ quan chưa khớp danh mục.
        </p>
        {blocked ? (
          <div className="form-error" role="alert">
            <p>Tệp có lỗi, chưa nhập được. Sửa tệp rồi tải lại:</p>
            <ul>
              {preview.errors.map((e) => (
                <li key={e}>{e}</li>
              ))}
            </ul>
          </div>
        ) : null}
        {preview.warnings.length ? (
          <div className="notice">
            <ul>
              {preview.warnings.map((w) => (
                <li key={w}>{w}</li>
              ))}
            </ul>
          </div>
        ) : null}
        {preview.unresolvedUnits.length ? (
          <div className="notice">
            <p>Tên cơ quan chưa khớp danh mục (được giữ nguyên văn và đánh dấu để xử lý sau):</p>
            <ul>
              {preview.unresolvedUnits.map((u) => (
                <li key={u} style={{ whiteSpace: "pre-line" }}>
                  {u}
                </li>
              ))}
            </ul>
          </div>
        ) : null}
        {blocked ? (
          <Link to="/plans/import" className="button">
            Tải tệp khác
          </Link>
        ) : (
          <CommitForm sha256={preview.sha256} fileName={preview.fileName} year={preview.year} data={null} blocked={blocked} />
        )}
      </section>
      <div className="table-wrap">
        <table>
          <caption className="muted">Nhiệm vụ đọc được từ tệp</caption>
          <thead>
            <tr>
              <th scope="col">STT</th>
              <th scope="col">Nhiệm vụ cụ thể</th>
              <th scope="col">Tài liệu kiểm chứng</th>
              <th scope="col">Thời hạn (nguyên văn)</th>
              <th scope="col">Hạn tính được</th>
              <th scope="col">Cơ quan chủ trì</th>
              <th scope="col">Cơ quan phối hợp</th>
              <th scope="col">Tình trạng</th>
            </tr>
          </thead>
          <tbody>
            {preview.areas.map((a) => (
              <AreaRows key={a.code + a.title} area={a} />
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}

function AreaRows({ area }: { area: PlanImportPreview["areas"][number] }) {
  return (
    <>
      <tr>
        <th scope="rowgroup" colSpan={8} style={{ textAlign: "left" }}>
          {area.code}. {area.title}
        </th>
      </tr>
      {area.tasks.map((t) => (
        <tr key={t.rowNumber}>
          <td>{t.ordinal ?? ""}</td>
          <td>{t.title}</td>
          <td>
            {t.evidence.length ? (
              <ul>
                {t.evidence.map((e) => (
                  <li key={e}>{e}</li>
                ))}
              </ul>
            ) : (
              "—"
            )}
          </td>
          <td>{t.deadlineText || "—"}</td>
          <td className="nowrap">
            {t.dueDate ? (
              dateOrDash(t.dueDate)
            ) : (
              <span className={t.deadlineNeedsInput ? "badge due-soon" : "muted"}>{t.deadlineNeedsInput ? "Cần nhập ngày" : t.deadlineKindLabel}</span>
            )}
            <div className="muted">{t.deadlineKindLabel}</div>
          </td>
          <td style={{ whiteSpace: "pre-line" }}>
            {t.leadUnitId ? (
              t.leadUnitName
            ) : (
              <span>
                <span className="badge overdue">Chưa khớp</span> {t.leadUnitText}
              </span>
            )}
          </td>
          <td>
            {t.cooperating.map((c) => c.name).join(", ")}
            {t.cooperatingUnresolved.length ? <div className="muted">{t.cooperatingUnresolved.join("; ")} (chưa khớp)</div> : null}
          </td>
          <td className="nowrap">
            {t.statusLabel}
            {t.completedOn ? ` (${dateOrDash(t.completedOn)})` : ""}
          </td>
        </tr>
      ))}
    </>
  );
}
