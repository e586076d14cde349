// Issue 17 CLI: casefile:list-import → open → add → close → export → verify (and a tampered package) on the demo DB.
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import Database from "better-sqlite3";
import { beforeAll, describe, expect, test } from "vitest";

const run = promisify(execFile);
const TSX = join(process.cwd(), "node_modules", ".bin", "tsx");
const dataDir = mkdtempSync(join(tmpdir(), "vpdt-casefile-cli-"));
const env = { ...process.env, DATA_DIR: dataDir, SEED_DEMO: "1" };

async function cli(args: string[]) {
  try {
    const { stdout } = await run(TSX, ["scripts/cli.ts", ...args], { env, cwd: process.cwd() });
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

describe("casefile CLI", { timeout: 180_000 }, () => {
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
      raw.prepare("select id from incoming_documents where organization_id = ? and arrival_number is not null and is_secret = 0 and status not in ('received','returned') order by id limit 2").all(org.id) as { id: number }[]
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
  });
});
