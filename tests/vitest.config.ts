import { defineConfig } from "vitest/config";

// The classic Remix compiler has no vite config, so vitest gets its own (feasibility.md pitfall 4).
// Globs are relative to the repository root, the working directory of `npm test`.
//
// CI has two cores and a 30-minute budget. vitest's default on two cores is ONE worker, which leaves the second
// core idle while a test waits on a child process (a server, a CLI, openssl, pdftoppm). So the run has three groups:
//   0. "parallel": unit tests and most integration files, two at a time;
//   1. "whole-machine": the real-world corpus, which keeps both cores busy itself (two signing workers and two
//      checkers): alone, after group 0;
//   2. "heavy-pairs": files that run heavy external programs one at a time (OCR runs tesseract; the render check
//      rasterises and OCRs every page) or that assert on memory and CPU limits of the untrusted pool: two at a
//      time, after group 1, so no ordinary file's parsers crowd them. Run alone, OCR left a core idle 30–45 % of
//      its two minutes (vmstat), so these pair up.
// The untrusted pool's limits count CPU time (app/platform/untrusted/cpu-time.ts), so a neighbour test slowing a
// parser down does not turn into a false "too complex" refusal.
const WHOLE_MACHINE = ["tests/integration/signing/realworld-corpus.test.ts"];
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
          name: "parallel",
          include: ["tests/unit/**/*.test.ts", "tests/integration/**/*.test.ts"],
          exclude: [...WHOLE_MACHINE, ...HEAVY_PAIRS],
          maxWorkers: 2,
          sequence: { groupOrder: 0 },
        },
      },
      {
        extends: true,
        test: {
          name: "whole-machine",
          include: WHOLE_MACHINE,
          maxWorkers: 1,
          sequence: { groupOrder: 1 },
        },
      },
      {
        extends: true,
        test: {
          name: "heavy-pairs",
          include: HEAVY_PAIRS,
          maxWorkers: 2,
          sequence: { groupOrder: 2 },
        },
      },
    ],
  },
});
