import type { LoaderFunctionArgs } from "@remix-run/node";
import { requirePermission, serviceContextFor } from "#app/platform/auth/auth.server";
import { readOutgoingFile, type OutgoingFileKind } from "#app/features/outgoing/index";
import { rethrowAsResponse } from "#app/utils/http.server";
import { contentDisposition } from "#app/utils/content-disposition";

const KINDS: OutgoingFileKind[] = ["current", "draft", "signed", "issued", "revision", "attachment"];
const PERMISSIONS = ["draft:outgoing", "review:outgoing:dept", "review:outgoing:office", "sign:outgoing", "issue:outgoing", "view:outgoing:all"] as const;

/** The document's PDFs and attachments, after the same visibility check as the detail page. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requirePermission(request, [...PERMISSIONS]);
  const url = new URL(request.url);
  const kind = (url.searchParams.get("kind") ?? "current") as OutgoingFileKind;
  if (!KINDS.includes(kind)) throw new Response("Không tìm thấy tệp", { status: 404 });
  try {
    const file = readOutgoingFile(serviceContextFor(request, actor), { documentId: Number(params.documentId), kind, n: Number(url.searchParams.get("n")) || undefined });
    const isPdf = file.mimeType === "application/pdf";
    // "Tải tệp PDF" asks for a download (?download=1); the embedded viewer reads the same URL inline.
    const isDownload = url.searchParams.get("download") === "1";
    return new Response(new Uint8Array(file.bytes), {
      headers: {
        "Content-Type": file.mimeType,
        "Content-Length": String(file.bytes.length),
        // PDFs open inline in the viewer unless a download was asked for; other attachments download.
        "Content-Disposition": contentDisposition(isPdf && !isDownload ? "inline" : "attachment", file.name),
        "Cache-Control": "private, no-store",
        "X-Content-Type-Options": "nosniff",
      },
    });
  } catch (error) {
    rethrowAsResponse(error);
  }
}
