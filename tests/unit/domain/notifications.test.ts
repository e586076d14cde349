import { describe, expect, test } from "vitest";
import { certificateExpiryThreshold } from "#app/domain/shared/notifications";

describe("certificateExpiryThreshold", () => {
  test("the smallest threshold reached, null while further off", () => {
    expect(certificateExpiryThreshold(31)).toBeNull();
    expect(certificateExpiryThreshold(30)).toBe(30);
    expect(certificateExpiryThreshold(8)).toBe(30);
    expect(certificateExpiryThreshold(7)).toBe(7);
    // First seen 5 days before expiry: the 7-day notice only, not the 30-day one it skipped.
    expect(certificateExpiryThreshold(5)).toBe(7);
    expect(certificateExpiryThreshold(0)).toBe(0);
    expect(certificateExpiryThreshold(-3)).toBe(0);
    expect(certificateExpiryThreshold(10, [14, 3])).toBe(14);
  });
});
