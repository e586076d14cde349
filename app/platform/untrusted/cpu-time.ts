// Time limits on untrusted parsing count CPU time, not wall time. The pool's children run at nice 10 so that a
// parser never takes CPU from the HTTP server; on a busy machine such a child gets a small share of a core, and a
// PDF that needs 0.3 s of CPU can take a minute of wall time. A wall-clock limit then refused ordinary documents as
// "quá phức tạp" exactly when the office was busiest. A hostile file burns CPU, so CPU time is what the limit
// measures; a wall-clock backstop (WALL_FACTOR × the limit) still bounds how long a starved or stuck task may hold
// a request.
import { readFileSync } from "node:fs";

/** How many times the CPU limit a task may take in wall time before it is stopped regardless. */
export const WALL_FACTOR = 4;

/** CPU time (user + system) this process has used, in milliseconds. */
export function ownCpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

/**
 * CPU time (user + system) of another process from /proc/<pid>/stat, in milliseconds; null when unreadable.
 * The kernel reports it in USER_HZ ticks, which the Linux ABI fixes at 100 per second.
 */
export function processCpuMs(pid: number | undefined): number | null {
  if (!pid) return null;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // Field 2 (comm) is parenthesised and may hold spaces: count fields after its closing parenthesis.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    const utime = Number(fields[11]);
    const stime = Number(fields[12]);
    return Number.isFinite(utime) && Number.isFinite(stime) ? (utime + stime) * 10 : null;
  } catch {
    return null;
  }
}

/**
 * Calls `onExpire` once this process has used `limitMs` of CPU since the call, or WALL_FACTOR × `limitMs` of wall
 * time has gone by, whichever comes first. The check runs on a timer, so it fires when the task yields (pdfjs
 * yields every ~20 ms); a task that never yields is stopped from outside by the pool. Returns the cancel function.
 */
export function startCpuDeadline(limitMs: number, onExpire: () => void, pollMs = 50): () => void {
  const cpuStart = ownCpuMs();
  let done = false;
  const stop = () => {
    done = true;
    clearInterval(poll);
    clearTimeout(wall);
  };
  const expire = () => {
    if (done) return;
    stop();
    onExpire();
  };
  const poll = setInterval(() => {
    if (ownCpuMs() - cpuStart >= limitMs) expire();
  }, pollMs);
  const wall = setTimeout(expire, limitMs * WALL_FACTOR);
  return stop;
}
