import { Form } from "@remix-run/react";
import { DateInput, Field, fieldError, isFailure, submittedValue } from "#app/components/ui/form";
import type { IncomingDoc } from "#app/components/incoming/document-types";
import { DOCUMENT_TYPES, LEGAL_NORMATIVE_DOCUMENT_TYPES } from "#app/domain/shared/document-types";
import { IncomingDocTypeOptions } from "#app/components/incoming/doc-type-options";

const KNOWN_TYPES = [...DOCUMENT_TYPES, ...LEGAL_NORMATIVE_DOCUMENT_TYPES];
import { URGENCY_LABELS, URGENCY_LEVELS } from "#app/domain/incoming/incoming";
import { dateInputValue } from "#app/domain/shared/form-input";

/** Sửa thông tin đăng ký (clerk): pre-filled with the current values; the submitted values come back on error. */
export function CorrectRegistrationForm({ doc, failure }: { doc: IncomingDoc; failure: unknown }) {
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
                {KNOWN_TYPES.some((t) => t.code === doc.docTypeCode) ? null : <option value={doc.docTypeCode}>{doc.docTypeName}</option>}
                <IncomingDocTypeOptions />
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
                {URGENCY_LEVELS.map((u) => (
                  <option key={u} value={u}>
                    {URGENCY_LABELS[u]}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field id="correct-handlingDeadline" label="Hạn xử lý" error={err("handlingDeadline")}>
            {(p) => (
              <DateInput
                {...p}
                name="handlingDeadline"
                defaultValue={mine ? submittedValue(failure, "handlingDeadline") : dateInputValue(doc.handlingDeadline)}
              />
            )}
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
