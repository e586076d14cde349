// exceljs is loaded when a workbook is read or written, not when the app starts: with its zip and CSV stack
// (unzipper, archiver, jszip, fast-csv) it is ~650 CommonJS modules and ~0.4 s of loading on this machine, paid by every
// server process, every CLI command and every pool child that never touches a spreadsheet.
import type * as ExcelJSModule from "exceljs";

export type ExcelJS = typeof ExcelJSModule;

let loading: Promise<ExcelJS> | undefined;

/** The exceljs module, loaded once per process on first use. */
export function loadExcelJS(): Promise<ExcelJS> {
  loading ??= import("exceljs").then((mod) => ((mod as { default?: ExcelJS }).default ?? mod) as ExcelJS);
  return loading;
}
