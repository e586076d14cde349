// The request guards: who is asking (session → actor), may they (permission), is it same-origin (CSRF), and
// the one place a request gets the process's database: `requestServices`, from which every ServiceContext of
// a request is built (services never reach for a global database).
import { redirect } from "@remix-run/node";
import type { Actor } from "#app/platform/auth/actor";
import { appServices, type AppServices } from "#app/db.server";
import { getEnv } from "#app/env.server";
import { AuthMessages } from "#app/messages/auth";
import { getActiveSession } from "#app/platform/auth/sessions.server";
import { loadActor } from "#app/platform/auth/actor.server";
import type { ServiceContext } from "#app/platform/context.server";
import type { PermissionKey } from "#app/platform/auth/roles";
import { memoPerRequest } from "#app/utils/request-context.server";

/** Set by scripts/start.js from the socket (and X-Forwarded-For behind a trusted proxy); clients cannot forge it. */
export const CLIENT_ADDRESS_HEADER = "x-vpdt-client-address";

export function getClientAddress(request: Request): string {
  return request.headers.get(CLIENT_ADDRESS_HEADER) ?? "unknown";
}

export type RequestServices = AppServices & { ipAddress: string };

/** The database, data directory and client address of a request, before anyone is signed in. */
export function requestServices(request: Request): RequestServices {
  return { ...appServices(), ipAddress: getClientAddress(request) };
}

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);
export const CROSS_SITE_MESSAGE = AuthMessages.CROSS_SITE;

/**
 * Refuses cross-site mutations (CSRF). SameSite=Lax already keeps the cookie off cross-site POSTs;
 * this is the second layer, and it also covers same-site attackers on sibling subdomains. `Origin: null`
 * (sandboxed frames, data: URLs, cross-origin redirects) is refused too: it can come from anywhere.
 * scripts/start.js applies the same rule before Remix (scripts/http-guards.js); this covers every other
 * caller of an action (tests, `?_data` requests).
 */
export function assertSameOrigin(request: Request): void {
  if (SAFE_METHODS.has(request.method.toUpperCase())) return;
  const origin = request.headers.get("origin");
  const url = new URL(request.url);
  const expected = new Set([url.origin]);
  if (getEnv().TRUST_PROXY > 0) {
    const host = request.headers.get("x-forwarded-host")?.split(",")[0]?.trim() || request.headers.get("host");
    const proto = request.headers.get("x-forwarded-proto")?.split(",")[0]?.trim() || url.protocol.replace(":", "");
    if (host) expected.add(`${proto}://${host}`);
  }
  if (origin !== null) {
    if (!expected.has(origin)) throw new Response(CROSS_SITE_MESSAGE, { status: 403 });
    return;
  }
  const fetchSite = request.headers.get("sec-fetch-site");
  if (fetchSite && fetchSite !== "same-origin" && fetchSite !== "none") {
    throw new Response(CROSS_SITE_MESSAGE, { status: 403 });
  }
}

export type RequestAuth = { actor: Actor; sessionId: string };

function loginRedirect(request: Request): never {
  const url = new URL(request.url);
  const redirectTo = `${url.pathname}${url.search}`;
  const search = redirectTo && redirectTo !== "/" ? `?${new URLSearchParams({ redirectTo })}` : "";
  throw redirect(`/login${search}`);
}

/** The signed-in user of this request; computed once per request (root and page loaders both ask). */
export function getOptionalAuth(request: Request): Promise<RequestAuth | null> {
  return memoPerRequest(`auth:${request.headers.get("cookie") ?? ""}`, () => lookUpAuth(request));
}

async function lookUpAuth(request: Request): Promise<RequestAuth | null> {
  const { db, dataDir } = requestServices(request);
  const session = await getActiveSession(db, request, dataDir, new Date());
  if (!session) return null;
  const actor = loadActor(db, session.userId);
  return actor ? { actor, sessionId: session.id } : null;
}

/** Signed-in user or a redirect to /login?redirectTo=…; mutations are also origin-checked. */
export async function requireAuth(request: Request): Promise<RequestAuth> {
  assertSameOrigin(request);
  const auth = await getOptionalAuth(request);
  if (!auth) loginRedirect(request);
  // ASVS 6.4: a password set by an administrator is single-use; nothing else until it is changed.
  const path = new URL(request.url).pathname;
  if (auth.actor.mustChangePassword && path !== "/account" && path !== "/logout") {
    throw redirect("/account?changePassword=1");
  }
  return auth;
}

export async function requireActor(request: Request): Promise<Actor> {
  return (await requireAuth(request)).actor;
}

/**
 * Every loader and action calls this (house style rule 6). Lacking the permission answers 404, as
 * for a row outside the actor's scope: the page's existence is not confirmed to those who can't use it.
 */
export async function requirePermission(request: Request, permission: PermissionKey | PermissionKey[]): Promise<Actor> {
  const actor = await requireActor(request);
  const wanted = Array.isArray(permission) ? permission : [permission];
  if (!wanted.some((p) => actor.permissions.includes(p))) {
    throw new Response(AuthMessages.PAGE_NOT_FOUND, { status: 404 });
  }
  return actor;
}

/** The context a route hands to a service. */
export function serviceContextFor(request: Request, actor: Actor): ServiceContext {
  return { ...requestServices(request), actor };
}
