// Messages of the OCR of scanned documents (issue 14).
export const OcrMessages = {
  LOW_QUALITY: "Chất lượng bản quét thấp",
  LOW_QUALITY_DETAIL: (page: number, dpi: number, confidence: number) =>
    `Trang ${page}: chất lượng bản quét thấp (độ phân giải ${dpi > 0 ? `${Math.round(dpi)} dpi` : "không rõ"}, độ tin cậy nhận dạng ${Math.round(confidence)}%). Nên quét lại ở 300 dpi.`,
  /** Always shown first: the file itself has no text, whatever the OCR later finds. */
  NO_TEXT_LAYER: "Không đọc được chữ trong tệp (bản quét không có lớp văn bản).",
  QUEUED: "Đang chờ nhận dạng chữ (OCR)…",
  RUNNING: "Đang nhận dạng chữ (OCR) bản quét…",
  DONE_FILLED: (count: number) => `Đã nhận dạng chữ: ${count} ô được điền từ bản quét (tô vàng), vui lòng kiểm tra lại.`,
  DONE_NOTHING_EMPTY: "Đã nhận dạng chữ; các ô đã có nội dung nên không bị điền đè.",
  DONE_NOTHING_READ: "Đã nhận dạng chữ nhưng không đọc được thông tin đăng ký nào. Vui lòng nhập các thông tin bên dưới.",
  FAILED: (reason: string) => `Không nhận dạng được chữ trên bản quét: ${reason}. Vui lòng nhập thông tin bằng tay.`,
} as const;
