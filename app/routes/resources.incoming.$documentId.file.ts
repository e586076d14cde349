import type { LoaderFunctionArgs } from "@remix-run/node";
import { requirePermission, serviceContextFor } from "#app/platform/auth/auth.server";
import { readIncomingFile } from "#app/features/incoming/index";
import { contentDisposition } from "#app/utils/content-disposition";
import { rethrowAsResponse } from "#app/utils/http.server";
import { parseIdParam } from "#app/utils/params";

// The received PDF, for the embedded viewer and the "Tải tệp PDF" link; same visibility as the document page. A
// scan whose OCR is done is shown as its searchable PDF; `?original=1` gives the scan as registered; `?previous=<file
// id>` a PDF that an update from the sender replaced (listed in the trail).
export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requirePermission(request, ["register:incoming", "route:incoming", "direct:incoming", "handle:incoming", "view:incoming:all"]);
  const id = parseIdParam(params, "documentId", "văn bản đến");
  try {
    const query = new URL(request.url).searchParams;
    // A malformed id is no file's id (0): "not found", as for a file of another document.
    const previousParam = query.get("previous");
    const previous = previousParam === null ? undefined : /^\d{1,12}$/.test(previousParam) ? Number(previousParam) : 0;
    const { bytes, fileName } = readIncomingFile(serviceContextFor(request, actor), id, { original: query.get("original") === "1", previous });
    const isDownload = query.get("download") === "1";
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
