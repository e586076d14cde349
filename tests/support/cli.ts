// The CLI as `npm run cli` starts it: node scripts/run.mjs cli …, which runs the bundle tests/support/global-setup.ts
// built from this tree (build/tools), or the TypeScript through tsx when a source changed since (ADR 0021).
// Spawn `process.execPath` with these arguments first: node itself, so that killing the child kills the CLI.
import { join } from "node:path";

const ROOT = process.cwd();

/** `node` arguments that start the CLI; the command and its arguments follow. */
export const CLI_ARGS: readonly string[] = [join(ROOT, "scripts", "run.mjs"), "cli"];

/** `node` arguments that start the server's bootstrap (migrations, session secret, demo seed). */
export const BOOTSTRAP_ARGS: readonly string[] = [join(ROOT, "scripts", "run.mjs"), "bootstrap"];
