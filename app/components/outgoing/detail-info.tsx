// The detail page's "Thông tin văn bản" card: metadata, links to related documents and the step buttons
// the service allows (detail.can).
import { Link } from "@remix-run/react";
import { formatDateTimeVi, formatDateVi } from "#app/domain/shared/dates";
import { withQuery } from "#app/utils/url";
import type { SerializeFrom } from "@remix-run/node";
import type { OutgoingDetail } from "#app/features/outgoing/index";

/** The detail page's data as the browser receives it (dates as strings). */
export type OutgoingDetailData = SerializeFrom<OutgoingDetail>;

/** URL of one of the document's files (resource route), e.g. fileUrlOf(7)("revision", 2). */
export function fileUrlOf(documentId: number) {
  return (kind: string, n?: number) => withQuery(`/resources/outgoing/${documentId}/file`, { kind, n });
}

export function OutgoingInfoCard({ detail }: { detail: OutgoingDetailData }) {
  const d = detail.document;
  const can = detail.can;
  const fileUrl = fileUrlOf(d.id);
  return (
    <section className="card" aria-labelledby="info-title">
      <h2 id="info-title">Thông tin văn bản</h2>
      <dl className="meta-grid">
        <dt>Trạng thái</dt>
        <dd data-testid="outgoing-status">{d.statusLabel}</dd>
        <dt>Số, ký hiệu</dt>
        <dd data-testid="outgoing-number">{d.numberSymbol ?? "Chưa cấp số"}</dd>
        {d.issuedDate ? (
          <>
            <dt>Ngày ban hành</dt>
            <dd>{formatDateVi(d.issuedDate)}</dd>
          </>
        ) : null}
        <dt>Cơ quan ban hành, đơn vị soạn thảo</dt>
        <dd>
          {detail.organizationName} — {detail.draftingUnitName}
        </dd>
        <dt>Người soạn thảo</dt>
        <dd>{detail.creatorName}</dd>
        <dt>Người ký</dt>
        <dd data-testid="outgoing-signer">
          {/* The same title block as the PDF's (ô 7a–7b), one line each, then the name. */}
          {detail.signerTitleLines.map((line) => (
            <span key={line} style={{ display: "block" }}>
              {line}
            </span>
          ))}
          {detail.signerName}
          {detail.signedByName && d.signedAt
            ? d.signingMethod === "paper"
              ? ` (đã duyệt ký bản giấy ${formatDateTimeVi(new Date(d.signedAt))})`
              : ` (đã ký ${formatDateTimeVi(new Date(d.signedAt))})`
            : ""}
        </dd>
        {detail.officeInitialByName ? (
          <>
            <dt>Kiểm tra thể thức, ký nháy</dt>
            <dd>
              {detail.officeInitialByName}
              {d.officeInitialAt ? `, ${formatDateTimeVi(new Date(d.officeInitialAt))}` : ""}
            </dd>
          </>
        ) : null}
        <dt>Độ khẩn, độ mật</dt>
        <dd>
          {d.urgencyLabel}, {d.confidentialityLabel}
        </dd>
        {detail.isSecret ? (
          <>
            <dt>Hình thức</dt>
            <dd>Bản giấy (hệ thống chỉ lưu thông tin quản lý){d.copies ? `; số lượng bản: ${d.copies}` : ""}</dd>
          </>
        ) : (
          <>
            <dt>Số trang</dt>
            <dd>{d.pageCount ?? "—"}</dd>
          </>
        )}
        {detail.replaces ? (
          <>
            <dt>Thay thế văn bản</dt>
            <dd>
              <Link to={`/outgoing/${detail.replaces.id}`}>{detail.replaces.numberSymbol ?? `#${detail.replaces.id}`}</Link>
            </dd>
          </>
        ) : null}
        {detail.answers.length ? (
          <>
            <dt>Trả lời văn bản đến</dt>
            <dd>
              {detail.answers.map((a) => (
                <Link key={a.id} to={`/incoming/${a.id}`}>
                  {a.numberSymbol} của {a.issuerName}{" "}
                </Link>
              ))}
            </dd>
          </>
        ) : null}
        {detail.replacedBy.length ? (
          <>
            <dt>Được thay thế bởi</dt>
            <dd>
              {detail.replacedBy.map((r) => (
                <Link key={r.id} to={`/outgoing/${r.id}`}>
                  {r.numberSymbol ?? `Dự thảo #${r.id}`}{" "}
                </Link>
              ))}
            </dd>
          </>
        ) : null}
      </dl>
      <div className="actions no-print">
        {d.fileId && !detail.isSecret ? (
          <a className="button secondary" href={withQuery(fileUrl("current"), { download: 1 })} download>
            Tải tệp PDF
          </a>
        ) : null}
        {can.edit ? (
          <Link className="button secondary" to={`/outgoing/${d.id}/edit`}>
            Sửa dự thảo
          </Link>
        ) : null}
        {can.sign ? (
          <Link className="button" to={`/outgoing/${d.id}/sign`}>
            Ký số
          </Link>
        ) : null}
        {can.issue ? (
          <Link className="button" to={`/outgoing/${d.id}/issue`}>
            Cấp số và phát hành
          </Link>
        ) : null}
        {can.issuePaper ? (
          <Link className="button" to={`/outgoing/${d.id}/issue`}>
            Cấp số, đăng ký văn bản mật
          </Link>
        ) : null}
        {can.draftReplacement ? (
          <Link className="button secondary" to={`/outgoing/new?replaces=${d.id}`}>
            Soạn văn bản thay thế
          </Link>
        ) : null}
      </div>
    </section>
  );
}
