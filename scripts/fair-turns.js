// Fair turns (docs/decisions/0018-one-request-per-loop-turn.md): page requests are started one per turn of
// the event loop, in arrival order, instead of all at once inside the poll phase that read them.
//
// Why: since libuv 1.45 (Node 20) a listening socket accepts ONE connection per loop iteration
// (libuv PR #3696, "don't accept() connections in a loop"). Our pages render synchronously (SQLite,
// renderToString: ADR 0008), so a poll phase that finds 35 requests ready ran all 35 before the loop came
// round again: a 300 ms turn at 8 ms a page, and a client connecting meanwhile waited one such turn per
// connection queued ahead of it (15 new connections: 2–7 s for their first answer, measured at 50
// connections in bench:http). Starting one request per turn makes a turn last one request, so the listening
// socket, the IPC watchdog ping and new sockets are polled every few milliseconds; requests already read
// wait their turn first-in first-out, which is also the order their clients sent them.
//
// Plain JavaScript: scripts/start.js loads it before anything is compiled.

/**
 * @param {{ perTurn?: number, onError?: (error: unknown) => void }} [options] `perTurn`: requests started per loop
 *   turn (1: a turn lasts one request); `onError`: an exception thrown by a start function (default: logged)
 * @returns {{ admit: (start: () => void, isAbandoned?: () => boolean) => void, depth: () => number, maxDepthSinceLastRead: () => number }}
 */
export function createTurnQueue(options = {}) {
  const perTurn = Math.max(1, Math.floor(options.perTurn ?? 1));
  const onError = options.onError ?? ((error) => console.error("[fair-turns] a request failed to start:", error));
  /** @type {{ start: () => void, isAbandoned?: () => boolean }[]} */
  const queue = [];
  let head = 0;
  let scheduled = false;
  let maxDepth = 0;

  function turn() {
    scheduled = false;
    let started = 0;
    while (started < perTurn && head < queue.length) {
      const entry = queue[head];
      queue[head++] = undefined;
      // A client that gave up while queued (closed its socket) costs nothing more.
      if (entry.isAbandoned?.()) continue;
      started++;
      try {
        entry.start();
      } catch (error) {
        // start() routes its own errors (Express `next`); one that escapes must not stop the queue.
        onError(error);
      }
    }
    if (head === queue.length) {
      queue.length = 0;
      head = 0;
    } else if (head > 1024 && head * 2 > queue.length) {
      queue.splice(0, head);
      head = 0;
    }
    if (head < queue.length) schedule();
  }

  function schedule() {
    if (scheduled) return;
    scheduled = true;
    // setImmediate runs in the loop's check phase, after the poll phase (accept, reads, IPC); an immediate
    // queued from inside the check phase waits for the next turn, so each turn starts `perTurn` requests.
    setImmediate(turn);
  }

  return {
    admit(start, isAbandoned) {
      queue.push({ start, isAbandoned });
      maxDepth = Math.max(maxDepth, queue.length - head);
      schedule();
    },
    depth: () => queue.length - head,
    maxDepthSinceLastRead() {
      const value = maxDepth;
      maxDepth = queue.length - head;
      return value;
    },
  };
}
