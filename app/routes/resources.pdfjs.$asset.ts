import type { LoaderFunctionArgs } from "@remix-run/node";
import { readPdfViewerAsset } from "#app/platform/pdf-viewer-assets.server";

// The pdfjs library and worker for the embedded viewer (public library code, no user data).
export async function loader({ params }: LoaderFunctionArgs) {
  const bytes = readPdfViewerAsset(params.asset ?? "");
  if (!bytes) throw new Response("Không tìm thấy", { status: 404 });
  return new Response(new Uint8Array(bytes), { headers: { "Content-Type": "text/javascript; charset=utf-8", "Cache-Control": "public, max-age=86400" } });
}
