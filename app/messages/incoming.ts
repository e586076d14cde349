// Messages of incoming documents (văn bản đến): service errors, field errors and the pages' confirmations.
// Not found, forbidden and the like come from CommonMessages; the wording of STALE is asserted by tests.

export const IncomingMessages = {
  OCR_SEARCHABLE_SHOWN: "Đang hiển thị bản PDF có lớp chữ (nhận dạng từ bản quét, tìm kiếm được).",
  OCR_ORIGINAL_DOWNLOAD: "Tải bản quét gốc (bản đã đăng ký)",
  /** Optimistic concurrency on a document (tests match "người khác cập nhật"). */
  STALE: "Văn bản đã được người khác cập nhật. Vui lòng tải lại trang và thực hiện lại.",
  FORM_INVALID: "Thông tin văn bản chưa hợp lệ",
  NOTHING_CHANGED: "Không có thông tin nào thay đổi",

  // Upload and registration
  CHOOSE_PDF: "Chọn tệp PDF văn bản đến",
  /** A phone photo in HEIC/HEIF: the scan path takes JPEG, PNG and TIFF only. */
  HEIF_NOT_SUPPORTED:
    "Ảnh HEIC/HEIF (ảnh chụp từ điện thoại) chưa được hỗ trợ: hãy lưu ảnh dạng JPEG (iPhone: Cài đặt → Camera → Định dạng → Tương thích nhất), PNG, TIFF hoặc quét thành PDF.",
  UPLOAD_TOO_LARGE: (limitMb: number) => `Tệp tải lên vượt quá dung lượng cho phép (${limitMb} MB).`,
  UPLOAD_FAILED: "Không tải được tệp lên. Vui lòng thử lại.",
  UPLOAD_CONNECTION_LOST: "Mất kết nối khi tải tệp lên. Vui lòng thử lại.",
  FILE_REFUSED: "Tệp đính kèm không hợp lệ, vui lòng tải lại tệp PDF",
  FILE_REFUSED_FIELD: "Tải lại tệp PDF",
  SECRET_NO_FILE: "Văn bản mật chỉ được đăng ký thông tin, không được tải tệp lên hệ thống",
  RECEIVED_AT_INVALID: "Thời điểm đến không hợp lệ",
  NUMBER_SYMBOL_REQUIRED: "Nhập số, ký hiệu văn bản",
  DOC_TYPE_REQUIRED: "Chọn loại văn bản",
  ISSUED_DATE_INVALID: "Ngày văn bản không hợp lệ",
  ISSUED_AFTER_ARRIVAL: "Ngày văn bản không thể sau ngày đến",
  ISSUER_REQUIRED: "Nhập cơ quan ban hành",
  SUMMARY_REQUIRED: "Nhập trích yếu nội dung",
  SUMMARY_TOO_LONG: "Trích yếu quá dài (tối đa 2.000 ký tự)",
  DEADLINE_INVALID: "Hạn xử lý không hợp lệ",
  DEADLINE_IN_PAST: "Hạn xử lý không thể trước hôm nay",
  DEADLINE_AFTER_UNIT: (deadline: string) => `Hạn giao không thể sau hạn xử lý của đơn vị (${deadline})`,
  PAGE_COUNT_INVALID: "Số trang không hợp lệ",
  URGENCY_REQUIRED: "Chọn độ khẩn",
  CHANNEL_REQUIRED: "Chọn hình thức nhận",
  POSSIBLE_DUPLICATE: (arrivalNumber: string, year: number | null) =>
    `Có thể trùng: văn bản cùng cơ quan ban hành, số ký hiệu và ngày đã được đăng ký số đến ${arrivalNumber}/${year}. Đánh dấu "Vẫn đăng ký" nếu đây là văn bản khác.`,

  // Routing, forwarding, direction
  CHOOSE_ASSIGNEE: "Chọn đơn vị hoặc người",
  CHOOSE_DOCUMENTS: "Chọn ít nhất một văn bản",
  ASSIGNEE_OUTSIDE: "Người nhận không thuộc cơ quan",
  UNIT_OUTSIDE: "Đơn vị nhận không thuộc cơ quan",
  NOT_A_HANDLER: "Văn thư và quản trị hệ thống không được giao xử lý văn bản",
  CHOOSE_HANDLER: "Chọn lãnh đạo hoặc chuyên viên",
  WORKING_DAYS_INVALID: "Số ngày làm việc không hợp lệ",
  WORKING_DAYS_INVALID_FIELD: "Số ngày làm việc không hợp lệ (1–365)",
  ONE_ROLE_EACH: "Mỗi đơn vị, cá nhân chỉ nhận một vai trò (chủ trì, phối hợp hoặc để biết)",
  DUPLICATE_ASSIGNEE: "Trùng người nhận",
  CHOOSE_LEADER: "Chọn lãnh đạo cho ý kiến",
  CHOOSE_LEADER_SHORT: "Chọn lãnh đạo",
  DIRECTION_REQUIRED: "Nhập ý kiến chỉ đạo",

  // Handling
  RECALLED: "Văn bản đã bị cơ quan gửi thu hồi, không thể xử lý tiếp",
  NOT_IN_PROGRESS: "Văn bản không ở trạng thái đang xử lý",
  NOT_ASSIGNED: "Bạn không được giao xử lý văn bản này",
  NOT_COOPERATING: "Bạn không được giao phối hợp xử lý văn bản này",
  CHOOSE_COLLEAGUE: "Chọn chuyên viên của đơn vị",
  CHOOSE_SPECIALIST: "Chọn chuyên viên",
  COMMENT_REQUIRED: "Nhập ý kiến",
  COMMENT_TOO_LONG: "Ý kiến quá dài",
  COMMENT_TOO_LONG_FIELD: "Tối đa 4.000 ký tự",
  CONTRIBUTION_REQUIRED: "Nhập nội dung phối hợp",
  NOTHING_TO_READ: "Không có văn bản để biết cần đánh dấu đã đọc",
  RESULT_REQUIRED: "Nhập kết quả xử lý",
  RETURN_REASON_REQUIRED: "Nhập lý do trả lại",
  OUTGOING_ID_REQUIRED: "Nhập mã văn bản đi",

  // Reading
  SEARCH_TERM_REQUIRED: "Nhập từ khóa tìm kiếm",
  NO_FILE: "Văn bản không có tệp đính kèm",

  // Electronic delivery and replies (delivery.server.ts)
  SECRET_NOT_DELIVERED: "Văn bản mật không được gửi liên thông điện tử",
  RECIPIENT_INVALID: "Cơ quan nhận không hợp lệ",
  REPLY_INVALID: "Văn bản trả lời không hợp lệ",
  REPLY_NOT_COMPLETED: "Chỉ liên kết văn bản trả lời cho văn bản đã hoàn thành xử lý",
  REPLY_MAIN_HANDLER_ONLY: "Chỉ người xử lý chính được liên kết văn bản trả lời",
  REPLY_NOT_ISSUED: "Văn bản trả lời phải là văn bản đi đã phát hành của cơ quan",
  REPLY_NOT_ISSUED_FIELD: "Nhập mã văn bản đi đã phát hành",

  // Confirmations after a successful post (?done=<intent>, ?registered=<number>)
  REGISTERED: "Đã đăng ký văn bản đến, số đến",
  /** After routing several documents at once (/incoming/routing?routed=n&deadline=…); tests match "Đã phân phối 1 văn bản, hạn xử lý". */
  ROUTED: (count: string | number, deadlineVi: string | null) => `Đã phân phối ${count} văn bản${deadlineVi ? `, hạn xử lý ${deadlineVi}` : ""}.`,
  DONE: {
    submit: "Đã chuyển văn bản để phân phối.",
    return: "Đã trả lại văn bản.",
    forward: "Đã trình lãnh đạo cho ý kiến.",
    "direct-back": "Đã cho ý kiến chỉ đạo, văn bản trở lại Văn phòng để phân phối.",
    "direct-assign": "Đã cho ý kiến chỉ đạo và giao xử lý.",
    route: "Đã phân phối văn bản.",
    delegate: "Đã giao chuyên viên xử lý.",
    comment: "Đã ghi ý kiến xử lý.",
    contribute: "Đã ghi ý kiến phối hợp.",
    read: "Đã đánh dấu đã đọc.",
    complete: "Đã hoàn thành xử lý văn bản.",
    "link-reply": "Đã liên kết văn bản trả lời.",
    correct: "Đã sửa thông tin đăng ký.",
  } as Record<string, string>,
} as const;
