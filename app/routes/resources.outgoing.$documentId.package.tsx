import type { LoaderFunctionArgs } from "@remix-run/node";
import { requirePermission, serviceContextFor } from "#app/platform/auth/auth.server";
import { buildExternalPackageMetadata } from "#app/features/outgoing/index";
import { notFound, privateDownload, rethrowAsResponse } from "#app/utils/http.server";
import { CommonMessages } from "#app/messages/common";
import { parseId } from "#app/utils/ids";

/** Metadata (Phụ lục VI fields) sent with the signed PDF to recipients outside the system. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requirePermission(request, ["issue:outgoing", "view:outgoing:all", "draft:outgoing", "sign:outgoing"]);
  const documentId = parseId(params.documentId) ?? notFound(CommonMessages.NOT_FOUND("văn bản"));
  try {
    const metadata = buildExternalPackageMetadata(serviceContextFor(request, actor), documentId);
    const name = `${(metadata.NumberSymbol ?? `van-ban-${documentId}`).replace(/\//g, "-")}.json`;
    return privateDownload({ bytes: new TextEncoder().encode(JSON.stringify(metadata, null, 2)), mimeType: "application/json; charset=utf-8", fileName: name });
  } catch (error) {
    rethrowAsResponse(error);
  }
}
