import { describe, expect, it } from "vitest";
import { evaluateKpi, forecastKpi, KPI_EVALUATION_LABELS, parseKpiTarget, type KpiInput } from "#app/domain/plans/kpi";

const ended = (x: Omit<KpiInput, "periodEnded">): KpiInput => ({
  ...x,
  periodEnded: true,
});

describe("evaluateKpi at the end of the period", () => {
  it("labels", () => {
    expect(KPI_EVALUATION_LABELS).toEqual({
      exceeded: "Vượt chỉ tiêu",
      achieved: "Đạt",
      not_achieved: "Không đạt",
      expected_not_achieved: "Dự kiến không đạt",
      pending: "Chưa đánh giá",
    });
  });

  // Rows of seed 002 Phụ lục 4 (Báo cáo 343/BC-UBND, 2020).
  it("Giảm biên chế công chức so với năm 2019: 2% → 2,1% = Vượt chỉ tiêu", () => {
    expect(evaluateKpi(ended({ direction: "at_least", target: 2, result: 2.1, unit: "%" }))).toBe("exceeded");
  });
  it("Tối thiểu 2,5% → 2,7% = Vượt chỉ tiêu", () => {
    expect(evaluateKpi(ended({ direction: "at_least", target: 2.5, result: 2.7, unit: "%" }))).toBe("exceeded");
  });
  it("Tỷ lệ nộp hồ sơ trực tuyến 20% → 20% = Đạt", () => {
    expect(evaluateKpi(ended({ direction: "at_least", target: 20, result: 20, unit: "%" }))).toBe("achieved");
  });
  it("Hồ sơ giải quyết trực tuyến 20% → 30,08% = Vượt chỉ tiêu", () => {
    expect(evaluateKpi(ended({ direction: "at_least", target: 20, result: 30.08, unit: "%" }))).toBe("exceeded");
  });
  it("Tăng ít nhất 01 đơn vị → tăng 04 đơn vị = Vượt chỉ tiêu", () => {
    expect(
      evaluateKpi(
        ended({
          direction: "increase_by",
          increaseMode: "absolute",
          target: 1,
          baseline: 10,
          result: 14,
        }),
      ),
    ).toBe("exceeded");
    expect(
      evaluateKpi(
        ended({
          direction: "increase_by",
          increaseMode: "absolute",
          target: 1,
          baseline: 10,
          result: 11,
        }),
      ),
    ).toBe("achieved");
    expect(
      evaluateKpi(
        ended({
          direction: "increase_by",
          increaseMode: "absolute",
          target: 1,
          baseline: 10,
          result: 10,
        }),
      ),
    ).toBe("not_achieved");
  });
  it("Số doanh nghiệp thành lập mới tăng ít nhất 10%: 473 vs 470 → Không đạt by the rule", () => {
    // The report wrote "Đạt"; by value vs target (+0,64% < 10%) the rule says Không đạt.
    expect(
      evaluateKpi(
        ended({
          direction: "increase_by",
          target: 10,
          baseline: 470,
          result: 473,
        }),
      ),
    ).toBe("not_achieved");
    expect(
      evaluateKpi(
        ended({
          direction: "increase_by",
          target: 10,
          baseline: 470,
          result: 517,
        }),
      ),
    ).toBe("achieved");
    expect(
      evaluateKpi(
        ended({
          direction: "increase_by",
          target: 10,
          baseline: 470,
          result: 600,
        }),
      ),
    ).toBe("exceeded");
  });
  it("100% is a ceiling: only Đạt, never Vượt", () => {
    expect(evaluateKpi(ended({ direction: "at_least", target: 100, result: 100, unit: "%" }))).toBe("achieved");
    expect(evaluateKpi(ended({ direction: "at_least", target: 100, result: 97.3, unit: "%" }))).toBe("not_achieved");
    // Without a unit nothing is known about a ceiling.
    expect(evaluateKpi(ended({ direction: "at_least", target: 100, result: 120 }))).toBe("exceeded");
    expect(evaluateKpi(ended({ direction: "at_least", target: 5, result: 6, maxValue: 5 }))).toBe("achieved");
  });
  it("at_most: lower is better", () => {
    expect(evaluateKpi(ended({ direction: "at_most", target: 5, result: 3, unit: "%" }))).toBe("exceeded");
    expect(evaluateKpi(ended({ direction: "at_most", target: 5, result: 5, unit: "%" }))).toBe("achieved");
    expect(evaluateKpi(ended({ direction: "at_most", target: 5, result: 5.01, unit: "%" }))).toBe("not_achieved");
  });
  it("exact", () => {
    expect(evaluateKpi(ended({ direction: "exact", target: 3, result: 3 }))).toBe("achieved");
    expect(evaluateKpi(ended({ direction: "exact", target: 3, result: 4 }))).toBe("not_achieved");
    expect(evaluateKpi(ended({ direction: "exact", target: 0.3, result: 0.1 + 0.2 }))).toBe("achieved");
  });
  it("missing data → pending", () => {
    expect(evaluateKpi(ended({ direction: "at_least", target: 90, result: null }))).toBe("pending");
    expect(evaluateKpi(ended({ direction: "increase_by", target: 10, result: 120 }))).toBe("pending");
    expect(
      evaluateKpi(
        ended({
          direction: "increase_by",
          target: 10,
          result: 120,
          baseline: 0,
        }),
      ),
    ).toBe("pending");
    expect(evaluateKpi(ended({ direction: "at_least", target: 90, result: Number.NaN }))).toBe("pending");
  });
});

describe("before the end of the period only forecasts", () => {
  it("Tiếp nhận hồ sơ trên phần mềm Một cửa điện tử: 100%, projected 83,2% → Dự kiến không đạt", () => {
    const x: KpiInput = {
      direction: "at_least",
      target: 100,
      result: 83.2,
      projected: 83.2,
      periodEnded: false,
      unit: "%",
    };
    expect(evaluateKpi(x)).toBe("expected_not_achieved");
    expect(forecastKpi(x)).toBe("expected_not_achieved");
  });
  it("an interim result alone is not evaluated", () => {
    expect(
      evaluateKpi({
        direction: "at_least",
        target: 100,
        result: 83.2,
        periodEnded: false,
        unit: "%",
      }),
    ).toBe("pending");
  });
  it("a projection that meets the target stays pending (forecastKpi says Dự kiến đạt)", () => {
    const x: KpiInput = {
      direction: "at_least",
      target: 100,
      result: 91.5,
      projected: 100,
      periodEnded: false,
      unit: "%",
    };
    expect(evaluateKpi(x)).toBe("pending");
    expect(forecastKpi(x)).toBe("expected_achieved");
  });
});

describe("parseKpiTarget", () => {
  it.each([
    ["Đạt 100%", "at_least", 100, "%"],
    ["100%", "at_least", 100, "%"],
    ["Tối thiểu 80%", "at_least", 80, "%"],
    ["Tối thiểu 2,5%", "at_least", 2.5, "%"],
    ["tỷ lệ hồ sơ giải quyết đúng hạn ≥ 90%", "at_least", 90, "%"],
    ["Ít nhất 03 sáng kiến", "at_least", 3, "sáng kiến"],
    ["Không quá 5%", "at_most", 5, "%"],
    ["Tối đa 2 ngày", "at_most", 2, "ngày"],
    ["Tăng 10% so với năm 2022", "increase_by", 10, "%"],
    ["Tăng ít nhất 10%", "increase_by", 10, "%"],
    ["Tăng ít nhất 01 đơn vị", "increase_by", 1, "đơn vị"],
    ["Cải thiện ít nhất 05 bậc", "increase_by", 5, "bậc"],
    ["1.234 hồ sơ", "at_least", 1234, "hồ sơ"],
  ])("%s", (text, direction, value, unit) => {
    const r = parseKpiTarget(text);
    expect({
      direction: r.direction,
      value: r.value,
      unit: r.unit,
      needsReview: r.needsReview,
    }).toEqual({ direction, value, unit, needsReview: false });
    expect(r.text).toBe(text);
  });
  it("captures the baseline year and the increase mode", () => {
    expect(parseKpiTarget("Tăng 10% so với năm 2022")).toMatchObject({
      baselineYear: 2022,
      increaseMode: "percent",
    });
    expect(parseKpiTarget("Tăng ít nhất 01 đơn vị")).toMatchObject({
      increaseMode: "absolute",
    });
  });
  it("reductions are measured as the reduction achieved", () => {
    expect(parseKpiTarget("Giảm ít nhất 2% so với năm 2019")).toMatchObject({
      direction: "at_least",
      value: 2,
      unit: "%",
      measuresReduction: true,
      baselineYear: 2019,
    });
  });
  it("unrecognised targets are flagged", () => {
    expect(parseKpiTarget("Vượt chỉ tiêu được giao")).toMatchObject({
      value: null,
      needsReview: true,
    });
    expect(parseKpiTarget("Nằm trong nhóm 30 tỉnh dẫn đầu").needsReview).toBe(true);
    expect(parseKpiTarget("").needsReview).toBe(true);
  });
});
