// Which program a child of the untrusted-file pool runs: the plain-ESM bundle that `npm run build` writes
// (scripts/build-untrusted-child.mjs) while it matches its sources, else the TypeScript entry through tsx.
//
// Why the bundle: tsx re-transforms every module a child loads, pdfjs-dist included; loading pdfjs took 2.1 s and
// ~260 MB under tsx against 0.5 s and ~90 MB in plain node, and because the pool replaces a child whose resident
// set passed half a task's memory limit, every PDF text extraction paid a fresh child (3.3 s). A bundle built
// from other sources than those on disk would run code nobody reviewed with this tree, so any changed, added
// or missing source sends the pool back to tsx, which is always right, only slower.
import { existsSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";

export type ChildEntry = { file: string; execArgv: string[]; bundled: boolean; reason?: string };

type Manifest = { entry: string; inputs: Record<string, { size: number; mtimeMs: number }> };

/**
 * The child program for the project at `root` (its bundle in `dir`, by default build/untrusted); `reason` says why
 * the bundle was not used.
 */
export function untrustedChildEntry(root: string, dir = join(root, "build", "untrusted")): ChildEntry {
  const fallback = (reason: string): ChildEntry => ({
    file: join(root, "app", "platform", "untrusted", "child.ts"),
    execArgv: ["--import", "tsx"],
    bundled: false,
    reason,
  });
  const manifestPath = join(dir, "manifest.json");
  if (!existsSync(manifestPath)) return fallback("no build/untrusted (npm run build)");
  let manifest: Manifest;
  try {
    manifest = JSON.parse(readFileSync(manifestPath, "utf8")) as Manifest;
  } catch {
    return fallback("unreadable build/untrusted/manifest.json");
  }
  for (const [path, recorded] of Object.entries(manifest.inputs ?? {})) {
    let stat: { size: number; mtimeMs: number };
    try {
      stat = statSync(join(root, path));
    } catch {
      return fallback(`${path} is gone since the build`);
    }
    if (stat.size !== recorded.size || stat.mtimeMs !== recorded.mtimeMs) return fallback(`${path} changed since the build`);
  }
  const file = join(dir, manifest.entry);
  if (!existsSync(file)) return fallback(`${manifest.entry} missing from build/untrusted`);
  return { file, execArgv: [], bundled: true };
}
