// The edXML administration page (app/routes/admin.edxml.tsx): the connections, the outgoing packets that need
// attention (with "retry now") and the refused incoming packets.
import type { SerializeFrom } from "@remix-run/node";
import { Form } from "@remix-run/react";
import { formatDateTimeVi } from "#app/domain/shared/dates";
import type { edxmlOverview } from "#app/features/exchange/admin.server";
import { EmptyRow } from "#app/components/ui/table";

type EdxmlOverview = SerializeFrom<ReturnType<typeof edxmlOverview>>;

const KIND_LABELS: Record<string, string> = { document: "Văn bản", recall: "Thu hồi", update: "Cập nhật", status: "Trạng thái" };

export function EdxmlOverviewTables({ peers, problems, refusals, accepted }: EdxmlOverview) {
  return (
    <>
      <h2>Kết nối</h2>
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">Tên</th>
              <th scope="col">Kênh</th>
              <th scope="col">Địa chỉ / thư mục</th>
              <th scope="col">Cơ quan</th>
              <th scope="col">Chờ gửi</th>
              <th scope="col">Đã gửi</th>
              <th scope="col">Bị từ chối</th>
            </tr>
          </thead>
          <tbody>
            {peers.map((p) => (
              <tr key={p.id}>
                <td>
                  {p.name}
                  {p.isActive ? null : <span className="badge">Tạm dừng</span>}
                </td>
                <td>{p.transport === "http" ? `HTTP${p.hasToken ? " (đã đặt mã xác thực)" : ""}` : "Thư mục"}</td>
                <td className="nowrap">{p.endpoint}</td>
                <td>{p.organizations.map((o) => `${o.name}${o.organId ? ` (${o.organId})` : ""}`).join("; ") || <span className="muted">Chưa có</span>}</td>
                <td>{p.pending}</td>
                <td>{p.sent}</td>
                <td>{p.refused}</td>
              </tr>
            ))}
            {peers.length === 0 ? <EmptyRow colSpan={7}>Chưa có kết nối nào: văn bản chỉ liên thông trong hệ thống này.</EmptyRow> : null}
          </tbody>
        </table>
      </div>

      <h2>Gói tin gửi đi cần chú ý</h2>
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">Loại</th>
              <th scope="col">Mã văn bản (DocumentId)</th>
              <th scope="col">Nơi nhận</th>
              <th scope="col">Kết nối</th>
              <th scope="col">Số lần gửi</th>
              <th scope="col">Lỗi gần nhất</th>
              <th scope="col">
                <span className="muted">Thao tác</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {problems.map((p) => (
              <tr key={p.id}>
                <td>{KIND_LABELS[p.kind] ?? p.kind}</td>
                <td className="nowrap">{p.documentId}</td>
                <td className="nowrap">{p.recipientOrganId}</td>
                <td>{p.peerName}</td>
                <td>{p.attempts}</td>
                <td>
                  {p.state === "refused" ? <span className="badge overdue">Bị từ chối</span> : null} {p.lastError ?? ""}
                  {p.state === "pending" ? <div className="muted">Lần gửi tiếp theo: {formatDateTimeVi(new Date(p.nextAttemptAt))}</div> : null}
                </td>
                <td>
                  {p.state === "pending" ? (
                    <Form method="post">
                      <input type="hidden" name="intent" value="retry" />
                      <input type="hidden" name="outboxId" value={p.id} />
                      <button type="submit" className="secondary">
                        Gửi lại ngay
                      </button>
                    </Form>
                  ) : null}
                </td>
              </tr>
            ))}
            {problems.length === 0 ? <EmptyRow colSpan={7}>Không có gói tin nào gửi lỗi hoặc bị từ chối.</EmptyRow> : null}
          </tbody>
        </table>
      </div>

      <h2>Gói tin nhận được bị từ chối</h2>
      <p className="muted">Đã tiếp nhận {accepted} gói tin. Gói tin bị từ chối chỉ lưu lý do; bên gửi được thông báo lý do này.</p>
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">Thời điểm</th>
              <th scope="col">Kênh</th>
              <th scope="col">Cơ quan gửi</th>
              <th scope="col">Mã văn bản</th>
              <th scope="col">Lý do</th>
            </tr>
          </thead>
          <tbody>
            {refusals.map((r) => (
              <tr key={r.id}>
                <td className="nowrap">{formatDateTimeVi(new Date(r.receivedAt))}</td>
                <td>{r.channel === "http" ? "HTTP" : r.channel === "directory" ? "Thư mục" : "Dòng lệnh"}</td>
                <td className="nowrap">{r.senderOrganId ?? ""}</td>
                <td className="nowrap">{r.documentId ?? ""}</td>
                <td>{r.reason}</td>
              </tr>
            ))}
            {refusals.length === 0 ? <EmptyRow colSpan={5}>Chưa có gói tin nào bị từ chối.</EmptyRow> : null}
          </tbody>
        </table>
      </div>
    </>
  );
}
