// vitest globalSetup: builds the bundles of scripts/build-bundles.mjs (the untrusted-file pool's child, the CLI
// and the bootstrap) from this tree once per run, so every test — and every CLI or server a test spawns — runs
// the programs that `npm run build` ships, not the tsx fallback (ADR 0017, ADR 0021 say why the two differ).
import { execFileSync } from "node:child_process";
import { join } from "node:path";

export default function setup() {
  execFileSync(process.execPath, [join(process.cwd(), "scripts", "build-bundles.mjs")], { stdio: "inherit" });
}
