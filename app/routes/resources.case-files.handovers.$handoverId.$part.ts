// Downloads one part of a nộp lưu: the handover record or the list, as PDF or XLSX (stored when the handover was made).
import type { LoaderFunctionArgs } from "@remix-run/node";
import { requirePermission, serviceContextFor } from "#app/platform/auth/auth.server";
import { HANDOVER_PARTS, readHandoverPart, type HandoverPart } from "#app/features/casefiles/index";
import { notFound, privateDownload, rethrowAsResponse } from "#app/utils/http.server";
import { parseIdParam } from "#app/utils/params";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requirePermission(request, ["manage:casefile", "archive:casefile", "approve:casefile-list"]);
  const handoverId = parseIdParam(params, "handoverId", "tệp");
  const part = params.part as HandoverPart;
  if (!(HANDOVER_PARTS as readonly string[]).includes(part)) notFound();
  try {
    return privateDownload(readHandoverPart(serviceContextFor(request, actor), { handoverId, part }));
  } catch (error) {
    rethrowAsResponse(error);
  }
}
