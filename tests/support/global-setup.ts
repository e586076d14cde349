// vitest globalSetup: builds the untrusted-file pool's child bundle (scripts/build-untrusted-child.mjs) from this
// tree once per run, so every test — and every CLI or server a test spawns — runs the child that `npm run build`
// ships, not the tsx fallback (app/platform/untrusted/child-entry.server.ts says why the two differ).
import { execFileSync } from "node:child_process";
import { join } from "node:path";

export default function setup() {
  execFileSync(process.execPath, [join(process.cwd(), "scripts", "build-untrusted-child.mjs")], { stdio: "inherit" });
}
