import type { InputHTMLAttributes, ReactNode } from "react";
import { dateInputValue } from "#app/domain/shared/form-input";

export type ActionFailure = { ok: false; formError: string | null; fieldErrors: Record<string, string>; values: Record<string, string> };

export function isFailure(data: unknown): data is ActionFailure {
  return !!data && typeof data === "object" && (data as { ok?: unknown }).ok === false;
}

type FieldProps = {
  id: string;
  label: string;
  error?: string | null;
  hint?: ReactNode;
  children: (props: { id: string; "aria-invalid"?: true; "aria-describedby"?: string }) => ReactNode;
};

/** The hint and error under a control, with the ids its aria-describedby points at. */
function FieldMessages({ id, hint, error }: { id: string; hint?: ReactNode; error?: ReactNode }) {
  return (
    <>
      {hint ? (
        <span id={`${id}-hint`} className="hint">
          {hint}
        </span>
      ) : null}
      {error ? (
        <span id={`${id}-error`} className="error" role="alert">
          {error}
        </span>
      ) : null}
    </>
  );
}

/** A labelled control with its hint and error wired through aria-describedby (keyboard and screen readers). */
export function Field({ id, label, error, hint, children }: FieldProps) {
  const describedBy = [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(" ") || undefined;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {children({ id, "aria-invalid": error ? true : undefined, "aria-describedby": describedBy })}
      <FieldMessages id={id} hint={hint} error={error} />
    </div>
  );
}

export function FormError({ data }: { data: unknown }) {
  if (!isFailure(data) || !data.formError) return null;
  return (
    <div className="form-error" role="alert">
      {data.formError}
    </div>
  );
}

export function fieldError(data: unknown, name: string): string | undefined {
  return isFailure(data) ? data.fieldErrors[name] : undefined;
}

export function submittedValue(data: unknown, name: string, fallback = ""): string {
  return isFailure(data) && name in data.values ? data.values[name] : fallback;
}

type TextInputProps = Omit<InputHTMLAttributes<HTMLInputElement>, "type">;

/**
 * A date typed as dd/mm/yyyy. Never a native date input: its display follows the browser's
 * language (an en-US browser shows 12/03/2025 for 3 December), and the clerk reads dd/mm/yyyy on paper.
 */
export function DateInput(props: TextInputProps) {
  return <input type="text" inputMode="numeric" autoComplete="off" placeholder="dd/mm/yyyy" maxLength={10} size={11} {...props} />;
}

/**
 * A filter form's date field (GET forms: lists, registers, statistics): label, dd/mm/yyyy input, ISO value shown.
 * A refused filter passes the text as typed (`typed`, kept in the field to be corrected) and `invalid`; the reason
 * is the FilterError above the form, which the field points at.
 */
export function DateFilterField({
  name,
  label,
  value,
  typed,
  invalid,
}: {
  name: string;
  label: string;
  value: string | null | undefined;
  typed?: string | null;
  invalid?: boolean;
}) {
  return (
    <div className="field">
      <label htmlFor={name}>{label}</label>
      <DateInput
        id={name}
        name={name}
        defaultValue={typed ?? dateInputValue(value ?? null)}
        aria-invalid={invalid ? true : undefined}
        aria-describedby={invalid ? FILTER_ERROR_ID : undefined}
      />
    </div>
  );
}

const FILTER_ERROR_ID = "filter-error";

export type FilterFailure = { message: string; fieldErrors: Record<string, string> };

/**
 * Why a filter form was refused (a date that is not one, "từ ngày" after "đến ngày"), shown just above the form in
 * place of figures that would answer another question. Each distinct reason once.
 */
export function FilterError({ failure }: { failure: FilterFailure | null | undefined }) {
  if (!failure) return null;
  const reasons = [...new Set([failure.message, ...Object.values(failure.fieldErrors)])];
  return (
    <div id={FILTER_ERROR_ID} className="form-error" role="alert" data-testid="filter-error">
      {reasons.map((r) => (
        <p key={r} style={{ margin: 0 }}>
          {r}
        </p>
      ))}
    </div>
  );
}

/** A date and 24-hour time typed as "dd/mm/yyyy hh:mm" (never datetime-local, whose AM/PM follows the browser). */
export function DateTimeInput(props: TextInputProps) {
  return <input type="text" inputMode="numeric" autoComplete="off" placeholder="dd/mm/yyyy hh:mm" maxLength={16} size={17} {...props} />;
}

export type CheckboxGroup = { label?: string; options: Array<{ value: string; label: string }> };

/**
 * Several choices as a list of checkboxes: usable by touch and keyboard alike, where a
 * <select multiple> needs Ctrl-click (impossible on a phone). Posts one `name` entry per checked box.
 */
export function CheckboxList({
  id,
  name,
  legend,
  groups,
  defaultValues = [],
  error,
  hint,
}: {
  id: string;
  name: string;
  legend: string;
  groups: CheckboxGroup[];
  defaultValues?: string[];
  error?: string | null;
  hint?: ReactNode;
}) {
  const describedBy = [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(" ") || undefined;
  return (
    <fieldset className="field checkbox-list" id={id} aria-describedby={describedBy} aria-invalid={error ? true : undefined}>
      <legend>{legend}</legend>
      <div className="checkbox-list-options">
        {groups.map((g, gi) =>
          g.options.length === 0 ? null : (
            // biome-ignore lint/a11y/useSemanticElements: a nested <fieldset> would draw a second legend and border inside this field's fieldset
            // biome-ignore lint/suspicious/noArrayIndexKey: the groups are fixed for the page's life and may share an empty label
            <div key={gi} role="group" aria-label={g.label}>
              {g.label ? <div className="muted checkbox-list-group">{g.label}</div> : null}
              {g.options.map((o) => (
                <label key={o.value} className="checkbox">
                  <input type="checkbox" name={name} value={o.value} defaultChecked={defaultValues.includes(o.value)} /> {o.label}
                </label>
              ))}
            </div>
          ),
        )}
      </div>
      <FieldMessages id={id} hint={hint} error={error} />
    </fieldset>
  );
}
