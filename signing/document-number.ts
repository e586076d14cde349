// Where the clerk's number and date go: values of pre-created text fields when the draft has them (preferred,
// a pure form fill), otherwise FreeText stamps placed at "Số:" / "ngày" (signing.md §1.6). Either way they are
// written in the organisation signature's revision, never into page content.
import { listFields } from "./pdf/fields";
import { PdfReader } from "./pdf/reader";
import type { StampOptions } from "./sign";

export type NumberAndDateOptions = {
  number?: string;
  /** Issue date (calendar date in Vietnam). */
  date?: { year: number; month: number; day: number };
  numberFieldNames?: string[];
  dateFieldNames?: string[];
  /** Địa danh, printed before the date when the page has no date line of its own ("Đông Hưng, ngày …"). */
  place?: string;
};

export type NumberAndDatePlan = { formValues: Record<string, string>; stamps: StampOptions[] };

/** "ngày 05 tháng 02 năm 2025": day < 10 and months 1–2 take a leading zero (Nghị định 30/2020/NĐ-CP). */
export function formatVietnameseDate(date: { year: number; month: number; day: number }): string {
  const day = date.day < 10 ? `0${date.day}` : String(date.day);
  const month = date.month < 3 ? `0${date.month}` : String(date.month);
  return `ngày ${day} tháng ${month} năm ${date.year}`;
}

export function planNumberAndDate(pdf: Uint8Array, options: NumberAndDateOptions): NumberAndDatePlan {
  const names = new Set(
    listFields(PdfReader.open(pdf))
      .filter((f) => f.type === "Tx")
      .map((f) => f.fullName),
  );
  const numberField = (options.numberFieldNames ?? ["so_ky_hieu", "so"]).find((n) => names.has(n));
  const dateField = (options.dateFieldNames ?? ["ngay_thang", "ngay_ban_hanh"]).find((n) => names.has(n));
  const plan: NumberAndDatePlan = { formValues: {}, stamps: [] };
  if (options.number) {
    if (numberField) plan.formValues[numberField] = options.number;
    // A page without "Số:" gets the label with the number, in ô 3 (Phụ lục I).
    else plan.stamps.push({ text: options.number, anchorText: "Số:", fallback: { slot: "number", text: `Số: ${options.number}` } });
  }
  if (options.date) {
    const text = formatVietnameseDate(options.date);
    if (dateField) plan.formValues[dateField] = text;
    else
      plan.stamps.push({
        text,
        anchorText: "ngày",
        replaceAnchor: true,
        fontSize: 13,
        fallback: { slot: "date", text: options.place ? `${options.place}, ${text}` : text },
      });
  }
  return plan;
}
