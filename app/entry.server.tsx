// Server rendering, with a per-request CSP nonce handed to <Scripts> and <ScrollRestoration> through
// NonceProvider (issue 10: no inline script runs without the nonce).
//
// Pages here have no deferred data (no `defer`, no Suspense boundaries), so the whole document is rendered
// in one synchronous pass with renderToString: streaming bought nothing but a PassThrough → web stream →
// node stream round trip and a five-second abort timer per request (CPU profile under load,
// docs/decisions/0012-page-speed.md). Every response carries Server-Timing (db, render, total).
import type { EntryContext, HandleDataRequestFunction } from "@remix-run/node";
import { gzipSync } from "node:zlib";
import { RemixServer } from "@remix-run/react";
import { renderToString } from "react-dom/server";
import { acceptsGzip } from "#app/utils/accept-encoding";
import { NonceProvider } from "#app/utils/nonce";
import { currentRequestContext, serverTimingHeader } from "#app/utils/request-context.server";
import { contentSecurityPolicy, createNonce } from "#app/utils/security-headers.server";

export default function handleRequest(request: Request, responseStatusCode: number, responseHeaders: Headers, remixContext: EntryContext) {
  const started = performance.now();
  const nonce = createNonce();
  const html = renderToString(
    <NonceProvider nonce={nonce}>
      <RemixServer context={remixContext} url={request.url} />
    </NonceProvider>,
  );
  responseHeaders.set("Content-Type", "text/html; charset=utf-8");
  responseHeaders.set("Content-Security-Policy", contentSecurityPolicy(nonce));
  const store = currentRequestContext();
  if (store) {
    store.renderMs += performance.now() - started;
    responseHeaders.set("Server-Timing", serverTimingHeader(store, performance.now()));
  }
  return new Response(encodeDocument(request, responseHeaders, `<!DOCTYPE html>${html}`), { status: responseStatusCode, headers: responseHeaders });
}

/** Pages below this size are sent as they are: gzip would save a few hundred bytes at best. */
const COMPRESS_FROM_BYTES = 1024;
/**
 * From this size a page is gzipped at level 1 instead of 6. A 77 KB plan dashboard: 0.33 ms → 15.5 KB at level 1
 * against 0.80 ms → 12.3 KB at level 6 (and ~2 ms of the worker's 6 ms per view under load); for the 10–20 KB
 * list and document pages the two levels cost within 0.03 ms of each other, so those keep level 6's smaller
 * output (docs/benchmarks/http.md §12).
 */
const FAST_GZIP_FROM_BYTES = 32 * 1024;

/**
 * A document is one complete string, so it is compressed here in one gzipSync call (0.1–0.2 ms for a
 * 10–20 KB page) rather than by the compression middleware's zlib stream, which cost 0.5–1 ms of CPU per
 * response (a new stream per response and a threadpool round trip per chunk; CPU profile and A/B runs in
 * docs/benchmarks/http.md §7). gzip even when the browser also offers br: same size on these pages at half
 * the cost of brotli's quality 4. The middleware (scripts/start.js) leaves an encoded response alone and
 * still compresses data and resource responses.
 */
function encodeDocument(request: Request, headers: Headers, html: string): BodyInit {
  headers.append("Vary", "Accept-Encoding");
  const bytes = Buffer.from(html, "utf8");
  if (bytes.length < COMPRESS_FROM_BYTES || !acceptsGzip(request.headers.get("Accept-Encoding"))) {
    headers.set("Content-Length", String(bytes.length));
    return html;
  }
  const compressed = gzipSync(bytes, { level: bytes.length >= FAST_GZIP_FROM_BYTES ? 1 : 6 });
  headers.set("Content-Encoding", "gzip");
  headers.set("Content-Length", String(compressed.length));
  // A Node Buffer is a Uint8Array over an ArrayBuffer; the DOM typings only admit the narrower type.
  return compressed as Uint8Array<ArrayBuffer>;
}

export const handleDataRequest: HandleDataRequestFunction = (response) => {
  const store = currentRequestContext();
  if (store && !response.headers.has("Server-Timing")) response.headers.set("Server-Timing", serverTimingHeader(store, performance.now()));
  return response;
};

/**
 * Errors Remix would log with a stack trace. A refused cross-site request is an expected answer, not a
 * fault: logging its stack for every forged POST would let anyone flood the log. Aborted requests (the
 * user navigated away) are not errors either.
 */
export function handleError(error: unknown, { request }: { request: Request }) {
  if (request.signal.aborted) return;
  console.error(error);
}
