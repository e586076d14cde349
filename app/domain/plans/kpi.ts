// KPI indicators ("Chỉ tiêu") of a reform plan (tasks.md §4.6) and the evaluation column of
// the report's KPI table (seed 002, Phụ lục 4: "Vượt chỉ tiêu", "Đạt", "Dự kiến không đạt").

import { parseDecimalVi } from "#app/domain/shared/numbers";
import { foldDiacritics } from "#app/domain/shared/text";

export type KpiDirection = "at_least" | "at_most" | "increase_by" | "exact";

/** Shown on the KPI page and its form (browser and server alike). */
export const KPI_DIRECTION_LABELS: Record<KpiDirection, string> = {
  at_least: "Tối thiểu (≥)",
  at_most: "Tối đa (≤)",
  increase_by: "Tăng thêm",
  exact: "Bằng",
};

export type KpiEvaluation = "exceeded" | "achieved" | "not_achieved" | "expected_not_achieved" | "pending";

export const KPI_EVALUATION_LABELS: Record<KpiEvaluation, string> = {
  exceeded: "Vượt chỉ tiêu",
  achieved: "Đạt",
  not_achieved: "Không đạt",
  expected_not_achieved: "Dự kiến không đạt",
  pending: "Chưa đánh giá",
};

export type KpiForecast = "expected_achieved" | "expected_not_achieved" | "pending";

export const KPI_FORECAST_LABELS: Record<KpiForecast, string> = {
  expected_achieved: "Dự kiến đạt",
  expected_not_achieved: "Dự kiến không đạt",
  pending: "Chưa đánh giá",
};

export type KpiInput = {
  direction: KpiDirection;
  /** For increase_by: the required increase (percent of the baseline unless increaseMode = "absolute"). */
  target: number;
  result: number | null;
  /** Required for increase_by (tasks.md §4.6: relative targets need a baseline). */
  baseline?: number | null;
  periodEnded: boolean;
  /** Forecast of the end-of-period value, entered manually before the period ends. */
  projected?: number | null;
  /** "%" makes 100 the ceiling: a 100% target can only be "Đạt", never "Vượt" (tasks.md §4.6). */
  unit?: string | null;
  /** Explicit ceiling of the measure (overrides the "%" default of 100). */
  maxValue?: number | null;
  /** increase_by: "percent" (default, "Tăng 10% so với năm 2022") or "absolute" ("Tăng ít nhất 01 đơn vị"). */
  increaseMode?: "percent" | "absolute";
};

const EPS = 1e-9;

/** −1 worse than target, 0 meets exactly, +1 strictly better; null when it cannot be computed. */
function compare(input: KpiInput, value: number): number | null {
  const { direction, target } = input;
  if (!Number.isFinite(value) || !Number.isFinite(target)) return null;
  let measured = value;
  if (direction === "increase_by") {
    const baseline = input.baseline;
    if (baseline === null || baseline === undefined || !Number.isFinite(baseline)) return null;
    if ((input.increaseMode ?? "percent") === "percent") {
      if (baseline === 0) return null; // a percentage of nothing is undefined
      measured = ((value - baseline) / Math.abs(baseline)) * 100;
    } else {
      measured = value - baseline;
    }
  }
  const diff = measured - target;
  if (direction === "exact") return Math.abs(diff) <= EPS ? 0 : -1;
  const better = direction === "at_most" ? -diff : diff;
  if (Math.abs(better) <= EPS) return 0;
  if (better < 0) return -1;
  // Nothing can beat a target already at the measure's ceiling (a 100% target is "Đạt").
  const ceiling = input.maxValue ?? (input.unit === "%" && direction === "at_least" ? 100 : null);
  if (direction === "at_least" && ceiling !== null && target >= ceiling - EPS) return 0;
  return 1;
}

/**
 * Evaluates a KPI (tasks.md §4.6).
 * - Period ended: strictly better than the target → exceeded; meets it → achieved; else not_achieved.
 *   No result, or an increase_by target without a usable baseline → pending ("Chưa đủ dữ liệu").
 * - Period not ended: only a forecast is possible. A projected value that misses the target gives
 *   expected_not_achieved; otherwise pending (use forecastKpi for "Dự kiến đạt").
 *   An interim result is never evaluated against an annual target.
 */
export function evaluateKpi(input: KpiInput): KpiEvaluation {
  if (!input.periodEnded) {
    return forecastKpi(input) === "expected_not_achieved" ? "expected_not_achieved" : "pending";
  }
  if (input.result === null || input.result === undefined) return "pending";
  const c = compare(input, input.result);
  if (c === null) return "pending";
  return c > 0 ? "exceeded" : c === 0 ? "achieved" : "not_achieved";
}

/** Forecast before the period ends, from the manually entered projected value. */
export function forecastKpi(input: KpiInput): KpiForecast {
  if (input.projected === null || input.projected === undefined) return "pending";
  const c = compare(input, input.projected);
  if (c === null) return "pending";
  return c >= 0 ? "expected_achieved" : "expected_not_achieved";
}

export type ParsedKpiTarget = {
  text: string;
  direction: KpiDirection;
  value: number | null;
  unit: string | null;
  increaseMode?: "percent" | "absolute";
  /** "so với năm 2022" */
  baselineYear?: number;
  /** The measure is a reduction ("Giảm … 2%"): the result to enter is the reduction achieved. */
  measuresReduction?: boolean;
  needsReview: boolean;
};

const UNITS: Array<[RegExp, string]> = [
  [/^%/, "%"],
  [/^don vi\b/, "đơn vị"],
  [/^bac\b/, "bậc"],
  [/^diem\b/, "điểm"],
  [/^ho so\b/, "hồ sơ"],
  [/^van ban\b/, "văn bản"],
  [/^sang kien\b/, "sáng kiến"],
  [/^(giai phap|sang kien hoac giai phap)\b/, "giải pháp"],
  [/^co quan\b/, "cơ quan"],
  [/^doanh nghiep\b/, "doanh nghiệp"],
  [/^tthc\b|^thu tuc\b/, "TTHC"],
  [/^ty dong\b/, "tỷ đồng"],
  [/^ngay\b/, "ngày"],
  [/^lan\b/, "lần"],
  [/^nhiem vu\b/, "nhiệm vụ"],
];

function unitAfter(rest: string): string | null {
  const r = rest.trim();
  for (const [re, unit] of UNITS) if (re.test(r)) return unit;
  return null;
}

/**
 * Extracts direction, number and unit from a KPI target text: "Đạt 100%", "Tối thiểu 80%",
 * "≥ 90%", "Không quá 5%", "Tăng 10% so với năm 2022", "Tăng ít nhất 01 đơn vị" (seed 002
 * Phụ lục 4). Unrecognised text keeps value null and needsReview true.
 */
export function parseKpiTarget(text: string): ParsedKpiTarget {
  const t = foldDiacritics(text).replace(/≥/g, ">=").replace(/≤/g, "<=").replace(/\s+/g, " ").trim();
  const out: ParsedKpiTarget = {
    text,
    direction: "at_least",
    value: null,
    unit: null,
    needsReview: true,
  };
  const numRe = /(\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:[,.]\d+)?)\s*(.*)$/;
  const m = numRe.exec(t);
  if (!m) return out;
  const numText = m[1];
  // "2.5" with a single dot and no thousands grouping is a decimal written the English way.
  const value = /^\d+\.\d{1,2}$/.test(numText) ? Number(numText) : parseDecimalVi(numText);
  if (value === null) return out;
  const before = t.slice(0, m.index).trim();
  const after = m[2];
  out.value = value;
  out.unit = unitAfter(after);
  const baseline = /so voi (?:nam|cung ky nam)?\s*(\d{4})/.exec(t);
  if (baseline) out.baselineYear = Number(baseline[1]);

  if (/^(tang|nang)\b/.test(before) || /^(cai thien)\b/.test(before)) {
    out.direction = "increase_by";
    out.increaseMode = out.unit === "%" ? "percent" : "absolute";
    out.needsReview = false;
    return out;
  }
  if (/^giam\b/.test(before)) {
    out.direction = "at_least";
    out.measuresReduction = true;
    out.needsReview = false;
    return out;
  }
  if (/(khong qua|toi da|khong vuot qua|duoi|it hon|<=|<|nho hon)\s*$/.test(before) || /^(khong qua|toi da|duoi)\b/.test(before)) {
    out.direction = "at_most";
    out.needsReview = false;
    return out;
  }
  if (/(bang|=|dung)\s*$/.test(before) && !/>=|<=/.test(before)) {
    out.direction = "exact";
    out.needsReview = false;
    return out;
  }
  if (
    before === "" ||
    /(dat|toi thieu|it nhat|khong duoi|tren|>=|>|tu|phan dau|dat ty le|dat toi thieu|dat it nhat)\s*$/.test(before) ||
    /^(dat|toi thieu|it nhat|phan dau)\b/.test(before)
  ) {
    out.direction = "at_least";
    out.needsReview = false;
    return out;
  }
  return out;
}
