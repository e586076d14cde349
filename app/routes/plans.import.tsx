import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { requirePermission, serviceContextFor } from "#app/platform/auth/auth.server";
import { toVietnamDate } from "#app/domain/shared/dates";
import { parseOptionalVnDate } from "#app/domain/shared/form-input";
import { queryDate } from "#app/utils/form-fields";
import { IMPORT_COLUMN_LABELS } from "#app/domain/plans/plan-import";
import { commitPlanImport, previewPlanImport, type PlanImportPreview } from "#app/features/plans/index";
import { actionErrorResponse, parseFormData } from "#app/utils/http.server";
import { fileBytes, PLAN_IMPORT_UPLOAD_LIMITS, readUploadForm } from "#app/utils/upload.server";
import { Field, FormError, fieldError, isFailure, submittedValue } from "#app/components/ui/form";
import { CommitForm, PreviewView } from "#app/components/plans/import-preview";

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
  if (!file)
    return json(
      {
        ok: false as const,
        formError: "Chọn tệp phụ lục (CSV hoặc XLSX)",
        fieldErrors: { file: "Chọn tệp phụ lục (CSV hoặc XLSX)" },
        values: { year: String(parsed.data.year) },
      },
      { status: 400 },
    );
  try {
    const preview = await previewPlanImport(ctx, { bytes: file.bytes, fileName: file.name, year: parsed.data.year });
    return json({ ok: true as const, preview } satisfies PreviewResult);
  } catch (error) {
    return actionErrorResponse(error, formData);
  }
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
            Tệp Excel (.xlsx) hoặc CSV (UTF-8, hoặc CSV/Unicode Text do Excel lưu trên Windows tiếng Việt) với dòng tiêu đề của phụ lục. Các cột được nhận biết
            không phân biệt hoa thường, dấu: {columns.join(", ")}. Ô “Nhiệm vụ chung” để trống (hoặc gộp ô) là tiếp tục nhiệm vụ chung ở trên.
          </p>
          <Form method="post" encType="multipart/form-data" className="stack">
            <FormError data={data} />
            <input type="hidden" name="intent" value="preview" />
            <div className="form-grid">
              <Field id="file" label="Tệp phụ lục" error={fieldError(data, "file")}>
                {(p) => (
                  <input
                    {...p}
                    name="file"
                    type="file"
                    accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
                    required
                  />
                )}
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
