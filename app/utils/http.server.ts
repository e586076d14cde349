import { json } from "@remix-run/node";
import type { z } from "zod";
import { AppError, AppErrorCode, isAppError } from "#app/utils/errors";
import { vietnameseErrorMap } from "#app/messages/validation";
import { CommonMessages } from "#app/messages/common";
import { contentDisposition } from "#app/utils/content-disposition";

export type FieldErrors = Record<string, string>;
export type FormFailure = { ok: false; formError: string | null; fieldErrors: FieldErrors; values: Record<string, string> };

const SECRET_FIELD = /password|passphrase|^pin$/i;

function formValues(formData: FormData): Record<string, string> {
  const values: Record<string, string> = {};
  // Secrets are never echoed back into the page: passwords, certificate passphrases, token PINs.
  for (const [key, value] of formData.entries()) if (typeof value === "string" && !SECRET_FIELD.test(key)) values[key] = value;
  return values;
}

/**
 * Validates a submitted form against its named schema (house style rule 5). Repeated fields come as
 * arrays when the schema says so. On failure, the caller returns `json(failure, 400)`, which keeps
 * what the user typed (passwords excepted).
 */
export function parseFormData<S extends z.ZodTypeAny>(formData: FormData, schema: S): { ok: true; data: z.infer<S> } | FormFailure {
  const raw: Record<string, unknown> = {};
  for (const key of new Set(formData.keys())) {
    const all = formData.getAll(key);
    raw[key] = all.length > 1 || key.endsWith("[]") ? all : all[0];
  }
  const parsed = schema.safeParse(raw, { errorMap: vietnameseErrorMap });
  if (parsed.success) return { ok: true, data: parsed.data };
  const fieldErrors: FieldErrors = {};
  let formError: string | null = null;
  for (const issue of parsed.error.issues) {
    const key = issue.path.join(".");
    if (!key) formError ??= issue.message;
    else fieldErrors[key] ??= issue.message;
  }
  return { ok: false, formError, fieldErrors, values: formValues(formData) };
}

const STATUS_BY_CODE: Record<AppErrorCode, number> = {
  NOT_FOUND: 404,
  FORBIDDEN: 403,
  INVALID_STATE: 409,
  VALIDATION: 400,
  CONFLICT: 409,
  RATE_LIMITED: 429,
  PAYLOAD_TOO_LARGE: 413,
};

/**
 * Maps a service error to what an action returns: AppError becomes a 4xx JSON body the form shows
 * (NOT_FOUND is thrown as a 404 page instead); anything else is rethrown to the error boundary.
 */
export function actionErrorResponse(error: unknown, formData?: FormData) {
  if (!isAppError(error)) throw error;
  if (error.code === AppErrorCode.NOT_FOUND) throw new Response(error.message, { status: 404 });
  const failure: FormFailure = {
    ok: false,
    formError: error.message,
    fieldErrors: error.fieldErrors ?? {},
    values: formData ? formValues(formData) : {},
  };
  return json(failure, { status: STATUS_BY_CODE[error.code] });
}

/** For loaders: a service's NOT_FOUND becomes the 404 page. */
export function rethrowAsResponse(error: unknown): never {
  if (isAppError(error)) {
    throw new Response(error.message, { status: STATUS_BY_CODE[error.code] });
  }
  throw error;
}

/**
 * For GET pages with a filter form (statistics, registers, lists): a VALIDATION error (a date that is not one, "từ
 * ngày" after "đến ngày") is the user's to correct, so it becomes the message shown beside the filter, with the
 * form kept; anything else goes on as rethrowAsResponse.
 */
export function filterFailureOf(error: unknown): { message: string; fieldErrors: FieldErrors } {
  if (isAppError(error) && error.code === AppErrorCode.VALIDATION) return { message: error.message, fieldErrors: error.fieldErrors ?? {} };
  rethrowAsResponse(error);
}

export const XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/**
 * A private file as a download (report, evidence, register, document): never sniffed, never cached by a
 * browser or proxy (shared office computers keep no copy).
 */
export function privateDownload(file: { bytes: Uint8Array; mimeType: string; fileName: string }): Response {
  return new Response(new Uint8Array(file.bytes), {
    headers: {
      "Content-Type": file.mimeType,
      "Content-Disposition": contentDisposition("attachment", file.fileName),
      "X-Content-Type-Options": "nosniff",
      "Cache-Control": "private, no-store",
    },
  });
}

export function notFound(message: string = CommonMessages.NOT_FOUND()): never {
  throw new Response(message, { status: 404 });
}

export { AppError, AppErrorCode };
