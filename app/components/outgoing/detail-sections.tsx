// The detail page's lower cards: signatures of the current file, recipients and their delivery progress,
// attachments, draft revisions and the audit trail.
import { Link } from "@remix-run/react";
import type { SerializeFrom } from "@remix-run/node";
import { joinListItems } from "#app/domain/shared/text";
import { formatDateTimeVi } from "#app/domain/shared/dates";
import { ACTION_TRAIL_LABELS, DELIVERY_LABELS } from "#app/domain/outgoing/labels";
import { SignatureValidationMessages } from "#app/messages/signature-validation";
import type { SignatureReport } from "#app/platform/signing/document-signing.server";
import { fileUrlOf, type OutgoingDetailData } from "./detail-info";

type Props = { detail: OutgoingDetailData };

export function SignaturesCard({ detail, signatures }: Props & { signatures: SerializeFrom<SignatureReport[]> }) {
  const warnings = detail.revocationWarnings;
  const unavailableFields = new Set(warnings.filter((w) => w.file === null).flatMap((w) => w.fieldNames));
  return (
    <>
      {signatures.length && !detail.isSecret ? (
        <section className="card" aria-labelledby="signatures-title">
          <h2 id="signatures-title">Chữ ký số</h2>
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">Người ký</th>
                  <th scope="col">Thời điểm ký</th>
                  <th scope="col">Toàn vẹn</th>
                  <th scope="col">Chứng thư tin cậy</th>
                  <th scope="col">Dấu thời gian</th>
                  <th scope="col">Tình trạng thu hồi</th>
                  <th scope="col">Thay đổi sau khi ký</th>
                </tr>
              </thead>
              <tbody>
                {signatures.map((s) => (
                  <tr key={s.fieldName}>
                    <td>{s.signerName}</td>
                    <td>{s.signedAt ? formatDateTimeVi(new Date(s.signedAt)) : "—"}</td>
                    <td>{s.valid ? <span className="badge ok">Hợp lệ</span> : <span className="badge overdue">Không hợp lệ</span>}</td>
                    <td>{s.trusted ? "Có" : "Không"}</td>
                    <td data-testid="signature-timestamp">
                      {s.timestamp
                        ? SignatureValidationMessages.TIMESTAMP(formatDateTimeVi(new Date(s.timestamp.time)), s.timestamp.tsa)
                        : SignatureValidationMessages.NO_TIMESTAMP}
                    </td>
                    <td data-testid="signature-revocation">
                      {s.revocation
                        ? SignatureValidationMessages.REVOCATION[s.revocation.status]
                        : unavailableFields.has(s.fieldName)
                          ? SignatureValidationMessages.REVOCATION_UNAVAILABLE_AT_ISSUE
                          : SignatureValidationMessages.NO_REVOCATION_DATA}
                    </td>
                    <td>{s.modifiedAfter ? "Có (ngoài điền số, ngày, ký tiếp)" : "Không"}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {warnings.length ? (
            <div className="notice" role="note" data-testid="revocation-warnings">
              <p>{SignatureValidationMessages.REVOCATION_WARNINGS_TITLE}</p>
              <ul>
                {warnings.map((w) => (
                  <li key={`${w.file ?? ""}/${w.subject}/${w.url}`}>
                    {SignatureValidationMessages.REVOCATION_WARNING(w.subject, w.file)}: {w.reason}
                  </li>
                ))}
              </ul>
            </div>
          ) : null}
        </section>
      ) : null}
    </>
  );
}

export function RecipientsCard({ detail }: Props) {
  const d = detail.document;
  const fileUrl = fileUrlOf(d.id);
  return (
    <section className="card" aria-labelledby="recipients-title">
      <h2 id="recipients-title">Nơi nhận</h2>
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">Nơi nhận</th>
              <th scope="col">Hình thức</th>
              <th scope="col">Tình trạng</th>
            </tr>
          </thead>
          <tbody>
            {detail.recipients.map((r) => {
              const status = r.kind === "internal" ? detail.deliveries.find((s) => s.recipientOrganizationId === r.recipientOrganizationId) : undefined;
              return (
                <tr key={r.id} data-recipient={r.name}>
                  <td>
                    {r.name}
                    {r.identifier ? <span className="muted"> ({r.identifier})</span> : null}
                    {r.address ? <div className="muted">{r.address}</div> : null}
                  </td>
                  <td>{r.kind === "internal" ? "Liên thông điện tử" : "Bưu chính / thư điện tử"}</td>
                  <td data-testid="delivery-status">
                    {status
                      ? `${DELIVERY_LABELS[status.status] ?? status.status}${status.arrivalNumber ? ` — số đến ${status.arrivalNumber}` : ""}${status.returnReason ? `: ${status.returnReason}` : ""}`
                      : r.deliveredAt
                        ? `Đã gửi ${formatDateTimeVi(new Date(r.deliveredAt))}`
                        : d.status === "issued" && r.kind === "external"
                          ? detail.isSecret
                            ? "Gửi bản giấy"
                            : "Chờ gửi"
                          : "—"}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      {(d.status === "issued" || d.status === "recalled") && !detail.isSecret && detail.recipients.some((r) => r.kind === "external") ? (
        <p className="actions no-print">
          Gói gửi ngoài hệ thống:{" "}
          <a href={fileUrl("issued")} download>
            Văn bản đã ký (PDF)
          </a>
          <a href={`/resources/outgoing/${d.id}/package`} download>
            Thông tin văn bản (JSON)
          </a>
        </p>
      ) : null}
      <p>
        <strong>Nơi nhận (in trên văn bản):</strong> {joinListItems(detail.distributionList)}. {d.archiveLine}
      </p>
    </section>
  );
}

export function AttachmentsCard({ detail }: Props) {
  const fileUrl = fileUrlOf(detail.document.id);
  return (
    <>
      {detail.attachments.length ? (
        <section className="card" aria-labelledby="attachments-title">
          <h2 id="attachments-title">Tài liệu kèm theo</h2>
          <ul>
            {detail.attachments.map((a) => (
              <li key={a.id}>
                <a href={fileUrl("attachment", a.id)} download>
                  {a.name}
                </a>{" "}
                <span className="muted">
                  ({Math.ceil(a.size / 1024)} KB{a.isSigned ? ", đã ký số cơ quan" : ""})
                </span>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </>
  );
}

export function RevisionsCard({ detail }: Props) {
  const d = detail.document;
  const fileUrl = fileUrlOf(d.id);
  return (
    <section className="card" aria-labelledby="revisions-title">
      <h2 id="revisions-title">Các phiên bản dự thảo</h2>
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">Lần</th>
              <th scope="col">Người lập, thời gian</th>
              <th scope="col">Ý kiến trả lại</th>
              <th scope="col">Tệp, so sánh</th>
            </tr>
          </thead>
          <tbody>
            {detail.revisions.map((r, i) => (
              <tr key={r.revision}>
                <td>{r.revision}</td>
                <td>
                  {r.createdByName}, {formatDateTimeVi(new Date(r.createdAt))}
                </td>
                <td>{r.returnComment ? `${r.returnComment} (${r.returnedByName ?? ""})` : "—"}</td>
                <td className="actions">
                  {r.fileId ? (
                    <a href={fileUrl("revision", r.revision)} target="_blank" rel="noreferrer">
                      PDF lần {r.revision}
                    </a>
                  ) : null}
                  {i > 0 ? (
                    <Link to={`/outgoing/${d.id}/compare?from=${detail.revisions[i - 1].revision}&to=${r.revision}`}>
                      So sánh với lần {detail.revisions[i - 1].revision}
                    </Link>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

export function TrailCard({ detail }: Props) {
  return (
    <section className="card" aria-labelledby="trail-title">
      <h2 id="trail-title">Vết xử lý</h2>
      <ol className="trail">
        {detail.trail.map((t) => (
          <li key={t.id}>
            <span className="nowrap">{formatDateTimeVi(new Date(t.at))}</span> — {t.actorName ?? "Hệ thống"}: {ACTION_TRAIL_LABELS[t.action] ?? t.action}
            {t.comment ? ` — “${t.comment}”` : ""}
          </li>
        ))}
      </ol>
    </section>
  );
}
