// The pool runs the bundled child only while it matches the sources on disk (child-entry.server.ts); these
// cases build a real bundle of a two-file "project" and then change, remove or add to its sources.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, test } from "vitest";
import { untrustedChildEntry } from "#app/platform/untrusted/child-entry.server";
import { bundleStatus } from "../../scripts/lib/bundle-manifest.mjs";

/** The pool (TypeScript, in the Remix bundle) and the launcher (scripts/run.mjs) answer the same question alike. */
function entryOf(root: string) {
  const entry = untrustedChildEntry(root);
  const status = bundleStatus(root, "build/untrusted");
  expect(status.ok, "scripts/lib/bundle-manifest.mjs agrees").toBe(entry.bundled);
  if (!status.ok) expect(status.reason).toBe(entry.reason);
  return entry;
}

const roots: string[] = [];
afterEach(() => {
  for (const r of roots.splice(0)) rmSync(r, { recursive: true, force: true });
});

/** A project root with a built child: two sources recorded in build/untrusted/manifest.json. */
function builtProject() {
  const root = mkdtempSync(join(tmpdir(), "vpdt-child-entry-"));
  roots.push(root);
  mkdirSync(join(root, "app/platform/untrusted"), { recursive: true });
  mkdirSync(join(root, "build/untrusted"), { recursive: true });
  const sources = ["app/platform/untrusted/child.ts", "app/platform/untrusted/tasks.ts"];
  for (const s of sources) writeFileSync(join(root, s), `// ${s}\n`);
  writeFileSync(join(root, "build/untrusted/child.js"), "process.exit(0);\n");
  const inputs = Object.fromEntries(
    sources.map((s) => {
      const st = statSync(join(root, s));
      return [s, { size: st.size, mtimeMs: st.mtimeMs }];
    }),
  );
  writeFileSync(join(root, "build/untrusted/manifest.json"), JSON.stringify({ entry: "child.js", inputs }));
  return root;
}

describe("the untrusted pool's child program", () => {
  test("a bundle that matches its sources runs in plain node", () => {
    const root = builtProject();
    expect(entryOf(root)).toEqual({ file: join(root, "build/untrusted/child.js"), execArgv: [], bundled: true });
  });

  test("without a build the TypeScript entry runs through tsx", () => {
    const root = builtProject();
    rmSync(join(root, "build"), { recursive: true });
    expect(entryOf(root)).toMatchObject({
      file: join(root, "app/platform/untrusted/child.ts"),
      execArgv: ["--import", "tsx"],
      bundled: false,
      reason: expect.stringContaining("npm run build"),
    });
  });

  test("an edited source (same size, new time) or a resized one sends the pool back to tsx", () => {
    const root = builtProject();
    const file = join(root, "app/platform/untrusted/tasks.ts");
    const later = new Date(Date.now() + 5_000);
    utimesSync(file, later, later);
    expect(entryOf(root)).toMatchObject({ bundled: false, reason: "app/platform/untrusted/tasks.ts changed since the build" });

    const other = builtProject();
    writeFileSync(join(other, "app/platform/untrusted/child.ts"), `${readFileSync(join(other, "app/platform/untrusted/child.ts"), "utf8")}// more\n`);
    expect(entryOf(other)).toMatchObject({ bundled: false, reason: "app/platform/untrusted/child.ts changed since the build" });
  });

  test("a removed source, a missing bundle file or a broken manifest falls back too", () => {
    const a = builtProject();
    rmSync(join(a, "app/platform/untrusted/tasks.ts"));
    expect(entryOf(a)).toMatchObject({ bundled: false, reason: "app/platform/untrusted/tasks.ts is gone since the build" });
    const b = builtProject();
    rmSync(join(b, "build/untrusted/child.js"));
    expect(entryOf(b)).toMatchObject({ bundled: false });
    const c = builtProject();
    writeFileSync(join(c, "build/untrusted/manifest.json"), "{");
    expect(entryOf(c)).toMatchObject({ bundled: false, reason: "unreadable build/untrusted/manifest.json" });
  });

  test("this tree's own bundle (built by the test run's global setup) is the one in use", () => {
    const entry = entryOf(process.cwd());
    expect(entry.reason).toBeUndefined();
    expect(entry.bundled).toBe(true);
    // And the CLI's and bootstrap's (build/tools), which scripts/run.mjs starts.
    const tools = bundleStatus(process.cwd(), "build/tools");
    expect(tools.ok ? "" : tools.reason).toBe("");
    expect(tools.ok && tools.manifest.entries).toEqual({ cli: "cli.js", bootstrap: "bootstrap.js" });
  });
});
