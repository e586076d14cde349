import { checkHealth } from "#app/services/health.server";

export async function loader() {
  checkHealth();
  return new Response("OK", { headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" } });
}
