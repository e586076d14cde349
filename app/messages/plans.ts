// Messages of reform plans: import, tasks, evidence, KPIs and reports (app/features/plans). Not-found and
// stale-form situations use CommonMessages (app/messages/common.ts).

export const PlanMessages = {
  APPENDIX_TOO_LARGE: (maxMb: number) => `Tệp phụ lục lớn hơn ${maxMb} MB; hãy tách thành nhiều tệp.`,
  YEAR_INVALID: "Năm kế hoạch không hợp lệ",
  YEAR_RANGE: "Nhập năm từ 2000 đến 2100",
  NO_FILE_CHOSEN: "Chưa chọn tệp để nhập",
  UPLOAD_EXPIRED: "Không tìm thấy tệp đã tải lên; hãy tải lại tệp.",
  TITLE_REQUIRED: "Nhập tên kế hoạch",
  DOCUMENT_DATE_INVALID: "Ngày ban hành không hợp lệ",
  DATE_INVALID: "Ngày không hợp lệ",
  DATE_FORMAT: "Nhập ngày dd/mm/yyyy",
  FILE_HAS_ERRORS: (count: number, first: string) => `Tệp có ${count} lỗi, chưa nhập được: ${first}`,
  MANAGER_ONLY: "Chỉ người theo dõi kế hoạch (Sở Nội vụ) được thực hiện thao tác này",
  REPORT_MANAGER_ONLY: "Chỉ người theo dõi kế hoạch được lập báo cáo",
  PERIOD_INVALID: "Kỳ báo cáo không hợp lệ",
  KPI_INDICATOR_INVALID: "Chọn một chỉ số chính quyền điện tử trong danh sách",
  PERIOD_NOT_CLOSED: "Chưa đến ngày chốt số liệu của kỳ báo cáo",
  PERIOD_NOT_CLOSED_DETAIL: (periodLabel: string, cutOff: string, today: string) =>
    `Ngày chốt số liệu của ${periodLabel} là ${cutOff}, chưa đến: báo cáo lập hôm nay sẽ được lưu cố định với số liệu đến ngày ${today}. Đánh dấu "Vẫn lập báo cáo trước ngày chốt" nếu cần lập ngay.`,
} as const;

export const TaskMessages = {
  TRANSITION_NOT_ALLOWED: (from: string, to: string) => `Không thể chuyển từ “${from}” sang “${to}”.`,
  CONFIRM_MANAGER_ONLY: "Chỉ người theo dõi kế hoạch (Sở Nội vụ) được xác nhận hoàn thành",
  NOT_AWAITING: "Nhiệm vụ không ở trạng thái chờ xác nhận",
  SEND_BACK_REASON_REQUIRED: "Nhập lý do trả lại",
  TEXT_REQUIRED: "Nhập nội dung",
  TEXT_TOO_LONG: "Nội dung quá dài (tối đa 4.000 ký tự)",
  TEXT_MAX: "Tối đa 4.000 ký tự",
  CONTRIBUTION_COOPERATOR_ONLY: "Chỉ cơ quan phối hợp được ghi kết quả phối hợp",
  NOT_RELATIVE_DEADLINE: "Thời hạn của nhiệm vụ không tính từ một sự kiện",
  LEAD_UNIT_ONLY: "Chỉ cơ quan chủ trì nhiệm vụ được cập nhật nhiệm vụ này",
  EVIDENCE_ITEM_FOREIGN: "Tài liệu kiểm chứng không thuộc nhiệm vụ này",
  CHOOSE_AGAIN: "Chọn lại",
  EVIDENCE_LOCKED: "Nhiệm vụ đã báo hoàn thành: không gỡ được tài liệu kiểm chứng",
  /**
   * The label of the date a relative deadline counts from. The event is kept in the plan's words, which often
   * begin with "ngày" ("ngày ký quyết định công bố"): never "Ngày ngày …".
   */
  ANCHOR_DATE_LABEL: (event: string | null) => {
    const text = (event ?? "").trim();
    if (!text) return "Ngày của sự kiện mốc";
    return /^ngày\s/iu.test(text) ? `N${text.slice(1)}` : `Ngày ${text}`;
  },
} as const;

/** The banner after a task action (`?done=` on /tasks/:id). */
export const TaskDoneMessages = {
  awaiting_confirmation: "Đã báo hoàn thành; chờ Sở Nội vụ xác nhận.",
  done: "Đã cập nhật: Hoàn thành.",
  confirmed: "Đã xác nhận hoàn thành.",
  "sent-back": "Đã trả lại nhiệm vụ cho đơn vị chủ trì.",
  evidence: "Đã đính kèm tài liệu kiểm chứng.",
  updated: "Đã cập nhật.",
} as const;
