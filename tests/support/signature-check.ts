// Runs the independent verifiers (shared/tools/pdf-signature-check) on PDFs our code produced.
import { spawn } from "node:child_process";
import { resolve } from "node:path";

export const CHECK_TOOLS = resolve(process.cwd(), "../shared/tools/pdf-signature-check");

export type ToolResult = { code: number; output: string };

/** Runs a tool; with `timeoutMs`, a tool still running then is killed and reported as failed (code 124). */
export function run(cmd: string, args: string[], timeoutMs?: number): Promise<ToolResult> {
  return new Promise((done) => {
    const child = spawn(cmd, args, timeoutMs ? { detached: true } : {});
    let output = "";
    let timedOut = false;
    const timer = timeoutMs
      ? setTimeout(() => {
          timedOut = true;
          try {
            process.kill(-child.pid!, "SIGKILL"); // the tool and what it started (pdftoppm, openssl…)
          } catch {
            child.kill("SIGKILL");
          }
        }, timeoutMs)
      : undefined;
    child.stdout.on("data", (d) => (output += d));
    child.stderr.on("data", (d) => (output += d));
    child.on("close", (code) => {
      if (timer) clearTimeout(timer);
      done(timedOut ? { code: 124, output: `${output}\n${cmd} killed after ${timeoutMs} ms` } : { code: code ?? 1, output });
    });
  });
}

export function sigcheck(file: string, caPem: string, expect: number, extra: string[] = [], timeoutMs?: number): Promise<ToolResult> {
  return run("python3", [resolve(CHECK_TOOLS, "sigcheck.py"), file, caPem, "--expect", String(expect), ...extra], timeoutMs);
}

export function revdiff(file: string, timeoutMs?: number): Promise<ToolResult> {
  return run("python3", [resolve(CHECK_TOOLS, "revdiff.py"), file], timeoutMs);
}
