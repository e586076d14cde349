import type { LoaderFunctionArgs } from "@remix-run/node";
import { requirePermission, serviceContextFor } from "#app/platform/auth/auth.server";
import { exportOutgoingRegisterXlsx } from "#app/features/outgoing/index";
import { XLSX_MIME, privateDownload, rethrowAsResponse } from "#app/utils/http.server";
import { parseId } from "#app/utils/ids";

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requirePermission(request, ["view:register", "issue:outgoing"]);
  const url = new URL(request.url);
  const year = Number(url.searchParams.get("year")) || new Date().getFullYear();
  const bookId = parseId(url.searchParams.get("book"));
  try {
    const bytes = await exportOutgoingRegisterXlsx(serviceContextFor(request, actor), { year, bookId });
    return privateDownload({ bytes, mimeType: XLSX_MIME, fileName: `so-van-ban-di-${year}.xlsx` });
  } catch (error) {
    rethrowAsResponse(error);
  }
}
