import type { LoaderFunctionArgs } from "@remix-run/node";
import { requirePermission, serviceContextFor } from "#app/auth/auth.server";
import { getEvidenceFile } from "#app/services/tasks.server";
import { getFileRow, readStoredFile } from "#app/services/files.server";
import { rethrowAsResponse } from "#app/utils/http.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requirePermission(request, ["manage:plan", "update:task:unit", "view:plan:all"]);
  const ctx = serviceContextFor(request, actor);
  try {
    const { fileId } = getEvidenceFile(ctx, { taskId: Number(params.taskId), evidenceId: Number(params.evidenceId) });
    const row = getFileRow(ctx.db, fileId)!;
    const bytes = readStoredFile(ctx.dataDir, row);
    return new Response(new Uint8Array(bytes), {
      headers: {
        "Content-Type": row.mimeType,
        "Content-Disposition": `attachment; filename*=UTF-8''${encodeURIComponent(row.originalName ?? "tai-lieu")}`,
        "X-Content-Type-Options": "nosniff",
      },
    });
  } catch (error) {
    rethrowAsResponse(error);
  }
}
