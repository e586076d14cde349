// Outside opinions on signatures already present in a PDF: poppler's pdfsig (whole verdict) and
// `openssl cms -verify -binary -noverify` (integrity only: digest + signature value, no chain). Neither shares code
// with signing/; the covered bytes and the CMS are cut out of the file from pdfsig's own "Signed Ranges".
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export type ToolRun = { code: number; stdout: string; stderr: string };

export function runTool(cmd: string, args: string[], timeoutMs = 60_000): Promise<ToolRun> {
  return new Promise((done, fail) => {
    const child = spawn(cmd, args, { timeout: timeoutMs });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    // A missing tool is a failure of the test, never a silent skip.
    child.on("error", fail);
    child.on("close", (code) => done({ code: code ?? 1, stdout, stderr }));
  });
}

export type PdfsigSignature = {
  index: number;
  fieldName: string;
  /** Start of the gap and end of the covered bytes, from "Signed Ranges: [0 - b], [c - e]". */
  ranges: Array<[number, number]>;
  subFilter: string;
  /** The "Signature Validation:" text. */
  validation: string;
  valid: boolean;
};

/** pdfsig lists signature fields in /Fields order; unsigned fields have no ranges and are left out. */
export async function pdfsig(file: string): Promise<PdfsigSignature[]> {
  const r = await runTool("pdfsig", ["-nocert", file]);
  const text = r.stdout + r.stderr;
  const out: PdfsigSignature[] = [];
  for (const block of text.split(/^Signature #/m).slice(1)) {
    const index = Number(/^(\d+):/.exec(block)?.[1]);
    const ranges = [...(/Signed Ranges: (.*)/.exec(block)?.[1] ?? "").matchAll(/\[(\d+) - (\d+)\]/g)].map((m) => [Number(m[1]), Number(m[2])] as [number, number]);
    const validation = /Signature Validation: (.*)/.exec(block)?.[1]?.trim() ?? "";
    if (!ranges.length) continue;
    out.push({
      index,
      fieldName: /Signature Field Name: (.*)/.exec(block)?.[1]?.trim() ?? "",
      ranges,
      subFilter: /Signature Type: (.*)/.exec(block)?.[1]?.trim() ?? "",
      validation,
      valid: validation === "Signature is Valid.",
    });
  }
  return out;
}

/**
 * openssl's integrity verdict for the signature whose ByteRange is [0, b, c, e - c]: the CMS is the hex string in
 * the gap, the content is the covered bytes. Returns null when the gap holds no readable hex CMS.
 */
export async function opensslIntegrity(pdf: Uint8Array, ranges: Array<[number, number]>, workDir: string): Promise<boolean | null> {
  if (ranges.length !== 2) return null;
  const [[a, b], [c, e]] = ranges;
  if (a !== 0 || pdf[b] !== 0x3c || pdf[c - 1] !== 0x3e) return null;
  const hex = Buffer.from(pdf.subarray(b + 1, c - 1)).toString("latin1").replace(/\s+/g, "");
  if (!/^[0-9a-fA-F]*$/.test(hex)) return null;
  const der = Buffer.from(hex.length % 2 ? hex + "0" : hex, "hex");
  const dir = mkdtempSync(join(workDir, "cms-"));
  try {
    writeFileSync(join(dir, "sig.der"), der);
    writeFileSync(join(dir, "content.bin"), Buffer.concat([pdf.subarray(a, b), pdf.subarray(c, e)]));
    const r = await runTool("openssl", ["cms", "-verify", "-binary", "-noverify", "-inform", "DER", "-in", join(dir, "sig.der"), "-content", join(dir, "content.bin"), "-out", "/dev/null"]);
    return r.code === 0 && /Verification successful/.test(r.stderr + r.stdout);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function tempWorkDir(): string {
  return mkdtempSync(join(tmpdir(), "verify-agreement-"));
}

export function readPdf(file: string): Uint8Array {
  return readFileSync(file);
}
