// Per-request state without threading it through every call: the server (scripts/start.js) runs each
// request inside an AsyncLocalStorage store kept on globalThis, so that the Remix bundle and the
// server script (two module graphs) see the same store. Outside the server (tests, CLI) there is no
// store and every helper here degrades to "no caching, no timing".
import type { AsyncLocalStorage } from "node:async_hooks";

export type RequestContextStore = {
  /** performance.now() when the server received the request. */
  startedAt: number;
  /** Milliseconds the request waited for its turn of the event loop (scripts/fair-turns.js, ADR 0018). */
  queueMs?: number;
  /** Milliseconds spent in SQLite statements (db/client.ts adds to it). */
  dbMs: number;
  /** Milliseconds spent rendering HTML (entry.server.tsx). */
  renderMs: number;
  /** Values computed once per request (the signed-in actor, its session). */
  memo: Map<string, unknown>;
};

const STORE_KEY = Symbol.for("vpdt.requestContext");

function storage(): AsyncLocalStorage<RequestContextStore> | undefined {
  return (globalThis as Record<symbol, AsyncLocalStorage<RequestContextStore> | undefined>)[STORE_KEY];
}

export function currentRequestContext(): RequestContextStore | undefined {
  return storage()?.getStore();
}

/**
 * Computes `fn` once per request under `key`: the root loader and the page's loader both need the
 * signed-in actor, and a page view should not pay for the session lookup twice.
 */
export function memoPerRequest<T>(key: string, fn: () => T): T {
  const store = currentRequestContext();
  if (!store) return fn();
  if (store.memo.has(key)) return store.memo.get(key) as T;
  const value = fn();
  store.memo.set(key, value);
  return value;
}

/**
 * `Server-Timing` (W3C) for the current request: db, render and total milliseconds, and under load the
 * wait for a turn (queue), which total includes: a page slow only because others were ahead of it shows so.
 */
export function serverTimingHeader(store: RequestContextStore, now: number): string {
  const total = now - store.startedAt;
  const queue = store.queueMs === undefined ? "" : `, queue;dur=${store.queueMs.toFixed(1)}`;
  return `db;dur=${store.dbMs.toFixed(1)}, render;dur=${store.renderMs.toFixed(1)}${queue}, total;dur=${total.toFixed(1)}`;
}
