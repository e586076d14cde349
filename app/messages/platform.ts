// The platform's messages (app/platform/**, app/utils/**): users, organisations, the working calendar, signing
// credentials, trust anchors, uploads. Wording that a test asserts is marked.
import { CommonMessages } from "#app/messages/common";

export const PlatformMessages = {
  // Users (ASVS V6 password rules are in AuthMessages).
  USER_NOT_FOUND: CommonMessages.NOT_FOUND("người dùng"),
  USER_INVALID: "Thông tin người dùng chưa hợp lệ",
  /** tests/integration/backup-and-cli.test.ts asserts this wording. */
  USERNAME_TAKEN: "Tên đăng nhập đã tồn tại",
  ROLES_REQUIRED: "Chọn ít nhất một vai trò",
  /** tests/integration/auth.test.ts matches /người khác cập nhật/. */
  USER_STALE: "Người dùng đã được người khác cập nhật. Vui lòng tải lại trang.",
  CANNOT_LOCK_SELF: "Không thể tự khóa tài khoản của chính mình",
  CURRENT_PASSWORD_WRONG: "Mật khẩu hiện tại không đúng",
  NEW_PASSWORD_SAME: "Mật khẩu mới phải khác mật khẩu hiện tại",

  // Organisations.
  ORGANIZATION_NOT_FOUND: CommonMessages.NOT_FOUND("cơ quan, đơn vị"),
  /** tests/integration/scoping.test.ts matches /Thông tin chưa hợp lệ/. */
  ORGANIZATION_INVALID: CommonMessages.FORM_INVALID,
  ORGANIZATION_STALE: CommonMessages.STALE_FORM("cơ quan, đơn vị"),
  ORGANIZATION_OWN_PARENT: "Cơ quan không thể là cấp trên của chính nó",
  ORGANIZATION_DESCENDANT_PARENT: "Không thể chọn đơn vị cấp dưới của chính cơ quan này làm cấp trên (tạo vòng lặp trong cây tổ chức).",
  ORGANIZATION_CYCLE: "Cây tổ chức bị lỗi vòng lặp (một đơn vị là cấp trên của chính nó). Quản trị viên cần sửa lại cấp trên.",
  SEAL_NOT_PNG: "Ảnh con dấu phải là tệp PNG",
  SEAL_TOO_LARGE: (limitMb: number) => `Ảnh con dấu không được lớn hơn ${limitMb} MB`,
  SEAL_PROBLEM: (problem: string) => `Ảnh con dấu: ${problem}`,

  // Working calendar (Bộ luật Lao động 2019 Art. 112 holidays; make-up days by Prime Minister's decision).
  DATE_INVALID: "Ngày không hợp lệ",
  CALENDAR_NAME_REQUIRED: "Nhập tên ngày nghỉ hoặc lý do",
  MAKEUP_DAY_NOT_WEEKEND: "Ngày làm bù phải là thứ Bảy hoặc Chủ nhật",
  CALENDAR_DAY_NOT_FOUND: "Không có ngày này trong lịch",

  // Signing credentials (certificate, signature image).
  CREDENTIAL_FILE_REQUIRED: "Chọn tệp chứng thư số hoặc ảnh chữ ký để tải lên",
  CERTIFICATE_FILE_REQUIRED: "Chọn tệp chứng thư số (.p12, .pfx)",
  CERTIFICATE_TOO_LARGE: "Tệp chứng thư số quá lớn",
  CERTIFICATE_PASSPHRASE_REQUIRED: "Nhập mật khẩu của chứng thư số",
  SIGNATURE_IMAGE_NOT_PNG: "Ảnh chữ ký phải là tệp PNG (nền trong suốt)",
  SIGNATURE_IMAGE_TOO_LARGE: (limitMb: number) => `Ảnh chữ ký không được lớn hơn ${limitMb} MB`,
  SIGNATURE_IMAGE_PROBLEM: (problem: string) => `Ảnh chữ ký: ${problem}`,
  IMAGE_TOO_LARGE: "Ảnh quá lớn",
  SEAL_FILE_REQUIRED: "Chọn tệp ảnh con dấu (PNG)",

  // Trust anchors (root CAs the verifier trusts).
  TRUST_ANCHOR_LABEL_REQUIRED: "Nhập tên gợi nhớ cho chứng thư",
  /** tests/e2e/trust-anchors.spec.ts asserts this wording. */
  TRUST_ANCHOR_DUPLICATE: "Chứng thư này đã có trong danh sách tin cậy",
  TRUST_ANCHOR_NOT_FOUND: "Không có chứng thư này trong danh sách tin cậy",
  TRUST_ANCHOR_ON_DISK_ONLY: "Không có chứng thư này trong danh sách tin cậy (chứng thư trong thư mục keys chỉ gỡ được trên máy chủ)",
  TRUST_ANCHOR_INPUT_REQUIRED: "Chọn tệp chứng thư hoặc dán nội dung PEM",
  TRUST_ANCHOR_TOO_LARGE: (limitKb: number) => `Tệp chứng thư quá lớn (tối đa ${limitKb} KB)`,
  TRUST_ANCHOR_PRIVATE_KEY: "Nội dung có khóa bí mật; chỉ nhập chứng thư (phần CERTIFICATE)",
  TRUST_ANCHOR_UNREADABLE: "Không đọc được chứng thư (cần định dạng PEM hoặc DER X.509)",
  TRUST_ANCHOR_TOO_MANY: (max: number) => `Mỗi lần nhập tối đa ${max} chứng thư`,
  TRUST_ANCHOR_NOT_CA: (subject: string) => `Chứng thư "${subject}" không phải chứng thư của tổ chức chứng thực (CA); không dùng làm gốc tin cậy được`,

  // Uploads (multipart bodies read by app/utils/upload.server.ts); tests/integration/hostile-input.test.ts and
  // tests/e2e/hostile.spec.ts match "Tổng dung lượng … MB" and "MB mỗi tệp".
  UPLOAD_EMPTY: "Không có dữ liệu gửi lên.",
  UPLOAD_NOT_FORM: "Dữ liệu gửi lên không đúng định dạng biểu mẫu.",
  UPLOAD_FILE_TOO_LARGE: (mb: string) => `Tệp tải lên vượt quá dung lượng cho phép (${mb} MB mỗi tệp).`,
  UPLOAD_REQUEST_TOO_LARGE: (mb: string) => `Tổng dung lượng các tệp tải lên vượt quá giới hạn (${mb} MB mỗi lần gửi).`,
  UPLOAD_TOO_MANY_FILES: (max: number) => `Chỉ được tải lên tối đa ${max} tệp mỗi lần gửi.`,
  UPLOAD_FIELD_TOO_LARGE: (mb: string) => `Nội dung nhập vượt quá giới hạn (${mb} MB mỗi trường).`,
  UPLOAD_ONLY_KINDS: (kinds: string) => `Chỉ nhận tệp ${kinds}`,
  UPLOAD_ZIP_NOT_OFFICE: (fileName: string, allowed: string) => `${fileName}: tệp nén không phải tài liệu Word (.docx) hoặc Excel (.xlsx). ${allowed}.`,
  UPLOAD_KIND_UNSUPPORTED: (fileName: string, allowed: string) => `${fileName}: định dạng không được hỗ trợ. ${allowed}.`,
  UPLOAD_TEXT_LEGACY_FONT: (fileName: string, encoding: string) =>
    `${fileName}: văn bản dùng ${encoding}. Hãy chuyển sang Unicode (Unikey → Công cụ chuyển mã) rồi tải lên lại.`,

  // Untrusted files (app/platform/untrusted, app/platform/files); tests match "… trang, vượt giới hạn … trang".
  PDF_TOO_MANY_PAGES: (pages: string, max: string) => `Tệp PDF có ${pages} trang, vượt giới hạn ${max} trang.`,
  PDF_MALFORMED: "Tệp PDF bị hỏng, không mở được.",
  PDF_PAGE_UNREADABLE: (page: number) => `Tệp PDF bị hỏng: không mở được trang ${page} (cây trang lỗi hoặc tham chiếu vòng).`,
  FILE_TIMEOUT: (seconds: number) => `Tệp quá phức tạp: xử lý vượt quá giới hạn thời gian ${seconds} giây nên đã dừng lại.`,
  FILE_MEMORY: (mb: number) => `Tệp quá phức tạp: xử lý cần quá ${mb} MB bộ nhớ nên đã dừng lại.`,
  FILE_READER_CRASHED: "Không xử lý được tệp: bộ đọc tệp dừng bất thường. Hãy kiểm tra lại tệp.",
  FILE_POOL_BUSY: "Hệ thống đang xử lý nhiều tệp, vui lòng thử lại sau ít phút.",
  STORED_FILE_UNREADABLE: "Không đọc được tệp trong kho lưu trữ của hệ thống. Hãy báo quản trị hệ thống.",

  // Field hints of the user and organisation forms.
  USERNAME_FORMAT: "Tên đăng nhập chỉ gồm chữ thường không dấu, số, dấu chấm, gạch (2–64 ký tự)",
  FULL_NAME_REQUIRED: "Nhập họ và tên",
  ROLES_INVALID: "Chọn ít nhất một vai trò hợp lệ",
  ORGAN_ID_FORMAT: "Mã định danh phải có dạng 000.00.00.H12",
  ORGAN_ID_TAKEN: "Mã định danh đã được dùng cho cơ quan khác",
  UNIT_NEEDS_PARENT: "Đơn vị nội bộ phải thuộc một cơ quan",
  PARENT_NOT_FOUND: "Không tìm thấy cơ quan cấp trên",
  ISSUER_NEEDS_PLACE: "Cơ quan ban hành văn bản cần có địa danh",
} as const;
