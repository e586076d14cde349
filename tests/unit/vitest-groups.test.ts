// The unit tests share one process and module graph per worker (tests/vitest.config.ts, group "unit", isolate:
// false). A file that replaces a module (vi.mock) or a global would change it for the files after it, so such a file
// must be listed in UNIT_WITH_MOCKS, which runs it in a process of its own.
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { expect, test } from "vitest";

const ROOT = process.cwd();

function testFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? testFiles(join(dir, e.name)) : e.name.endsWith(".test.ts") ? [relative(ROOT, join(dir, e.name))] : [],
  );
}

test("every unit test file that mocks a module or stubs a global runs in its own process", () => {
  const config = readFileSync(join(ROOT, "tests", "vitest.config.ts"), "utf8");
  const listed = /const UNIT_WITH_MOCKS = \[([^\]]*)\]/.exec(config)?.[1] ?? "";
  const isolated = [...listed.matchAll(/"([^"]+)"/g)].map((m) => m[1]);
  const mocking = testFiles(join(ROOT, "tests", "unit")).filter((file) =>
    /\bvi\.(mock|doMock|stubGlobal|stubEnv|useFakeTimers)\(/.test(readFileSync(join(ROOT, file), "utf8")),
  );
  expect(mocking.length).toBeGreaterThan(0); // the check sees the one known file
  expect(mocking.filter((f) => !isolated.includes(f))).toEqual([]);
});
