// signing/ is a pure library: no app/db/Remix/React imports, no environment or filesystem access.
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? files(join(dir, e.name)) : e.name.endsWith(".ts") ? [join(dir, e.name)] : [],
  );
}

describe("signing/ purity", () => {
  it("imports nothing forbidden and reads no files or environment", () => {
    const offenders: string[] = [];
    for (const file of files("signing")) {
      const src = readFileSync(file, "utf8");
      if (/from\s+["'](#app\/|#db\/|@remix-run\/|react|drizzle-orm|better-sqlite3|node:fs|fs)/.test(src)) offenders.push(`${file}: import`);
      if (/process\.env|readFileSync|writeFileSync/.test(src)) offenders.push(`${file}: io`);
    }
    expect(offenders).toEqual([]);
  });
});
