import { describe, expect, test } from "vitest";
import { z } from "zod";
import { parseFormData } from "#app/utils/http.server";

const form = (fields: Record<string, string>) => {
  const f = new FormData();
  for (const [k, v] of Object.entries(fields)) f.append(k, v);
  return f;
};

describe("form validation speaks Vietnamese", () => {
  const schema = z.object({
    summary: z.string().trim().min(1, "Nhập trích yếu"),
    note: z.string().max(5),
    kind: z.enum(["a", "b"]),
    pages: z.coerce.number().int().min(1).max(500),
    code: z.string().regex(/^\d+$/),
  });

  test("zod's English defaults never reach the user; a schema's own message wins", () => {
    const result = parseFormData(form({ summary: "", note: "quá dài", kind: "c", pages: "0", code: "x1" }), schema);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.fieldErrors).toEqual({
      summary: "Nhập trích yếu",
      note: "Tối đa 5 ký tự",
      kind: "Chọn một giá trị trong danh sách",
      pages: "Không được nhỏ hơn 1",
      code: "Giá trị không đúng định dạng",
    });
  });

  test("a missing field says it is required", () => {
    const result = parseFormData(form({}), z.object({ name: z.string() }));
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.fieldErrors.name).toBe("Thiếu thông tin bắt buộc");
    expect(JSON.stringify(result)).not.toMatch(/Required|Invalid|Expected/);
  });
});
