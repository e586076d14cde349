import type { LoaderFunctionArgs } from "@remix-run/node";
import { requirePermission, serviceContextFor } from "#app/platform/auth/auth.server";
import { exportIncomingRegisterBookXlsx } from "#app/features/incoming/index";
import { XLSX_MIME, privateDownload, rethrowAsResponse } from "#app/utils/http.server";
import { queryDates } from "#app/utils/form-fields";
import { AppError, AppErrorCode } from "#app/utils/errors";

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requirePermission(request, "view:register");
  const params = new URL(request.url).searchParams;
  // As the page: a date that is not one is refused, never exported as the whole book.
  const dates = queryDates(params, ["from", "to"]);
  try {
    const [dateError] = Object.values(dates.fieldErrors);
    if (dateError) throw new AppError(AppErrorCode.VALIDATION, dateError, dates.fieldErrors as Record<string, string>);
    const { bytes, fileName } = await exportIncomingRegisterBookXlsx(serviceContextFor(request, actor), {
      bookId: params.get("book") ? Number(params.get("book")) : null,
      from: dates.dates.from,
      to: dates.dates.to,
    });
    return privateDownload({ bytes, mimeType: XLSX_MIME, fileName });
  } catch (error) {
    rethrowAsResponse(error);
  }
}
