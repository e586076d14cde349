import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { requirePermission, serviceContextFor } from "#app/platform/auth/auth.server";
import { formatNumberVi, parseDecimalVi } from "#app/domain/shared/numbers";
import { KPI_DIRECTION_LABELS } from "#app/domain/plans/kpi";
import { INDICATOR_KEYS } from "#app/domain/statistics/indicators";
import { INDICATOR_TEXTS } from "#app/messages/statistics";
import { listPlanKpis, saveKpi } from "#app/features/plans/index";
import { actionErrorResponse, parseFormData, rethrowAsResponse } from "#app/utils/http.server";
import { Field, FormError, fieldError } from "#app/components/ui/form";

export const meta: MetaFunction = () => [{ title: "Chỉ tiêu kế hoạch · Văn phòng điện tử" }];

/** "96,5" or "1.234,5" (Vietnamese), or "96.5"; never "0x10", "1e3" or "Infinity" (Number() accepts those). */
function decimalOf(text: string): number | null {
  const vi = parseDecimalVi(text);
  if (vi !== null) return vi;
  return /^-?\d+\.\d+$/.test(text.trim()) ? Number(text.trim()) : null;
}

const num = z
  .string()
  .trim()
  .optional()
  .refine((v) => !v || decimalOf(v) !== null, "Nhập số (ví dụ 96,5)")
  .transform((v) => (v ? decimalOf(v) : null));

export const KpiSchema = z.object({
  kpiId: z
    .string()
    .optional()
    .transform((v) => (v ? Number(v) : null)),
  version: z.coerce.number().int().optional(),
  content: z.string().trim().min(1, "Nhập nội dung").max(1000),
  targetText: z.string().trim().min(1, "Nhập mục tiêu").max(200),
  direction: z
    .enum(["at_least", "at_most", "increase_by", "exact"])
    .optional()
    .or(z.literal("").transform(() => undefined)),
  targetValue: num,
  unit: z.string().trim().max(40).optional(),
  baseline: num,
  result: num,
  resultText: z.string().trim().max(200).optional(),
  projected: num,
  note: z.string().trim().max(1000).optional(),
  indicatorKey: z
    .enum(INDICATOR_KEYS)
    .optional()
    .or(z.literal("").transform(() => null)),
});

function planIdOf(raw: string | undefined) {
  const id = Number(raw);
  if (!Number.isInteger(id) || id <= 0) throw new Response("Không tìm thấy", { status: 404 });
  return id;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requirePermission(request, ["manage:plan", "update:task:unit", "view:plan:all"]);
  try {
    return json(listPlanKpis(serviceContextFor(request, actor), planIdOf(params.planId)));
  } catch (error) {
    rethrowAsResponse(error);
  }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requirePermission(request, "manage:plan");
  const planId = planIdOf(params.planId);
  const formData = await request.formData();
  const parsed = parseFormData(formData, KpiSchema);
  if (!parsed.ok) return json(parsed, { status: 400 });
  try {
    const d = parsed.data;
    saveKpi(serviceContextFor(request, actor), { planId, ...d, direction: d.direction ?? null });
    return redirect(`/plans/${planId}/kpis?saved=1`);
  } catch (error) {
    return actionErrorResponse(error, formData);
  }
}

const fmt = (n: number | null) => (n === null ? "" : formatNumberVi(n));

export default function PlanKpis() {
  const { plan, kpis, canManage } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  return (
    <>
      <p>
        <Link to={`/plans/${plan.id}`}>← {plan.title}</Link>
      </p>
      <h1>Chỉ tiêu của kế hoạch</h1>
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">STT</th>
              <th scope="col">Nội dung</th>
              <th scope="col">Mục tiêu</th>
              <th scope="col">Kết quả</th>
              <th scope="col">Đánh giá</th>
            </tr>
          </thead>
          <tbody>
            {kpis.map((k, i) => (
              <tr key={k.id}>
                <td>{i + 1}</td>
                <td>{k.content}</td>
                <td>
                  {k.targetText}
                  <div className="muted">
                    {KPI_DIRECTION_LABELS[k.direction]} {fmt(k.targetValue)} {k.unit ?? ""}
                  </div>
                </td>
                <td>
                  {k.resultText ?? fmt(k.result)}
                  {k.indicatorKey && k.indicatorKey in INDICATOR_TEXTS ? (
                    <div className="muted">Tự tính: {INDICATOR_TEXTS[k.indicatorKey as keyof typeof INDICATOR_TEXTS].label}</div>
                  ) : null}
                </td>
                <td>
                  <strong>{k.periodEnded ? k.evaluationLabel : (k.forecastLabel ?? k.evaluationLabel)}</strong>
                  {!k.periodEnded ? <div className="muted">Kỳ chưa kết thúc</div> : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {canManage ? (
        <>
          {kpis.map((k) => (
            <details key={k.id} className="card">
              <summary>Cập nhật: {k.content}</summary>
              <KpiForm data={data} kpi={k} />
            </details>
          ))}
          <section className="card" aria-labelledby="new-kpi">
            <h2 id="new-kpi">Thêm chỉ tiêu</h2>
            <KpiForm data={data} />
          </section>
        </>
      ) : null}
    </>
  );
}

type K = ReturnType<typeof useLoaderData<typeof loader>>["kpis"][number];

function KpiForm({ data, kpi }: { data: unknown; kpi?: K }) {
  const p = kpi ? `k${kpi.id}-` : "new-";
  return (
    <Form method="post" className="stack">
      <FormError data={data} />
      {kpi ? (
        <>
          <input type="hidden" name="kpiId" value={kpi.id} />
          <input type="hidden" name="version" value={kpi.version} />
        </>
      ) : null}
      <div className="form-grid">
        <Field id={`${p}content`} label="Nội dung" error={kpi ? undefined : fieldError(data, "content")}>
          {(a) => <input {...a} name="content" type="text" defaultValue={kpi?.content} />}
        </Field>
        <Field id={`${p}targetText`} label="Mục tiêu (nguyên văn)" hint="Ví dụ: Tối thiểu 80%, Tăng ít nhất 10%">
          {(a) => <input {...a} name="targetText" type="text" defaultValue={kpi?.targetText} />}
        </Field>
        <Field id={`${p}direction`} label="Chiều đánh giá">
          {(a) => (
            <select {...a} name="direction" defaultValue={kpi?.direction ?? ""}>
              <option value="">Theo mục tiêu</option>
              {Object.entries(KPI_DIRECTION_LABELS).map(([k, v]) => (
                <option key={k} value={k}>
                  {v}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field id={`${p}targetValue`} label="Giá trị mục tiêu">
          {(a) => <input {...a} name="targetValue" type="text" inputMode="decimal" defaultValue={fmt(kpi?.targetValue ?? null)} />}
        </Field>
        <Field id={`${p}unit`} label="Đơn vị tính">
          {(a) => <input {...a} name="unit" type="text" defaultValue={kpi?.unit ?? ""} />}
        </Field>
        <Field id={`${p}baseline`} label="Giá trị năm gốc (chỉ tiêu tăng thêm)">
          {(a) => <input {...a} name="baseline" type="text" inputMode="decimal" defaultValue={fmt(kpi?.baseline ?? null)} />}
        </Field>
        <Field id={`${p}result`} label="Kết quả (số)">
          {(a) => <input {...a} name="result" type="text" inputMode="decimal" defaultValue={fmt(kpi?.result ?? null)} />}
        </Field>
        <Field id={`${p}resultText`} label="Kết quả (nguyên văn)">
          {(a) => <input {...a} name="resultText" type="text" defaultValue={kpi?.resultText ?? ""} />}
        </Field>
        <Field id={`${p}projected`} label="Dự kiến cuối kỳ">
          {(a) => <input {...a} name="projected" type="text" inputMode="decimal" defaultValue={fmt(kpi?.projected ?? null)} />}
        </Field>
        <Field id={`${p}note`} label="Ghi chú">
          {(a) => <input {...a} name="note" type="text" defaultValue={kpi?.note ?? ""} />}
        </Field>
        <Field
          id={`${p}indicatorKey`}
          label="Gắn với chỉ số chính quyền điện tử"
          hint="Kết quả tự tính từ văn bản của cơ quan, từ đầu năm đến ngày chốt báo cáo"
        >
          {(a) => (
            <select {...a} name="indicatorKey" defaultValue={kpi?.indicatorKey ?? ""}>
              <option value="">Không gắn (nhập kết quả)</option>
              {INDICATOR_KEYS.map((k) => (
                <option key={k} value={k}>
                  {INDICATOR_TEXTS[k].label}
                </option>
              ))}
            </select>
          )}
        </Field>
      </div>
      <div className="actions">
        <button type="submit">{kpi ? "Lưu chỉ tiêu" : "Thêm chỉ tiêu"}</button>
      </div>
    </Form>
  );
}
