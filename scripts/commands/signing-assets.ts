// File-reading helpers for signing commands and tests (signing/ itself never touches the filesystem).
import { loadTinos } from "#documents/fonts/tinos";

/** Tinos (SIL OFL, metric-compatible with Times New Roman, full Vietnamese coverage), padded: documents/fonts/tinos.ts. */
export function loadVietnameseFont(weight: "regular" | "bold" = "regular"): Uint8Array {
  return loadTinos(weight);
}

export const commands = {};
