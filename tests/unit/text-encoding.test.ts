// CSV lists come from Excel in the encodings Vietnamese offices use (app/domain/shared/text-encoding.ts). The
// Windows-1258 bytes are made as Windows makes them (tests/support/text-encodings.ts).
import { describe, expect, test } from "vitest";
import { decodeTextFile } from "#app/domain/shared/text-encoding";
import { readCsvRows } from "#app/features/plans/spreadsheet.task";
import { encodeCp1258 } from "#tests/support/text-encodings";

// "Uỷ ban nhân dân phường Tân Thành" in TCVN3 (ABC, TCVN 5712:1993): ỷ 0xFB, â 0xA9, ư 0xAD, ờ 0xEA, à 0xB5 —
// "Uû ban nh©n d©n ph­êng T©n Thµnh" when read as a code page.
const TCVN3_LINE = new Uint8Array(Buffer.from("U\xfb ban nh\xa9n d\xa9n ph\xad\xeang T\xa9n Th\xb5nh", "latin1"));

// "Ủy ban nhân dân phường Tân Thành đề nghị" in VNI Windows (VNI-Times fonts): a base letter and a mark byte —
// Ủ = U 0xFB, â = a 0xE2, ư = 0xF6, ơ = 0xF4, huyền 0xF8, đ = 0xF1, ề = e 0xE0, ị = i-dot 0xF2.
const VNI_LINE = new Uint8Array(Buffer.from("U\xfby ban nha\xe2n da\xe2n ph\xf6\xf4\xf8ng Ta\xe2n Tha\xf8nh \xf1e\xe0 ngh\xf2", "latin1"));

const LIST = "Số, ký hiệu hồ sơ,Tên đề mục và tiêu đề hồ sơ,Thời hạn bảo quản\n01.TH,Hồ sơ về cải cách hành chính của Ủy ban nhân dân phường,Vĩnh viễn\n";
const ROWS = [
  ["Số", " ký hiệu hồ sơ", "Tên đề mục và tiêu đề hồ sơ", "Thời hạn bảo quản"],
  ["01.TH", "Hồ sơ về cải cách hành chính của Ủy ban nhân dân phường", "Vĩnh viễn"],
];

describe("decodeTextFile", () => {
  test("Windows-1258 from Excel on a Vietnamese Windows: tone marks as combining bytes, read back in NFC", () => {
    const bytes = encodeCp1258(LIST);
    expect(() => new TextDecoder("utf-8", { fatal: true }).decode(bytes)).toThrow(); // not UTF-8: the old refusal
    expect(bytes.length).toBeGreaterThan(LIST.length); // some letters took a base byte and a tone byte
    const decoded = decodeTextFile(bytes);
    expect(decoded).toEqual({ ok: true, text: LIST, encoding: "windows-1258" });
  });

  test("UTF-16LE with its mark (Excel's Unicode Text), UTF-16BE, UTF-16LE without a mark, UTF-8 with a mark", () => {
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(LIST, "utf16le")]);
    expect(decodeTextFile(le)).toEqual({ ok: true, text: LIST, encoding: "utf-16le" });
    const be = Buffer.from(Buffer.from(LIST, "utf16le")).swap16();
    expect(decodeTextFile(Buffer.concat([Buffer.from([0xfe, 0xff]), be]))).toEqual({ ok: true, text: LIST, encoding: "utf-16be" });
    expect(decodeTextFile(Buffer.from(LIST, "utf16le"))).toEqual({ ok: true, text: LIST, encoding: "utf-16le" });
    expect(decodeTextFile(Buffer.from(`\uFEFF${LIST}`))).toEqual({ ok: true, text: LIST, encoding: "utf-8" });
  });

  test("decomposed UTF-8 comes back composed", () => {
    expect(decodeTextFile(Buffer.from(LIST.normalize("NFD")))).toEqual({ ok: true, text: LIST, encoding: "utf-8" });
  });

  test("TCVN3 (.VnTime) text is recognised and refused rather than read as garbage", () => {
    expect(new TextDecoder("windows-1258").decode(TCVN3_LINE)).toContain("nh©n d©n");
    expect(decodeTextFile(TCVN3_LINE)).toEqual({ ok: false, reason: "tcvn3" });
  });

  test("VNI Windows (VNI-Times) text is recognised and refused too", () => {
    expect(new TextDecoder("windows-1258").decode(VNI_LINE)).toContain("nhaân daân phöôøng");
    expect(decodeTextFile(VNI_LINE)).toEqual({ ok: false, reason: "vni" });
    // Real Windows-1258 Vietnamese is not taken for it: its marks follow the letters they belong to.
    expect(decodeTextFile(encodeCp1258("Ủy ban nhân dân phường Tân Thành đề nghị hoà giải, khoá sổ, Huế"))).toMatchObject({ ok: true });
  });

  test("binary content is not text in any of them", () => {
    const binary = Uint8Array.from({ length: 512 }, (_, i) => (i * 37) % 256);
    expect(decodeTextFile(binary)).toEqual({ ok: false, reason: "binary" });
  });
});

describe("CSV lists through the spreadsheet task's reader", () => {
  test("a Windows-1258 and a UTF-16 file give the rows the UTF-8 file gives", () => {
    const utf8 = readCsvRows(Buffer.from(LIST));
    expect(utf8).toEqual(ROWS);
    expect(readCsvRows(encodeCp1258(LIST))).toEqual(utf8);
    expect(readCsvRows(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(LIST.replaceAll(",", "\t"), "utf16le")]))).toEqual(utf8);
  });

  test("TCVN3 and binary files get a Vietnamese message saying what to do", () => {
    expect(() => readCsvRows(TCVN3_LINE)).toThrow(/TCVN3.*Unikey/);
    expect(() => readCsvRows(VNI_LINE)).toThrow(/^Tệp CSV dùng bảng mã VNI Windows \(phông VNI-Times\): hãy chuyển sang Unicode \(Unikey/);
    expect(() => readCsvRows(Uint8Array.from({ length: 512 }, (_, i) => (i * 37) % 256))).toThrow(/Không đọc được tệp CSV/);
  });
});
