// Sign-in, sessions, passwords and request guards (app/platform/auth/*, routes login, logout, account).
import { CommonMessages } from "#app/messages/common";

export const AuthMessages = {
  LOGIN_FAILED: "Tên đăng nhập hoặc mật khẩu không đúng.",
  LOGIN_LOCKED: "Đăng nhập sai quá nhiều lần. Vui lòng thử lại sau 15 phút.",
  /** scripts/http-guards.js says the same before Remix (tests/e2e/security-headers.spec.ts asserts the text). */
  CROSS_SITE: "Yêu cầu bị từ chối: khác nguồn gốc (cross-site).",
  /** A permission the actor lacks answers like a missing page (never confirm that it exists). */
  PAGE_NOT_FOUND: CommonMessages.NOT_FOUND("trang"),
  PASSWORD_TOO_SHORT: (min: number) => `Mật khẩu phải có ít nhất ${min} ký tự.`,
  PASSWORD_TOO_LONG: (max: number) => `Mật khẩu không được dài quá ${max} ký tự.`,
  PASSWORD_TOO_COMMON: "Mật khẩu này quá phổ biến, vui lòng chọn mật khẩu khác.",
  PASSWORD_CONTAINS_USERNAME: "Mật khẩu không được chứa tên đăng nhập.",
  USERNAME_REQUIRED: "Nhập tên đăng nhập",
  PASSWORD_REQUIRED: "Nhập mật khẩu",
  USER_NOT_FOUND: (username: string) => `Không tìm thấy người dùng "${username}"`,
  USER_LACKS_PERMISSION: (username: string, what: string) => `Người dùng "${username}" không có quyền ${what}`,
} as const;
