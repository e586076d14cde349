// Runs the independent verifiers (shared/tools/pdf-signature-check) on PDFs our code produced.
import { spawn } from "node:child_process";
import { resolve } from "node:path";

export const CHECK_TOOLS = resolve(process.cwd(), "../shared/tools/pdf-signature-check");

export type ToolResult = { code: number; output: string };

export function run(cmd: string, args: string[]): Promise<ToolResult> {
  return new Promise((done) => {
    const child = spawn(cmd, args);
    let output = "";
    child.stdout.on("data", (d) => (output += d));
    child.stderr.on("data", (d) => (output += d));
    child.on("close", (code) => done({ code: code ?? 1, output }));
  });
}

export function sigcheck(file: string, caPem: string, expect: number, extra: string[] = []): Promise<ToolResult> {
  return run("python3", [resolve(CHECK_TOOLS, "sigcheck.py"), file, caPem, "--expect", String(expect), ...extra]);
}

export function revdiff(file: string): Promise<ToolResult> {
  return run("python3", [resolve(CHECK_TOOLS, "revdiff.py"), file]);
}
