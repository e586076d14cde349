// Administration pages (routes admin.*, except admin.edxml which is the exchange's) and the account page:
// form hints and the confirmations shown after a successful action. tests/e2e/trust-anchors.spec.ts matches
// "Đã thêm 1 chứng thư: …" and "Đã gỡ chứng thư".
export const AdminMessages = {
  // Users.
  USERNAME_REQUIRED: "Nhập tên đăng nhập",
  FULL_NAME_REQUIRED: "Nhập họ và tên",
  EMAIL_INVALID: "Thư điện tử không hợp lệ",
  UNIT_REQUIRED: "Chọn đơn vị",
  ROLES_REQUIRED: "Chọn ít nhất một vai trò",
  INITIAL_PASSWORD_REQUIRED: "Nhập mật khẩu ban đầu",
  NEW_PASSWORD_REQUIRED: "Nhập mật khẩu mới",
  USER_SAVED: "Đã lưu thông tin người dùng.",
  PASSWORD_RESET: "Đã đặt lại mật khẩu; người dùng phải đổi mật khẩu khi đăng nhập.",
  // Organisations.
  ORGANIZATION_CERTIFICATE_SAVED: (subject: string) => `Đã lưu chứng thư số của cơ quan: ${subject}.`,
  SEAL_SAVED: "Đã cập nhật ảnh con dấu.",
  SERVER_TOKEN_SAVED: (subject: string) => `Đã ký thử thành công và lưu thiết bị ký số của cơ quan: ${subject}.`,
  SIGNING_DEVICE_DISABLED: "Đã ngừng sử dụng thiết bị ký số.",
  SAVED: "Đã lưu.",
  // Calendar.
  CALENDAR_NAME_REQUIRED: "Nhập tên ngày nghỉ hoặc lý do làm bù",
  // Trust anchors.
  TRUST_ANCHOR_LABEL_REQUIRED: "Nhập tên gợi nhớ cho chứng thư",
  PEM_TOO_LONG: "Nội dung PEM quá dài",
  TRUST_ANCHORS_ADDED: (subjects: string[]) => `Đã thêm ${subjects.length} chứng thư: ${subjects.join(", ")}`,
  TRUST_ANCHOR_REMOVED: "Đã gỡ chứng thư khỏi danh sách tin cậy",
  // Account (the user's own page).
  CURRENT_PASSWORD_REQUIRED: "Nhập mật khẩu hiện tại",
  NEW_PASSWORD_REPEAT_REQUIRED: "Nhập lại mật khẩu mới",
  PASSWORDS_DIFFER: "Mật khẩu nhập lại không khớp",
  OWN_CERTIFICATE_SAVED: (subject: string, notAfter: string) => `Đã lưu chứng thư số của ${subject} (hiệu lực đến ${notAfter}).`,
  SIGNATURE_IMAGE_SAVED: "Đã lưu ảnh chữ ký.",
  OTHER_SESSIONS_ENDED: "Đã đăng xuất khỏi các thiết bị khác.",
  PASSWORD_CHANGED: "Đã đổi mật khẩu. Các phiên đăng nhập khác đã được kết thúc.",
} as const;
