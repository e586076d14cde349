// Issue 17 CLI: casefile:list-import → open → add → close → export → verify (and a tampered package) → handover
// (record and list written, rendered, read back) → retention-due → destroy, on the demo DB.
import { execFile, execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import Database from "better-sqlite3";
import ExcelJS from "exceljs";
import { beforeAll, describe, expect, test } from "vitest";
import { CLI_ARGS } from "#tests/support/cli";

const run = promisify(execFile);
const dataDir = mkdtempSync(join(tmpdir(), "vpdt-casefile-cli-"));
const env = { ...process.env, DATA_DIR: dataDir, SEED_DEMO: "1" };

async function cli(args: string[]) {
  try {
    const { stdout } = await run(process.execPath, [...CLI_ARGS, ...args], { env, cwd: process.cwd() });
    return { code: 0, json: JSON.parse(stdout), stderr: "" };
  } catch (error) {
    const e = error as { code: number; stderr: string };
    return { code: e.code, json: null, stderr: e.stderr };
  }
}

const year = new Date().getFullYear() + 1; // a year the demo seed has no list for
const listFile = join(dataDir, "danh-muc.csv");

beforeAll(async () => {
  expect((await cli(["db:migrate"])).code).toBe(0);
  writeFileSync(
    listFile,
    [
      '"Số, ký hiệu hồ sơ","Tên đề mục và tiêu đề hồ sơ","Thời hạn bảo quản","Đơn vị/người lập hồ sơ","Ghi chú"',
      ',"I. TỔNG HỢP",,,',
      '01.TH,"Hồ sơ về cải cách hành chính",Vĩnh viễn,Văn phòng,',
      '02.TH,"Tập công văn trao đổi",10 năm,Văn thư,',
    ].join("\n"),
  );
}, 180_000);

describe("casefile CLI", { timeout: 420_000 }, () => {
  test("import, open, add, close, export, verify; errors are JSON with a non-zero exit", async () => {
    const denied = await cli(["casefile:list-import", "--as", "chuyenvien", "--file", listFile, "--year", String(year)]);
    expect(denied.code).not.toBe(0);
    expect(JSON.parse(denied.stderr).error).toMatch(/không có quyền/);

    const imported = await cli(["casefile:list-import", "--as", "vanthu", "--file", listFile, "--year", String(year)]);
    expect(imported.json).toMatchObject({ entries: 2, headings: 1 });

    const opened = await cli(["casefile:open", "--as", "vanthu", "--year", String(year), "--code", "02.TH"]);
    expect(opened.json).toEqual({ id: expect.any(Number), fileCode: `000.00.00.H12.${year}.02.TH`, adHoc: false });

    const raw = new Database(join(dataDir, "app.db"), { readonly: true });
    const org = raw.prepare("select id from organizations where identifier = '000.00.00.H12'").get() as { id: number };
    const docIds = (
      raw
        .prepare(
          "select id from incoming_documents where organization_id = ? and arrival_number is not null and is_secret = 0 and status not in ('received','returned') order by id limit 2",
        )
        .all(org.id) as { id: number }[]
    ).map((r) => r.id);
    raw.close();
    expect(docIds.length).toBe(2);
    const id = String(opened.json.id);
    expect((await cli(["casefile:add", "--as", "vanthu", "--id", id, "--incoming", String(docIds[0])])).json).toEqual({ order: 1 });
    expect((await cli(["casefile:add", "--as", "vanthu", "--id", id, "--incoming", String(docIds[1])])).json).toEqual({ order: 2 });
    const dup = await cli(["casefile:add", "--as", "vanthu", "--id", id, "--incoming", String(docIds[1])]);
    expect(dup.code).not.toBe(0);
    expect(JSON.parse(dup.stderr).error).toMatch(/đã có trong hồ sơ/);

    expect((await cli(["casefile:close", "--as", "vanthu", "--id", id])).json).toMatchObject({ status: "closed", documentCount: 2 });
    const frozen = await cli(["casefile:add", "--as", "vanthu", "--id", id, "--outgoing", "1"]);
    expect(frozen.code).not.toBe(0);

    const out = join(dataDir, "export");
    const exported = await cli(["casefile:export", "--as", "vanthu", "--id", id, "--out", out]);
    expect(exported.json).toMatchObject({ out, parts: expect.any(Number) });
    expect((await cli(["casefile:verify", out])).json).toEqual({ ok: true, fileCode: `000.00.00.H12.${year}.02.TH`, parts: exported.json.parts });

    const metadataPath = join(out, "metadata.json");
    writeFileSync(metadataPath, readFileSync(metadataPath, "utf8").replace("Tập công văn", "Tập công vănX"));
    const tampered = await cli(["casefile:verify", out]);
    expect(tampered.code).not.toBe(0);
    expect(JSON.parse(tampered.stderr).error).toMatch(/metadata\.json \(bị thay đổi\)/);

    // Nộp lưu: only the archive; the parts are written where asked, rendered and read back.
    const handoverDir = join(dataDir, "handover");
    const notArchive = await cli(["casefile:handover", "--as", "chuyenvien", "--ids", id]);
    expect(notArchive.code).not.toBe(0);
    expect(JSON.parse(notArchive.stderr).error).toMatch(/không có quyền/);
    expect(JSON.parse((await cli(["casefile:handover", "--as", "vanthu", "--ids", "1,x"])).stderr).error).toMatch(/--ids/);
    const handover = await cli(["casefile:handover", "--as", "vanthu", "--ids", id, "--out", handoverDir]);
    expect(handover.json).toMatchObject({ handoverId: expect.any(Number), files: 1 });
    expect(handover.json.parts.map((p: { part: string }) => p.part)).toEqual(["record.pdf", "list.pdf", "record.xlsx", "list.xlsx"]);
    for (const part of handover.json.parts as Array<{ part: string; path: string; bytes: number }>) {
      expect(existsSync(part.path)).toBe(true);
      expect(readFileSync(part.path).byteLength).toBe(part.bytes);
    }
    const [recordPdf, listPdf, , listXlsx] = handover.json.parts.map((p: { path: string }) => p.path);
    for (const [pdf, expected] of [
      [recordPdf, /BIÊN BẢN GIAO NHẬN HỒ SƠ, TÀI LIỆU[\s\S]*Nguyễn Thị Hồng Nhung/],
      [listPdf, /MỤC LỤC HỒ SƠ, TÀI LIỆU NỘP LƯU[\s\S]*02\.TH[\s\S]*Tập công văn trao đổi/],
    ] as const) {
      execFileSync("pdftoppm", ["-png", "-r", "60", pdf, pdf.replace(/\.pdf$/, "")]);
      expect(existsSync(pdf.replace(/\.pdf$/, "-1.png"))).toBe(true);
      expect(execFileSync("pdftotext", ["-layout", pdf, "-"]).toString()).toMatch(expected);
    }
    if (process.env.CASEFILES_KEEP_RENDER)
      execFileSync("cp", [recordPdf.replace(/\.pdf$/, "-1.png"), listPdf.replace(/\.pdf$/, "-1.png"), process.env.CASEFILES_KEEP_RENDER]);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(listXlsx);
    expect(wb.worksheets[0].getSheetValues().flat().map(String)).toEqual(
      expect.arrayContaining(["Số, ký hiệu hồ sơ", "02.TH", "10 năm", "Tập công văn trao đổi"]),
    );
    const again = await cli(["casefile:handover", "--as", "vanthu", "--ids", id]);
    expect(again.code).not.toBe(0);
    expect(JSON.parse(again.stderr).error).toMatch(/chưa kết thúc \(hoặc đã nộp lưu\)/);

    // Retention review: the 10-year file is due from 1 January of its end year + 11; destruction only then.
    const endYear = Number(JSON.parse(readFileSync(metadataPath, "utf8")).file.EndDate.slice(0, 4));
    const reviewDate = `${endYear + 11}-01-01`;
    expect((await cli(["casefile:retention-due", "--as", "vanthu"])).json.files.map((f: { id: number }) => f.id)).not.toContain(Number(id));
    const later = await cli(["casefile:retention-due", "--as", "vanthu", "--date", reviewDate]);
    expect(later.json.files).toContainEqual(
      expect.objectContaining({ id: Number(id), fileCode: `000.00.00.H12.${year}.02.TH`, status: "handed_over", retention: "10 năm", reviewDate }),
    );
    expect(later.json.files.map((f: { retention: string }) => f.retention)).not.toContain("Vĩnh viễn");
    expect(JSON.parse((await cli(["casefile:retention-due", "--as", "chuyenvien"])).stderr).error).toMatch(/không có quyền/);
    const today = new Date().toISOString().slice(0, 10);
    const early = await cli([
      "casefile:destroy",
      "--as",
      "vanthu",
      "--id",
      id,
      "--decision-number",
      "15/QĐ-UBND",
      "--decision-date",
      today,
      "--reason",
      "Hết giá trị",
    ]);
    expect(early.code).not.toBe(0);
    expect(JSON.parse(early.stderr).error).toMatch(/chưa hết thời hạn bảo quản/);
    // The matter is dated back to 2010 (as a file of that year would be): now due, and destroyed by decision.
    const rw = new Database(join(dataDir, "app.db"));
    rw.prepare("update case_files set start_date = '2010-01-05', end_date = '2010-12-20' where id = ?").run(Number(id));
    rw.close();
    const missingReason = await cli(["casefile:destroy", "--as", "vanthu", "--id", id, "--decision-number", "15/QĐ-UBND", "--decision-date", today]);
    expect(JSON.parse(missingReason.stderr).error).toBe("Thiếu tham số --reason");
    const destroyed = await cli([
      "casefile:destroy",
      "--as",
      "vanthu",
      "--id",
      id,
      "--decision-number",
      "15/QĐ-UBND",
      "--decision-date",
      today,
      "--reason",
      "Hết thời hạn bảo quản",
      "--signer",
      "Chủ tịch UBND tỉnh",
    ]);
    expect(destroyed.json).toMatchObject({
      destructionId: expect.any(Number),
      decisionNumber: "15/QĐ-UBND",
      decisionDate: today,
      files: [{ id: Number(id), fileCode: `000.00.00.H12.${year}.02.TH` }],
    });
    const twice = await cli(["casefile:destroy", "--as", "vanthu", "--id", id, "--decision-number", "16/QĐ-UBND", "--decision-date", today, "--reason", "x"]);
    expect(JSON.parse(twice.stderr).error).toMatch(/chưa kết thúc hoặc đã hủy/);
    const ro = new Database(join(dataDir, "app.db"), { readonly: true });
    expect(ro.prepare("select status from case_files where id = ?").get(Number(id))).toEqual({ status: "destroyed" });
    expect(ro.prepare("select count(*) n from case_file_documents where case_file_id = ?").get(Number(id))).toEqual({ n: 2 });
    ro.close();
  });
});
