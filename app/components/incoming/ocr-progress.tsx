// Progress of a scan's OCR on the registration form (issue 14). Polls the status resource every two
// seconds; when the text arrives, fills the form's fields that are still empty — never one the clerk has
// typed in — marks them as read from the file (yellow, to check), and shows the low-quality pages.
// The clerk may save before this ends: the server completes the document afterwards.
import { useEffect, useRef, useState } from "react";
import { dateInputValue } from "#app/domain/shared/form-input";
import type { OcrStatus } from "#app/features/incoming/index";
import { OcrMessages } from "#app/messages/ocr";

const FIELDS = ["numberSymbol", "docTypeCode", "issuedDate", "issuerName", "summary", "signerName", "signerTitle"] as const;

export function OcrProgress({ fileId, pollMs = 2000 }: { fileId: string; pollMs?: number }) {
  const [status, setStatus] = useState<OcrStatus | null>(null);
  const [filled, setFilled] = useState<string[]>([]);
  const recognised = FIELDS.filter((name) => Boolean(status?.fields?.[name])).length;
  const anchor = useRef<HTMLDivElement>(null);

  useEffect(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const poll = async () => {
      try {
        const response = await fetch(`/resources/incoming/ocr/${encodeURIComponent(fileId)}`, { headers: { Accept: "application/json" } });
        if (response.ok) {
          const next = (await response.json()) as OcrStatus;
          if (stopped) return;
          setStatus(next);
          if (next.state === "done" || next.state === "failed") {
            if (next.state === "done" && next.fields) setFilled(fillEmptyFields(anchor.current?.closest("section")?.querySelector("form") ?? null, next));
            return;
          }
        }
      } catch {
        // network blip: try again at the next tick
      }
      if (!stopped) timer = setTimeout(poll, pollMs);
    };
    void poll();
    return () => {
      stopped = true;
      if (timer) clearTimeout(timer);
    };
  }, [fileId, pollMs]);

  const state = status?.state ?? "queued";
  const lowPages = status?.pages.filter((p) => p.isLowQuality) ?? [];
  return (
    <div ref={anchor} className="ocr-progress" data-ocr-state={state}>
      <p className="notice" role="status" aria-live="polite">
        {OcrMessages.NO_TEXT_LAYER}{" "}
        {state === "queued"
          ? OcrMessages.QUEUED
          : state === "running"
            ? OcrMessages.RUNNING
            : state === "failed"
              ? OcrMessages.FAILED(status?.error ?? "lỗi không rõ")
              : filled.length
                ? OcrMessages.DONE_FILLED(filled.length)
                : recognised
                  ? OcrMessages.DONE_NOTHING_EMPTY
                  : OcrMessages.DONE_NOTHING_READ}
        {state === "queued" || state === "running" ? <progress aria-label="Tiến độ nhận dạng chữ" /> : null}
      </p>
      {lowPages.length ? (
        <div className="notice warning" role="alert">
          <strong>{OcrMessages.LOW_QUALITY}</strong>
          <ul>
            {lowPages.map((p) => (
              <li key={p.page}>{p.warning}</li>
            ))}
          </ul>
        </div>
      ) : null}
    </div>
  );
}

/** Sets the empty fields of `form` from the OCR; returns the names filled. */
function fillEmptyFields(form: HTMLFormElement | null, status: OcrStatus): string[] {
  if (!form || !status.fields) return [];
  const filled: string[] = [];
  for (const name of FIELDS) {
    const element = form.elements.namedItem(name) as HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement | null;
    const value = name === "issuedDate" ? dateInputValue(status.fields[name]) : status.fields[name];
    if (!element || !value || element.value.trim() !== "") continue;
    element.value = value;
    element.classList.add("extracted");
    element.dispatchEvent(new Event("input", { bubbles: true }));
    filled.push(name);
  }
  const setHidden = (name: string, values: string[]) => {
    const input = form.elements.namedItem(name) as HTMLInputElement | null;
    if (input) input.value = [...new Set([...input.value.split(",").filter(Boolean), ...values])].join(",");
  };
  setHidden("extractedFields", filled);
  // Everything read from a scan is to be checked.
  setHidden("lowConfidenceFields", filled);
  return filled;
}
