import type { Db } from "./client";
import { permissions, rolePermissions, roles } from "./schema/index";

/**
 * Permission strings, `action:entity[:scope]` (house style rule 6). Roles map to permissions as data;
 * the code only ever asks "does this actor hold permission X".
 */
export const PERMISSIONS = {
  "view:dashboard": "Xem bảng điều khiển",
  "register:incoming": "Đăng ký văn bản đến, trả lại văn bản không hợp lệ",
  "route:incoming": "Phân phối văn bản đến (xử lý chính, phối hợp, để biết, hạn xử lý)",
  "direct:incoming": "Cho ý kiến chỉ đạo văn bản đến",
  "handle:incoming": "Xử lý văn bản đến được giao",
  "view:incoming:all": "Xem mọi văn bản đến của cơ quan",
  "view:register": "Xem, in sổ đăng ký văn bản",
  "draft:outgoing": "Soạn thảo văn bản đi",
  "review:outgoing:dept": "Duyệt dự thảo (lãnh đạo phòng)",
  "review:outgoing:office": "Kiểm tra thể thức, ký nháy (lãnh đạo Văn phòng)",
  "sign:outgoing": "Duyệt và ký số văn bản đi",
  "issue:outgoing": "Cấp số, ký số cơ quan và phát hành văn bản đi",
  "recall:outgoing": "Thu hồi văn bản đã phát hành",
  "view:outgoing:all": "Xem mọi văn bản đi của cơ quan",
  "manage:plan": "Tạo, nhập kế hoạch; xác nhận hoàn thành nhiệm vụ; chỉ tiêu",
  "update:task:unit": "Cập nhật nhiệm vụ của đơn vị",
  "view:plan:all": "Xem mọi kế hoạch, nhiệm vụ",
  "view:reports": "Xem báo cáo, thống kê",
  "view:statistics": "Xem thống kê tình hình giải quyết văn bản, chỉ số chính quyền điện tử của cơ quan",
  "view:statistics:unit": "Xem thống kê tình hình giải quyết văn bản của đơn vị mình",
  "manage:organizations": "Quản trị cơ quan, đơn vị",
  "manage:users": "Quản trị người dùng",
  "manage:calendar": "Quản trị lịch làm việc",
  "manage:trust": "Quản trị chứng thư gốc tin cậy (kiểm tra chữ ký số)",
  "view:audit": "Xem nhật ký hệ thống",
  "remind:work": "Đôn đốc việc giải quyết văn bản, thực hiện nhiệm vụ",
  "manage:casefile": "Lập hồ sơ: mở hồ sơ, đưa văn bản vào hồ sơ, kết thúc hồ sơ",
  "archive:casefile": "Lưu trữ cơ quan: lập danh mục hồ sơ, nhận nộp lưu, xét hủy hồ sơ hết giá trị",
  "approve:casefile-list": "Duyệt danh mục hồ sơ; quyết định hủy hồ sơ hết giá trị",
} as const;
export type PermissionKey = keyof typeof PERMISSIONS;

export const ROLE_KEYS = ["clerk", "office_lead", "leader", "dept_lead", "specialist", "plan_manager", "admin"] as const;
export type RoleKey = (typeof ROLE_KEYS)[number];

/** DESIGN.md §3. */
export const ROLES: Record<RoleKey, { name: string; permissions: PermissionKey[] }> = {
  clerk: {
    name: "Văn thư",
    permissions: [
      "view:dashboard",
      "register:incoming",
      "view:register",
      "issue:outgoing",
      "recall:outgoing",
      "handle:incoming",
      "view:statistics",
      "manage:casefile",
      "archive:casefile",
    ],
  },
  office_lead: {
    name: "Lãnh đạo Văn phòng",
    permissions: [
      "view:dashboard",
      "route:incoming",
      "view:incoming:all",
      "view:register",
      "review:outgoing:office",
      "view:outgoing:all",
      "handle:incoming",
      "draft:outgoing",
      "view:reports",
      "view:statistics",
      "remind:work",
      "manage:casefile",
    ],
  },
  leader: {
    name: "Lãnh đạo UBND",
    permissions: [
      "view:dashboard",
      "direct:incoming",
      "view:incoming:all",
      "view:register",
      "sign:outgoing",
      "recall:outgoing",
      "view:outgoing:all",
      "handle:incoming",
      "view:plan:all",
      "view:reports",
      "view:statistics",
      "remind:work",
      "manage:casefile",
      "approve:casefile-list",
    ],
  },
  dept_lead: {
    name: "Trưởng phòng",
    permissions: ["view:dashboard", "handle:incoming", "draft:outgoing", "review:outgoing:dept", "update:task:unit", "view:statistics:unit", "manage:casefile"],
  },
  specialist: {
    name: "Chuyên viên",
    permissions: ["view:dashboard", "handle:incoming", "draft:outgoing", "update:task:unit", "manage:casefile"],
  },
  plan_manager: {
    name: "Theo dõi kế hoạch",
    permissions: [
      "view:dashboard",
      "manage:plan",
      "view:plan:all",
      "view:reports",
      "view:statistics",
      "update:task:unit",
      "handle:incoming",
      "draft:outgoing",
      "remind:work",
      "manage:casefile",
    ],
  },
  admin: {
    name: "Quản trị",
    permissions: ["view:dashboard", "manage:organizations", "manage:users", "manage:calendar", "manage:trust", "view:audit"],
  },
};

/** Idempotent: run after every migration. */
export function insertReferenceData(db: Db): void {
  db.transaction(
    (tx) => {
      for (const [key, description] of Object.entries(PERMISSIONS)) {
        tx.insert(permissions).values({ key, description }).onConflictDoNothing().run();
      }
      for (const key of ROLE_KEYS) {
        tx.insert(roles).values({ key, name: ROLES[key].name }).onConflictDoNothing().run();
        for (const permissionKey of ROLES[key].permissions) {
          tx.insert(rolePermissions).values({ roleKey: key, permissionKey }).onConflictDoNothing().run();
        }
      }
    },
    { behavior: "immediate" },
  );
}
