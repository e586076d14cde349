// Errors thrown by the signing library. `code` is stable for programs; `message` is Vietnamese for users.
export type SigningErrorCode =
  | "WRONG_PASSPHRASE"
  | "INVALID_PKCS12"
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
  | "TIMESTAMP_FAILED"
  | "REVOCATION_FAILED"
  | "CERT_REVOKED";

const defaultMessages: Record<SigningErrorCode, string> = {
  WRONG_PASSPHRASE: "Mật khẩu chứng thư số không đúng",
  INVALID_PKCS12: "Tệp chứng thư số (PKCS#12) không hợp lệ",
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
  TIMESTAMP_FAILED: "Không lấy được dấu thời gian từ máy chủ cấp dấu thời gian (TSA)",
  REVOCATION_FAILED: "Không lấy được thông tin thu hồi chứng thư số (OCSP/CRL)",
  CERT_REVOKED: "Chứng thư số đã bị thu hồi, không thể ký",
};

export class SigningError extends Error {
  readonly code: SigningErrorCode;
  constructor(code: SigningErrorCode, message?: string, options?: { cause?: unknown }) {
    super(message ?? defaultMessages[code], options);
    this.name = "SigningError";
    this.code = code;
  }
}
