import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useLocation, useSearchParams } from "@remix-run/react";
import type { ReactNode } from "react";
import { z } from "zod";
import { requirePermission, serviceContextFor } from "#app/platform/auth/auth.server";
import { DateInput, Field, FormError, fieldError, isFailure, submittedValue } from "#app/components/ui/form";
import { DeadlineBadge, SecretBadge, StatusBadge, UrgencyBadge } from "#app/components/incoming/badges";
import { PdfViewer } from "#app/components/ui/pdf-viewer";
import { RoutingFields } from "#app/components/incoming/routing-fields";
import { SignatureValidationMessages } from "#app/messages/signature-validation";
import { formatDateTimeVi, formatDateVi } from "#app/domain/shared/dates";
import { DOCUMENT_TYPES } from "#app/domain/shared/document-types";
import { assignmentStatusLabel, CHANNEL_LABELS, CONFIDENTIALITY_LABELS, URGENCY_LABELS, type ConfidentialityKey } from "#app/domain/incoming/incoming";
import { INCOMING_STATE_LABELS, type IncomingState } from "#app/domain/incoming/workflow";
import {
  commentOnIncomingDocument,
  completeIncomingDocument,
  correctIncomingRegistration,
  delegateIncomingAssignment,
  directIncomingDocument,
  forwardIncomingDocument,
  markIncomingRead,
  recordIncomingContribution,
  returnIncomingDocument,
  routeIncomingDocuments,
  submitIncomingForRouting,
} from "#app/features/incoming/documents.server";
import { linkReplyDocument } from "#app/features/incoming/delivery.server";
import { getIncomingDocument, listRoutingOptions, readIncomingFile } from "#app/features/incoming/queries.server";
import { checkIncomingPdfSignatures, type IncomingSignature } from "#app/features/incoming/signatures.server";
import { actionErrorResponse, parseFormData, rethrowAsResponse } from "#app/utils/http.server";
import { RoutingDecisionSchema, toRoutingDecision } from "#app/utils/incoming-forms";
import { optionalDecimalIntegerField, optionalVnDateField } from "#app/utils/form-fields";
import { dateInputValue } from "#app/domain/shared/form-input";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `${data.doc.numberSymbol || "Văn bản đến"} · Văn bản đến` : "Văn bản đến" }];

const PERMISSIONS = ["register:incoming", "route:incoming", "direct:incoming", "handle:incoming", "view:incoming:all"] as const;
const version = z.coerce.number().int().positive();
const text = (message: string) => z.string().trim().min(1, message).max(4000);
const optionalText = (max: number) => z.string().trim().max(max).optional().transform((v) => v || null);
const optionalDate = optionalVnDateField();
const URGENCIES = ["normal", "urgent", "very_urgent", "flash"] as const;

/** Sửa thông tin đăng ký: the same fields as registration, without the register's identity (number, book, confidentiality). */
const CorrectRegistrationSchema = z.object({
  intent: z.literal("correct"),
  version,
  numberSymbol: z.string().trim().min(1, "Nhập số, ký hiệu văn bản").max(100),
  docTypeCode: z.string().min(1, "Chọn loại văn bản"),
  issuedDate: optionalDate,
  issuerName: z.string().trim().min(1, "Nhập cơ quan ban hành").max(300),
  summary: z.string().trim().min(1, "Nhập trích yếu nội dung").max(2000),
  signerName: optionalText(500),
  signerTitle: optionalText(500),
  pageCount: optionalDecimalIntegerField({ min: 1, max: 100_000 }),
  urgency: z.enum(URGENCIES, { errorMap: () => ({ message: "Chọn độ khẩn" }) }),
  handlingDeadline: optionalDate,
  note: optionalText(1000),
});

export const IncomingActionSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("submit"), version }),
  z.object({ intent: z.literal("return"), version, reason: text("Nhập lý do trả lại") }),
  z.object({ intent: z.literal("forward"), version, leaderUserId: z.coerce.number({ invalid_type_error: "Chọn lãnh đạo" }).int().positive("Chọn lãnh đạo"), note: z.string().trim().max(2000).optional() }),
  z.object({ intent: z.literal("direct-back"), version, directionNote: text("Nhập ý kiến chỉ đạo") }),
  RoutingDecisionSchema.extend({ intent: z.literal("direct-assign"), version, directionNote: text("Nhập ý kiến chỉ đạo") }),
  RoutingDecisionSchema.extend({ intent: z.literal("route"), version }),
  z.object({ intent: z.literal("delegate"), userId: z.coerce.number({ invalid_type_error: "Chọn chuyên viên" }).int().positive("Chọn chuyên viên"), deadline: optionalVnDateField(), note: z.string().trim().max(2000).optional() }),
  z.object({ intent: z.literal("comment"), comment: text("Nhập ý kiến") }),
  z.object({ intent: z.literal("contribute"), contribution: text("Nhập nội dung phối hợp") }),
  z.object({ intent: z.literal("read") }),
  z.object({ intent: z.literal("complete"), version, result: text("Nhập kết quả xử lý") }),
  CorrectRegistrationSchema,
  z.object({ intent: z.literal("link-reply"), outgoingDocumentId: z.coerce.number({ invalid_type_error: "Nhập mã văn bản đi" }).int().positive("Nhập mã văn bản đi") }),
]);

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requirePermission(request, [...PERMISSIONS]);
  const ctx = serviceContextFor(request, actor);
  try {
    const doc = getIncomingDocument(ctx, Number(params.documentId));
    const signature = await checkIncomingPdfSignatures(ctx.dataDir, doc.file ? new Uint8Array(readIncomingFile(ctx, doc.id).bytes) : null);
    const needsChoices = doc.actions.some((a) => a === "route" || a === "forward" || a === "direct") || doc.can.delegate;
    return json({ doc, signature, choices: needsChoices ? listRoutingOptions(ctx) : null });
  } catch (error) {
    rethrowAsResponse(error);
  }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requirePermission(request, [...PERMISSIONS]);
  const formData = await request.formData();
  const parsed = parseFormData(formData, IncomingActionSchema);
  if (!parsed.ok) return json(parsed, { status: 400 });
  const ctx = serviceContextFor(request, actor);
  const id = Number(params.documentId);
  const data = parsed.data;
  try {
    switch (data.intent) {
      case "submit":
        submitIncomingForRouting(ctx, { id, version: data.version });
        break;
      case "return":
        returnIncomingDocument(ctx, { id, version: data.version, reason: data.reason });
        break;
      case "forward":
        forwardIncomingDocument(ctx, { id, version: data.version, leaderUserId: data.leaderUserId, note: data.note });
        break;
      case "direct-back":
        directIncomingDocument(ctx, { id, version: data.version, note: data.directionNote });
        break;
      case "direct-assign":
        directIncomingDocument(ctx, { id, version: data.version, note: data.directionNote, assign: toRoutingDecision(data) });
        break;
      case "route":
        routeIncomingDocuments(ctx, { ...toRoutingDecision(data), documents: [{ id, version: data.version }] });
        break;
      case "delegate":
        delegateIncomingAssignment(ctx, { documentId: id, userId: data.userId, deadline: data.deadline, note: data.note });
        break;
      case "comment":
        commentOnIncomingDocument(ctx, { id, comment: data.comment });
        break;
      case "contribute":
        recordIncomingContribution(ctx, { id, note: data.contribution });
        break;
      case "read":
        markIncomingRead(ctx, { id });
        break;
      case "complete":
        completeIncomingDocument(ctx, { id, version: data.version, result: data.result });
        break;
      case "correct": {
        const { intent: _intent, ...fields } = data;
        correctIncomingRegistration(ctx, { id, ...fields });
        break;
      }
      case "link-reply":
        linkReplyDocument(ctx, { incomingDocumentId: id, outgoingDocumentId: data.outgoingDocumentId });
        break;
    }
    return redirect(`/incoming/${id}?done=${data.intent}`);
  } catch (error) {
    return actionErrorResponse(error, formData);
  }
}

const DONE_MESSAGES: Record<string, string> = {
  submit: "Đã chuyển văn bản để phân phối.",
  return: "Đã trả lại văn bản.",
  forward: "Đã trình lãnh đạo cho ý kiến.",
  "direct-back": "Đã cho ý kiến chỉ đạo, văn bản trở lại Văn phòng để phân phối.",
  "direct-assign": "Đã cho ý kiến chỉ đạo và giao xử lý.",
  route: "Đã phân phối văn bản.",
  delegate: "Đã giao chuyên viên xử lý.",
  comment: "Đã ghi ý kiến xử lý.",
  contribute: "Đã ghi ý kiến phối hợp.",
  read: "Đã đánh dấu đã đọc.",
  complete: "Đã hoàn thành xử lý văn bản.",
  "link-reply": "Đã liên kết văn bản trả lời.",
  correct: "Đã sửa thông tin đăng ký.",
};

const ACTION_TRAIL_LABELS: Record<string, string> = {
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
};

/** Field names of a correction (incoming.correct detail) as the form labels them. */
const CORRECTED_FIELD_LABELS: Record<string, string> = {
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

function correctedFields(detail: unknown): string | null {
  const after = detail && typeof detail === "object" ? (detail as { after?: unknown }).after : null;
  if (!after || typeof after !== "object") return null;
  const names = Object.keys(after).map((k) => CORRECTED_FIELD_LABELS[k] ?? k);
  return names.length ? `Đã sửa: ${names.join(", ")}` : null;
}

function Section({ title, id, children }: { title: string; id: string; children: ReactNode }) {
  return (
    <section className="card" aria-labelledby={id}>
      <h2 id={id}>{title}</h2>
      {children}
    </section>
  );
}

export default function IncomingDocumentPage() {
  const { doc, signature, choices } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const [params] = useSearchParams();
  const done = params.get("done");
  const registered = params.get("registered");
  const has = (a: string) => (doc.actions as string[]).includes(a);
  return (
    <>
      <div className="page-header">
        <h1>
          {doc.docTypeName} {doc.numberSymbol}
        </h1>
        <Link to="/incoming" className="button secondary no-print">
          Danh sách văn bản đến
        </Link>
      </div>
      {doc.recalledAt ? (
        <div className="banner-recalled" role="alert">
          Đã thu hồi: cơ quan gửi đã thu hồi văn bản này ngày {formatDateTimeVi(new Date(doc.recalledAt))}
          {doc.recallReason ? ` (lý do: ${doc.recallReason})` : ""}. Không thể phân phối hoặc xử lý tiếp.
        </div>
      ) : null}
      {registered ? (
        <p className="success" role="status">
          Đã đăng ký văn bản đến, số đến <strong>{registered}</strong>.
        </p>
      ) : null}
      {done && Object.hasOwn(DONE_MESSAGES, done) ? (
        <p className="success" role="status">
          {DONE_MESSAGES[done]}
        </p>
      ) : null}
      <FormError data={data} />
      <div className="two-col">
        <div>
          <Section title="Thông tin văn bản" id="meta-title">
            <p>
              <StatusBadge status={doc.status as IncomingState} isRecalled={!!doc.recalledAt} /> <UrgencyBadge urgency={doc.urgency} />{" "}
              <SecretBadge isSecret={doc.isSecret} confidentiality={doc.confidentiality as ConfidentialityKey} />{" "}
              <DeadlineBadge mark={doc.deadlineMark} deadline={doc.handlingDeadline} />
            </p>
            <dl className="meta-grid">
              <dt>Số đến</dt>
              <dd>{doc.arrivalNumber ? `${doc.arrivalNumber} (${doc.bookName})` : "Chưa đăng ký"}</dd>
              <dt>Ngày, giờ đến</dt>
              <dd>{formatDateTimeVi(new Date(doc.receivedAt))}</dd>
              <dt>Hình thức nhận</dt>
              <dd>{CHANNEL_LABELS[doc.channel as keyof typeof CHANNEL_LABELS]}{doc.senderName ? ` từ ${doc.senderName}` : ""}</dd>
              {doc.edxml ? (
                <>
                  <dt>Gói tin edXML</dt>
                  <dd data-testid="edxml-packet">
                    {doc.edxml.documentId} — chữ ký số gói tin:{" "}
                    {doc.edxml.xmlSignature === "valid"
                      ? `hợp lệ${doc.edxml.xmlSignerName ? ` (${doc.edxml.xmlSignerName})` : ""}, ${doc.edxml.xmlSignatureTrusted ? "được tin cậy" : "chưa được tin cậy"}`
                      : doc.edxml.xmlSignature === "invalid"
                        ? "KHÔNG HỢP LỆ (nội dung đã bị thay đổi hoặc chữ ký hỏng)"
                        : "không có"}
                    {doc.edxml.attachments.length > 1 ? <div className="muted">Tệp kèm theo: {doc.edxml.attachments.slice(1).join("; ")}</div> : null}
                  </dd>
                </>
              ) : null}
              <dt>Số, ký hiệu</dt>
              <dd>{doc.numberSymbol}</dd>
              <dt>Loại văn bản</dt>
              <dd>{doc.docTypeName}</dd>
              <dt>Ngày văn bản</dt>
              <dd>{doc.issuedDate ? formatDateVi(doc.issuedDate) : "—"}</dd>
              <dt>Cơ quan ban hành</dt>
              <dd>{doc.issuerName}</dd>
              <dt>Trích yếu</dt>
              <dd>{doc.summary}</dd>
              <dt>Người ký</dt>
              <dd>{[doc.signerTitle, doc.signerName].filter(Boolean).join(" ") || "—"}</dd>
              <dt>Số trang</dt>
              <dd>{doc.pageCount ?? "—"}</dd>
              <dt>Độ khẩn, độ mật</dt>
              <dd>
                {URGENCY_LABELS[doc.urgency]}, {CONFIDENTIALITY_LABELS[doc.confidentiality as ConfidentialityKey]}
              </dd>
              <dt>Hạn xử lý</dt>
              <dd>{doc.handlingDeadline ? formatDateVi(doc.handlingDeadline) : "—"}</dd>
              {doc.directionNote ? (
                <>
                  <dt>Ý kiến phân phối, chỉ đạo</dt>
                  <dd>{doc.directionNote}</dd>
                </>
              ) : null}
              {doc.forwardedToName && doc.status === "awaiting_direction" ? (
                <>
                  <dt>Trình lãnh đạo</dt>
                  <dd>{doc.forwardedToName}</dd>
                </>
              ) : null}
              {doc.returnReason ? (
                <>
                  <dt>Lý do trả lại</dt>
                  <dd>{doc.returnReason}</dd>
                </>
              ) : null}
              {doc.resultNote ? (
                <>
                  <dt>Kết quả xử lý</dt>
                  <dd>{doc.resultNote}</dd>
                </>
              ) : null}
              {doc.replyOutgoingDocumentId ? (
                <>
                  <dt>Văn bản trả lời</dt>
                  <dd>
                    <Link to={`/outgoing/${doc.replyOutgoingDocumentId}`}>Văn bản đi #{doc.replyOutgoingDocumentId}</Link>
                  </dd>
                </>
              ) : null}
              {doc.note ? (
                <>
                  <dt>Ghi chú</dt>
                  <dd>{doc.note}</dd>
                </>
              ) : null}
              <dt>Chữ ký số</dt>
              <dd>
                {doc.file ? signature.label : "Không có tệp điện tử"}
                {signature.signatures.length ? <SignatureList signatures={signature.signatures} /> : null}
              </dd>
            </dl>
            {doc.needsReview ? <p className="notice">Một số thông tin được đọc tự động từ tệp với độ tin cậy thấp; văn thư cần kiểm tra lại.</p> : null}
          </Section>

          {doc.assignments.length ? (
            <Section title="Phân công xử lý" id="assign-title">
              <div className="table-wrap">
                <table>
                  <thead>
                    <tr>
                      <th scope="col">Vai trò</th>
                      <th scope="col">Đơn vị, người nhận</th>
                      <th scope="col">Hạn</th>
                      <th scope="col">Tình trạng</th>
                    </tr>
                  </thead>
                  <tbody>
                    {doc.assignments.map((a) => (
                      <tr key={a.id}>
                        <td>{a.kindLabel}</td>
                        <td>
                          {a.assigneeName}
                          {a.isMine ? <span className="muted"> (bạn)</span> : null}
                        </td>
                        <td>{a.deadline ? <DeadlineBadge mark={a.deadlineMark} deadline={a.deadline} /> : "—"}</td>
                        <td>
                          {assignmentStatusLabel(a, doc.status)}
                          {a.note ? <div className="muted">{a.note}</div> : null}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </Section>
          ) : null}

          <ActionsPanel doc={doc} choices={choices} failure={data} has={has} />

          <Section title="Vết xử lý" id="trail-title">
            <ol className="trail">
              {doc.trail.map((entry) => (
                <li key={entry.id}>
                  <strong>{ACTION_TRAIL_LABELS[entry.action] ?? entry.action}</strong> · {entry.actorName ?? "Hệ thống"} · <span className="muted">{formatDateTimeVi(new Date(entry.at))}</span>
                  {entry.toState && entry.fromState !== entry.toState ? (
                    <span className="muted"> · {INCOMING_STATE_LABELS[entry.toState as IncomingState] ?? entry.toState}</span>
                  ) : null}
                  {entry.comment ? <div>{entry.comment}</div> : null}
                  {entry.action === "incoming.correct" && correctedFields(entry.detail) ? <div className="muted">{correctedFields(entry.detail)}</div> : null}
                </li>
              ))}
            </ol>
          </Section>
        </div>
        <div>
          {doc.file ? (
            <Section title="Tệp văn bản" id="file-title">
              <PdfViewer url={`/resources/incoming/${doc.id}/file`} title={`${doc.docTypeName} ${doc.numberSymbol}`} />
            </Section>
          ) : doc.isSecret ? (
            <p className="notice">Văn bản mật: hệ thống chỉ lưu thông tin đăng ký, không lưu tệp nội dung.</p>
          ) : null}
        </div>
      </div>
    </>
  );
}

type Doc = ReturnType<typeof useLoaderData<typeof loader>>["doc"];
type Choices = ReturnType<typeof useLoaderData<typeof loader>>["choices"];

function ActionsPanel({ doc, choices, failure, has }: { doc: Doc; choices: Choices; failure: unknown; has: (a: string) => boolean }) {
  const forms: ReactNode[] = [];
  // Each successful post redirects back here (a new location): keying the free-text forms by it empties
  // them, so a posted comment cannot be posted twice by accident. A refused post keeps what was typed.
  const posted = useLocation().key;
  if (doc.status === "received" && has("register")) {
    forms.push(
      <p key="register">
        <Link to={`/incoming/new?from=${doc.id}`} className="button">
          Đăng ký văn bản này
        </Link>
      </p>,
    );
  }
  if (has("submit")) {
    forms.push(
      <Form method="post" key="submit">
        <input type="hidden" name="version" value={doc.version} />
        <button type="submit" name="intent" value="submit">
          Chuyển phân phối
        </button>
      </Form>,
    );
  }
  if (has("route") && choices) {
    forms.push(
      <Form method="post" key="route" className="stack">
        <h3>Phân phối</h3>
        <input type="hidden" name="version" value={doc.version} />
        <RoutingFields choices={choices} failure={failure} idPrefix="route-" />
        <div className="actions">
          <button type="submit" name="intent" value="route">
            Phân phối
          </button>
        </div>
      </Form>,
    );
  }
  if (has("forward") && choices) {
    forms.push(
      <Form method="post" key="forward" className="stack">
        <h3>Trình lãnh đạo cho ý kiến</h3>
        <input type="hidden" name="version" value={doc.version} />
        <div className="form-grid">
          <Field id="leaderUserId" label="Lãnh đạo" error={fieldError(failure, "leaderUserId")}>
            {(p) => (
              <select {...p} name="leaderUserId" defaultValue="">
                <option value="">— Chọn lãnh đạo —</option>
                {choices.leaders.map((l) => (
                  <option key={l.value} value={l.value}>
                    {l.label}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field id="forward-note" label="Ý kiến đề xuất">
            {(p) => <input {...p} name="note" type="text" />}
          </Field>
        </div>
        <div className="actions">
          <button type="submit" name="intent" value="forward" className="secondary">
            Trình lãnh đạo
          </button>
        </div>
      </Form>,
    );
  }
  if (has("direct") && choices) {
    forms.push(
      <Form method="post" key="direct" className="stack">
        <h3>Ý kiến chỉ đạo</h3>
        <input type="hidden" name="version" value={doc.version} />
        <Field id="directionNote" label="Ý kiến chỉ đạo" error={fieldError(failure, "directionNote")}>
          {(p) => <textarea {...p} name="directionNote" rows={2} />}
        </Field>
        <details>
          <summary>Giao xử lý trực tiếp</summary>
          <RoutingFields choices={choices} failure={failure} idPrefix="direct-" />
          <button type="submit" name="intent" value="direct-assign">
            Chỉ đạo và giao xử lý
          </button>
        </details>
        <div className="actions">
          <button type="submit" name="intent" value="direct-back" className="secondary">
            Chuyển Văn phòng phân phối
          </button>
        </div>
      </Form>,
    );
  }
  if (doc.can.delegate && choices?.colleagues.length) {
    forms.push(
      <Form method="post" key="delegate" className="stack">
        <h3>Giao chuyên viên xử lý</h3>
        <div className="form-grid">
          <Field id="userId" label="Chuyên viên" error={fieldError(failure, "userId")}>
            {(p) => (
              <select {...p} name="userId" defaultValue="">
                <option value="">— Chọn chuyên viên —</option>
                {choices.colleagues.map((c) => (
                  <option key={c.value} value={c.value}>
                    {c.label}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field id="delegate-deadline" label="Hạn (không sau hạn của đơn vị)">
            {(p) => <DateInput {...p} name="deadline" />}
          </Field>
          <Field id="delegate-note" label="Ý kiến giao việc">
            {(p) => <input {...p} name="note" type="text" />}
          </Field>
        </div>
        <div className="actions">
          <button type="submit" name="intent" value="delegate" className="secondary">
            Giao chuyên viên
          </button>
        </div>
      </Form>,
    );
  }
  if (doc.can.contribute) {
    forms.push(
      <Form method="post" key={`contribute-${posted}`} className="stack">
        <Field id="contribution" label="Ý kiến phối hợp" error={fieldError(failure, "contribution")}>
          {(p) => <textarea {...p} name="contribution" rows={2} />}
        </Field>
        <div className="actions">
          <button type="submit" name="intent" value="contribute">
            Gửi ý kiến phối hợp
          </button>
        </div>
      </Form>,
    );
  }
  if (doc.can.markRead) {
    forms.push(
      <Form method="post" key="read">
        <button type="submit" name="intent" value="read" className="secondary">
          Đánh dấu đã đọc
        </button>
      </Form>,
    );
  }
  if (has("complete")) {
    forms.push(
      <Form method="post" key="complete" className="stack">
        <input type="hidden" name="version" value={doc.version} />
        <Field id="result" label="Kết quả xử lý" error={fieldError(failure, "result")}>
          {(p) => <textarea {...p} name="result" rows={2} />}
        </Field>
        <div className="actions">
          <button type="submit" name="intent" value="complete">
            Hoàn thành xử lý
          </button>
        </div>
      </Form>,
    );
  }
  if (doc.can.comment) {
    forms.push(
      <Form method="post" key={`comment-${posted}`} className="stack">
        <Field id="comment" label="Ý kiến xử lý" error={fieldError(failure, "comment")}>
          {(p) => <textarea {...p} name="comment" rows={2} />}
        </Field>
        <div className="actions">
          <button type="submit" name="intent" value="comment" className="secondary">
            Ghi ý kiến
          </button>
        </div>
      </Form>,
    );
  }
  if (doc.can.linkReply) {
    forms.push(
      <Form method="post" key="link" className="stack">
        <Field id="outgoingDocumentId" label="Mã văn bản đi trả lời" error={fieldError(failure, "outgoingDocumentId")}>
          {(p) => <input {...p} name="outgoingDocumentId" type="number" min={1} />}
        </Field>
        <div className="actions">
          <button type="submit" name="intent" value="link-reply" className="secondary">
            Liên kết văn bản trả lời
          </button>
        </div>
      </Form>,
    );
  }
  if (has("correct")) forms.push(<CorrectRegistrationForm key="correct" doc={doc} failure={failure} />);
  if (has("return")) {
    forms.push(
      <Form method="post" key="return" className="stack">
        <input type="hidden" name="version" value={doc.version} />
        <Field id="reason" label="Lý do trả lại" error={fieldError(failure, "reason")}>
          {(p) => <input {...p} name="reason" type="text" />}
        </Field>
        <div className="actions">
          <button type="submit" name="intent" value="return" className="danger">
            Trả lại
          </button>
        </div>
      </Form>,
    );
  }
  if (forms.length === 0) return null;
  return (
    <section className="card stack no-print" aria-labelledby="actions-title">
      <h2 id="actions-title">Xử lý</h2>
      {forms}
    </section>
  );
}

/** Sửa thông tin đăng ký (clerk): pre-filled with the current values; the submitted values come back on error. */
function CorrectRegistrationForm({ doc, failure }: { doc: Doc; failure: unknown }) {
  const mine = isFailure(failure) && failure.values.intent === "correct";
  const v = (name: string, current: string | number | null | undefined) => (mine ? submittedValue(failure, name) : current == null ? "" : String(current));
  const err = (name: string) => (mine ? fieldError(failure, name) : undefined);
  return (
    <details open={mine || undefined}>
      <summary>Sửa thông tin đăng ký</summary>
      <Form method="post" className="stack">
        <input type="hidden" name="version" value={doc.version} />
        <p className="muted">Số đến, sổ đăng ký và độ mật không sửa được.</p>
        <div className="form-grid">
          <Field id="correct-numberSymbol" label="Số, ký hiệu" error={err("numberSymbol")}>
            {(p) => <input {...p} name="numberSymbol" type="text" defaultValue={v("numberSymbol", doc.numberSymbol)} required />}
          </Field>
          <Field id="correct-docTypeCode" label="Loại văn bản" error={err("docTypeCode")}>
            {(p) => (
              <select {...p} name="docTypeCode" defaultValue={v("docTypeCode", doc.docTypeCode)}>
                {DOCUMENT_TYPES.some((t) => t.code === doc.docTypeCode) ? null : <option value={doc.docTypeCode}>{doc.docTypeName}</option>}
                {DOCUMENT_TYPES.map((t) => (
                  <option key={t.code} value={t.code}>
                    {t.name}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field id="correct-issuedDate" label="Ngày văn bản" error={err("issuedDate")}>
            {(p) => <DateInput {...p} name="issuedDate" defaultValue={mine ? submittedValue(failure, "issuedDate") : dateInputValue(doc.issuedDate)} />}
          </Field>
          <Field id="correct-issuerName" label="Cơ quan ban hành" error={err("issuerName")}>
            {(p) => <input {...p} name="issuerName" type="text" defaultValue={v("issuerName", doc.issuerName)} required />}
          </Field>
        </div>
        <Field id="correct-summary" label="Trích yếu" error={err("summary")}>
          {(p) => <textarea {...p} name="summary" rows={3} defaultValue={v("summary", doc.summary)} required />}
        </Field>
        <div className="form-grid">
          <Field id="correct-signerName" label="Người ký" error={err("signerName")}>
            {(p) => <input {...p} name="signerName" type="text" defaultValue={v("signerName", doc.signerName)} />}
          </Field>
          <Field id="correct-signerTitle" label="Chức vụ người ký" error={err("signerTitle")}>
            {(p) => <input {...p} name="signerTitle" type="text" defaultValue={v("signerTitle", doc.signerTitle)} />}
          </Field>
          <Field id="correct-pageCount" label="Số trang" error={err("pageCount")}>
            {(p) => <input {...p} name="pageCount" type="text" inputMode="numeric" defaultValue={v("pageCount", doc.pageCount)} />}
          </Field>
          <Field id="correct-urgency" label="Độ khẩn" error={err("urgency")}>
            {(p) => (
              <select {...p} name="urgency" defaultValue={v("urgency", doc.urgency)}>
                {URGENCIES.map((u) => (
                  <option key={u} value={u}>
                    {URGENCY_LABELS[u]}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field id="correct-handlingDeadline" label="Hạn xử lý" error={err("handlingDeadline")}>
            {(p) => <DateInput {...p} name="handlingDeadline" defaultValue={mine ? submittedValue(failure, "handlingDeadline") : dateInputValue(doc.handlingDeadline)} />}
          </Field>
        </div>
        <Field id="correct-note" label="Ghi chú" error={err("note")}>
          {(p) => <textarea {...p} name="note" rows={2} defaultValue={v("note", doc.note)} />}
        </Field>
        <div className="actions">
          <button type="submit" name="intent" value="correct" className="secondary">
            Lưu thông tin đã sửa
          </button>
        </div>
      </Form>
    </details>
  );
}

/** Each signature as the clerk checks it (Decree 30 Art. 21): who, when, integrity, trust anchor, later changes. */
function SignatureList({ signatures }: { signatures: IncomingSignature[] }) {
  return (
    <ol className="signature-list">
      {signatures.map((s, i) => (
        <li key={i}>
          <strong>{s.kind === "timestamp" ? "Dấu thời gian" : (s.signerName ?? "Không rõ người ký")}</strong>
          {s.signedAt ? `, ${formatDateTimeVi(new Date(s.signedAt))}` : null}
          <br />
          {s.integrity}. {s.isTrusted ? `Chứng thư tin cậy, gốc: ${s.trustAnchor ?? "không rõ"}` : "Chứng thư không thuộc danh sách tin cậy"}.
          <br />
          <span className={s.isValid ? "muted" : undefined}>{s.changes}</span>
          {s.timestamp || s.revocation ? <br /> : null}
          {s.timestamp ? `Dấu thời gian: ${SignatureValidationMessages.TIMESTAMP(formatDateTimeVi(new Date(s.timestamp.time)), s.timestamp.tsa)}. ` : null}
          {s.revocation ? `Tình trạng thu hồi: ${s.revocation}.` : null}
        </li>
      ))}
    </ol>
  );
}
