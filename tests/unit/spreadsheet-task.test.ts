import ExcelJS from "exceljs";
import { describe, expect, test } from "vitest";
import spreadsheet, { readCsvRows, readXlsxRows } from "#app/features/plans/spreadsheet.task";

// What the plan import and the case-file list read from a real workbook or CSV (QA of file inputs, qa-inputs.md).

const HEADER = ["STT", "Nhiệm vụ cụ thể", "Thời gian thực hiện, hoàn thành", "Cơ quan chủ trì"];

async function xlsx(build: (wb: ExcelJS.Workbook) => void): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  build(wb);
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

describe("plan appendix workbook", () => {
  test("a hidden first sheet (the lists behind data validation) is skipped: the visible appendix is read", async () => {
    const bytes = await xlsx((wb) => {
      const lists = wb.addWorksheet("DanhMuc", { state: "hidden" });
      lists.addRow(["Tình trạng"]);
      lists.addRow(["Hoàn thành"]);
      const sheet = wb.addWorksheet("Phụ lục");
      sheet.addRow(HEADER);
      sheet.addRow([1, "Rà soát văn bản", "Quý II/2024", "Sở Tư pháp"]);
    });
    expect(await readXlsxRows(bytes)).toEqual([HEADER, ["1", "Rà soát văn bản", "Quý II/2024", "Sở Tư pháp"]]);
  });

  test("decomposed Vietnamese (NFD, as macOS and Unikey's 'Unicode tổ hợp' write it) is read in NFC", async () => {
    const nfd = ["2", "Sắp xếp tổ chức", "Tháng 9/2024", "Sở Nội vụ"].map((s) => s.normalize("NFD"));
    expect(nfd[1]).not.toBe("Sắp xếp tổ chức");
    const bytes = await xlsx((wb) => {
      const sheet = wb.addWorksheet("Sheet1");
      sheet.addRow(HEADER);
      sheet.addRow(nfd);
    });
    expect((await readXlsxRows(bytes))[1]).toEqual(["2", "Sắp xếp tổ chức", "Tháng 9/2024", "Sở Nội vụ"]);
  });
});

describe("plan appendix CSV", () => {
  test("decomposed Vietnamese (NFD) is read in NFC", () => {
    const csv = `\uFEFF${HEADER.join(";")}\n1;Rà soát văn bản;Quý II/2024;Sở Tư pháp\n`.normalize("NFD");
    expect(readCsvRows(new TextEncoder().encode(csv))).toEqual([HEADER, ["1", "Rà soát văn bản", "Quý II/2024", "Sở Tư pháp"]]);
  });
});

describe("compound (OLE) files", () => {
  // The header of an OLE compound file, then a directory entry's name in UTF-16LE (MS-CFB §2.6.1).
  const ole = (streamName: string) => {
    const bytes = new Uint8Array(4096);
    bytes.set(Buffer.from("d0cf11e0a1b11ae1", "hex"), 0);
    bytes.set(Buffer.from(streamName, "utf16le"), 1024);
    return bytes;
  };
  test("a password-protected .xlsx is told to remove the password; an Excel 97–2003 book to be saved as .xlsx", async () => {
    await expect(spreadsheet({ bytes: ole("EncryptedPackage") })).rejects.toThrow(/mật khẩu/);
    await expect(spreadsheet({ bytes: ole("Workbook") })).rejects.toThrow(/97–2003 \(\.xls\)/);
  });
});
