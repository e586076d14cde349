// Đôn đốc from an item's page (an incoming document or a plan task): one action for both, then back to the item.
import type { ActionFunctionArgs } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { z } from "zod";
import { requireAuth, serviceContextFor } from "#app/platform/auth/auth.server";
import { sendReminder } from "#app/features/notifications/index";
import { REMINDER_LEVEL_LABELS, type ReminderLevelCode } from "#app/domain/shared/notifications";
import { actionErrorResponse, parseFormData } from "#app/utils/http.server";
import { withQuery } from "#app/utils/url";

const RemindSchema = z.object({
  entityType: z.enum(["incoming_document", "plan_task"]),
  entityId: z.coerce.number().int().positive(),
  level: z.enum(Object.keys(REMINDER_LEVEL_LABELS) as [ReminderLevelCode, ...ReminderLevelCode[]]),
  note: z.string().max(1000).optional().default(""),
});

export async function loader() {
  throw new Response("Không tìm thấy trang.", { status: 404 });
}

export async function action({ request }: ActionFunctionArgs) {
  const { actor } = await requireAuth(request);
  const form = await request.formData();
  const parsed = parseFormData(form, RemindSchema);
  if (!parsed.ok) return json(parsed, { status: 400 });
  try {
    sendReminder(serviceContextFor(request, actor), parsed.data);
  } catch (error) {
    return actionErrorResponse(error, form);
  }
  const back = parsed.data.entityType === "incoming_document" ? `/incoming/${parsed.data.entityId}` : `/tasks/${parsed.data.entityId}`;
  return redirect(withQuery(back, { reminded: "1" }));
}
