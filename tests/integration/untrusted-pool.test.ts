// The pool that runs parsers of untrusted files in child processes: time and memory limits kill the
// child, the caller gets a Vietnamese refusal, and the server's own event loop never waits on the work.
import { afterAll, describe, expect, it } from "vitest";
import { closeUntrustedPool, runUntrusted, UNTRUSTED_CHILD_NICE, UntrustedTaskError } from "#app/platform/untrusted/pool.server";

afterAll(async () => {
  await closeUntrustedPool();
});

async function refusal(promise: Promise<unknown>): Promise<UntrustedTaskError> {
  const error = await promise.then(
    () => {
      throw new Error("expected a refusal");
    },
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(UntrustedTaskError);
  return error as UntrustedTaskError;
}

describe("untrusted task pool", () => {
  it("returns a task's result, binary data included", async () => {
    const bytes = new Uint8Array([1, 2, 3, 250]);
    const value = await runUntrusted<{ bytes: Uint8Array; text: string }>("probe", {
      kind: "echo",
      value: { bytes, text: "Công văn" },
    });
    expect(Array.from(value.bytes)).toEqual([1, 2, 3, 250]);
    expect(value.text).toBe("Công văn");
  });

  it("runs its children at a lower CPU priority than the server (nice 10), so a request thread wins a busy core", async () => {
    expect(await runUntrusted<number>("probe", { kind: "priority" })).toBe(UNTRUSTED_CHILD_NICE);
    expect(UNTRUSTED_CHILD_NICE).toBe(10);
  });

  it("kills a task over its time limit while the server's event loop keeps turning", async () => {
    let ticks = 0;
    const ticker = setInterval(() => ticks++, 20);
    const error = await refusal(runUntrusted("probe", { kind: "spin", ms: 60_000 }, { timeoutMs: 1_000 }));
    clearInterval(ticker);
    expect(error.code).toBe("TIMEOUT");
    expect(error.message).toMatch(/giới hạn thời gian 1 giây/);
    // The parent kept its event loop free during the second the child spun.
    expect(ticks).toBeGreaterThan(10);
    // And the pool still works afterwards.
    await expect(runUntrusted("probe", { kind: "echo", value: 7 })).resolves.toBe(7);
  });

  it("counts CPU time, not wall time: a starved task finishes; one that never ends is stopped at 4× the limit", async () => {
    // 1.5 s of wall time with almost no CPU, under a 1 s limit: on a busy machine a niced child looks like this.
    await expect(runUntrusted("probe", { kind: "wait", ms: 1_500 }, { timeoutMs: 1_000 })).resolves.toBe("waited");
    const started = performance.now();
    const error = await refusal(runUntrusted("probe", { kind: "wait", ms: 60_000 }, { timeoutMs: 1_000 }));
    expect(error.code).toBe("TIMEOUT");
    // The wall-clock backstop, not the 60 s the task wanted (bounded above generously for a loaded machine).
    expect(performance.now() - started).toBeLessThan(30_000);
  });

  it("kills a task over its memory limit", async () => {
    const error = await refusal(runUntrusted("probe", { kind: "allocate", mb: 400 }, { maxMemoryMb: 200, timeoutMs: 30_000 }));
    expect(error.code).toBe("MEMORY");
    expect(error.message).toMatch(/200 MB/);
    await expect(runUntrusted("probe", { kind: "echo", value: "ok" })).resolves.toBe("ok");
  });

  it("a task with a lower memory limit never inherits the memory an earlier task left in the child", async () => {
    // 300 MB kept by the first task (under half its 1,024 MB limit, so the child is kept), then a task limited
    // to 250 MB that uses almost nothing: it must run in a fresh child, not be killed for the old 300 MB.
    await expect(runUntrusted("probe", { kind: "allocate", mb: 300, retain: true }, { maxMemoryMb: 1024, timeoutMs: 30_000 })).resolves.toBe(300);
    await expect(runUntrusted("probe", { kind: "spin", ms: 1_000 }, { maxMemoryMb: 250, timeoutMs: 30_000 })).resolves.toBe("done");
  });

  it("reports a crashed child and replaces it", async () => {
    const error = await refusal(runUntrusted("probe", { kind: "crash" }));
    expect(error.code).toBe("CRASHED");
    await expect(runUntrusted("probe", { kind: "echo", value: 1 })).resolves.toBe(1);
  });

  it("keeps the task's own refusal (name, code, Vietnamese message)", async () => {
    const error = await refusal(runUntrusted("probe", { kind: "refuse", code: "TOO_MANY_ROWS", message: "Tệp có quá 10.000 dòng" }));
    expect(error.code).toBe("TASK");
    expect(error.remoteName).toBe("ProbeRefusal");
    expect(error.remoteCode).toBe("TOO_MANY_ROWS");
    expect(error.message).toBe("Tệp có quá 10.000 dòng");
  });

  it("runs tasks side by side and queues the rest", async () => {
    const results = await Promise.all([1, 2, 3, 4, 5].map((n) => runUntrusted<number>("probe", { kind: "echo", value: n })));
    expect(results).toEqual([1, 2, 3, 4, 5]);
  });
});
