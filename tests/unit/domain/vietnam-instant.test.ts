import { describe, expect, test } from "vitest";
import { formatDateTimeVi, toVietnamDate, vietnamInstant } from "#app/domain/shared/dates";

// Vietnam keeps UTC+7 all year (no daylight saving since 1975): local midnight is 17:00 UTC the day before.
describe("vietnamInstant", () => {
  test("local midnight and a time of day map to the right UTC instants", () => {
    expect(vietnamInstant("2025-01-05").toISOString()).toBe("2025-01-04T17:00:00.000Z");
    expect(vietnamInstant("2025-01-05", "14:30").toISOString()).toBe("2025-01-05T07:30:00.000Z");
    expect(vietnamInstant("2024-12-31", "8:05").toISOString()).toBe("2024-12-31T01:05:00.000Z");
  });

  test("round-trips through the Vietnamese date and dd/mm/yyyy hh:mm", () => {
    const at = vietnamInstant("2024-02-29", "23:59");
    expect(toVietnamDate(at)).toBe("2024-02-29");
    expect(formatDateTimeVi(at)).toBe("29/02/2024 23:59");
  });
});
