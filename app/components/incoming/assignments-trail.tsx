// "Phân công xử lý" and "Vết xử lý" of the document page.
import { DeadlineBadge } from "#app/components/incoming/badges";
import { Section } from "#app/components/incoming/section";
import type { IncomingDoc } from "#app/components/incoming/document-types";
import { formatDateTimeVi } from "#app/domain/shared/dates";
import { assignmentStatusLabel } from "#app/domain/incoming/incoming";
import { INCOMING_STATE_LABELS, type IncomingState } from "#app/domain/incoming/workflow";
import { ACTION_TRAIL_LABELS, correctedFields, replacedFileIdOf, senderUpdateLines } from "#app/domain/incoming/trail";

export function AssignmentsSection({ doc }: { doc: IncomingDoc }) {
  if (!doc.assignments.length) return null;
  return (
    <Section title="Phân công xử lý" id="assign-title">
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">Vai trò</th>
              <th scope="col">Đơn vị, người nhận</th>
              <th scope="col">Hạn</th>
              <th scope="col">Tình trạng</th>
            </tr>
          </thead>
          <tbody>
            {doc.assignments.map((a) => (
              <tr key={a.id}>
                <td>{a.kindLabel}</td>
                <td>
                  {a.assigneeName}
                  {a.isMine ? <span className="muted"> (bạn)</span> : null}
                </td>
                <td>{a.deadline ? <DeadlineBadge mark={a.deadlineMark} deadline={a.deadline} /> : "—"}</td>
                <td>
                  {assignmentStatusLabel(a, doc.status)}
                  {a.note ? <div className="muted">{a.note}</div> : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </Section>
  );
}

export function TrailSection({ doc }: { doc: IncomingDoc }) {
  return (
    <Section title="Vết xử lý" id="trail-title">
      <ol className="trail">
        {doc.trail.map((entry) => (
          <li key={entry.id}>
            <strong>{ACTION_TRAIL_LABELS[entry.action] ?? entry.action}</strong> · {entry.actorName ?? "Hệ thống"} ·{" "}
            <span className="muted">{formatDateTimeVi(new Date(entry.at))}</span>
            {entry.toState && entry.fromState !== entry.toState ? (
              <span className="muted"> · {INCOMING_STATE_LABELS[entry.toState as IncomingState] ?? entry.toState}</span>
            ) : null}
            {entry.comment ? <div>{entry.comment}</div> : null}
            {entry.action === "incoming.correct" && correctedFields(entry.detail) ? <div className="muted">{correctedFields(entry.detail)}</div> : null}
            {entry.action === "incoming.edxml_update"
              ? senderUpdateLines(entry.detail).map((line) => (
                  <div key={line} className="muted">
                    {line}
                  </div>
                ))
              : null}
            {entry.action === "incoming.edxml_update" ? <ReplacedFileLink documentId={doc.id} fileId={replacedFileIdOf(entry.detail)} /> : null}
          </li>
        ))}
      </ol>
    </Section>
  );
}

/** The PDF an edXML update replaced, still stored: the clerk compares it with the correction. */
function ReplacedFileLink({ documentId, fileId }: { documentId: number; fileId: number | null }) {
  if (fileId === null) return null;
  return (
    <div>
      <a href={`/resources/incoming/${documentId}/file?previous=${fileId}&download=1`} download>
        Tải tệp trước khi cập nhật
      </a>
    </div>
  );
}
