// CLI entry: `npm run -s cli -- <command> [args]`. Prints JSON on stdout; on failure prints
// {"error": "..."} on stderr and exits non-zero, never a stack trace (DESIGN.md §8).
// Commands live in scripts/commands/*.ts, each exporting `commands: Record<string, CliCommand>`, listed in
// scripts/commands/index.ts. `npm run cli` starts this file through scripts/run.mjs (bundled when built).
import { CliError, type CliArgs, type CliCommand } from "./cli-types";
import { COMMAND_MODULES } from "./commands/index";

function parseArgs(argv: string[]): CliArgs {
  const positionals: string[] = [];
  const options: Record<string, string | boolean> = {};
  const all: Record<string, string[]> = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg.startsWith("--")) {
      const eq = arg.indexOf("=");
      let name: string;
      let value: string | boolean;
      if (eq > 0) {
        name = arg.slice(2, eq);
        value = arg.slice(eq + 1);
      } else {
        name = arg.slice(2);
        const next = argv[i + 1];
        if (next !== undefined && !next.startsWith("--")) {
          value = next;
          i++;
        } else value = true;
      }
      options[name] = value;
      if (typeof value === "string") {
        all[name] ??= [];
        all[name].push(value);
      }
    } else positionals.push(arg);
  }
  return { positionals, options, all };
}

function loadCommands(): Record<string, CliCommand> {
  const registry: Record<string, CliCommand> = {};
  // In file-name order, as when the folder was read: a later module's command of the same name wins.
  for (const name of Object.keys(COMMAND_MODULES).sort((a, b) => (`${a}.ts` < `${b}.ts` ? -1 : 1))) Object.assign(registry, COMMAND_MODULES[name]);
  return registry;
}

function fail(message: string): never {
  process.stderr.write(`${JSON.stringify({ error: message })}\n`);
  process.exit(1);
}

async function main() {
  const [name, ...rest] = process.argv.slice(2);
  const registry = loadCommands();
  if (!name || name === "help" || name === "--help") {
    const list = Object.entries(registry).map(([key, c]) => ({ command: key, usage: c.usage, description: c.description }));
    process.stdout.write(`${JSON.stringify({ commands: list }, null, 2)}\n`);
    return;
  }
  const command = registry[name];
  if (!command) fail(`Không có lệnh "${name}". Dùng "help" để xem danh sách lệnh.`);
  const { cliContext } = await import("./cli-db");
  const { context, opened } = cliContext();
  const result = await command.run(parseArgs(rest), context);
  opened()?.$client.close();
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
}

main().catch((error: unknown) => {
  if (error instanceof CliError) fail(error.message);
  const message = error instanceof Error ? error.message : String(error);
  if (process.env.CLI_DEBUG && error instanceof Error) process.stderr.write(`${String(error.stack)}\n`);
  fail(message);
});
