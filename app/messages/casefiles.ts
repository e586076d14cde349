// Messages of case files and the archive (app/features/casefiles): danh mục hồ sơ, hồ sơ, nộp lưu, retention review.
// Not-found and stale-form situations use CommonMessages (app/messages/common.ts).

export const CaseFileMessages = {
  // Danh mục hồ sơ
  LIST_FILE_REQUIRED: "Chưa chọn tệp danh mục hồ sơ (CSV hoặc XLSX).",
  LIST_FILE_UNREADABLE: "Không đọc được tệp danh mục hồ sơ; hãy dùng CSV (UTF-8) hoặc XLSX.",
  LIST_HEADER_MISSING:
    "Không tìm thấy dòng tiêu đề theo mẫu Phụ lục V: cần các cột “Số, ký hiệu hồ sơ”, “Tên đề mục và tiêu đề hồ sơ”, “Thời hạn bảo quản”, “Đơn vị/người lập hồ sơ”, “Ghi chú”.",
  LIST_EMPTY: "Tệp không có hồ sơ nào để nhập.",
  LIST_HAS_ERRORS: (count: number, first: string) => `Tệp có ${count} lỗi, chưa nhập được: ${first}`,
  LIST_ROW_TITLE_MISSING: (row: number) => `Dòng ${row}: thiếu tiêu đề hồ sơ.`,
  LIST_ROW_CODE_INVALID: (row: number, code: string) => `Dòng ${row}: số, ký hiệu hồ sơ “${code}” không hợp lệ (tối đa 20 ký tự: chữ, số, dấu chấm, gạch).`,
  LIST_ROW_RETENTION_INVALID: (row: number, text: string) => `Dòng ${row}: thời hạn bảo quản “${text}” không đọc được (ghi số năm hoặc “Vĩnh viễn”).`,
  LIST_ROW_CODE_DUPLICATE: (row: number, code: string) => `Dòng ${row}: số, ký hiệu hồ sơ “${code}” trùng với một dòng trước.`,
  LIST_APPROVED: (year: number) => `Danh mục hồ sơ năm ${year} đã được duyệt; không thay đổi được.`,
  LIST_IN_USE: (year: number) => `Đã có hồ sơ được mở theo danh mục năm ${year}; không thay thế danh mục được nữa.`,
  LIST_ALREADY_EXISTS: (year: number) => `Danh mục hồ sơ năm ${year} đã có.`,
  LIST_NOTHING_TO_COPY: (year: number) => `Không có danh mục hồ sơ năm ${year} để sao chép.`,
  LIST_NOTHING_TO_APPROVE: "Danh mục chưa có hồ sơ nào; chưa duyệt được.",
  YEAR_INVALID: "Năm không hợp lệ (từ 2000 đến 2100).",
  // Hồ sơ
  ENTRY_NOT_IN_LIST: (code: string, year: number) =>
    `Không có hồ sơ “${code}” trong danh mục hồ sơ năm ${year}; để lập hồ sơ ngoài danh mục, nhập tiêu đề và thời hạn bảo quản.`,
  FILE_ALREADY_OPEN: (code: string) => `Hồ sơ “${code}” đã được mở trong năm này.`,
  NOTATION_INVALID: "Số, ký hiệu hồ sơ không hợp lệ (tối đa 20 ký tự: chữ, số, dấu chấm, gạch).",
  TITLE_REQUIRED: "Nhập tiêu đề hồ sơ.",
  RETENTION_INVALID: "Thời hạn bảo quản: ghi số năm (1–100) hoặc “Vĩnh viễn”.",
  ORGAN_ID_MISSING: "Cơ quan chưa có mã định danh điện tử; quản trị cần cập nhật trước khi lập hồ sơ.",
  NOT_OPEN: "Hồ sơ đã kết thúc; không thay đổi được nội dung.",
  READ_ONLY: "Hồ sơ đã nộp lưu (hoặc đã hủy theo quyết định): chỉ được xem.",
  NOT_MANAGER: "Chỉ người lập hồ sơ, đơn vị lập hồ sơ hoặc lưu trữ cơ quan được thay đổi hồ sơ này.",
  DOCUMENT_ALREADY_FILED: "Văn bản đã có trong hồ sơ này.",
  DOCUMENT_NOT_FILEABLE: "Chỉ văn bản đến đã đăng ký và văn bản đi đã phát hành mới được đưa vào hồ sơ.",
  DOCUMENT_SECRET: "Văn bản mật không được lập hồ sơ điện tử trên hệ thống này.",
  DOCUMENT_NOT_IN_FILE: "Văn bản không có trong hồ sơ.",
  CLOSE_EMPTY: "Hồ sơ chưa có văn bản nào; chưa kết thúc được.",
  // Nộp lưu
  HANDOVER_NONE: "Chọn ít nhất một hồ sơ đã kết thúc để nộp lưu.",
  HANDOVER_NOT_CLOSED: (code: string) => `Hồ sơ “${code}” chưa kết thúc (hoặc đã nộp lưu); chưa nộp lưu được.`,
  DELIVERER_INVALID: "Người giao hồ sơ không thuộc cơ quan.",
  DELIVERER_REQUIRED: "Các hồ sơ do nhiều người lập: chọn người giao (bên giao) cho biên bản.",
  // Hủy hồ sơ hết giá trị
  DESTROY_PERMANENT: (code: string) => `Hồ sơ “${code}” bảo quản vĩnh viễn; không bao giờ được hủy.`,
  DESTROY_NOT_DUE: (code: string, date: string) => `Hồ sơ “${code}” chưa hết thời hạn bảo quản (xét hủy từ ${date}).`,
  DESTROY_NOT_ARCHIVED: (code: string) => `Hồ sơ “${code}” chưa kết thúc hoặc đã hủy.`,
  DESTROY_DECISION_BEFORE_DUE: (code: string, date: string) =>
    `Ngày quyết định hủy phải từ ${date} trở đi: trước ngày đó hồ sơ “${code}” chưa hết thời hạn bảo quản.`,
  DESTROY_DECISION_IN_FUTURE: "Ngày quyết định hủy không được sau ngày hôm nay.",
  REVIEW_DATE_INVALID: "Ngày xét không hợp lệ (dd/mm/yyyy hoặc yyyy-mm-dd).",
  DESTROY_NONE: "Chọn ít nhất một hồ sơ đến hạn xem xét hủy.",
  DECISION_NUMBER_REQUIRED: "Nhập số, ký hiệu quyết định hủy.",
  DECISION_NUMBER_TOO_LONG: "Số, ký hiệu quyết định tối đa 50 ký tự.",
  DECISION_DATE_INVALID: "Ngày quyết định không hợp lệ (dd/mm/yyyy).",
  SIGNER_TOO_LONG: "Người ký quyết định tối đa 200 ký tự.",
  BASIS_TOO_LONG: "Căn cứ tối đa 1.000 ký tự.",
  REASON_REQUIRED: "Nhập lý do hủy (hồ sơ hết giá trị).",
  REASON_TOO_LONG: "Lý do hủy tối đa 1.000 ký tự.",
  DESTROYED: (count: number, decision: string) =>
    `Đã ghi nhận quyết định ${decision}: ${count} hồ sơ chuyển sang trạng thái “Đã hủy (có quyết định)”; văn bản và nhật ký vẫn được giữ.`,
  // Sửa thông tin hồ sơ
  TITLE_TOO_LONG: "Tiêu đề hồ sơ tối đa 500 ký tự.",
  NOTE_TOO_LONG: "Ghi chú tối đa 500 ký tự.",
  ACCESS_INVALID: "Chế độ sử dụng không hợp lệ: chọn “Sử dụng rộng rãi trong cơ quan” hoặc “Hạn chế sử dụng”.",
  RETENTION_FROM_LIST: "Hồ sơ lập theo danh mục: thời hạn bảo quản theo danh mục hồ sơ đã duyệt, không sửa ở đây.",
  // Minh chứng nhiệm vụ
  EVIDENCE_NOT_FILEABLE:
    "Chỉ minh chứng là tệp đính kèm hoặc văn bản (số, ký hiệu) mới đưa vào hồ sơ được; minh chứng liên kết sổ văn bản thì đưa chính văn bản đó vào hồ sơ.",
  // Export / verify
  EXPORT_DIR_NOT_EMPTY: (dir: string) => `Thư mục “${dir}” đã có dữ liệu; chọn một thư mục trống.`,
  EXPORT_NOT_CLOSED: "Chỉ hồ sơ đã kết thúc (hoặc đã nộp lưu) mới xuất gói lưu trữ được.",
  EXPORT_PART_DAMAGED: (part: string) =>
    `Tệp lưu trữ của “${part}” không còn khớp mã băm SHA-256 đã ghi (tệp trên đĩa bị hỏng); không xuất gói được, hãy báo quản trị khôi phục từ bản sao lưu.`,
  // Notifications
  HANDOVER_OVERDUE: (code: string, due: string, days: number) =>
    `Hồ sơ ${code} đã quá hạn nộp lưu ${days} ngày (hạn ${due}): đề nghị nộp lưu vào Lưu trữ cơ quan`,
} as const;
