import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { userHasPermission } from "#app/platform/auth/actor";
import { requirePermission } from "#app/platform/auth/auth.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requirePermission(request, ["manage:users", "manage:organizations", "manage:calendar", "manage:trust"]);
  return json({ actor });
}

export default function AdminHome() {
  const { actor } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>Quản trị</h1>
      <div className="grid">
        {userHasPermission(actor, "manage:organizations") ? (
          <Link className="counter" to="/admin/organizations">
            <strong>Cơ quan, đơn vị</strong>Tên, viết tắt, mã định danh, địa danh, con dấu
          </Link>
        ) : null}
        {userHasPermission(actor, "manage:organizations") ? (
          <Link className="counter" to="/admin/edxml">
            <strong>Liên thông edXML</strong>Kết nối LGSP và hệ thống khác, gói tin chờ gửi, gói tin bị từ chối
          </Link>
        ) : null}
        {userHasPermission(actor, "manage:users") ? (
          <Link className="counter" to="/admin/users">
            <strong>Người dùng</strong>Tạo, khóa, đặt lại mật khẩu, vai trò
          </Link>
        ) : null}
        {userHasPermission(actor, "manage:calendar") ? (
          <Link className="counter" to="/admin/calendar">
            <strong>Lịch làm việc</strong>Ngày nghỉ lễ, Tết, ngày làm bù
          </Link>
        ) : null}
        {userHasPermission(actor, "manage:trust") ? (
          <Link className="counter" to="/admin/trust-anchors">
            <strong>Chứng thư gốc tin cậy</strong>Root CA quốc gia, CA Ban Cơ yếu Chính phủ để kiểm tra chữ ký số
          </Link>
        ) : null}
      </div>
    </>
  );
}
