// Types shared by the task page's components.
import type { SerializeFrom } from "@remix-run/node";
import type { TaskDetail } from "#app/features/plans/index";

/** The task page's loader data as the browser receives it. */
export type TaskPageData = SerializeFrom<TaskDetail>;
/** The action's result when it answered the form posted with `intent`, else undefined. */
export type ForIntent = (intent: string) => unknown;
