import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, test } from "vitest";

// Guard 4 of issue 9: the closing lines of `npm test` cannot say "0 failed" about a run that did not happen.
// The reports below are shaped like the ones vitest 4 and Playwright 1.65 really write (captured from runs of a
// file whose beforeAll throws, a file that throws on load, a file without tests, and a Playwright run whose web
// server exits): the script is run as a process on them, as test-all.sh runs it.

const SCRIPT = join(process.cwd(), "scripts/test-summary.mjs");
const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

type Assertion = { title: string; status: "passed" | "failed" | "skipped" | "pending" | "todo" };
type VitestFile = { name: string; status: "passed" | "failed"; message?: string; assertionResults: Assertion[] };

const ok = (title: string): Assertion => ({ title, status: "passed" });
const unitFile = (name: string, tests: Assertion[], status: VitestFile["status"] = "passed", message = ""): VitestFile => ({
  name: `/repo/tests/unit/${name}`,
  status,
  message,
  assertionResults: tests,
});
const integrationFile = (name: string, tests: Assertion[], status: VitestFile["status"] = "passed", message = ""): VitestFile => ({
  name: `/repo/tests/integration/${name}`,
  status,
  message,
  assertionResults: tests,
});

const goodE2e = { stats: { expected: 3, skipped: 0, unexpected: 0, flaky: 0 }, errors: [], suites: [{}] };

function summarize(reports: { vitest?: VitestFile[] | string; e2e?: object | string }) {
  const dir = mkdtempSync(join(tmpdir(), "test-summary-"));
  dirs.push(dir);
  mkdirSync(join(dir, "reports"));
  if (reports.vitest !== undefined)
    writeFileSync(
      join(dir, "reports/vitest.json"),
      typeof reports.vitest === "string" ? reports.vitest : JSON.stringify({ success: true, testResults: reports.vitest }),
    );
  if (reports.e2e !== undefined) writeFileSync(join(dir, "reports/e2e.json"), typeof reports.e2e === "string" ? reports.e2e : JSON.stringify(reports.e2e));
  const run = spawnSync(process.execPath, [SCRIPT, join(dir, "reports")], { encoding: "utf8", timeout: 30_000 });
  const line = (suite: string) => run.stdout.split("\n").find((l) => l.startsWith(`${suite}: `));
  return { status: run.status, stdout: run.stdout, unit: line("unit"), integration: line("integration"), e2e: line("e2e") };
}

describe("scripts/test-summary.mjs", () => {
  test("a clean run prints passed, failed and skipped for every suite and exits 0", () => {
    const r = summarize({
      vitest: [
        unitFile("a.test.ts", [ok("a"), ok("b"), { title: "c", status: "skipped" }, { title: "d", status: "todo" }]),
        integrationFile("b.test.ts", [ok("x")]),
      ],
      e2e: { ...goodE2e, stats: { ...goodE2e.stats, skipped: 2 } },
    });
    expect(r.unit).toBe("unit: 2 passed, 0 failed, 2 skipped");
    expect(r.integration).toBe("integration: 1 passed, 0 failed, 0 skipped");
    expect(r.e2e).toBe("e2e: 3 passed, 0 failed, 2 skipped");
    expect(r.status).toBe(0);
  });

  test("a file whose beforeAll threw (its tests reported skipped) is a failure, not a skip", () => {
    const r = summarize({
      vitest: [
        unitFile("a.test.ts", [ok("a")]),
        integrationFile(
          "hooks.test.ts",
          [
            { title: "x", status: "skipped" },
            { title: "y", status: "skipped" },
          ],
          "failed",
          "",
        ),
        integrationFile("fine.test.ts", [ok("z")]),
      ],
      e2e: goodE2e,
    });
    expect(r.integration).toBe("integration: 1 passed, 1 failed, 2 skipped");
    expect(r.stdout).toContain("hooks.test.ts");
    expect(r.status).toBe(1);
  });

  test("a file whose afterAll threw after its tests passed is a failure", () => {
    const r = summarize({ vitest: [unitFile("a.test.ts", [ok("a")], "failed", "afterAll boom"), integrationFile("b.test.ts", [ok("x")])], e2e: goodE2e });
    expect(r.unit).toBe("unit: 1 passed, 1 failed, 0 skipped");
    expect(r.stdout).toContain("afterAll boom");
    expect(r.status).toBe(1);
  });

  test("a file that failed to load is a failure and its message is printed", () => {
    const r = summarize({
      vitest: [unitFile("a.test.ts", [ok("a")]), integrationFile("broken.test.ts", [], "failed", "Cannot find module '#app/nope'\n    at stack")],
      e2e: goodE2e,
    });
    expect(r.integration).toBe("integration: 0 passed, 1 failed, 0 skipped");
    expect(r.stdout).toContain("broken.test.ts: Cannot find module '#app/nope'");
    expect(r.status).toBe(1);
  });

  test("a file with failed tests counts those tests, not the file once more", () => {
    const r = summarize({
      vitest: [unitFile("a.test.ts", [ok("a"), { title: "b", status: "failed" }], "failed"), integrationFile("b.test.ts", [ok("x")])],
      e2e: goodE2e,
    });
    expect(r.unit).toBe("unit: 1 passed, 1 failed, 0 skipped");
  });

  test("a suite that ran no test fails", () => {
    const onlyUnit = summarize({ vitest: [unitFile("a.test.ts", [ok("a")])], e2e: goodE2e });
    expect(onlyUnit.integration).toBe("integration: 0 passed, 1 failed, 0 skipped");
    expect(onlyUnit.status).toBe(1);
    const allSkipped = summarize({
      vitest: [unitFile("a.test.ts", [ok("a")]), integrationFile("b.test.ts", [{ title: "x", status: "skipped" }])],
      e2e: goodE2e,
    });
    expect(allSkipped.integration).toBe("integration: 0 passed, 1 failed, 1 skipped");
    const emptyFile = summarize({
      vitest: [unitFile("a.test.ts", [ok("a")]), integrationFile("empty.test.ts", [], "failed", "No test found in suite tests/integration/empty.test.ts")],
      e2e: goodE2e,
    });
    expect(emptyFile.integration).toBe("integration: 0 passed, 1 failed, 0 skipped");
  });

  test("a missing or truncated vitest report fails both vitest suites", () => {
    for (const vitest of [undefined, '{"testResults": [']) {
      const r = summarize({ vitest, e2e: goodE2e });
      expect(r.unit).toBe("unit: 0 passed, 1 failed, 0 skipped");
      expect(r.integration).toBe("integration: 0 passed, 1 failed, 0 skipped");
      expect(r.e2e).toBe("e2e: 3 passed, 0 failed, 0 skipped");
      expect(r.status).toBe(1);
    }
  });

  test("a missing e2e report fails e2e", () => {
    const r = summarize({ vitest: [unitFile("a.test.ts", [ok("a")]), integrationFile("b.test.ts", [ok("x")])] });
    expect(r.e2e).toBe("e2e: 0 passed, 1 failed, 0 skipped");
    expect(r.status).toBe(1);
  });

  test("an e2e run whose web server never started fails e2e with the reason", () => {
    const r = summarize({
      vitest: [unitFile("a.test.ts", [ok("a")]), integrationFile("b.test.ts", [ok("x")])],
      e2e: {
        stats: { expected: 0, skipped: 0, unexpected: 0, flaky: 0 },
        errors: [{ message: "Error: Process from config.webServer was not able to start. Exit code: 1" }],
        suites: [],
      },
    });
    expect(r.e2e).toBe("e2e: 0 passed, 1 failed, 0 skipped");
    expect(r.stdout).toContain("config.webServer was not able to start");
    expect(r.status).toBe(1);
  });

  test("an e2e run with no test and no error still fails", () => {
    const r = summarize({
      vitest: [unitFile("a.test.ts", [ok("a")]), integrationFile("b.test.ts", [ok("x")])],
      e2e: { stats: { expected: 0, skipped: 4, unexpected: 0, flaky: 0 }, errors: [], suites: [] },
    });
    expect(r.e2e).toBe("e2e: 0 passed, 1 failed, 4 skipped");
    expect(r.status).toBe(1);
  });

  test("the summary of the real vitest report of a file whose beforeAll throws is a failure", () => {
    // End to end on vitest itself, so a change in its report format cannot make the script lie again.
    // tests/.tmp does not exist in a fresh clone (it is ignored by git).
    mkdirSync(join(process.cwd(), "tests/.tmp"), { recursive: true });
    const dir = mkdtempSync(join(process.cwd(), "tests/.tmp/summary-real-"));
    dirs.push(dir);
    writeFileSync(
      join(dir, "hook.test.ts"),
      `import { beforeAll, it } from "vitest";\nbeforeAll(() => { throw new Error("setup boom"); });\nit("a", () => {});\n`,
    );
    writeFileSync(join(dir, "ok.test.ts"), `import { it } from "vitest";\nit("b", () => {});\n`);
    writeFileSync(
      join(dir, "vitest.config.ts"),
      `import { defineConfig } from "vitest/config";\nexport default defineConfig({ test: { root: ${JSON.stringify(dir)}, include: ["*.test.ts"], pool: "forks" } });\n`,
    );
    mkdirSync(join(dir, "reports"));
    const vitest = spawnSync(
      process.execPath,
      [
        join(process.cwd(), "node_modules/vitest/vitest.mjs"),
        "run",
        "--config",
        join(dir, "vitest.config.ts"),
        "--reporter=json",
        `--outputFile.json=${join(dir, "reports/vitest.json")}`,
      ],
      { encoding: "utf8", timeout: 60_000, cwd: process.cwd() },
    );
    expect(vitest.status).toBe(1);
    writeFileSync(join(dir, "reports/e2e.json"), JSON.stringify(goodE2e));
    const run = spawnSync(process.execPath, [SCRIPT, join(dir, "reports")], { encoding: "utf8", timeout: 30_000 });
    // Both files are outside tests/integration/, so both land in "unit"; integration ran nothing.
    expect(run.stdout).toContain("unit: 1 passed, 1 failed, 1 skipped");
    expect(run.status).toBe(1);
  });
});
