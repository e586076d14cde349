// Server rendering, with a per-request CSP nonce handed to <Scripts> and <ScrollRestoration> through
// NonceProvider (issue 10: no inline script runs without the nonce).
//
// Pages here have no deferred data (no `defer`, no Suspense boundaries), so the whole document is rendered
// in one synchronous pass with renderToString: streaming bought nothing but a PassThrough → web stream →
// node stream round trip and a five-second abort timer per request (CPU profile under load,
// docs/decisions/0012-page-speed.md). Every response carries Server-Timing (db, render, total).
import type { EntryContext, HandleDataRequestFunction } from "@remix-run/node";
import { RemixServer } from "@remix-run/react";
import { renderToString } from "react-dom/server";
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
  return new Response(`<!DOCTYPE html>${html}`, { status: responseStatusCode, headers: responseHeaders });
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
