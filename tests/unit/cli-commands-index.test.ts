// The CLI finds its commands in scripts/commands/index.ts, not by reading the folder (the bundle in build/tools
// has no folder beside it): a module added to the folder but not to the list would be a command nobody can run.
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { COMMAND_MODULES } from "../../scripts/commands/index";

describe("the CLI's command list", () => {
  test("names every module of scripts/commands, each exporting its commands", () => {
    const files = readdirSync(join(process.cwd(), "scripts", "commands"))
      .filter((n) => n.endsWith(".ts") && n !== "index.ts" && !n.endsWith(".d.ts"))
      .map((n) => n.slice(0, -3))
      .sort();
    expect(Object.keys(COMMAND_MODULES).sort()).toEqual(files);
    for (const [name, commands] of Object.entries(COMMAND_MODULES)) expect(typeof commands, name).toBe("object");
  });
});
