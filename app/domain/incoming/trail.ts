// How the document page names the steps of an incoming document's trail (vết xử lý) and what a correction changed.

export const ACTION_TRAIL_LABELS: Record<string, string> = {
  "incoming.deliver": "Nhận liên thông",
  "incoming.register": "Đăng ký",
  "incoming.submit": "Chuyển phân phối",
  "incoming.route": "Phân phối",
  "incoming.forward": "Trình lãnh đạo",
  "incoming.direct": "Ý kiến chỉ đạo",
  "incoming.delegate": "Giao chuyên viên",
  "incoming.comment": "Ý kiến xử lý",
  "incoming.contribute": "Ý kiến phối hợp",
  "incoming.read": "Đã đọc (để biết)",
  "incoming.complete": "Hoàn thành",
  "incoming.return": "Trả lại",
  "incoming.recalled": "Cơ quan gửi thu hồi",
  "incoming.link_reply": "Liên kết văn bản trả lời",
  "incoming.correct": "Sửa thông tin đăng ký",
  "incoming.edxml_update": "Cơ quan gửi cập nhật văn bản",
  "incoming.edxml_replaced": "Nhận lại bản có chữ ký số hợp lệ",
  "incoming.edxml_resent": "Cơ quan gửi gửi lại bản có chữ ký số hợp lệ",
};

/** Field names of a correction (incoming.correct detail) as the form labels them. */
export const CORRECTED_FIELD_LABELS: Record<string, string> = {
  numberSymbol: "số, ký hiệu",
  docTypeCode: "loại văn bản",
  issuedDate: "ngày văn bản",
  issuerName: "cơ quan ban hành",
  summary: "trích yếu",
  signerName: "người ký",
  signerTitle: "chức vụ người ký",
  pageCount: "số trang",
  urgency: "độ khẩn",
  handlingDeadline: "hạn xử lý",
  note: "ghi chú",
};

/** "Đã sửa: trích yếu, người ký" from the detail of an incoming.correct audit row, or null. */
export function correctedFields(detail: unknown): string | null {
  const after = detail && typeof detail === "object" ? (detail as { after?: unknown }).after : null;
  if (!after || typeof after !== "object") return null;
  const names = Object.keys(after).map((k) => CORRECTED_FIELD_LABELS[k] ?? k);
  return names.length ? `Đã sửa: ${names.join(", ")}` : null;
}

/** Registration fields the upload step reads from the PDF, as the notice lists them. */
export const EXTRACTED_FIELD_LABELS: Record<string, string> = {
  numberSymbol: "Số, ký hiệu",
  docTypeCode: "Loại văn bản",
  issuedDate: "Ngày văn bản",
  issuerName: "Cơ quan ban hành",
  summary: "Trích yếu",
  signerName: "Người ký",
  signerTitle: "Chức vụ người ký",
};

type FileRef = { fileId?: unknown; name?: unknown; sha256?: unknown; size?: unknown };

const sizeText = (size: unknown) => (typeof size === "number" ? `${Math.max(1, Math.round(size / 1024)).toLocaleString("vi-VN")} KB` : "");

/**
 * What an edXML update (incoming.edxml_update detail) changed, in the clerk's words: the fields whose value moved,
 * and a replaced PDF — the new file, the signature check of it, and the previous file, which stays stored.
 */
export function senderUpdateLines(detail: unknown): string[] {
  if (!detail || typeof detail !== "object") return [];
  const { before, after, file } = detail as {
    before?: Record<string, unknown>;
    after?: Record<string, unknown>;
    file?: { before?: FileRef | null; after?: FileRef; signature?: unknown };
  };
  const lines: string[] = [];
  const changed = Object.keys(after ?? {}).filter((k) => k in CORRECTED_FIELD_LABELS && JSON.stringify(after?.[k]) !== JSON.stringify(before?.[k]));
  if (changed.length) lines.push(`Đã cập nhật: ${changed.map((k) => CORRECTED_FIELD_LABELS[k]).join(", ")}`);
  if (file?.after) {
    lines.push(`Thay tệp văn bản: ${String(file.after.name ?? "")} (${sizeText(file.after.size)})`);
    if (typeof file.signature === "string") lines.push(`Kiểm tra chữ ký số tệp mới: ${file.signature}`);
    if (file.before)
      lines.push(
        `Tệp trước vẫn được lưu: ${String(file.before.name ?? "")} (${sizeText(file.before.size)}, SHA-256 ${String(file.before.sha256 ?? "").slice(0, 16)}…)`,
      );
  }
  return lines;
}

/** The stored id of the PDF an edXML update replaced (incoming.edxml_update detail), for its download link. */
export function replacedFileIdOf(detail: unknown): number | null {
  if (!detail || typeof detail !== "object") return null;
  const id = (detail as { file?: { before?: FileRef | null } }).file?.before?.fileId;
  return typeof id === "number" && Number.isSafeInteger(id) && id > 0 ? id : null;
}
