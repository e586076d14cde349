// Serves the pdfjs-dist browser build (legacy: works in older browsers used in offices) to the embedded
// viewer, straight from node_modules, so no copy step can go stale after an upgrade.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";

// A Map, not an object literal: the name comes from the URL, and `ASSETS["constructor"]` or
// `["__proto__"]` on a plain object finds inherited members (and answered a 500).
const ASSETS = new Map<string, string>([
  ["pdf.mjs", "legacy/build/pdf.min.mjs"],
  ["pdf.worker.mjs", "legacy/build/pdf.worker.min.mjs"],
]);

const cache = new Map<string, Buffer>();

export function readPdfViewerAsset(name: string): Buffer | null {
  const relative = ASSETS.get(name);
  if (!relative) return null;
  let bytes = cache.get(name);
  if (!bytes) {
    const root = dirname(createRequire(import.meta.url).resolve("pdfjs-dist/package.json"));
    bytes = readFileSync(join(root, relative));
    cache.set(name, bytes);
  }
  return bytes;
}

export function pdfjsVersion(): string {
  return (createRequire(import.meta.url)("pdfjs-dist/package.json") as { version: string }).version;
}
