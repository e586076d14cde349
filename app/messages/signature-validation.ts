// Words for timestamps (PAdES B-T) and revocation data (PAdES B-LT) in the signature reports and signing errors.
import type { SignatureReport } from "#signing/index";

type Revocation = NonNullable<SignatureReport["revocation"]>;

export const SignatureValidationMessages = {
  NO_TIMESTAMP: "Không có dấu thời gian",
  TIMESTAMP: (time: string, tsa: string | null) => `${time}${tsa ? ` (${tsa})` : ""}`,
  NO_REVOCATION_DATA: "Chưa có dữ liệu thu hồi",
  REVOCATION: {
    good: "Chưa bị thu hồi (OCSP)",
    revoked: "Đã bị thu hồi",
    unknown: "Đơn vị cấp không xác nhận được (OCSP)",
  } satisfies Record<Revocation["status"], string>,
  REVOCATION_UNAVAILABLE_AT_ISSUE: "Không lấy được khi phát hành (chữ ký có trước)",
  REVOCATION_WARNINGS_TITLE:
    "Cảnh báo khi phát hành: không lấy được thông tin thu hồi của chữ ký số có trước trên tệp tải lên (không phải chữ ký của người ký văn bản). Văn bản vẫn được phát hành vì chỉ chữ ký của người có thẩm quyền bắt buộc phải kiểm tra; cảnh báo đã được ghi vào nhật ký.",
  REVOCATION_WARNING: (subject: string, file: string | null) => `Chứng thư số “${subject}”${file ? ` (phụ lục “${file}”)` : ""}`,
  CERT_REVOKED: (subject: string) => `Chứng thư số của ${subject} đã bị thu hồi (theo OCSP của đơn vị cấp), không thể phát hành văn bản`,
} as const;
