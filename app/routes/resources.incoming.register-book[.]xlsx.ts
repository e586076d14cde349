import type { LoaderFunctionArgs } from "@remix-run/node";
import { requirePermission, serviceContextFor } from "#app/platform/auth/auth.server";
import { exportIncomingRegisterBookXlsx } from "#app/features/incoming/index";
import { contentDisposition } from "#app/utils/content-disposition";
import { rethrowAsResponse } from "#app/utils/http.server";
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
