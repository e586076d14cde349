// Vietnamese defaults for form validation. A schema's own message (`.min(1, "Nhập trích yếu")`) always wins;
// this map only replaces zod's English defaults ("Required", "Invalid input") that would otherwise reach
// the clerk when a field is missing or malformed.
import { z } from "zod";

export const VALIDATION_MESSAGES = {
  required: "Thiếu thông tin bắt buộc",
  invalid: "Giá trị không hợp lệ",
  choose: "Chọn một giá trị trong danh sách",
  format: "Giá trị không đúng định dạng",
  minChars: (n: number) => (n <= 1 ? "Không được để trống" : `Tối thiểu ${n} ký tự`),
  maxChars: (n: number) => `Tối đa ${n} ký tự`,
  minNumber: (n: number) => `Không được nhỏ hơn ${n}`,
  maxNumber: (n: number) => `Không được lớn hơn ${n}`,
  minItems: (n: number) => `Chọn ít nhất ${n}`,
  maxItems: (n: number) => `Chọn tối đa ${n}`,
} as const;

export const vietnameseErrorMap: z.ZodErrorMap = (issue, ctx) => {
  const m = VALIDATION_MESSAGES;
  switch (issue.code) {
    case z.ZodIssueCode.invalid_type:
      return { message: issue.received === "undefined" || issue.received === "null" ? m.required : m.invalid };
    case z.ZodIssueCode.invalid_enum_value:
    case z.ZodIssueCode.invalid_literal:
    case z.ZodIssueCode.invalid_union_discriminator:
      return { message: m.choose };
    case z.ZodIssueCode.invalid_string:
      return { message: m.format };
    case z.ZodIssueCode.too_small: {
      const n = Number(issue.minimum);
      if (issue.type === "string") return { message: m.minChars(n) };
      if (issue.type === "array" || issue.type === "set") return { message: m.minItems(n) };
      if (issue.type === "number" || issue.type === "bigint") return { message: m.minNumber(n) };
      return { message: m.invalid };
    }
    case z.ZodIssueCode.too_big: {
      const n = Number(issue.maximum);
      if (issue.type === "string") return { message: m.maxChars(n) };
      if (issue.type === "array" || issue.type === "set") return { message: m.maxItems(n) };
      if (issue.type === "number" || issue.type === "bigint") return { message: m.maxNumber(n) };
      return { message: m.invalid };
    }
    case z.ZodIssueCode.custom:
      return { message: issue.message ?? ctx.defaultError };
    default:
      return { message: m.invalid };
  }
};
