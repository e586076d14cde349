// What a notification is about, who may choose how to receive it, and what an e-mail may say. Pure rules: the
// service (app/features/notifications) decides recipients and writes the rows; this module names the events,
// their defaults, the reminder levels of đôn đốc (Decree 30 Art. 24) and the e-mail text.

export const NOTIFICATION_EVENTS = {
  incoming_assigned: { label: "Văn bản đến được giao cho tôi", email: true },
  incoming_urgent: { label: "Văn bản khẩn mới đến (gửi lãnh đạo văn phòng)", email: true },
  incoming_due_soon: { label: "Văn bản sắp đến hạn xử lý", email: true },
  incoming_overdue: { label: "Văn bản quá hạn xử lý", email: true },
  incoming_changed: { label: "Văn bản đến được cơ quan gửi cập nhật hoặc gửi lại bản hợp lệ", email: true },
  outgoing_returned: { label: "Dự thảo bị trả lại cho tôi", email: true },
  outgoing_review: { label: "Dự thảo chờ tôi cho ý kiến", email: true },
  outgoing_sign: { label: "Văn bản chờ tôi ký", email: true },
  outgoing_number: { label: "Văn bản chờ cấp số, phát hành", email: false },
  delivery_answered: { label: "Nơi nhận phản hồi văn bản đã gửi", email: false },
  task_due_soon: { label: "Nhiệm vụ sắp đến hạn", email: true },
  task_overdue: { label: "Nhiệm vụ quá hạn", email: true },
  task_returned: { label: "Kết quả nhiệm vụ bị trả lại", email: true },
  certificate_expiring: { label: "Chứng thư số sắp hết hạn", email: true },
  casefile_handover_overdue: { label: "Hồ sơ quá hạn nộp lưu", email: true },
  reminder: { label: "Đôn đốc", email: true },
} as const;

export type NotificationEventType = keyof typeof NOTIFICATION_EVENTS;
export const NOTIFICATION_EVENT_TYPES = Object.keys(NOTIFICATION_EVENTS) as NotificationEventType[];

export function isNotificationEventType(value: string): value is NotificationEventType {
  return Object.hasOwn(NOTIFICATION_EVENTS, value);
}

export type ChannelChoice = { inApp: boolean; email: boolean };

/** Every event reaches the bell unless the user turned it off; e-mail follows the event's default. */
export function defaultChannels(type: NotificationEventType): ChannelChoice {
  return { inApp: true, email: NOTIFICATION_EVENTS[type].email };
}

/** Đôn đốc levels, mildest first (the grading the iOffice systems use). */
export const REMINDER_LEVEL_LABELS = {
  nhac_nho: "Nhắc nhở",
  phe_binh: "Phê bình",
  kiem_diem: "Yêu cầu kiểm điểm",
} as const;
export type ReminderLevelCode = keyof typeof REMINDER_LEVEL_LABELS;

export type NotificationContent = {
  type: NotificationEventType;
  title: string;
  /** Extra lines (the summary, a note). Never shown for a secret item outside the app. */
  body?: string;
  /** Path inside the app, e.g. /incoming/12. */
  link: string;
  /** Mật and above (Decree 30 Art. 15, Luật Bảo vệ bí mật nhà nước): nothing but a pointer leaves the system. */
  isSecret: boolean;
};

export const SECRET_EMAIL_LINE = "Bạn có một văn bản mật cần xử lý";
const PRODUCT = "Văn phòng điện tử";

/**
 * The e-mail for one notification. A secret item's mail carries only SECRET_EMAIL_LINE and the link: no summary,
 * no number, no title (a title such as "Văn bản khẩn: <trích yếu>" would leak the summary).
 */
export function notificationEmail(content: NotificationContent, options: { baseUrl: string; fullName: string }): { subject: string; text: string } {
  const url = new URL(content.link, options.baseUrl).toString();
  const greeting = `Kính gửi ${options.fullName},`;
  const footer = `\n\n--\n${PRODUCT}. Thư gửi tự động, vui lòng không trả lời.\nĐổi cách nhận thông báo: ${new URL("/notifications/settings", options.baseUrl).toString()}`;
  if (content.isSecret) {
    return { subject: `[${PRODUCT}] ${SECRET_EMAIL_LINE}`, text: `${greeting}\n\n${SECRET_EMAIL_LINE}.\nĐăng nhập để xem: ${url}${footer}` };
  }
  const body = content.body?.trim() ? `\n\n${content.body.trim()}` : "";
  return { subject: `[${PRODUCT}] ${content.title}`, text: `${greeting}\n\n${content.title}${body}\n\nXem chi tiết: ${url}${footer}` };
}

/** The daily digest: one mail listing the day's notifications (secret ones reduced to the pointer line). */
export function digestEmail(items: NotificationContent[], options: { baseUrl: string; fullName: string; dateText: string }): { subject: string; text: string } {
  const lines = items.map((item, i) => {
    const url = new URL(item.link, options.baseUrl).toString();
    return `${i + 1}. ${item.isSecret ? SECRET_EMAIL_LINE : item.title}\n   ${url}`;
  });
  return {
    subject: `[${PRODUCT}] Tổng hợp thông báo ngày ${options.dateText} (${items.length})`,
    text: `Kính gửi ${options.fullName},\n\nCác việc cần chú ý trong ngày ${options.dateText}:\n\n${lines.join("\n")}\n\n--\n${PRODUCT}. Thư gửi tự động, vui lòng không trả lời.`,
  };
}

/** Retry back-off for the e-mail outbox: 30 s, 1 min, 2 min … capped at 1 h; dead after maxAttempts. */
export function deliveryBackoffMs(attempts: number, baseMs = 30_000, maxMs = 3_600_000): number {
  return Math.min(maxMs, baseMs * 2 ** Math.max(0, attempts - 1));
}
export const MAX_DELIVERY_ATTEMPTS = 12;

/** Đôn đốc applies to a plan task that has a lead unit and is not closed (done, not applicable, cancelled). */
export function isRemindableTask(task: { status: string; leadUnitId: number | null }): boolean {
  return task.leadUnitId != null && !["done", "not_applicable", "cancelled"].includes(task.status);
}

/** Đôn đốc applies to work that is being handled: an incoming document routed and not yet completed. */
export function isRemindableIncomingStatus(status: string): boolean {
  return status === "in_progress";
}

/** Days before a signing certificate's expiry at which its holder (and the administrator) is told, largest first. */
export const CERTIFICATE_EXPIRY_THRESHOLDS = [30, 7, 0] as const;

/**
 * The threshold a certificate with `daysLeft` days of validity has reached (the smallest one not above it), or null
 * while it is further off. A certificate first seen 5 days before expiry reaches 7 only: one notice per threshold,
 * never a burst of the ones it skipped. Negative days (expired) reach 0.
 */
export function certificateExpiryThreshold(daysLeft: number, thresholds: readonly number[] = CERTIFICATE_EXPIRY_THRESHOLDS): number | null {
  const reached = thresholds.filter((t) => daysLeft <= t);
  return reached.length === 0 ? null : Math.min(...reached);
}
