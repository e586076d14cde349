// Step 2 of registration: the register's fields, pre-filled from the PDF (yellow, to be checked), from an
// electronic delivery, or empty; the duplicate warning and the late-registration reason when the server asks.
import { Form, Link, useNavigation } from "@remix-run/react";
import { useState } from "react";
import { DateInput, DateTimeInput, Field, FormError, fieldError, type ActionFailure } from "#app/components/ui/form";
import { CHANNEL_LABELS, CONFIDENTIALITY_LABELS, CONFIDENTIALITY_LEVELS, URGENCY_LABELS, URGENCY_LEVELS } from "#app/domain/incoming/incoming";
import { EXTRACTED_FIELD_LABELS } from "#app/domain/incoming/trail";
import { IncomingDocTypeOptions } from "#app/components/incoming/doc-type-options";
import { dateInputValue } from "#app/domain/shared/form-input";
import type { IncomingUploadResult } from "#app/features/incoming/index";
import { INCOMING_CHANNELS } from "#app/utils/incoming-forms";
import { OcrProgress } from "#app/components/incoming/ocr-progress";
import { SignatureList } from "#app/components/incoming/signature-list";
import type { IncomingSignatures } from "#app/components/incoming/document-types";

export type FormInitial = {
  fileId: string;
  fileName: string;
  extracted: string[];
  low: string[];
  hasTextLayer: boolean | null;
  values: Record<string, string>;
  /** The uploaded file's signature check; after a refused save only its summary (carried in hidden fields). */
  signature?: IncomingSignatures;
};

/** A delivered document waiting for registration, as the loader passes it to the form. */
export type DeliveredForRegistration = {
  id: number;
  version: number;
  numberSymbol: string;
  docTypeCode: string;
  issuedDate: string;
  issuerName: string;
  summary: string;
  signerName: string;
  signerTitle: string;
  pageCount: number | null;
  handlingDeadline: string;
  urgency: string;
  receivedAt: string;
  senderName: string | null;
  fileId: number | null;
  fileName: string | null;
};

/** What the form starts from: the values sent back with an error, an upload's extraction, a delivery, or a blank (manual or secret). */
export function initialRegistrationForm(input: {
  failure: ActionFailure | null;
  upload: IncomingUploadResult | null;
  delivered: DeliveredForRegistration | null;
  mode: string;
  now: string;
}): FormInitial | null {
  const { failure, upload, delivered, mode, now } = input;
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
      signature: fv.signatureLabel ? { status: signatureStatusOf(fv.signatureStatus), label: fv.signatureLabel, signatures: [] } : undefined,
    };
  } else if (upload) {
    initial = {
      fileId: String(upload.fileId),
      fileName: upload.originalName,
      extracted: upload.extractedFields,
      low: upload.lowConfidenceFields,
      hasTextLayer: upload.hasTextLayer,
      signature: upload.signature,
      values: {
        ...upload.fields,
        issuedDate: dateInputValue(upload.fields.issuedDate),
        pageCount: String(upload.pageCount),
        receivedAt: now,
        channel: "direct",
        urgency: "normal",
        confidentiality: "normal",
      },
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
        handlingDeadline: delivered.handlingDeadline,
        urgency: delivered.urgency,
        receivedAt: delivered.receivedAt,
        channel: "electronic",
        confidentiality: "normal",
      },
    };
  } else if (mode === "secret" || mode === "manual") {
    initial = {
      fileId: "",
      fileName: "",
      extracted: [],
      low: [],
      hasTextLayer: null,
      values: { receivedAt: now, channel: "direct", urgency: "normal", confidentiality: mode === "secret" ? "confidential" : "normal" },
    };
  }
  return initial;
}

const SIGNATURE_STATUSES: ReadonlyArray<IncomingSignatures["status"]> = ["unchecked", "valid", "untrusted", "invalid", "unsigned"];
function signatureStatusOf(value: string | undefined): IncomingSignatures["status"] {
  return SIGNATURE_STATUSES.find((s) => s === value) ?? "unchecked";
}

/** The verdict before saving: a signature that fails or is not trusted is said prominently. */
function SignatureCheck({ signature }: { signature: IncomingSignatures }) {
  const warn = signature.status === "invalid" || signature.status === "untrusted" || signature.status === "unchecked";
  return (
    <div className={warn ? "notice" : "muted"} role="status" data-signature-status={signature.status}>
      <strong>Chữ ký số:</strong> {signature.label}
      {signature.signatures.length ? <SignatureList signatures={signature.signatures} /> : null}
    </div>
  );
}

export function RegistrationForm({ initial, failure, isSecretMode }: { initial: FormInitial; failure: ActionFailure | null; isSecretMode: boolean }) {
  const navigation = useNavigation();
  const v = (name: string, fallback = "") => initial.values[name] ?? fallback;
  const [confidentiality, setConfidentiality] = useState(v("confidentiality", "normal"));
  const isSecret = confidentiality !== "normal";
  const cls = (name: string) => (initial.extracted.includes(name) ? "extracted" : undefined);
  const hint = (name: string) =>
    initial.extracted.includes(name)
      ? initial.low.includes(name)
        ? "Đọc từ tệp PDF, độ tin cậy thấp: kiểm tra kỹ"
        : "Đọc từ tệp PDF: kiểm tra lại"
      : undefined;
  const duplicateError = fieldError(failure, "confirmDuplicate");
  return (
    <section className="card" aria-labelledby="form-title">
      <h2 id="form-title">{isSecretMode ? "Đăng ký văn bản mật (chỉ thông tin)" : "Bước 2: Kiểm tra thông tin và lưu"}</h2>
      {initial.fileId ? (
        <p className="muted">
          Tệp: <strong>{initial.fileName || "đã tải lên"}</strong>
        </p>
      ) : null}
      {initial.fileId && initial.signature && !isSecret ? <SignatureCheck signature={initial.signature} /> : null}
      {initial.hasTextLayer === false && initial.fileId && !isSecretMode ? (
        // A scan: OCR runs in the background and fills the empty fields when its text arrives (issue 14).
        <OcrProgress fileId={initial.fileId} />
      ) : initial.hasTextLayer === false ? (
        <p className="notice" role="status">
          Không đọc được chữ trong tệp (bản quét không có lớp văn bản). Vui lòng nhập các thông tin bên dưới.
        </p>
      ) : null}
      {initial.extracted.length ? (
        <p className="notice" role="status">
          Các ô <span className="extracted legend">tô vàng</span> được điền từ tệp PDF (
          {initial.extracted.map((f) => EXTRACTED_FIELD_LABELS[f] ?? f).join(", ")}). Kiểm tra trước khi lưu.
        </p>
      ) : null}
      {isSecret ? (
        <p className="notice">Văn bản mật: chỉ lưu thông tin đăng ký vào sổ văn bản đến (mật), không lưu tệp nội dung trên hệ thống kết nối Internet.</p>
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
        {initial.signature ? (
          <>
            <input type="hidden" name="signatureStatus" value={initial.signature.status} />
            <input type="hidden" name="signatureLabel" value={initial.signature.label} />
          </>
        ) : null}
        <div className="form-grid">
          <Field id="numberSymbol" label="Số, ký hiệu" hint={hint("numberSymbol")} error={fieldError(failure, "numberSymbol")}>
            {(p) => <input {...p} name="numberSymbol" type="text" className={cls("numberSymbol")} defaultValue={v("numberSymbol")} required />}
          </Field>
          <Field id="docTypeCode" label="Loại văn bản" hint={hint("docTypeCode")} error={fieldError(failure, "docTypeCode")}>
            {(p) => (
              <select {...p} name="docTypeCode" className={cls("docTypeCode")} defaultValue={v("docTypeCode", "CV")} required>
                {/* A scan gives no type: the list starts empty rather than on its first entry (Nghị quyết). */}
                <option value="">— Chọn loại văn bản —</option>
                <IncomingDocTypeOptions />
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
            {(p) => (
              <input
                {...p}
                name="pageCount"
                type="text"
                inputMode="numeric"
                className={initial.fileId ? "extracted" : undefined}
                defaultValue={v("pageCount")}
              />
            )}
          </Field>
          <Field id="channel" label="Hình thức nhận" error={fieldError(failure, "channel")}>
            {(p) => (
              <select {...p} name="channel" defaultValue={v("channel", "direct")}>
                {INCOMING_CHANNELS.map((c) => (
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
                {URGENCY_LEVELS.map((u) => (
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
                {CONFIDENTIALITY_LEVELS.map((c) => (
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
