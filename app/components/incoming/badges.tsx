import {
  CONFIDENTIALITY_LABELS,
  DEADLINE_MARK_LABELS,
  URGENCY_LABELS,
  type ConfidentialityKey,
  type DeadlineMark,
  type UrgencyKey,
} from "#app/domain/incoming/incoming";
import { INCOMING_STATE_LABELS, type IncomingState } from "#app/domain/incoming/workflow";
import { formatDateVi } from "#app/domain/shared/dates";

export function UrgencyBadge({ urgency }: { urgency: UrgencyKey }) {
  if (urgency === "normal") return null;
  return <span className="badge urgent">{URGENCY_LABELS[urgency]}</span>;
}

export function SecretBadge({ confidentiality, isSecret }: { confidentiality?: ConfidentialityKey; isSecret: boolean }) {
  if (!isSecret) return null;
  return <span className="badge secret">{confidentiality ? CONFIDENTIALITY_LABELS[confidentiality] : "Mật"}</span>;
}

export function DeadlineBadge({ mark, deadline }: { mark: DeadlineMark | null; deadline: string | null }) {
  if (!deadline) return null;
  const cls = mark === "overdue" ? "overdue" : mark === "due_soon" ? "due-soon" : "ok";
  return (
    <span className={`badge ${cls}`} title={mark ? DEADLINE_MARK_LABELS[mark] : undefined}>
      {mark && mark !== "ok" ? `${DEADLINE_MARK_LABELS[mark]} · ` : "Hạn "}
      {formatDateVi(deadline)}
    </span>
  );
}

export function StatusBadge({ status, isRecalled }: { status: IncomingState; isRecalled?: boolean }) {
  if (isRecalled) return <span className="badge overdue">Đã thu hồi</span>;
  return <span className={`badge status-${status}`}>{INCOMING_STATE_LABELS[status]}</span>;
}
