// zod fields for what users type into dates, times and whole numbers (one parser, app/domain/form-input).
// Shared by route actions and loaders; pure, so a form can also use it in the browser.
import { z } from "zod";
import { parseDecimalInteger, parseOptionalVnDate, parseVnDate, parseVnDateTime } from "#app/domain/shared/form-input";

type Result<T> = { ok: true; value: T } | { ok: false; error: string };

function from<T>(parse: (text: string | undefined) => Result<T>) {
  return z
    .string()
    .optional()
    .transform((text, ctx): T => {
      const r = parse(text);
      if (r.ok) return r.value;
      ctx.addIssue({ code: z.ZodIssueCode.custom, message: r.error });
      return z.NEVER;
    });
}

/** Required date, dd/mm/yyyy or yyyy-mm-dd → ISO yyyy-mm-dd. */
export const vnDateField = (emptyMessage?: string) =>
  from((t) => ((t ?? "").trim() === "" && emptyMessage ? { ok: false, error: emptyMessage } : parseVnDate(t)));

/** Optional date → ISO yyyy-mm-dd or null. */
export const optionalVnDateField = () => from(parseOptionalVnDate);

/** Required date and 24-hour time in Vietnam time → the instant. */
export const vnDateTimeField = () =>
  from((t) => {
    const r = parseVnDateTime(t);
    return r.ok ? { ok: true as const, value: r.value.instant } : r;
  });

/** Optional whole number in decimal digits (never "0x10", "1e3" or "16.5") → number or null. */
export const optionalDecimalIntegerField = (limits: { min?: number; max?: number } = {}) =>
  from((t) => ((t ?? "").trim() === "" ? { ok: true as const, value: null } : parseDecimalInteger(t, limits)));

/** A date from a query string that was validated before (or may be ignored): ISO date or null. */
export function queryDate(text: string | null): string | null {
  const r = parseOptionalVnDate(text);
  return r.ok ? r.value : null;
}

export type QueryDates<K extends string> = {
  /** ISO yyyy-mm-dd, or null for an empty field (or one that is not a date: see fieldErrors). */
  dates: Record<K, string | null>;
  /** What was typed, to put back in the field. */
  typed: Record<K, string>;
  /** The reason each typed text is not a date (the same words as the forms: "Ngày 31/02/2023 không có thật: …"). */
  fieldErrors: Partial<Record<K, string>>;
};

/**
 * The date filters of a GET form (lists, registers, statistics, a plan's cut-off). A text that is not a date is
 * reported, never replaced: quietly dropping "31/02/2023" showed today's figures under a field reset to today.
 */
export function queryDates<K extends string>(params: URLSearchParams, names: readonly K[]): QueryDates<K> {
  const dates = {} as Record<K, string | null>;
  const typed = {} as Record<K, string>;
  const fieldErrors: Partial<Record<K, string>> = {};
  for (const name of names) {
    const text = (params.get(name) ?? "").slice(0, 40);
    typed[name] = text;
    const r = parseOptionalVnDate(text);
    dates[name] = r.ok ? r.value : null;
    if (!r.ok) fieldErrors[name] = r.error;
  }
  return { dates, typed, fieldErrors };
}
