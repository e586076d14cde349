// Signing messages: PKCS#11 tokens, signing on the user's own device (agent), signing methods.
// SigningError codes from signing/ map here so the app words them the same everywhere.
import type { SigningErrorCode } from "#signing/index";

export const SigningMessages = {
  PKCS11_MODULE: "Không nạp được thư viện PKCS#11 của thiết bị ký số. Kiểm tra đường dẫn module trong cấu hình chữ ký số.",
  PKCS11_TOKEN_NOT_FOUND: "Không tìm thấy thiết bị ký số (token). Kiểm tra thiết bị đã được cắm và nhãn token đã khai báo.",
  PKCS11_KEY_NOT_FOUND: "Không tìm thấy khóa ký trên thiết bị ký số. Kiểm tra nhãn khóa đã khai báo.",
  PKCS11_CERT_NOT_FOUND: "Không tìm thấy chứng thư số đi kèm khóa trên thiết bị ký số.",
  PKCS11_PIN_INCORRECT: "Mã PIN của thiết bị ký số không đúng. Lưu ý: nhập sai nhiều lần, thiết bị sẽ bị khóa.",
  PKCS11_PIN_LOCKED: "Thiết bị ký số đã bị khóa do nhập sai mã PIN nhiều lần. Liên hệ tổ chức cung cấp chứng thư số để mở khóa.",
  PKCS11_PIN_EXPIRED: "Mã PIN của thiết bị ký số đã hết hạn. Hãy đổi mã PIN bằng phần mềm của nhà cung cấp.",
  PKCS11_FAILED: "Thiết bị ký số báo lỗi khi ký. Thử rút ra, cắm lại thiết bị rồi ký lại.",
  PKCS12_TIMEOUT: (seconds: string) =>
    `Mở tệp chứng thư số (PKCS#12) mất quá ${seconds} giây nên đã dừng lại; hãy xuất lại tệp .p12/.pfx bằng công cụ thông dụng (Windows, OpenSSL) rồi thử lại.`,
  PIN_REQUIRED: "Nhập mã PIN của thiết bị ký số",
  NO_DEVICE: "Chưa khai báo thiết bị ký số (Quản trị → Thiết bị ký số).",
  NO_ORGANIZATION_SIGNER: "Cơ quan chưa có chứng thư số hoặc thiết bị ký số để ký phát hành (Quản trị → Cơ quan).",
  PREPARATION_EXPIRED: "Phiên ký đã hết hạn hoặc không còn hiệu lực. Tải lại trang và ký lại.",
  PREPARATION_STALE: "Văn bản đã được ký hoặc thay đổi bởi người khác. Tải lại trang để xem phiên bản mới.",
  PREPARATION_BUSY: "Một người khác đang ký văn bản này trên thiết bị của họ. Tải lại trang sau ít phút.",
  WRONG_CERTIFICATE: "Chứng thư số trên thiết bị không phải của người được giao ký văn bản này.",
  NO_ORGANIZATION_DEVICE: "Cơ quan chưa đăng ký thiết bị ký số của văn thư: bật chương trình ký, cắm thiết bị rồi bấm “Đăng ký thiết bị ký số của cơ quan”.",
  ORGANIZATION_DEVICE_CHANGED: "Thiết bị ký số của cơ quan vừa được thay đổi hoặc ngừng sử dụng. Tải lại trang.",
  DEVICE_ISSUE_REMOTE_RECIPIENTS:
    "Văn bản có nơi nhận ở hệ thống khác (gửi gói edXML có chữ ký số của cơ quan): chưa phát hành được bằng thiết bị của văn thư; dùng thiết bị ký số trên máy chủ hoặc tệp chứng thư số của cơ quan.",
  WRONG_ORGANIZATION_CERTIFICATE: "Chứng thư số trên thiết bị không phải chứng thư số của cơ quan đã đăng ký.",
  INVALID_SIGNATURE: "Chữ ký từ thiết bị không khớp với dữ liệu cần ký hoặc với chứng thư số.",
  INVALID_CHAIN: "Chứng thư số từ thiết bị không hợp lệ hoặc không được tin cậy.",
  CERT_EXPIRES_SOON: (days: number, date: string) => `Chứng thư số của bạn hết hạn sau ${days} ngày (ngày ${date}). Liên hệ tổ chức cung cấp để gia hạn.`,
  CERT_EXPIRED: (date: string) => `Chứng thư số của bạn đã hết hạn ngày ${date}.`,
  PIN_VARIABLE_NAME: "Tên biến môi trường viết hoa, chỉ gồm chữ, số, dấu gạch dưới và có chữ PIN (ví dụ PKCS11_PIN_UBND)",
  PIN_VARIABLE_EMPTY: (name: string) => `Biến môi trường ${name} trên máy chủ không có mã PIN`,
  MODULE_NOT_ALLOWED: "Thư viện PKCS#11 này không nằm trong danh sách được phép trên máy chủ (PKCS11_MODULES)",
  TEST_SIGNATURE_FAILED: "Khóa trên thiết bị ký số không ký được hoặc không khớp với chứng thư số đọc từ thiết bị: chưa lưu gì.",
  SEAL_NEEDS_ISSUING_ORGANIZATION:
    "Chỉ cơ quan ban hành văn bản (tỉnh, sở, xã/phường) mới có chữ ký số cơ quan; đơn vị trực thuộc dùng chữ ký số của cơ quan mình.",
  NO_DEVICE_TO_DISABLE: "Không có thiết bị ký số đang dùng để ngừng sử dụng.",
  DEVICE_FIELDS_REQUIRED: "Nhập đường dẫn module PKCS#11, nhãn token và nhãn khóa",
  REQUIRED: "Bắt buộc",
  KEY_ID_HEX: "Mã khóa (CKA_ID) phải là số hexa",
  DEVICE_CERT_CHANGED: "Chứng thư số trên thiết bị ký số khác chứng thư số đã đăng ký; quản trị viên cần đăng ký lại thiết bị.",
  CHOOSE_METHOD: "Chọn phương thức ký",
  NO_SERVER_TOKEN: "Quản trị viên chưa khai báo thiết bị ký số trên máy chủ cho bạn.",
  NO_OWN_DEVICE: "Chưa đăng ký thiết bị của bạn: bật chương trình ký rồi bấm “Đăng ký thiết bị của tôi”.",
  NO_DEVICE_FIELD: "Chưa có thiết bị",
  METHOD_PKCS12: "Tệp chứng thư số (PKCS#12) lưu trên máy chủ",
  METHOD_SERVER_TOKEN: "Thiết bị ký số trên máy chủ (HSM/token, nhập mã PIN khi ký)",
  METHOD_DEVICE: "Thiết bị của tôi (USB token cắm vào máy tính, qua chương trình ký)",
} as const;

/** The app's wording of a library SigningError code, when it has one. */
export function signingMessageFor(code: SigningErrorCode): string | undefined {
  const m = (SigningMessages as Record<string, unknown>)[code];
  return typeof m === "string" ? m : undefined;
}
