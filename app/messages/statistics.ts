// Messages and labels of handling statistics, the tracking register and e-government indicators
// (app/features/statistics, issue 16).
import type { IncomingCategory, OutgoingCategory } from "#app/domain/statistics/handling";
import type { IndicatorKey } from "#app/domain/statistics/indicators";

export const StatisticsMessages = {
  PERIOD_INVALID: "Khoảng thời gian không hợp lệ: nhập từ ngày, đến ngày dạng dd/mm/yyyy (từ ngày không sau đến ngày)",
  PERIOD_TOO_LONG: "Khoảng thời gian tối đa 5 năm",
  AS_OF_INVALID: "Ngày chốt số liệu không hợp lệ",
  UNIT_OUTSIDE: "Đơn vị không thuộc cơ quan của bạn",
  USER_OUTSIDE: "Người dùng không thuộc phạm vi bạn được xem",
  UNIT_ONLY: "Bạn chỉ được xem thống kê của đơn vị mình",
  CATEGORY_INVALID: "Chỉ tiêu thống kê không hợp lệ",
  SAVED_SEARCH_NAME_REQUIRED: "Nhập tên cho tìm kiếm đã lưu",
  SAVED_SEARCH_LIMIT: "Mỗi người lưu tối đa 50 tìm kiếm",
} as const;

export const INCOMING_CATEGORY_LABELS: Record<IncomingCategory | "received", string> = {
  received: "Tiếp nhận trong kỳ",
  completedOnTime: "Hoàn thành đúng hạn",
  completedLate: "Hoàn thành quá hạn",
  completedNoDeadline: "Hoàn thành (không có hạn)",
  openInTime: "Đang xử lý trong hạn",
  openOverdue: "Đang xử lý quá hạn",
  openNoDeadline: "Đang xử lý (không có hạn)",
  returned: "Trả lại",
};

export const OUTGOING_CATEGORY_LABELS: Record<OutgoingCategory, string> = {
  drafted: "Dự thảo mới trong kỳ",
  issued: "Đã phát hành",
  issuedElectronic: "Phát hành điện tử",
  issuedPaper: "Phát hành bản giấy",
  returnedForRevision: "Bị trả lại để chỉnh sửa",
};

export const StatisticsLabels = {
  SCOPE_ORGANIZATION: "Toàn cơ quan",
  NO_HANDLER: "Chưa phân phối / không có người xử lý chính",
  SECRET_SUMMARY: "(Văn bản mật — không hiển thị trích yếu)",
  REMINDERS: "Số lần bị đôn đốc",
  AVERAGE_DAYS: "Số ngày bình quân từ trình đến phát hành",
} as const;

/** What each e-government indicator counts, shown beside the figure (issue 16 §3: "each with its definition"). */
export const INDICATOR_TEXTS: Record<IndicatorKey, { label: string; numerator: string; denominator: string }> = {
  incomingElectronic: {
    label: "Tỷ lệ văn bản đến nhận qua mạng (liên thông, edXML)",
    numerator: "Văn bản đến tiếp nhận trong kỳ qua hệ thống liên thông (trong tỉnh hoặc gói tin edXML)",
    denominator: "Tổng số văn bản đến tiếp nhận trong kỳ",
  },
  incomingPaper: {
    label: "Tỷ lệ văn bản đến nhận bản giấy",
    numerator: "Văn bản đến tiếp nhận trong kỳ trực tiếp hoặc qua bưu chính (bản giấy)",
    denominator: "Tổng số văn bản đến tiếp nhận trong kỳ",
  },
  outgoingElectronic: {
    label: "Tỷ lệ văn bản đi phát hành điện tử",
    numerator: "Văn bản đi phát hành trong kỳ dưới dạng điện tử (có chữ ký số của cơ quan)",
    denominator: "Tổng số văn bản đi phát hành trong kỳ (kể cả bản giấy, văn bản mật)",
  },
  outgoingDigitallySigned: {
    label: "Tỷ lệ văn bản đi được ký số",
    numerator: "Văn bản đi phát hành trong kỳ mà người có thẩm quyền ký bằng chữ ký số",
    denominator: "Tổng số văn bản đi phát hành trong kỳ",
  },
  handledInSystem: {
    label: "Tỷ lệ văn bản đến được xử lý hoàn toàn trên hệ thống",
    numerator: "Văn bản đến hoàn thành trong kỳ có bản điện tử, được phân phối, xử lý và hoàn thành trên hệ thống",
    denominator: "Tổng số văn bản đến hoàn thành trong kỳ",
  },
  certificatesInUse: {
    label: "Tỷ lệ chứng thư số cá nhân được sử dụng",
    numerator: "Người ký có ít nhất một lần ký số văn bản đi trong kỳ",
    denominator: "Người dùng của cơ quan có chứng thư số (tệp PKCS#12 hoặc thiết bị ký) hoặc đã ký số trong kỳ",
  },
};

/** Sổ theo dõi giải quyết văn bản đến (Decree 30/2020 Phụ lục IV): its seven column headings. */
export const TRACKING_REGISTER_COLUMNS = [
  "Số đến",
  "Tên loại, số, ký hiệu, ngày tháng, tên cơ quan ban hành văn bản",
  "Đơn vị hoặc người nhận",
  "Thời hạn giải quyết",
  "Tiến độ giải quyết",
  "Số, ký hiệu văn bản trả lời",
  "Ghi chú",
] as const;
