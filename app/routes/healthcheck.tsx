import type { LoaderFunctionArgs } from "@remix-run/node";
import { requestServices } from "#app/platform/auth/auth.server";
import { checkHealth } from "#app/platform/health.server";

export async function loader({ request }: LoaderFunctionArgs) {
  checkHealth(requestServices(request));
  // Content-Length lets the compression middleware see that two bytes are not worth a gzip stream.
  // X-Server-Pid: which worker answered (scripts/start.js restarts a worker that dies; the supervision
  // test kills this pid and waits for another to answer).
  return new Response("OK", {
    headers: { "Content-Type": "text/plain; charset=utf-8", "Content-Length": "2", "Cache-Control": "no-store", "X-Server-Pid": String(process.pid) },
  });
}
