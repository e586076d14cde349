// Prints one closing line per suite ("unit: N passed, N failed, N skipped") from the JSON reports, because CI
// reads neither vitest's nor Playwright's own summary (feasibility.md pitfall 20).
//
// The lines must not be able to say "0 failed" about a run that did not happen (issue 9, guard 4):
// - a vitest file whose status is "failed" without any failed test (it failed to load, a beforeAll/afterAll threw
//   so its tests were reported "skipped", or it declared no test) counts as one failure;
// - a suite that ran no test at all counts as one failure;
// - a missing or unreadable report counts as one failure for every suite it should have covered;
// - Playwright's top-level errors (the web server never started, a global setup threw) count as failures.
// The reason for each such failure is printed above the summary lines so the log says what went wrong.
//
// Usage: node scripts/test-summary.mjs [reportsDir]   (default: reports)
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";

const reportsDir = process.argv[2] ?? "reports";
const notes = [];
const note = (suite, message) => notes.push(`[summary] ${suite}: ${message}`);
const firstLine = (text) =>
  String(text ?? "")
    .split("\n")
    .find((l) => l.trim() !== "")
    ?.trim()
    .slice(0, 300) ?? "";

function readJson(path) {
  if (!existsSync(path)) return { error: `${path} is missing` };
  try {
    return { value: JSON.parse(readFileSync(path, "utf8")) };
  } catch (e) {
    return { error: `${path} is not valid JSON (${e instanceof Error ? e.message : e})` };
  }
}

const newCounts = () => ({ passed: 0, failed: 0, skipped: 0 });
const suites = { unit: newCounts(), integration: newCounts() };

const vitest = readJson(join(reportsDir, "vitest.json"));
if (vitest.error) {
  for (const [name, s] of Object.entries(suites)) {
    s.failed++;
    note(name, `no results: ${vitest.error}`);
  }
} else {
  for (const file of vitest.value.testResults ?? []) {
    const suite = String(file.name).includes("/tests/integration/") ? "integration" : "unit";
    const s = suites[suite];
    let fileFailed = 0;
    for (const t of file.assertionResults ?? []) {
      if (t.status === "passed") s.passed++;
      else if (t.status === "failed") {
        s.failed++;
        fileFailed++;
      } else s.skipped++; // skipped, pending, todo (and tests skipped because a hook threw)
    }
    if (file.status !== "passed" && fileFailed === 0) {
      // Failed to load, a hook threw, no test declared, or an unknown status: the file itself is the failure.
      s.failed++;
      const tests = (file.assertionResults ?? []).length;
      const why =
        firstLine(file.message) ||
        (tests > 0 ? `status "${file.status}" although none of its ${tests} tests failed (a hook threw?)` : `status "${file.status}" and no test ran`);
      note(suite, `${file.name}: ${why}`);
    }
  }
  for (const [name, s] of Object.entries(suites)) {
    if (s.passed + s.failed === 0) {
      s.failed++;
      note(name, "ran no test");
    }
  }
}

let e2e = newCounts();
const playwright = readJson(join(reportsDir, "e2e.json"));
if (playwright.error) {
  e2e.failed++;
  note("e2e", `no results: ${playwright.error}`);
} else {
  const stats = playwright.value.stats ?? {};
  const errors = playwright.value.errors ?? [];
  e2e = { passed: stats.expected ?? 0, failed: (stats.unexpected ?? 0) + (stats.flaky ?? 0) + errors.length, skipped: stats.skipped ?? 0 };
  for (const error of errors) note("e2e", firstLine(error.message ?? error.stack ?? JSON.stringify(error)));
  if (e2e.passed + e2e.failed === 0) {
    e2e.failed++;
    note("e2e", "ran no test");
  }
}
suites.e2e = e2e;

for (const line of notes) console.log(line);
let failed = false;
for (const [name, s] of Object.entries(suites)) {
  console.log(`${name}: ${s.passed} passed, ${s.failed} failed, ${s.skipped} skipped`);
  if (s.failed > 0) failed = true;
}
process.exit(failed ? 1 : 0);
