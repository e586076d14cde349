// Messages shared by every area. Each area keeps its own module beside this one (incoming.ts, outgoing.ts,
// plans.ts, platform.ts, exchange.ts, signing.ts); a message is written once and referred to by its code, so the
// same situation reads the same everywhere (before this module the stale-form conflict had seven wordings).
//
// Convention: `export const XMessages = { CODE: "…", CODE2: (arg) => `…` } as const;` — codes are stable
// identifiers (tests and logs may name them), the Vietnamese text may be edited.

/** What the user looks for, in the words of "Không tìm thấy …". */
export type Thing =
  | "văn bản"
  | "văn bản đến"
  | "văn bản đi"
  | "tệp"
  | "tệp kèm theo"
  | "trang"
  | "cơ quan, đơn vị"
  | "người dùng"
  | "nhiệm vụ"
  | "kế hoạch"
  | "chỉ tiêu"
  | "báo cáo"
  | "sổ đăng ký"
  | "phiên bản"
  | "gói tin"
  | (string & {});

export const CommonMessages = {
  /** A row that does not exist or lies outside the actor's scope: never confirm that it exists (404). */
  NOT_FOUND: (thing: Thing = "trang") => `Không tìm thấy ${thing}.`,
  /** Optimistic concurrency: someone else changed the row since the form was loaded. */
  STALE_FORM: (thing: Thing = "thông tin") => `${capitalize(thing)} vừa được người khác thay đổi. Vui lòng tải lại trang và thực hiện lại.`,
  FORBIDDEN: "Bạn không có quyền thực hiện thao tác này.",
  INVALID_STATE: "Thao tác không còn phù hợp với trạng thái hiện tại. Vui lòng tải lại trang.",
  FORM_INVALID: "Thông tin chưa hợp lệ, vui lòng kiểm tra các trường được đánh dấu.",
  UPLOAD_TOO_LARGE: (limitMb: number) => `Tệp vượt quá dung lượng cho phép (${limitMb} MB).`,
  /** The error page of a refused request (4xx other than 403/404/413) whose response carries no reason of its own. */
  REQUEST_REFUSED_TITLE: "Yêu cầu chưa hợp lệ",
  REQUEST_REFUSED: "Thông tin gửi lên chưa hợp lệ. Vui lòng kiểm tra lại và thử lại.",
  UNEXPECTED: "Đã có lỗi xảy ra. Vui lòng thử lại; nếu vẫn lỗi, hãy báo quản trị hệ thống.",
} as const;

function capitalize(text: string): string {
  return text.charAt(0).toLocaleUpperCase("vi-VN") + text.slice(1);
}
