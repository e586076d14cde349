// Whether a bundle under build/ still matches the sources it was built from. Plain JS with no dependency, so
// the launcher (scripts/run.mjs) can ask it in production, where esbuild (a dev dependency) may be absent.
// The untrusted pool asks the same question in TypeScript (app/platform/untrusted/child-entry.server.ts): the
// Remix bundle cannot import from scripts/.
import { existsSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";

/**
 * `{ ok: true, manifest }` when `<root>/<dir>/manifest.json` exists, names entries that exist, and records every
 * source with its current size and mtime; else `{ ok: false, reason }` saying what changed.
 */
export function bundleStatus(root, dir) {
  const manifestPath = join(root, dir, "manifest.json");
  if (!existsSync(manifestPath)) return { ok: false, reason: `no ${dir} (npm run build)` };
  let manifest;
  try {
    manifest = JSON.parse(readFileSync(manifestPath, "utf8"));
  } catch {
    return { ok: false, reason: `unreadable ${dir}/manifest.json` };
  }
  for (const [path, recorded] of Object.entries(manifest.inputs ?? {})) {
    let stat;
    try {
      stat = statSync(join(root, path));
    } catch {
      return { ok: false, reason: `${path} is gone since the build` };
    }
    if (stat.size !== recorded.size || stat.mtimeMs !== recorded.mtimeMs) return { ok: false, reason: `${path} changed since the build` };
  }
  const files = Object.values(manifest.entries ?? (manifest.entry ? { [manifest.entry]: manifest.entry } : {}));
  if (files.length === 0) return { ok: false, reason: `${dir}/manifest.json names no program` };
  for (const file of files) {
    if (!existsSync(join(root, dir, file))) return { ok: false, reason: `${file} missing from ${dir}` };
  }
  return { ok: true, manifest };
}
