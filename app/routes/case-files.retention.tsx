// /case-files/retention — the archive's retention review (Hồ sơ đến hạn xem xét hủy): the organisation's closed and
// handed-over files whose retention has run out (never a permanent file), and the form that records the head's
// destruction decision for the files chosen. The service re-checks role, organisation, state and dates.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import { requirePermission, serviceContextFor } from "#app/platform/auth/auth.server";
import { formatDateVi } from "#app/domain/shared/dates";
import { DESTRUCTION_LIMITS } from "#app/domain/casefiles/casefiles";
import { destroyCaseFiles, listCaseFilesDueForReview } from "#app/features/casefiles/index";
import { CaseFileMessages } from "#app/messages/casefiles";
import { actionErrorResponse, parseFormData } from "#app/utils/http.server";
import { vnDateField } from "#app/utils/form-fields";
import { DateInput, Field, FormError, fieldError, submittedValue } from "#app/components/ui/form";

export const meta: MetaFunction = () => [{ title: "Hồ sơ đến hạn xem xét hủy · Văn phòng điện tử" }];

const Id = z.coerce.number().int().positive();
export const DestroyCaseFilesSchema = z.object({
  intent: z.literal("destroy"),
  ids: z.union([Id, z.array(Id)], { required_error: CaseFileMessages.DESTROY_NONE }).transform((v) => (Array.isArray(v) ? v : [v])),
  decisionNumber: z
    .string()
    .trim()
    .min(1, CaseFileMessages.DECISION_NUMBER_REQUIRED)
    .max(DESTRUCTION_LIMITS.decisionNumber, CaseFileMessages.DECISION_NUMBER_TOO_LONG),
  decisionDate: vnDateField(CaseFileMessages.DECISION_DATE_INVALID),
  signerName: z.string().trim().max(DESTRUCTION_LIMITS.signerName, CaseFileMessages.SIGNER_TOO_LONG).default(""),
  basis: z.string().trim().max(DESTRUCTION_LIMITS.basis, CaseFileMessages.BASIS_TOO_LONG).default(""),
  reason: z.string().trim().min(1, CaseFileMessages.REASON_REQUIRED).max(DESTRUCTION_LIMITS.reason, CaseFileMessages.REASON_TOO_LONG),
});

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requirePermission(request, "archive:casefile");
  return json({ files: listCaseFilesDueForReview(serviceContextFor(request, actor)) });
}

export async function action({ request }: ActionFunctionArgs) {
  const actor = await requirePermission(request, "archive:casefile");
  const formData = await request.formData();
  const parsed = parseFormData(formData, DestroyCaseFilesSchema);
  if (!parsed.ok) return json(parsed, { status: 400 });
  const d = parsed.data;
  try {
    const result = destroyCaseFiles(serviceContextFor(request, actor), {
      caseFileIds: d.ids,
      decisionNumber: d.decisionNumber,
      decisionDate: d.decisionDate,
      signerName: d.signerName,
      basis: d.basis,
      reason: d.reason,
    });
    return redirect(`/case-files/retention?destroyed=${result.files.length}&decision=${encodeURIComponent(result.decisionNumber)}`);
  } catch (error) {
    return actionErrorResponse(error, formData);
  }
}

const d = (iso: string | null) => (iso ? formatDateVi(iso) : "—");

export default function RetentionReview() {
  const { files } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const [params] = useSearchParams();
  const destroyed = Number(params.get("destroyed"));
  return (
    <>
      <div className="page-header">
        <h1>Hồ sơ đến hạn xem xét hủy</h1>
        <Link to="/case-files" className="button secondary no-print">
          Hồ sơ – lưu trữ
        </Link>
      </div>
      {destroyed > 0 ? (
        <p className="success" role="status">
          {CaseFileMessages.DESTROYED(destroyed, params.get("decision") ?? "")}
        </p>
      ) : null}
      <p className="muted">
        Hồ sơ đã kết thúc hoặc đã nộp lưu, đã hết thời hạn bảo quản (tính từ năm kết thúc công việc). Hồ sơ bảo quản vĩnh viễn không bao giờ có trong danh sách
        này. Việc hủy phải có quyết định của người đứng đầu cơ quan; hệ thống chỉ ghi nhận quyết định, không xóa văn bản và nhật ký của hồ sơ.
      </p>
      <FormError data={data} />
      {files.length === 0 ? (
        <p className="card">Không có hồ sơ nào đến hạn xem xét hủy.</p>
      ) : (
        <Form method="post" className="card">
          <input type="hidden" name="intent" value="destroy" />
          <div className="table-wrap">
            <table>
              <caption className="muted">{files.length} hồ sơ đến hạn xem xét hủy</caption>
              <thead>
                <tr>
                  <th scope="col">Chọn</th>
                  <th scope="col">Mã hồ sơ</th>
                  <th scope="col">Tiêu đề hồ sơ</th>
                  <th scope="col">Thời gian tài liệu</th>
                  <th scope="col">Thời hạn bảo quản</th>
                  <th scope="col">Xét hủy từ</th>
                  <th scope="col">Trạng thái</th>
                </tr>
              </thead>
              <tbody>
                {files.map((f) => (
                  <tr key={f.id}>
                    <td>
                      <input type="checkbox" name="ids" value={f.id} aria-label={`Chọn hồ sơ ${f.fileCode}`} />
                    </td>
                    <td className="nowrap">
                      <Link to={`/case-files/${f.id}`}>{f.fileCode}</Link>
                    </td>
                    <td>{f.title}</td>
                    <td className="nowrap">
                      {d(f.startDate)} – {d(f.endDate)}
                    </td>
                    <td className="nowrap">{f.retentionText}</td>
                    <td className="nowrap">{d(f.reviewDate)}</td>
                    <td>{f.statusLabel}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {fieldError(data, "ids") ? (
            <p className="error" role="alert">
              {fieldError(data, "ids")}
            </p>
          ) : null}
          <fieldset className="form-grid">
            <legend>Quyết định hủy tài liệu hết giá trị</legend>
            <Field id="decisionNumber" label="Số, ký hiệu quyết định" error={fieldError(data, "decisionNumber")}>
              {(p) => (
                <input
                  {...p}
                  name="decisionNumber"
                  maxLength={DESTRUCTION_LIMITS.decisionNumber}
                  required
                  defaultValue={submittedValue(data, "decisionNumber")}
                />
              )}
            </Field>
            <Field id="decisionDate" label="Ngày quyết định" error={fieldError(data, "decisionDate")}>
              {(p) => <DateInput {...p} name="decisionDate" required defaultValue={submittedValue(data, "decisionDate")} />}
            </Field>
            <Field id="signerName" label="Người ký quyết định" hint="Họ tên, chức vụ người đứng đầu cơ quan" error={fieldError(data, "signerName")}>
              {(p) => <input {...p} name="signerName" maxLength={DESTRUCTION_LIMITS.signerName} defaultValue={submittedValue(data, "signerName")} />}
            </Field>
            <Field id="basis" label="Căn cứ" hint="Ví dụ: biên bản họp Hội đồng xác định giá trị tài liệu" error={fieldError(data, "basis")}>
              {(p) => <textarea {...p} name="basis" rows={2} maxLength={DESTRUCTION_LIMITS.basis} defaultValue={submittedValue(data, "basis")} />}
            </Field>
            <Field id="reason" label="Lý do hủy" error={fieldError(data, "reason")}>
              {(p) => <textarea {...p} name="reason" rows={2} maxLength={DESTRUCTION_LIMITS.reason} required defaultValue={submittedValue(data, "reason")} />}
            </Field>
            <div className="actions">
              <button type="submit">Ghi nhận quyết định hủy các hồ sơ đã chọn</button>
            </div>
          </fieldset>
        </Form>
      )}
    </>
  );
}
