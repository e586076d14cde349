// What the pool (pool.server.ts) and its children (child.ts) say to each other beyond a task's own answer. A module
// of its own: the pool must not import ./tasks.ts, whose dynamic imports would pull every parser into the server
// bundle.

/** The code a child answers with when it cannot load a task's module; the pool retries once on a fresh child. */
export const TASK_LOAD_FAILED = "TASK_LOAD_FAILED";
