// The "Hồ sơ" panel of an incoming or outgoing document page: the case files it sits in, and a form to file it
// into an open one (posted to /case-files/add-document, which calls the service and comes back here).
import { Form, Link } from "@remix-run/react";
import type { DocumentCaseFiles } from "#app/features/casefiles/index";

export function DocumentCaseFilesPanel({
  info,
  kind,
  documentId,
  filed,
  error,
}: {
  info: DocumentCaseFiles;
  kind: "incoming" | "outgoing";
  documentId: number;
  filed?: string | null;
  error?: string | null;
}) {
  if (!info.canFile && info.containing.length === 0) return null;
  return (
    <section className="card" aria-labelledby="casefiles-title" style={{ marginTop: "1rem" }}>
      <h2 id="casefiles-title">Hồ sơ</h2>
      {filed ? (
        <p className="success" role="status">
          Đã đưa văn bản vào hồ sơ {filed}.
        </p>
      ) : null}
      {error ? (
        <p className="form-error" role="alert">
          {error}
        </p>
      ) : null}
      {info.containing.length === 0 ? (
        <p className="muted">Văn bản chưa được đưa vào hồ sơ nào.</p>
      ) : (
        <ul>
          {info.containing.map((f) => (
            <li key={f.id}>
              <Link to={`/case-files/${f.id}`}>{f.fileCode}</Link> – {f.title} (số thứ tự {f.order}; {f.statusLabel})
            </li>
          ))}
        </ul>
      )}
      {info.canFile ? (
        info.targets.length === 0 ? (
          <p className="muted">
            Không có hồ sơ đang lập nào để đưa văn bản vào. <Link to="/case-files">Mở hồ sơ</Link>
          </p>
        ) : (
          <Form method="post" action="/case-files/add-document" className="form-grid no-print">
            <input type="hidden" name="kind" value={kind} />
            <input type="hidden" name="documentId" value={documentId} />
            <div className="field">
              <label htmlFor="caseFileId">Đưa vào hồ sơ</label>
              <select id="caseFileId" name="caseFileId" required>
                {info.targets.map((t) => (
                  <option key={t.id} value={t.id}>
                    {t.fileCode} – {t.title}
                  </option>
                ))}
              </select>
            </div>
            <div className="actions">
              <button type="submit">Đưa vào hồ sơ</button>
            </div>
          </Form>
        )
      ) : null}
    </section>
  );
}
