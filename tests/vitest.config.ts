import { defineConfig } from "vitest/config";

// The classic Remix compiler has no vite config, so vitest gets its own (feasibility.md pitfall 4).
// Globs are relative to the repository root, the working directory of `npm test`.
//
// CI has two cores and a 30-minute budget. vitest's default on two cores is ONE worker, which leaves the second
// core idle while a test waits on a child process (a server, a CLI, openssl). So the run has two groups:
//   0. "parallel": unit tests and the integration files that mostly wait on child processes, two at a time;
//   1. "heavy": files that are CPU-bound themselves (OCR, rendering, the real-world corpus, which runs its own two
//      workers) or that exercise the untrusted pool's time limits: one at a time, after group 0, so that a loaded
//      machine cannot turn a parser's time limit into a false failure.
const HEAVY = [
  "tests/integration/signing/realworld-corpus.test.ts",
  "tests/integration/signing/corpus.test.ts",
  "tests/integration/signing/verify-agreement.test.ts",
  "tests/integration/ocr.test.ts",
  "tests/integration/ocr-derived.test.ts",
  "tests/integration/render-check.test.ts",
  "tests/integration/pdf-bombs.test.ts",
  "tests/integration/pdf-extraction.test.ts",
  "tests/integration/pdf-stamped-text.test.ts",
  "tests/integration/hostile-input.test.ts",
  "tests/integration/untrusted-pool.test.ts",
  "tests/integration/concurrent-bootstrap.test.ts",
  "tests/integration/incoming-concurrency.test.ts",
  "tests/integration/outgoing/upload-and-demo.test.ts",
  "tests/integration/plans.test.ts",
];

export default defineConfig({
  test: {
    environment: "node",
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: "forks",
    projects: [
      {
        extends: true,
        test: {
          name: "parallel",
          include: ["tests/unit/**/*.test.ts", "tests/integration/**/*.test.ts"],
          exclude: HEAVY,
          maxWorkers: 2,
          sequence: { groupOrder: 0 },
        },
      },
      {
        extends: true,
        test: {
          name: "heavy",
          include: HEAVY,
          maxWorkers: 1,
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});
