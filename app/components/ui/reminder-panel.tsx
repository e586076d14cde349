import { useFetcher } from "@remix-run/react";
import { FormError } from "#app/components/ui/form";
import { REMINDER_LEVEL_LABELS } from "#app/domain/shared/notifications";

export type ReminderItem = { id: number; level: keyof typeof REMINDER_LEVEL_LABELS; note: string; fromName: string; toName: string | null; at: string };

/** Đôn đốc on an item's page: the reminders sent so far, and the form for those who may send one. */
export function ReminderPanel({
  entityType,
  entityId,
  reminders,
  canRemind,
}: {
  entityType: "incoming_document" | "plan_task";
  entityId: number;
  reminders: ReminderItem[];
  canRemind: boolean;
}) {
  // A fetcher: a refusal (no handler yet, no permission) shows here without leaving the item's page.
  const fetcher = useFetcher<unknown>();
  if (!canRemind && reminders.length === 0) return null;
  return (
    <section className="card" aria-labelledby="reminders-heading">
      <h2 id="reminders-heading">Đôn đốc</h2>
      {reminders.length > 0 ? (
        <ul className="reminder-list">
          {reminders.map((r) => (
            <li key={r.id}>
              <strong>{REMINDER_LEVEL_LABELS[r.level]}</strong> · {r.at} · {r.fromName}
              {r.toName ? ` → ${r.toName}` : ""}
              {r.note ? <div>{r.note}</div> : null}
            </li>
          ))}
        </ul>
      ) : null}
      {canRemind ? (
        <fetcher.Form method="post" action="/notifications/remind" className="stack">
          <FormError data={fetcher.data} />
          <input type="hidden" name="entityType" value={entityType} />
          <input type="hidden" name="entityId" value={entityId} />
          <label>
            Mức đôn đốc{" "}
            <select name="level" defaultValue="nhac_nho">
              {Object.entries(REMINDER_LEVEL_LABELS).map(([value, label]) => (
                <option key={value} value={value}>
                  {label}
                </option>
              ))}
            </select>
          </label>
          <label>
            Nội dung
            <textarea name="note" rows={2} maxLength={1000} />
          </label>
          <button type="submit" disabled={fetcher.state !== "idle"}>
            Gửi đôn đốc
          </button>
        </fetcher.Form>
      ) : null}
    </section>
  );
}
