import { describe, expect, test } from "vitest";
import { parseId } from "#app/utils/ids";

describe("parseId", () => {
  test("reads a positive decimal integer", () => {
    expect(parseId("1")).toBe(1);
    expect(parseId("4101")).toBe(4101);
    expect(parseId("9007199254740991")).toBe(9007199254740991);
  });
  test("refuses what Number() would have accepted", () => {
    for (const text of [undefined, null, "", "0", "-1", "1.5", "1e3", "0x10", " 7", "7 ", "+7", "07", "9007199254740993", "abc"]) {
      expect(parseId(text), String(text)).toBeNull();
    }
  });
});
