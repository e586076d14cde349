import { describe, expect, test } from "vitest";
import { joinListItems } from "#app/domain/shared/text";

describe("joinListItems (Nơi nhận on one line)", () => {
  test("items as printed on the document lose their dash and punctuation: no ';;'", () => {
    expect(joinListItems(["- Như trên;", "- Sở Nội vụ;", "- Lưu: VT, VP."])).toBe("Như trên; Sở Nội vụ; Lưu: VT, VP");
    expect(joinListItems(["Như trên;", "", "  ", "Sở Nội vụ"])).not.toMatch(/;;|; ;/);
  });
  test("plain names are joined unchanged", () => {
    expect(joinListItems(["TT. Tỉnh ủy (b/c)", "Công an tỉnh"])).toBe("TT. Tỉnh ủy (b/c); Công an tỉnh");
  });
});
