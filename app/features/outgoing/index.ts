// The outgoing feature's public API (văn bản đi). Routes, other features, scripts and tests import from
// here only; the files beside it follow the state machine (app/domain/outgoing/workflow.ts, DESIGN.md §4):
// drafts → review → sign → numbering/issue (or secret: paper issue) → recall, plus queries, files, register.
export { OUTGOING_STATUS_LABELS, type Confidentiality, type OutgoingQueue, type Urgency } from "#app/domain/outgoing/workflow";
export { OUTGOING_ENTITY, outgoingDocumentsVisibleTo } from "./visibility.server";
export type { OutgoingDraftInput, RecipientInput, SigningAuthority } from "./draft-input.server";
export { createOutgoingDraft, getDraftFormDefaults, getDraftFormOptions, updateOutgoingDraft } from "./drafts.server";
export { compareOutgoingRevisions, SNAPSHOT_LABELS, type RevisionComparison, type RevisionSnapshot } from "./revisions.server";
export { approveOutgoingDocument, returnOutgoingDocument, submitOutgoingDocument } from "./review.server";
export { approveOutgoingOnPaper, signOutgoingDocument } from "./sign.server";
export { proposeIssue, type IssueProposal } from "./numbering.server";
export { issueOutgoingDocument } from "./issue.server";
export { issueSecretOutgoingDocument } from "./secret.server";
export { recallOutgoingDocument } from "./recall.server";
export {
  getOutgoingSearchOptions,
  isOutgoingSearch,
  searchOutgoingDocuments,
  type OutgoingSearch,
  type OutgoingSearchItem,
  type OutgoingSearchOptions,
} from "./search.server";
export {
  availableQueues,
  countByStatus,
  countOutgoingWork,
  getOutgoingDocument,
  getOutgoingSignatures,
  listOutgoingQueue,
  listOutgoingQueuePage,
  OUTGOING_COUNT_CAP,
  OUTGOING_PAGE_SIZE,
  type ListOutgoingQueueOptions,
  type OutgoingCounters,
  type OutgoingDetail,
  type OutgoingListItem,
  type OutgoingQueueFilter,
  type OutgoingQueuePage,
} from "./queries.server";
export { buildExternalPackageMetadata, readOutgoingFile, type OutgoingFileKind } from "./files.server";
export {
  exportOutgoingRegisterXlsx,
  getOutgoingRegisterView,
  listOutgoingRegister,
  listOutgoingRegisterBooks,
  type OutgoingRegisterBook,
  type RegisterRow,
} from "./register.server";
