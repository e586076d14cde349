// File-reading helpers for signing commands and tests (signing/ itself never touches the filesystem).
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);

/** Tinos (SIL OFL, metric-compatible with Times New Roman, full Vietnamese coverage). */
export function loadVietnameseFont(weight: "regular" | "bold" = "regular"): Uint8Array {
  const file = weight === "bold" ? "700Bold/Tinos_700Bold.ttf" : "400Regular/Tinos_400Regular.ttf";
  return readFileSync(require.resolve(`@expo-google-fonts/tinos/${file}`));
}

export const commands = {};
