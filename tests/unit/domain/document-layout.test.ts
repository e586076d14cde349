import { describe, expect, test } from "vitest";
import {
  classifyParagraph,
  computeJustifiedGap,
  formatSummary,
  getUrgencyMark,
  resolveDocumentTemplate,
  splitBodyParagraphs,
  tokenizeSpans,
  wrapText,
  wrapTokens,
} from "#documents/composer/layout";
import { buildAuthorityLines, formatRecipientLines, normalizeAddressees, splitOrganizationName } from "#documents/composer/names";

// A monospace stand-in for the font: every character is 1 unit wide.
const monospace = (text: string) => Array.from(text).length;

describe("resolveDocumentTemplate", () => {
  test("uses the công văn sample for a type without abbreviation", () => {
    expect(resolveDocumentTemplate({ code: "CV", abbreviation: null })).toBe("official-letter");
  });

  test("recognises Quyết định and Giấy mời by their Phụ lục III abbreviation", () => {
    expect(resolveDocumentTemplate({ code: "QĐ", abbreviation: "QĐ" })).toBe("decision");
    expect(resolveDocumentTemplate({ code: "GM", abbreviation: "GM" })).toBe("invitation");
  });

  test("lays out other typed documents after the generic sample", () => {
    for (const abbreviation of ["KH", "BC", "TTr", "TB"]) {
      expect(resolveDocumentTemplate({ code: abbreviation, abbreviation })).toBe("named-document");
    }
  });
});

describe("formatSummary", () => {
  test("prefixes a công văn summary with V/v once", () => {
    expect(formatSummary("official-letter", "đôn đốc thực hiện")).toBe("V/v đôn đốc thực hiện");
    expect(formatSummary("official-letter", "v/v đôn đốc thực hiện")).toBe("V/v đôn đốc thực hiện");
  });

  test("replaces a 'Về việc' or 'V/v:' the drafter typed on a công văn instead of printing 'V/v Về việc …'", () => {
    expect(formatSummary("official-letter", "Về việc tăng cường quản lý")).toBe("V/v tăng cường quản lý");
    expect(formatSummary("official-letter", "về  việc: tăng cường quản lý")).toBe("V/v tăng cường quản lý");
    expect(formatSummary("official-letter", "V/v: tăng cường quản lý")).toBe("V/v tăng cường quản lý");
    expect(formatSummary("decision", "V/v thành lập Tổ công tác")).toBe("Về việc thành lập Tổ công tác");
    expect(formatSummary("official-letter", "Về kế hoạch năm 2026")).toBe("V/v Về kế hoạch năm 2026");
  });

  test("starts a decision summary with 'Về việc' unless it already starts with 'Về'", () => {
    expect(formatSummary("decision", "thành lập Tổ công tác")).toBe("Về việc thành lập Tổ công tác");
    expect(formatSummary("decision", "Về việc thành lập Tổ công tác")).toBe("Về việc thành lập Tổ công tác");
    expect(formatSummary("named-document", "Vận hành thử nghiệm")).toBe("Vận hành thử nghiệm");
  });
});

describe("splitBodyParagraphs", () => {
  test("treats every line as a paragraph and drops blank lines and extra spaces", () => {
    expect(splitBodyParagraphs("I. MỤC ĐÍCH\r\n\r\n1. Mục đích  \n\n-\u00a0Làm cơ sở")).toEqual(["I. MỤC ĐÍCH", "1. Mục đích", "- Làm cơ sở"]);
  });
});

describe("classifyParagraph", () => {
  test("makes an upper-case Roman-numeral heading bold", () => {
    const format = classifyParagraph("I. MỤC ĐÍCH, YÊU CẦU", "named-document");
    expect(format.kind).toBe("section-heading");
    expect(format.spans).toEqual([{ text: "I. MỤC ĐÍCH, YÊU CẦU", style: "bold" }]);
  });

  test("makes a numbered heading without closing punctuation bold", () => {
    expect(classifyParagraph("1. Mục đích", "named-document")).toMatchObject({
      kind: "numbered-heading",
      spans: [{ text: "1. Mục đích", style: "bold" }],
    });
    expect(classifyParagraph("2.1. Các đơn vị thực hiện ngay", "named-document").kind).toBe("numbered-heading");
  });

  test("bolds only the label of a numbered line with a colon", () => {
    const format = classifyParagraph("2. Thời gian thực hiện: Ngày 19, 20/6/2025.", "named-document");
    expect(format.spans).toEqual([
      { text: "2. Thời gian thực hiện:", style: "bold" },
      { text: " Ngày 19, 20/6/2025.", style: "regular" },
    ]);
  });

  test("keeps a numbered sentence regular apart from its number", () => {
    const format = classifyParagraph("3. Ban nhân dân các khóm tuyên truyền.", "official-letter");
    expect(format.kind).toBe("numbered-item");
    expect(format.spans[0]).toEqual({ text: "3.", style: "bold" });
  });

  test("does not treat a mixed-case Roman-looking sentence as a heading", () => {
    expect(classifyParagraph("I. Trên đây là báo cáo.", "named-document").kind).not.toBe("section-heading");
  });

  test("bolds the article label of a decision", () => {
    expect(classifyParagraph("Điều 1. Thành lập Tổ công tác.", "decision").spans).toEqual([
      { text: "Điều 1.", style: "bold" },
      { text: " Thành lập Tổ công tác.", style: "regular" },
    ]);
  });

  test("sets the legal bases of a decision in italic, but not in a plan", () => {
    expect(classifyParagraph("Căn cứ Luật Tổ chức chính quyền địa phương;", "decision")).toMatchObject({
      kind: "legal-basis",
      spans: [{ style: "italic" }],
    });
    expect(classifyParagraph("Căn cứ Nghị định số 118/2025/NĐ-CP;", "named-document").kind).toBe("plain");
  });

  test("centres 'QUYẾT ĐỊNH:' in a decision", () => {
    expect(classifyParagraph("QUYẾT ĐỊNH:", "decision")).toMatchObject({
      kind: "decision-marker",
      align: "center",
      indentFirstLine: false,
    });
  });

  test("recognises bullets and lettered items", () => {
    expect(classifyParagraph("- Trực tiếp tại bộ phận Văn thư.", "named-document").kind).toBe("bullet");
    expect(classifyParagraph("a) Công tác chuẩn bị", "named-document").kind).toBe("lettered-item");
    expect(classifyParagraph("đ) Chủ tịch UBND phát biểu kết luận", "named-document").kind).toBe("lettered-item");
  });
});

describe("wrapTokens", () => {
  test("never exceeds the width and reserves the first-line indent", () => {
    const tokens = tokenizeSpans([{ text: "aaa bbb ccc ddd eee fff ggg", style: "regular" }]);
    const lines = wrapTokens(tokens, monospace, 8, 11);
    expect(lines.map((line) => line.words.map((word) => word.text).join(" "))).toEqual(["aaa bbb", "ccc ddd eee", "fff ggg"]);
    expect(lines[0].naturalWidth).toBe(7);
    expect(lines[1].spaceWidth).toBe(2);
  });

  test("breaks a word longer than the line", () => {
    expect(wrapText("0913.699.914.0919.040.177", monospace, 10)).toEqual(["0913.699.9", "14.0919.04", "0.177"]);
  });

  test("keeps the style of each word across spans", () => {
    const lines = wrapTokens(
      tokenizeSpans([
        { text: "Điều 1.", style: "bold" },
        { text: " Thành lập", style: "regular" },
      ]),
      monospace,
      100,
    );
    expect(lines[0].words.map((word) => word.style)).toEqual(["bold", "bold", "regular", "regular"]);
  });
});

describe("computeJustifiedGap", () => {
  const line = wrapTokens(tokenizeSpans([{ text: "ab cd ef", style: "regular" }]), monospace, 20)[0];

  test("spreads the extra width over the gaps", () => {
    expect(computeJustifiedGap(line, 12, false)).toBe(2);
  });

  test("leaves the last line of a paragraph ragged", () => {
    expect(computeJustifiedGap(line, 12, true)).toBe(0);
  });
});

describe("splitOrganizationName", () => {
  test("keeps a name that fits on one line", () => {
    expect(splitOrganizationName("VĂN PHÒNG", monospace, 20)).toEqual(["VĂN PHÒNG"]);
  });

  test("breaks after the collective body, as printed on UBND headers", () => {
    expect(splitOrganizationName("ỦY BAN NHÂN DÂN TỈNH CÀ MAU", monospace, 20)).toEqual(["ỦY BAN NHÂN DÂN", "TỈNH CÀ MAU"]);
  });

  test("honours explicit line breaks", () => {
    expect(splitOrganizationName("SỞ KHOA HỌC\nVÀ CÔNG NGHỆ", monospace, 30)).toEqual(["SỞ KHOA HỌC", "VÀ CÔNG NGHỆ"]);
  });
});

describe("buildAuthorityLines", () => {
  const base = {
    organizationName: "ỦY BAN NHÂN DÂN PHƯỜNG TÂN THÀNH",
    signerTitle: "CHỦ TỊCH",
  };

  test("signs on behalf of the collective body with TM.", () => {
    expect(buildAuthorityLines({ ...base, signingAuthority: "TM." })).toEqual(["TM. ỦY BAN NHÂN DÂN"]);
  });

  test("derives the KT. line from a deputy's title", () => {
    expect(
      buildAuthorityLines({
        ...base,
        signingAuthority: "KT.",
        signerTitle: "Phó Chủ tịch",
      }),
    ).toEqual(["KT. CHỦ TỊCH"]);
  });

  test("supports TM. and KT. together for a deputy of a collective body", () => {
    expect(
      buildAuthorityLines({
        ...base,
        signingAuthority: "TM.",
        authorityLine: "ỦY BAN NHÂN DÂN\nKT. CHỦ TỊCH",
        signerTitle: "PHÓ CHỦ TỊCH",
      }),
    ).toEqual(["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH"]);
  });

  test("prints nothing above the title when the head signs in their own name", () => {
    expect(buildAuthorityLines({ ...base, signingAuthority: null })).toEqual([]);
  });

  test("uses the given line for TL. and TUQ.", () => {
    expect(
      buildAuthorityLines({
        ...base,
        signingAuthority: "TL.",
        authorityLine: "Chủ tịch",
        signerTitle: "CHÁNH VĂN PHÒNG",
      }),
    ).toEqual(["TL. CHỦ TỊCH"]);
  });
});

describe("formatRecipientLines", () => {
  test("dashes every line and ends with the archive line", () => {
    expect(formatRecipientLines(["Như trên;", "- Sở Nội vụ;"], "Lưu: VT, VP")).toEqual(["- Như trên;", "- Sở Nội vụ;", "- Lưu: VT, VP."]);
  });

  test("replaces a caller's archive line when one is given separately", () => {
    expect(formatRecipientLines(["Như trên;", "- Lưu: VT."], "Lưu: VT, NC.")).toEqual(["- Như trên;", "- Lưu: VT, NC."]);
  });

  test("defaults the archive line to the clerk's copy", () => {
    expect(formatRecipientLines(["Như trên;"])).toEqual(["- Như trên;", "- Lưu: VT."]);
  });
});

describe("normalizeAddressees", () => {
  test("accepts lines with or without the 'Kính gửi:' label", () => {
    expect(normalizeAddressees(["Kính gửi: Ủy ban nhân dân tỉnh Cà Mau.", "Sở Nội vụ"])).toEqual(["Ủy ban nhân dân tỉnh Cà Mau.", "Sở Nội vụ"]);
  });
});

describe("getUrgencyMark", () => {
  test("maps the urgency levels to the Phụ lục I stamps", () => {
    expect(getUrgencyMark("normal")).toBeNull();
    expect(getUrgencyMark(undefined)).toBeNull();
    expect(getUrgencyMark("urgent")?.label).toBe("KHẨN");
    expect(getUrgencyMark("very_urgent")).toEqual({
      label: "THƯỢNG KHẨN",
      widthMm: 40,
      heightMm: 8,
    });
    expect(getUrgencyMark("flash")?.label).toBe("HỎA TỐC");
  });
});
