// Tables of the /statistics page: every number is a link to the list of documents behind it (?show=…).
import { Link } from "@remix-run/react";
import { formatDateVi } from "#app/domain/shared/dates";
import { formatDecimalVi } from "#app/domain/shared/numbers";
import { INCOMING_CATEGORIES, OUTGOING_CATEGORIES } from "#app/domain/statistics/handling";
import type { HandlingStatistics, IncomingListRow, OutgoingListRow, StatisticsView } from "#app/features/statistics/index";
import { INCOMING_CATEGORY_LABELS, OUTGOING_CATEGORY_LABELS, StatisticsLabels } from "#app/messages/statistics";
import { EmptyRow } from "#app/components/ui/table";

/** The current query with some parameters changed (null removes one). */
export function withParams(search: string, changes: Record<string, string | null>): string {
  const p = new URLSearchParams(search);
  for (const [k, v] of Object.entries(changes)) v === null ? p.delete(k) : p.set(k, v);
  return `?${p.toString()}`;
}

const TONE: Partial<Record<string, string>> = {
  completedOnTime: "tone-success",
  completedLate: "tone-warning",
  openOverdue: "tone-danger",
  returned: "tone-warning",
};

export function FigureCounters({ stats, search }: { stats: HandlingStatistics; search: string }) {
  return (
    <>
      <h2 id="in-heading">Văn bản đến</h2>
      <div className="grid counters" data-testid="incoming-figures">
        {(["received", ...INCOMING_CATEGORIES] as const).map((c) => (
          <Link key={c} className={`counter ${TONE[c] ?? ""}`} to={`${withParams(search, { show: `in:${c}` })}#danh-sach`} data-figure={`in:${c}`}>
            <strong>{stats.incoming[c]}</strong>
            {INCOMING_CATEGORY_LABELS[c]}
          </Link>
        ))}
      </div>
      <h2 id="out-heading">Văn bản đi</h2>
      <div className="grid counters" data-testid="outgoing-figures">
        {OUTGOING_CATEGORIES.map((c) => (
          <Link key={c} className="counter" to={`${withParams(search, { show: `out:${c}` })}#danh-sach`} data-figure={`out:${c}`}>
            <strong>{stats.outgoing[c]}</strong>
            {OUTGOING_CATEGORY_LABELS[c]}
          </Link>
        ))}
        <Link className="counter" to={`${withParams(search, { show: "out:issued" })}#danh-sach`}>
          <strong>{stats.outgoing.averageDaysToIssue == null ? "—" : formatDecimalVi(stats.outgoing.averageDaysToIssue, 1)}</strong>
          {StatisticsLabels.AVERAGE_DAYS}
        </Link>
      </div>
    </>
  );
}

export function BreakdownTable({ view, search }: { view: StatisticsView; search: string }) {
  const cats = ["received", ...INCOMING_CATEGORIES] as const;
  const scopeOf = (r: StatisticsView["breakdown"]["rows"][number]) =>
    r.userId != null ? { user: String(r.userId), unit: null } : r.unitId != null ? { unit: String(r.unitId), user: null } : null;
  return (
    <div className="table-wrap">
      <table data-testid="breakdown">
        <caption>{view.breakdown.kind === "unit" ? "Văn bản đến theo đơn vị xử lý chính" : "Văn bản đến theo người xử lý chính"}</caption>
        <thead>
          <tr>
            <th scope="col">{view.breakdown.kind === "unit" ? "Đơn vị" : "Người xử lý"}</th>
            {cats.map((c) => (
              <th scope="col" key={c}>
                {INCOMING_CATEGORY_LABELS[c]}
              </th>
            ))}
            <th scope="col">Tỷ lệ đúng hạn</th>
            <th scope="col">{StatisticsLabels.REMINDERS}</th>
          </tr>
        </thead>
        <tbody>
          {view.breakdown.rows.map((r) => {
            const scope = scopeOf(r);
            return (
              <tr key={r.key}>
                <th scope="row">{r.label}</th>
                {cats.map((c) => (
                  <td key={c} className="num">
                    {scope && r.counts[c] > 0 ? <Link to={`${withParams(search, { ...scope, show: `in:${c}` })}#danh-sach`}>{r.counts[c]}</Link> : r.counts[c]}
                  </td>
                ))}
                <td className="num">{r.onTimeText}</td>
                <td className="num">{r.reminders}</td>
              </tr>
            );
          })}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row">Tổng cộng</th>
            {cats.map((c) => (
              <td key={c} className="num">
                {view.stats.incoming[c]}
              </td>
            ))}
            <td className="num">{view.onTime.text}</td>
            <td className="num">{view.breakdown.rows.reduce((n, r) => n + r.reminders, 0)}</td>
          </tr>
        </tfoot>
      </table>
    </div>
  );
}

export function IncomingList({ rows, caption, testId }: { rows: IncomingListRow[]; caption: string; testId?: string }) {
  return (
    <div className="table-wrap">
      <table data-testid={testId}>
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Số đến</th>
            <th scope="col">Số, ký hiệu</th>
            <th scope="col">Cơ quan ban hành</th>
            <th scope="col">Trích yếu</th>
            <th scope="col">Ngày đến</th>
            <th scope="col">Hạn xử lý</th>
            <th scope="col">Xử lý chính</th>
            <th scope="col">Tình trạng</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.id} data-document-id={r.id}>
              <td className="nowrap">
                <Link to={`/incoming/${r.id}`}>{r.arrival || `#${r.id}`}</Link>
              </td>
              <td className="nowrap">{r.numberSymbol}</td>
              <td>{r.issuerName}</td>
              <td>{r.summary}</td>
              <td className="nowrap">{formatDateVi(r.receivedDate)}</td>
              <td className="nowrap">{r.deadline ? formatDateVi(r.deadline) : ""}</td>
              <td>{r.handler}</td>
              <td>
                {r.category}
                {r.daysOverdue != null ? <span className="badge overdue"> quá {r.daysOverdue} ngày</span> : null}
              </td>
            </tr>
          ))}
          {rows.length === 0 ? <EmptyRow colSpan={8}>Không có văn bản.</EmptyRow> : null}
        </tbody>
      </table>
    </div>
  );
}

export function OutgoingList({ rows, caption }: { rows: OutgoingListRow[]; caption: string }) {
  return (
    <div className="table-wrap">
      <table data-testid="drill-outgoing">
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Số, ký hiệu</th>
            <th scope="col">Trích yếu</th>
            <th scope="col">Đơn vị soạn thảo</th>
            <th scope="col">Ngày tạo</th>
            <th scope="col">Ngày ban hành</th>
            <th scope="col">Hình thức</th>
            <th scope="col">Số ngày trình → ban hành</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.id} data-document-id={r.id}>
              <td className="nowrap">
                <Link to={`/outgoing/${r.id}`}>{r.numberSymbol || `#${r.id}`}</Link>
              </td>
              <td>{r.summary}</td>
              <td>{r.draftingUnit}</td>
              <td className="nowrap">{formatDateVi(r.createdDate)}</td>
              <td className="nowrap">{r.issuedDate ? formatDateVi(r.issuedDate) : ""}</td>
              <td>{r.form}</td>
              <td className="num">{r.daysToIssue == null ? "" : formatDecimalVi(r.daysToIssue, 1)}</td>
            </tr>
          ))}
          {rows.length === 0 ? <EmptyRow colSpan={7}>Không có văn bản.</EmptyRow> : null}
        </tbody>
      </table>
    </div>
  );
}
