// Messages and labels of handling statistics, the tracking register and e-government indicators
// (app/features/statistics, issue 16).
import type { IncomingCategory, OutgoingCategory } from "#app/domain/statistics/handling";

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
  AVERAGE_DAYS: "Số ngày bình quân từ trình đến phát hành",
} as const;
