// Untrusted-file task "spreadsheet" (runs in a pool child, app/platform/untrusted/): reads a plan
// appendix (XLSX or CSV) into rows of cell strings within SPREADSHEET_LIMITS. A 1.5 KB XLSX may declare
// a used range up to XFD1048576 (17 billion cells), merge or validate the whole sheet (exceljs expands
// such ranges cell by cell), or inflate a few kilobytes into gigabytes; every such file is refused here
// with a Vietnamese message naming the limit, before exceljs sees it. Only cells that exist are read.
import type ExcelJS from "exceljs";
import { loadExcelJS } from "#app/platform/xlsx/exceljs.server";
import { decodeTextFile, LEGACY_FONT_ENCODINGS } from "#app/domain/shared/text-encoding";
import { formatDateVi } from "#app/domain/shared/dates";
import { officeKindOf, readZipDirectory, ZipLimitError, ZIP_LIMITS, type ZipEntry } from "#app/domain/shared/file-content";
import { inflateZipEntry } from "#app/platform/files/zip-inflate";
import { parseCsv, PlanImportError, SPREADSHEET_LIMITS, tooManyColumnsMessage, tooManyRowsMessage } from "#app/domain/plans/plan-import";

export type SpreadsheetTaskInput = { bytes: Uint8Array };

function excelCellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return "";
  // ExcelJS gives a date cell as midnight UTC of the calendar day.
  if (value instanceof Date) return formatDateVi(value.toISOString().slice(0, 10));
  if (typeof value === "object") {
    const v = value as unknown as Record<string, unknown>;
    if (Array.isArray(v.richText)) return (v.richText as Array<{ text: string }>).map((r) => r.text).join("");
    if ("result" in v) return excelCellText(v.result as ExcelJS.CellValue);
    if ("text" in v) return String(v.text);
    if ("error" in v) return "";
    return "";
  }
  return String(value);
}

const UNREADABLE_XLSX = "Không đọc được tệp Excel (.xlsx). Tệp có thể bị hỏng hoặc không đúng định dạng.";

/** Inflates one sheet part within `max` bytes (zip-inflate.ts), refusals in the plan import's words. */
export function inflateEntry(bytes: Uint8Array, entry: ZipEntry, max: number): Buffer {
  const inflated = inflateZipEntry(bytes, entry, max);
  if (inflated.ok) return inflated.bytes;
  throw new PlanImportError(inflated.reason === "too-large" ? inflatedTooLarge() : UNREADABLE_XLSX);
}

function inflatedTooLarge(): string {
  return `Tệp Excel giải nén ra quá ${SPREADSHEET_LIMITS.maxInflatedBytes / 1024 / 1024} MB (có thể là “bom nén”); không đọc tệp này.`;
}

/** "AB12" → {row: 12, col: 28}; null when it is not a cell reference. */
function cellRef(ref: string): { row: number; col: number } | null {
  const m = /^\$?([A-Z]{1,3})\$?(\d{1,7})$/.exec(ref.trim().toUpperCase());
  if (!m) return null;
  let col = 0;
  for (const ch of m[1]) col = col * 26 + (ch.charCodeAt(0) - 64);
  return { row: Number(m[2]), col };
}

/**
 * Checks the ranges a reader expands cell by cell (mergeCell ref, dataValidation sqref) against the
 * row/column limits and a total cell budget. The sheet XML has been inflated within limits already.
 */
function checkSheetRanges(xml: string): void {
  let cells = 0;
  const ranges: string[] = [];
  for (const m of xml.matchAll(/<(?:\w+:)?mergeCell\b[^>]*\bref="([^"]*)"/g)) ranges.push(m[1]);
  for (const m of xml.matchAll(/<(?:\w+:)?dataValidation\b[^>]*\bsqref="([^"]*)"/g)) ranges.push(...m[1].split(/\s+/).filter(Boolean));
  for (const range of ranges) {
    const [a, b = a] = range.split(":");
    const from = cellRef(a);
    const to = cellRef(b);
    if (!from || !to) continue;
    const bottom = Math.max(from.row, to.row);
    const right = Math.max(from.col, to.col);
    if (bottom > SPREADSHEET_LIMITS.maxRows) throw new PlanImportError(tooManyRowsMessage());
    if (right > SPREADSHEET_LIMITS.maxColumns) throw new PlanImportError(tooManyColumnsMessage());
    cells += (Math.abs(to.row - from.row) + 1) * (Math.abs(to.col - from.col) + 1);
    if (cells > SPREADSHEET_LIMITS.maxRangeCells) {
      throw new PlanImportError(
        `Bảng tính có vùng ô gộp hoặc vùng kiểm tra dữ liệu quá lớn (trên ${SPREADSHEET_LIMITS.maxRangeCells.toLocaleString("vi-VN")} ô).`,
      );
    }
  }
}

/** Before exceljs: declared sizes, then each part inflated under the remaining budget, then the sheets' ranges. */
export function preflightXlsx(bytes: Uint8Array): void {
  let entries: ZipEntry[];
  try {
    entries = readZipDirectory(bytes, {
      ...ZIP_LIMITS,
      maxTotalUncompressedBytes: SPREADSHEET_LIMITS.maxInflatedBytes,
      maxEntryUncompressedBytes: SPREADSHEET_LIMITS.maxInflatedBytes,
    });
  } catch (error) {
    if (error instanceof ZipLimitError) throw new PlanImportError(error.message);
    throw error;
  }
  if (officeKindOf(entries) !== "xlsx") throw new PlanImportError(UNREADABLE_XLSX);
  let budget = SPREADSHEET_LIMITS.maxInflatedBytes;
  const decoder = new TextDecoder();
  for (const entry of entries) {
    if (entry.name.endsWith("/")) continue;
    // Declared sizes may lie: the actual output is capped by what is left of the budget.
    const data = inflateEntry(bytes, entry, budget);
    budget -= data.byteLength;
    if (budget <= 0) throw new PlanImportError(inflatedTooLarge());
    if (/^xl\/worksheets\/[^/]+\.xml$/.test(entry.name)) checkSheetRanges(decoder.decode(data));
  }
}

/**
 * Cell text in NFC. Text typed on macOS or with Unikey's "Unicode tổ hợp" is decomposed (NFD): kept so, it never
 * equals the same words typed elsewhere, and the report PDF draws its tone marks beside the letters.
 */
function cellString(text: string): string {
  return text.normalize("NFC");
}

/**
 * Reads the first visible worksheet with content (a hidden sheet holds the lists behind data validation, not the
 * appendix); merged cells take the value of their top-left cell.
 */
export async function readXlsxRows(bytes: Uint8Array): Promise<string[][]> {
  preflightXlsx(bytes);
  const wb = new (await loadExcelJS()).Workbook();
  try {
    await wb.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer);
  } catch {
    throw new PlanImportError(UNREADABLE_XLSX);
  }
  for (const sheet of wb.worksheets) {
    if (sheet.state === "hidden" || sheet.state === "veryHidden") continue;
    // Only cells that exist: the sheet's declared dimension (rowCount × columnCount) may be 17 billion.
    const cells = new Map<number, Map<number, string>>();
    let lastRow = 0;
    let lastCol = 0;
    sheet.eachRow({ includeEmpty: false }, (row, r) => {
      row.eachCell({ includeEmpty: false }, (cell, c) => {
        const value = cell.isMerged && cell.master ? cell.master.value : cell.value;
        const text = cellString(excelCellText(value)).replace(/\r\n/g, "\n").trim();
        if (!text) return;
        if (r > SPREADSHEET_LIMITS.maxRows) throw new PlanImportError(tooManyRowsMessage());
        if (c > SPREADSHEET_LIMITS.maxColumns) throw new PlanImportError(tooManyColumnsMessage());
        let line = cells.get(r);
        if (!line) cells.set(r, (line = new Map()));
        line.set(c, text);
        lastRow = Math.max(lastRow, r);
        lastCol = Math.max(lastCol, c);
      });
    });
    if (lastRow === 0) continue;
    const rows: string[][] = [];
    for (let r = 1; r <= lastRow; r++) {
      const line = cells.get(r);
      rows.push(Array.from({ length: lastCol }, (_, i) => line?.get(i + 1) ?? ""));
    }
    return rows;
  }
  throw new PlanImportError("Tệp Excel không có trang tính nào có dữ liệu.");
}

/** A CSV in UTF-8, UTF-16 (Excel's "Unicode Text") or Windows-1258 (Excel's CSV on a Vietnamese Windows). */
export function readCsvRows(bytes: Uint8Array): string[][] {
  const decoded = decodeTextFile(bytes);
  if (!decoded.ok)
    throw new PlanImportError(
      decoded.reason === "binary"
        ? "Không đọc được tệp CSV: nội dung không phải văn bản UTF-8, UTF-16 hay Windows-1258. Hãy lưu lại dạng CSV UTF-8 hoặc .xlsx."
        : `Tệp CSV dùng ${LEGACY_FONT_ENCODINGS[decoded.reason]}: hãy chuyển sang Unicode (Unikey → Công cụ chuyển mã) rồi lưu lại dạng CSV UTF-8 hoặc .xlsx.`,
    );
  return parseCsv(decoded.text); // already NFC
}

const ENCRYPTED_PACKAGE_NAME = Buffer.from("EncryptedPackage", "utf16le");

export default async function spreadsheet(input: SpreadsheetTaskInput): Promise<string[][]> {
  const bytes = input.bytes;
  if (bytes.length === 0) throw new PlanImportError("Tệp trống.");
  if (bytes.byteLength > SPREADSHEET_LIMITS.maxFileBytes) {
    throw new PlanImportError(`Tệp phụ lục lớn hơn ${SPREADSHEET_LIMITS.maxFileBytes / 1024 / 1024} MB; hãy tách thành nhiều tệp.`);
  }
  if (bytes[0] === 0x50 && bytes[1] === 0x4b) return readXlsxRows(bytes);
  if (bytes[0] === 0xd0 && bytes[1] === 0xcf) {
    // An OLE compound file is either an Excel 97–2003 book or a password-protected .xlsx (MS-OFFCRYPTO: the
    // encrypted package and its EncryptionInfo are streams of the compound file, named in UTF-16LE).
    if (Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).includes(ENCRYPTED_PACKAGE_NAME))
      throw new PlanImportError("Tệp Excel có mật khẩu mở tệp: hãy bỏ mật khẩu (Tệp → Thông tin → Bảo vệ sổ làm việc) rồi tải lên lại.");
    throw new PlanImportError("Tệp Excel 97–2003 (.xls) không được hỗ trợ: hãy lưu lại dạng .xlsx hoặc CSV (UTF-8).");
  }
  if (bytes[0] === 0x25 && bytes[1] === 0x50 && bytes[2] === 0x44 && bytes[3] === 0x46)
    throw new PlanImportError("Tệp PDF không nhập được: hãy dùng bảng tính .xlsx hoặc CSV (UTF-8).");
  return readCsvRows(bytes);
}
