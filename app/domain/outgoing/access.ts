// What a user may do on an outgoing document's pages, decided from the state machine (workflow.ts) so
// that routes and components never recompute it (DESIGN.md §4). The server enforces every action again.
import { availableActions, decideTransition, type OutgoingAction, type WorkflowActor, type WorkflowDocument } from "./workflow";

/** Any of these opens the outgoing pages (list, detail, compare, files); each action checks its own. */
export const OUTGOING_PERMISSIONS = [
  "draft:outgoing",
  "review:outgoing:dept",
  "review:outgoing:office",
  "sign:outgoing",
  "issue:outgoing",
  "view:outgoing:all",
] as const;

export type OutgoingCan = {
  edit: boolean;
  submit: boolean;
  approve: boolean;
  return: boolean;
  approvePaper: boolean;
  sign: boolean;
  issue: boolean;
  issuePaper: boolean;
  recall: boolean;
  /** An issued (or recalled) document can be replaced by a new draft (đính chính, thay thế). */
  draftReplacement: boolean;
  /** The "Xử lý" card is shown: the actor acts now, or the document sits at a review/sign step. */
  processCard: boolean;
};

export function outgoingCan(doc: WorkflowDocument, actor: WorkflowActor, actions: OutgoingAction[] = availableActions(doc, actor)): OutgoingCan {
  const has = (a: OutgoingAction) => actions.includes(a);
  const recall = decideTransition(doc, "recall", actor).ok;
  const atStep = doc.status === "dept_review" || doc.status === "office_review" || doc.status === "leader_review";
  return {
    edit: has("edit"),
    submit: has("submit"),
    approve: has("approve"),
    return: has("return"),
    approvePaper: has("approve_paper"),
    sign: has("sign"),
    issue: has("issue"),
    issuePaper: has("issue_paper"),
    recall,
    draftReplacement: (doc.status === "issued" || doc.status === "recalled") && actor.permissions.includes("draft:outgoing"),
    processCard: has("submit") || atStep || recall || has("return"),
  };
}
