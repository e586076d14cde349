// Starts one of the TypeScript programs outside the Remix server: `node scripts/run.mjs cli <command> [args]`
// (what `npm run cli` runs) or `node scripts/run.mjs bootstrap` (scripts/start.js, before serving).
//
// It runs the plain-ESM bundle `npm run build` wrote to build/tools (scripts/build-bundles.mjs) while the bundle
// matches its sources, else the TypeScript through tsx, which is always right, only slower (ADR 0021): under
// tsx a CLI command spent 2.0 s loading the app's modules before its first line of work, bundled 0.8–0.9 s.
// Plain JS with no dependency but tsx, so it runs before anything is built.
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { bundleStatus } from "./lib/bundle-manifest.mjs";

const root = resolve(import.meta.dirname, "..");
const SOURCES = { cli: "scripts/cli.ts", bootstrap: "scripts/bootstrap.ts" };

const name = process.argv[2];
if (!Object.hasOwn(SOURCES, name)) {
  process.stderr.write(`${JSON.stringify({ error: `Chương trình "${name ?? ""}" không có; dùng: ${Object.keys(SOURCES).join(", ")}.` })}\n`);
  process.exit(2);
}
// The program reads its own arguments from process.argv[2] on, as when it was started directly.
process.argv.splice(2, 1);
const status = bundleStatus(root, "build/tools");
const bundled = status.ok && status.manifest.entries?.[name];
if (bundled) {
  await import(pathToFileURL(join(root, "build/tools", bundled)).href);
} else {
  if (process.env.RUN_DEBUG) process.stderr.write(`[run] ${name} through tsx: ${status.ok ? "not in the bundle" : status.reason}\n`);
  await import("tsx");
  await import(pathToFileURL(join(root, SOURCES[name])).href);
}
