// Entry of a child process of the untrusted-file pool (pool.server.ts). Receives {id, task, input},
// runs the named task and answers {id, ok, value | error}. Exits when the server goes away.
import { UNTRUSTED_TASKS, type UntrustedTaskName } from "./tasks";

type Request = { id: number; task: UntrustedTaskName; input: unknown };

process.on("disconnect", () => process.exit(0));

process.on("message", async (request: Request) => {
  const reply = (message: unknown) => process.send?.(message);
  try {
    if (!Object.hasOwn(UNTRUSTED_TASKS, request.task)) throw new Error(`Unknown task ${String(request.task)}`);
    const mod = (await UNTRUSTED_TASKS[request.task]()) as { default: (input: unknown) => Promise<unknown> };
    const value = await mod.default(request.input);
    reply({ id: request.id, ok: true, value });
  } catch (error) {
    const e = error as { name?: string; code?: unknown; message?: string; details?: unknown };
    reply({
      id: request.id,
      ok: false,
      error: {
        name: e?.name,
        code: typeof e?.code === "string" ? e.code : undefined,
        message: e?.message,
        details: e?.details,
      },
    });
  }
});
