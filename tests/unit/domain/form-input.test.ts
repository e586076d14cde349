import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { dateInputValue, dateTimeInputValue, parseDecimalInteger, parseOptionalVnDate, parseVnDate, parseVnDateTime } from "#app/domain/shared/form-input";

describe("parseVnDate", () => {
  test("reads dd/mm/yyyy, d/m/yyyy, dots and dashes, and ISO", () => {
    expect(parseVnDate("03/12/2025")).toEqual({ ok: true, value: "2025-12-03" });
    expect(parseVnDate(" 3/1/2025 ")).toEqual({ ok: true, value: "2025-01-03" });
    expect(parseVnDate("03.12.2025")).toEqual({ ok: true, value: "2025-12-03" });
    expect(parseVnDate("03-12-2025")).toEqual({ ok: true, value: "2025-12-03" });
    expect(parseVnDate("2025-12-03")).toEqual({ ok: true, value: "2025-12-03" });
    expect(parseVnDate("29/02/2024")).toEqual({ ok: true, value: "2024-02-29" });
  });
  test("refuses impossible dates with a message that says why", () => {
    const r = parseVnDate("31/02/2025");
    expect(r.ok).toBe(false);
    expect(!r.ok && r.error).toBe("Ngày 31/02/2025 không có thật: tháng 2/2025 chỉ có 28 ngày.");
    expect(parseVnDate("2026-02-31")).toEqual({ ok: false, error: "Ngày 31/02/2026 không có thật: tháng 2/2026 chỉ có 28 ngày." });
    expect(parseVnDate("29/02/2025").ok).toBe(false);
    expect(parseVnDate("01/13/2025")).toEqual({ ok: false, error: "Ngày 01/13/2025 không có thật: tháng phải từ 1 đến 12." });
    expect(parseVnDate("00/01/2025").ok).toBe(false);
  });
  test("refuses what is not a date, two-digit years and empty input", () => {
    for (const t of ["", "  ", "abc", "1/1/25", "12/03/2025 10:28 PM", "2025/12/03", "03122025"]) expect(parseVnDate(t).ok, t).toBe(false);
    expect(parseOptionalVnDate("")).toEqual({ ok: true, value: null });
    expect(parseOptionalVnDate("31/04/2025").ok).toBe(false);
  });
});

describe("parseVnDateTime", () => {
  test("24-hour time in Vietnam time, with the ISO form for scripts", () => {
    const r = parseVnDateTime("03/12/2025 22:28");
    expect(r.ok && r.value.date).toBe("2025-12-03");
    expect(r.ok && r.value.time).toBe("22:28");
    expect(r.ok && r.value.instant.toISOString()).toBe("2025-12-03T15:28:00.000Z");
    expect(parseVnDateTime("2025-12-03T22:28").ok && (parseVnDateTime("2025-12-03T22:28") as { value: { instant: Date } }).value.instant.toISOString()).toBe(
      "2025-12-03T15:28:00.000Z",
    );
    expect(parseVnDateTime("3/12/2025 8h05").ok).toBe(true);
  });
  test("refuses AM/PM, hours past 23, a missing time and impossible dates", () => {
    expect(parseVnDateTime("03/12/2025 10:28 PM").ok).toBe(false);
    expect(parseVnDateTime("03/12/2025 24:00").ok).toBe(false);
    expect(parseVnDateTime("03/12/2025 12:60").ok).toBe(false);
    const dateOnly = parseVnDateTime("03/12/2025");
    expect(!dateOnly.ok && dateOnly.error).toMatch(/Nhập cả giờ/);
    const impossible = parseVnDateTime("31/02/2025 08:00");
    expect(!impossible.ok && impossible.error).toMatch(/không có thật/);
  });
});

describe("values shown in text fields", () => {
  test("dd/mm/yyyy and dd/mm/yyyy hh:mm in Vietnam time, whatever the host time zone", () => {
    expect(dateInputValue("2025-12-03")).toBe("03/12/2025");
    expect(dateInputValue(null)).toBe("");
    expect(dateTimeInputValue(new Date("2025-12-03T15:28:00Z"))).toBe("03/12/2025 22:28");
    expect(dateTimeInputValue(new Date("2025-12-31T17:05:00Z"))).toBe("01/01/2026 00:05");
  });
});

describe("parseDecimalInteger", () => {
  test("decimal digits only: hexadecimal, exponents, signs and fractions are refused", () => {
    expect(parseDecimalInteger("16")).toEqual({ ok: true, value: 16 });
    expect(parseDecimalInteger("1.200")).toEqual({ ok: true, value: 1200 });
    for (const t of ["0x10", "1e3", "16.5", "-3", "+3", "0b11", "Infinity", "", "١٦"]) expect(parseDecimalInteger(t).ok, t).toBe(false);
    expect(parseDecimalInteger("0", { min: 1 }).ok).toBe(false);
  });
});

describe("no locale-dependent date control in the app", () => {
  test("no <input type=date|datetime-local|time|month> in routes or components", () => {
    const offenders: string[] = [];
    const walk = (dir: string) => {
      for (const entry of readdirSync(dir)) {
        const path = join(dir, entry);
        if (statSync(path).isDirectory()) walk(path);
        else if (/\.tsx$/.test(entry) && /type=(?:"|\{\s*["'])(date|datetime-local|time|month|week)["']/.test(readFileSync(path, "utf8"))) offenders.push(path);
      }
    };
    walk(join(process.cwd(), "app"));
    expect(offenders).toEqual([]);
  });
});
