import { describe, expect, test } from "vitest";
import {
  extractDocumentFields,
  groupPageLines,
  matchKnownIssuer,
  organNameCase,
  parseDateLine,
  parseNumberSymbol,
  parseSignatureBlock,
  splitIssuerLines,
} from "#app/domain/incoming/document-extraction";
import { DOCUMENT_TYPES, findDocumentTypeByAbbreviation, findDocumentTypeByName } from "#app/domain/shared/document-types";
import type { PositionedPage, PositionedText, PositionedTextItem } from "#app/domain/shared/positioned-text";

// ---------------------------------------------------------------------------------------------------
// Synthetic positioned text: an A4 page laid out like Decree 30 App. I, with widths approximated at half an
// em per character (close enough for Times-like fonts at these sizes).

const PAGE = { width: 595, height: 842 };
const LEFT_CENTER = 170;
const RIGHT_CENTER = 400;
const PAGE_CENTER = 318;

type Placed = { text: string; y: number; center?: number; x?: number; size?: number; bold?: boolean; fontKnown?: boolean };

function item({ text, y, center, x, size = 13, bold = false, fontKnown = true }: Placed): PositionedTextItem {
  const width = text.length * size * 0.5;
  const left = x ?? (center ?? PAGE_CENTER) - width / 2;
  return {
    str: text,
    x: left,
    y,
    width,
    height: size,
    ...(fontKnown ? { fontName: bold ? "TimesNewRomanPS-BoldMT" : "TimesNewRomanPSMT", bold } : {}),
  };
}

function page(placed: Placed[]): PositionedPage {
  return { ...PAGE, items: placed.map(item) };
}

type SyntheticSpec = {
  parentIssuer?: string;
  issuerLines?: string[];
  number?: string | null;
  officialLetterSummary?: string[];
  dateLine?: string | null;
  typeName?: string | null;
  summaryLines?: string[];
  afterSummary?: Placed[];
  body?: string[];
  signatureLines?: string[];
  signerName?: string | null;
  fontKnown?: boolean;
  /** The national motto's lines (default: the two lines of Decree 30 App. I, ô 1). */
  mottoLines?: string[];
  /** Weight of each issuer line (default: all bold). */
  issuerBold?: boolean[];
};

const isUpper = (text: string) => text === text.toLocaleUpperCase("vi");

function headerPlacements(spec: SyntheticSpec): { placed: Placed[]; nextY: number } {
  const fontKnown = spec.fontKnown ?? true;
  const placed: Placed[] = [];
  let leftY = 75;
  if (spec.parentIssuer) {
    placed.push({ text: spec.parentIssuer, y: leftY, center: LEFT_CENTER, fontKnown });
    leftY += 15;
  }
  (spec.issuerLines ?? ["ỦY BAN NHÂN DÂN", "TỈNH CÀ MAU"]).forEach((line, i) => {
    placed.push({ text: line, y: leftY, center: LEFT_CENTER, bold: spec.issuerBold?.[i] ?? true, fontKnown });
    leftY += 15;
  });
  let rightY = 75;
  for (const line of spec.mottoLines ?? ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"]) {
    placed.push({ text: line, y: rightY, center: RIGHT_CENTER, size: isUpper(line) ? 12 : 13, bold: true, fontKnown });
    rightY += 15;
  }
  // The columns are laid out independently (as pdf-lib and many producers do): a motto wrapping onto
  // more lines pushes the date line down, not the number.
  const numberY = Math.max(leftY + 12, 120);
  const dateY = Math.max(rightY + 15, numberY);
  if (spec.number !== null) placed.push({ text: `Số: ${spec.number ?? "172/KH-UBND"}`, y: numberY, center: LEFT_CENTER, fontKnown });
  if (spec.dateLine !== null) placed.push({ text: spec.dateLine ?? "Cà Mau, ngày 15 tháng 6 năm 2025", y: dateY, center: RIGHT_CENTER, fontKnown });
  let y = numberY + 16;
  for (const line of spec.officialLetterSummary ?? []) {
    placed.push({ text: line, y, center: LEFT_CENTER, size: 12, fontKnown });
    y += 14;
  }
  y += 18;
  if (spec.typeName !== null && !spec.officialLetterSummary) {
    placed.push({ text: spec.typeName ?? "KẾ HOẠCH", y, size: 14, bold: true, fontKnown });
    y += 17;
    for (const line of spec.summaryLines ?? ["Vận hành thử nghiệm tổ chức chính quyền cấp xã"]) {
      placed.push({ text: line, y, size: 14, bold: true, fontKnown });
      y += 17;
    }
    y += 14;
  }
  for (const extra of spec.afterSummary ?? []) placed.push({ ...extra, y: y + extra.y, fontKnown });
  if (spec.afterSummary?.length) y += Math.max(...spec.afterSummary.map((p) => p.y)) + 20;
  return { placed, nextY: y };
}

function bodyAndSignature(spec: SyntheticSpec, startY: number): Placed[] {
  const fontKnown = spec.fontKnown ?? true;
  const placed: Placed[] = [];
  let y = startY;
  for (const paragraph of spec.body ?? ["Căn cứ Nghị định số 30/2020/NĐ-CP ngày 05 tháng 3 năm 2020 của Chính phủ về công tác văn thư;"]) {
    placed.push({ text: paragraph, y, x: 113, size: 14, fontKnown });
    y += 23;
  }
  if (spec.signerName === null) return placed;
  y += 12;
  placed.push({ text: "Nơi nhận:", y, x: 85, size: 12, bold: true, fontKnown });
  placed.push({ text: "- Như trên;", y: y + 14, x: 85, size: 11, fontKnown });
  placed.push({ text: "- Lưu: VT.", y: y + 27, x: 85, size: 11, fontKnown });
  let signY = y;
  for (const line of spec.signatureLines ?? ["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"]) {
    placed.push({ text: line, y: signY, center: RIGHT_CENTER, bold: true, fontKnown });
    signY += 15;
  }
  placed.push({ text: spec.signerName ?? "Lâm Văn Bi", y: signY + 70, center: RIGHT_CENTER, bold: true, fontKnown });
  return placed;
}

function syntheticDocument(spec: SyntheticSpec = {}): PositionedText {
  const { placed, nextY } = headerPlacements(spec);
  return { pageCount: 1, hasTextLayer: true, pages: [page([...placed, ...bodyAndSignature(spec, nextY)])] };
}

// ---------------------------------------------------------------------------------------------------

describe("document types (Decree 30 Art. 7, App. III)", () => {
  test("lists the 29 administrative types with unique codes and abbreviations", () => {
    expect(DOCUMENT_TYPES).toHaveLength(29);
    expect(new Set(DOCUMENT_TYPES.map((t) => t.code)).size).toBe(29);
    const abbreviations = DOCUMENT_TYPES.flatMap((t) => (t.abbreviation ? [t.abbreviation] : []));
    expect(abbreviations).toHaveLength(27);
    expect(new Set(abbreviations).size).toBe(27);
  });

  test("công văn and thư công have no abbreviation; công văn has code CV", () => {
    expect(DOCUMENT_TYPES.find((t) => t.name === "Công văn")).toEqual({ code: "CV", name: "Công văn", abbreviation: null });
    expect(DOCUMENT_TYPES.find((t) => t.name === "Thư công")?.abbreviation).toBeNull();
  });

  test("keeps the case-sensitive abbreviations as data", () => {
    const byName = (name: string) => DOCUMENT_TYPES.find((t) => t.name === name)?.abbreviation;
    expect([byName("Quyết định"), byName("Tờ trình"), byName("Quy định"), byName("Chương trình"), byName("Đề án")]).toEqual(["QĐ", "TTr", "QyĐ", "CTr", "ĐA"]);
  });

  test.each([
    ["KH", "Kế hoạch"],
    ["QĐ", "Quyết định"],
    ["HD", "Hướng dẫn"],
    ["HĐ", "Hợp đồng"],
    ["DA", "Dự án"],
    ["ĐA", "Đề án"],
    ["TTr", "Tờ trình"],
    ["TTR", "Tờ trình"],
    ["QD", "Quyết định"],
    ["CTR", "Chương trình"],
    ["UQ", "Giấy ủy quyền"],
  ])("finds the type for abbreviation %s", (abbreviation, name) => {
    expect(findDocumentTypeByAbbreviation(abbreviation)?.name).toBe(name);
  });

  test("does not treat organ abbreviations or Nghị định as administrative types", () => {
    expect(findDocumentTypeByAbbreviation("UBND")).toBeNull();
    expect(findDocumentTypeByAbbreviation("NĐ")).toBeNull();
    expect(findDocumentTypeByAbbreviation("NĐ", { includeLegalNormative: true })?.name).toBe("Nghị định");
  });

  test.each([["KẾ HOẠCH"], ["ke hoach"], ["Kế hoạch"], ["  KẾ   HOẠCH "]])("finds Kế hoạch by name %j", (name) => {
    expect(findDocumentTypeByName(name)?.code).toBe("KH");
  });

  test("finds names with (cá biệt) and old tone placement", () => {
    expect(findDocumentTypeByName("Quyết định (cá biệt)")?.code).toBe("QĐ");
    expect(findDocumentTypeByName("BẢN THOẢ THUẬN")?.code).toBe("BTT");
    expect(findDocumentTypeByName("GIẤY UỶ QUYỀN")?.code).toBe("GUQ");
    expect(findDocumentTypeByName("Văn bản")).toBeNull();
  });
});

describe("parseNumberSymbol", () => {
  test("reads a typed document's number (seed 004)", () => {
    expect(parseNumberSymbol("172/KH-UBND")).toEqual({
      number: 172,
      numberText: "172",
      symbol: "KH-UBND",
      typeAbbreviation: "KH",
      issuerAbbreviation: "UBND",
      unitAbbreviation: null,
      text: "172/KH-UBND",
    });
  });

  test("reads the year of a legal normative document", () => {
    const parsed = parseNumberSymbol("Số: 12/2025/QĐ-UBND");
    expect(parsed).toMatchObject({ number: 12, year: 2025, symbol: "QĐ-UBND", typeAbbreviation: "QĐ", text: "12/2025/QĐ-UBND" });
  });

  test("reads a công văn: first group is the organ, the rest the drafting unit", () => {
    expect(parseNumberSymbol("12/UBND-VP")).toMatchObject({
      typeAbbreviation: null,
      issuerAbbreviation: "UBND",
      unitAbbreviation: "VP",
    });
  });

  test.each([
    ["Số: 05 /QĐ-UBND", "05/QĐ-UBND"],
    ["Số:05/QĐ - UBND", "05/QĐ-UBND"],
    ["05 / QĐ–UBND", "05/QĐ-UBND"],
    ["343 /BC-UBND", "343/BC-UBND"],
    ["172/KH-UBND.", "172/KH-UBND"],
    ["Số : 07/CTr-UBND", "07/CTr-UBND"],
    ["12 / 2025 / QĐ-UBND", "12/2025/QĐ-UBND"],
  ])("normalises stray spaces and dashes in %j", (input, text) => {
    expect(parseNumberSymbol(input)?.text).toBe(text);
  });

  test("keeps the leading zero Decree 30 requires below 10", () => {
    expect(parseNumberSymbol("05/QĐ-UBND")).toMatchObject({ number: 5, numberText: "05" });
  });

  test.each([
    ["45/TTr-SNV", "TTr"],
    ["3/QyĐ-UBND", "QyĐ"],
    ["9/ĐA-UBND", "ĐA"],
    ["9/DA-UBND", "DA"],
    ["10/HĐ-UBND", "HĐ"],
    ["10/HD-UBND", "HD"],
    ["15/QD-UBND", "QĐ"],
    ["30/2020/NĐ-CP", "NĐ"],
  ])("recognises the type abbreviation in %s", (input, abbreviation) => {
    expect(parseNumberSymbol(input)?.typeAbbreviation).toBe(abbreviation);
  });

  test.each([["163-KL/TW"], ["/QĐ-UBND"], ["Số:"], ["Số:    /QĐ-UBND"], ["abc"], ["0/KH-UBND"], ["12/1800/QĐ-UBND"], [""]])("rejects %j", (input) => {
    expect(parseNumberSymbol(input)).toBeNull();
  });
});

describe("parseDateLine", () => {
  test.each([
    ["Cà Mau, ngày 15 tháng 6 năm 2025", "Cà Mau", "2025-06-15"],
    ["Tân Thành, ngày 05 tháng 01 năm 2025", "Tân Thành", "2025-01-05"],
    ["Tân Thành, ngày 5 tháng 1 năm 2025", "Tân Thành", "2025-01-05"],
    ["Phường 3, ngày 01 tháng 02 năm 2025", "Phường 3", "2025-02-01"],
    ["Cà Mau, ngày 15/6/2025", "Cà Mau", "2025-06-15"],
    ["Cà Mau,ngày  20  tháng 11 năm 2025", "Cà Mau", "2025-11-20"],
  ])("reads %j", (line, place, date) => {
    expect(parseDateLine(line)).toEqual({ place, date });
  });

  test("has no place when the line starts with ngày", () => {
    expect(parseDateLine("ngày 5 tháng 01 năm 2025")).toEqual({ place: null, date: "2025-01-05" });
  });

  test.each([["Cà Mau, ngày 31 tháng 2 năm 2025"], ["Cà Mau, ngày      tháng      năm 2025"], ["Cà Mau, tháng 6 năm 2025"]])("rejects %j", (line) => {
    expect(parseDateLine(line)).toBeNull();
  });
});

describe("splitIssuerLines", () => {
  test("joins a body whose locality is on the second line", () => {
    expect(splitIssuerLines([{ text: "ỦY BAN NHÂN DÂN" }, { text: "TỈNH CÀ MAU" }])).toMatchObject({
      issuer: "ỦY BAN NHÂN DÂN TỈNH CÀ MAU",
      parentIssuer: null,
      isCertain: false,
    });
    expect(splitIssuerLines([{ text: "ỦY BAN NHÂN DÂN" }, { text: "PHƯỜNG TÂN THÀNH" }]).issuer).toBe("ỦY BAN NHÂN DÂN PHƯỜNG TÂN THÀNH");
  });

  test("splits governing body and issuer by organ words without font information", () => {
    expect(splitIssuerLines([{ text: "UBND TỈNH CÀ MAU" }, { text: "SỞ NỘI VỤ" }])).toMatchObject({
      issuer: "SỞ NỘI VỤ",
      parentIssuer: "UBND TỈNH CÀ MAU",
    });
    expect(splitIssuerLines([{ text: "TỈNH CÀ MAU" }, { text: "ỦY BAN NHÂN DÂN XÃ ĐẤT MŨI" }])).toMatchObject({
      issuer: "ỦY BAN NHÂN DÂN XÃ ĐẤT MŨI",
      parentIssuer: "TỈNH CÀ MAU",
    });
  });

  test("continues an issuer name that wraps onto a line without an organ word", () => {
    expect(splitIssuerLines([{ text: "UBND TỈNH CÀ MAU" }, { text: "TRUNG TÂM PHỤC VỤ" }, { text: "HÀNH CHÍNH CÔNG" }])).toMatchObject({
      issuer: "TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG",
      parentIssuer: "UBND TỈNH CÀ MAU",
    });
  });

  test("lets regular-then-bold decide when fonts are known", () => {
    expect(
      splitIssuerLines([
        { text: "UBND TỈNH CÀ MAU", bold: false },
        { text: "BAN QUẢN LÝ DỰ ÁN", bold: true },
        { text: "CÔNG TRÌNH XÂY DỰNG", bold: true },
      ]),
    ).toEqual({ issuer: "BAN QUẢN LÝ DỰ ÁN CÔNG TRÌNH XÂY DỰNG", parentIssuer: "UBND TỈNH CÀ MAU", isCertain: true });
  });

  test("returns nulls for no lines", () => {
    expect(splitIssuerLines([])).toEqual({ issuer: null, parentIssuer: null, isCertain: false });
  });
});

describe("matchKnownIssuer", () => {
  const known = ["Ủy ban nhân dân tỉnh Cà Mau", "Sở Nội vụ tỉnh Cà Mau", "Ủy ban nhân dân phường Tân Thành"];
  test("matches the printed name ignoring case, accents and the UBND abbreviation", () => {
    expect(matchKnownIssuer("ỦY BAN NHÂN DÂN TỈNH CÀ MAU", null, known)).toBe("Ủy ban nhân dân tỉnh Cà Mau");
    expect(matchKnownIssuer("UBND PHƯỜNG TÂN THÀNH", null, known)).toBe("Ủy ban nhân dân phường Tân Thành");
  });
  test("adds the governing body's locality to a department name", () => {
    expect(matchKnownIssuer("SỞ NỘI VỤ", "UBND TỈNH CÀ MAU", known)).toBe("Sở Nội vụ tỉnh Cà Mau");
  });
  test("returns null for an unknown body", () => {
    expect(matchKnownIssuer("SỞ TƯ PHÁP", "UBND TỈNH CÀ MAU", known)).toBeNull();
  });
});

describe("parseSignatureBlock", () => {
  const block = (texts: string[], nameGap = 70) => texts.map((text, i) => ({ text, size: 13, y: 500 + i * 15 + (i === texts.length - 1 ? nameGap : 0) }));

  test.each([
    [["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Lâm Văn Bi"], "KT.", "PHÓ CHỦ TỊCH"],
    [["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "Phạm Thành Ngại"], "TM.", "CHỦ TỊCH"],
    [["TL. CHỦ TỊCH", "CHÁNH VĂN PHÒNG", "Trần Văn Hiếu"], "TL.", "CHÁNH VĂN PHÒNG"],
    [["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Lê Văn Sử"], "KT.", "PHÓ CHỦ TỊCH"],
    [["TUQ. CHỦ TỊCH", "GIÁM ĐỐC SỞ NỘI VỤ", "Nguyễn Văn A"], "TUQ.", "GIÁM ĐỐC SỞ NỘI VỤ"],
    [["Q. CHỦ TỊCH", "Mai Quốc Việt"], "Q.", "CHỦ TỊCH"],
    [["CHỦ TỊCH", "Ngô Thanh Toàn"], null, "CHỦ TỊCH"],
  ])("reads %j", (texts, authority, title) => {
    expect(parseSignatureBlock(block(texts))).toEqual({
      signerName: texts[texts.length - 1],
      signerTitle: title,
      signingAuthority: authority,
    });
  });

  test("skips the '(Đã ký)' placeholder of electronic copies", () => {
    const lines = [
      { text: "KT. CHỦ TỊCH", y: 500, size: 13 },
      { text: "PHÓ CHỦ TỊCH", y: 515, size: 13 },
      { text: "(Đã ký)", y: 545, size: 13 },
      { text: "Nguyễn Minh Luân", y: 590, size: 13 },
    ];
    expect(parseSignatureBlock(lines)?.signerName).toBe("Nguyễn Minh Luân");
  });

  test("skips the details a signing tool prints in the signature's place, and an academic title before the name", () => {
    // As vn__01_Cong_Van_Den_Bo_GDDT.pdf in ../shared/corpus/realworld prints it.
    const lines = [
      { text: "KT. BỘ TRƯỞNG", y: 392, size: 11.5 },
      { text: "THỨ TRƯỞNG", y: 407, size: 11.5 },
      { text: "[ KÝ BỞI CHỮ KÝ SỐ HỢP LỆ ]", y: 435, size: 9.5 },
      { text: "Cơ quan: GS.TS Nguyễn Văn Phúc", y: 454, size: 9.5 },
      { text: "Thời gian ký: 2026.08.14 08:30:15 +07:00", y: 475, size: 9.5 },
      { text: "GS.TS Nguyễn Văn Phúc", y: 508, size: 12 },
    ];
    expect(parseSignatureBlock(lines)).toEqual({ signerName: "Nguyễn Văn Phúc", signerTitle: "THỨ TRƯỞNG", signingAuthority: "KT." });
    // The same block with authority and position on one line, as that file actually prints it.
    const oneLine = [{ ...lines[0], text: "KT. BỘ TRƯỞNG THỨ TRƯỞNG" }, ...lines.slice(2)];
    expect(parseSignatureBlock(oneLine)).toEqual({ signerName: "Nguyễn Văn Phúc", signerTitle: "THỨ TRƯỞNG", signingAuthority: "KT." });
    expect(parseSignatureBlock([lines[1], { text: "PGS. TS. Trần Thị Lan", y: 470, size: 12 }])?.signerName).toBe("Trần Thị Lan");
    // Any other line between title and name still ends the block: no signer rather than a wrong one.
    expect(parseSignatureBlock([lines[1], { text: "Ghi chú: bản sao", y: 440, size: 9.5 }, lines[5]])).toBeNull();
  });

  test("reads a block split by a page break and a sentence-case position (vn__fax_document_test_01.pdf)", () => {
    const page = (pageNumber: number, items: Array<[string, number, number, number]>) => ({
      pageNumber,
      width: 612,
      height: 792,
      items: items.map(([str, x, y, height]) => ({ str, x, y, width: str.length * height * 0.5, height })),
    });
    const fields = extractDocumentFields({
      pageCount: 2,
      hasTextLayer: true,
      pages: [
        page(1, [
          ["Trân trọng kính chào!", 114, 577, 14],
          ["ĐẠI DIỆN CÔNG TY", 330, 619, 14],
          ["(Đã ký và đóng dấu)", 359, 652, 14],
          ["Giám đốc", 388, 743, 14],
          ["1/2", 577, 775, 8],
        ]),
        page(2, [
          ["19:29 20/7/26", 24, 22, 8],
          ["fax_document_test_01", 305, 22, 8],
          ["Trần Đình B", 379, 41, 14],
          ["2/2", 577, 775, 8],
        ]),
      ],
    });
    expect(fields).toMatchObject({ signerName: "Trần Đình B", signerTitle: "Giám đốc" });
  });

  test("ignores a name with no title above it", () => {
    expect(parseSignatureBlock([{ text: "Lâm Văn Bi", y: 500, size: 13 }])).toBeNull();
    expect(parseSignatureBlock(block(["Độc lập - Tự do - Hạnh phúc", "Nguyễn Văn A"]))).toBeNull();
  });

  test("ignores a title that is too far above the name", () => {
    expect(parseSignatureBlock(block(["CHỦ TỊCH", "Ngô Thanh Toàn"], 400))).toBeNull();
  });
});

describe("groupPageLines", () => {
  test("splits the two header columns sharing a baseline", () => {
    const lines = groupPageLines(
      page([
        { text: "Số: 172/KH-UBND", y: 120, center: LEFT_CENTER },
        { text: "Cà Mau, ngày 15 tháng 6 năm 2025", y: 120.4, center: RIGHT_CENTER },
      ]),
    );
    expect(lines).toHaveLength(1);
    expect(lines[0].segments.map((s) => s.text)).toEqual(["Số: 172/KH-UBND", "Cà Mau, ngày 15 tháng 6 năm 2025"]);
  });

  test("joins word-by-word items with spaces and drops typed rules", () => {
    const words = ["Số:", "05", "/QĐ-UBND"];
    let x = 100;
    const items: PositionedTextItem[] = words.map((str) => {
      const entry = { str, x, y: 120, width: str.length * 6.5, height: 13 };
      x += entry.width + 3.25;
      return entry;
    });
    items.push({ str: "--------", x: 100, y: 100, width: 50, height: 13 });
    const lines = groupPageLines({ ...PAGE, items });
    expect(lines.map((l) => l.text)).toEqual(["Số: 05 /QĐ-UBND"]);
  });
});

describe("extractDocumentFields", () => {
  test("reads a Kế hoạch header and its KT. signature", () => {
    const fields = extractDocumentFields(syntheticDocument());
    expect(fields).toMatchObject({
      numberSymbol: "172/KH-UBND",
      docTypeCode: "KH",
      docTypeName: "Kế hoạch",
      issuedDate: "2025-06-15",
      place: "Cà Mau",
      issuer: "ỦY BAN NHÂN DÂN TỈNH CÀ MAU",
      parentIssuer: null,
      summary: "Vận hành thử nghiệm tổ chức chính quyền cấp xã",
      signerName: "Lâm Văn Bi",
      signerTitle: "PHÓ CHỦ TỊCH",
      signingAuthority: "KT.",
      pageCount: 1,
      hasTextLayer: true,
    });
    expect(Object.values(fields.confidence).filter((c) => c === "low")).toEqual(["low"]); // parentIssuer absent
  });

  test("joins a multi-line trích yếu and stops at Căn cứ", () => {
    const fields = extractDocumentFields(
      syntheticDocument({
        typeName: "QUYẾT ĐỊNH",
        number: "12/2025/QĐ-UBND",
        summaryLines: ["Ban hành Quy chế tổ chức và hoạt động", "của Trung tâm Phục vụ hành chính công"],
        body: ["Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 02 năm 2025;"],
      }),
    );
    expect(fields.summary).toBe("Ban hành Quy chế tổ chức và hoạt động của Trung tâm Phục vụ hành chính công");
    expect(fields.numberSymbol).toBe("12/2025/QĐ-UBND");
    expect(fields.confidence.summary).toBe("high");
  });

  test("stops a Quyết định summary at the issuing-authority line even without a gap", () => {
    const fields = extractDocumentFields(
      syntheticDocument({
        typeName: "QUYẾT ĐỊNH",
        number: "05/QĐ-UBND",
        summaryLines: ["Về việc thành lập Tổ công tác"],
        afterSummary: [{ text: "CHỦ TỊCH ỦY BAN NHÂN DÂN XÃ TÂN THÀNH", y: -14, size: 14, bold: true }],
      }),
    );
    expect(fields.summary).toBe("Về việc thành lập Tổ công tác");
  });

  test("stops at the first regular-weight line after a bold summary", () => {
    const fields = extractDocumentFields(
      syntheticDocument({
        summaryLines: ["Cải thiện Chỉ số cải cách hành chính năm 2023"],
        afterSummary: [{ text: "Theo công bố của Ban Chỉ đạo cải cách hành chính của Chính phủ,", y: -14, size: 14, x: 113 }],
      }),
    );
    expect(fields.summary).toBe("Cải thiện Chỉ số cải cách hành chính năm 2023");
  });

  test("keeps an upper-case summary (seed 000) whole", () => {
    const fields = extractDocumentFields(
      syntheticDocument({
        summaryLines: ["THỰC HIỆN THỦ TỤC HÀNH CHÍNH KHÔNG PHỤ THUỘC", "VÀO ĐỊA GIỚI HÀNH CHÍNH TRONG PHẠM VI TỈNH CÀ MAU"],
      }),
    );
    expect(fields.summary).toBe("THỰC HIỆN THỦ TỤC HÀNH CHÍNH KHÔNG PHỤ THUỘC VÀO ĐỊA GIỚI HÀNH CHÍNH TRONG PHẠM VI TỈNH CÀ MAU");
  });

  test("reads a công văn: V/v summary over several lines and type Công văn", () => {
    const fields = extractDocumentFields(
      syntheticDocument({
        number: "12/UBND-VP",
        officialLetterSummary: ["V/v đôn đốc triển khai thực hiện", "cải cách hành chính năm 2025"],
        body: ["Kính gửi: Các sở, ban, ngành tỉnh."],
      }),
    );
    expect(fields).toMatchObject({
      numberSymbol: "12/UBND-VP",
      docTypeCode: "CV",
      docTypeName: "Công văn",
      summary: "đôn đốc triển khai thực hiện cải cách hành chính năm 2025",
    });
    expect(fields.confidence.docType).toBe("high");
  });

  test("splits governing body and issuer and maps them to a known issuer", () => {
    const document = syntheticDocument({ parentIssuer: "UBND TỈNH CÀ MAU", issuerLines: ["SỞ NỘI VỤ"], number: "45/TTr-SNV", typeName: "TỜ TRÌNH" });
    expect(extractDocumentFields(document)).toMatchObject({ issuer: "SỞ NỘI VỤ", parentIssuer: "UBND TỈNH CÀ MAU" });
    expect(extractDocumentFields(document, { knownIssuers: ["Sở Nội vụ tỉnh Cà Mau"] }).issuer).toBe("Sở Nội vụ tỉnh Cà Mau");
  });

  test("uses organ words when fonts are unknown and marks the issuer low confidence", () => {
    const fields = extractDocumentFields(syntheticDocument({ parentIssuer: "UBND TỈNH CÀ MAU", issuerLines: ["VĂN PHÒNG"], fontKnown: false }));
    expect(fields).toMatchObject({ issuer: "VĂN PHÒNG", parentIssuer: "UBND TỈNH CÀ MAU" });
    expect(fields.confidence.issuer).toBe("low");
  });

  test("falls back to the number's abbreviation when the type heading is missing (seed 004 web copy)", () => {
    const fields = extractDocumentFields(syntheticDocument({ typeName: null }));
    expect(fields).toMatchObject({ docTypeCode: "KH", docTypeName: "Kế hoạch", summary: null });
    expect(fields.confidence.docType).toBe("high");
  });

  test("prefers the printed heading when it disagrees with the number, with low confidence", () => {
    const fields = extractDocumentFields(syntheticDocument({ number: "15/KH-UBND", typeName: "BÁO CÁO" }));
    expect(fields.docTypeName).toBe("Báo cáo");
    expect(fields.confidence.docType).toBe("low");
  });

  test("reads an unnumbered draft's type from its heading and leaves the number empty", () => {
    const fields = extractDocumentFields(
      syntheticDocument({ number: "     /QĐ-UBND", typeName: "QUYẾT ĐỊNH", dateLine: "Cà Mau, ngày      tháng      năm 2025" }),
    );
    expect(fields).toMatchObject({ numberSymbol: null, docTypeName: "Quyết định", issuedDate: null, place: null });
  });

  test("reads a letter-spaced heading", () => {
    const fields = extractDocumentFields(syntheticDocument({ typeName: "T H Ô N G  B Á O", number: "05/TB-UBND" }));
    expect(fields.docTypeName).toBe("Thông báo");
  });

  test("reads a date that wraps onto a second line of the right column", () => {
    const base = syntheticDocument({ dateLine: "Phường Tân Thành, ngày 05 tháng 01" });
    base.pages[0].items.push(item({ text: "năm 2025", y: 136, center: RIGHT_CENTER }));
    expect(extractDocumentFields(base)).toMatchObject({ issuedDate: "2025-01-05", place: "Phường Tân Thành" });
  });

  test("finds the signature on the last page of three", () => {
    const first = syntheticDocument({ signerName: null });
    const middle = page([{ text: "II. NỘI DUNG THỰC HIỆN", y: 80, x: 85, size: 14, bold: true }]);
    const last = page(bodyAndSignature({ body: ["Trong quá trình triển khai thực hiện, nếu có khó khăn, vướng mắc./."], signerName: "Nguyễn Minh Luân" }, 80));
    const fields = extractDocumentFields({ pageCount: 3, hasTextLayer: true, pages: [first.pages[0], middle, last] });
    expect(fields).toMatchObject({ signerName: "Nguyễn Minh Luân", signerTitle: "PHÓ CHỦ TỊCH", signingAuthority: "KT.", pageCount: 3 });
  });

  test("looks back past an appendix page without a signature", () => {
    const document = syntheticDocument({ signatureLines: ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"], signerName: "Phạm Thành Ngại" });
    const appendix = page([
      { text: "PHỤ LỤC", y: 80, size: 14, bold: true },
      { text: "Danh mục thủ tục hành chính", y: 100, size: 14 },
    ]);
    const fields = extractDocumentFields({ pageCount: 2, hasTextLayer: true, pages: [document.pages[0], appendix] });
    expect(fields).toMatchObject({ signerName: "Phạm Thành Ngại", signingAuthority: "TM." });
  });

  test("does not take the number or date from the body of the page", () => {
    const document = syntheticDocument({ number: null, dateLine: null });
    document.pages[0].items.push(item({ text: "Số: 99/QĐ-UBND ngày 01 tháng 01 năm 2020 của Ủy ban nhân dân tỉnh", y: 600, x: 85, size: 14 }));
    const fields = extractDocumentFields(document);
    expect(fields).toMatchObject({ numberSymbol: null, issuedDate: null });
  });

  test("returns only page facts for a scan without text layer", () => {
    const fields = extractDocumentFields({ pageCount: 2, hasTextLayer: false, pages: [{ ...PAGE, items: [] }] });
    expect(fields).toMatchObject({ numberSymbol: null, issuer: null, summary: null, signerName: null, pageCount: 2, hasTextLayer: false });
    expect(new Set(Object.values(fields.confidence))).toEqual(new Set(["low"]));
  });

  test("never throws on an empty document", () => {
    expect(extractDocumentFields({ pageCount: 0, hasTextLayer: true, pages: [] }).numberSymbol).toBeNull();
  });
});

describe("extraction defaults that must not mislead the clerk", () => {
  test("a national motto wrapping onto two lines keeps the type and the summary", () => {
    const fields = extractDocumentFields(syntheticDocument({ mottoLines: ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA", "VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"] }));
    expect(fields).toMatchObject({
      numberSymbol: "172/KH-UBND",
      issuedDate: "2025-06-15",
      docTypeCode: "KH",
      issuer: "ỦY BAN NHÂN DÂN TỈNH CÀ MAU",
      summary: "Vận hành thử nghiệm tổ chức chính quyền cấp xã",
    });
    expect(fields.confidence.summary).toBe("high");
  });

  test("a công văn whose wrapped motto pushes the date onto the V/v line keeps its summary", () => {
    const fields = extractDocumentFields(
      syntheticDocument({
        mottoLines: ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA", "VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"],
        number: "12/UBND-VP",
        officialLetterSummary: ["V/v triển khai thực hiện", "chuyển đổi số năm 2025"],
      }),
    );
    expect(fields).toMatchObject({
      numberSymbol: "12/UBND-VP",
      docTypeCode: "CV",
      issuedDate: "2025-06-15",
      summary: "triển khai thực hiện chuyển đổi số năm 2025",
    });
    expect(fields.confidence.summary).toBe("high");
  });

  test("a first issuer line in regular weight does not cut the issuer to its second line", () => {
    const fields = extractDocumentFields(syntheticDocument({ issuerLines: ["ỦY BAN NHÂN DÂN", "TỈNH CÀ MAU"], issuerBold: [false, true] }));
    expect(fields).toMatchObject({ issuer: "ỦY BAN NHÂN DÂN TỈNH CÀ MAU", parentIssuer: null });
    const ward = extractDocumentFields(syntheticDocument({ issuerLines: ["ỦY BAN NHÂN DÂN", "PHƯỜNG TÂN THÀNH"], issuerBold: [false, true] }));
    expect(ward).toMatchObject({ issuer: "ỦY BAN NHÂN DÂN PHƯỜNG TÂN THÀNH", parentIssuer: null });
  });

  test("a regular governing body above a bold issuer is still split off", () => {
    const fields = extractDocumentFields(syntheticDocument({ issuerLines: ["UBND TỈNH CÀ MAU", "SỞ NỘI VỤ"], issuerBold: [false, true] }));
    expect(fields).toMatchObject({ issuer: "SỞ NỘI VỤ", parentIssuer: "UBND TỈNH CÀ MAU" });
    expect(fields.confidence.issuer).toBe("high");
  });

  test("a scan without text layer suggests no type (the clerk must choose)", () => {
    const fields = extractDocumentFields({ pageCount: 2, hasTextLayer: false, pages: [page([]), page([])] });
    expect(fields.docTypeCode).toBeNull();
    expect(fields.docTypeName).toBeNull();
  });
});

describe("scans read by OCR (vn__199 and vn__kh-753 of the shared corpus show these)", () => {
  /** The synthetic document with `edit` applied to its first page's items. */
  function edited(spec: SyntheticSpec, edit: (items: PositionedTextItem[]) => PositionedTextItem[]): PositionedText {
    const doc = syntheticDocument(spec);
    return { ...doc, pages: [{ ...doc.pages[0], items: edit(doc.pages[0].items) }] };
  }
  const at = (items: PositionedTextItem[], text: string) => items.find((i) => i.str === text)!;

  test("a stamp in the margin on the type heading's and the summary's baselines is kept out of both", () => {
    const doc = edited({ typeName: "NGHỊ ĐỊNH", number: "199/2026/NĐ-CP", summaryLines: ["Quy định chính sách hỗ trợ phục vụ"] }, (items) => {
      const heading = at(items, "NGHỊ ĐỊNH");
      const summary = at(items, "Quy định chính sách hỗ trợ phục vụ");
      // The Government portal's signing stamp, OCR'd with the page: capitals beside the heading, a time beside the summary.
      return [
        ...items,
        { str: "CỔNG THÔNG TIN ĐIỆN TỬ CHÍNH PHỦ", x: 40, y: heading.y, width: 125, height: 9 },
        { str: "05.06.2026 16:20:31 +07:00", x: 40, y: summary.y, width: 95, height: 9 },
      ];
    });
    const fields = extractDocumentFields(doc);
    expect(fields).toMatchObject({ docTypeCode: "NĐ", numberSymbol: "199/2026/NĐ-CP", summary: "Quy định chính sách hỗ trợ phục vụ" });
    expect(fields.confidence.summary).toBe("high");
  });

  test("a lower-case 'số:' before a handwritten number OCR could not read still anchors the header", () => {
    const doc = edited({}, (items) =>
      items.map((i) =>
        i.str.startsWith("Số:") ? { ...i, str: "số: ÉŠ/KH-UBND" } : i.str.includes(", ngày") ? { ...i, str: "Cà Mau, ngày đỗ tháng 6 năm 2025" } : i,
      ),
    );
    const fields = extractDocumentFields(doc);
    // What could not be read stays empty for the clerk; the rest of the header is read around it.
    expect(fields).toMatchObject({
      numberSymbol: null,
      issuedDate: null,
      issuer: "ỦY BAN NHÂN DÂN TỈNH CÀ MAU",
      docTypeCode: "KH",
      summary: "Vận hành thử nghiệm tổ chức chính quyền cấp xã",
    });
  });

  test("'Số' as OCR misreads its ô ('Sô', 'S6', 'SỔ') still labels the number", () => {
    for (const label of ["Sô:", "S6:", "SỔ:", "Số :"]) {
      const doc = edited({}, (items) => items.map((i) => (i.str.startsWith("Số:") ? { ...i, str: i.str.replace("Số:", label) } : i)));
      expect([label, extractDocumentFields(doc).numberSymbol]).toEqual([label, "172/KH-UBND"]);
    }
    expect(parseNumberSymbol("Sô: 12/QĐ-UBND")?.text).toBe("12/QĐ-UBND");
  });

  test("'Số liệu' in the header is still not the number label", () => {
    const doc = edited({ number: null }, (items) => [...items, { str: "Số liệu: 2025", x: 100, y: 120, width: 80, height: 13 }]);
    expect(extractDocumentFields(doc).numberSymbol).toBeNull();
  });
});

describe("organNameCase (Decree 30 App. II: capitals in names of organs)", () => {
  test.each([
    ["ỦY BAN NHÂN DÂN TỈNH CÀ MAU", "Ủy ban nhân dân tỉnh Cà Mau"],
    ["UỶ BAN NHÂN DÂN PHƯỜNG TÂN THÀNH", "Ủy ban nhân dân phường Tân Thành"],
    ["SỞ NỘI VỤ", "Sở Nội vụ"],
    ["SỞ GIÁO DỤC VÀ ĐÀO TẠO TỈNH BẠC LIÊU", "Sở Giáo dục và Đào tạo tỉnh Bạc Liêu"],
    ["SỞ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI", "Sở Lao động - Thương binh và Xã hội"],
    ["VĂN PHÒNG ỦY BAN NHÂN DÂN TỈNH", "Văn phòng Ủy ban nhân dân tỉnh"],
    ["VĂN PHÒNG HĐND VÀ UBND HUYỆN THỚI BÌNH", "Văn phòng HĐND và UBND huyện Thới Bình"],
    ["PHÒNG KINH TẾ", "Phòng Kinh tế"],
    ["BỘ KẾ HOẠCH VÀ ĐẦU TƯ", "Bộ Kế hoạch và Đầu tư"],
    ["CÔNG AN THÀNH PHỐ CẦN THƠ", "Công an thành phố Cần Thơ"],
    ["UBND XÃ KHÁNH BÌNH TÂY BẮC", "UBND xã Khánh Bình Tây Bắc"],
    ["ỦY BAN NHÂN DÂN PHƯỜNG 3", "Ủy ban nhân dân phường 3"],
    ["TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG", "Trung tâm Phục vụ hành chính công"],
  ])("%s → %s", (printed, expected) => {
    expect(organNameCase(printed)).toBe(expected);
  });

  test("leaves a name already in mixed case as it is", () => {
    expect(organNameCase("Sở Nội vụ tỉnh Cà Mau")).toBe("Sở Nội vụ tỉnh Cà Mau");
  });
});
