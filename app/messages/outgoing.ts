// Messages of the outgoing area (văn bản đi): the service's refusals and the pages' confirmations.
// Not found, stale form and forbidden use CommonMessages (app/messages/common.ts); the state machine's own
// refusals live with it in app/domain/outgoing/workflow.ts. Codes are stable; the wording may be edited
// unless a test asserts it (tests/e2e/outgoing.spec.ts asserts the confirmations and RETURN_COMMENT_REQUIRED).

export const OutgoingMessages = {
  // Draft form (soạn thảo)
  DOC_TYPE_REQUIRED: "Chọn loại văn bản",
  SUMMARY_REQUIRED: "Nhập trích yếu",
  SUMMARY_TOO_LONG: "Trích yếu tối đa 500 ký tự",
  SIGNER_REQUIRED: "Chọn người ký (lãnh đạo của cơ quan)",
  /** The form's own check, before the service compares the choice with the directory (SIGNER_REQUIRED). */
  SIGNER_MISSING: "Chọn người ký",
  RECIPIENT_INVALID: "Nơi nhận không hợp lệ",
  /** QĐ 28/2018/QĐ-TTg excludes state secrets from the electronic exchange. */
  SECRET_NOT_EXCHANGED: "Văn bản mật không được gửi liên thông điện tử; ghi nơi nhận ngoài hệ thống (gửi bản giấy).",
  SOURCE_REQUIRED: "Chọn cách tạo văn bản",
  BODY_REQUIRED: "Nhập nội dung văn bản",
  MAIN_PDF_REQUIRED: "Chọn tệp PDF của văn bản",
  PDF_TOO_LARGE: "Tệp PDF quá lớn",
  PDF_REQUIRED: "Tệp văn bản phải là PDF",
  PDF_ENCRYPTED: "Tệp PDF đã được mã hóa, không thể ký số",
  PDF_CERTIFIED_NO_CHANGES:
    "Tệp PDF đã được chứng nhận không cho phép thay đổi (DocMDP P=1), lãnh đạo không thể ký số thêm mà không làm mất hiệu lực chứng nhận. Hãy tải lên bản PDF chưa chứng nhận.",
  PDF_UNREADABLE: "Tệp PDF bị hỏng hoặc không đọc được",
  REPLACE_ONLY_ISSUED: "Chỉ thay thế được văn bản đã phát hành",
  SECRET_HAS_CONTENT: "Dự thảo đã có tệp nội dung trên hệ thống nên không thể chuyển thành văn bản mật; hãy lập dự thảo mới chỉ gồm thông tin quản lý.",

  // Review, signature
  DRAFT_HAS_NO_PDF: "Dự thảo chưa có tệp văn bản (PDF)",
  RETURN_COMMENT_REQUIRED: "Nhập ý kiến khi trả lại dự thảo",
  DOCUMENT_HAS_NO_PDF: "Văn bản chưa có tệp PDF",
  PASSPHRASE_OR_PIN_REQUIRED: "Nhập mật khẩu chứng thư số hoặc mã PIN",
  PASSPHRASE_REQUIRED: "Nhập mật khẩu chứng thư số",
  NO_USER_CERTIFICATE: "Bạn chưa tải lên chứng thư số (Tài khoản → Chữ ký số).",
  NO_OWN_DEVICE_FOR_SIGNING: "Chưa đăng ký thiết bị của bạn (Tài khoản → Chữ ký số → Đăng ký thiết bị của tôi).",

  // Numbering, issue, recall
  ORGANIZATION_PASSPHRASE_REQUIRED: "Nhập mật khẩu chứng thư số của cơ quan",
  NO_ORGANIZATION_CERTIFICATE: "Cơ quan chưa có chứng thư số để ký phát hành (Quản trị → Cơ quan).",
  LEADER_SIGNATURE_INVALID:
    "Chữ ký số của người có thẩm quyền không hợp lệ hoặc không được tin cậy; không thể đóng dấu, phát hành. Hãy trả lại văn bản để ký lại.",
  ATTACHMENT_NOT_SIGNABLE: (name: string) => `Tài liệu kèm theo "${name}" không phải PDF hợp lệ hoặc đã bị mã hóa; không thể ký số phát hành.`,
  NUMBER_TAKEN_RESIGN: (numberSymbol: string) => `Số ${numberSymbol} vừa được cấp cho văn bản khác. Tải lại trang để ký lại với số mới.`,
  NUMBER_CONTENDED: "Sổ văn bản đi đang được cấp số liên tục, vui lòng thử lại.",
  SECRET_NOT_APPROVED: "Văn bản mật chưa được người có thẩm quyền duyệt ký (bản giấy); không thể cấp số.",
  RECALL_REASON_REQUIRED: "Nhập lý do thu hồi",
  NOT_ISSUED: "Văn bản chưa phát hành",
  SECRET_NO_PACKAGE: "Văn bản mật không có gói gửi điện tử; bản gốc được gửi bằng bản giấy.",

  // Confirmations (action results and ?created=1 … flags of the detail page)
  SUBMITTED: "Đã trình dự thảo.",
  APPROVED: "Đã duyệt, chuyển bước tiếp theo.",
  RETURNED: "Đã trả lại dự thảo cho người soạn thảo.",
  APPROVED_ON_PAPER: "Đã duyệt ký (bản giấy); văn thư cấp số, đăng ký vào sổ văn bản đi mật.",
  RECALLED: "Đã thu hồi văn bản.",
  CREATED: "Đã lưu dự thảo.",
  REVISED: "Đã lưu phiên bản mới của dự thảo.",
  SIGNED: "Đã ký số văn bản.",
  ISSUED: "Đã cấp số, ký số cơ quan và phát hành văn bản.",
  ISSUED_SECRET: "Đã cấp số và đăng ký văn bản mật vào sổ văn bản đi mật.",
} as const;
