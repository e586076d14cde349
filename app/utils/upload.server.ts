import {
  MaxPartSizeExceededError,
  unstable_createMemoryUploadHandler,
  unstable_parseMultipartFormData,
} from "@remix-run/node";
import { getEnv } from "#app/env.server";
import { decodePartFileName, withEscapedPartFileNames } from "#app/utils/multipart-filenames.server";

export class UploadTooLargeError extends Error {
  constructor(readonly maxBytes: number) {
    super(`Tệp tải lên vượt quá dung lượng cho phép (${Math.round(maxBytes / 1024 / 1024)} MB).`);
  }
}

export function maxUploadBytes(): number {
  return getEnv().MAX_UPLOAD_MB * 1024 * 1024;
}

/**
 * Parses a multipart form, keeping files in memory up to `maxBytes` each (default MAX_UPLOAD_MB).
 * A larger file raises UploadTooLargeError before the rest is read, so the action can answer with a
 * Vietnamese message and the values typed so far.
 */
export async function parseMultipartForm(request: Request, maxBytes = maxUploadBytes()): Promise<FormData> {
  const declared = Number(request.headers.get("content-length") ?? 0);
  // Content-Length covers all parts; allow some room for the text fields of the form.
  if (declared > maxBytes + 1024 * 1024) throw new UploadTooLargeError(maxBytes);
  try {
    const memory = unstable_createMemoryUploadHandler({ maxPartSize: maxBytes });
    // File names with `;` or `=` are escaped on the way in and decoded here (multipart-filenames.server.ts).
    return await unstable_parseMultipartFormData(withEscapedPartFileNames(request), (part) =>
      memory({ ...part, filename: part.filename === undefined ? undefined : decodePartFileName(part.filename) }),
    );
  } catch (error) {
    if (error instanceof MaxPartSizeExceededError) throw new UploadTooLargeError(maxBytes);
    throw error;
  }
}

/** The bytes of an uploaded file field, or null when the field is empty. */
export async function fileBytes(formData: FormData, name: string): Promise<{ bytes: Uint8Array; name: string; type: string } | null> {
  const value = formData.get(name);
  if (!value || typeof value === "string") return null;
  const file = value as File;
  if (file.size === 0) return null;
  return { bytes: new Uint8Array(await file.arrayBuffer()), name: file.name, type: file.type };
}
