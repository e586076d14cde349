// A pool child outlives a rebuild: `npm run build` replaces build/untrusted (its task chunks get new hashed names)
// while the server still runs, and a child started from the old bundle can no longer load a task it had not loaded
// yet. The pool then runs the task again on a fresh child, which starts from the new bundle; if that fails too, the
// user reads the reader's Vietnamese message, never Node's "Cannot find module". The rebuild is simulated on a copy
// of the bundle (UNTRUSTED_BUNDLE_DIR), so that other tests' children are not disturbed.
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, unlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resetEnvCache } from "#app/env.server";
import { PdfReadError, readPdfText } from "#app/platform/pdf-text/pdf-text.server";
import { untrustedChildEntry } from "#app/platform/untrusted/child-entry.server";
import { closeUntrustedPool, runUntrusted } from "#app/platform/untrusted/pool.server";
import { samplePdf } from "#tests/support/incoming-fixtures";

const root = join(import.meta.dirname, "..", "..");
// Inside the project (tests/.tmp is git-ignored): the bundle leaves packages external, and Node finds them by
// walking up from the bundle's folder to node_modules.
mkdirSync(join(root, "tests", ".tmp"), { recursive: true });
const bundle = mkdtempSync(join(root, "tests", ".tmp", "untrusted-bundle-"));
const saved = { dir: process.env.UNTRUSTED_BUNDLE_DIR, workers: process.env.UNTRUSTED_WORKERS };

/** The one chunk of `task` in the copied bundle. */
function chunkOf(task: string): string {
  const found = readdirSync(bundle).filter((f) => f.startsWith(`${task}.task-`));
  expect(found).toHaveLength(1);
  return found[0];
}

/** What a rebuild does to one task: its chunk under a new name, and child.js importing that name. */
function rebuild(task: string, suffix: string): void {
  const old = chunkOf(task);
  const renamed = `${task}.task-${suffix}.js`;
  renameSync(join(bundle, old), join(bundle, renamed));
  const entry = join(bundle, "child.js");
  writeFileSync(entry, readFileSync(entry, "utf8").replaceAll(`./${old}`, `./${renamed}`));
}

beforeAll(async () => {
  cpSync(join(root, "build", "untrusted"), bundle, { recursive: true });
  // Without a current bundle the children would run through tsx, load modules by source path, and this test would
  // prove nothing: the global setup builds it.
  expect(untrustedChildEntry(root, bundle)).toMatchObject({ bundled: true });
  process.env.UNTRUSTED_BUNDLE_DIR = bundle;
  // One child, so that the task surely goes to the child started before the "rebuild".
  process.env.UNTRUSTED_WORKERS = "1";
  resetEnvCache();
  await closeUntrustedPool();
});

afterAll(async () => {
  await closeUntrustedPool();
  for (const [key, value] of [
    ["UNTRUSTED_BUNDLE_DIR", saved.dir],
    ["UNTRUSTED_WORKERS", saved.workers],
  ] as const)
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  resetEnvCache();
  rmSync(bundle, { recursive: true, force: true });
});

describe("a pool child started before a rebuild", () => {
  it("runs a task whose chunk was renamed since, on a fresh child", async () => {
    // A child of the old bundle, idle, that has loaded the probe task only.
    expect(await runUntrusted("probe", { kind: "echo", value: "trước" })).toBe("trước");
    rebuild("pdf-text", "REBUILT1");
    const text = await readPdfText(await samplePdf());
    expect(text.pageCount).toBeGreaterThan(0);
    expect(text.text).toContain("172/KH-UBND");
  });

  it("says the reader's Vietnamese message when the fresh child cannot load the task either", async () => {
    expect(await runUntrusted("probe", { kind: "echo", value: 1 })).toBe(1);
    // A bundle left broken: child.js names a chunk that is not there.
    unlinkSync(join(bundle, chunkOf("pdf-verify")));
    const error = await runUntrusted("pdf-verify", { bytes: await samplePdf(), trustAnchorsPem: [] }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "CRASHED", message: "Không xử lý được tệp: bộ đọc tệp dừng bất thường. Hãy kiểm tra lại tệp." });
    expect(String((error as Error).message)).not.toMatch(/Cannot find module/);
    // The pool still serves the tasks that load.
    const text = await readPdfText(await samplePdf());
    expect(text.pageCount).toBeGreaterThan(0);
    await expect(readPdfText(new Uint8Array())).rejects.toBeInstanceOf(PdfReadError);
  });
});
