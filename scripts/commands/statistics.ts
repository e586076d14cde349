// Handling statistics and e-government indicators (issue 16): `stats:handling`, `stats:indicators`. JSON on stdout.
import { isValidIsoDate } from "#app/domain/shared/dates";
import { computeHandlingStatistics, computeHandlingStatisticsWithLists, computeIndicators } from "#app/features/statistics/index";
import { CliError, mapAppErrors, optionalOption, optionalPositiveIntOption, requireOption, type CliArgs, type CliCommand } from "../cli-types";

function dateOption(args: CliArgs, name: string, required: boolean): string | undefined {
  const value = required ? requireOption(args, name) : optionalOption(args, name);
  if (value !== undefined && !isValidIsoDate(value)) throw new CliError(`--${name} phải có dạng YYYY-MM-DD`);
  return value;
}

export const commands: Record<string, CliCommand> = {
  "stats:handling": {
    description: "Thống kê tình hình giải quyết văn bản đến, văn bản đi trong kỳ (tính đến ngày chốt)",
    usage: "stats:handling --as USERNAME --from YYYY-MM-DD --to YYYY-MM-DD [--unit ID] [--user ID] [--as-of YYYY-MM-DD] [--list]",
    async run(args, ctx) {
      const from = dateOption(args, "from", true)!;
      const to = dateOption(args, "to", true)!;
      const asOf = dateOption(args, "as-of", false);
      const unitId = optionalPositiveIntOption(args, "unit");
      const userId = optionalPositiveIntOption(args, "user");
      const service = await ctx.as(requireOption(args, "as"));
      return mapAppErrors(() => {
        const options = { from, to, asOf, unitId, userId };
        if (args.options.list !== true) {
          const s = computeHandlingStatistics(service, options);
          return { period: s.period, scope: s.scope, method: s.method, incoming: s.incoming, outgoing: s.outgoing };
        }
        // --list: each category is the array of the document ids behind it instead of a count.
        const s = computeHandlingStatisticsWithLists(service, options);
        return {
          period: s.period,
          scope: s.scope,
          method: s.method,
          incoming: s.lists.incoming,
          outgoing: { ...s.lists.outgoing, averageDaysToIssue: s.outgoing.averageDaysToIssue },
        };
      });
    },
  },
  "stats:indicators": {
    description: "Chỉ số chính quyền điện tử của cơ quan trong kỳ (tử số, mẫu số, tỷ lệ)",
    usage: "stats:indicators --as USERNAME --from YYYY-MM-DD --to YYYY-MM-DD",
    async run(args, ctx) {
      const from = dateOption(args, "from", true)!;
      const to = dateOption(args, "to", true)!;
      const service = await ctx.as(requireOption(args, "as"));
      return mapAppErrors(() => {
        const report = computeIndicators(service, { from, to });
        return {
          period: report.period,
          indicators: Object.fromEntries(
            report.indicators.map((i) => [
              i.key,
              {
                label: i.label,
                numerator: i.numerator,
                denominator: i.denominator,
                percent: i.percent,
                rateText: i.rateText,
                numeratorDefinition: i.numeratorDefinition,
                denominatorDefinition: i.denominatorDefinition,
              },
            ]),
          ),
        };
      });
    },
  },
};
