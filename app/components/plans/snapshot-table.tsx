// The list of generated report snapshots, shown on a plan's report page and on /reports (a route may not import
// another route, so the table lives here).
import { formatDateTimeVi, formatDateVi } from "#app/domain/shared/dates";

export type SnapshotRow = {
  id: number;
  planTitle: string;
  label: string;
  cutOff: string;
  generatedAt: string;
  generatedByName: string | null;
  done: number;
  countable: number;
  rateText: string;
};

export function SnapshotTable({ snapshots }: { snapshots: SnapshotRow[] }) {
  if (!snapshots.length) return <p className="notice">Chưa có báo cáo nào.</p>;
  return (
    <div className="table-wrap">
      <table>
        <caption className="muted">Báo cáo đã lập</caption>
        <thead>
          <tr>
            <th scope="col">Kỳ</th>
            <th scope="col">Kế hoạch</th>
            <th scope="col">Ngày chốt</th>
            <th scope="col">Kết quả</th>
            <th scope="col">Lập lúc</th>
            <th scope="col">Tải về</th>
          </tr>
        </thead>
        <tbody>
          {snapshots.map((s) => (
            <tr key={s.id}>
              <td>{s.label}</td>
              <td>{s.planTitle}</td>
              <td className="nowrap">{formatDateVi(s.cutOff)}</td>
              <td>
                {s.done}/{s.countable} ({s.rateText})
              </td>
              <td className="nowrap">
                {formatDateTimeVi(new Date(s.generatedAt))}
                {s.generatedByName ? ` · ${s.generatedByName}` : ""}
              </td>
              <td className="nowrap">
                <a href={`/reports/${s.id}/xlsx`} download>
                  XLSX<span className="muted"> ({s.label})</span>
                </a>{" "}
                ·{" "}
                <a href={`/reports/${s.id}/pdf`} download>
                  PDF<span className="muted"> ({s.label})</span>
                </a>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
