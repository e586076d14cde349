import { describe, expect, it } from "vitest";
import { cleanFileName, foldDiacritics, matchesSearch, normalizeForMatch, toSearchTokens } from "#app/domain/shared/text";

describe("foldDiacritics", () => {
  it("removes all Vietnamese tone and vowel marks", () => {
    expect(foldDiacritics("Ủy ban nhân dân tỉnh Cà Mau")).toBe("uy ban nhan dan tinh ca mau");
    expect(foldDiacritics("Thời gian thực hiện, hoàn thành")).toBe("thoi gian thuc hien, hoan thanh");
    expect(foldDiacritics("ỨỪỬỮỰ ẤẦẨẪẬ ẮẰẲẴẶ ỐỒỔỖỘ ỚỜỞỠỢ ẾỀỂỄỆ")).toBe("uuuuu aaaaa aaaaa ooooo ooooo eeeee");
  });
  it("maps đ and Đ to d (NFD does not decompose them)", () => {
    expect("đ".normalize("NFD")).toBe("đ");
    expect(foldDiacritics("Đảng ủy, đơn vị")).toBe("dang uy, don vi");
    expect(foldDiacritics("ĐỊNH KỲ")).toBe("dinh ky");
    // U+00D0 (Icelandic eth) appears in text converted from legacy TCVN3/VNI fonts.
    expect(foldDiacritics("\u00d0ồng Tháp")).toBe("dong thap");
  });
  it("handles precomposed and decomposed input the same", () => {
    const composed = "Nội vụ";
    expect(foldDiacritics(composed.normalize("NFD"))).toBe(foldDiacritics(composed.normalize("NFC")));
  });
  it("collapses whitespace incl. newlines and NBSP", () => {
    expect(foldDiacritics("  Sở \n Nội\u00a0vụ\t ")).toBe("so noi vu");
  });
});

describe("normalizeForMatch / toSearchTokens", () => {
  it("strips punctuation", () => {
    expect(normalizeForMatch("Sở Thông tin và Truyền thông;")).toBe("so thong tin va truyen thong");
    expect(normalizeForMatch("UBND các huyện, thành phố Cà Mau.")).toBe("ubnd cac huyen thanh pho ca mau");
    expect(normalizeForMatch("Kế hoạch số 123/KH-UBND")).toBe("ke hoach so 123 kh ubnd");
    expect(normalizeForMatch("  ")).toBe("");
  });
  it("tokens are distinct and ordered", () => {
    expect(toSearchTokens("Sở Nội vụ, sở nội vụ")).toEqual(["so", "noi", "vu"]);
    expect(toSearchTokens("")).toEqual([]);
  });
  it("matchesSearch uses prefix tokens", () => {
    expect(matchesSearch("Sở Tài nguyên và Môi trường", "tai ng")).toBe(true);
    expect(matchesSearch("Sở Tài nguyên và Môi trường", "tư pháp")).toBe(false);
  });
});

describe("cleanFileName", () => {
  it("keeps a normal Vietnamese name and reads a decomposed one in NFC", () => {
    expect(cleanFileName("Công văn số 5; khẩn.pdf")).toBe("Công văn số 5; khẩn.pdf");
    expect(cleanFileName("Ba\u0301o ca\u0301o.pdf")).toBe("Báo cáo.pdf");
  });
  it("drops controls and bidi overrides, so the shown extension is the real one", () => {
    expect(cleanFileName("rtl\u202efdp.exe")).toBe("rtlfdp.exe");
    expect(cleanFileName("a\u2066b\u2069\u200f.pdf")).toBe("ab.pdf");
    expect(cleanFileName("x\u0085y\u009b.pdf")).toBe("xy.pdf");
    expect(cleanFileName("  a \t\n b.pdf ")).toBe("a b.pdf");
  });
  it("names an empty result", () => {
    expect(cleanFileName("\u0007\u202e")).toBe("tệp");
    expect(cleanFileName("..")).toBe("tệp");
  });
});
