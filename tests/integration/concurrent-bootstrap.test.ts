import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterAll, describe, expect, test } from "vitest";
import { DEMO_ACCOUNTS } from "#app/features/demo/directory.server";
import { withDatabaseLockSync } from "#db/lock";
import { BOOTSTRAP_ARGS, CLI_ARGS } from "#tests/support/cli";

// Issue 9, "Concurrent first start": four CLI processes started at once on an empty DATA_DIR failed with
// `UNIQUE constraint failed: organizations.identifier`. Here four CLI commands and the server's bootstrap
// (what scripts/start.js runs before serving) start together, on a new DATA_DIR and then on the same, old one:
// every process succeeds and the demo data is seeded exactly once (db/lock.ts).

const dataDir = mkdtempSync(join(tmpdir(), "vpdt-concurrent-"));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

type Outcome = { what: string; code: number | null; stdout: string; stderr: string };

function start(what: string, args: string[]): Promise<Outcome> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, { cwd: process.cwd(), env: { ...process.env, DATA_DIR: dataDir, SEED_DEMO: "1" } });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => (stdout += chunk));
    child.stderr.on("data", (chunk) => (stderr += chunk));
    child.once("close", (code) => resolve({ what, code, stdout, stderr }));
  });
}

function startTogether(): Promise<Outcome[]> {
  return Promise.all([
    start("cli db:migrate", [...CLI_ARGS, "db:migrate"]),
    start("cli incoming:list", [...CLI_ARGS, "incoming:list", "--as", "vanthu"]),
    start("cli outgoing:list", [...CLI_ARGS, "outgoing:list", "--as", "chutich"]),
    start("cli audit:verify", [...CLI_ARGS, "audit:verify"]),
    start("server bootstrap", [...BOOTSTRAP_ARGS]),
  ]);
}

function seedFigures() {
  const db = new Database(join(dataDir, "app.db"), { readonly: true });
  try {
    const count = (sql: string) => (db.prepare(sql).get() as { n: number }).n;
    return {
      seedEvents: count("select count(*) n from audit_events where action = 'demo.seed_directory'"),
      users: count("select count(*) n from users"),
      organizations: count("select count(*) n from organizations"),
      duplicateIdentifiers: count(
        "select count(*) n from (select identifier from organizations where identifier is not null group by identifier having count(*) > 1)",
      ),
      incoming: count("select count(*) n from incoming_documents"),
      holidays: count("select count(*) n from calendar_days"),
    };
  } finally {
    db.close();
  }
}

function expectAllSucceeded(outcomes: Outcome[]) {
  const failures = outcomes.filter((o) => o.code !== 0).map((o) => `${o.what} exited ${o.code}: ${o.stderr.slice(0, 500)}`);
  expect(failures).toEqual([]);
}

describe("processes starting together on one DATA_DIR", { timeout: 300_000 }, () => {
  test("on a new DATA_DIR all succeed and the demo data is seeded once", async () => {
    const outcomes = await startTogether();
    expectAllSucceeded(outcomes);
    const first = seedFigures();
    expect(first.seedEvents).toBe(1);
    expect(first.users).toBe(DEMO_ACCOUNTS.length);
    expect(first.duplicateIdentifiers).toBe(0);
    expect(first.incoming).toBeGreaterThan(0);
    expect(first.holidays).toBeGreaterThan(0);
    // The CLI answers are about the seeded data, whichever process seeded it.
    const incoming = JSON.parse(outcomes.find((o) => o.what === "cli incoming:list")!.stdout);
    expect(Array.isArray(incoming) ? incoming.length : Object.keys(incoming).length).toBeGreaterThan(0);
    expect(JSON.parse(outcomes.find((o) => o.what === "cli audit:verify")!.stdout)).toMatchObject({ ok: true });
  });

  test("on the same, old DATA_DIR all succeed and nothing is seeded again", async () => {
    const before = seedFigures();
    expect(before.users).toBe(DEMO_ACCOUNTS.length);
    const outcomes = await startTogether();
    expectAllSucceeded(outcomes);
    expect(outcomes.find((o) => o.what === "server bootstrap")!.stdout).not.toContain("demo data seeded");
    expect(seedFigures()).toEqual(before);
  });
});

describe("the bootstrap lock (db/lock.ts)", { timeout: 120_000 }, () => {
  // A child process takes the lock of a database, says so, then waits for "die" (SIGKILL) or exits on its own.
  function holder(dbPath: string) {
    const script = join(dataDir, "hold-lock.mts");
    writeFileSync(
      script,
      `import { withDatabaseLock } from ${JSON.stringify(join(process.cwd(), "db/lock.ts"))};
       await withDatabaseLock(${JSON.stringify(dbPath)}, async () => { console.log("held"); await new Promise((r) => setTimeout(r, 60_000)); });`,
    );
    // node itself, not the tsx wrapper: killing the wrapper would leave its node child holding the lock.
    const child = spawn(process.execPath, ["--import", "tsx", script], { cwd: process.cwd() });
    let stderr = "";
    child.stderr.on("data", (chunk) => (stderr += chunk));
    const held = new Promise<void>((resolve, reject) => {
      child.stdout.on("data", (chunk) => String(chunk).includes("held") && resolve());
      child.once("exit", (code) => reject(new Error(`lock holder exited ${code}: ${stderr}`)));
    });
    const exited = new Promise((resolve) => child.once("exit", resolve));
    return { child, held, exited };
  }

  test("another process waits while the lock is held, with a clear message when it gives up", async () => {
    const dbPath = join(dataDir, "held.db");
    const h = holder(dbPath);
    try {
      await h.held;
      expect(() => withDatabaseLockSync(dbPath, () => "ran", 300)).toThrow(/Another process has been migrating or seeding .*held\.db/);
    } finally {
      h.child.kill("SIGKILL");
      await h.exited;
    }
  });

  test("a holder killed mid-way leaves no stale lock", async () => {
    const dbPath = join(dataDir, "killed.db");
    const h = holder(dbPath);
    await h.held;
    h.child.kill("SIGKILL");
    await h.exited;
    expect(withDatabaseLockSync(dbPath, () => "ran", 5_000)).toBe("ran");
  });
});
