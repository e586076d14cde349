// Vietnamese number formatting: "." groups thousands, "," marks decimals
// (tasks.md §4.5: "86,21%", vi-VN convention). Implemented by hand rather than with
// Intl so the output never depends on the ICU data bundled with the runtime.

/** Rounds half away from zero to `digits` decimals using decimal shifting, avoiding 1.005 → 1.00. */
export function roundHalfUp(x: number, digits = 0): number {
  if (!Number.isFinite(x)) return x;
  const sign = x < 0 ? -1 : 1;
  const shifted = Math.round(Number(`${Math.abs(x)}e${digits}`));
  return sign * Number(`${shifted}e-${digits}`);
}

function groupThousands(intDigits: string): string {
  return intDigits.replace(/\B(?=(\d{3})+(?!\d))/g, ".");
}

/** formatDecimalVi(86.2069, 2) → "86,21"; formatDecimalVi(1234.5, 1) → "1.234,5". */
export function formatDecimalVi(x: number, digits = 2): string {
  if (!Number.isFinite(x)) return "—";
  if (!Number.isInteger(digits) || digits < 0 || digits > 20) throw new RangeError(`digits must be 0..20, got ${digits}`);
  const rounded = roundHalfUp(x, digits);
  const negative = rounded < 0;
  const fixed = Math.abs(rounded).toFixed(digits); // exact after roundHalfUp
  const [intPart, fracPart] = fixed.split(".");
  const body = groupThousands(intPart) + (fracPart ? `,${fracPart}` : "");
  return negative && /[1-9]/.test(fixed) ? `-${body}` : body;
}

/**
 * A number as entered or measured, without padding: up to `maxDigits` decimals, trailing zeros
 * dropped. formatNumberVi(98.5) → "98,5"; formatNumberVi(1234) → "1.234"; 0.1 + 0.2 → "0,3".
 */
export function formatNumberVi(x: number, maxDigits = 6): string {
  return formatDecimalVi(x, maxDigits)
    .replace(/(,\d*?)0+$/, "$1")
    .replace(/,$/, "");
}

/** formatIntegerVi(1234567) → "1.234.567" (rounded half away from zero if not an integer). */
export function formatIntegerVi(x: number): string {
  return formatDecimalVi(x, 0);
}

/**
 * Percentage of numerator/denominator, rounded half-up to `digits` decimals
 * (tasks.md §4.5: 25/29 → "86,21%").
 * A zero denominator prints "—", never "0%" (tasks.md §4.5: "Handle den = 0 by printing —"),
 * because an empty plan has no rate, not a rate of zero.
 */
export function formatPercentVi(numerator: number, denominator: number, digits = 2): string {
  if (!Number.isFinite(numerator) || !Number.isFinite(denominator) || denominator === 0) return "—";
  return `${formatDecimalVi((numerator * 100) / denominator, digits)}%`;
}

/** Formats a ratio already in 0..1 (e.g. ProgressSummary.rate); null → "—". */
export function formatRateVi(rate: number | null | undefined, digits = 2): string {
  if (rate === null || rate === undefined || !Number.isFinite(rate)) return "—";
  return `${formatDecimalVi(rate * 100, digits)}%`;
}

/** Parses "86,21", "1.234.567", "86,21%" (Vietnamese separators) → number, or null. */
export function parseDecimalVi(text: string): number | null {
  const t = text.trim().replace(/%$/, "").trim();
  if (!/^-?\d{1,3}(\.\d{3})*(,\d+)?$|^-?\d+(,\d+)?$/.test(t)) return null;
  return Number(t.replace(/\./g, "").replace(",", "."));
}
