import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { requirePermission, serviceContextFor } from "#app/platform/auth/auth.server";
import { formatDateVi, toVietnamDate } from "#app/domain/shared/dates";
import { reportingPeriods } from "#app/domain/plans/reporting-periods";
import { generateReportSnapshot, listReportSnapshots, requirePlanAccess } from "#app/features/plans/index";
import { actionErrorResponse, parseFormData, rethrowAsResponse } from "#app/utils/http.server";
import { Field, FormError, fieldError, submittedValue } from "#app/components/ui/form";
import { SnapshotTable } from "#app/components/plans/snapshot-table";

export const meta: MetaFunction = () => [{ title: "Báo cáo định kỳ · Văn phòng điện tử" }];

export const GenerateSchema = z.object({
  periodKey: z.enum(["q1", "h1", "q3", "year"], { errorMap: () => ({ message: "Chọn kỳ báo cáo" }) }),
  confirmEarly: z.literal("1").optional(),
});

function planIdOf(raw: string | undefined) {
  const id = Number(raw);
  if (!Number.isInteger(id) || id <= 0) throw new Response("Không tìm thấy", { status: 404 });
  return id;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requirePermission(request, ["view:reports", "manage:plan"]);
  const ctx = serviceContextFor(request, actor);
  try {
    const { plan, access } = requirePlanAccess(ctx, planIdOf(params.planId));
    return json({
      plan: { id: plan.id, title: plan.title, year: plan.year },
      canGenerate: access.canManage,
      periods: reportingPeriods(plan.year),
      today: toVietnamDate(new Date()),
      snapshots: listReportSnapshots(ctx, plan.id),
    });
  } catch (error) {
    rethrowAsResponse(error);
  }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requirePermission(request, "manage:plan");
  const planId = planIdOf(params.planId);
  const formData = await request.formData();
  const parsed = parseFormData(formData, GenerateSchema);
  if (!parsed.ok) return json(parsed, { status: 400 });
  try {
    const { snapshotId } = await generateReportSnapshot(serviceContextFor(request, actor), {
      planId,
      periodKey: parsed.data.periodKey,
      confirmEarly: parsed.data.confirmEarly === "1",
    });
    return redirect(`/plans/${planId}/reports?generated=${snapshotId}`);
  } catch (error) {
    return actionErrorResponse(error, formData);
  }
}

export default function PlanReports() {
  const { plan, periods, snapshots, canGenerate, today } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const earlyWarning = fieldError(data, "confirmEarly");
  const nav = useNavigation();
  return (
    <>
      <p>
        <Link to={`/plans/${plan.id}`}>← {plan.title}</Link>
      </p>
      <h1>Báo cáo định kỳ</h1>
      {canGenerate ? (
        <section className="card" aria-labelledby="gen-title">
          <h2 id="gen-title">Lập báo cáo</h2>
          <p className="muted">
            Số liệu tính đến ngày chốt của kỳ (Văn bản 581/BNV-CCHC). Báo cáo đã lập được lưu cố định: sửa nhiệm vụ sau đó không làm thay đổi báo cáo.
          </p>
          <Form method="post" className="actions">
            <FormError data={data} />
            <Field id="periodKey" label="Kỳ báo cáo" error={fieldError(data, "periodKey")}>
              {(p) => (
                <select {...p} name="periodKey" defaultValue={submittedValue(data, "periodKey")}>
                  <option value="">— Chọn kỳ —</option>
                  {periods.map((x) => (
                    <option key={x.key} value={x.key}>
                      {x.label} (chốt số liệu {formatDateVi(x.cutOff)}
                      {x.cutOff > today ? ", chưa đến ngày chốt" : ""})
                    </option>
                  ))}
                </select>
              )}
            </Field>
            {earlyWarning ? (
              <div className="form-error" role="alert">
                <p style={{ margin: 0 }}>{earlyWarning}</p>
                <label>
                  <input type="checkbox" name="confirmEarly" value="1" /> Vẫn lập báo cáo trước ngày chốt
                </label>
              </div>
            ) : null}
            <button type="submit" disabled={nav.state !== "idle"}>
              Lập báo cáo
            </button>
          </Form>
        </section>
      ) : null}
      <SnapshotTable snapshots={snapshots} />
    </>
  );
}
