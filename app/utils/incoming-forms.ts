// Form schemas shared by the incoming routes (zod; parsed again in each action).
import { z } from "zod";
import { optionalDecimalIntegerField, optionalVnDateField, vnDateTimeField } from "#app/utils/form-fields";
import { CONFIDENTIALITY_LEVELS, URGENCY_LEVELS } from "#app/domain/incoming/incoming";
import { IncomingMessages } from "#app/messages/incoming";

const assignee = z.string().regex(/^[uo]:\d+$/, IncomingMessages.CHOOSE_ASSIGNEE);
const assigneeList = z
  .union([assignee, z.array(assignee)])
  .optional()
  .transform((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]));

export const RoutingDecisionSchema = z.object({
  main: assignee,
  cooperating: assigneeList,
  info: assigneeList,
  deadline: optionalVnDateField(),
  workingDays: optionalDecimalIntegerField({ min: 1, max: 365 }),
  note: z
    .string()
    .trim()
    .max(2000)
    .optional()
    .transform((v) => v || null),
});

export function toAssigneeRef(value: string): { userId: number } | { unitId: number } {
  const [kind, id] = value.split(":");
  return kind === "u" ? { userId: Number(id) } : { unitId: Number(id) };
}

export function toRoutingDecision(data: z.infer<typeof RoutingDecisionSchema>) {
  return {
    main: toAssigneeRef(data.main),
    cooperating: data.cooperating.map(toAssigneeRef),
    info: data.info.map(toAssigneeRef),
    deadline: data.deadline,
    workingDays: data.workingDays,
    note: data.note,
  };
}

// The document page (/incoming/:id): one form per action, told apart by `intent`.
const version = z.coerce.number().int().positive();
const text = (message: string) => z.string().trim().min(1, message).max(4000);
const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .optional()
    .transform((v) => v || null);
const optionalDate = optionalVnDateField();

/** Sửa thông tin đăng ký: the same fields as registration, without the register's identity (number, book, confidentiality). */
const CorrectRegistrationSchema = z.object({
  intent: z.literal("correct"),
  version,
  numberSymbol: z.string().trim().min(1, IncomingMessages.NUMBER_SYMBOL_REQUIRED).max(100),
  docTypeCode: z.string().min(1, IncomingMessages.DOC_TYPE_REQUIRED),
  issuedDate: optionalDate,
  issuerName: z.string().trim().min(1, IncomingMessages.ISSUER_REQUIRED).max(300),
  summary: z.string().trim().min(1, IncomingMessages.SUMMARY_REQUIRED).max(2000),
  signerName: optionalText(500),
  signerTitle: optionalText(500),
  pageCount: optionalDecimalIntegerField({ min: 1, max: 100_000 }),
  urgency: z.enum(URGENCY_LEVELS, { errorMap: () => ({ message: IncomingMessages.URGENCY_REQUIRED }) }),
  handlingDeadline: optionalDate,
  note: optionalText(1000),
});

export const IncomingActionSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("submit"), version }),
  z.object({ intent: z.literal("return"), version, reason: text(IncomingMessages.RETURN_REASON_REQUIRED) }),
  z.object({
    intent: z.literal("forward"),
    version,
    leaderUserId: z.coerce.number({ invalid_type_error: IncomingMessages.CHOOSE_LEADER_SHORT }).int().positive(IncomingMessages.CHOOSE_LEADER_SHORT),
    note: z.string().trim().max(2000).optional(),
  }),
  z.object({ intent: z.literal("direct-back"), version, directionNote: text(IncomingMessages.DIRECTION_REQUIRED) }),
  RoutingDecisionSchema.extend({ intent: z.literal("direct-assign"), version, directionNote: text(IncomingMessages.DIRECTION_REQUIRED) }),
  RoutingDecisionSchema.extend({ intent: z.literal("route"), version }),
  z.object({
    intent: z.literal("delegate"),
    userId: z.coerce.number({ invalid_type_error: IncomingMessages.CHOOSE_SPECIALIST }).int().positive(IncomingMessages.CHOOSE_SPECIALIST),
    deadline: optionalVnDateField(),
    note: z.string().trim().max(2000).optional(),
  }),
  z.object({ intent: z.literal("comment"), comment: text(IncomingMessages.COMMENT_REQUIRED) }),
  z.object({ intent: z.literal("contribute"), contribution: text(IncomingMessages.CONTRIBUTION_REQUIRED) }),
  z.object({ intent: z.literal("read") }),
  z.object({ intent: z.literal("complete"), version, result: text(IncomingMessages.RESULT_REQUIRED) }),
  CorrectRegistrationSchema,
  z.object({
    intent: z.literal("link-reply"),
    outgoingDocumentId: z.coerce.number({ invalid_type_error: IncomingMessages.OUTGOING_ID_REQUIRED }).int().positive(IncomingMessages.OUTGOING_ID_REQUIRED),
  }),
]);

// Registration (/incoming/new, step 2).
export const INCOMING_CHANNELS = ["direct", "postal", "electronic", "email"] as const;
const optionalShortText = z
  .string()
  .trim()
  .max(500)
  .optional()
  .transform((v) => v || null);

export const RegisterIncomingDocumentSchema = z.object({
  intent: z.literal("register"),
  incomingDocumentId: z.coerce.number().int().positive().optional(),
  version: z.coerce.number().int().positive().optional(),
  fileId: z.coerce.number().int().positive().optional(),
  extractedFields: z
    .string()
    .optional()
    .transform((v) => (v ? v.split(",").filter(Boolean) : [])),
  lowConfidenceFields: z.string().optional(),
  channel: z.enum(INCOMING_CHANNELS, { errorMap: () => ({ message: IncomingMessages.CHANNEL_REQUIRED }) }),
  receivedAt: vnDateTimeField(),
  numberSymbol: z.string().trim().min(1, IncomingMessages.NUMBER_SYMBOL_REQUIRED).max(100),
  docTypeCode: z.string().min(1, IncomingMessages.DOC_TYPE_REQUIRED),
  issuedDate: optionalDate,
  issuerName: z.string().trim().min(1, IncomingMessages.ISSUER_REQUIRED).max(300),
  summary: z.string().trim().min(1, IncomingMessages.SUMMARY_REQUIRED).max(2000),
  signerName: optionalShortText,
  signerTitle: optionalShortText,
  pageCount: optionalDecimalIntegerField({ min: 1, max: 100_000 }),
  urgency: z.enum(URGENCY_LEVELS),
  confidentiality: z.enum(CONFIDENTIALITY_LEVELS),
  handlingDeadline: optionalDate,
  note: z
    .string()
    .trim()
    .max(1000)
    .optional()
    .transform((v) => v || null),
  backdateReason: z
    .string()
    .trim()
    .max(500)
    .optional()
    .transform((v) => v || null),
  confirmDuplicate: z.literal("1").optional(),
  submitForRouting: z.literal("1").optional(),
});

// Routing several documents at once (/incoming/routing).
export const RouteIncomingDocumentsSchema = RoutingDecisionSchema.extend({
  // No box ticked posts no "documents" at all: read it as an empty choice so the clerk reads "choose documents"
  // (a union of string | string[] answered undefined with zod's invalid_union, shown nowhere as "Giá trị không hợp lệ").
  documents: z.preprocess(
    (v) => (v === undefined || v === null ? [] : Array.isArray(v) ? v : [v]),
    z.array(z.string().regex(/^\d+:\d+$/)).min(1, IncomingMessages.CHOOSE_DOCUMENTS),
  ),
});
