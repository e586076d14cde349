import { readFileSync } from "node:fs";
import { basename, resolve } from "node:path";
import { parseDeadline } from "#app/domain/shared/deadlines";
import { isValidIsoDate, toVietnamDate } from "#app/domain/shared/dates";
import { loadWorkingCalendar } from "#app/platform/calendar.server";

import { planFigures, commitPlanImport, previewPlanImport } from "#app/features/plans/index";
import { isAppError } from "#app/utils/errors";
import { CliError, optionalOption, requireOption, type CliCommand } from "../cli-types";

function toCliError(error: unknown): never {
  if (isAppError(error)) throw new CliError(error.message);
  throw error;
}

export const commands: Record<string, CliCommand> = {
  "plan:import": {
    description: "Nhập kế hoạch từ phụ lục CSV (UTF-8) hoặc XLSX",
    usage: 'plan:import --file F --title "Tên kế hoạch" --year Y --as USERNAME [--number "123/KH-UBND"] [--date YYYY-MM-DD]',
    run: async (args, ctx) => {
      const file = resolve(requireOption(args, "file"));
      const year = Number(requireOption(args, "year"));
      const sctx = await ctx.as(requireOption(args, "as"), { key: "manage:plan", what: "nhập kế hoạch (manage:plan)" });
      let bytes: Uint8Array;
      try {
        bytes = readFileSync(file);
      } catch {
        throw new CliError(`Không đọc được tệp ${file}`);
      }
      try {
        const preview = await previewPlanImport(sctx, { bytes, fileName: basename(file), year });
        const result = await commitPlanImport(sctx, {
          sha256: preview.sha256,
          fileName: basename(file),
          title: requireOption(args, "title"),
          year,
          documentNumber: optionalOption(args, "number") ?? null,
          documentDate: optionalOption(args, "date") ?? null,
        });
        return { planId: result.planId, areas: result.areas, tasks: result.tasks, unresolvedUnits: result.unresolvedUnits };
      } catch (error) {
        toCliError(error);
      }
    },
  },
  "plan:progress": {
    description: "Số liệu hoàn thành của kế hoạch tính đến một ngày",
    usage: "plan:progress --plan ID [--as-of YYYY-MM-DD]",
    run: async (args, ctx) => {
      const { db } = await ctx.system();
      const planId = Number(requireOption(args, "plan"));
      const today = toVietnamDate(new Date());
      const asOf = optionalOption(args, "as-of") ?? today;
      if (!isValidIsoDate(asOf)) throw new CliError("Ngày --as-of phải có dạng YYYY-MM-DD");
      if (!Number.isInteger(planId) || planId <= 0) throw new CliError("--plan phải là số");
      const found = db.query.plans.findFirst({ where: (p, { eq }) => eq(p.id, planId) }).sync();
      if (!found) throw new CliError(`Không tìm thấy kế hoạch ${planId}`);
      // Figures are the same for every reader: the CLI reads them as the system (no actor).
      const f = planFigures(await ctx.system(), planId, asOf, { today, calendar: loadWorkingCalendar(db) });
      return {
        planId,
        asOf,
        countable: f.countable,
        done: f.done,
        rate: f.rate === null ? null : Math.round(f.rate * 10000) / 10000,
        rateText: f.rateText,
        onTime: f.onTime,
        late: f.late,
        overdue: f.overdue,
        weightedRateText: f.weightedRateText,
        method: f.method,
        byArea: f.byArea.map((a) => ({ area: a.label, countable: a.countable, done: a.done, rateText: a.rateText })),
        byUnit: f.byUnit.map((u) => ({ unit: u.label, countable: u.countable, done: u.done, rateText: u.rateText })),
      };
    },
  },
  "deadline:parse": {
    description: "Phân tích cụm từ thời hạn (Thời gian thực hiện, hoàn thành)",
    usage: 'deadline:parse --text "Trước ngày 15/01/2024" --year Y [--anchor YYYY-MM-DD]',
    run: async (args, ctx) => {
      const text = requireOption(args, "text");
      const year = Number(requireOption(args, "year"));
      if (!Number.isInteger(year) || year < 1000 || year > 9999) throw new CliError("--year phải là năm 4 chữ số");
      const anchor = optionalOption(args, "anchor") ?? null;
      if (anchor !== null && !isValidIsoDate(anchor)) throw new CliError("--anchor phải có dạng YYYY-MM-DD");
      // The working-day calendar matters only for relative deadlines with an anchor.
      const calendar = anchor ? loadWorkingCalendar((await ctx.system()).db) : undefined;
      const d = parseDeadline(text, { planYear: year, anchorDate: anchor, calendar });
      return { kind: d.kind, dueDate: d.dueDate, needsReview: d.needsReview, ...(d.note ? { note: d.note } : {}) };
    },
  },
};
