// scripts/run.mjs (ADR 0021) starts the CLI or the bootstrap from build/tools while that bundle matches its
// sources, else the TypeScript through tsx. A throw-away project under tests/.tmp (so that `tsx` resolves from the
// repository's node_modules) holds copies of the launcher and a program that says how it was started.
import { spawnSync } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, statSync, utimesSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import { CLI_ARGS } from "#tests/support/cli";

const ROOT = process.cwd();
mkdirSync(join(ROOT, "tests", ".tmp"), { recursive: true });
const project = mkdtempSync(join(ROOT, "tests", ".tmp", "run-launcher-"));
afterAll(() => rmSync(project, { recursive: true, force: true }));

mkdirSync(join(project, "scripts", "lib"), { recursive: true });
mkdirSync(join(project, "build", "tools"), { recursive: true });
copyFileSync(join(ROOT, "scripts", "run.mjs"), join(project, "scripts", "run.mjs"));
copyFileSync(join(ROOT, "scripts", "lib", "bundle-manifest.mjs"), join(project, "scripts", "lib", "bundle-manifest.mjs"));
// Type annotations make it TypeScript: plain node cannot run it, tsx can.
writeFileSync(join(project, "scripts", "cli.ts"), 'const via: string = "tsx";\nconsole.log(JSON.stringify({ via, argv: process.argv.slice(2) }));\n');
writeFileSync(join(project, "build", "tools", "cli.js"), 'console.log(JSON.stringify({ via: "bundle", argv: process.argv.slice(2) }));\n');

function writeManifest() {
  const stat = statSync(join(project, "scripts", "cli.ts"));
  const manifest = { entries: { cli: "cli.js" }, inputs: { "scripts/cli.ts": { size: stat.size, mtimeMs: stat.mtimeMs } } };
  writeFileSync(join(project, "build", "tools", "manifest.json"), JSON.stringify(manifest));
}

function launch(...args: string[]) {
  const r = spawnSync(process.execPath, [join(project, "scripts", "run.mjs"), ...args], { encoding: "utf8", timeout: 60_000 });
  return { code: r.status, out: r.stdout ? JSON.parse(r.stdout) : null, err: r.stderr };
}

describe("scripts/run.mjs", () => {
  test("runs the bundle while it matches its sources, passing the program's arguments as its own", () => {
    writeManifest();
    expect(launch("cli", "incoming:list", "--as", "vanthu")).toMatchObject({ code: 0, out: { via: "bundle", argv: ["incoming:list", "--as", "vanthu"] } });
  });

  test("runs the TypeScript through tsx once a source changed since the build, and without a build", () => {
    writeManifest();
    const later = new Date(Date.now() + 5_000);
    utimesSync(join(project, "scripts", "cli.ts"), later, later);
    expect(launch("cli", "help")).toMatchObject({ code: 0, out: { via: "tsx", argv: ["help"] } });
    rmSync(join(project, "build"), { recursive: true });
    expect(launch("cli", "help")).toMatchObject({ code: 0, out: { via: "tsx", argv: ["help"] } });
  });

  test("an unknown program is a JSON error with a non-zero exit", () => {
    const r = spawnSync(process.execPath, [join(project, "scripts", "run.mjs"), "seed-everything"], { encoding: "utf8" });
    expect(r.status).not.toBe(0);
    expect(JSON.parse(r.stderr).error).toContain("cli, bootstrap");
  });

  test("this tree's CLI answers through its bundle", () => {
    const r = spawnSync(process.execPath, [...CLI_ARGS, "help"], { encoding: "utf8", env: { ...process.env, RUN_DEBUG: "1" } });
    expect(r.status).toBe(0);
    expect(r.stderr).not.toContain("through tsx");
    expect(JSON.parse(r.stdout).commands.map((c: { command: string }) => c.command)).toEqual(
      expect.arrayContaining(["incoming:list", "edxml:import", "casefile:open"]),
    );
  });
});
