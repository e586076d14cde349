import type { LoaderFunctionArgs } from "@remix-run/node";
import { requirePermission, serviceContextFor } from "#app/platform/auth/auth.server";
import { exportIncomingRegisterBookXlsx } from "#app/features/incoming/index";
import { XLSX_MIME, privateDownload, rethrowAsResponse } from "#app/utils/http.server";
import { queryDate } from "#app/utils/form-fields";

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requirePermission(request, "view:register");
  const params = new URL(request.url).searchParams;
  try {
    const { bytes, fileName } = await exportIncomingRegisterBookXlsx(serviceContextFor(request, actor), {
      bookId: params.get("book") ? Number(params.get("book")) : null,
      from: queryDate(params.get("from")),
      to: queryDate(params.get("to")),
    });
    return privateDownload({ bytes, mimeType: XLSX_MIME, fileName });
  } catch (error) {
    rethrowAsResponse(error);
  }
}
