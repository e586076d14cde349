import type { LoaderFunctionArgs } from "@remix-run/node";
import { requirePermission, serviceContextFor } from "#app/platform/auth/auth.server";
import { readEvidenceFile } from "#app/features/plans/index";
import { privateDownload, rethrowAsResponse } from "#app/utils/http.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requirePermission(request, ["manage:plan", "update:task:unit", "view:plan:all"]);
  const ctx = serviceContextFor(request, actor);
  try {
    const file = readEvidenceFile(ctx, { taskId: Number(params.taskId), evidenceId: Number(params.evidenceId) });
    return privateDownload(file);
  } catch (error) {
    rethrowAsResponse(error);
  }
}
