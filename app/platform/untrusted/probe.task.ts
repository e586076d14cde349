// A task that misbehaves on request, so that the pool's limits can be tested with real processes.
import { getPriority } from "node:os";

export type ProbeInput =
  | { kind: "echo"; value: unknown }
  | { kind: "priority" }
  | { kind: "spin"; ms: number }
  | { kind: "wait"; ms: number }
  | { kind: "allocate"; mb: number; retain?: boolean }
  | { kind: "crash" }
  | { kind: "refuse"; code: string; message: string };

// What a task leaves behind in its child (like a parser library loaded once and kept): `allocate` with `retain`.
const retained: Buffer[] = [];

export default async function probe(input: ProbeInput): Promise<unknown> {
  switch (input.kind) {
    case "echo":
      return input.value;
    case "priority":
      // The child's own nice value, as the kernel schedules it.
      return getPriority();
    case "spin": {
      const end = Date.now() + input.ms;
      while (Date.now() < end) {
        // busy loop: what a hostile PDF does to a parser
      }
      return "done";
    }
    case "wait":
      // Wall time without CPU: what a parser starved of CPU on a busy machine looks like from outside.
      await new Promise((resolve) => setTimeout(resolve, input.ms));
      return "waited";
    case "allocate": {
      const chunks: Buffer[] = [];
      for (let i = 0; i < input.mb; i++) chunks.push(Buffer.alloc(1024 * 1024, 1));
      if (input.retain) {
        retained.push(...chunks);
        return chunks.length;
      }
      await new Promise((resolve) => setTimeout(resolve, 2_000));
      return chunks.length;
    }
    case "crash":
      return process.exit(70);
    case "refuse": {
      const error = new Error(input.message) as Error & { code?: string };
      error.name = "ProbeRefusal";
      error.code = input.code;
      throw error;
    }
  }
}
