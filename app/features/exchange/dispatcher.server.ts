// The background sender: started once by the server process, it never runs on a request. Each tick
// (1) emits the status messages the receiving workflow owes (reconcileEdxmlStatuses), (2) reads packets
// dropped into watched directories, (3) sends due outbox packets, each retried with exponential back-off
// until the peer takes it. Sends are async I/O; the database work per packet is a few small statements.
import { existsSync, mkdirSync, readdirSync, renameSync, statSync } from "node:fs";
import { open } from "node:fs/promises";
import { join } from "node:path";
import { and, asc, eq, lte } from "drizzle-orm";
import { writeTransaction, type Db } from "#db/client";
import { edxmlOutbox, edxmlPeers } from "#db/schema/index";
import { outboxPacketBytes } from "#app/features/exchange/outbox.server";
import { edxmlMaxPacketBytes, receiveEdxmlPacket, reconcileEdxmlStatuses } from "#app/features/exchange/inbox.server";
import { transportFor, type SendOutcome } from "#app/features/exchange/transport.server";

export type DispatcherDeps = { db: Db; dataDir: string };
export type DispatcherOptions = { intervalMs?: number; retryBaseMs?: number; retryMaxMs?: number; batch?: number };

const DEFAULTS = { intervalMs: 2_000, retryBaseMs: 2_000, retryMaxMs: 10 * 60_000, batch: 20 };

/** Exponential back-off: base, 2×base, 4×base … capped. */
export function nextAttemptDelay(attempts: number, options: { retryBaseMs: number; retryMaxMs: number }): number {
  return Math.min(options.retryMaxMs, options.retryBaseMs * 2 ** Math.max(0, attempts - 1));
}

/** Sends what is due now; returns counts (tests drive it directly). */
export async function sendDueEdxmlPackets(
  deps: DispatcherDeps,
  options: DispatcherOptions = {},
  now: Date = new Date(),
): Promise<{ sent: number; failed: number; refused: number }> {
  const o = { ...DEFAULTS, ...options };
  const due = deps.db
    .select({ row: edxmlOutbox, peer: edxmlPeers })
    .from(edxmlOutbox)
    .innerJoin(edxmlPeers, eq(edxmlPeers.id, edxmlOutbox.peerId))
    .where(and(eq(edxmlOutbox.state, "pending"), lte(edxmlOutbox.nextAttemptAt, now)))
    .orderBy(asc(edxmlOutbox.nextAttemptAt), asc(edxmlOutbox.id))
    .limit(o.batch)
    .all();
  const counts = { sent: 0, failed: 0, refused: 0 };
  for (const { row, peer } of due) {
    let outcome: SendOutcome;
    try {
      const bytes = outboxPacketBytes(deps.db, deps.dataDir, row.fileId);
      outcome = await transportFor(peer).send(peer, bytes, { outboxId: row.id, kind: row.kind, documentId: row.documentId });
    } catch (error) {
      outcome = { ok: false as const, permanent: false, error: error instanceof Error ? error.message : String(error) };
    }
    const at = new Date();
    const attempts = row.attempts + 1;
    writeTransaction(deps.db, (tx) => {
      if (outcome.ok) tx.update(edxmlOutbox).set({ state: "sent", attempts, sentAt: at, lastError: null }).where(eq(edxmlOutbox.id, row.id)).run();
      else if (outcome.permanent) tx.update(edxmlOutbox).set({ state: "refused", attempts, lastError: outcome.error }).where(eq(edxmlOutbox.id, row.id)).run();
      else
        tx.update(edxmlOutbox)
          .set({ attempts, lastError: outcome.error, nextAttemptAt: new Date(at.getTime() + nextAttemptDelay(attempts, o)) })
          .where(eq(edxmlOutbox.id, row.id))
          .run();
    });
    if (outcome.ok) counts.sent++;
    else if (outcome.permanent) counts.refused++;
    else counts.failed++;
  }
  return counts;
}

/**
 * The first `max` bytes of a file, read off the event loop (libuv's thread pool): a packet dropped in a watched
 * folder is as untrusted as one posted, and a 2 GB file there must neither hold the loop nor fill the memory. One
 * byte over the packet limit is enough for the reception to refuse it as too large, as the HTTP endpoint does.
 */
async function readAtMost(path: string, max: number): Promise<Uint8Array> {
  const file = await open(path, "r");
  try {
    const size = Math.min((await file.stat()).size, max);
    const out = new Uint8Array(size);
    let at = 0;
    while (at < size) {
      const { bytesRead } = await file.read(out, at, Math.min(size - at, 8 * 1024 * 1024), at);
      if (bytesRead === 0) break;
      at += bytesRead;
    }
    return at === size ? out : out.subarray(0, at);
  } finally {
    await file.close();
  }
}

/**
 * Reads packets an LGSP client dropped into each directory peer's in/ folder; moves each to processed/ or refused/.
 * Only `*.edxml` and `*.xml` names that do not start with a dot are read: a client writes under another name (a dot
 * name, `.part`) and renames when done, so that a packet is never read half-written.
 */
export async function pollEdxmlDirectories(deps: DispatcherDeps): Promise<number> {
  const peers = deps.db
    .select()
    .from(edxmlPeers)
    .where(and(eq(edxmlPeers.transport, "directory"), eq(edxmlPeers.isActive, true)))
    .all();
  let handled = 0;
  for (const peer of peers) {
    if (!peer.directory) continue;
    const inbox = join(peer.directory, "in");
    if (!existsSync(inbox)) continue;
    const names = readdirSync(inbox)
      .filter((n) => !n.startsWith(".") && /\.(edxml|xml)$/i.test(n))
      .sort();
    for (const name of names) {
      const path = join(inbox, name);
      // A file that cannot be read (a dangling link, no permission, removed meanwhile) is left where it is and
      // tried again next tick: it must not stop the other packets, nor the sending that follows in this tick.
      let bytes: Uint8Array;
      try {
        if (!statSync(path).isFile()) continue;
        bytes = await readAtMost(path, edxmlMaxPacketBytes() + 1);
      } catch (error) {
        console.error(`[edxml] cannot read ${path}:`, error instanceof Error ? error.message : error);
        continue;
      }
      const result = await receiveEdxmlPacket(deps, bytes, { channel: "directory", peerId: peer.id });
      const folder = join(inbox, result.state === "refused" ? "refused" : "processed");
      mkdirSync(folder, { recursive: true });
      renameSync(path, join(folder, name));
      handled++;
    }
  }
  return handled;
}

export async function runEdxmlDispatcherOnce(deps: DispatcherDeps, options: DispatcherOptions = {}) {
  reconcileEdxmlStatuses(deps);
  // Reading and sending are independent: a reception that fails (the database busy, a folder gone) is logged and
  // tried again next tick, and what is due still goes out now.
  try {
    await pollEdxmlDirectories(deps);
  } catch (error) {
    console.error("[edxml] reading the watched folders failed:", error instanceof Error ? error.message : error);
  }
  // Statuses produced by packets just read go out in the same tick.
  reconcileEdxmlStatuses(deps);
  return sendDueEdxmlPackets(deps, options);
}

/** Starts the loop (one tick at a time; a failing tick is logged and the next one runs). Returns stop(). */
export function startEdxmlDispatcher(deps: DispatcherDeps, options: DispatcherOptions = {}): () => void {
  const o = { ...DEFAULTS, ...options };
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  const tick = async () => {
    try {
      await runEdxmlDispatcherOnce(deps, o);
    } catch (error) {
      console.error("[edxml] dispatcher tick failed:", error instanceof Error ? error.message : error);
    }
    if (!stopped) {
      timer = setTimeout(tick, o.intervalMs);
      timer.unref();
    }
  };
  timer = setTimeout(tick, Math.min(o.intervalMs, 500));
  timer.unref();
  return () => {
    stopped = true;
    if (timer) clearTimeout(timer);
  };
}
