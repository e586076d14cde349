import { defineConfig } from "vitest/config";

// The classic Remix compiler has no vite config, so vitest gets its own (feasibility.md pitfall 4).
// Globs are relative to the repository root, the working directory of `npm test`.
export default defineConfig({
  test: {
    include: ["tests/unit/**/*.test.ts", "tests/integration/**/*.test.ts"],
    environment: "node",
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: "forks",
  },
});
