// Messages of the OCR of scanned documents (issue 14).
export const OcrMessages = {
  LOW_QUALITY: "Chất lượng bản quét thấp",
  LOW_QUALITY_DETAIL: (page: number, dpi: number, confidence: number) =>
    `Trang ${page}: chất lượng bản quét thấp (độ phân giải ${dpi > 0 ? `${Math.round(dpi)} dpi` : "không rõ"}, độ tin cậy nhận dạng ${Math.round(confidence)}%). Nên quét lại ở 300 dpi.`,
  QUEUED: "Bản quét không có lớp chữ: đang chờ nhận dạng chữ (OCR)…",
  RUNNING: "Đang nhận dạng chữ (OCR) bản quét…",
  DONE: "Đã nhận dạng chữ: các trường được điền từ bản quét, vui lòng kiểm tra lại.",
  FAILED: (reason: string) => `Không nhận dạng được chữ trên bản quét: ${reason}. Vui lòng nhập thông tin bằng tay.`,
} as const;
