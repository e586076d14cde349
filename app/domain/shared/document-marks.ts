// Urgency and confidentiality marks shared by incoming and outgoing documents: one vocabulary, so a
// document keeps the same mark when it crosses from one organisation's outgoing register to another's
// incoming register.

/** Độ khẩn (Decree 30/2020 Art. 4 k.2 c; Phụ lục I ô 10b): Khẩn, Thượng khẩn, Hỏa tốc are all urgent. */
export const URGENCY_LEVELS = ["normal", "urgent", "very_urgent", "flash"] as const;
export type UrgencyKey = (typeof URGENCY_LEVELS)[number];
export const URGENCY_LABELS: Record<UrgencyKey, string> = { normal: "Thường", urgent: "Khẩn", very_urgent: "Thượng khẩn", flash: "Hỏa tốc" };
/** Sort order in work queues: the most urgent first. */
export const URGENCY_RANK: Record<UrgencyKey, number> = { normal: 0, urgent: 1, very_urgent: 2, flash: 3 };

/**
 * Độ mật (Law on Protection of State Secrets 2018, Art. 8): Mật (confidential), Tối mật (secret), Tuyệt mật
 * (top secret), in the usual English rendering. Anything but "normal" is a state secret: its own register
 * book, metadata only, never sent electronically.
 */
export const CONFIDENTIALITY_LEVELS = ["normal", "confidential", "secret", "top_secret"] as const;
export type ConfidentialityKey = (typeof CONFIDENTIALITY_LEVELS)[number];
export const CONFIDENTIALITY_LABELS: Record<ConfidentialityKey, string> = { normal: "Thường", confidential: "Mật", secret: "Tối mật", top_secret: "Tuyệt mật" };

export function isUrgent(urgency: UrgencyKey): boolean {
  return urgency !== "normal";
}

export function isSecretLevel(confidentiality: ConfidentialityKey): boolean {
  return confidentiality !== "normal";
}
