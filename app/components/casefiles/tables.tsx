// Presentational tables of the case-file pages: the year's danh mục and the list of files.
import { Form, Link } from "@remix-run/react";
import { formatDateVi } from "#app/domain/shared/dates";
import type { CaseFileListItem, ListEntryView } from "#app/features/casefiles/index";

const d = (iso: string | null) => (iso ? formatDateVi(iso) : "—");

export function ListEntriesTable({ entries, year, canOpen }: { entries: ListEntryView[]; year: number; canOpen: boolean }) {
  return (
    <div className="table-wrap">
      <table>
        <caption className="muted">Danh mục hồ sơ năm {year} (mẫu Phụ lục V Nghị định 30/2020/NĐ-CP)</caption>
        <thead>
          <tr>
            <th scope="col">Số, ký hiệu hồ sơ</th>
            <th scope="col">Tên đề mục và tiêu đề hồ sơ</th>
            <th scope="col">Thời hạn bảo quản</th>
            <th scope="col">Đơn vị/người lập hồ sơ</th>
            <th scope="col">Ghi chú</th>
            <th scope="col">Hồ sơ</th>
          </tr>
        </thead>
        <tbody>
          {entries.map((e) =>
            e.isHeading ? (
              <tr key={e.id}>
                <td />
                <td colSpan={5}>
                  <strong>{e.title}</strong>
                </td>
              </tr>
            ) : (
              <tr key={e.id}>
                <td className="nowrap">{e.code}</td>
                <td>{e.title}</td>
                <td className="nowrap">{e.retentionText}</td>
                <td>{e.responsible}</td>
                <td>{e.note}</td>
                <td className="nowrap">
                  {e.caseFileId ? (
                    <Link to={`/case-files/${e.caseFileId}`}>Xem hồ sơ</Link>
                  ) : canOpen ? (
                    <Form method="post">
                      <input type="hidden" name="intent" value="open" />
                      <input type="hidden" name="year" value={year} />
                      <input type="hidden" name="code" value={e.code} />
                      <button type="submit" className="secondary" aria-label={`Mở hồ sơ ${e.code}`}>
                        Mở hồ sơ
                      </button>
                    </Form>
                  ) : (
                    "—"
                  )}
                </td>
              </tr>
            ),
          )}
        </tbody>
      </table>
    </div>
  );
}

export function CaseFilesTable({ files, caption }: { files: CaseFileListItem[]; caption: string }) {
  return (
    <div className="table-wrap">
      <table>
        <caption className="muted">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Mã hồ sơ</th>
            <th scope="col">Tiêu đề hồ sơ</th>
            <th scope="col">Thời gian tài liệu</th>
            <th scope="col">Thời hạn bảo quản</th>
            <th scope="col">Số văn bản / số trang</th>
            <th scope="col">Người lập</th>
            <th scope="col">Trạng thái</th>
          </tr>
        </thead>
        <tbody>
          {files.map((f) => (
            <tr key={f.id}>
              <td className="nowrap">
                <Link to={`/case-files/${f.id}`}>{f.fileCode}</Link>
              </td>
              <td>
                {f.title} {f.adHoc ? <span className="badge due-soon">Ngoài danh mục</span> : null}
              </td>
              <td className="nowrap">
                {d(f.startDate)} – {d(f.endDate)}
              </td>
              <td className="nowrap">{f.retentionText}</td>
              <td>
                {f.documentCount} / {f.pageCount}
              </td>
              <td>
                {f.creatorName}
                <br />
                <span className="muted">{f.unitName}</span>
              </td>
              <td>
                {f.statusLabel}
                {f.handoverDue ? <div className="muted">Hạn nộp lưu: {formatDateVi(f.handoverDue)}</div> : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
