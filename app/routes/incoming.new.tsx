import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useRef, useState, type DragEvent } from "react";
import { z } from "zod";
import { requirePermission, serviceContextFor } from "#app/platform/auth/auth.server";
import { DateInput, DateTimeInput, Field, FormError, fieldError, isFailure } from "#app/components/ui/form";
import { CHANNEL_LABELS, CONFIDENTIALITY_LABELS, CONFIDENTIALITY_LEVELS, URGENCY_LABELS } from "#app/domain/incoming/incoming";
import { DOCUMENT_TYPES } from "#app/domain/shared/document-types";
import { dateInputValue, dateTimeInputValue } from "#app/domain/shared/form-input";
import { OcrProgress } from "#app/components/incoming/ocr-progress";
import { getIncomingDocument } from "#app/features/incoming/queries.server";
import { prepareIncomingUpload, registerIncomingDocument, type IncomingUploadResult } from "#app/features/incoming/documents.server";
import { actionErrorResponse, parseFormData, rethrowAsResponse } from "#app/utils/http.server";
import { fileBytes, maxUploadBytes, readUploadForm } from "#app/utils/upload.server";
import { optionalDecimalIntegerField, optionalVnDateField, vnDateTimeField } from "#app/utils/form-fields";

export const meta: MetaFunction = () => [{ title: "Đăng ký văn bản đến · Văn phòng điện tử" }];

const CHANNELS = ["direct", "postal", "electronic", "email"] as const;
const URGENCIES = ["normal", "urgent", "very_urgent", "flash"] as const;
const CONFIDENTIALITIES = CONFIDENTIALITY_LEVELS;
const optionalText = z.string().trim().max(500).optional().transform((v) => v || null);
const optionalDate = optionalVnDateField();

export const RegisterIncomingDocumentSchema = z.object({
  intent: z.literal("register"),
  incomingDocumentId: z.coerce.number().int().positive().optional(),
  version: z.coerce.number().int().positive().optional(),
  fileId: z.coerce.number().int().positive().optional(),
  extractedFields: z.string().optional().transform((v) => (v ? v.split(",").filter(Boolean) : [])),
  lowConfidenceFields: z.string().optional(),
  channel: z.enum(CHANNELS, { errorMap: () => ({ message: "Chọn hình thức nhận" }) }),
  receivedAt: vnDateTimeField(),
  numberSymbol: z.string().trim().min(1, "Nhập số, ký hiệu văn bản").max(100),
  docTypeCode: z.string().min(1, "Chọn loại văn bản"),
  issuedDate: optionalDate,
  issuerName: z.string().trim().min(1, "Nhập cơ quan ban hành").max(300),
  summary: z.string().trim().min(1, "Nhập trích yếu nội dung").max(2000),
  signerName: optionalText,
  signerTitle: optionalText,
  pageCount: optionalDecimalIntegerField({ min: 1, max: 100_000 }),
  urgency: z.enum(URGENCIES),
  confidentiality: z.enum(CONFIDENTIALITIES),
  handlingDeadline: optionalDate,
  note: z.string().trim().max(1000).optional().transform((v) => v || null),
  backdateReason: z.string().trim().max(500).optional().transform((v) => v || null),
  confirmDuplicate: z.literal("1").optional(),
  submitForRouting: z.literal("1").optional(),
});

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requirePermission(request, "register:incoming");
  const url = new URL(request.url);
  const fromId = Number(url.searchParams.get("from") ?? 0);
  let delivered: ReturnType<typeof getIncomingDocument> | null = null;
  if (fromId) {
    try {
      delivered = getIncomingDocument(serviceContextFor(request, actor), fromId);
    } catch (error) {
      rethrowAsResponse(error);
    }
    if (delivered.status !== "received") throw redirect(`/incoming/${fromId}`);
  }
  const mode = delivered ? "delivered" : url.searchParams.get("mode") === "secret" ? "secret" : url.searchParams.get("mode") === "manual" ? "manual" : "upload";
  return json({
    mode,
    maxUploadMb: Math.round(maxUploadBytes() / 1024 / 1024),
    now: dateTimeInputValue(new Date()),
    delivered: delivered && {
      id: delivered.id,
      version: delivered.version,
      numberSymbol: delivered.numberSymbol,
      docTypeCode: delivered.docTypeCode,
      issuedDate: dateInputValue(delivered.issuedDate),
      issuerName: delivered.issuerName,
      summary: delivered.summary,
      signerName: delivered.signerName ?? "",
      signerTitle: delivered.signerTitle ?? "",
      pageCount: delivered.pageCount,
      urgency: delivered.urgency,
      receivedAt: dateTimeInputValue(new Date(delivered.receivedAt)),
      senderName: delivered.senderName,
      fileId: delivered.file?.id ?? null,
      fileName: delivered.file?.name ?? null,
    },
  });
}

type UploadResponse = { ok: true; upload: IncomingUploadResult };

export async function action({ request }: ActionFunctionArgs) {
  const actor = await requirePermission(request, "register:incoming");
  const ctx = serviceContextFor(request, actor);
  if ((request.headers.get("content-type") ?? "").startsWith("multipart/form-data")) {
    const form = await readUploadForm(request);
    if (!form.ok) return form.response;
    const formData = form.formData;
    const file = await fileBytes(formData, "file");
    if (!file) return json({ ok: false as const, formError: "Chọn tệp PDF văn bản đến", fieldErrors: { file: "Chọn tệp PDF văn bản đến" }, values: {} }, { status: 400 });
    try {
      const upload = await prepareIncomingUpload(ctx, { bytes: file.bytes, originalName: file.name, maxBytes: maxUploadBytes() });
      return json<UploadResponse>({ ok: true, upload });
    } catch (error) {
      return actionErrorResponse(error, formData);
    }
  }
  const formData = await request.formData();
  const parsed = parseFormData(formData, RegisterIncomingDocumentSchema);
  if (!parsed.ok) return json(parsed, { status: 400 });
  const { intent: _intent, confirmDuplicate, submitForRouting, lowConfidenceFields, ...data } = parsed.data;
  try {
    const result = await registerIncomingDocument(ctx, {
      ...data,
      needsReview: Boolean(lowConfidenceFields),
      confirmDuplicate: confirmDuplicate === "1",
      submitForRouting: submitForRouting === "1",
    });
    return redirect(`/incoming/${result.id}?registered=${result.arrivalNumberText}`);
  } catch (error) {
    return actionErrorResponse(error, formData);
  }
}

type FormInitial = {
  fileId: string;
  fileName: string;
  extracted: string[];
  low: string[];
  hasTextLayer: boolean | null;
  values: Record<string, string>;
};

const FIELD_LABELS: Record<string, string> = {
  numberSymbol: "Số, ký hiệu",
  docTypeCode: "Loại văn bản",
  issuedDate: "Ngày văn bản",
  issuerName: "Cơ quan ban hành",
  summary: "Trích yếu",
  signerName: "Người ký",
  signerTitle: "Chức vụ người ký",
};

export default function NewIncomingDocument() {
  const { mode, maxUploadMb, now, delivered } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const [xhrUpload, setXhrUpload] = useState<IncomingUploadResult | null>(null);
  const upload = (data && "upload" in data ? data.upload : null) ?? xhrUpload;
  const failure = isFailure(data) ? data : null;
  const fv = (failure?.values ?? {}) as Record<string, string | undefined>;
  const isFormStep = fv.intent === "register";

  let initial: FormInitial | null = null;
  if (isFormStep && failure) {
    initial = {
      fileId: fv.fileId ?? "",
      fileName: fv.fileName ?? "",
      extracted: (fv.extractedFields ?? "").split(",").filter(Boolean),
      low: (fv.lowConfidenceFields ?? "").split(",").filter(Boolean),
      hasTextLayer: fv.hasTextLayer === "" || fv.hasTextLayer === undefined ? null : fv.hasTextLayer === "1",
      values: failure.values as Record<string, string>,
    };
  } else if (upload) {
    initial = {
      fileId: String(upload.fileId),
      fileName: upload.originalName,
      extracted: upload.extractedFields,
      low: upload.lowConfidenceFields,
      hasTextLayer: upload.hasTextLayer,
      values: { ...upload.fields, issuedDate: dateInputValue(upload.fields.issuedDate), pageCount: String(upload.pageCount), receivedAt: now, channel: "direct", urgency: "normal", confidentiality: "normal" },
    };
  } else if (delivered) {
    initial = {
      fileId: delivered.fileId ? String(delivered.fileId) : "",
      fileName: delivered.fileName ?? "",
      extracted: [],
      low: [],
      hasTextLayer: null,
      values: {
        incomingDocumentId: String(delivered.id),
        version: String(delivered.version),
        numberSymbol: delivered.numberSymbol,
        docTypeCode: delivered.docTypeCode,
        issuedDate: delivered.issuedDate,
        issuerName: delivered.issuerName,
        summary: delivered.summary,
        signerName: delivered.signerName,
        signerTitle: delivered.signerTitle,
        pageCount: delivered.pageCount ? String(delivered.pageCount) : "",
        urgency: delivered.urgency,
        receivedAt: delivered.receivedAt,
        channel: "electronic",
        confidentiality: "normal",
      },
    };
  } else if (mode === "secret" || mode === "manual") {
    initial = { fileId: "", fileName: "", extracted: [], low: [], hasTextLayer: null, values: { receivedAt: now, channel: "direct", urgency: "normal", confidentiality: mode === "secret" ? "confidential" : "normal" } };
  }

  return (
    <>
      <div className="page-header">
        <h1>Đăng ký văn bản đến</h1>
        <Link to="/incoming" className="button secondary">
          Danh sách văn bản đến
        </Link>
      </div>
      {delivered ? (
        <p className="notice">
          Văn bản điện tử nhận liên thông từ <strong>{delivered.senderName}</strong>, chờ đăng ký. Kiểm tra thông tin rồi lưu để cấp số đến.
        </p>
      ) : null}
      {initial ? <RegistrationForm initial={initial} failure={failure} isSecretMode={mode === "secret"} /> : <UploadStep maxUploadMb={maxUploadMb} failure={failure} onUploaded={setXhrUpload} />}
    </>
  );
}

function UploadStep({ maxUploadMb, failure, onUploaded }: { maxUploadMb: number; failure: ReturnType<typeof isFailureData>; onUploaded: (u: IncomingUploadResult) => void }) {
  const navigation = useNavigation();
  const inputRef = useRef<HTMLInputElement>(null);
  const [progress, setProgress] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [isDragging, setIsDragging] = useState(false);

  // With JavaScript: upload through XHR for a progress bar; without it the form posts normally.
  function send(file: File) {
    setError(null);
    if (file.size > maxUploadMb * 1024 * 1024) {
      setError(`Tệp tải lên vượt quá dung lượng cho phép (${maxUploadMb} MB).`);
      return;
    }
    const body = new FormData();
    body.append("file", file);
    const xhr = new XMLHttpRequest();
    xhr.open("POST", "/incoming/new?_data=routes%2Fincoming.new");
    xhr.upload.onprogress = (e) => e.lengthComputable && setProgress(Math.round((e.loaded / e.total) * 100));
    xhr.onload = () => {
      setProgress(null);
      try {
        const result = JSON.parse(xhr.responseText) as UploadResponse | { ok: false; formError: string };
        if (result.ok) onUploaded(result.upload);
        else setError(result.formError);
      } catch {
        setError(xhr.status === 413 ? `Tệp tải lên vượt quá dung lượng cho phép (${maxUploadMb} MB).` : "Không tải được tệp lên. Vui lòng thử lại.");
      }
    };
    xhr.onerror = () => {
      setProgress(null);
      setError("Mất kết nối khi tải tệp lên. Vui lòng thử lại.");
    };
    xhr.send(body);
  }

  function onDrop(event: DragEvent<HTMLDivElement>) {
    event.preventDefault();
    setIsDragging(false);
    const file = event.dataTransfer.files[0];
    if (file) send(file);
  }

  const message = error ?? failure?.formError ?? null;
  return (
    <section className="card" aria-labelledby="upload-title">
      <h2 id="upload-title">Bước 1: Tải tệp PDF văn bản đến</h2>
      <p className="muted">Hệ thống đọc số ký hiệu, loại, ngày, cơ quan ban hành, trích yếu và người ký từ tệp để điền sẵn vào phiếu đăng ký.</p>
      {message ? (
        <div className="form-error" role="alert">
          {message}
        </div>
      ) : null}
      <Form method="post" encType="multipart/form-data" className="stack">
        <div
          className={`drop-zone${isDragging ? " dragging" : ""}`}
          onDragOver={(e) => {
            e.preventDefault();
            setIsDragging(true);
          }}
          onDragLeave={() => setIsDragging(false)}
          onDrop={onDrop}
        >
          <label htmlFor="file">Tệp PDF (kéo thả vào đây hoặc chọn tệp, tối đa {maxUploadMb} MB)</label>
          <input
            ref={inputRef}
            id="file"
            name="file"
            type="file"
            accept="application/pdf,.pdf,image/jpeg,image/png,image/tiff,.jpg,.jpeg,.png,.tif,.tiff"
            onChange={(e) => {
              const file = e.currentTarget.files?.[0];
              if (file) send(file);
            }}
          />
        </div>
        {progress !== null ? (
          <div>
            <label htmlFor="upload-progress">Đang tải lên: {progress}%</label>
            <progress id="upload-progress" max={100} value={progress} style={{ width: "100%" }} />
          </div>
        ) : null}
        <noscript>
          <p className="muted">Chọn tệp rồi bấm “Tải lên và đọc thông tin”.</p>
        </noscript>
        <div className="actions">
          <button type="submit" disabled={navigation.state === "submitting"}>
            Tải lên và đọc thông tin
          </button>
          <Link to="?mode=manual" className="button secondary">
            Nhập thông tin không có tệp
          </Link>
          <Link to="?mode=secret" className="button secondary">
            Đăng ký văn bản mật
          </Link>
        </div>
      </Form>
    </section>
  );
}

function isFailureData(data: unknown) {
  return isFailure(data) ? data : null;
}

function RegistrationForm({ initial, failure, isSecretMode }: { initial: FormInitial; failure: ReturnType<typeof isFailureData>; isSecretMode: boolean }) {
  const navigation = useNavigation();
  const v = (name: string, fallback = "") => initial.values[name] ?? fallback;
  const [confidentiality, setConfidentiality] = useState(v("confidentiality", "normal"));
  const isSecret = confidentiality !== "normal";
  const cls = (name: string) => (initial.extracted.includes(name) ? "extracted" : undefined);
  const hint = (name: string) =>
    initial.extracted.includes(name) ? (initial.low.includes(name) ? "Đọc từ tệp PDF, độ tin cậy thấp: kiểm tra kỹ" : "Đọc từ tệp PDF: kiểm tra lại") : undefined;
  const duplicateError = fieldError(failure, "confirmDuplicate");
  return (
    <section className="card" aria-labelledby="form-title">
      <h2 id="form-title">{isSecretMode ? "Đăng ký văn bản mật (chỉ thông tin)" : "Bước 2: Kiểm tra thông tin và lưu"}</h2>
      {initial.fileId ? (
        <p className="muted">
          Tệp: <strong>{initial.fileName || "đã tải lên"}</strong>
        </p>
      ) : null}
      {initial.hasTextLayer === false ? (
        <p className="notice" role="status">
          Không đọc được chữ trong tệp (bản quét không có lớp văn bản). Vui lòng nhập các thông tin bên dưới.
        </p>
      ) : null}
      {initial.hasTextLayer === false && initial.fileId && !isSecretMode ? <OcrProgress fileId={initial.fileId} /> : null}
      {initial.extracted.length ? (
        <p className="notice" role="status">
          Các ô <span className="extracted legend">tô vàng</span> được điền từ tệp PDF ({initial.extracted.map((f) => FIELD_LABELS[f] ?? f).join(", ")}). Kiểm tra trước khi lưu.
        </p>
      ) : null}
      {isSecret ? (
        <p className="notice">
          Văn bản mật: chỉ lưu thông tin đăng ký vào sổ văn bản đến (mật), không lưu tệp nội dung trên hệ thống kết nối Internet.
        </p>
      ) : null}
      <Form method="post" className="stack" noValidate>
        <FormError data={failure} />
        <input type="hidden" name="intent" value="register" />
        {v("incomingDocumentId") ? <input type="hidden" name="incomingDocumentId" value={v("incomingDocumentId")} /> : null}
        {v("version") ? <input type="hidden" name="version" value={v("version")} /> : null}
        {initial.fileId && !isSecret ? <input type="hidden" name="fileId" value={initial.fileId} /> : null}
        <input type="hidden" name="fileName" value={initial.fileName} />
        <input type="hidden" name="extractedFields" value={initial.extracted.join(",")} />
        <input type="hidden" name="lowConfidenceFields" value={initial.low.join(",")} />
        <input type="hidden" name="hasTextLayer" value={initial.hasTextLayer === null ? "" : initial.hasTextLayer ? "1" : "0"} />
        <div className="form-grid">
          <Field id="numberSymbol" label="Số, ký hiệu" hint={hint("numberSymbol")} error={fieldError(failure, "numberSymbol")}>
            {(p) => <input {...p} name="numberSymbol" type="text" className={cls("numberSymbol")} defaultValue={v("numberSymbol")} required />}
          </Field>
          <Field id="docTypeCode" label="Loại văn bản" hint={hint("docTypeCode")} error={fieldError(failure, "docTypeCode")}>
            {(p) => (
              <select {...p} name="docTypeCode" className={cls("docTypeCode")} defaultValue={v("docTypeCode", "CV")} required>
                {/* A scan gives no type: the list starts empty rather than on its first entry (Nghị quyết). */}
                <option value="">— Chọn loại văn bản —</option>
                {DOCUMENT_TYPES.map((t) => (
                  <option key={t.code} value={t.code}>
                    {t.name}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field id="issuedDate" label="Ngày văn bản" hint={hint("issuedDate")} error={fieldError(failure, "issuedDate")}>
            {(p) => <DateInput {...p} name="issuedDate" className={cls("issuedDate")} defaultValue={v("issuedDate")} />}
          </Field>
          <Field id="issuerName" label="Cơ quan ban hành (tác giả)" hint={hint("issuerName")} error={fieldError(failure, "issuerName")}>
            {(p) => <input {...p} name="issuerName" type="text" className={cls("issuerName")} defaultValue={v("issuerName")} required />}
          </Field>
        </div>
        <Field id="summary" label="Trích yếu nội dung" hint={hint("summary")} error={fieldError(failure, "summary")}>
          {(p) => <textarea {...p} name="summary" className={cls("summary")} defaultValue={v("summary")} required rows={3} />}
        </Field>
        <div className="form-grid">
          <Field id="signerName" label="Người ký" hint={hint("signerName")} error={fieldError(failure, "signerName")}>
            {(p) => <input {...p} name="signerName" type="text" className={cls("signerName")} defaultValue={v("signerName")} />}
          </Field>
          <Field id="signerTitle" label="Chức vụ người ký" hint={hint("signerTitle")} error={fieldError(failure, "signerTitle")}>
            {(p) => <input {...p} name="signerTitle" type="text" className={cls("signerTitle")} defaultValue={v("signerTitle")} />}
          </Field>
          <Field id="pageCount" label="Số trang" error={fieldError(failure, "pageCount")}>
            {(p) => <input {...p} name="pageCount" type="text" inputMode="numeric" className={initial.fileId ? "extracted" : undefined} defaultValue={v("pageCount")} />}
          </Field>
          <Field id="channel" label="Hình thức nhận" error={fieldError(failure, "channel")}>
            {(p) => (
              <select {...p} name="channel" defaultValue={v("channel", "direct")}>
                {CHANNELS.map((c) => (
                  <option key={c} value={c}>
                    {CHANNEL_LABELS[c]}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field id="receivedAt" label="Ngày, giờ đến" error={fieldError(failure, "receivedAt")}>
            {(p) => <DateTimeInput {...p} name="receivedAt" defaultValue={v("receivedAt")} required />}
          </Field>
          <Field id="urgency" label="Độ khẩn" error={fieldError(failure, "urgency")}>
            {(p) => (
              <select {...p} name="urgency" defaultValue={v("urgency", "normal")}>
                {URGENCIES.map((u) => (
                  <option key={u} value={u}>
                    {URGENCY_LABELS[u]}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field id="confidentiality" label="Độ mật" error={fieldError(failure, "confidentiality") ?? fieldError(failure, "fileId")}>
            {(p) => (
              <select {...p} name="confidentiality" value={confidentiality} onChange={(e) => setConfidentiality(e.currentTarget.value)}>
                {CONFIDENTIALITIES.map((c) => (
                  <option key={c} value={c}>
                    {CONFIDENTIALITY_LABELS[c]}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field id="handlingDeadline" label="Hạn xử lý (nếu có)" error={fieldError(failure, "handlingDeadline")}>
            {(p) => <DateInput {...p} name="handlingDeadline" defaultValue={v("handlingDeadline")} />}
          </Field>
        </div>
        <Field id="note" label="Ghi chú" error={fieldError(failure, "note")}>
          {(p) => <textarea {...p} name="note" rows={2} defaultValue={v("note")} />}
        </Field>
        {fieldError(failure, "backdateReason") || v("backdateReason") ? (
          <Field id="backdateReason" label="Lý do đăng ký muộn" error={fieldError(failure, "backdateReason")}>
            {(p) => <textarea {...p} name="backdateReason" rows={2} defaultValue={v("backdateReason")} />}
          </Field>
        ) : null}
        {duplicateError ? (
          <div className="form-error" role="alert">
            <p style={{ margin: 0 }}>{duplicateError}</p>
            <label>
              <input type="checkbox" name="confirmDuplicate" value="1" /> Vẫn đăng ký (đây không phải văn bản trùng)
            </label>
          </div>
        ) : null}
        <div className="actions">
          <button type="submit" name="submitForRouting" value="1" disabled={navigation.state === "submitting"}>
            Lưu và chuyển phân phối
          </button>
          <button type="submit" className="secondary" disabled={navigation.state === "submitting"}>
            Lưu
          </button>
          <Link to="/incoming/new" className="button secondary">
            Hủy, tải tệp khác
          </Link>
        </div>
      </Form>
    </section>
  );
}
