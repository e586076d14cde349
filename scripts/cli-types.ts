import type { ServiceContext } from "#app/platform/context.server";
import type { PermissionKey } from "#app/platform/auth/roles";
import { isAppError } from "#app/utils/errors";

export type CliArgs = {
  /** Positional arguments after the command name. */
  positionals: string[];
  /** `--name value` and `--flag` options (repeated options keep every value in `all`). */
  options: Record<string, string | boolean>;
  all: Record<string, string[]>;
};

/**
 * What a command receives: the ServiceContext is built here, at the CLI's edge, once per command; commands
 * never open the database themselves. The first call opens it (migrating, and seeding demo data when
 * empty unless SEED_DEMO=0).
 */
export type CliContext = {
  /** The system acting (audited with no actor): maintenance commands. */
  system: () => Promise<ServiceContext>;
  /** A named user acting (`--as USERNAME`), who must hold `permission` when one is given. */
  as: (username: string, permission?: { key: PermissionKey; what: string }) => Promise<ServiceContext>;
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

/** A required `--name N`: a positive integer (an id, a year). */
export function positiveIntOption(args: CliArgs, name: string): number {
  const n = Number(requireOption(args, name));
  if (!Number.isInteger(n) || n <= 0) throw new CliError(`Tham số --${name} phải là số nguyên dương`);
  return n;
}

/** An optional `--name N`: a positive integer when given. */
export function optionalPositiveIntOption(args: CliArgs, name: string): number | undefined {
  return optionalOption(args, name) === undefined ? undefined : positiveIntOption(args, name);
}

/** Runs a service call; its expected failures (AppError) become CLI errors: the Vietnamese message, exit 1. */
export async function mapAppErrors<T>(fn: () => T | Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    if (isAppError(error)) throw new CliError(error.message);
    throw error;
  }
}
