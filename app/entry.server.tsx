// Server rendering. Pages here have no deferred data (no `defer`, no Suspense boundaries), so the whole
// document is rendered in one synchronous pass with renderToString: streaming bought nothing but a
// PassThrough → web stream → node stream round trip and a five-second abort timer per request (CPU
// profile under load, docs/decisions/0012-page-speed.md). Every response carries Server-Timing.
import type { EntryContext, HandleDataRequestFunction } from "@remix-run/node";
import { RemixServer } from "@remix-run/react";
import { renderToString } from "react-dom/server";
import { currentRequestContext, serverTimingHeader } from "#app/utils/request-context.server";

export default function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
) {
  const started = performance.now();
  const html = renderToString(<RemixServer context={remixContext} url={request.url} />);
  const store = currentRequestContext();
  responseHeaders.set("Content-Type", "text/html; charset=utf-8");
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

export function handleError(error: unknown, { request }: { request: Request }) {
  // Aborted requests (the user navigated away) are not errors worth a stack trace.
  if (request.signal.aborted) return;
  console.error(error);
}
