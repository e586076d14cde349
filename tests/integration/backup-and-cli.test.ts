import { execFile, spawn } from "node:child_process";
import { existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import Database from "better-sqlite3";
import { beforeAll, describe, expect, test } from "vitest";
import { CLI_ARGS } from "#tests/support/cli";

const run = promisify(execFile);
const dataDir = mkdtempSync(join(tmpdir(), "vpdt-cli-"));
const env = { ...process.env, DATA_DIR: dataDir, SEED_DEMO: "1" };

async function cli(args: string[]) {
  try {
    const { stdout, stderr } = await run(process.execPath, [...CLI_ARGS, ...args], { env, cwd: process.cwd() });
    return { code: 0, json: JSON.parse(stdout), stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, json: null, stderr: e.stderr };
  }
}

beforeAll(async () => {
  // First CLI use migrates and seeds the empty DATA_DIR, as the server does.
  const r = await cli(["db:migrate"]);
  expect(r.code).toBe(0);
}, 180_000);

describe("CLI", { timeout: 180_000 }, () => {
  test("user:add creates a user in a named unit; a duplicate is a JSON error on stderr", async () => {
    const ok = await cli([
      "user:add",
      "--username",
      "nguyen.van.b",
      "--name",
      "Nguyễn Văn B",
      "--unit",
      "Văn phòng UBND tỉnh",
      "--role",
      "specialist",
      "--password",
      "Mua-nuoc-Ca-Mau-2025",
    ]);
    expect(ok.code).toBe(0);
    expect(ok.json).toMatchObject({ username: "nguyen.van.b", roles: ["specialist"] });
    const dup = await cli([
      "user:add",
      "--username",
      "nguyen.van.b",
      "--name",
      "X",
      "--unit",
      "Văn phòng UBND tỉnh",
      "--role",
      "specialist",
      "--password",
      "Mua-nuoc-Ca-Mau-2025",
    ]);
    expect(dup.code).not.toBe(0);
    expect(JSON.parse(dup.stderr)).toEqual({ error: "Tên đăng nhập đã tồn tại" });
    expect(dup.stderr).not.toMatch(/at .*\.ts:\d+/); // no stack trace
  });

  test("user:passwd refuses a common password and accepts a good one", async () => {
    const weak = await cli(["user:passwd", "--username", "nguyen.van.b", "--password", "12345678"]);
    expect(weak.code).not.toBe(0);
    expect(JSON.parse(weak.stderr).error).toMatch(/phổ biến/);
    const good = await cli(["user:passwd", "--username", "nguyen.van.b", "--password", "Dat-Mui-Ca-Mau-2026"]);
    expect(good.json).toEqual({ ok: true, username: "nguyen.van.b" });
  });

  test("an unknown command fails cleanly", async () => {
    const r = await cli(["no:such"]);
    expect(r.code).not.toBe(0);
    expect(JSON.parse(r.stderr).error).toMatch(/Không có lệnh/);
  });

  test("audit:verify checks the chain and reports tampering", async () => {
    const ok = await cli(["audit:verify"]);
    expect(ok.json).toMatchObject({ ok: true });
    expect(ok.json.checked).toBeGreaterThan(10);
    const raw = new Database(join(dataDir, "app.db"));
    raw.prepare("UPDATE audit_events SET action = 'forged' WHERE id = 3").run();
    raw.close();
    const bad = await cli(["audit:verify"]);
    expect(bad.code).not.toBe(0);
    expect(JSON.parse(bad.stderr).error).toMatch(/bản ghi 3/);
    const fix = new Database(join(dataDir, "app.db"));
    fix.prepare("UPDATE audit_events SET action = 'user.create' WHERE id = 3").run();
    fix.close();
  });

  test("db:backup completes while another process keeps writing, and the copy is intact", async () => {
    // A writer in a separate process commits every few milliseconds during the backup.
    const writer = spawn(
      process.execPath,
      [
        "-e",
        `const D=require("better-sqlite3");const d=new D(process.argv[1]);d.pragma("busy_timeout=5000");
         const s=d.prepare("INSERT INTO login_attempts (username, ip_address, is_success, at) VALUES ('w','127.0.0.1',0,?)");
         const end=Date.now()+4000;(function loop(){if(Date.now()>end){d.close();return;}s.run(Date.now());setTimeout(loop,3);})();`,
        join(dataDir, "app.db"),
      ],
      { stdio: "ignore" },
    );
    // Listen for the exit now: when the backup outlasts the 4 s writer, an 'exit' listener attached after the
    // call would never fire and the test would hang (issue 9).
    const writerExit = new Promise<number | null>((resolve) => writer.once("exit", (code) => resolve(code)));
    await new Promise((r) => setTimeout(r, 300));
    const out = join(dataDir, "backup-1.db");
    const r = await cli(["db:backup", "--out", out]);
    expect(await writerExit).toBe(0);
    expect(r.code).toBe(0);
    expect(r.json).toMatchObject({ out, integrity: "ok" });
    expect(existsSync(out)).toBe(true);
    const copy = new Database(out, { readonly: true });
    expect((copy.prepare("select count(*) n from users").get() as { n: number }).n).toBeGreaterThanOrEqual(12);
    copy.close();
    const again = await cli(["db:backup", "--out", out]);
    expect(again.code).not.toBe(0);
    expect(JSON.parse(again.stderr).error).toMatch(/đã tồn tại/);
  });
});
