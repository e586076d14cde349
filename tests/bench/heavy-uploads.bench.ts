// Heavy uploads beside the rest of the server (`npx tsx tests/bench/heavy-uploads.bench.ts`): starts the production
// server (scripts/start.js) on a fresh demo DATA_DIR, builds BENCH_UPLOADS distinct 352-page PDFs with qpdf from
// the shared corpus (vn__50-2026-ND-CP ×11 + 22 pages of vn__49-2026-ND-CP, a different run of vn__49 pages per
// file so that no hash-keyed cache answers), signs in as the clerk and posts them all at once to the registration
// upload (/incoming/new, as the page's XHR does) while GET /healthcheck is sampled every BENCH_SAMPLE_MS. Prints
// one JSON line: healthcheck latency p50/p99/max during the uploads, each upload's duration, and the nice value the
// file pool's children ran at (docs/decisions/0006-untrusted-child-processes.md, addendum).
// Env: BENCH_PORT (3395), BENCH_UPLOADS (6), BENCH_SAMPLE_MS (50), SHARED_DIR (../shared); BENCH_PDF=path posts
// that file (BENCH_UPLOADS copies, each with a different trailing comment so that no hash-keyed cache answers)
// instead of the built ones, e.g. a 45 MB scan near the 50 MB limit.
import { execFileSync, type ChildProcess } from "node:child_process";
import { signInAs, startProductionServer, stopProductionServer } from "./production-server";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

const PORT = Number(process.env.BENCH_PORT ?? 3395);
const UPLOADS = Number(process.env.BENCH_UPLOADS ?? 6);
const SAMPLE_MS = Number(process.env.BENCH_SAMPLE_MS ?? 50);
const BASE = `http://127.0.0.1:${PORT}`;
const root = join(import.meta.dirname, "..", "..");
const corpus = join(process.env.SHARED_DIR ? resolve(process.env.SHARED_DIR) : resolve(root, "..", "shared"), "corpus", "realworld");
const GIVEN_PDF = process.env.BENCH_PDF ? resolve(process.env.BENCH_PDF) : null;
const work = mkdtempSync(join(tmpdir(), "vpdt-bench-uploads-"));

function log(message: string) {
  process.stderr.write(`[bench:uploads] ${message}\n`);
}

/** 330 pages of vn__50 and 22 of vn__49, starting at page 1 + k of vn__49: distinct bytes, same size. */
function buildPdf(k: number): string {
  const out = join(work, `upload-${k}.pdf`);
  const pages = Array.from({ length: 11 }, () => [join(corpus, "vn__50-2026-ND-CP.pdf"), "1-30"]).flat();
  execFileSync("qpdf", ["--empty", "--pages", ...pages, join(corpus, "vn__49-2026-ND-CP.pdf"), `${1 + k}-${22 + k}`, "--", out]);
  return out;
}

function startServer(dataDir: string): Promise<ChildProcess> {
  return startProductionServer({ port: PORT, dataDir, env: { JOBS_WORKER: "0" } });
}

const stopServer = stopProductionServer;
const signIn = (username: string) => signInAs(BASE, username);

/** The nice value (field 19 of /proc/<pid>/stat) of every descendant of `pid` running the file pool's child. */
function poolChildNiceness(pid: number): number[] {
  const out: number[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const cmdline = readFileSync(`/proc/${entry}/cmdline`, "utf8");
      if (!cmdline.includes("untrusted")) continue;
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8").split(") ")[1].split(" ");
      if (isDescendant(Number(entry), pid)) out.push(Number(stat[16]));
    } catch {
      // gone meanwhile
    }
  }
  return out;
}

function isDescendant(child: number, ancestor: number): boolean {
  let pid = child;
  for (let i = 0; i < 10 && pid > 1; i++) {
    if (pid === ancestor) return true;
    pid = Number(readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ")[1]);
  }
  return pid === ancestor;
}

function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

const round = (n: number) => Math.round(n * 10) / 10;

async function main() {
  const files = Array.from({ length: UPLOADS + (GIVEN_PDF ? 1 : 0) }, (_, k) =>
    GIVEN_PDF ? Buffer.concat([readFileSync(GIVEN_PDF), Buffer.from(`\n% copy ${k}\n`)]) : readFileSync(buildPdf(k)),
  );
  log(`${UPLOADS} PDFs${GIVEN_PDF ? ` (${GIVEN_PDF})` : " of 352 pages"}, ${Math.round(files[0].length / 1024)} KB each`);
  const dataDir = join(work, "data");
  const server = await startServer(dataDir);
  try {
    const cookie = await signIn("vanthu");
    // Warm the pool's children and the route once (the first child start is not what is measured).
    await upload(GIVEN_PDF ? (files.pop() as Buffer) : files[0], cookie, "warm-up.pdf");

    const samples: number[] = [];
    let sampling = true;
    const niceness = new Set<number>();
    const sampler = (async () => {
      while (sampling) {
        const started = performance.now();
        await fetch(`${BASE}/healthcheck`).then((r) => r.arrayBuffer());
        samples.push(performance.now() - started);
        for (const n of poolChildNiceness(server.pid ?? 0)) niceness.add(n);
        await new Promise((r) => setTimeout(r, SAMPLE_MS));
      }
    })();
    const started = performance.now();
    const durations = await Promise.all(
      files.map(async (bytes, k) => {
        const t0 = performance.now();
        const status = await upload(bytes, cookie, `van-ban-${k}.pdf`);
        if (status !== 200) throw new Error(`upload ${k} answered ${status}`);
        return performance.now() - t0;
      }),
    );
    const wall = performance.now() - started;
    sampling = false;
    await sampler;
    const sorted = [...samples].sort((a, b) => a - b);
    const result = {
      bench: "heavy-uploads",
      uploads: UPLOADS,
      pdf: GIVEN_PDF ?? "352 pages built with qpdf",
      bytes: files[0].length,
      poolChildNice: [...niceness].sort(),
      wallMs: Math.round(wall),
      uploadMs: durations.map(Math.round),
      healthcheck: { samples: samples.length, p50: round(percentile(sorted, 50)), p99: round(percentile(sorted, 99)), max: round(sorted[sorted.length - 1]) },
    };
    process.stdout.write(`${JSON.stringify(result)}\n`);
  } finally {
    await stopServer(server);
    rmSync(work, { recursive: true, force: true });
  }
}

async function upload(bytes: Buffer, cookie: string, name: string): Promise<number> {
  const body = new FormData();
  body.append("file", new Blob([new Uint8Array(bytes)], { type: "application/pdf" }), name);
  const response = await fetch(`${BASE}/incoming/new?_data=routes%2Fincoming.new`, { method: "POST", body, headers: { Cookie: cookie, Origin: BASE } });
  await response.arrayBuffer();
  return response.status;
}

await main();
