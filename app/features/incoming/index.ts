// The public API of incoming documents (văn bản đến). Other features, routes, scripts and tests import from
// here only; the files behind it follow the state machine of DESIGN §4:
//   upload → register (register-book: arrival number) → route (forward, direct) → handle (complete, return),
//   with correct for the clerk's corrections, queries/detail for reading, delivery for liên thông.
export { INCOMING_ENTITY, indexIncomingForSearch, type VersionedId } from "#app/features/incoming/transition.server";
export { incomingDocumentsVisibleTo } from "#app/features/incoming/visibility.server";
export {
  DEFAULT_MAX_UPLOAD_BYTES,
  prepareIncomingUpload,
  type IncomingUploadResult,
  type PrepareIncomingUploadOptions,
} from "#app/features/incoming/upload.server";
export {
  normalizeNumberSymbol,
  registerIncomingDocument,
  submitIncomingForRouting,
  type DuplicateCandidate,
  type RegisterIncomingDocumentOptions,
  type RegisteredIncoming,
} from "#app/features/incoming/register.server";
export { performIncomingIntent, type IncomingIntent } from "#app/features/incoming/intents.server";
export { CORRECTABLE_INCOMING_FIELDS, correctIncomingRegistration, type CorrectIncomingRegistrationOptions } from "#app/features/incoming/correct.server";
export {
  directIncomingDocument,
  forwardIncomingDocument,
  listRoutingOptions,
  listRoutingUnits,
  parseAssigneeRef,
  routeIncomingDocuments,
  type AssigneeRef,
  type RouteIncomingDocumentsOptions,
  type RoutingDecision,
  type RoutingOptions,
} from "#app/features/incoming/route.server";
export {
  commentOnIncomingDocument,
  completeIncomingDocument,
  delegateIncomingAssignment,
  markIncomingRead,
  recordIncomingContribution,
  returnIncomingDocument,
} from "#app/features/incoming/handle.server";
export {
  INCOMING_BOXES,
  INCOMING_BOX_LABELS,
  countIncomingWork,
  docTypeName,
  listIncomingDocuments,
  vietnamDayStart,
  type IncomingBox,
  type IncomingCounters,
  type IncomingListItem,
  type IncomingPage,
  type ListIncomingOptions,
} from "#app/features/incoming/queries.server";
export {
  checkIncomingDocumentSignatures,
  getIncomingDocument,
  readIncomingFile,
  readIncomingAttachment,
  type AssignmentView,
  type IncomingDetail,
} from "#app/features/incoming/detail.server";
export {
  exportIncomingRegisterBookXlsx,
  getIncomingRegisterBook,
  getIncomingRegisterBookChoices,
  type RegisterBookRow,
  type RegisterBookView,
} from "#app/features/incoming/register-book.server";
export {
  deliverToIncomingQueue,
  linkReplyDocument,
  listDeliveryStatuses,
  markDeliveredDocumentsRecalled,
  type DeliverToIncomingQueueOptions,
  type DeliveryStatus,
} from "#app/features/incoming/delivery.server";
export {
  checkIncomingPdfSignatures,
  checkStoredPdfSignatures,
  describeReports,
  type IncomingSignature,
  type IncomingSignatureStatus,
} from "#app/features/incoming/signatures.server";
// OCR of scans (issue 14): the job handler registers itself when this module loads.
export { getIncomingOcrStatus, ocrFieldsFromText, waitForIncomingOcr, ocrTextOf, type OcrStatus } from "#app/features/incoming/ocr.server";
export { extractFromScan, isScanImage } from "#app/features/incoming/ocr-extract.server";
