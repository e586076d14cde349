// Request guards that must run before the Remix handler (used by scripts/start.js). Plain JS: start.js
// runs before anything is compiled. Tested in tests/unit/http-guards.test.ts.

/**
 * TRUST_PROXY: how many reverse proxies stand in front of the app ("0" = none, the default; "1" = one
 * proxy, e.g. nginx, that appends the client to X-Forwarded-For). A bad value stops the server.
 */
export function parseTrustedProxyHops(value) {
  if (value === undefined || value === "") return 0;
  if (!/^\d{1,2}$/.test(value)) throw new Error(`TRUST_PROXY must be the number of reverse proxies (0–10), got ${JSON.stringify(value)}`);
  const hops = Number(value);
  if (hops > 10) throw new Error(`TRUST_PROXY must be the number of reverse proxies (0–10), got ${value}`);
  return hops;
}

/**
 * The client's address for login throttling and the audit log. Each proxy APPENDS the address it saw to
 * X-Forwarded-For, so only the right-most `hops` entries were written by our own proxies; whatever is
 * further left came from the client and may be forged. With `hops` proxies the client is the entry just
 * left of them (counting the socket peer, i.e. the nearest proxy, as the first hop). Without a trusted
 * proxy the header is ignored.
 */
export function clientAddressFrom(socketAddress, forwardedFor, hops) {
  const peer = socketAddress || "unknown";
  if (!hops) return peer;
  const header = Array.isArray(forwardedFor) ? forwardedFor.join(",") : forwardedFor || "";
  const chain = header
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  chain.push(peer);
  // chain = [client?, …, proxy n-1, peer]; skip `hops` trusted entries from the right.
  const index = chain.length - 1 - hops;
  return chain[Math.max(index, 0)];
}

export const CROSS_SITE_MESSAGE = "Yêu cầu bị từ chối: khác nguồn gốc (cross-site).";
const UNSAFE_METHODS = new Set(["POST", "PUT", "PATCH", "DELETE"]);

/**
 * CSRF: a mutation whose Origin is another site, `null` (sandboxed frames, data: URLs, some redirects)
 * or unparsable, or whose Sec-Fetch-Site says cross-site, is refused here with 403 and a short message.
 * Remix's own check would otherwise throw for these before our actions run and answer an empty 500
 * with a stack trace in the log, which anyone could use to flood it. The expected host is Host, or the
 * proxy's X-Forwarded-Host when TRUST_PROXY says there is one.
 * Returns null when the request may proceed.
 */
export function crossSiteRefusal({ method, headers }, hops) {
  if (!UNSAFE_METHODS.has(String(method).toUpperCase())) return null;
  const first = (v) => (Array.isArray(v) ? v[0] : v)?.split(",")[0]?.trim() || undefined;
  const origin = first(headers.origin);
  const host = (hops ? first(headers["x-forwarded-host"]) : undefined) ?? first(headers.host);
  if (origin !== undefined) {
    let originHost = null;
    try {
      originHost = origin === "null" ? null : new URL(origin).host;
    } catch {
      originHost = null;
    }
    if (!originHost || !host || originHost.toLowerCase() !== host.toLowerCase()) return CROSS_SITE_MESSAGE;
    return null;
  }
  const fetchSite = first(headers["sec-fetch-site"]);
  if (fetchSite && fetchSite !== "same-origin" && fetchSite !== "none") return CROSS_SITE_MESSAGE;
  return null;
}

/** Express middleware: answers 403 in plain text (no stack, nothing logged) for a refused mutation. */
export function crossSiteGuard(hops) {
  return (req, res, next) => {
    const refusal = crossSiteRefusal(req, hops);
    if (!refusal) return next();
    res.status(403).type("text/plain; charset=utf-8").send(refusal);
  };
}
