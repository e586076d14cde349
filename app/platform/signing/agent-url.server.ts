// Where the page finds the signing agent on the user's machine (scripts/signing-agent.ts). SIGNING_AGENT_URL, default
// http://127.0.0.1:8731; only a loopback http URL is accepted (the agent never listens elsewhere). The CSP's
// connect-src names it so the page may call it.
import { getEnv } from "#app/env.server";

export const DEFAULT_SIGNING_AGENT_URL = "http://127.0.0.1:8731";

export function signingAgentUrl(): string {
  const raw = getEnv().SIGNING_AGENT_URL?.trim();
  if (!raw) return DEFAULT_SIGNING_AGENT_URL;
  try {
    const url = new URL(raw);
    if (url.protocol === "http:" && (url.hostname === "127.0.0.1" || url.hostname === "localhost")) return url.origin;
  } catch {
    // fall through
  }
  return DEFAULT_SIGNING_AGENT_URL;
}
