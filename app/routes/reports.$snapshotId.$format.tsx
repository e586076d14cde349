import type { LoaderFunctionArgs } from "@remix-run/node";
import { requirePermission, serviceContextFor } from "#app/platform/auth/auth.server";
import { readReportFile } from "#app/features/plans/index";
import { rethrowAsResponse } from "#app/utils/http.server";
import { contentDisposition } from "#app/utils/content-disposition";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requirePermission(request, ["view:reports", "manage:plan"]);
  const format = params.format;
  const id = Number(params.snapshotId);
  if ((format !== "xlsx" && format !== "pdf") || !Number.isInteger(id) || id <= 0) throw new Response("Không tìm thấy", { status: 404 });
  try {
    const file = readReportFile(serviceContextFor(request, actor), id, format);
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
