// `npm start`: build when needed, bootstrap DATA_DIR (migrate, session secret, demo seed), then serve
// the Remix build with express on HOST:PORT. Plain JS so it runs before anything is compiled.
//
// Supervision (issue "Hostile input": a crashed server stayed down): the primary process bootstraps,
// then forks WEB_CONCURRENCY workers (default 1) that serve HTTP, and forks a new one whenever a
// worker dies, with a back-off (0.5 s doubling to 30 s) that resets after a minute of uptime. SIGTERM
// or SIGINT to the primary stops the workers gracefully (requests in flight finish) and exits 0. The
// primary also runs `files:gc` (orphaned uploads and temp files) at start and every FILES_GC_HOURS.
// For a supervisor above this one, docs/deploy/van-phong-dien-tu.service is a systemd unit.
import cluster from "node:cluster";
import { spawn, spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { setPriority } from "node:os";
import { pathToFileURL } from "node:url";

const root = resolve(import.meta.dirname, "..");
process.chdir(root);
process.env.NODE_ENV ??= "production";
const HOST = process.env.HOST || "127.0.0.1";
const PORT = Number(process.env.PORT || 3000);

function newestMtime(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

function needsBuild() {
  const built = join(root, "build", "index.js");
  // build/untrusted (the file pool's child) and build/tools (CLI, bootstrap) come from the same `npm run build`
  // (scripts/build-bundles.mjs).
  if (!existsSync(built) || !["untrusted", "tools"].every((d) => existsSync(join(root, "build", d, "manifest.json")))) return true;
  const builtAt = statSync(built).mtimeMs;
  return ["app", "db", "documents", "signing", "edxml"].some((d) => existsSync(join(root, d)) && newestMtime(join(root, d)) > builtAt);
}

function run(command, args) {
  const result = spawnSync(command, args, { stdio: "inherit", env: process.env });
  if (result.status !== 0) {
    console.error(`[start] ${command} ${args.join(" ")} failed (exit ${result.status})`);
    process.exit(result.status ?? 1);
  }
}

if (cluster.isPrimary) {
  if (process.env.SKIP_BUILD !== "1" && needsBuild()) {
    console.log("[start] building the app (remix build, then the file pool's child, the CLI and the bootstrap)…");
    run(join(root, "node_modules", ".bin", "remix"), ["build"]);
    run(process.execPath, [join(root, "scripts", "build-bundles.mjs")]);
  }

  // Migrations, session secret and the demo seed run in a short-lived child (scripts/bootstrap.ts, bundled).
  run(process.execPath, [join(root, "scripts", "run.mjs"), "bootstrap"]);

  // Workers accept connections themselves (SCHED_NONE), not the primary (Node's default SCHED_RR on
  // Linux). Under RR the primary hands a new connection to a worker over IPC and waits for the worker's
  // acknowledgement before handing it the next one, one per turn of the worker's event loop: with 50
  // clients connecting to a busy worker (turns of 300–700 ms) the last connection waited 7–8 s before
  // its first byte was read, while the server took 10–30 ms to answer it. That was the uniform
  // multi-second p99 on every page (docs/benchmarks/http.md, docs/decisions/0012-page-speed.md).
  // A busy worker under SCHED_NONE simply accepts later, so an idle sibling takes the connection.
  // NODE_CLUSTER_SCHED_POLICY=rr restores Node's default, for comparison runs (bench:http BENCH_SCHED=rr).
  cluster.schedulingPolicy = process.env.NODE_CLUSTER_SCHED_POLICY === "rr" ? cluster.SCHED_RR : cluster.SCHED_NONE;
  const workers = Math.max(1, Number(process.env.WEB_CONCURRENCY || 1) || 1);
  let stopping = false;
  let backoffMs = 500;
  const startedAt = new Map();

  // Watchdog: a worker whose event loop does not answer a ping for WATCHDOG_SECONDS (default 30) is
  // stuck (a parser that escaped the untrusted-file pool, an infinite loop) and is killed, then re-forked.
  const watchdogMs = Math.max(5, Number(process.env.WATCHDOG_SECONDS || 30) || 30) * 1000;
  function forkWorker() {
    const worker = cluster.fork();
    startedAt.set(worker.id, Date.now());
    let lastPong = 0;
    worker.on("message", (message) => {
      if (message === "vpdt:pong") lastPong = Date.now();
    });
    const ping = setInterval(() => {
      if (!worker.isConnected()) return clearInterval(ping);
      // Boot (loading the build, opening the database) is not a stall: count from the first answer.
      if (lastPong > 0 && Date.now() - lastPong > watchdogMs) {
        console.error(`[start] worker ${worker.process.pid} has not answered for ${watchdogMs / 1000} s; killing it`);
        clearInterval(ping);
        worker.process.kill("SIGKILL");
        return;
      }
      worker.send("vpdt:ping", () => undefined);
    }, 1000);
    worker.on("exit", () => clearInterval(ping));
  }

  cluster.on("exit", (worker, code, signal) => {
    const lived = Date.now() - (startedAt.get(worker.id) ?? Date.now());
    startedAt.delete(worker.id);
    if (stopping) {
      if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(0);
      return;
    }
    if (lived > 60_000) backoffMs = 500;
    console.error(`[start] worker ${worker.process.pid} exited (${signal ?? `code ${code}`}); restarting in ${backoffMs} ms`);
    setTimeout(() => {
      if (!stopping) forkWorker();
    }, backoffMs);
    backoffMs = Math.min(backoffMs * 2, 30_000);
  });

  for (let i = 0; i < workers; i++) forkWorker();

  // Orphaned uploads and temp files (issue "Hostile input" item 6), in a short-lived child so that the
  // serving workers never pay for the walk over DATA_DIR/files.
  const gcHours = Number(process.env.FILES_GC_HOURS || 6);
  function collectOrphans() {
    if (stopping) return;
    const child = spawn(process.execPath, [join(root, "scripts", "run.mjs"), "cli", "files:gc"], {
      stdio: ["ignore", "ignore", "inherit"],
      env: process.env,
    });
    child.on("error", () => undefined);
    // Lowest priority: the walk costs ~3.5 s of CPU with 400,000 documents (start included), and at normal
    // priority it took a core from the page workers a minute after every start (a paced p99 of 420 ms on the
    // page measured then; docs/benchmarks/http.md §11).
    try {
      if (child.pid) setPriority(child.pid, 19);
    } catch {
      // not permitted here: it still runs, only at normal priority
    }
  }
  if (gcHours > 0) {
    setTimeout(collectOrphans, 60_000).unref();
    setInterval(collectOrphans, gcHours * 3600_000).unref();
  }

  function stop(signal) {
    if (stopping) return;
    stopping = true;
    console.log(`[start] ${signal}: stopping the workers (finishing requests in flight)…`);
    for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill("SIGTERM");
    if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(0);
    setTimeout(() => process.exit(0), 10_000).unref();
  }
  process.on("SIGTERM", () => stop("SIGTERM"));
  process.on("SIGINT", () => stop("SIGINT"));
  // The primary only supervises: it never reaches the serving code below.
  await new Promise(() => {});
}

// ---- Worker: serve HTTP -------------------------------------------------------------------------

process.on("message", (message) => {
  if (message === "vpdt:ping") process.send?.("vpdt:pong");
});

// Diagnostics (docs/benchmarks/http.md): EVENT_LOOP_STATS_SECONDS=n prints, every n seconds to stderr,
// the event-loop delay (perf_hooks.monitorEventLoopDelay: p50, p99, max), the requests served, the
// worker's CPU time per request (valid on a shared machine, unlike wall-clock rates) and the heap.
const loopStatsSeconds = Number(process.env.EVENT_LOOP_STATS_SECONDS || 0);
let countRequest = () => {};
let queueDepth = () => 0;
if (loopStatsSeconds > 0) {
  const { monitorEventLoopDelay } = await import("node:perf_hooks");
  const delay = monitorEventLoopDelay({ resolution: 10 });
  delay.enable();
  let served = 0;
  let cpu = process.cpuUsage();
  countRequest = () => served++;
  const ms = (ns) => (ns / 1e6).toFixed(1);
  setInterval(() => {
    const used = process.cpuUsage(cpu);
    cpu = process.cpuUsage();
    const cpuMs = (used.user + used.system) / 1000;
    const heap = process.memoryUsage().heapUsed / 1048576;
    const perRequest = served
      ? ` cpu ${(cpuMs / served).toFixed(2)} ms/req (user ${(used.user / 1000 / served).toFixed(2)}, system ${(used.system / 1000 / served).toFixed(2)})`
      : "";
    console.error(
      `[loop] pid ${process.pid} delay p50 ${ms(delay.percentile(50))} p99 ${ms(delay.percentile(99))} max ${ms(delay.max)} ms; ${served} requests${perRequest}; queued at most ${queueDepth()}; heap ${heap.toFixed(0)} MB`,
    );
    delay.reset();
    served = 0;
  }, loopStatsSeconds * 1000).unref();
}

const { createRequestHandler } = await import("@remix-run/express");
const { default: express } = await import("express");
const { default: compression } = await import("compression");
const build = await import(pathToFileURL(join(root, "build", "index.js")).href);
const { clientAddressFrom, crossSiteGuard, parseTrustedProxyHops } = await import("./http-guards.js");
const { createTurnQueue } = await import("./fair-turns.js");
const proxyHops = parseTrustedProxyHops(process.env.TRUST_PROXY);

// Per-request store shared with the Remix bundle (app/utils/request-context.server.ts): the signed-in
// actor is looked up once per request, and SQLite and render time add up into Server-Timing.
const { AsyncLocalStorage } = await import("node:async_hooks");
const requestContext = new AsyncLocalStorage();
globalThis[Symbol.for("vpdt.requestContext")] = requestContext;

const app = express();
app.disable("x-powered-by");
// A number, not `true`: Express then reads X-Forwarded-* only as far as our own proxies wrote them.
if (proxyHops > 0) app.set("trust proxy", proxyHops);
app.use(compression());
app.use((req, res, next) => {
  // The client address for login throttling and the audit log. Set from the socket (or from the
  // right-hand end of X-Forwarded-For behind TRUST_PROXY proxies); any value the client sent is discarded.
  req.headers["x-vpdt-client-address"] = clientAddressFrom(req.socket.remoteAddress, req.headers["x-forwarded-for"], proxyHops);
  res.setHeader("X-Content-Type-Options", "nosniff");
  res.setHeader("X-Frame-Options", "SAMEORIGIN");
  res.setHeader("Referrer-Policy", "same-origin");
  res.setHeader("Permissions-Policy", "camera=(), microphone=(), geolocation=()");
  next();
});
app.use(crossSiteGuard(proxyHops));
app.use("/build", express.static("public/build", { immutable: true, maxAge: "1y" }));
// Only the favicon lives outside /build: a catch-all static handler would stat the disk on every page view.
app.get("/favicon.ico", (_req, res) => res.sendFile(join(root, "public", "favicon.ico"), { maxAge: "1d" }));
const remixHandler = createRequestHandler({ build, mode: process.env.NODE_ENV });
// One page request started per turn of the event loop, first in first out (scripts/fair-turns.js, ADR 0018):
// otherwise a poll phase that read 35 requests renders all 35 before the listening socket, which libuv
// polls once per turn, accepts the next connection. FAIR_TURNS=0 turns it off for comparison runs.
const turns = process.env.FAIR_TURNS === "0" ? null : createTurnQueue({ perTurn: 1 });
queueDepth = () => turns?.maxDepthSinceLastRead() ?? 0;
app.all("*", (req, res, next) => {
  countRequest();
  // Server-Timing's total counts from here, so the time spent waiting for a turn shows in it.
  const startedAt = performance.now();
  const start = () => {
    const queueMs = performance.now() - startedAt;
    try {
      requestContext.run({ startedAt, queueMs, dbMs: 0, renderMs: 0, memo: new Map() }, () => remixHandler(req, res, next));
    } catch (error) {
      next(error);
    }
  };
  if (!turns) return start();
  turns.admit(start, () => req.socket.destroyed);
});

const server = app.listen(PORT, HOST, () => {
  console.log(`[start] Văn phòng điện tử: http://${HOST}:${PORT}`);
});

let closing = false;
function shutdown(signal) {
  if (closing) return;
  closing = true;
  console.log(`[start] ${signal}: closing (finishing requests in flight)…`);
  server.close(() => process.exit(0));
  server.closeIdleConnections?.();
  // Keep-alive sockets must not hold the process past a supervisor's grace period.
  setTimeout(() => process.exit(0), 8000).unref();
}
process.on("SIGTERM", () => shutdown("SIGTERM"));
process.on("SIGINT", () => shutdown("SIGINT"));
