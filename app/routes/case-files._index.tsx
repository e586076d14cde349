// /case-files: the year's danh mục hồ sơ (import, copy from last year, approve), the year's case files (open), the
// closed files overdue for nộp lưu (Quá hạn nộp lưu) and, for the archive, the way to the retention review.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import { requirePermission, serviceContextFor } from "#app/platform/auth/auth.server";
import { userHasPermission } from "#app/platform/auth/actor";
import type { PermissionKey } from "#app/platform/auth/roles";
import { formatDateTimeVi, toVietnamDate } from "#app/domain/shared/dates";
import {
  approveCaseFileList,
  copyCaseFileList,
  getCaseFileList,
  importCaseFileList,
  listCaseFiles,
  listCaseFilesDueForReview,
  listFilesAwaitingHandover,
  openCaseFile,
} from "#app/features/casefiles/index";
import { actionErrorResponse, parseFormData } from "#app/utils/http.server";
import { fileBytes, PLAN_IMPORT_UPLOAD_LIMITS, readUploadForm } from "#app/utils/upload.server";
import { Field, FormError, fieldError, submittedValue } from "#app/components/ui/form";
import { CaseFilesTable, ListEntriesTable } from "#app/components/casefiles/tables";

export const meta: MetaFunction = () => [{ title: "Hồ sơ – lưu trữ · Văn phòng điện tử" }];

const CASEFILE_PERMISSIONS: PermissionKey[] = ["manage:casefile", "archive:casefile", "approve:casefile-list"];
const Year = z.coerce.number().int().min(2000).max(2100);
const ActionSchema = z.discriminatedUnion("intent", [
  z.object({
    intent: z.literal("open"),
    year: Year,
    code: z.string().trim().min(1, "Nhập số, ký hiệu hồ sơ").max(20),
    title: z.string().max(500).optional(),
    retention: z.string().max(20).optional(),
  }),
  z.object({ intent: z.literal("approve"), year: Year, version: z.coerce.number().int().optional() }),
  z.object({ intent: z.literal("copy"), year: Year }),
  z.object({ intent: z.literal("import"), year: Year }),
]);

function yearOf(request: Request): number {
  const raw = Number(new URL(request.url).searchParams.get("year"));
  return Number.isInteger(raw) && raw >= 2000 && raw <= 2100 ? raw : Number(toVietnamDate(new Date()).slice(0, 4));
}

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requirePermission(request, CASEFILE_PERMISSIONS);
  const ctx = serviceContextFor(request, actor);
  const year = yearOf(request);
  const today = toVietnamDate(new Date());
  const archive = userHasPermission(actor, "archive:casefile");
  return json({
    year,
    list: getCaseFileList(ctx, { year }),
    files: listCaseFiles(ctx, { year }),
    overdue: listFilesAwaitingHandover(ctx, { today }),
    dueForReview: archive ? listCaseFilesDueForReview(ctx, { today }).length : 0,
    can: {
      manage: userHasPermission(actor, "manage:casefile"),
      archive: userHasPermission(actor, "archive:casefile"),
      approve: userHasPermission(actor, "approve:casefile-list"),
    },
  });
}

export async function action({ request }: ActionFunctionArgs) {
  const actor = await requirePermission(request, CASEFILE_PERMISSIONS);
  const form = await readUploadForm(request, PLAN_IMPORT_UPLOAD_LIMITS);
  if (!form.ok) return form.response;
  const formData = form.formData;
  const parsed = parseFormData(formData, ActionSchema);
  if (!parsed.ok) return json(parsed, { status: 400 });
  const ctx = serviceContextFor(request, actor);
  const d = parsed.data;
  try {
    if (d.intent === "open") {
      // The form always posts title and retention: passed as typed (even empty) so an ad hoc file missing them is
      // answered with the field's message, not "không có trong danh mục" (which is for a code typed without them).
      const opened = openCaseFile(ctx, { year: d.year, code: d.code, title: d.title, retention: d.retention });
      return redirect(`/case-files/${opened.id}?opened=1`);
    }
    if (d.intent === "approve") approveCaseFileList(ctx, { year: d.year, version: d.version });
    else if (d.intent === "copy") copyCaseFileList(ctx, { fromYear: d.year - 1, toYear: d.year });
    else {
      const upload = await fileBytes(formData, "file");
      await importCaseFileList(ctx, { year: d.year, bytes: upload?.bytes ?? new Uint8Array(), originalName: upload?.name });
    }
    return redirect(`/case-files?year=${d.year}&done=${d.intent}`);
  } catch (error) {
    return actionErrorResponse(error, formData);
  }
}

const DONE: Record<string, string> = { approve: "Đã duyệt danh mục hồ sơ.", copy: "Đã lập danh mục từ danh mục năm trước.", import: "Đã nhập danh mục hồ sơ." };

export default function CaseFilesIndex() {
  const { year, list, files, overdue, dueForReview, can } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const [params] = useSearchParams();
  const done = params.get("done");
  return (
    <>
      <div className="page-header">
        <h1>Hồ sơ – lưu trữ năm {year}</h1>
        <nav className="actions no-print" aria-label="Chọn năm">
          <Link to={`/case-files?year=${year - 1}`}>← Năm {year - 1}</Link>
          <Link to={`/case-files?year=${year + 1}`}>Năm {year + 1} →</Link>
        </nav>
      </div>
      {done && DONE[done] ? (
        <p className="success" role="status">
          {DONE[done]}
        </p>
      ) : null}
      <FormError data={data} />
      {overdue.length ? (
        <section className="card" aria-labelledby="overdue-title" style={{ marginBottom: "1rem" }}>
          <h2 id="overdue-title">Quá hạn nộp lưu</h2>
          <p className="muted">Hồ sơ đã kết thúc quá 01 năm mà chưa nộp lưu vào Lưu trữ cơ quan (Nghị định 30/2020/NĐ-CP, Điều 31).</p>
          <CaseFilesTable files={overdue} caption={`${overdue.length} hồ sơ quá hạn nộp lưu`} />
        </section>
      ) : null}
      {can.archive ? (
        <p className="no-print">
          <Link to="/case-files/retention">Hồ sơ đến hạn xem xét hủy</Link>{" "}
          {dueForReview ? <span className="badge due-soon">{dueForReview}</span> : <span className="muted">(không có)</span>}
        </p>
      ) : null}
      <section className="card" aria-labelledby="list-title">
        <h2 id="list-title">Danh mục hồ sơ năm {year}</h2>
        <p>
          {list.status === "none" ? (
            "Chưa có danh mục hồ sơ."
          ) : list.status === "approved" ? (
            <>
              <span className="badge ok">Đã duyệt</span> {list.approvedByName ? `bởi ${list.approvedByName}` : ""}
              {list.approvedAt ? ` lúc ${formatDateTimeVi(new Date(list.approvedAt))}` : ""}
            </>
          ) : (
            <span className="badge due-soon">Chưa duyệt</span>
          )}
        </p>
        {list.entries.length ? <ListEntriesTable entries={list.entries} year={year} canOpen={can.manage} /> : null}
        <div className="actions no-print">
          {can.approve && list.status === "draft" ? (
            <Form method="post">
              <input type="hidden" name="intent" value="approve" />
              <input type="hidden" name="year" value={year} />
              <input type="hidden" name="version" value={list.version} />
              <button type="submit">Duyệt danh mục hồ sơ</button>
            </Form>
          ) : null}
          {can.archive && list.status !== "approved" ? (
            <Form method="post">
              <input type="hidden" name="intent" value="copy" />
              <input type="hidden" name="year" value={year} />
              <button type="submit" className="secondary">
                Sao chép danh mục năm {year - 1}
              </button>
            </Form>
          ) : null}
        </div>
        {can.archive && list.status !== "approved" ? (
          <Form method="post" encType="multipart/form-data" className="form-grid no-print">
            <input type="hidden" name="intent" value="import" />
            <input type="hidden" name="year" value={year} />
            <Field id="list-file" label="Nhập danh mục từ tệp CSV/XLSX (cột theo Phụ lục V)" error={fieldError(data, "file")}>
              {(p) => <input {...p} type="file" name="file" accept=".csv,.xlsx" required />}
            </Field>
            <div className="actions">
              <button type="submit">Nhập danh mục</button>
            </div>
          </Form>
        ) : null}
      </section>
      <section className="card" aria-labelledby="files-title" style={{ marginTop: "1rem" }}>
        <h2 id="files-title">Hồ sơ năm {year}</h2>
        {files.length ? <CaseFilesTable files={files} caption={`${files.length} hồ sơ`} /> : <p className="muted">Chưa có hồ sơ nào.</p>}
        {can.manage ? (
          // noValidate: the server's Vietnamese messages, never the browser's English bubble ("Please fill out this field.").
          <Form method="post" className="stack no-print" aria-labelledby="adhoc-title" noValidate>
            <h3 id="adhoc-title">Lập hồ sơ ngoài danh mục</h3>
            <input type="hidden" name="intent" value="open" />
            <input type="hidden" name="year" value={year} />
            <div className="form-grid">
              <Field id="code" label="Số, ký hiệu hồ sơ" error={fieldError(data, "code")}>
                {(p) => <input {...p} name="code" maxLength={20} required defaultValue={submittedValue(data, "code")} />}
              </Field>
              <Field id="title" label="Tiêu đề hồ sơ" error={fieldError(data, "title")}>
                {(p) => <input {...p} name="title" required defaultValue={submittedValue(data, "title")} />}
              </Field>
              <Field id="retention" label="Thời hạn bảo quản" hint="Số năm (ví dụ: 10 năm) hoặc Vĩnh viễn" error={fieldError(data, "retention")}>
                {(p) => <input {...p} name="retention" required defaultValue={submittedValue(data, "retention")} />}
              </Field>
            </div>
            <div className="actions">
              <button type="submit">Lập hồ sơ</button>
            </div>
          </Form>
        ) : null}
      </section>
    </>
  );
}
