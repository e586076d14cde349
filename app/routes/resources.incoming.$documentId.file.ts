import type { LoaderFunctionArgs } from "@remix-run/node";
import { requirePermission, serviceContextFor } from "#app/platform/auth/auth.server";
import { readIncomingFile } from "#app/features/incoming/index";
import { contentDisposition } from "#app/utils/content-disposition";
import { rethrowAsResponse } from "#app/utils/http.server";
import { parseIdParam } from "#app/utils/params";

// The received PDF, for the embedded viewer and the "Tải tệp PDF" link; same visibility as the document page.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requirePermission(request, ["register:incoming", "route:incoming", "direct:incoming", "handle:incoming", "view:incoming:all"]);
  const id = parseIdParam(params, "documentId", "văn bản đến");
  try {
    const { bytes, fileName } = readIncomingFile(serviceContextFor(request, actor), id);
    const isDownload = new URL(request.url).searchParams.get("download") === "1";
    return new Response(new Uint8Array(bytes), {
      headers: {
        "Content-Type": "application/pdf",
        "Content-Length": String(bytes.byteLength),
        "Content-Disposition": contentDisposition(isDownload ? "attachment" : "inline", fileName),
        "Cache-Control": "private, no-store",
      },
    });
  } catch (error) {
    rethrowAsResponse(error);
  }
}
