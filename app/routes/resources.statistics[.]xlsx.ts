import type { LoaderFunctionArgs } from "@remix-run/node";
import { requirePermission, serviceContextFor } from "#app/platform/auth/auth.server";
import { toVietnamDate } from "#app/domain/shared/dates";
import { exportStatisticsXlsx } from "#app/features/statistics/index";
import { contentDisposition } from "#app/utils/content-disposition";
import { rethrowAsResponse } from "#app/utils/http.server";
import { statisticsOptions } from "#app/utils/statistics-query";

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requirePermission(request, ["view:statistics", "view:statistics:unit"]);
  try {
    const { bytes, fileName } = await exportStatisticsXlsx(serviceContextFor(request, actor), statisticsOptions(new URL(request.url), toVietnamDate(new Date())));
    return new Response(new Uint8Array(bytes), {
      headers: {
        "Content-Type": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "Content-Disposition": contentDisposition("attachment", fileName),
        "Cache-Control": "private, no-store",
      },
    });
  } catch (error) {
    rethrowAsResponse(error);
  }
}
