import { defineConfig } from "vitest/config";

// The classic Remix compiler has no vite config, so vitest gets its own (feasibility.md pitfall 4).
// Globs are relative to the repository root, the working directory of `npm test`.
//
// CI has two cores and a 30-minute budget. vitest's default on two cores is ONE worker, which leaves the second
// core idle while a test waits on a child process (a server, a CLI, openssl, pdftoppm). So the run has four groups:
//   0. "unit": the pure unit tests, two at a time, without a fresh process and module graph per file (isolate:
//      false): loading the app's modules again for each of 60 files was half their time (51 → 25 s). A file that
//      mocks a module (vi.mock) keeps its own process, in group 1;
//   1. "parallel": most integration files, two at a time;
//   2. "whole-machine": the real-world corpus, which keeps both cores busy itself (two signing workers and two
//      checkers): alone, after group 1;
//   3. "heavy-pairs": files that run heavy external programs one at a time (OCR runs tesseract; the render check
//      rasterises and OCRs every page) or that assert on memory and CPU limits of the untrusted pool: two at a
//      time, after group 2, so no ordinary file's parsers crowd them. Run alone, OCR left a core idle 30–45 % of
//      its two minutes (vmstat), so these pair up.
// The untrusted pool's limits count CPU time (app/platform/untrusted/cpu-time.ts), so a neighbour test slowing a
// parser down does not turn into a false "too complex" refusal.
const WHOLE_MACHINE = ["tests/integration/signing/realworld-corpus.test.ts"];
const UNIT_WITH_MOCKS = ["tests/unit/signing/certified-no-changes.test.ts"];
const HEAVY_PAIRS = [
  "tests/integration/ocr.test.ts",
  "tests/integration/ocr-paths.test.ts",
  "tests/integration/ocr-derived.test.ts",
  "tests/integration/render-check.test.ts",
  "tests/integration/pdf-bombs.test.ts",
  "tests/integration/untrusted-pool.test.ts",
];

export default defineConfig({
  test: {
    environment: "node",
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: "forks",
    globalSetup: ["tests/support/global-setup.ts"],
    projects: [
      {
        extends: true,
        test: {
          name: "unit",
          include: ["tests/unit/**/*.test.ts"],
          exclude: UNIT_WITH_MOCKS,
          isolate: false,
          maxWorkers: 2,
          sequence: { groupOrder: 0 },
        },
      },
      {
        extends: true,
        test: {
          name: "parallel",
          include: [...UNIT_WITH_MOCKS, "tests/integration/**/*.test.ts"],
          exclude: [...WHOLE_MACHINE, ...HEAVY_PAIRS],
          maxWorkers: 2,
          sequence: { groupOrder: 1 },
        },
      },
      {
        extends: true,
        test: {
          name: "whole-machine",
          include: WHOLE_MACHINE,
          maxWorkers: 1,
          sequence: { groupOrder: 2 },
        },
      },
      {
        extends: true,
        test: {
          name: "heavy-pairs",
          include: HEAVY_PAIRS,
          maxWorkers: 2,
          sequence: { groupOrder: 3 },
        },
      },
    ],
  },
});
