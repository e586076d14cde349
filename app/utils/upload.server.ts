import { unstable_parseMultipartFormData, type UploadHandlerPart } from "@remix-run/node";
import { json } from "@remix-run/node";
import { getEnv } from "#app/env.server";
import { AppError, AppErrorCode } from "#app/utils/errors";
import { cleanFileName } from "#app/domain/shared/text";
import { decodePartFileName, withEscapedPartFileNames } from "#app/utils/multipart-filenames.server";
import { PlatformMessages } from "#app/messages/platform";

// Uploads are limited while they stream (issue "Hostile input"): the bytes of the request body are
// counted as they arrive, never taken from Content-Length (a chunked request has none, and a client
// may lie). A file over its limit, a request over its total, or too many files stop the read at once
// and the action answers 413 with a Vietnamese message; nothing of the request is kept.

const MB = 1024 * 1024;

export type UploadLimits = {
  /** Largest single file, in bytes (default MAX_UPLOAD_MB). */
  maxFileBytes?: number;
  /** Largest request body (all parts), in bytes (default: two files' worth, at least 1 MB more than one file). */
  maxRequestBytes?: number;
  /** Most file parts in one request (default 1). */
  maxFiles?: number;
  /** Largest text field, in bytes (default 2 MB: a composed body of 200,000 characters fits). */
  maxFieldBytes?: number;
};

function megabytes(bytes: number): string {
  const mb = bytes / MB;
  return Number.isInteger(mb) ? String(mb) : mb.toLocaleString("vi-VN", { maximumFractionDigits: 1 });
}

/** A 413: the message names the limit that was hit. */
export class UploadTooLargeError extends AppError {
  readonly limit: "file" | "request" | "files" | "field";
  readonly maxBytes: number;
  constructor(limit: "file" | "request" | "files" | "field", max: number) {
    const message =
      limit === "file"
        ? PlatformMessages.UPLOAD_FILE_TOO_LARGE(megabytes(max))
        : limit === "request"
          ? PlatformMessages.UPLOAD_REQUEST_TOO_LARGE(megabytes(max))
          : limit === "files"
            ? PlatformMessages.UPLOAD_TOO_MANY_FILES(max)
            : PlatformMessages.UPLOAD_FIELD_TOO_LARGE(megabytes(max));
    super(AppErrorCode.PAYLOAD_TOO_LARGE, message, { file: message });
    this.name = "UploadTooLargeError";
    this.limit = limit;
    this.maxBytes = max;
  }
}

export function maxUploadBytes(): number {
  return getEnv().MAX_UPLOAD_MB * MB;
}

/** Limits per route (README "Security notes"). Sizes default to MAX_UPLOAD_MB per file. */
export const OUTGOING_DRAFT_UPLOAD_LIMITS: UploadLimits = {
  // The main PDF and up to 10 attachments (phụ lục), at most 2 × MAX_UPLOAD_MB altogether.
  maxFiles: 11,
  get maxRequestBytes() {
    return 2 * maxUploadBytes() + 2 * MB;
  },
};
/** A plan appendix is a table: 10 MB is far above any real one (the Phụ lục of seed 001 is 60 KB). */
export const PLAN_IMPORT_UPLOAD_LIMITS: UploadLimits = {
  get maxFileBytes() {
    return Math.min(10 * MB, maxUploadBytes());
  },
};
export const EVIDENCE_UPLOAD_LIMITS: UploadLimits = {};
/** PKCS#12 files, signature and seal images are a few kilobytes. */
export const SIGNING_ASSET_UPLOAD_LIMITS: UploadLimits = { maxFileBytes: 2 * MB, maxFiles: 2, maxRequestBytes: 5 * MB };

function resolveLimits(limits: UploadLimits) {
  const maxFileBytes = limits.maxFileBytes ?? maxUploadBytes();
  const maxFiles = limits.maxFiles ?? 1;
  const maxFieldBytes = limits.maxFieldBytes ?? 2 * MB;
  const maxRequestBytes = limits.maxRequestBytes ?? Math.max(maxFileBytes * Math.min(maxFiles, 2), maxFileBytes + MB) + maxFieldBytes;
  return { maxFileBytes, maxFiles, maxFieldBytes, maxRequestBytes };
}

/**
 * After a refusal, the rest of the request body is read and thrown away, within bounds, before the
 * connection may close (a "lingering close", RFC 9112 §9.6). Closing while the client still writes makes
 * its kernel answer our socket with a reset, and a reset can discard the 413 the client has not read
 * yet: the user would see "connection reset" instead of the Vietnamese reason. Bounded so that a client
 * that never stops sending cannot hold the connection: past `LINGER_MAX_BYTES` more bytes or
 * `LINGER_MAX_MS`, the source is cancelled (which destroys the socket).
 */
export const LINGER_MAX_BYTES = 64 * MB;
export const LINGER_MAX_MS = 15_000;

export function discardRest(reader: ReadableStreamDefaultReader<Uint8Array>): void {
  const deadline = Date.now() + LINGER_MAX_MS;
  let discarded = 0;
  void (async () => {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      discarded += value.byteLength;
      if (discarded > LINGER_MAX_BYTES || Date.now() > deadline) {
        await reader.cancel();
        return;
      }
    }
  })().catch(() => undefined);
  const timer = setTimeout(() => reader.cancel().catch(() => undefined), LINGER_MAX_MS + 1_000);
  timer.unref();
  reader.closed.then(
    () => clearTimeout(timer),
    () => clearTimeout(timer),
  );
}

/**
 * The request body, counted: the stream errors with UploadTooLargeError once more than `max` bytes
 * arrived. `linger()` discards whatever the parser did not read (after any refusal: too large, too many
 * files, a field over its limit), so that the answer reaches the client (see `discardRest`).
 */
function countedBody(body: ReadableStream<Uint8Array>, max: number): { stream: ReadableStream<Uint8Array>; linger: () => void } {
  const reader = body.getReader();
  let seen = 0;
  let stopped = false;
  let lingering = false;
  const stream = new ReadableStream<Uint8Array>({
    async pull(controller) {
      // After a refusal the source belongs to linger(): a reader still waiting here gets the end, not a hang.
      const finish = () => {
        try {
          controller.close();
        } catch {
          // already errored (the request limit) or closed
        }
      };
      if (stopped) return finish();
      const { done, value } = await reader.read();
      if (stopped) return finish();
      if (done) {
        controller.close();
        return;
      }
      seen += value.byteLength;
      if (seen > max) {
        stopped = true;
        controller.error(new UploadTooLargeError("request", max));
        return;
      }
      controller.enqueue(value);
    },
  });
  const linger = () => {
    if (lingering) return;
    lingering = true;
    stopped = true;
    discardRest(reader);
  };
  return { stream, linger };
}

async function collectPart(data: AsyncIterable<Uint8Array>, max: number, onChunk: (n: number) => void, limit: "file" | "field"): Promise<Uint8Array[]> {
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of data) {
    size += chunk.byteLength;
    if (size > max) throw new UploadTooLargeError(limit, max);
    onChunk(chunk.byteLength);
    chunks.push(chunk);
  }
  return chunks;
}

/**
 * Parses a multipart form with limits counted while the body streams (per file, per request, number of
 * files, per text field). Throws UploadTooLargeError (an AppError answered 413 by `actionErrorResponse`).
 */
export async function parseMultipartForm(request: Request, limits: UploadLimits = {}): Promise<FormData> {
  const { maxFileBytes, maxFiles, maxFieldBytes, maxRequestBytes } = resolveLimits(limits);
  if (!request.body) throw new AppError(AppErrorCode.VALIDATION, PlatformMessages.UPLOAD_EMPTY);
  let files = 0;
  const decoder = new TextDecoder();
  const handler = async (part: UploadHandlerPart): Promise<File | string | undefined> => {
    if (typeof part.filename !== "string") {
      const chunks = await collectPart(part.data, maxFieldBytes, () => undefined, "field");
      return chunks.map((c) => decoder.decode(c, { stream: true })).join("") + decoder.decode();
    }
    // An empty file input still sends a part with an empty name and no bytes: it does not count.
    const chunks = await collectPart(part.data, maxFileBytes, () => undefined, "file");
    const size = chunks.reduce((n, c) => n + c.byteLength, 0);
    if (size === 0 && part.filename === "") return undefined;
    files++;
    if (files > maxFiles) throw new UploadTooLargeError("files", maxFiles);
    return new File(chunks as BlobPart[], cleanFileName(decodePartFileName(part.filename)), { type: part.contentType });
  };
  // File names with `;` or `=` are escaped on the way in and decoded in the handler (multipart-filenames.server.ts).
  const escaped = withEscapedPartFileNames(request);
  const body = countedBody(escaped.body ?? request.body, maxRequestBytes);
  const counted = { headers: escaped.headers, body: body.stream } as unknown as Request;
  try {
    return await unstable_parseMultipartFormData(counted, handler);
  } catch (error) {
    body.linger();
    if (error instanceof UploadTooLargeError) throw error;
    // The multipart parser wraps nothing, but be sure a limit hit deep in the stream still reads as one.
    if ((error as { cause?: unknown })?.cause instanceof UploadTooLargeError) throw (error as { cause: UploadTooLargeError }).cause;
    if (error instanceof TypeError) throw new AppError(AppErrorCode.VALIDATION, PlatformMessages.UPLOAD_NOT_FORM);
    throw error;
  }
}

/**
 * Reads a form that may carry files: multipart with the limits above, or a plain urlencoded form.
 * On a limit, `response` is the one 413 answer every upload route gives; the connection stays open while
 * the rest of the body is discarded (`discardRest`).
 */
export async function readUploadForm(
  request: Request,
  limits: UploadLimits = {},
  extra: Record<string, unknown> = {},
): Promise<{ ok: true; formData: FormData } | { ok: false; response: Response }> {
  const isMultipart = (request.headers.get("content-type") ?? "").toLowerCase().includes("multipart/form-data");
  try {
    return { ok: true, formData: isMultipart ? await parseMultipartForm(request, limits) : await request.formData() };
  } catch (error) {
    if (error instanceof UploadTooLargeError) return { ok: false, response: uploadTooLargeResponse(error, extra) };
    if (error instanceof AppError) {
      return {
        ok: false,
        response: json({ ok: false as const, formError: error.message, fieldErrors: error.fieldErrors ?? {}, values: {}, ...extra }, { status: 400 }),
      };
    }
    throw error;
  }
}

export function uploadTooLargeResponse(error: UploadTooLargeError, extra: Record<string, unknown> = {}): Response {
  return json({ ok: false as const, formError: error.message, fieldErrors: { file: error.message }, values: {}, ...extra }, { status: 413 });
}

/** The bytes of an uploaded file field, or null when the field is empty. */
export async function fileBytes(formData: FormData, name: string): Promise<{ bytes: Uint8Array; name: string; type: string } | null> {
  const value = formData.get(name);
  if (!value || typeof value === "string") return null;
  const file = value as File;
  if (file.size === 0) return null;
  return { bytes: new Uint8Array(await file.arrayBuffer()), name: file.name, type: file.type };
}
