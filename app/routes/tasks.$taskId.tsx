import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import { requirePermission, serviceContextFor } from "#app/platform/auth/auth.server";
import { optionalVnDateField, vnDateField } from "#app/utils/form-fields";
import { TASK_STATUSES } from "#app/domain/plans/progress";
import {
  addTaskEntry,
  attachEvidenceFile,
  attachEvidenceReference,
  changeTaskStatus,
  confirmTaskCompletion,
  getTaskDetail,
  removeEvidence,
  sendBackTaskCompletion,
  setTaskAnchorDate,
  setTaskDueDate,
} from "#app/features/plans/index";
import { actionErrorResponse, parseFormData, rethrowAsResponse } from "#app/utils/http.server";
import { EVIDENCE_UPLOAD_LIMITS, fileBytes, readUploadForm } from "#app/utils/upload.server";
import { TaskDoneMessages } from "#app/messages/plans";
import { NotificationMessages } from "#app/messages/notifications";
import { TaskEvidence } from "#app/components/plans/task-evidence";
import { TaskConfirmation, TaskDeadlineForm, TaskStatusForm } from "#app/components/plans/task-forms";
import { TaskInfo, TaskJournal } from "#app/components/plans/task-overview";
import { ReminderPanel } from "#app/components/ui/reminder-panel";
import { listReminders } from "#app/features/notifications/index";
import { isRemindableTask } from "#app/domain/shared/notifications";
import { formatDateTimeVi } from "#app/domain/shared/dates";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.task.title.slice(0, 60) ?? "Nhiệm vụ"} · Văn phòng điện tử` }];

const PERMS = ["manage:plan", "update:task:unit", "view:plan:all"] as const;
// dd/mm/yyyy (or ISO) with a message that says what is wrong ("31/02/2025": February has 28 days).
const viDate = (msg: string) => vnDateField(msg);
const optionalViDate = optionalVnDateField();
const optionalId = z
  .string()
  .optional()
  .transform((v) => (v ? Number(v) : null));

export const TaskActionSchema = z.discriminatedUnion("intent", [
  z.object({
    intent: z.literal("status"),
    version: z.coerce.number().int(),
    toStatus: z.enum(TASK_STATUSES, { errorMap: () => ({ message: "Chọn tình trạng" }) }),
    completedOn: optionalViDate,
    reason: z.string().trim().max(2000).optional(),
    document: z.string().trim().max(500).optional(),
    explanation: z.string().trim().max(4000).optional(),
    note: z.string().trim().max(2000).optional(),
  }),
  z.object({ intent: z.literal("confirm"), version: z.coerce.number().int(), note: z.string().trim().max(2000).optional() }),
  z.object({ intent: z.literal("send-back"), version: z.coerce.number().int(), reason: z.string().trim().min(1, "Nhập lý do trả lại").max(2000) }),
  z.object({ intent: z.enum(["note", "comment", "contribution"]), text: z.string().trim().min(1, "Nhập nội dung").max(4000) }),
  z.object({
    intent: z.literal("evidence-ref"),
    itemId: optionalId,
    documentNumber: z.string().trim().min(1, "Nhập số, ký hiệu văn bản").max(100),
    documentDate: optionalViDate,
    title: z.string().trim().min(1, "Nhập trích yếu").max(1000),
  }),
  z.object({ intent: z.literal("evidence-file"), itemId: optionalId, title: z.string().trim().max(500).optional() }),
  z.object({ intent: z.literal("remove-evidence"), evidenceId: z.coerce.number().int().positive() }),
  z.object({ intent: z.literal("anchor"), anchorDate: viDate("Nhập ngày của sự kiện mốc") }),
  z.object({ intent: z.literal("due-date"), dueDate: viDate("Nhập ngày hạn"), note: z.string().trim().max(500).optional() }),
]);

function taskIdOf(raw: string | undefined): number {
  const id = Number(raw);
  if (!Number.isInteger(id) || id <= 0) throw new Response("Không tìm thấy", { status: 404 });
  return id;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requirePermission(request, [...PERMS]);
  try {
    const ctx = serviceContextFor(request, actor);
    const detail = getTaskDetail(ctx, taskIdOf(params.taskId));
    // Đôn đốc (issue 15): a plan manager or a leader chases the task's lead unit; the panel lists what was sent.
    const reminders = listReminders(ctx, { entityType: "plan_task", entityId: detail.task.id }).map((r) => ({
      id: r.id,
      level: r.level,
      note: r.note,
      fromName: r.fromName,
      toName: r.toName ?? detail.leadUnitName,
      at: formatDateTimeVi(r.createdAt),
    }));
    const canRemind = actor.permissions.includes("remind:work") && isRemindableTask(detail.task);
    return json({ ...detail, reminders, canRemind });
  } catch (error) {
    rethrowAsResponse(error);
  }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requirePermission(request, [...PERMS]);
  const taskId = taskIdOf(params.taskId);
  const ctx = serviceContextFor(request, actor);
  const form = await readUploadForm(request, EVIDENCE_UPLOAD_LIMITS);
  if (!form.ok) return form.response;
  const formData = form.formData;
  const parsed = parseFormData(formData, TaskActionSchema);
  if (!parsed.ok) return json(parsed, { status: 400 });
  const d = parsed.data;
  try {
    let done = "updated";
    switch (d.intent) {
      case "status": {
        const r = changeTaskStatus(ctx, {
          taskId,
          version: d.version,
          toStatus: d.toStatus,
          completedOn: d.completedOn,
          reason: d.reason,
          document: d.document,
          explanation: d.explanation,
          note: d.note,
        });
        done = r.status;
        break;
      }
      case "confirm":
        confirmTaskCompletion(ctx, { taskId, version: d.version, note: d.note });
        done = "confirmed";
        break;
      case "send-back":
        sendBackTaskCompletion(ctx, { taskId, version: d.version, reason: d.reason });
        done = "sent-back";
        break;
      case "note":
      case "comment":
      case "contribution":
        addTaskEntry(ctx, { taskId, kind: d.intent, text: d.text });
        break;
      case "evidence-ref":
        attachEvidenceReference(ctx, { taskId, itemId: d.itemId, documentNumber: d.documentNumber, documentDate: d.documentDate, title: d.title });
        done = "evidence";
        break;
      case "evidence-file": {
        const file = await fileBytes(formData, "file");
        if (!file)
          return json({ ok: false as const, formError: "Chọn tệp", fieldErrors: { file: "Chọn tệp" }, values: { intent: "evidence-file" } }, { status: 400 });
        await attachEvidenceFile(ctx, { taskId, itemId: d.itemId, bytes: file.bytes, fileName: file.name, title: d.title });
        done = "evidence";
        break;
      }
      case "remove-evidence":
        removeEvidence(ctx, { taskId, evidenceId: d.evidenceId });
        break;
      case "anchor":
        setTaskAnchorDate(ctx, { taskId, anchorDate: d.anchorDate });
        break;
      case "due-date":
        setTaskDueDate(ctx, { taskId, dueDate: d.dueDate, note: d.note });
        break;
    }
    return redirect(`/tasks/${taskId}?done=${done}`);
  } catch (error) {
    return actionErrorResponse(error, formData);
  }
}

export default function TaskPage() {
  const d = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const [params] = useSearchParams();
  const t = d.task;
  const intent = data && "values" in data ? (data.values as Record<string, string>).intent : undefined;
  const forIntent = (i: string) => (intent === i ? data : undefined);
  const doneMsg = params.get("done");
  return (
    <>
      <p>
        <Link to={`/plans/${d.plan.id}`}>← {d.plan.title}</Link>
      </p>
      <h1>{t.title}</h1>
      {doneMsg ? (
        <p className="success" role="status">
          {(Object.hasOwn(TaskDoneMessages, doneMsg) ? TaskDoneMessages[doneMsg as keyof typeof TaskDoneMessages] : null) ?? TaskDoneMessages.updated}
        </p>
      ) : null}
      <TaskInfo d={d} />
      {params.get("reminded") ? (
        <p className="success" role="status">
          {NotificationMessages.REMINDER_SENT}
        </p>
      ) : null}
      <ReminderPanel entityType="plan_task" entityId={t.id} reminders={d.reminders} canRemind={d.canRemind} />
      <TaskEvidence d={d} forIntent={forIntent} />
      <TaskConfirmation d={d} forIntent={forIntent} />
      <TaskStatusForm d={d} forIntent={forIntent} />
      <TaskDeadlineForm d={d} forIntent={forIntent} />
      <TaskJournal d={d} forIntent={forIntent} />
    </>
  );
}
