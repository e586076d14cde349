import type { LoaderFunctionArgs } from "@remix-run/node";
import { requirePermission, serviceContextFor } from "#app/platform/auth/auth.server";
import { readEvidenceFile } from "#app/features/plans/index";
import { rethrowAsResponse } from "#app/utils/http.server";
import { contentDisposition } from "#app/utils/content-disposition";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requirePermission(request, ["manage:plan", "update:task:unit", "view:plan:all"]);
  const ctx = serviceContextFor(request, actor);
  try {
    const file = readEvidenceFile(ctx, { taskId: Number(params.taskId), evidenceId: Number(params.evidenceId) });
    return new Response(new Uint8Array(file.bytes), {
      headers: {
        "Content-Type": file.mimeType,
        "Content-Disposition": contentDisposition("attachment", file.fileName),
        "X-Content-Type-Options": "nosniff",
        // Private file: no browser or proxy cache may keep a copy (shared office computers).
        "Cache-Control": "private, no-store",
      },
    });
  } catch (error) {
    rethrowAsResponse(error);
  }
}
