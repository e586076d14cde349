import { execFile } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, expect, test } from "vitest";
import { createTestDb, type TestDb } from "#tests/support/test-db";
import { makeUser, seedDirectory } from "#tests/support/factories";
import { officialLetterSpec, samplePdf } from "#tests/support/incoming-fixtures";
import { CLI_ARGS } from "#tests/support/cli";

const run = promisify(execFile);
let t: TestDb;

beforeAll(async () => {
  t = createTestDb();
  const units = seedDirectory(t.db);
  await makeUser(t.db, t.dataDir, { username: "vanthu", unitId: units.get("Văn phòng UBND tỉnh")!, roles: ["clerk"] });
});
afterAll(() => t.cleanup());

// Decree 30 Art. 22: arrival numbers are consecutive per year. Four separate processes (each its own
// better-sqlite3 connection) import at the same time through the real CLI.
test("arrival numbers from 4 concurrent incoming:import processes are distinct and consecutive", async () => {
  const PROCESSES = 4;
  const PER_PROCESS = 5;
  const folder = join(t.dataDir, "imports");
  mkdirSync(folder);
  const files: string[][] = [];
  for (let p = 0; p < PROCESSES; p++) {
    files.push([]);
    for (let i = 0; i < PER_PROCESS; i++) {
      const path = join(folder, `p${p}-${i}.pdf`);
      writeFileSync(path, await samplePdf(officialLetterSpec(p * 100 + i + 1, `Báo cáo số liệu đợt ${p}-${i}`)));
      files[p].push(path);
    }
  }
  t.db.$client.close();
  const env = { ...process.env, DATA_DIR: t.dataDir, SEED_DEMO: "0" };
  const outputs = await Promise.all(
    files.map((list) => run(process.execPath, [...CLI_ARGS, "incoming:import", "--as", "vanthu", ...list], { env, timeout: 120_000 })),
  );
  const results = outputs.flatMap(
    (o) => JSON.parse(o.stdout) as Array<{ id: number; arrivalNumber: number; numberSymbol: string; summary: string; needsReview: boolean }>,
  );
  expect(results).toHaveLength(PROCESSES * PER_PROCESS);
  const numbers = results.map((r) => r.arrivalNumber).sort((a, b) => a - b);
  expect(numbers).toEqual(Array.from({ length: PROCESSES * PER_PROCESS }, (_, i) => i + 1));
  expect(results[0]).toMatchObject({
    numberSymbol: expect.stringMatching(/\/SNV-CCHC$/),
    summary: expect.stringMatching(/^Báo cáo số liệu/),
    needsReview: false,
  });
}, 180_000);
