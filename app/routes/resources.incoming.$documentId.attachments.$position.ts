import type { LoaderFunctionArgs } from "@remix-run/node";
import { requirePermission, serviceContextFor } from "#app/platform/auth/auth.server";
import { readIncomingAttachment } from "#app/features/incoming/index";
import { contentDisposition } from "#app/utils/content-disposition";
import { rethrowAsResponse } from "#app/utils/http.server";
import { CommonMessages } from "#app/messages/common";
import { parseIdParam } from "#app/utils/params";

// A file of the edXML packet a document came in (appendixes: DOCX, XLSX…); same visibility as the document page.
// Always a download of opaque bytes: the packet's content type is the sender's word, and a file served inline
// under it (text/html, image/svg+xml) would run in our origin.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requirePermission(request, ["register:incoming", "route:incoming", "direct:incoming", "handle:incoming", "view:incoming:all"]);
  const id = parseIdParam(params, "documentId", "văn bản đến");
  const raw = params.position ?? "";
  if (!/^\d{1,3}$/.test(raw)) throw new Response(CommonMessages.NOT_FOUND("tệp kèm theo"), { status: 404 });
  try {
    const { bytes, fileName } = readIncomingAttachment(serviceContextFor(request, actor), id, Number(raw));
    return new Response(new Uint8Array(bytes), {
      headers: {
        "Content-Type": "application/octet-stream",
        "Content-Length": String(bytes.byteLength),
        "Content-Disposition": contentDisposition("attachment", fileName),
        "X-Content-Type-Options": "nosniff",
        "Cache-Control": "private, no-store",
      },
    });
  } catch (error) {
    rethrowAsResponse(error);
  }
}
