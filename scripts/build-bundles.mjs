// Bundles the programs that run outside the Remix server into plain ESM under build/, with every package left
// external. `npm run build` runs it after `remix build`:
//   build/untrusted/  the untrusted-file pool's child (app/platform/untrusted/child.ts and its tasks; ADR 0017);
//   build/tools/      the CLI (scripts/cli.ts) and the start-up bootstrap (scripts/bootstrap.ts), which
//                     scripts/run.mjs starts (ADR 0021).
//
// Why: run through tsx, a process re-transforms every module it loads, pdfjs-dist included (1 MB of ESM plus its
// source map): 2.1 s and ~260 MB to load pdfjs against 0.5 s and ~90 MB in plain node. The pool replaces a
// child whose resident set passed half a task's memory limit, so under tsx every PDF text extraction paid a new
// child (3.3 s per upload on this machine). A CLI command paid 2.0 s of loading before its first line of work.
// A bundle is used only while every input it was built from is unchanged (manifest.json; scripts/lib/bundle-
// manifest.mjs); otherwise the TypeScript runs through tsx, which is always right, only slower.
import { existsSync, mkdirSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join, relative, resolve } from "node:path";
// esbuild is pinned in devDependencies at the version @remix-run/dev builds the app with.
import { build } from "esbuild";
import { bundleStatus } from "./lib/bundle-manifest.mjs";

const root = resolve(import.meta.dirname, "..");

/** The bundles: folder under the root → entry name → source. */
export const BUNDLES = {
  "build/untrusted": { child: "app/platform/untrusted/child.ts" },
  "build/tools": { cli: "scripts/cli.ts", bootstrap: "scripts/bootstrap.ts" },
};

/**
 * Builds `dir` into a fresh folder and swaps it in, so a process started meanwhile (another test run, a running
 * server) finds either the old bundle or the new one, never half of one. `force` rebuilds an up-to-date bundle.
 */
export async function buildBundle(dir, { force = false } = {}) {
  const entries = BUNDLES[dir];
  const outdir = join(root, dir);
  if (!force && bundleStatus(root, dir).ok) return { outdir: dir, built: false };
  const staging = `${outdir}.staging-${process.pid}`;
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging, { recursive: true });
  const result = await build({
    absWorkingDir: root,
    entryPoints: Object.entries(entries).map(([out, src]) => ({ in: src, out })),
    bundle: true,
    platform: "node",
    format: "esm",
    // Modules loaded with import() stay chunks of their own (the pool's tasks, exceljs' callers), loaded on
    // first use as before; the entries share the chunks they have in common.
    splitting: true,
    target: "node20",
    outdir: staging,
    metafile: true,
    logLevel: "warning",
    // Packages load from node_modules as they do under tsx (the bundle sits inside the project, so Node finds
    // them); only the project's own TypeScript (relative paths and the #app/… imports) is bundled.
    plugins: [
      {
        name: "packages-external",
        setup(b) {
          b.onResolve({ filter: /^[^.#/]/ }, (args) => ({ path: args.path, external: true }));
        },
      },
    ],
  });
  const inputs = {};
  for (const path of Object.keys(result.metafile.inputs)) {
    const stat = statSync(join(root, path));
    inputs[path] = { size: stat.size, mtimeMs: stat.mtimeMs };
  }
  const names = Object.keys(entries);
  // The pool reads `entry` (one program); the launcher reads `entries`.
  const manifest = {
    ...(names.length === 1 ? { entry: `${names[0]}.js` } : {}),
    entries: Object.fromEntries(names.map((n) => [n, `${n}.js`])),
    builtAt: new Date().toISOString(),
    inputs,
  };
  writeFileSync(join(staging, "manifest.json"), `${JSON.stringify(manifest, null, 1)}\n`);
  const old = `${outdir}.old-${process.pid}`;
  if (existsSync(outdir)) renameSync(outdir, old);
  renameSync(staging, outdir);
  rmSync(old, { recursive: true, force: true });
  return { outdir: relative(root, outdir), built: true, inputs: Object.keys(inputs).length };
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) {
  const force = process.argv.includes("--force");
  for (const dir of Object.keys(BUNDLES)) {
    const r = await buildBundle(dir, { force });
    console.log(r.built ? `[build] ${dir} (${r.inputs} sources)` : `[build] ${dir} is up to date`);
  }
}
