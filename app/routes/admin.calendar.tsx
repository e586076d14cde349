import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { requirePermission, serviceContextFor } from "#app/platform/auth/auth.server";
import { deleteCalendarDay, listCalendarDays, setCalendarDay } from "#app/platform/calendar.server";
import { dayOfWeek, formatDateVi, toVietnamDate } from "#app/domain/shared/dates";
import { parseVnDate } from "#app/domain/shared/form-input";
import { actionErrorResponse, parseFormData } from "#app/utils/http.server";
import { Field, FormError, fieldError, submittedValue } from "#app/components/ui/form";
import { AdminMessages } from "#app/messages/admin";
import { ActionsHeader, EmptyRow } from "#app/components/ui/table";

export const meta: MetaFunction = () => [{ title: "Lịch làm việc · Quản trị" }];

const WEEKDAYS = ["Chủ nhật", "Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy"];

export const CalendarDaySchema = z.discriminatedUnion("intent", [
  z.object({
    intent: z.literal("set"),
    date: z
      .string()
      .trim()
      .transform((v, ctx) => {
        const r = parseVnDate(v);
        if (!r.ok) ctx.addIssue({ code: "custom", message: r.error });
        return r.ok ? r.value : "";
      }),
    kind: z.enum(["holiday", "working"]),
    name: z.string().trim().min(1, AdminMessages.CALENDAR_NAME_REQUIRED).max(120),
  }),
  z.object({ intent: z.literal("delete"), date: z.string() }),
]);

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requirePermission(request, "manage:calendar");
  const yearParam = Number(new URL(request.url).searchParams.get("year"));
  const year = Number.isInteger(yearParam) && yearParam >= 2000 && yearParam <= 2100 ? yearParam : Number(toVietnamDate(new Date()).slice(0, 4));
  const { db } = serviceContextFor(request, actor);
  return json({ year, days: listCalendarDays(db, year) });
}

export async function action({ request }: ActionFunctionArgs) {
  const actor = await requirePermission(request, "manage:calendar");
  const formData = await request.formData();
  const parsed = parseFormData(formData, CalendarDaySchema);
  if (!parsed.ok) return json(parsed, { status: 400 });
  const ctx = serviceContextFor(request, actor);
  try {
    if (parsed.data.intent === "set") setCalendarDay(ctx, parsed.data);
    else deleteCalendarDay(ctx, parsed.data.date);
    return json({ ok: true as const });
  } catch (error) {
    return actionErrorResponse(error, formData);
  }
}

export default function AdminCalendar() {
  const { year, days } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  return (
    <>
      <div className="page-header">
        <h1>Lịch làm việc năm {year}</h1>
        <nav className="actions" aria-label="Chọn năm">
          <Link to={`?year=${year - 1}`}>← Năm {year - 1}</Link>
          <Link to={`?year=${year + 1}`}>Năm {year + 1} →</Link>
        </nav>
      </div>
      <p className="muted">
        Thứ Bảy và Chủ nhật là ngày nghỉ. Bảng dưới đây là các ngày ngoại lệ: nghỉ lễ, Tết (Bộ luật Lao động 2019, Điều 112) và ngày làm bù khi hoán đổi. Hạn xử
        lý tính theo ngày làm việc trên lịch này.
      </p>
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">Ngày</th>
              <th scope="col">Thứ</th>
              <th scope="col">Loại</th>
              <th scope="col">Tên</th>
              <ActionsHeader />
            </tr>
          </thead>
          <tbody>
            {days.map((d) => (
              <tr key={d.date}>
                <td className="nowrap">{formatDateVi(d.date)}</td>
                <td>{WEEKDAYS[dayOfWeek(d.date)]}</td>
                <td>{d.kind === "holiday" ? <span className="badge overdue">Nghỉ</span> : <span className="badge ok">Làm bù</span>}</td>
                <td>{d.name}</td>
                <td>
                  <Form method="post">
                    <input type="hidden" name="intent" value="delete" />
                    <input type="hidden" name="date" value={d.date} />
                    <button type="submit" className="secondary" aria-label={`Xóa ngày ${formatDateVi(d.date)}`}>
                      Xóa
                    </button>
                  </Form>
                </td>
              </tr>
            ))}
            {days.length === 0 ? <EmptyRow colSpan={5}>Chưa có ngày ngoại lệ nào cho năm này.</EmptyRow> : null}
          </tbody>
        </table>
      </div>
      <section className="card" style={{ marginTop: "1rem" }}>
        <h2>Thêm hoặc sửa một ngày</h2>
        <Form method="post" className="stack">
          <input type="hidden" name="intent" value="set" />
          <FormError data={data} />
          <div className="form-grid">
            <Field id="date" label="Ngày (dd/mm/yyyy)" error={fieldError(data, "date")}>
              {(p) => <input {...p} name="date" type="text" inputMode="numeric" placeholder="02/09/2027" defaultValue={submittedValue(data, "date")} />}
            </Field>
            <Field id="kind" label="Loại">
              {(p) => (
                <select {...p} name="kind" defaultValue={submittedValue(data, "kind", "holiday")}>
                  <option value="holiday">Ngày nghỉ</option>
                  <option value="working">Ngày làm bù (thứ Bảy/Chủ nhật)</option>
                </select>
              )}
            </Field>
            <Field id="name" label="Tên, lý do" error={fieldError(data, "name")}>
              {(p) => <input {...p} name="name" type="text" defaultValue={submittedValue(data, "name")} />}
            </Field>
          </div>
          <div className="actions">
            <button type="submit">Lưu</button>
          </div>
        </Form>
      </section>
    </>
  );
}
