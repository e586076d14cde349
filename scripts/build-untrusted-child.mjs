// Bundles the untrusted-file pool's child (app/platform/untrusted/child.ts and its tasks) into plain ESM under
// build/untrusted/, with every package left external. `npm run build` runs it after `remix build`.
//
// Why: run through tsx, a child re-transforms every module it loads, pdfjs-dist included (1 MB of ESM plus its
// source map): 2.1 s and ~260 MB to load pdfjs against 0.5 s and ~90 MB in plain node. The pool replaces a
// child whose resident set passed half a task's memory limit, so under tsx every PDF text extraction paid a new
// child (3.3 s per upload on this machine). The pool uses this bundle only while every input it was built from
// is unchanged (manifest.json); otherwise it falls back to tsx (app/platform/untrusted/child-entry.server.ts).
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join, relative, resolve } from "node:path";
// esbuild is pinned in devDependencies at the version @remix-run/dev builds the app with.
import { build } from "esbuild";

const root = resolve(import.meta.dirname, "..");
const outdir = join(root, "build", "untrusted");

/** True when build/untrusted exists and every source it was built from is unchanged (the pool's own test). */
function upToDate() {
  try {
    const manifest = JSON.parse(readFileSync(join(outdir, "manifest.json"), "utf8"));
    if (!existsSync(join(outdir, manifest.entry))) return false;
    return Object.entries(manifest.inputs).every(([path, recorded]) => {
      const stat = statSync(join(root, path));
      return stat.size === recorded.size && stat.mtimeMs === recorded.mtimeMs;
    });
  } catch {
    return false;
  }
}

/**
 * Builds into a fresh folder and swaps it in, so a child forked meanwhile (another test run, a running server)
 * finds either the old bundle or the new one, never half of one. `force` rebuilds an up-to-date bundle.
 */
export async function buildUntrustedChild({ force = false } = {}) {
  if (!force && upToDate()) return { outdir: relative(root, outdir), built: false };
  const staging = `${outdir}.staging-${process.pid}`;
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging, { recursive: true });
  const result = await build({
    absWorkingDir: root,
    entryPoints: ["app/platform/untrusted/child.ts"],
    bundle: true,
    platform: "node",
    format: "esm",
    // Each task stays a chunk of its own, loaded on its first use as before.
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
  const manifest = { entry: "child.js", builtAt: new Date().toISOString(), inputs };
  writeFileSync(join(staging, "manifest.json"), `${JSON.stringify(manifest, null, 1)}\n`);
  const old = `${outdir}.old-${process.pid}`;
  if (existsSync(outdir)) renameSync(outdir, old);
  renameSync(staging, outdir);
  rmSync(old, { recursive: true, force: true });
  return { outdir: relative(root, outdir), built: true, inputs: Object.keys(inputs).length };
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) {
  const r = await buildUntrustedChild({ force: process.argv.includes("--force") });
  console.log(r.built ? `[build] untrusted child → ${r.outdir} (${r.inputs} sources)` : `[build] untrusted child in ${r.outdir} is up to date`);
}
