import type { LoaderFunctionArgs } from "@remix-run/node";
import { requirePermission, serviceContextFor } from "#app/platform/auth/auth.server";
import { buildExternalPackageMetadata } from "#app/features/outgoing/index";
import { rethrowAsResponse } from "#app/utils/http.server";
import { contentDisposition } from "#app/utils/content-disposition";

/** Metadata (Phụ lục VI fields) sent with the signed PDF to recipients outside the system. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requirePermission(request, ["issue:outgoing", "view:outgoing:all", "draft:outgoing", "sign:outgoing"]);
  try {
    const metadata = buildExternalPackageMetadata(serviceContextFor(request, actor), Number(params.documentId));
    const name = `${(metadata.NumberSymbol ?? `van-ban-${params.documentId}`).replace(/\//g, "-")}.json`;
    return new Response(JSON.stringify(metadata, null, 2), {
      headers: { "Content-Type": "application/json; charset=utf-8", "Content-Disposition": contentDisposition("attachment", name), "Cache-Control": "private, no-store" },
    });
  } catch (error) {
    rethrowAsResponse(error);
  }
}
