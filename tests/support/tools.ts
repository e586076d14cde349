// External programs the tests drive (PDF tools, the browser, OCR). A missing tool is a failure with the command that
// installs it, never a skipped test: a skip hides exactly the failures these tools exist to find (issue 9), and the
// test run installs them (scripts/test-all.sh, .ci/run).
import { spawnSync } from "node:child_process";

/** Debian package that provides each tool (DESIGN.md §8). */
export const TOOL_PACKAGES: Record<string, string> = {
  chromium: "chromium",
  pdftoppm: "poppler-utils",
  pdftotext: "poppler-utils",
  pdfsig: "poppler-utils",
  pdfinfo: "poppler-utils",
  qpdf: "qpdf",
  xmlsec1: "xmlsec1",
  openssl: "openssl",
  certutil: "libnss3-tools",
  tesseract: "tesseract-ocr",
  python3: "python3",
  xxd: "xxd",
};

/** True when `name` is on PATH. */
export function hasTool(name: string): boolean {
  return spawnSync("sh", ["-c", 'command -v "$1"', "sh", name], { stdio: "ignore" }).status === 0;
}

/** The tools among `names` that are not on PATH. */
export function missingTools(names: readonly string[]): string[] {
  return names.filter((name) => !hasTool(name));
}

/** Throws one clear error naming every missing tool and the apt-get command that installs them. */
export function assertTools(...names: string[]): void {
  const missing = missingTools(names);
  if (missing.length === 0) return;
  const packages = [...new Set(missing.map((name) => TOOL_PACKAGES[name] ?? name))];
  throw new Error(
    `These tests need ${missing.join(", ")}, which ${missing.length === 1 ? "is" : "are"} not installed: run 'apt-get install -y ${packages.join(" ")}' (npm test installs them when run as root).`,
  );
}
