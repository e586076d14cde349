export type BundleManifest = {
  /** The one program of a single-entry bundle (build/untrusted). */
  entry?: string;
  /** Entry name → file in the bundle folder. */
  entries?: Record<string, string>;
  builtAt?: string;
  inputs: Record<string, { size: number; mtimeMs: number }>;
};

export function bundleStatus(root: string, dir: string): { ok: true; manifest: BundleManifest } | { ok: false; reason: string };
