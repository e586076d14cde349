import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { requirePermission, serviceContextFor } from "#app/platform/auth/auth.server";
import { formatDateVi, toVietnamDate } from "#app/domain/shared/dates";
import { parseOptionalVnDate } from "#app/domain/shared/form-input";
import { queryDate } from "#app/utils/form-fields";
import { IMPORT_COLUMN_LABELS } from "#app/domain/plans/plan-import";
import { commitPlanImport, previewPlanImport, type PlanImportPreview } from "#app/features/plans/index";
import { actionErrorResponse, parseFormData } from "#app/utils/http.server";
import { fileBytes, PLAN_IMPORT_UPLOAD_LIMITS, readUploadForm } from "#app/utils/upload.server";
import { Field, FormError, fieldError, isFailure, submittedValue } from "#app/components/ui/form";

export const meta: MetaFunction = () => [{ title: "Nhập kế hoạch · Văn phòng điện tử" }];

const yearField = z.coerce.number({ invalid_type_error: "Nhập năm" }).int().min(2000, "Năm không hợp lệ").max(2100, "Năm không hợp lệ");

export const PreviewSchema = z.object({ intent: z.literal("preview"), year: yearField });

export const CommitSchema = z.object({
  intent: z.literal("commit"),
  sha256: z.string().regex(/^[0-9a-f]{64}$/, "Tệp không hợp lệ; hãy tải lại"),
  fileName: z.string().min(1),
  year: yearField,
  title: z.string().trim().min(1, "Nhập tên kế hoạch").max(500),
  documentNumber: z.string().trim().max(60).optional(),
  documentDate: z
    .string()
    .trim()
    .optional()
    .superRefine((v, ctx) => {
      const r = parseOptionalVnDate(v);
      if (!r.ok) ctx.addIssue({ code: "custom", message: r.error });
    }),
});

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, "manage:plan");
  return json({ year: Number(toVietnamDate(new Date()).slice(0, 4)), columns: Object.values(IMPORT_COLUMN_LABELS) });
}

type PreviewResult = { ok: true; preview: PlanImportPreview };

export async function action({ request }: ActionFunctionArgs) {
  const actor = await requirePermission(request, "manage:plan");
  const ctx = serviceContextFor(request, actor);
  const form = await readUploadForm(request, PLAN_IMPORT_UPLOAD_LIMITS);
  if (!form.ok) return form.response;
  const formData = form.formData;
  if (formData.get("intent") === "commit") {
    const parsed = parseFormData(formData, CommitSchema);
    if (!parsed.ok) return json(parsed, { status: 400 });
    try {
      const d = parsed.data;
      const result = await commitPlanImport(ctx, {
        sha256: d.sha256,
        fileName: d.fileName,
        year: d.year,
        title: d.title,
        documentNumber: d.documentNumber || null,
        documentDate: queryDate(d.documentDate ?? null), // validated above
      });
      return redirect(`/plans/${result.planId}?imported=${result.tasks}`);
    } catch (error) {
      return actionErrorResponse(error, formData);
    }
  }
  const parsed = parseFormData(formData, PreviewSchema);
  if (!parsed.ok) return json(parsed, { status: 400 });
  const file = await fileBytes(formData, "file");
  if (!file) return json({ ok: false as const, formError: "Chọn tệp phụ lục (CSV hoặc XLSX)", fieldErrors: { file: "Chọn tệp phụ lục (CSV hoặc XLSX)" }, values: { year: String(parsed.data.year) } }, { status: 400 });
  try {
    const preview = await previewPlanImport(ctx, { bytes: file.bytes, fileName: file.name, year: parsed.data.year });
    return json({ ok: true as const, preview } satisfies PreviewResult);
  } catch (error) {
    return actionErrorResponse(error, formData);
  }
}

function dateOrDash(iso: string | null) {
  return iso ? formatDateVi(iso) : "—";
}

export default function PlanImport() {
  const { year, columns } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const nav = useNavigation();
  const preview = data && !isFailure(data) && "preview" in data ? (data.preview as PlanImportPreview) : null;
  const values = (isFailure(data) ? data.values : {}) as Record<string, string>;
  const commitFailed = values.intent === "commit";
  const carried = commitFailed ? values : null;
  return (
    <>
      <p>
        <Link to="/plans">← Kế hoạch – nhiệm vụ</Link>
      </p>
      <h1>Nhập kế hoạch từ phụ lục</h1>
      {!preview && !commitFailed ? (
        <section className="card" aria-labelledby="upload-title">
          <h2 id="upload-title">Bước 1: Tải tệp phụ lục</h2>
          <p className="muted">
            Tệp CSV (UTF-8) hoặc Excel (.xlsx) với dòng tiêu đề của phụ lục. Các cột được nhận biết không phân biệt hoa thường, dấu: {columns.join(", ")}. Ô “Nhiệm vụ chung” để trống (hoặc
            gộp ô) là tiếp tục nhiệm vụ chung ở trên.
          </p>
          <Form method="post" encType="multipart/form-data" className="stack">
            <FormError data={data} />
            <input type="hidden" name="intent" value="preview" />
            <div className="form-grid">
              <Field id="file" label="Tệp phụ lục" error={fieldError(data, "file")}>
                {(p) => <input {...p} name="file" type="file" accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" required />}
              </Field>
              <Field id="year" label="Năm kế hoạch" error={fieldError(data, "year")}>
                {(p) => <input {...p} name="year" type="number" min={2000} max={2100} defaultValue={submittedValue(data, "year", String(year))} />}
              </Field>
            </div>
            <div className="actions">
              <button type="submit" disabled={nav.state !== "idle"}>
                Xem trước
              </button>
            </div>
          </Form>
        </section>
      ) : null}
      {commitFailed ? (
        <section className="card">
          <FormError data={data} />
          <p>
            <Link to="/plans/import">Tải tệp khác</Link>
          </p>
          <CommitForm sha256={carried!.sha256} fileName={carried!.fileName} year={carried!.year} data={data} blocked={false} />
        </section>
      ) : null}
      {preview ? <PreviewView preview={preview} /> : null}
    </>
  );
}

function CommitForm({ sha256, fileName, year, data, blocked }: { sha256: string; fileName: string; year: string | number; data: unknown; blocked: boolean }) {
  return (
    <Form method="post" className="stack">
      <input type="hidden" name="intent" value="commit" />
      <input type="hidden" name="sha256" value={sha256} />
      <input type="hidden" name="fileName" value={fileName} />
      <input type="hidden" name="year" value={String(year)} />
      <div className="form-grid">
        <Field id="title" label="Tên kế hoạch" error={fieldError(data, "title")}>
          {(p) => <input {...p} name="title" type="text" defaultValue={submittedValue(data, "title")} required />}
        </Field>
        <Field id="documentNumber" label="Số, ký hiệu văn bản ban hành" hint="Ví dụ: 123/KH-UBND" error={fieldError(data, "documentNumber")}>
          {(p) => <input {...p} name="documentNumber" type="text" defaultValue={submittedValue(data, "documentNumber")} />}
        </Field>
        <Field id="documentDate" label="Ngày ban hành" hint="dd/mm/yyyy" error={fieldError(data, "documentDate")}>
          {(p) => <input {...p} name="documentDate" type="text" inputMode="numeric" placeholder="29/05/2023" defaultValue={submittedValue(data, "documentDate")} />}
        </Field>
      </div>
      <div className="actions">
        <button type="submit" disabled={blocked}>
          Nhập kế hoạch
        </button>
        <Link to="/plans/import" className="button secondary">
          Hủy
        </Link>
      </div>
    </Form>
  );
}

function PreviewView({ preview }: { preview: PlanImportPreview }) {
  const blocked = preview.errors.length > 0;
  return (
    <>
      <section className="card" aria-labelledby="preview-title">
        <h2 id="preview-title">Bước 2: Kiểm tra trước khi nhập</h2>
        <p>
          Tệp <strong>{preview.fileName}</strong>: {preview.areas.length} nhiệm vụ chung, <strong data-testid="preview-task-count">{preview.taskCount}</strong> nhiệm vụ cụ thể; {preview.deadlinesToSet}{" "}
          thời hạn cần người nhập ngày; {preview.unresolvedUnits.length} tên cơ quan chưa khớp danh mục.
        </p>
        {blocked ? (
          <div className="form-error" role="alert">
            <p>Tệp có lỗi, chưa nhập được. Sửa tệp rồi tải lại:</p>
            <ul>
              {preview.errors.map((e) => (
                <li key={e}>{e}</li>
              ))}
            </ul>
          </div>
        ) : null}
        {preview.warnings.length ? (
          <div className="notice">
            <ul>
              {preview.warnings.map((w) => (
                <li key={w}>{w}</li>
              ))}
            </ul>
          </div>
        ) : null}
        {preview.unresolvedUnits.length ? (
          <div className="notice">
            <p>Tên cơ quan chưa khớp danh mục (được giữ nguyên văn và đánh dấu để xử lý sau):</p>
            <ul>
              {preview.unresolvedUnits.map((u) => (
                <li key={u} style={{ whiteSpace: "pre-line" }}>
                  {u}
                </li>
              ))}
            </ul>
          </div>
        ) : null}
        {blocked ? (
          <Link to="/plans/import" className="button">
            Tải tệp khác
          </Link>
        ) : (
          <CommitForm sha256={preview.sha256} fileName={preview.fileName} year={preview.year} data={null} blocked={blocked} />
        )}
      </section>
      <div className="table-wrap">
        <table>
          <caption className="muted">Nhiệm vụ đọc được từ tệp</caption>
          <thead>
            <tr>
              <th scope="col">STT</th>
              <th scope="col">Nhiệm vụ cụ thể</th>
              <th scope="col">Tài liệu kiểm chứng</th>
              <th scope="col">Thời hạn (nguyên văn)</th>
              <th scope="col">Hạn tính được</th>
              <th scope="col">Cơ quan chủ trì</th>
              <th scope="col">Cơ quan phối hợp</th>
              <th scope="col">Tình trạng</th>
            </tr>
          </thead>
          <tbody>
            {preview.areas.map((a) => (
              <AreaRows key={a.code + a.title} area={a} />
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}

function AreaRows({ area }: { area: PlanImportPreview["areas"][number] }) {
  return (
    <>
      <tr>
        <th scope="rowgroup" colSpan={8} style={{ textAlign: "left" }}>
          {area.code}. {area.title}
        </th>
      </tr>
      {area.tasks.map((t) => (
        <tr key={t.rowNumber}>
          <td>{t.ordinal ?? ""}</td>
          <td>{t.title}</td>
          <td>
            {t.evidence.length ? (
              <ul>
                {t.evidence.map((e) => (
                  <li key={e}>{e}</li>
                ))}
              </ul>
            ) : (
              "—"
            )}
          </td>
          <td>{t.deadlineText || "—"}</td>
          <td className="nowrap">
            {t.dueDate ? dateOrDash(t.dueDate) : <span className={t.deadlineNeedsInput ? "badge due-soon" : "muted"}>{t.deadlineNeedsInput ? "Cần nhập ngày" : t.deadlineKindLabel}</span>}
            <div className="muted">{t.deadlineKindLabel}</div>
          </td>
          <td style={{ whiteSpace: "pre-line" }}>{t.leadUnitId ? t.leadUnitName : <span><span className="badge overdue">Chưa khớp</span> {t.leadUnitText}</span>}</td>
          <td>
            {t.cooperating.map((c) => c.name).join(", ")}
            {t.cooperatingUnresolved.length ? <div className="muted">{t.cooperatingUnresolved.join("; ")} (chưa khớp)</div> : null}
          </td>
          <td className="nowrap">
            {t.statusLabel}
            {t.completedOn ? ` (${dateOrDash(t.completedOn)})` : ""}
          </td>
        </tr>
      ))}
    </>
  );
}
