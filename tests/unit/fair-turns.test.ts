import { describe, expect, test } from "vitest";
import { createTurnQueue } from "../../scripts/fair-turns.js";

/** Resolves after the loop has gone round once more (an immediate queued now runs in the next check phase). */
const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Drives the loop turn by turn and records what had started by the end of each, until nothing is left. */
async function startsPerTurn(turns: ReturnType<typeof createTurnQueue>, started: string[]): Promise<string[][]> {
  const seen: string[][] = [];
  let before = 0;
  for (let i = 0; i < 50 && (turns.depth() > 0 || i === 0); i++) {
    await nextTurn();
    seen.push(started.slice(before));
    before = started.length;
  }
  return seen;
}

describe("fair turns (scripts/fair-turns.js, ADR 0018)", () => {
  test("requests start first in first out, one per turn of the event loop", async () => {
    const turns = createTurnQueue({ perTurn: 1 });
    const started: string[] = [];
    for (const name of ["a", "b", "c", "d"]) turns.admit(() => started.push(name));
    // Nothing starts inside the phase that admitted them: that is the point.
    expect(started).toEqual([]);
    expect(turns.depth()).toBe(4);
    const perTurn = await startsPerTurn(turns, started);
    expect(started).toEqual(["a", "b", "c", "d"]);
    // Each turn started at most one: the loop polled its sockets between them.
    expect(perTurn.every((names) => names.length <= 1)).toBe(true);
    expect(perTurn.filter((names) => names.length === 1)).toHaveLength(4);
    expect(turns.depth()).toBe(0);
  });

  test("perTurn bounds how many start in one turn", async () => {
    const turns = createTurnQueue({ perTurn: 2 });
    const started: number[] = [];
    for (let i = 0; i < 5; i++) turns.admit(() => started.push(i));
    await nextTurn();
    expect(started).toEqual([0, 1]);
    await nextTurn();
    expect(started).toEqual([0, 1, 2, 3]);
    await nextTurn();
    expect(started).toEqual([0, 1, 2, 3, 4]);
  });

  test("a request whose client gave up while queued is skipped and does not use the turn", async () => {
    const turns = createTurnQueue({ perTurn: 1 });
    const started: string[] = [];
    turns.admit(
      () => started.push("gone"),
      () => true,
    );
    turns.admit(
      () => started.push("waiting"),
      () => false,
    );
    await nextTurn();
    expect(started).toEqual(["waiting"]);
    expect(turns.depth()).toBe(0);
  });

  test("a start that throws is reported and the queue goes on", async () => {
    const errors: unknown[] = [];
    const turns = createTurnQueue({ perTurn: 1, onError: (error) => errors.push(error) });
    const started: string[] = [];
    turns.admit(() => {
      throw new Error("loader exploded");
    });
    turns.admit(() => started.push("next"));
    await nextTurn();
    await nextTurn();
    expect(errors).toHaveLength(1);
    expect((errors[0] as Error).message).toBe("loader exploded");
    expect(started).toEqual(["next"]);
  });

  test("a request admitted by a running one waits for a later turn, behind those already queued", async () => {
    const turns = createTurnQueue({ perTurn: 1 });
    const started: string[] = [];
    turns.admit(() => {
      started.push("first");
      turns.admit(() => started.push("late"));
    });
    turns.admit(() => started.push("second"));
    await startsPerTurn(turns, started);
    expect(started).toEqual(["first", "second", "late"]);
  });

  test("the deepest queue since the last reading is reported, then reset to the current depth", async () => {
    const turns = createTurnQueue({ perTurn: 1 });
    for (let i = 0; i < 3; i++) turns.admit(() => {});
    expect(turns.maxDepthSinceLastRead()).toBe(3);
    // The window after a reading starts at the depth of that moment (3), then sees it fall.
    await nextTurn();
    expect(turns.maxDepthSinceLastRead()).toBe(3);
    await nextTurn();
    expect(turns.maxDepthSinceLastRead()).toBe(2);
    await nextTurn();
    expect(turns.maxDepthSinceLastRead()).toBe(1);
    expect(turns.maxDepthSinceLastRead()).toBe(0);
  });

  test("a long queue is compacted without losing order", async () => {
    const turns = createTurnQueue({ perTurn: 64 });
    const started: number[] = [];
    const total = 5000;
    for (let i = 0; i < total; i++) turns.admit(() => started.push(i));
    while (turns.depth() > 0) await nextTurn();
    expect(started).toHaveLength(total);
    expect(started.every((value, index) => value === index)).toBe(true);
  });
});
