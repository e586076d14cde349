/**
 * Errors a service throws on purpose. Routes map them to responses in one place
 * (`toErrorResponse` in app/utils/http.server.ts).
 */
export const AppErrorCode = {
  /** The row does not exist or lies outside the actor's scope (never confirm existence: 404). */
  NOT_FOUND: "NOT_FOUND",
  /** The actor lacks the permission for this action on a row they may see. */
  FORBIDDEN: "FORBIDDEN",
  /** The transition is not allowed from the row's current state. */
  INVALID_STATE: "INVALID_STATE",
  /** The input failed validation; `fieldErrors` says where. */
  VALIDATION: "VALIDATION",
  /** Someone else changed the row since the form was loaded (optimistic concurrency). */
  CONFLICT: "CONFLICT",
  /** Too many attempts (login rate limit). */
  RATE_LIMITED: "RATE_LIMITED",
  /** The upload ran over a size or count limit while it streamed (413). */
  PAYLOAD_TOO_LARGE: "PAYLOAD_TOO_LARGE",
} as const;
export type AppErrorCode = (typeof AppErrorCode)[keyof typeof AppErrorCode];

export class AppError extends Error {
  readonly code: AppErrorCode;
  readonly fieldErrors?: Record<string, string>;
  constructor(code: AppErrorCode, message: string, fieldErrors?: Record<string, string>) {
    super(message);
    this.name = "AppError";
    this.code = code;
    this.fieldErrors = fieldErrors;
  }
}

export function isAppError(error: unknown): error is AppError {
  return error instanceof AppError;
}

/**
 * A value the code knows is there (a row just read under a foreign key, the head of a non-empty queue).
 * Instead of `value!` (which turns a broken assumption into `undefined` far away), fail here, naming it.
 */
export function present<T>(value: T | null | undefined, what: string): T {
  if (value === null || value === undefined) throw new Error(`Expected ${what} to be present`);
  return value;
}
