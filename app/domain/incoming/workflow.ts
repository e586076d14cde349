// The incoming-document state machine (DESIGN.md §4; Decree 30/2020/NĐ-CP Art. 20–24). Pure: the service
// loads the row and the actor, asks here whether the step is allowed, then writes the change and its audit row.
//
//   received --register--> registered --submit--> awaiting_routing --route--> in_progress --complete--> completed
//   awaiting_routing --forward--> awaiting_direction --direct--> awaiting_routing | in_progress
//   received | registered | awaiting_routing --return(reason)--> returned
//   registered | awaiting_routing | awaiting_direction | in_progress --correct--> (same state): the clerk corrects
//   the registration details (never the arrival number, book, year or confidentiality)

export const INCOMING_STATES = ["received", "registered", "awaiting_routing", "awaiting_direction", "in_progress", "completed", "returned"] as const;
export type IncomingState = (typeof INCOMING_STATES)[number];

export const INCOMING_ACTIONS = ["register", "submit", "route", "forward", "direct", "complete", "return", "correct"] as const;
export type IncomingAction = (typeof INCOMING_ACTIONS)[number];

export const INCOMING_STATE_LABELS: Record<IncomingState, string> = {
  received: "Chờ đăng ký",
  registered: "Đã đăng ký",
  awaiting_routing: "Chờ phân phối",
  awaiting_direction: "Chờ cho ý kiến",
  in_progress: "Đang xử lý",
  completed: "Đã hoàn thành",
  returned: "Đã trả lại",
};

export const INCOMING_ACTION_LABELS: Record<IncomingAction, string> = {
  register: "Đăng ký",
  submit: "Chuyển phân phối",
  route: "Phân phối",
  forward: "Trình lãnh đạo cho ý kiến",
  direct: "Cho ý kiến chỉ đạo",
  complete: "Hoàn thành xử lý",
  return: "Trả lại",
  correct: "Sửa thông tin đăng ký",
};

/** What the actor is, relative to one document. Permissions come from roles (data); the flags from assignments. */
export type IncomingActorFacts = {
  permissions: readonly string[];
  /** The actor (or their unit) holds the active main-handling assignment. */
  isMainHandler?: boolean;
  /** The leader the document was forwarded to (awaiting_direction). */
  isForwardedLeader?: boolean;
};

type Rule = {
  from: readonly IncomingState[];
  to: IncomingState | ((target: IncomingState | undefined, from: IncomingState) => IncomingState | null);
  who: (facts: IncomingActorFacts) => boolean;
  whoLabel: string;
};

const has = (facts: IncomingActorFacts, permission: string) => facts.permissions.includes(permission);

const RULES: Record<IncomingAction, Rule> = {
  register: { from: ["received"], to: "registered", who: (f) => has(f, "register:incoming"), whoLabel: "văn thư" },
  submit: { from: ["registered"], to: "awaiting_routing", who: (f) => has(f, "register:incoming"), whoLabel: "văn thư" },
  // The office lead routes; a leader may also assign directly (Decree 30 Art. 23 k.2).
  route: { from: ["awaiting_routing"], to: "in_progress", who: (f) => has(f, "route:incoming") || has(f, "direct:incoming"), whoLabel: "lãnh đạo Văn phòng" },
  forward: { from: ["awaiting_routing"], to: "awaiting_direction", who: (f) => has(f, "route:incoming"), whoLabel: "lãnh đạo Văn phòng" },
  direct: {
    from: ["awaiting_direction"],
    to: (target) => (target === "in_progress" || target === "awaiting_routing" ? target : null),
    // Only the leader the office lead forwarded it to gives the direction (Decree 30 Art. 23 k.1): another
    // leader of the same People's Committee sees the document but was not asked.
    who: (f) => has(f, "direct:incoming") && !!f.isForwardedLeader,
    whoLabel: "lãnh đạo được trình",
  },
  complete: { from: ["in_progress"], to: "completed", who: (f) => has(f, "handle:incoming") && !!f.isMainHandler, whoLabel: "người xử lý chính" },
  // Return to sender: the clerk at registration, the clerk or the office lead at routing.
  return: {
    from: ["received", "registered", "awaiting_routing"],
    to: "returned",
    who: (f) => has(f, "register:incoming") || has(f, "route:incoming"),
    whoLabel: "văn thư hoặc lãnh đạo Văn phòng",
  },
  // Correcting the registration details keeps the document where it is.
  correct: {
    from: ["registered", "awaiting_routing", "awaiting_direction", "in_progress"],
    to: (_target, from) => from,
    who: (f) => has(f, "register:incoming"),
    whoLabel: "văn thư",
  },
};

export type TransitionDecision = { ok: true; to: IncomingState } | { ok: false; code: "INVALID_STATE" | "FORBIDDEN"; message: string };

export type DecideIncomingTransitionOptions = {
  from: IncomingState;
  action: IncomingAction;
  actor: IncomingActorFacts;
  /** A recalled document (thu hồi by its sender) can no longer move. */
  isRecalled?: boolean;
  /** For `direct`: where the leader's direction sends the document. */
  target?: IncomingState;
};

/** Whether `action` may move a document from `from`, and where to. State is checked before the role. */
export function decideIncomingTransition(options: DecideIncomingTransitionOptions): TransitionDecision {
  const rule = RULES[options.action];
  if (options.isRecalled) {
    return { ok: false, code: "INVALID_STATE", message: "Văn bản đã bị cơ quan gửi thu hồi, không thể xử lý tiếp" };
  }
  if (!rule.from.includes(options.from)) {
    return {
      ok: false,
      code: "INVALID_STATE",
      message: `Không thể ${INCOMING_ACTION_LABELS[options.action].toLowerCase()} văn bản ở trạng thái "${INCOMING_STATE_LABELS[options.from]}"`,
    };
  }
  if (!rule.who(options.actor)) {
    return { ok: false, code: "FORBIDDEN", message: `Chỉ ${rule.whoLabel} được ${INCOMING_ACTION_LABELS[options.action].toLowerCase()} văn bản này` };
  }
  const to = typeof rule.to === "function" ? rule.to(options.target, options.from) : rule.to;
  if (!to) return { ok: false, code: "INVALID_STATE", message: "Chọn chuyển phân phối hoặc giao xử lý" };
  return { ok: true, to };
}

/** The actions the actor could take now (for buttons; the service re-checks). */
export function availableIncomingActions(state: IncomingState, actor: IncomingActorFacts, isRecalled = false): IncomingAction[] {
  return INCOMING_ACTIONS.filter((action) => decideIncomingTransition({ from: state, action, actor, isRecalled, target: "in_progress" }).ok);
}
