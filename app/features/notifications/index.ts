// Public API of the notifications feature: other features call notify() inside their transaction.
export { notify, unitRecipientIds, usersWithPermission, notificationBaseUrl, type NotifyInput } from "./notify.server";
export { sendDueNotificationEmails, claimDueDeliveries, smtpTransport, messageIdOf, deliveryCounts, type MailSender } from "./worker.server";
export { computeDailyNotifications, startDailyScheduler } from "./scheduler.server";
export { sendReminder, listReminders, countReminders, type ReminderView, type ReminderTarget } from "./reminders.server";
export {
  unreadNotificationCount,
  latestNotificationId,
  listNotifications,
  markNotificationsRead,
  getNotificationPreferences,
  saveNotificationPreferences,
  type NotificationPreferences,
} from "./inbox.server";
export { ensureNotificationRuntime } from "./runtime.server";
export {
  incomingAssigned,
  incomingForwarded,
  incomingUrgentArrived,
  incomingChangedBySender,
  outgoingAwaiting,
  outgoingClerks,
  outgoingMoved,
  deliveryAnswered,
  taskReturned,
  type OutgoingStep,
  type DeliveryAnswer,
} from "./events.server";
