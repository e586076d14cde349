import { Link } from "@remix-run/react";
import { DeadlineBadge, SecretBadge, StatusBadge, UrgencyBadge } from "#app/components/incoming/badges";
import { formatDateTimeVi, formatDateVi } from "#app/domain/shared/dates";
import type { DeadlineMark, UrgencyKey } from "#app/domain/incoming/incoming";
import type { IncomingState } from "#app/domain/incoming/workflow";

export type IncomingTableItem = {
  id: number;
  arrivalNumber: string;
  receivedAt: string | Date;
  numberSymbol: string;
  docTypeName: string;
  issuedDate: string | null;
  issuerName: string;
  summary: string;
  status: IncomingState;
  urgency: UrgencyKey;
  isSecret: boolean;
  isRecalled: boolean;
  deadline: string | null;
  deadlineMark: DeadlineMark | null;
  version: number;
};

export function IncomingTable({ items, selectable }: { items: IncomingTableItem[]; selectable?: boolean }) {
  return (
    <div className="table-wrap">
      <table className="stack-table">
        <caption className="muted">{items.length ? `${items.length} văn bản trên trang này` : "Không có văn bản nào"}</caption>
        <thead>
          <tr>
            {selectable ? <th scope="col">Chọn</th> : null}
            <th scope="col">Số đến</th>
            <th scope="col">Ngày đến</th>
            <th scope="col">Số, ký hiệu</th>
            <th scope="col">Cơ quan ban hành</th>
            <th scope="col">Trích yếu</th>
            <th scope="col">Trạng thái</th>
          </tr>
        </thead>
        <tbody>
          {items.map((item) => (
            <tr key={item.id} className={item.urgency !== "normal" ? "urgent" : undefined}>
              {selectable ? (
                <td>
                  <input type="checkbox" name="documents" value={`${item.id}:${item.version}`} aria-label={`Chọn văn bản ${item.numberSymbol}`} />
                </td>
              ) : null}
              <td className="nowrap" data-label="Số đến">
                {item.arrivalNumber || "—"}
              </td>
              <td className="nowrap" data-label="Ngày đến">
                {formatDateTimeVi(new Date(item.receivedAt))}
              </td>
              <td className="nowrap" data-label="Số, ký hiệu">
                {item.numberSymbol}
                {item.issuedDate ? <div className="muted">{formatDateVi(item.issuedDate)}</div> : null}
              </td>
              <td data-label="Cơ quan ban hành">{item.issuerName}</td>
              <td className="cell-main">
                <Link to={`/incoming/${item.id}`}>
                  {item.docTypeName}: {item.summary}
                </Link>{" "}
                <UrgencyBadge urgency={item.urgency} /> <SecretBadge isSecret={item.isSecret} />
              </td>
              <td data-label="Trạng thái">
                <StatusBadge status={item.status} isRecalled={item.isRecalled} />{" "}
                <DeadlineBadge mark={item.deadlineMark} deadline={item.status === "in_progress" ? item.deadline : null} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
