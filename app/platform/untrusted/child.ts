// Entry of a child process of the untrusted-file pool (pool.server.ts). Receives {id, task, input},
// runs the named task and answers {id, ok, value | error}. Exits when the server goes away.
import { TASK_LOAD_FAILED } from "./protocol";
import { UNTRUSTED_TASKS, type UntrustedTaskName } from "./tasks";

type Request = { id: number; task: UntrustedTaskName; input: unknown };

process.on("disconnect", () => process.exit(0));

process.on("message", async (request: Request) => {
  const reply = (message: unknown) => process.send?.(message);
  try {
    if (!Object.hasOwn(UNTRUSTED_TASKS, request.task)) throw new Error(`Unknown task ${String(request.task)}`);
    let mod: { default: (input: unknown) => Promise<unknown> };
    try {
      mod = (await UNTRUSTED_TASKS[request.task]()) as typeof mod;
    } catch (error) {
      // Not the input's fault: this child cannot load the task's code (a rebuild replaced the bundle's chunks under
      // it). Said apart, so that the pool retries on a fresh child instead of blaming the file.
      reply({ id: request.id, ok: false, error: { name: "TaskLoadError", code: TASK_LOAD_FAILED, message: (error as Error)?.message } });
      return;
    }
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
