// The production server (scripts/start.js) as the HTTP benchmarks drive it: started on a DATA_DIR and a port,
// waited for on /healthcheck, stopped with SIGTERM (SIGKILL after 10 s), and signed into as a demo account.
// BENCH_SERVER_NODE_ARGS (space-separated, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof") goes to the server's node:
// cluster workers inherit it, so each process writes its own profile on a clean stop.
import { spawn, type ChildProcess } from "node:child_process";
import { join } from "node:path";

const root = join(import.meta.dirname, "..", "..");

export async function startProductionServer(options: { port: number; dataDir: string; env?: Record<string, string> }): Promise<ChildProcess> {
  const nodeArgs = (process.env.BENCH_SERVER_NODE_ARGS ?? "").split(" ").filter(Boolean);
  const child = spawn(process.execPath, [...nodeArgs, join(root, "scripts", "start.js")], {
    cwd: root,
    env: {
      ...process.env,
      PORT: String(options.port),
      HOST: "127.0.0.1",
      DATA_DIR: options.dataDir,
      SEED_DEMO: "1",
      NODE_ENV: "production",
      ...options.env,
    },
    stdio: ["ignore", "ignore", "inherit"],
  });
  const base = `http://127.0.0.1:${options.port}`;
  const deadline = Date.now() + 300_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}`);
    try {
      if ((await fetch(`${base}/healthcheck`)).ok) return child;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error("server did not start within 300 s");
}

export async function stopProductionServer(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((r) => child.once("exit", r));
  child.kill("SIGTERM");
  await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
  if (child.exitCode === null) child.kill("SIGKILL");
}

/** The session cookie of a demo account (password "demo"). */
export async function signInAs(base: string, username: string): Promise<string> {
  const body = new URLSearchParams({ username, password: "demo" });
  const response = await fetch(`${base}/login`, { method: "POST", body, headers: { Origin: base }, redirect: "manual" });
  const cookie = response.headers.get("set-cookie")?.split(";")[0];
  if (!cookie) throw new Error(`sign-in as ${username} failed (${response.status})`);
  return cookie;
}
