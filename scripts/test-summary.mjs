// Prints one closing line per suite ("unit: N passed, N failed") from the JSON reports, because CI
// reads neither vitest's nor Playwright's own summary (feasibility.md pitfall 20).
import { existsSync, readFileSync } from "node:fs";

let failed = false;
const suites = { unit: { passed: 0, failed: 0 }, integration: { passed: 0, failed: 0 } };
if (existsSync("reports/vitest.json")) {
  const report = JSON.parse(readFileSync("reports/vitest.json", "utf8"));
  for (const file of report.testResults ?? []) {
    const suite = file.name.includes("/tests/integration/") ? "integration" : "unit";
    for (const t of file.assertionResults ?? []) {
      if (t.status === "passed") suites[suite].passed++;
      else if (t.status === "failed") suites[suite].failed++;
    }
    // A file that failed to load has no assertion results: count it as a failure.
    if ((file.assertionResults ?? []).length === 0 && file.status === "failed") suites[suite].failed++;
  }
} else {
  suites.unit.failed++;
}
for (const [name, s] of Object.entries(suites)) {
  console.log(`${name}: ${s.passed} passed, ${s.failed} failed`);
  if (s.failed > 0) failed = true;
}
if (existsSync("reports/e2e.json")) {
  const stats = JSON.parse(readFileSync("reports/e2e.json", "utf8")).stats ?? {};
  const failedCount = (stats.unexpected ?? 0) + (stats.flaky ?? 0);
  console.log(`e2e: ${stats.expected ?? 0} passed, ${failedCount} failed`);
  if (failedCount > 0 || !stats.expected) failed = true;
} else {
  console.log("e2e: 0 passed, 1 failed");
  failed = true;
}
process.exit(failed ? 1 : 0);
