import type { LoaderFunctionArgs } from "@remix-run/node";
import { requirePermission, serviceContextFor } from "#app/platform/auth/auth.server";
import { readOutgoingFile, type OutgoingFileKind } from "#app/features/outgoing/index";
import { notFound, rethrowAsResponse } from "#app/utils/http.server";
import { contentDisposition } from "#app/utils/content-disposition";
import { OUTGOING_PERMISSIONS } from "#app/domain/outgoing/access";
import { CommonMessages } from "#app/messages/common";
import { parseId } from "#app/utils/ids";

const KINDS: OutgoingFileKind[] = ["current", "draft", "signed", "issued", "revision", "attachment"];

/** The document's PDFs and attachments, after the same visibility check as the detail page. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requirePermission(request, [...OUTGOING_PERMISSIONS]);
  const url = new URL(request.url);
  const kind = (url.searchParams.get("kind") ?? "current") as OutgoingFileKind;
  if (!KINDS.includes(kind)) notFound(CommonMessages.NOT_FOUND("tệp"));
  const documentId = parseId(params.documentId) ?? notFound(CommonMessages.NOT_FOUND("văn bản"));
  try {
    const file = readOutgoingFile(serviceContextFor(request, actor), { documentId, kind, n: parseId(url.searchParams.get("n")) ?? undefined });
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
