// The outgoing-document state machine (DESIGN.md §4, Decree 30/2020 Art. 10–18, seed 004 steps 1–4).
// Pure: the service hands in the facts, this decides. Order of refusal: a state that does not allow
// the action → INVALID_STATE; the actor lacks the role/assignment for it → FORBIDDEN. (Rows outside
// the actor's organisation never reach here: the service answers NOT_FOUND first.)
//
// Decision: a drafter who is the lead of the drafting unit (review:outgoing:dept on that unit)
// submits straight to office review — reviewing one's own draft for content adds nothing. So does a
// draft from a unit without any department lead (e.g. the office itself, a small commune unit):
// the office review then also covers the content (Decree 30 Art. 12).
// Decision: only the intended signer (signer_id) may sign or return at leader review, so a draft
// approved for the Chủ tịch is never signed by someone else without being re-routed (Decree 30 Art. 11).
// Decision: secret documents (Mật, Tối mật, Tuyệt mật) keep metadata only — their content may not be
// stored on an Internet-connected system (Luật Bảo vệ bí mật nhà nước 2018 Art. 5; DESIGN.md §4). The
// review chain is the same; the intended signer records "Duyệt ký (bản giấy)" (approve_paper) instead
// of a digital signature, and the clerk numbers and registers them in the secret book (issue_paper)
// without the organisation's digital signature. Digital sign/issue are refused for them (INVALID_STATE),
// and the paper steps are refused for ordinary documents.
// Decision: a signed document that cannot be issued (the leader's signature no longer verifies, its
// certificate is no longer trusted, the file is refused by the seal step) must not stay in `signed` for
// ever: the clerk or the intended signer returns it to the drafter (signed --return--> draft); the
// leader-signed file is set aside and the draft's own file becomes current again (review.server.ts).

export const OUTGOING_STATUSES = ["draft", "dept_review", "office_review", "leader_review", "signed", "issued", "recalled"] as const;
export type OutgoingStatus = (typeof OUTGOING_STATUSES)[number];

export const OUTGOING_ACTIONS = ["edit", "submit", "approve", "return", "sign", "approve_paper", "issue", "issue_paper", "recall"] as const;
export type OutgoingAction = (typeof OUTGOING_ACTIONS)[number];

export const OUTGOING_STATUS_LABELS: Record<OutgoingStatus, string> = {
  draft: "Dự thảo",
  dept_review: "Chờ lãnh đạo phòng duyệt",
  office_review: "Chờ Văn phòng kiểm tra thể thức",
  leader_review: "Chờ ký",
  signed: "Đã ký, chờ cấp số",
  issued: "Đã phát hành",
  recalled: "Đã thu hồi",
};

export const SIGNING_METHOD_LABELS = { digital: "Ký số", paper: "Duyệt ký (bản giấy)" } as const;
export type SigningMethod = keyof typeof SIGNING_METHOD_LABELS;

/** Mật, Tối mật, Tuyệt mật: metadata only, numbered in the secret book, never delivered electronically. */
export function isSecretConfidentiality(confidentiality: string | null | undefined): boolean {
  return confidentiality != null && confidentiality !== "normal";
}

/** The notice shown on secret documents and the refusal of any file for them. */
export const SECRET_NOTICE = "Văn bản mật – chỉ quản lý thông tin, bản gốc lưu bản giấy";
export const SECRET_NO_CONTENT_MESSAGE = "Văn bản mật không được lưu nội dung trên hệ thống kết nối Internet; chỉ đăng ký thông tin quản lý.";

export type WorkflowActor = { id: number; unitId: number; permissions: readonly string[] };
export type WorkflowDocument = {
  status: OutgoingStatus;
  createdBy: number;
  draftingUnitId: number;
  signerId: number;
  /** Độ mật; anything but "normal" (or absent) makes the document secret: paper signing and issue. */
  confidentiality?: string | null;
  /** Nobody in the drafting unit holds review:outgoing:dept (the service looks it up). */
  unitHasNoDeptReviewer?: boolean;
};

export type TransitionDecision = { ok: true; to: OutgoingStatus } | { ok: false; code: "INVALID_STATE" | "FORBIDDEN"; message: string };

const has = (actor: WorkflowActor, permission: string) => actor.permissions.includes(permission);

/** Is the actor the content reviewer (lãnh đạo phòng) of the draft's unit? */
export function isDeptReviewerOf(actor: WorkflowActor, doc: Pick<WorkflowDocument, "draftingUnitId">): boolean {
  return has(actor, "review:outgoing:dept") && actor.unitId === doc.draftingUnitId;
}

function reviewerAllowed(actor: WorkflowActor, doc: WorkflowDocument): boolean {
  switch (doc.status) {
    case "dept_review":
      return isDeptReviewerOf(actor, doc);
    case "office_review":
      return has(actor, "review:outgoing:office");
    case "leader_review":
      return has(actor, "sign:outgoing") && actor.id === doc.signerId;
    default:
      return false;
  }
}

const FROM: Record<OutgoingAction, readonly OutgoingStatus[]> = {
  edit: ["draft"],
  submit: ["draft"],
  approve: ["dept_review", "office_review"],
  return: ["dept_review", "office_review", "leader_review", "signed"],
  sign: ["leader_review"],
  approve_paper: ["leader_review"],
  issue: ["signed"],
  issue_paper: ["signed"],
  recall: ["issued"],
};

const STATE_MESSAGES: Record<OutgoingAction, string> = {
  edit: "Chỉ sửa được văn bản ở trạng thái dự thảo.",
  submit: "Chỉ trình được văn bản ở trạng thái dự thảo.",
  approve: "Văn bản không ở bước chờ duyệt.",
  return: "Văn bản không ở bước chờ duyệt, chờ ký hoặc chờ cấp số, không thể trả lại.",
  sign: "Văn bản không ở bước chờ ký.",
  approve_paper: "Văn bản không ở bước chờ ký.",
  issue: "Chỉ phát hành được văn bản đã được lãnh đạo ký.",
  issue_paper: "Chỉ cấp số được văn bản đã được lãnh đạo duyệt ký.",
  recall: "Chỉ thu hồi được văn bản đã phát hành.",
};

/** What `action` by `actor` does to `doc`: the next status, or why it is refused. */
/** Actions that only exist for one kind of document: digital for ordinary, paper for secret ones. */
const DIGITAL_ONLY: readonly OutgoingAction[] = ["sign", "issue"];
const PAPER_ONLY: readonly OutgoingAction[] = ["approve_paper", "issue_paper"];

export function decideTransition(doc: WorkflowDocument, action: OutgoingAction, actor: WorkflowActor): TransitionDecision {
  if (!FROM[action].includes(doc.status)) return { ok: false, code: "INVALID_STATE", message: STATE_MESSAGES[action] };
  const secret = isSecretConfidentiality(doc.confidentiality);
  if (secret && DIGITAL_ONLY.includes(action)) {
    const message =
      action === "sign"
        ? "Văn bản mật không ký số trên hệ thống; lãnh đạo duyệt ký bản giấy (Duyệt ký (bản giấy))."
        : "Văn bản mật không ký số cơ quan, không phát hành điện tử; văn thư cấp số và đăng ký vào sổ văn bản đi mật.";
    return { ok: false, code: "INVALID_STATE", message };
  }
  if (!secret && PAPER_ONLY.includes(action)) {
    return { ok: false, code: "INVALID_STATE", message: "Chỉ văn bản mật mới được duyệt ký, cấp số theo bản giấy; văn bản thường được ký số." };
  }
  const forbidden = (message: string): TransitionDecision => ({ ok: false, code: "FORBIDDEN", message });
  switch (action) {
    case "edit":
      return actor.id === doc.createdBy ? { ok: true, to: "draft" } : forbidden("Chỉ người soạn thảo được sửa dự thảo.");
    case "submit":
      if (actor.id !== doc.createdBy) return forbidden("Chỉ người soạn thảo được trình dự thảo.");
      return { ok: true, to: isDeptReviewerOf(actor, doc) || doc.unitHasNoDeptReviewer ? "office_review" : "dept_review" };
    case "approve":
      if (!reviewerAllowed(actor, doc)) return forbidden("Bạn không có quyền duyệt văn bản ở bước này.");
      return { ok: true, to: doc.status === "dept_review" ? "office_review" : "leader_review" };
    case "return":
      if (doc.status === "signed") {
        const isClerk = has(actor, "issue:outgoing");
        const isSigner = has(actor, "sign:outgoing") && actor.id === doc.signerId;
        return isClerk || isSigner ? { ok: true, to: "draft" } : forbidden("Chỉ văn thư hoặc người ký được trả lại văn bản đã ký chưa phát hành.");
      }
      if (!reviewerAllowed(actor, doc)) return forbidden("Bạn không có quyền trả lại văn bản ở bước này.");
      return { ok: true, to: "draft" };
    case "sign":
    case "approve_paper":
      if (!has(actor, "sign:outgoing") || actor.id !== doc.signerId) return forbidden("Chỉ người có thẩm quyền ký được giao mới ký được văn bản này.");
      return { ok: true, to: "signed" };
    case "issue":
    case "issue_paper":
      return has(actor, "issue:outgoing") ? { ok: true, to: "issued" } : forbidden("Chỉ văn thư được cấp số và phát hành văn bản.");
    case "recall":
      return has(actor, "recall:outgoing") ? { ok: true, to: "recalled" } : forbidden("Bạn không có quyền thu hồi văn bản.");
  }
}

/** The actions the UI offers (the server decides again on submit). */
export function availableActions(doc: WorkflowDocument, actor: WorkflowActor): OutgoingAction[] {
  return OUTGOING_ACTIONS.filter((a) => decideTransition(doc, a, actor).ok);
}

// Labels shared by the service and the pages (routes cannot import constants from .server modules:
// the browser bundle replaces those with empty modules).
// One vocabulary for incoming and outgoing marks (app/domain/shared/document-marks.ts).
export {
  CONFIDENTIALITY_LABELS,
  URGENCY_LABELS,
  type ConfidentialityKey as Confidentiality,
  type UrgencyKey as Urgency,
} from "#app/domain/shared/document-marks";

export const OUTGOING_QUEUES = ["mine", "review", "sign", "issue", "issued"] as const;
export type OutgoingQueue = (typeof OUTGOING_QUEUES)[number];
export const OUTGOING_QUEUE_LABELS: Record<OutgoingQueue, string> = {
  mine: "Dự thảo của tôi",
  review: "Chờ duyệt",
  sign: "Chờ ký",
  issue: "Chờ cấp số",
  issued: "Đã phát hành",
};

/** Sổ đăng ký văn bản đi, Decree 30 Phụ lục IV: columns (1)–(10). */
export const REGISTER_COLUMNS = [
  "Số, ký hiệu văn bản",
  "Ngày tháng văn bản",
  "Tên loại và trích yếu nội dung",
  "Người ký",
  "Nơi nhận văn bản",
  "Đơn vị, người nhận bản lưu",
  "Số lượng bản",
  "Ngày chuyển",
  "Ký nhận",
  "Ghi chú",
] as const;
