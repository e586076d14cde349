import { useState } from "react";
import { Form } from "@remix-run/react";
import { z } from "zod";
import { CheckboxList, Field, FormError, fieldError, submittedValue } from "#app/components/ui/form";
import { isSecretConfidentiality, SECRET_NOTICE } from "#app/domain/outgoing/workflow";
import { OutgoingMessages } from "#app/messages/outgoing";

const lines = (v: unknown) =>
  String(v ?? "")
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean);

/**
 * Fields of the draft form (files are read separately: mainPdf, attachments). A secret document (Mật
 * and above) has no source, body or files: the page disables those parts, and the service refuses them.
 */
export const OutgoingDraftSchema = z
  .object({
    source: z.enum(["composed", "uploaded"], { errorMap: () => ({ message: OutgoingMessages.SOURCE_REQUIRED }) }).optional(),
    docTypeCode: z.string().min(1, OutgoingMessages.DOC_TYPE_REQUIRED),
    summary: z.string().trim().min(1, OutgoingMessages.SUMMARY_REQUIRED).max(500, OutgoingMessages.SUMMARY_TOO_LONG),
    recipientsHeading: z.string().optional().transform(lines),
    body: z.string().optional().default(""),
    signerId: z.coerce.number({ invalid_type_error: OutgoingMessages.SIGNER_MISSING }).int().positive(OutgoingMessages.SIGNER_MISSING),
    signingAuthority: z.enum(["", "TM.", "KT.", "TL.", "TUQ."]).transform((v) => (v === "" ? null : v)),
    authorityLine: z.string().trim().max(200).optional(),
    signerTitle: z.string().trim().max(100).optional(),
    urgency: z.enum(["normal", "urgent", "very_urgent", "flash"]),
    confidentiality: z.enum(["normal", "confidential", "secret", "top_secret"]),
    internalRecipientIds: z
      .union([z.string(), z.array(z.string())])
      .optional()
      .transform((v) => (v == null ? [] : Array.isArray(v) ? v : [v]).filter(Boolean).map(Number)),
    externalRecipients: z
      .string()
      .optional()
      .transform((v) =>
        lines(v).map((l) => {
          const [name, ...rest] = l.split(";");
          return { name: name.trim(), address: rest.join(";").trim() || null };
        }),
      ),
    distributionList: z.string().optional().transform(lines),
    archiveLine: z.string().trim().max(200).optional(),
    version: z.coerce.number().int().optional(),
  })
  .superRefine((v, ctx) => {
    if (isSecretConfidentiality(v.confidentiality)) return;
    if (!v.source) ctx.addIssue({ code: "custom", path: ["source"], message: OutgoingMessages.SOURCE_REQUIRED });
    if (v.source === "composed" && !v.body.trim()) ctx.addIssue({ code: "custom", path: ["body"], message: OutgoingMessages.BODY_REQUIRED });
  });

export type DraftFormOptions = {
  docTypes: Array<{ code: string; name: string; abbreviation: string | null }>;
  signers: Array<{ id: number; fullName: string; title: string | null }>;
  organizations: Array<{ id: number; name: string; identifier: string | null }>;
};

export type DraftFormDefaults = Partial<{
  source: string;
  docTypeCode: string;
  summary: string;
  recipientsHeading: string;
  body: string;
  signerId: string;
  signingAuthority: string;
  authorityLine: string;
  signerTitle: string;
  urgency: string;
  confidentiality: string;
  internalRecipientIds: number[];
  externalRecipients: string;
  distributionList: string;
  archiveLine: string;
  version: number;
}>;

export function OutgoingDraftForm({
  options,
  defaults,
  data,
  submitLabel,
}: {
  options: DraftFormOptions;
  defaults: DraftFormDefaults;
  data: unknown;
  submitLabel: string;
}) {
  const v = (name: keyof DraftFormDefaults, fallback = "") => submittedValue(data, name, (defaults[name] as string | undefined) ?? fallback);
  // Progressive enhancement: choosing Mật/Tối mật/Tuyệt mật hides and disables (so nothing is sent) the
  // content parts; without JavaScript they stay visible and the server refuses any content.
  const [secret, setSecret] = useState(isSecretConfidentiality(v("confidentiality", "normal")));
  return (
    <Form method="post" encType="multipart/form-data" className="stack" aria-label="Dự thảo văn bản đi">
      <FormError data={data} />
      {defaults.version != null ? <input type="hidden" name="version" value={defaults.version} /> : null}
      {secret ? (
        <p className="notice" role="note" data-testid="secret-draft-notice">
          {SECRET_NOTICE}. Văn bản mật không được soạn thảo, lưu nội dung trên hệ thống kết nối Internet: chỉ nhập thông tin quản lý (loại, trích yếu, người ký,
          nơi nhận); không tải tệp, không nhập nội dung. Trích yếu chỉ ghi khái quát, không ghi thông tin thuộc bí mật nhà nước.
        </p>
      ) : null}
      <fieldset className="card" disabled={secret} hidden={secret}>
        <legend>Tệp văn bản</legend>
        <div className="actions">
          <label>
            <input type="radio" name="source" value="composed" defaultChecked={v("source", "composed") === "composed"} /> Soạn theo mẫu (Nghị định 30, Phụ lục
            I)
          </label>
          <label>
            <input type="radio" name="source" value="uploaded" defaultChecked={v("source", "composed") === "uploaded"} /> Tải lên tệp PDF
          </label>
        </div>
        <Field id="mainPdf" label="Tệp PDF (khi tải lên)" hint="Để trống khi soạn theo mẫu hoặc giữ tệp hiện tại." error={fieldError(data, "mainPdf")}>
          {(p) => <input {...p} type="file" name="mainPdf" accept="application/pdf,.pdf" />}
        </Field>
      </fieldset>
      <div className="form-grid">
        <Field id="docTypeCode" label="Loại văn bản" error={fieldError(data, "docTypeCode")}>
          {(p) => (
            <select {...p} name="docTypeCode" defaultValue={v("docTypeCode", "CV")}>
              {options.docTypes.map((t) => (
                <option key={t.code} value={t.code}>
                  {t.name}
                  {t.abbreviation ? ` (${t.abbreviation})` : ""}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field id="urgency" label="Độ khẩn" error={fieldError(data, "urgency")}>
          {(p) => (
            <select {...p} name="urgency" defaultValue={v("urgency", "normal")}>
              <option value="normal">Thường</option>
              <option value="urgent">Khẩn</option>
              <option value="very_urgent">Thượng khẩn</option>
              <option value="flash">Hỏa tốc</option>
            </select>
          )}
        </Field>
        <Field
          id="confidentiality"
          label="Độ mật"
          hint="Văn bản mật chỉ đăng ký thông tin quản lý (không tải tệp), lãnh đạo duyệt ký bản giấy, cấp số trong sổ văn bản đi mật."
          error={fieldError(data, "confidentiality")}
        >
          {(p) => (
            <select
              {...p}
              name="confidentiality"
              defaultValue={v("confidentiality", "normal")}
              onChange={(e) => setSecret(isSecretConfidentiality(e.currentTarget.value))}
            >
              <option value="normal">Thường</option>
              <option value="confidential">Mật</option>
              <option value="secret">Tối mật</option>
              <option value="top_secret">Tuyệt mật</option>
            </select>
          )}
        </Field>
      </div>
      <Field id="summary" label="Trích yếu" error={fieldError(data, "summary")}>
        {(p) => <textarea {...p} name="summary" rows={2} defaultValue={v("summary")} />}
      </Field>
      <fieldset className="bare" disabled={secret} hidden={secret}>
        <Field id="recipientsHeading" label="Kính gửi (mỗi dòng một nơi; công văn, tờ trình, báo cáo)" error={fieldError(data, "recipientsHeading")}>
          {(p) => <textarea {...p} name="recipientsHeading" rows={2} defaultValue={v("recipientsHeading")} />}
        </Field>
        <Field
          id="body"
          label="Nội dung"
          hint='Mỗi đoạn một dòng. "I. …", "1. …" in đậm; "- " là gạch đầu dòng; "Điều 1." cho quyết định.'
          error={fieldError(data, "body")}
        >
          {(p) => <textarea {...p} name="body" rows={12} defaultValue={v("body")} />}
        </Field>
      </fieldset>
      <div className="form-grid">
        <Field id="signerId" label="Người ký" error={fieldError(data, "signerId")}>
          {(p) => (
            <select {...p} name="signerId" defaultValue={v("signerId", options.signers[0] ? String(options.signers[0].id) : "")}>
              {options.signers.map((s) => (
                <option key={s.id} value={s.id}>
                  {s.fullName}
                  {s.title ? ` — ${s.title}` : ""}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field id="signingAuthority" label="Thẩm quyền ký" error={fieldError(data, "signingAuthority")}>
          {(p) => (
            <select {...p} name="signingAuthority" defaultValue={v("signingAuthority", "TM.")}>
              <option value="TM.">TM. (thay mặt tập thể)</option>
              <option value="KT.">KT. (ký thay)</option>
              <option value="TL.">TL. (thừa lệnh)</option>
              <option value="TUQ.">TUQ. (thừa ủy quyền)</option>
              <option value="">Không (người đứng đầu ký trực tiếp)</option>
            </select>
          )}
        </Field>
        <Field id="authorityLine" label="Dòng sau thẩm quyền" hint="Mặc định: ỦY BAN NHÂN DÂN (TM.), CHỦ TỊCH (KT.)." error={fieldError(data, "authorityLine")}>
          {(p) => <input {...p} type="text" name="authorityLine" defaultValue={v("authorityLine")} />}
        </Field>
        <Field id="signerTitle" label="Chức vụ in trên văn bản" hint="Mặc định theo chức vụ người ký." error={fieldError(data, "signerTitle")}>
          {(p) => <input {...p} type="text" name="signerTitle" defaultValue={v("signerTitle")} />}
        </Field>
      </div>
      <CheckboxList
        id="internalRecipientIds"
        name="internalRecipientIds"
        legend="Nơi nhận trong hệ thống (liên thông)"
        hint={
          secret
            ? "Văn bản mật không gửi liên thông điện tử: ghi nơi nhận ở ô “Nơi nhận ngoài hệ thống” (gửi bản giấy)."
            : "Chọn một hoặc nhiều cơ quan. Văn bản sẽ đến hàng chờ văn bản đến của cơ quan nhận."
        }
        error={fieldError(data, "internalRecipientIds")}
        groups={[{ options: options.organizations.map((o) => ({ value: String(o.id), label: `${o.name}${o.identifier ? ` (${o.identifier})` : ""}` })) }]}
        defaultValues={(defaults.internalRecipientIds ?? []).map(String)}
      />
      <Field
        id="externalRecipients"
        label="Nơi nhận ngoài hệ thống"
        hint="Mỗi dòng: Tên cơ quan; địa chỉ hoặc thư điện tử."
        error={fieldError(data, "externalRecipients")}
      >
        {(p) => <textarea {...p} name="externalRecipients" rows={2} defaultValue={v("externalRecipients")} />}
      </Field>
      <Field
        id="distributionList"
        label="Nơi nhận (in trên văn bản)"
        hint="Mỗi dòng một nơi; để trống để dùng danh sách nơi nhận ở trên."
        error={fieldError(data, "distributionList")}
      >
        {(p) => <textarea {...p} name="distributionList" rows={3} defaultValue={v("distributionList")} />}
      </Field>
      <div className="form-grid">
        <Field id="archiveLine" label="Dòng lưu" hint="Mặc định: Lưu: VT, <đơn vị soạn thảo>." error={fieldError(data, "archiveLine")}>
          {(p) => <input {...p} type="text" name="archiveLine" defaultValue={v("archiveLine")} />}
        </Field>
        {secret ? null : (
          <Field id="attachments" label="Tài liệu kèm theo" error={fieldError(data, "attachments")}>
            {(p) => <input {...p} type="file" name="attachments" multiple />}
          </Field>
        )}
      </div>
      <div className="actions">
        <button type="submit">{submitLabel}</button>
      </div>
    </Form>
  );
}
