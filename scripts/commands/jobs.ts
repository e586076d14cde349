// `jobs:work`: runs the background jobs (OCR of scans) from the command line, beside or instead of the
// server's own worker (JOBS_WORKER=0). `--once` drains what is due and exits.
import { drainJobs, startJobWorker } from "#app/platform/jobs/worker.server";
import { loadJobHandlers } from "#app/platform/jobs/server-worker.server";
import type { CliCommand } from "../cli-types";

export const commands: Record<string, CliCommand> = {
  "jobs:work": {
    description: "Chạy các tác vụ nền (nhận dạng chữ bản quét); --once: chạy hết tác vụ đến hạn rồi dừng",
    usage: "jobs:work [--once]",
    async run(args, ctx) {
      const { db } = await ctx.system();
      await loadJobHandlers();
      if (args.options.once) return { ran: await drainJobs({ db, dataDir: ctx.dataDir }) };
      const stop = startJobWorker({ db, dataDir: ctx.dataDir });
      await new Promise<void>((resolve) => {
        process.once("SIGTERM", resolve);
        process.once("SIGINT", resolve);
      });
      await stop();
      return { stopped: true };
    },
  },
};
