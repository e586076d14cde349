// "Thông tin văn bản": the register's fields, the edXML packet, the signature check (Decree 30 Art. 21).
import { Link } from "@remix-run/react";
import { DeadlineBadge, SecretBadge, StatusBadge, UrgencyBadge } from "#app/components/incoming/badges";
import { Section } from "#app/components/incoming/section";
import type { IncomingDoc, IncomingSignatures } from "#app/components/incoming/document-types";
import { formatDateTimeVi, formatDateVi } from "#app/domain/shared/dates";
import { CHANNEL_LABELS, CONFIDENTIALITY_LABELS, URGENCY_LABELS, type ConfidentialityKey } from "#app/domain/incoming/incoming";
import type { IncomingState } from "#app/domain/incoming/workflow";
import { SignatureList } from "#app/components/incoming/signature-list";

export function DocumentMetaSection({ doc, signature }: { doc: IncomingDoc; signature: IncomingSignatures }) {
  return (
    <Section title="Thông tin văn bản" id="meta-title">
      <p>
        <StatusBadge status={doc.status as IncomingState} isRecalled={!!doc.recalledAt} /> <UrgencyBadge urgency={doc.urgency} />{" "}
        <SecretBadge isSecret={doc.isSecret} confidentiality={doc.confidentiality as ConfidentialityKey} />{" "}
        <DeadlineBadge mark={doc.deadlineMark} deadline={doc.handlingDeadline} />
      </p>
      <dl className="meta-grid">
        <dt>Số đến</dt>
        <dd>{doc.arrivalNumber ? `${doc.arrivalNumber} (${doc.bookName})` : "Chưa đăng ký"}</dd>
        <dt>Ngày, giờ đến</dt>
        <dd>{formatDateTimeVi(new Date(doc.receivedAt))}</dd>
        <dt>Hình thức nhận</dt>
        <dd>
          {CHANNEL_LABELS[doc.channel as keyof typeof CHANNEL_LABELS]}
          {doc.senderName ? ` từ ${doc.senderName}` : ""}
        </dd>
        {doc.edxml ? (
          <>
            <dt>Gói tin edXML</dt>
            <dd data-testid="edxml-packet">
              {doc.edxml.documentId} — chữ ký số gói tin:{" "}
              {doc.edxml.xmlSignature === "valid"
                ? `hợp lệ${doc.edxml.xmlSignerName ? ` (${doc.edxml.xmlSignerName})` : ""}, ${doc.edxml.xmlSignatureTrusted ? "được tin cậy" : "chưa được tin cậy"}`
                : doc.edxml.xmlSignature === "invalid"
                  ? "KHÔNG HỢP LỆ (nội dung đã bị thay đổi hoặc chữ ký hỏng)"
                  : "không có"}
              {doc.edxml.earlierIncomingDocumentId ? (
                <p className="notice" data-testid="edxml-resent">
                  Bản gửi lại có chữ ký số hợp lệ của văn bản đã vào sổ trước đó với chữ ký số gói tin không hợp lệ:{" "}
                  <Link to={`/incoming/${doc.edxml.earlierIncomingDocumentId}`}>xem bản đã vào sổ</Link>.
                </p>
              ) : null}
              {doc.edxml.laterIncomingDocumentId ? (
                <p className="notice" data-testid="edxml-resent">
                  Cơ quan gửi đã gửi lại văn bản này với chữ ký số hợp lệ:{" "}
                  <Link to={`/incoming/${doc.edxml.laterIncomingDocumentId}`}>xem bản hợp lệ (chờ vào sổ)</Link>.
                </p>
              ) : null}
              <PacketAttachments documentId={doc.id} attachments={doc.edxml.attachments.filter((a) => !a.isMain)} />
            </dd>
          </>
        ) : null}
        <dt>Số, ký hiệu</dt>
        <dd>{doc.numberSymbol}</dd>
        <dt>Loại văn bản</dt>
        <dd>{doc.docTypeName}</dd>
        <dt>Ngày văn bản</dt>
        <dd>{doc.issuedDate ? formatDateVi(doc.issuedDate) : "—"}</dd>
        <dt>Cơ quan ban hành</dt>
        <dd>{doc.issuerName}</dd>
        <dt>Trích yếu</dt>
        <dd>{doc.summary}</dd>
        <dt>Người ký</dt>
        <dd>{[doc.signerTitle, doc.signerName].filter(Boolean).join(" ") || "—"}</dd>
        <dt>Số trang</dt>
        <dd>{doc.pageCount ?? "—"}</dd>
        <dt>Độ khẩn, độ mật</dt>
        <dd>
          {URGENCY_LABELS[doc.urgency]}, {CONFIDENTIALITY_LABELS[doc.confidentiality as ConfidentialityKey]}
        </dd>
        <dt>Hạn xử lý</dt>
        <dd>{doc.handlingDeadline ? formatDateVi(doc.handlingDeadline) : "—"}</dd>
        {doc.directionNote ? (
          <>
            <dt>Ý kiến phân phối, chỉ đạo</dt>
            <dd>{doc.directionNote}</dd>
          </>
        ) : null}
        {doc.forwardedToName && doc.status === "awaiting_direction" ? (
          <>
            <dt>Trình lãnh đạo</dt>
            <dd>{doc.forwardedToName}</dd>
          </>
        ) : null}
        {doc.returnReason ? (
          <>
            <dt>Lý do trả lại</dt>
            <dd>{doc.returnReason}</dd>
          </>
        ) : null}
        {doc.resultNote ? (
          <>
            <dt>Kết quả xử lý</dt>
            <dd>{doc.resultNote}</dd>
          </>
        ) : null}
        {doc.replyOutgoingDocumentId ? (
          <>
            <dt>Văn bản trả lời</dt>
            <dd>
              <Link to={`/outgoing/${doc.replyOutgoingDocumentId}`}>Văn bản đi #{doc.replyOutgoingDocumentId}</Link>
            </dd>
          </>
        ) : null}
        {doc.note ? (
          <>
            <dt>Ghi chú</dt>
            <dd>{doc.note}</dd>
          </>
        ) : null}
        <dt>Chữ ký số</dt>
        <dd>
          {doc.file ? signature.label : "Không có tệp điện tử"}
          {signature.signatures.length ? <SignatureList signatures={signature.signatures} /> : null}
        </dd>
      </dl>
      {doc.needsReview ? <p className="notice">Một số thông tin được đọc tự động từ tệp với độ tin cậy thấp; văn thư cần kiểm tra lại.</p> : null}
    </Section>
  );
}

/** The packet's other files (phụ lục, tài liệu kèm theo), each a download. */
function PacketAttachments({ documentId, attachments }: { documentId: number; attachments: NonNullable<IncomingDoc["edxml"]>["attachments"] }) {
  if (attachments.length === 0) return null;
  return (
    <div className="muted">
      Tệp kèm theo:{" "}
      <ul data-testid="edxml-attachments">
        {attachments.map((a) => (
          <li key={a.position}>
            <a href={`/resources/incoming/${documentId}/attachments/${a.position}`} download={a.name}>
              {a.name}
            </a>{" "}
            ({Math.max(1, Math.ceil(a.size / 1024)).toLocaleString("vi-VN")} KB)
          </li>
        ))}
      </ul>
    </div>
  );
}
