import type { LoaderFunctionArgs } from "@remix-run/node";
import { requirePermission, serviceContextFor } from "#app/platform/auth/auth.server";
import { toVietnamDate } from "#app/domain/shared/dates";
import { exportTrackingRegisterXlsx } from "#app/features/statistics/index";
import { XLSX_MIME, privateDownload, rethrowAsResponse } from "#app/utils/http.server";
import { statisticsOptions } from "#app/utils/statistics-query";

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requirePermission(request, ["view:statistics", "view:statistics:unit"]);
  try {
    const { bytes, fileName } = await exportTrackingRegisterXlsx(
      serviceContextFor(request, actor),
      statisticsOptions(new URL(request.url), toVietnamDate(new Date())),
    );
    return privateDownload({ bytes, mimeType: XLSX_MIME, fileName });
  } catch (error) {
    rethrowAsResponse(error);
  }
}
