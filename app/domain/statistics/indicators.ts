// E-government indicators (issue 16 §3; seed 002, the province's 2023 PAR report): each a share with its
// numerator and denominator, computed from the documents themselves for an organisation and a period.
export const INDICATOR_KEYS = [
  "incomingElectronic",
  "incomingPaper",
  "outgoingElectronic",
  "outgoingDigitallySigned",
  "handledInSystem",
  "certificatesInUse",
] as const;
export type IndicatorKey = (typeof INDICATOR_KEYS)[number];

export function isIndicatorKey(value: unknown): value is IndicatorKey {
  return typeof value === "string" && (INDICATOR_KEYS as readonly string[]).includes(value);
}

export type IndicatorCounts = { numerator: number; denominator: number };

/** The share as a percentage number (0–100, two decimals) for a KPI result; null when the denominator is 0. */
export function indicatorPercent(c: IndicatorCounts): number | null {
  if (c.denominator === 0) return null;
  return Math.round(((c.numerator * 100) / c.denominator) * 100 + Number.EPSILON) / 100;
}
