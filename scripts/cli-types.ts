import type { Db } from "#db/client";

export type CliArgs = {
  /** Positional arguments after the command name. */
  positionals: string[];
  /** `--name value` and `--flag` options (repeated options keep every value in `all`). */
  options: Record<string, string | boolean>;
  all: Record<string, string[]>;
};

export type CliContext = {
  /** Opens (migrating, and seeding demo data when empty unless SEED_DEMO=0) the app database. */
  getDb: () => Promise<Db>;
  dataDir: string;
};

export type CliCommand = {
  description: string;
  usage: string;
  run: (args: CliArgs, ctx: CliContext) => Promise<unknown>;
};

/** Thrown for bad usage or expected failures: printed as {"error": message}, exit code 1. */
export class CliError extends Error {}

export function requireOption(args: CliArgs, name: string): string {
  const value = args.options[name];
  if (typeof value !== "string" || value === "") throw new CliError(`Thiếu tham số --${name}`);
  return value;
}

export function optionalOption(args: CliArgs, name: string): string | undefined {
  const value = args.options[name];
  return typeof value === "string" ? value : undefined;
}
