// Runs parsers of untrusted files (PDF, XLSX, CSV, XML, images) in child processes, never on the
// request thread: a hostile file may take all the CPU time or memory it likes there, and the server
// keeps answering everyone else (issue "Hostile input"; reliability.md). Each task gets a wall-clock
// limit and a memory limit; a child over either is killed (SIGKILL) and replaced, and the caller gets an
// UntrustedTaskError with a Vietnamese message naming the limit.
//
// Why child processes and not worker threads: a worker's `resourceLimits` bound only the V8 heap, while
// an inflate bomb or a huge image lives in ArrayBuffers outside it; a child's whole resident set can be
// measured (/proc/<pid>/status) and the child killed without touching the server's own memory.
import { fork, type ChildProcess } from "node:child_process";
import cluster from "node:cluster";
import { existsSync, readFileSync } from "node:fs";
import { setPriority } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { getEnv } from "#app/env.server";
import { TASK_LOAD_FAILED } from "./protocol";
import type { UntrustedTaskName } from "./tasks";
import { PlatformMessages } from "#app/messages/platform";
import { processCpuMs, WALL_FACTOR } from "./cpu-time";
import { type ChildEntry, untrustedChildEntry } from "./child-entry.server";
import { present } from "#app/utils/errors";

export type { UntrustedTaskName } from "./tasks";

export type UntrustedLimits = {
  /** Wall-clock limit for the task, in milliseconds. */
  timeoutMs?: number;
  /** Resident-set limit for the child, in MiB (V8 heap plus buffers). */
  maxMemoryMb?: number;
};

export type UntrustedErrorCode =
  /** The task ran over its time limit and was killed. */
  | "TIMEOUT"
  /** The child's memory ran over the limit and it was killed. */
  | "MEMORY"
  /** The child died (crash, signal) before answering. */
  | "CRASHED"
  /** Too many tasks are waiting already. */
  | "BUSY"
  /** The task itself refused the input (its own code and message are kept). */
  | "TASK";

const DEFAULT_TIMEOUT_MS = 20_000;
const DEFAULT_MAX_MEMORY_MB = 768;
const MAX_QUEUE = 64;
const RECYCLE_AFTER_TASKS = 100;
const MEMORY_POLL_MS = 50;

/** A refused or failed untrusted task. `message` is Vietnamese and safe to show to the user. */
export class UntrustedTaskError extends Error {
  readonly code: UntrustedErrorCode;
  /** For code TASK: the `name` and `code` of the error the task threw (e.g. "PdfReadError", "ENCRYPTED"). */
  readonly remoteName?: string;
  readonly remoteCode?: string;
  /** For code TASK: extra data the task attached to its error (e.g. which output limit was hit). */
  readonly details?: unknown;
  constructor(code: UntrustedErrorCode, message: string, remote?: { name?: string; code?: string; details?: unknown }) {
    super(message);
    this.name = "UntrustedTaskError";
    this.code = code;
    this.remoteName = remote?.name;
    this.remoteCode = remote?.code;
    this.details = remote?.details;
  }
}

function timeoutMessage(ms: number): string {
  return PlatformMessages.FILE_TIMEOUT(Math.round(ms / 1000));
}
function memoryMessage(mb: number): string {
  return PlatformMessages.FILE_MEMORY(mb);
}
const CRASHED_MESSAGE = PlatformMessages.FILE_READER_CRASHED;
const BUSY_MESSAGE = PlatformMessages.FILE_POOL_BUSY;

function findProjectRoot(): string {
  // Works from the source tree (app/platform/untrusted/) and from the Remix bundle (build/index.js).
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 8; i++) {
    const pkg = join(dir, "package.json");
    if (existsSync(pkg)) {
      try {
        if ((JSON.parse(readFileSync(pkg, "utf8")) as { name?: string }).name === "van-phong-dien-tu") return dir;
      } catch {
        // keep looking upward
      }
    }
    dir = dirname(dir);
  }
  return process.cwd();
}

type Job = {
  task: UntrustedTaskName;
  input: unknown;
  timeoutMs: number;
  maxMemoryMb: number;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
  /** Set once the job was given to a fresh child because its first one could not load the task (TASK_LOAD_FAILED). */
  reloaded?: boolean;
};

/**
 * The children's nice value. Against the server at 0 a child at 10 weighs 110 to 1024 in the kernel's fair share
 * (CFS): on 2 cores, six heavy uploads halved the healthcheck's median and cut its p99 (docs/decisions/0006).
 */
export const UNTRUSTED_CHILD_NICE = 10;

type Slot = { child: ChildProcess; busy: boolean; tasksRun: number };

type ChildReply =
  | { id: number; ok: true; value: unknown }
  | { id: number; ok: false; error: { name?: string; code?: string; message?: string; details?: unknown } };

class UntrustedPool {
  private readonly size: number;
  private readonly slots: Slot[] = [];
  private readonly queue: Job[] = [];
  private nextId = 1;
  private readonly entry: ChildEntry;

  constructor(size: number) {
    this.size = size;
    this.entry = untrustedChildEntry(findProjectRoot(), getEnv().UNTRUSTED_BUNDLE_DIR);
    // Said once per server process: the fallback works, but each PDF read then costs a new ~3 s child. The server's
    // HTTP workers are cluster workers (scripts/start.js); the CLI is not, and its stderr carries only its JSON error
    // (DESIGN.md §8).
    if (!this.entry.bundled && cluster.isWorker) console.warn(`[untrusted] file pool children run through tsx (${this.entry.reason}): run npm run build`);
  }

  run(job: Job): void {
    if (this.queue.length >= MAX_QUEUE) {
      job.reject(new UntrustedTaskError("BUSY", BUSY_MESSAGE));
      return;
    }
    this.queue.push(job);
    this.pump();
  }

  private spawn(): Slot {
    const child = fork(this.entry.file, [], {
      execArgv: this.entry.execArgv,
      serialization: "advanced",
      stdio: ["ignore", "ignore", "inherit", "ipc"],
    });
    // Lower priority: on a small server the parser must not take CPU from the HTTP process (ADR 0006, addendum).
    try {
      if (child.pid) setPriority(child.pid, UNTRUSTED_CHILD_NICE);
    } catch {
      // not permitted here: the time limit still applies
    }
    const slot: Slot = { child, busy: false, tasksRun: 0 };
    child.on("error", () => undefined);
    child.unref();
    (child.channel as { unref?: () => void } | undefined)?.unref?.();
    this.slots.push(slot);
    return slot;
  }

  private discard(slot: Slot): void {
    const index = this.slots.indexOf(slot);
    if (index >= 0) this.slots.splice(index, 1);
    if (slot.child.exitCode === null && slot.child.signalCode === null) slot.child.kill("SIGKILL");
  }

  private pump(): void {
    while (this.queue.length > 0) {
      let slot = this.slots.find((s) => !s.busy && s.child.connected);
      // A child keeps what earlier tasks grew it to (pdfjs alone is ~90 MB in the bundled child, ~260 MB under
      // tsx: ./child-entry.server.ts); a task whose memory limit is lower than that baseline allows would be
      // killed for memory it never used, so it gets a fresh child. (Seen: a small PDF refused as "quá 512 MB" after a PDF text extraction in that child.)
      const rss = slot ? residentMb(slot.child.pid) : null;
      if (slot && rss !== null && rss > this.queue[0].maxMemoryMb / 2) {
        this.discard(slot);
        slot = undefined;
      }
      if (!slot) {
        if (this.slots.length >= this.size) return;
        slot = this.spawn();
      }
      this.execute(slot, present(this.queue.shift(), "the queued task"));
    }
  }

  private execute(slot: Slot, job: Job): void {
    slot.busy = true;
    const child = slot.child;
    const id = this.nextId++;
    child.ref();
    (child.channel as { ref?: () => void } | undefined)?.ref?.();
    let settled = false;

    const finish = (outcome: { value?: unknown; error?: unknown; requeued?: true }, keepChildWanted: boolean) => {
      let keepChild = keepChildWanted;
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      clearInterval(memoryTimer);
      child.off("message", onMessage);
      child.off("exit", onExit);
      slot.tasksRun++;
      // A child keeps the resident set its last task grew to (V8 and malloc rarely give pages back); the
      // next task's memory limit would count it, so a child left above half the limit is replaced.
      const rssAfter = keepChild ? residentMb(child.pid) : null;
      if (rssAfter !== null && rssAfter > job.maxMemoryMb / 2) keepChild = false;
      if (keepChild && slot.tasksRun < RECYCLE_AFTER_TASKS && child.connected) {
        slot.busy = false;
        child.unref();
        (child.channel as { unref?: () => void } | undefined)?.unref?.();
      } else {
        this.discard(slot);
      }
      if (outcome.requeued) {
        // the job is back at the head of the queue
      } else if ("error" in outcome) job.reject(outcome.error);
      else job.resolve(outcome.value);
      this.pump();
    };

    const onMessage = (message: ChildReply) => {
      if (!message || message.id !== id) return;
      if (message.ok) finish({ value: message.value }, true);
      else if (message.error?.code === TASK_LOAD_FAILED) {
        // The child was started from a bundle that a rebuild has since replaced (`npm run build` before the
        // restart): its chunks are gone. A fresh child runs the new bundle, so the job is run again there, once;
        // a second failure is the reader's fault, not the file's, and is said as such (never pdfjs's English).
        if (job.reloaded) finish({ error: new UntrustedTaskError("CRASHED", CRASHED_MESSAGE) }, false);
        else {
          job.reloaded = true;
          this.queue.unshift(job);
          finish({ requeued: true }, false);
        }
      } else {
        const remote = message.error ?? {};
        finish({ error: new UntrustedTaskError("TASK", remote.message || CRASHED_MESSAGE, remote) }, true);
      }
    };
    const onExit = () => finish({ error: new UntrustedTaskError("CRASHED", CRASHED_MESSAGE) }, false);
    const timedOut = () => finish({ error: new UntrustedTaskError("TIMEOUT", timeoutMessage(job.timeoutMs)) }, false);
    // The limit is the child's CPU time (./cpu-time.ts): at nice 10 on a busy machine a child may get a small
    // share of a core, and its wall time says nothing about the file. The wall-clock backstop bounds the request.
    const cpuStart = processCpuMs(child.pid);
    const timer = setTimeout(timedOut, job.timeoutMs * (cpuStart === null ? 1 : WALL_FACTOR));
    const memoryTimer = setInterval(() => {
      const rssMb = residentMb(child.pid);
      if (rssMb !== null && rssMb > job.maxMemoryMb) {
        finish({ error: new UntrustedTaskError("MEMORY", memoryMessage(job.maxMemoryMb)) }, false);
        return;
      }
      const cpuMs = cpuStart === null ? null : processCpuMs(child.pid);
      if (cpuMs !== null && cpuStart !== null && cpuMs - cpuStart > job.timeoutMs) timedOut();
    }, MEMORY_POLL_MS);

    child.on("message", onMessage);
    child.on("exit", onExit);
    child.send({ id, task: job.task, input: job.input, maxMemoryMb: job.maxMemoryMb }, (error) => {
      if (error) finish({ error: new UntrustedTaskError("CRASHED", CRASHED_MESSAGE) }, false);
    });
  }

  async close(): Promise<void> {
    for (const slot of [...this.slots]) this.discard(slot);
  }
}

function residentMb(pid: number | undefined): number | null {
  if (!pid) return null;
  try {
    const status = readFileSync(`/proc/${pid}/status`, "utf8");
    const match = /VmRSS:\s+(\d+)\s+kB/.exec(status);
    return match ? Number(match[1]) / 1024 : null;
  } catch {
    return null;
  }
}

let pool: UntrustedPool | undefined;

function getPool(): UntrustedPool {
  // Two children by default: the machine this runs on has two cores, and requests that parse files are rare
  // next to page views; more would let parsing starve the HTTP server.
  pool ??= new UntrustedPool(getEnv().UNTRUSTED_WORKERS);
  return pool;
}

/**
 * Runs `task` (see ./tasks.ts) on `input` in a child process with time and memory limits. Inputs and
 * results travel by structured clone (Uint8Array, Map, Date are fine; functions and classes are not).
 */
export function runUntrusted<T>(task: UntrustedTaskName, input: unknown, limits: UntrustedLimits = {}): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    getPool().run({
      task,
      input,
      timeoutMs: limits.timeoutMs ?? DEFAULT_TIMEOUT_MS,
      maxMemoryMb: limits.maxMemoryMb ?? DEFAULT_MAX_MEMORY_MB,
      resolve: resolve as (value: unknown) => void,
      reject,
    });
  });
}

/** Stops every child (tests, shutdown). */
export async function closeUntrustedPool(): Promise<void> {
  await pool?.close();
  pool = undefined;
}
