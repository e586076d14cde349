import type { LoaderFunctionArgs } from "@remix-run/node";
import { requirePermission, serviceContextFor } from "#app/platform/auth/auth.server";
import { getIncomingOcrStatus } from "#app/features/incoming/index";
import { rethrowAsResponse } from "#app/utils/http.server";

// Progress of a scan's OCR, polled by the registration form (app/components/incoming/ocr-progress.tsx).
export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requirePermission(request, ["register:incoming"]);
  try {
    const status = getIncomingOcrStatus(serviceContextFor(request, actor), Number(params.fileId));
    return Response.json(status, { headers: { "Cache-Control": "private, no-store" } });
  } catch (error) {
    rethrowAsResponse(error);
  }
}
