// The public API of case files and the archive (hồ sơ, danh mục hồ sơ, nộp lưu; Decree 30 Chapter IV,
// Thông tư 01/2019/TT-BNV). Routes, other features, scripts and tests import from here only. Behind it:
//   lists (danh mục: import, copy, approve) → files (open, add/remove documents, close) → handover (nộp lưu:
//   record and list as PDF/XLSX) → retention (review list, destruction decision); export/verify (archive package);
//   access (the one visibility rule), documents (metadata of filed incoming/outgoing documents and task evidence),
//   queries (reads).
export { CASE_FILE_ENTITY, CASE_FILE_LIST_ENTITY } from "./access.server";
export { EVIDENCE_TYPE_NAME, type FiledDocumentInfo } from "./documents.server";
export { CASE_FILE_ACCESS_LABELS, CASE_FILE_STATUS_LABELS, LIST_COLUMNS } from "#app/domain/casefiles/casefiles";
export {
  approveCaseFileList,
  copyCaseFileList,
  getCaseFileList,
  importCaseFileList,
  type CaseFileListView,
  type ImportCaseFileListResult,
  type ListEntryView,
} from "./lists.server";
export {
  addDocumentsToCaseFile,
  closeCaseFile,
  openCaseFile,
  removeDocumentFromCaseFile,
  updateCaseFile,
  type AddedToCaseFile,
  type AddToCaseFileOptions,
  type OpenCaseFileOptions,
  type OpenedCaseFile,
  type UpdateCaseFileOptions,
  type UpdatedCaseFile,
} from "./files.server";
export {
  caseFilesForDocument,
  caseFileYears,
  getCaseFile,
  listCaseFiles,
  listDocumentsToFile,
  listEvidenceToFile,
  listFilesAwaitingHandover,
  type CaseFileDetail,
  type CaseFileDocumentView,
  type CaseFileListItem,
  type DestructionView,
  type DocumentCaseFiles,
} from "./queries.server";
export {
  exportCaseFilePackage,
  openCaseFilePackageZip,
  verifyCaseFilePackage,
  type CaseFilePackageZip,
  type ExportedPackage,
  type VerifyProblem,
  type VerifyResult,
} from "./export.server";
export {
  CASE_FILE_DESTRUCTION_ENTITY,
  destroyCaseFiles,
  listCaseFilesDueForReview,
  type DestroyCaseFilesOptions,
  type DestroyedCaseFiles,
} from "./retention.server";
export { handOverCaseFiles, HANDOVER_LIST_HEADERS, HANDOVER_PARTS, readHandoverPart, type HandOverResult, type HandoverPart } from "./handover.server";
