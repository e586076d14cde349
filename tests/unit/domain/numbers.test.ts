import { describe, expect, it } from "vitest";
import { formatDecimalVi, formatIntegerVi, formatNumberVi, formatPercentVi, formatRateVi, parseDecimalVi, roundHalfUp } from "#app/domain/shared/numbers";

describe("formatPercentVi (tasks.md §4.5)", () => {
  it("seed 002: 25/29 → 86,21%", () => {
    expect(formatPercentVi(25, 29)).toBe("86,21%");
  });
  it("rounds half up", () => {
    expect(formatPercentVi(1, 8)).toBe("12,50%");
    expect(formatPercentVi(1, 8, 0)).toBe("13%");
    expect(formatPercentVi(1, 3)).toBe("33,33%");
    expect(formatPercentVi(2, 3)).toBe("66,67%");
    expect(formatPercentVi(1, 16, 1)).toBe("6,3%");
  });
  it("whole values keep the decimals", () => {
    expect(formatPercentVi(29, 29)).toBe("100,00%");
    expect(formatPercentVi(0, 29)).toBe("0,00%");
  });
  it("0/0 prints an em dash, not 0%", () => {
    expect(formatPercentVi(0, 0)).toBe("—");
    expect(formatPercentVi(3, 0)).toBe("—");
    expect(formatPercentVi(Number.NaN, 4)).toBe("—");
  });
  it("formatRateVi", () => {
    expect(formatRateVi(25 / 29)).toBe("86,21%");
    expect(formatRateVi(null)).toBe("—");
  });
});

describe("formatDecimalVi / formatIntegerVi", () => {
  it("uses comma decimals and dot thousands", () => {
    expect(formatDecimalVi(86.2069, 2)).toBe("86,21");
    expect(formatDecimalVi(1234.5, 1)).toBe("1.234,5");
    expect(formatDecimalVi(1.005, 2)).toBe("1,01");
    expect(formatDecimalVi(-0.001, 2)).toBe("0,00");
    expect(formatDecimalVi(-1234.567, 2)).toBe("-1.234,57");
  });
  it("integers", () => {
    expect(formatIntegerVi(1234567)).toBe("1.234.567");
    expect(formatIntegerVi(999)).toBe("999");
    expect(formatIntegerVi(1000)).toBe("1.000");
    expect(formatIntegerVi(0)).toBe("0");
    expect(formatIntegerVi(-1000000)).toBe("-1.000.000");
  });
  it("roundHalfUp is symmetric", () => {
    expect(roundHalfUp(2.5)).toBe(3);
    expect(roundHalfUp(-2.5)).toBe(-3);
    expect(roundHalfUp(86.205, 2)).toBe(86.21);
  });
  it("parseDecimalVi", () => {
    expect(parseDecimalVi("86,21%")).toBe(86.21);
    expect(parseDecimalVi("1.234.567")).toBe(1234567);
    expect(parseDecimalVi("12,5")).toBe(12.5);
    expect(parseDecimalVi("1,2,3")).toBeNull();
  });
});

describe("formatNumberVi (no padding)", () => {
  it.each([
    [98.5, "98,5"],
    [100, "100"],
    [1234, "1.234"],
    [1234.25, "1.234,25"],
    [0.1 + 0.2, "0,3"],
    [-2.5, "-2,5"],
    [0, "0"],
  ])("%d → %s", (x, text) => {
    expect(formatNumberVi(x)).toBe(text);
  });
  it("round-trips through parseDecimalVi", () => {
    for (const x of [98.5, 1234.25, 1000000, 0.125]) expect(parseDecimalVi(formatNumberVi(x))).toBe(x);
  });
});
