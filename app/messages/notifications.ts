// Notification titles, e-mail-safe (no secret content: see app/domain/shared/notifications.ts) and the
// messages of the notification pages and of đôn đốc.
export const NotificationMessages = {
  INCOMING_ASSIGNED_MAIN: (numberSymbol: string) => `Văn bản ${numberSymbol || "không số"} được giao cho bạn xử lý chính`,
  INCOMING_ASSIGNED_COOPERATE: (numberSymbol: string) => `Văn bản ${numberSymbol || "không số"} được giao cho bạn phối hợp xử lý`,
  INCOMING_ASSIGNED_INFO: (numberSymbol: string) => `Văn bản ${numberSymbol || "không số"} được gửi để bạn biết`,
  INCOMING_FORWARDED: (numberSymbol: string) => `Văn bản ${numberSymbol || "không số"} chờ bạn cho ý kiến chỉ đạo`,
  INCOMING_URGENT: (urgency: string, numberSymbol: string) => `Văn bản ${urgency.toLocaleLowerCase("vi-VN")} mới đến: ${numberSymbol || "không số"}`,
  INCOMING_DUE_SOON: (numberSymbol: string, date: string) => `Văn bản ${numberSymbol || "không số"} sắp đến hạn xử lý (${date})`,
  INCOMING_OVERDUE: (numberSymbol: string, date: string) => `Văn bản ${numberSymbol || "không số"} đã quá hạn xử lý (hạn ${date})`,
  INCOMING_UPDATED_BY_SENDER: (numberSymbol: string, withFile: boolean) =>
    `Văn bản ${numberSymbol || "không số"} được cơ quan gửi cập nhật${withFile ? " và thay tệp văn bản" : " thông tin"}`,
  INCOMING_RESENT_GENUINE: (numberSymbol: string) =>
    `Văn bản ${numberSymbol || "không số"} được cơ quan gửi gửi lại với chữ ký số hợp lệ; bản đã vào sổ có chữ ký gói tin không hợp lệ`,
  TASK_DUE_SOON: (date: string) => `Nhiệm vụ sắp đến hạn (${date})`,
  TASK_OVERDUE: (date: string) => `Nhiệm vụ đã quá hạn (hạn ${date})`,
  TASK_RETURNED: "Kết quả nhiệm vụ bị trả lại, cần bổ sung",
  OUTGOING_REVIEW: "Dự thảo chờ bạn cho ý kiến",
  OUTGOING_SIGN: "Văn bản chờ bạn ký",
  OUTGOING_NUMBER: "Văn bản chờ cấp số, phát hành",
  OUTGOING_RETURNED: "Dự thảo của bạn bị trả lại",
  DELIVERY_ANSWERED: (recipient: string, numberSymbol: string | null, status: string) => `Văn bản ${numberSymbol || "đã gửi"} — ${recipient}: ${status}`,
  CERTIFICATE_EXPIRING: (holder: string, days: number, date: string) =>
    `Chứng thư số của ${holder} sẽ hết hạn sau ${days} ngày (${date}): đề nghị gia hạn với tổ chức cung cấp dịch vụ chứng thực`,
  CERTIFICATE_EXPIRES_TODAY: (holder: string, date: string) => `Chứng thư số của ${holder} hết hạn hôm nay (${date}): đề nghị gia hạn ngay`,
  CERTIFICATE_EXPIRED: (holder: string, date: string) => `Chứng thư số của ${holder} đã hết hạn (${date}): không thể ký số cho đến khi gia hạn`,
  REMINDER: (level: string) => `Đôn đốc (${level})`,
  REMINDER_SENT: "Đã gửi đôn đốc.",
  REMINDER_NO_RECIPIENT: "Chưa có người hoặc đơn vị xử lý để đôn đốc.",
  REMINDER_NOTE_TOO_LONG: "Nội dung đôn đốc tối đa 1.000 ký tự.",
  PREFERENCES_SAVED: "Đã lưu cách nhận thông báo.",
  NO_EMAIL: "Tài khoản chưa có địa chỉ thư điện tử: thông báo chỉ hiện trong ứng dụng.",
} as const;
