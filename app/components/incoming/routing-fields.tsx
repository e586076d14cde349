import { CheckboxList, DateInput, Field, fieldError, submittedValue } from "#app/components/ui/form";
import { formatDateVi } from "#app/domain/shared/dates";

export type RoutingChoices = {
  units: Array<{ value: string; label: string }>;
  people: Array<{ value: string; label: string }>;
};

/**
 * Main handler, cooperating, for-information recipients, deadline (date or N working days) and a note.
 * `keptDeadline`: what an empty deadline keeps (the service keeps each document's registered deadline):
 * that date for one document, "each" for several.
 */
export function RoutingFields({
  choices,
  failure,
  idPrefix = "routing-",
  keptDeadline,
}: {
  choices: RoutingChoices;
  failure: unknown;
  idPrefix?: string;
  keptDeadline?: string | null | "each";
}) {
  const options = (
    <>
      <optgroup label="Đơn vị">
        {choices.units.map((u) => (
          <option key={u.value} value={u.value}>
            {u.label}
          </option>
        ))}
      </optgroup>
      <optgroup label="Cá nhân">
        {choices.people.map((p) => (
          <option key={p.value} value={p.value}>
            {p.label}
          </option>
        ))}
      </optgroup>
    </>
  );
  const groups = [
    { label: "Đơn vị", options: choices.units },
    { label: "Cá nhân", options: choices.people },
  ];
  const id = (name: string) => `${idPrefix}${name}`;
  return (
    <>
      <div className="form-grid">
        <Field id={id("main")} label="Xử lý chính (chủ trì)" error={fieldError(failure, "main")}>
          {(p) => (
            <select {...p} name="main" defaultValue={submittedValue(failure, "main")}>
              <option value="">— Chọn đơn vị hoặc người —</option>
              {options}
            </select>
          )}
        </Field>
        <CheckboxList id={id("cooperating")} name="cooperating" legend="Phối hợp" groups={groups} error={fieldError(failure, "cooperating")} />
        <CheckboxList id={id("info")} name="info" legend="Nhận để biết" groups={groups} error={fieldError(failure, "info")} />
        <Field
          id={id("deadline")}
          label="Hạn xử lý (ngày)"
          hint={
            keptDeadline === "each"
              ? "Để trống: mỗi văn bản giữ hạn đã ghi khi đăng ký (nếu có)"
              : keptDeadline
                ? `Để trống: giữ hạn đã ghi khi đăng ký (${formatDateVi(keptDeadline)})`
                : undefined
          }
          error={fieldError(failure, "deadline")}
        >
          {(p) => <DateInput {...p} name="deadline" defaultValue={submittedValue(failure, "deadline")} />}
        </Field>
        <Field
          id={id("workingDays")}
          label="hoặc số ngày làm việc"
          hint="Tính theo lịch làm việc (bỏ qua ngày nghỉ, lễ, Tết)"
          error={fieldError(failure, "workingDays")}
        >
          {(p) => <input {...p} name="workingDays" type="number" min={1} max={365} defaultValue={submittedValue(failure, "workingDays")} />}
        </Field>
      </div>
      <Field id={id("note")} label="Ý kiến phân phối" error={fieldError(failure, "note")}>
        {(p) => <textarea {...p} name="note" rows={2} defaultValue={submittedValue(failure, "note")} />}
      </Field>
    </>
  );
}
