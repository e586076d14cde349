import type { LoaderFunctionArgs } from "@remix-run/node";
import { requirePermission, serviceContextFor } from "#app/platform/auth/auth.server";
import { readReportFile } from "#app/features/plans/index";
import { notFound, privateDownload, rethrowAsResponse } from "#app/utils/http.server";
import { CommonMessages } from "#app/messages/common";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requirePermission(request, ["view:reports", "manage:plan"]);
  const format = params.format;
  const id = Number(params.snapshotId);
  if ((format !== "xlsx" && format !== "pdf") || !Number.isInteger(id) || id <= 0) notFound(CommonMessages.NOT_FOUND("báo cáo"));
  try {
    const file = readReportFile(serviceContextFor(request, actor), id, format);
    return privateDownload(file);
  } catch (error) {
    rethrowAsResponse(error);
  }
}
