// Sessions (ASVS V7): the signed cookie, the session rows, their lifetimes, and what a user sees and ends of them.
import { createHash, randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { createCookie } from "@remix-run/node";
import { and, desc, eq, gt, isNull, ne, sql } from "drizzle-orm";
import { preparedOnce, writeTransaction, type Db, type DbOrTx } from "#db/client";
import { sessions } from "#db/schema/index";
import { getEnv } from "#app/env.server";
import { appendAuditEvent } from "#app/platform/audit.server";
import { auditActorOf, nowOf, type ServiceContext } from "#app/platform/context.server";

// ASVS 7.3.1/7.3.2: idle and absolute lifetimes, documented in the README.
export const SESSION_IDLE_MS = 30 * 60 * 1000; // 30 minutes without a request
export const SESSION_ABSOLUTE_MS = 12 * 60 * 60 * 1000; // 12 hours after sign-in, whatever the activity
// Writing last_seen_at on every request would turn every page view into a write; a minute of
// slack on a 30-minute idle timeout is harmless.
const TOUCH_INTERVAL_MS = 60 * 1000;

// Read once per data directory: a page view must not touch the file system (page-speed issue).
const secrets = new Map<string, string>();

/** The secret that signs the cookie: SESSION_SECRET, else DATA_DIR/session-secret (made on first use). */
export function getSessionSecret(dataDir: string): string {
  const fromEnv = getEnv().SESSION_SECRET;
  if (fromEnv) return fromEnv;
  const known = secrets.get(dataDir);
  if (known) return known;
  const secret = readOrCreateSessionSecret(dataDir);
  secrets.set(dataDir, secret);
  return secret;
}

function readOrCreateSessionSecret(dataDir: string): string {
  const path = join(dataDir, "session-secret");
  if (!existsSync(path)) {
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(path, randomBytes(32).toString("hex"), { mode: 0o600, flag: "wx" });
  }
  return readFileSync(path, "utf8").trim();
}

export function isSecureRequest(request: Request): boolean {
  if (new URL(request.url).protocol === "https:") return true;
  return getEnv().TRUST_PROXY > 0 && request.headers.get("x-forwarded-proto") === "https";
}

const cookies = new Map<string, ReturnType<typeof createCookie>>();

function sessionCookie(request: Request, dataDir: string) {
  const secure = isSecureRequest(request);
  const secret = getSessionSecret(dataDir);
  const key = `${secure ? 1 : 0}:${secret}`;
  let cookie = cookies.get(key);
  if (!cookie) {
    cookie = buildSessionCookie(secure, secret);
    cookies.set(key, cookie);
  }
  return cookie;
}

function buildSessionCookie(secure: boolean, secret: string) {
  // ASVS V3.3.3: the __Host- prefix pins the cookie to this host and path, only possible over HTTPS.
  return createCookie(secure ? "__Host-vpdt_session" : "vpdt_session", {
    httpOnly: true,
    sameSite: "lax",
    secure,
    path: "/",
    secrets: [secret],
  });
}

export function hashSessionToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

export type NewSessionOptions = { userId: number; ipAddress: string | null; userAgent: string | null; now: Date };

/** Creates a session row and returns the Set-Cookie header. A new token at every login (ASVS 7.2.4). */
export async function createUserSession(db: Db, request: Request, dataDir: string, options: NewSessionOptions): Promise<string> {
  const token = randomBytes(32).toString("base64url");
  const now = options.now.getTime();
  db.insert(sessions)
    .values({
      id: hashSessionToken(token),
      userId: options.userId,
      createdAt: new Date(now),
      lastSeenAt: new Date(now),
      expiresAt: new Date(now + SESSION_ABSOLUTE_MS),
      ipAddress: options.ipAddress,
      userAgent: options.userAgent?.slice(0, 300) ?? null,
    })
    .run();
  return sessionCookie(request, dataDir).serialize(token);
}

export async function readSessionToken(request: Request, dataDir: string): Promise<string | null> {
  const value = await sessionCookie(request, dataDir).parse(request.headers.get("Cookie"));
  return typeof value === "string" && value.length > 0 ? value : null;
}

export type ActiveSession = { id: string; userId: number };

/** The live session for this request, or null when absent, revoked, idle too long or too old. */
export async function getActiveSession(db: Db, request: Request, dataDir: string, now: Date): Promise<ActiveSession | null> {
  const token = await readSessionToken(request, dataDir);
  if (!token) return null;
  const id = hashSessionToken(token);
  const row = preparedOnce(db, "sessions.byId", () =>
    db
      .select()
      .from(sessions)
      .where(eq(sessions.id, sql.placeholder("id")))
      .prepare(),
  ).get({ id });
  if (!row || row.revokedAt) return null;
  const t = now.getTime();
  if (row.expiresAt.getTime() <= t || row.lastSeenAt.getTime() + SESSION_IDLE_MS <= t) return null;
  if (t - row.lastSeenAt.getTime() > TOUCH_INTERVAL_MS) {
    db.update(sessions).set({ lastSeenAt: now }).where(eq(sessions.id, id)).run();
  }
  return { id, userId: row.userId };
}

export async function destroySessionCookie(request: Request, dataDir: string): Promise<string> {
  return sessionCookie(request, dataDir).serialize("", { maxAge: 0 });
}

export function revokeSession(db: Pick<Db, "update">, sessionId: string, now: Date): void {
  db.update(sessions)
    .set({ revokedAt: now })
    .where(and(eq(sessions.id, sessionId), isNull(sessions.revokedAt)))
    .run();
}

/** ASVS 7.4.2 / 7.4.3: deactivation or a password change ends every (other) session of the user. */
export function revokeUserSessions(db: Pick<Db, "update">, userId: number, now: Date, exceptSessionId?: string): void {
  const conditions = [eq(sessions.userId, userId), isNull(sessions.revokedAt)];
  if (exceptSessionId) conditions.push(ne(sessions.id, exceptSessionId));
  db.update(sessions)
    .set({ revokedAt: now })
    .where(and(...conditions))
    .run();
}

export type SessionListItem = { isCurrent: boolean; createdAt: Date; lastSeenAt: Date; ipAddress: string | null; userAgent: string | null };

/** ASVS 7.5.2: users can see their active sessions. Ids are not exposed (they are credentials' hashes). */
export function listActiveSessions(db: DbOrTx, userId: number, currentSessionId: string, now: Date): SessionListItem[] {
  return db
    .select()
    .from(sessions)
    .where(
      and(
        eq(sessions.userId, userId),
        isNull(sessions.revokedAt),
        gt(sessions.expiresAt, now),
        gt(sessions.lastSeenAt, new Date(now.getTime() - SESSION_IDLE_MS)),
      ),
    )
    .orderBy(desc(sessions.lastSeenAt))
    .all()
    .map((s) => ({ isCurrent: s.id === currentSessionId, createdAt: s.createdAt, lastSeenAt: s.lastSeenAt, ipAddress: s.ipAddress, userAgent: s.userAgent }));
}

/** Ends every session of the actor except the current one. */
export function endOtherSessions(ctx: ServiceContext, currentSessionId: string): void {
  const now = nowOf(ctx);
  writeTransaction(ctx.db, (tx) => {
    revokeUserSessions(tx, ctx.actor.id, now, currentSessionId);
    appendAuditEvent(tx, { at: now, ...auditActorOf(ctx), action: "auth.end_other_sessions", entityType: "user", entityId: ctx.actor.id });
  });
}
