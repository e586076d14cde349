// `npm start`: build when needed, bootstrap DATA_DIR (migrate, session secret, demo seed), then serve
// the Remix build with express on HOST:PORT. Plain JS so it runs before anything is compiled.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
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
  if (!existsSync(built)) return true;
  const builtAt = statSync(built).mtimeMs;
  return ["app", "db", "signing"].some((d) => existsSync(join(root, d)) && newestMtime(join(root, d)) > builtAt);
}

function run(command, args) {
  const result = spawnSync(command, args, { stdio: "inherit", env: process.env });
  if (result.status !== 0) {
    console.error(`[start] ${command} ${args.join(" ")} failed (exit ${result.status})`);
    process.exit(result.status ?? 1);
  }
}

if (process.env.SKIP_BUILD !== "1" && needsBuild()) {
  console.log("[start] building the app (remix build)…");
  run(join(root, "node_modules", ".bin", "remix"), ["build"]);
}

// Migrations, session secret and the demo seed run in a short-lived child with tsx (TypeScript).
run(join(root, "node_modules", ".bin", "tsx"), [join(root, "scripts", "bootstrap.ts")]);

const { createRequestHandler } = await import("@remix-run/express");
const { default: express } = await import("express");
const { default: compression } = await import("compression");
const build = await import(pathToFileURL(join(root, "build", "index.js")).href);

// Per-request store shared with the Remix bundle (app/utils/request-context.server.ts): the signed-in
// actor is looked up once per request, and SQLite and render time add up into Server-Timing.
const { AsyncLocalStorage } = await import("node:async_hooks");
const requestContext = new AsyncLocalStorage();
globalThis[Symbol.for("vpdt.requestContext")] = requestContext;

const app = express();
app.disable("x-powered-by");
if (process.env.TRUST_PROXY === "1") app.set("trust proxy", true);
app.use(compression());
app.use((req, res, next) => {
  // The client address for login throttling and the audit log. Set from the socket (or from
  // X-Forwarded-For only behind a trusted proxy); any value the client sent is discarded.
  req.headers["x-vpdt-client-address"] = req.ip || req.socket.remoteAddress || "unknown";
  res.setHeader("X-Content-Type-Options", "nosniff");
  res.setHeader("X-Frame-Options", "SAMEORIGIN");
  res.setHeader("Referrer-Policy", "same-origin");
  res.setHeader("Permissions-Policy", "camera=(), microphone=(), geolocation=()");
  next();
});
app.use("/build", express.static("public/build", { immutable: true, maxAge: "1y" }));
// Only the favicon lives outside /build: a catch-all static handler would stat the disk on every page view.
app.get("/favicon.ico", (_req, res) => res.sendFile(join(root, "public", "favicon.ico"), { maxAge: "1d" }));
const remixHandler = createRequestHandler({ build, mode: process.env.NODE_ENV });
app.all("*", (req, res, next) => {
  requestContext.run({ startedAt: performance.now(), dbMs: 0, renderMs: 0, memo: new Map() }, () => remixHandler(req, res, next));
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
