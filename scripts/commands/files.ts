import { collectOrphanFiles, ORPHAN_GRACE_MS } from "#app/platform/files/files-gc.server";
import { CliError, optionalOption, type CliCommand } from "../cli-types";

export const commands: Record<string, CliCommand> = {
  "files:gc": {
    description: "Xóa tệp tải lên không được bản ghi nào tham chiếu và tệp tạm (.tmp-*) cũ hơn một ngày (npm start chạy lệnh này định kỳ)",
    usage: "files:gc [--older-than-hours 24]",
    run: async (args, ctx) => {
      const raw = optionalOption(args, "older-than-hours");
      const hours = raw === undefined ? ORPHAN_GRACE_MS / 3600_000 : Number(raw);
      if (!Number.isFinite(hours) || hours < 1) throw new CliError("--older-than-hours phải là số giờ, ít nhất 1");
      const { db, dataDir } = await ctx.system();
      return collectOrphanFiles(db, dataDir, { graceMs: hours * 3600_000 });
    },
  },
};
