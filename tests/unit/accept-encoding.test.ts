import { describe, expect, test } from "vitest";
import { acceptsGzip } from "#app/utils/accept-encoding";

describe("acceptsGzip", () => {
  test.each([
    ["gzip, deflate, br, zstd", true], // Chromium
    ["gzip", true],
    ["br;q=1.0, gzip;q=0.8, *;q=0.1", true],
    ["GZIP", true],
    ["x-gzip", true],
    ["*", true],
    ["br, *;q=0.5", true],
    ["gzip;q=0", false],
    ["gzip;q=0.000, *", false], // an explicit refusal wins over the wildcard
    ["*;q=0", false],
    ["br", false],
    ["identity", false],
    ["", false],
    [null, false],
    ["gzip;q=abc", false],
  ])("%s → %s", (header, expected) => {
    expect(acceptsGzip(header)).toBe(expected);
  });
});
