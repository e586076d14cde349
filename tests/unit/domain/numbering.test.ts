import { describe, expect, test } from "vitest";
import { formatDocumentNumber, formatNumberSymbol, formatSymbol, nextNumber, printedSignerTitle, selectRegisterBook } from "#app/domain/outgoing/numbering";
import { findDocumentTypeByCode } from "#app/domain/shared/document-types";
import { formatDateLine } from "#app/domain/shared/dates";

describe("numbering", () => {
  test("numbers under 10 are padded to two digits, larger ones are not", () => {
    expect([1, 5, 9, 10, 58, 100, 1234].map(formatDocumentNumber)).toEqual(["01", "05", "09", "10", "58", "100", "1234"]);
    expect(() => formatDocumentNumber(0)).toThrow();
    expect(() => formatDocumentNumber(1.5)).toThrow();
  });

  test("typed documents: type abbreviation – issuer; case is kept (QĐ, TTr, QyĐ, CTr)", () => {
    const sym = (code: string, n: number) =>
      formatNumberSymbol(n, { typeAbbreviation: findDocumentTypeByCode(code)!.abbreviation, issuerAbbreviation: "UBND", draftingUnitAbbreviation: "VP" });
    expect(sym("KH", 172)).toBe("172/KH-UBND");
    expect(sym("KH", 58)).toBe("58/KH-UBND");
    expect(sym("QĐ", 5)).toBe("05/QĐ-UBND");
    expect(sym("TTr", 3)).toBe("03/TTr-UBND");
    expect(sym("QyĐ", 11)).toBe("11/QyĐ-UBND");
    expect(sym("CTr", 2)).toBe("02/CTr-UBND");
  });

  test("công văn: issuer – drafting unit (no type abbreviation)", () => {
    expect(findDocumentTypeByCode("CV")!.abbreviation).toBeNull();
    expect(formatNumberSymbol(12, { typeAbbreviation: null, issuerAbbreviation: "UBND", draftingUnitAbbreviation: "VP" })).toBe("12/UBND-VP");
    expect(formatNumberSymbol(7, { typeAbbreviation: null, issuerAbbreviation: "UBND", draftingUnitAbbreviation: "KT" })).toBe("07/UBND-KT");
    expect(formatSymbol({ typeAbbreviation: null, issuerAbbreviation: "UBND", draftingUnitAbbreviation: null })).toBe("UBND");
  });

  test("next number restarts at 01 on an empty book", () => {
    expect(nextNumber(null)).toBe(1);
    expect(nextNumber(57)).toBe(58);
  });

  test("book selection: secret book for secret documents, per-type series when configured, else shared", () => {
    const books = [
      { id: 1, security: "normal" as const, docTypeCode: "" },
      { id: 2, security: "normal" as const, docTypeCode: "QĐ" },
      { id: 3, security: "secret" as const, docTypeCode: "" },
    ];
    expect(selectRegisterBook(books, "KH", false)?.id).toBe(1);
    expect(selectRegisterBook(books, "QĐ", false)?.id).toBe(2);
    expect(selectRegisterBook(books, "QĐ", true)?.id).toBe(3);
    expect(selectRegisterBook([], "KH", false)).toBeNull();
    expect(selectRegisterBook(books.slice(0, 2), "KH", true)).toBeNull();
  });

  test("date line: place, day < 10 and months 1–2 padded", () => {
    expect(formatDateLine("Tân Thành", "2025-01-05")).toBe("Tân Thành, ngày 05 tháng 01 năm 2025");
    expect(formatDateLine("Cà Mau", "2025-06-15")).toBe("Cà Mau, ngày 15 tháng 6 năm 2025");
  });

  test("printed signer title", () => {
    expect(printedSignerTitle("Chủ tịch UBND tỉnh")).toBe("CHỦ TỊCH");
    expect(printedSignerTitle("Phó Chủ tịch UBND phường")).toBe("PHÓ CHỦ TỊCH");
    expect(printedSignerTitle(null)).toBe("");
  });
});
