// Labels of the outgoing pages that are not states of the document itself: the audit trail's actions and
// the recipients' delivery progress (liên thông, edXML). Pure, shared by the service and the components.

/** The audit actions of an outgoing document (app/features/outgoing/*: `outgoing.<action>`), as the trail reads them. */
export const ACTION_TRAIL_LABELS: Record<string, string> = {
  "outgoing.create": "Tạo dự thảo",
  "outgoing.revise": "Sửa dự thảo (phiên bản mới)",
  "outgoing.submit": "Trình duyệt",
  "outgoing.approve": "Duyệt",
  "outgoing.return": "Trả lại",
  "outgoing.sign": "Ký số (lãnh đạo)",
  "outgoing.approve_paper": "Duyệt ký (bản giấy)",
  "outgoing.issue": "Cấp số, ký số cơ quan, phát hành",
  "outgoing.issue_paper": "Cấp số, đăng ký vào sổ văn bản đi mật",
  "outgoing.recall": "Thu hồi",
};

/** Where a delivered copy stands at the recipient (its incoming workflow, or the edXML status messages). */
export const DELIVERY_LABELS: Record<string, string> = {
  received: "Đã đến (chờ vào sổ)",
  registered: "Đã vào sổ",
  routed: "Đã phân phối",
  in_progress: "Đang xử lý",
  completed: "Đã hoàn thành",
  returned: "Bị trả lại",
  recalled: "Đã thu hồi",
  sending: "Đang gửi (edXML)",
  recall_refused: "Từ chối thu hồi",
};

/** A recipient's answer as the sender's notification states it: "Đã vào sổ (số đến 07)", "Bị trả lại: <lý do>". */
export function deliveryAnswerText(status: string, detail: { arrivalNumber: number | null; reason: string | null }): string {
  const label = DELIVERY_LABELS[status] ?? status;
  if (status === "registered" && detail.arrivalNumber) return `${label} (số đến ${String(detail.arrivalNumber).padStart(2, "0")})`;
  if ((status === "returned" || status === "recall_refused") && detail.reason?.trim()) return `${label}: ${detail.reason.trim()}`;
  return label;
}

/** What a revision snapshot's fields are called in the compare view. */
export const SNAPSHOT_FIELD_LABELS = {
  docType: "Loại văn bản",
  summary: "Trích yếu",
  signer: "Người ký",
  signingAuthority: "Thẩm quyền ký",
  signerTitle: "Chức vụ người ký",
  urgency: "Độ khẩn",
  confidentiality: "Độ mật",
  recipients: "Nơi nhận (gửi)",
  distributionList: "Nơi nhận (in trên văn bản)",
  archiveLine: "Lưu",
  recipientsHeading: "Kính gửi",
  body: "Nội dung",
} as const;
