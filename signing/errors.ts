// Errors thrown by the signing library. `code` is stable for programs; `message` is Vietnamese for users.
export type SigningErrorCode =
  | "WRONG_PASSPHRASE"
  | "INVALID_PKCS12"
  | "PKCS12_TOO_COSTLY"
  | "CERT_EXPIRED"
  | "CERT_NOT_YET_VALID"
  | "KEY_USAGE"
  | "ENCRYPTED_PDF"
  | "MALFORMED_PDF"
  | "CONCURRENT_REVISION"
  | "NOT_PREPARED"
  | "INVALID_SIGNATURE_VALUE"
  | "FIELD_NOT_FOUND"
  | "PLACEHOLDER_TOO_SMALL"
  | "INVALID_OPTIONS"
  | "PKCS11_MODULE"
  | "PKCS11_TOKEN_NOT_FOUND"
  | "PKCS11_KEY_NOT_FOUND"
  | "PKCS11_CERT_NOT_FOUND"
  | "PKCS11_PIN_INCORRECT"
  | "PKCS11_PIN_LOCKED"
  | "PKCS11_PIN_EXPIRED"
  | "PKCS11_FAILED"
  | "TIMESTAMP_FAILED"
  | "REVOCATION_FAILED"
  | "CERT_REVOKED"
  | "CERTIFIED_NO_CHANGES";

const defaultMessages: Record<SigningErrorCode, string> = {
  WRONG_PASSPHRASE: "Mật khẩu chứng thư số không đúng",
  INVALID_PKCS12: "Tệp chứng thư số (PKCS#12) không hợp lệ",
  PKCS12_TOO_COSTLY:
    "Tệp chứng thư số (PKCS#12) đặt số vòng lặp bảo vệ mật khẩu quá lớn; hãy xuất lại tệp .p12/.pfx bằng công cụ thông dụng (Windows, OpenSSL).",
  CERT_EXPIRED: "Chứng thư số đã hết hạn",
  CERT_NOT_YET_VALID: "Chứng thư số chưa đến thời hạn sử dụng",
  KEY_USAGE: "Chứng thư số không cho phép ký số (thiếu digitalSignature/nonRepudiation)",
  ENCRYPTED_PDF: "Tệp PDF đã được mã hóa, không thể ký",
  MALFORMED_PDF: "Tệp không phải PDF hợp lệ hoặc bị cắt cụt",
  CONCURRENT_REVISION: "Văn bản đã được ký hoặc thay đổi bởi người khác, vui lòng tải lại và ký lại",
  NOT_PREPARED: "Phiên ký không tồn tại hoặc đã hết hạn",
  INVALID_SIGNATURE_VALUE: "Giá trị chữ ký không khớp với chứng thư số",
  FIELD_NOT_FOUND: "Không tìm thấy trường biểu mẫu trong văn bản",
  PLACEHOLDER_TOO_SMALL: "Chữ ký vượt quá vùng dành sẵn trong tệp PDF",
  INVALID_OPTIONS: "Tham số ký không hợp lệ",
  PKCS11_MODULE: "Không nạp được thư viện PKCS#11 của thiết bị ký số (kiểm tra đường dẫn module)",
  PKCS11_TOKEN_NOT_FOUND: "Không tìm thấy thiết bị ký số (token) — kiểm tra thiết bị đã cắm và nhãn token",
  PKCS11_KEY_NOT_FOUND: "Không tìm thấy khóa ký trên thiết bị ký số",
  PKCS11_CERT_NOT_FOUND: "Không tìm thấy chứng thư số đi kèm khóa trên thiết bị ký số",
  PKCS11_PIN_INCORRECT: "Mã PIN của thiết bị ký số không đúng",
  PKCS11_PIN_LOCKED: "Thiết bị ký số đã bị khóa do nhập sai mã PIN nhiều lần; liên hệ tổ chức cung cấp chứng thư số để mở khóa",
  PKCS11_PIN_EXPIRED: "Mã PIN của thiết bị ký số đã hết hạn; hãy đổi mã PIN bằng phần mềm của nhà cung cấp",
  PKCS11_FAILED: "Thiết bị ký số báo lỗi khi ký",
  TIMESTAMP_FAILED: "Không lấy được dấu thời gian từ máy chủ cấp dấu thời gian (TSA)",
  REVOCATION_FAILED: "Không lấy được thông tin thu hồi chứng thư số (OCSP/CRL)",
  CERT_REVOKED: "Chứng thư số đã bị thu hồi, không thể ký",
  CERTIFIED_NO_CHANGES:
    "Tệp PDF đã được chứng nhận không cho phép thay đổi (DocMDP P=1); ký thêm sẽ làm mất hiệu lực chứng nhận. Hãy dùng bản PDF chưa chứng nhận.",
};

export class SigningError extends Error {
  readonly code: SigningErrorCode;
  constructor(code: SigningErrorCode, message?: string, options?: { cause?: unknown }) {
    super(message ?? defaultMessages[code], options);
    this.name = "SigningError";
    this.code = code;
  }
}
