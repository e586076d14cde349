import { describe, expect, test } from "vitest";
import { ownCpuMs, processCpuMs, startCpuDeadline, WALL_FACTOR } from "#app/platform/untrusted/cpu-time";

describe("CPU time of untrusted tasks", () => {
  test("/proc/<pid>/stat agrees with process.cpuUsage for this process (10 ms ticks)", () => {
    const spinUntil = ownCpuMs() + 200;
    while (ownCpuMs() < spinUntil) {
      // burn CPU so that both readings are well above zero
    }
    const fromProc = processCpuMs(process.pid);
    const own = ownCpuMs();
    expect(fromProc).not.toBeNull();
    expect(Math.abs((fromProc ?? 0) - own)).toBeLessThan(100);
    expect(processCpuMs(undefined)).toBeNull();
    expect(processCpuMs(2 ** 30)).toBeNull();
  });

  test("the deadline fires on CPU used, and waiting does not use it up", async () => {
    let fired = false;
    const cancel = startCpuDeadline(150, () => (fired = true), 10);
    await new Promise((r) => setTimeout(r, 250)); // wall time beyond the limit, almost no CPU
    expect(fired).toBe(false);
    const spinUntil = ownCpuMs() + 200;
    while (ownCpuMs() < spinUntil) {
      // burn past the limit
    }
    await new Promise((r) => setTimeout(r, 30));
    expect(fired).toBe(true);
    cancel();
  });

  test("the wall-clock backstop fires at WALL_FACTOR × the limit", async () => {
    let fired = false;
    startCpuDeadline(50, () => (fired = true), 1_000);
    await new Promise((r) => setTimeout(r, 50 * WALL_FACTOR + 100));
    expect(fired).toBe(true);
  });
});
