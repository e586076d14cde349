// OCR benchmark (not a timed test): `npx tsx tests/bench/ocr.bench.ts [rounds]`. Prints one JSON line:
//   job_s_per_page      our path, from the upload (text-layer check, blob + rows + queued job) through the
//                       worker (lease, ocrmypdf child, hOCR confidence, DPI, text re-read in the untrusted
//                       pool, OCR-tolerant extraction, derived file committed) to the job being done
//   ocrmypdf_s_per_page `ocrmypdf` alone with the same options on the same file, in the same run
//   ratio               job / ocrmypdf (issue 14's goal: within 1.2×: our overhead is the queue, not the OCR)
// Rounds alternate the two so that load on the shared machine hits both alike.
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openDb } from "#db/client";
import { migrateDatabase } from "#db/migrate";
import { buildScanCase, scanCases } from "#tests/support/scan-corpus";
import { contextFor, makeUser, seedDirectory } from "#tests/support/factories";
import { prepareIncomingUpload } from "#app/features/incoming/index";
import { getIncomingOcrStatus } from "#app/features/incoming/index";
import { drainJobs } from "#app/platform/jobs/worker.server";
import { ocrmypdfArgs } from "#app/platform/ocr/ocr-runner.server";
import { closeUntrustedPool } from "#app/platform/untrusted/pool.server";

const rounds = Number(process.argv[2] ?? 2);
const dataDir = mkdtempSync(join(tmpdir(), "ocr-bench-"));
const db = openDb(join(dataDir, "app.db"));
migrateDatabase(db);
const units = seedDirectory(db);
const clerk = await makeUser(db, dataDir, { username: "vanthu", unitId: units.get("Văn phòng UBND tỉnh")!, roles: ["clerk"] });
const ctx = contextFor(db, dataDir, clerk);
const cases = await Promise.all(
  scanCases()
    .filter((c) => !c.distortion.skewDegrees)
    .map((c) => buildScanCase(c)),
);

function ocrmypdfAlone(pdf: Uint8Array): number {
  const dir = mkdtempSync(join(tmpdir(), "ocr-bench-alone-"));
  try {
    const input = join(dir, "in.pdf");
    writeFileSync(input, pdf);
    writeFileSync(join(dir, "hocr.cfg"), "tessedit_create_hocr 1\n");
    const started = performance.now();
    execFileSync(
      "ocrmypdf",
      ocrmypdfArgs(input, join(dir, "out.pdf"), { sidecar: join(dir, "out.txt"), configFile: join(dir, "hocr.cfg"), isImage: false, deskew: false }),
      {
        env: { ...process.env, TMPDIR: dir, OMP_THREAD_LIMIT: "1" },
        stdio: "ignore",
      },
    );
    return (performance.now() - started) / 1000;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function ourJob(pdf: Uint8Array, name: string): Promise<number> {
  const started = performance.now();
  const upload = await prepareIncomingUpload(ctx, { bytes: pdf, originalName: name });
  await drainJobs({ db, dataDir });
  const seconds = (performance.now() - started) / 1000;
  const status = getIncomingOcrStatus(ctx, upload.fileId);
  if (status.state !== "done") throw new Error(`${name}: OCR ${status.state} ${status.error}`);
  return seconds;
}

let pages = 0;
let job = 0;
let alone = 0;
const perCase: Record<string, { pages: number; job_s: number[]; ocrmypdf_s: number[] }> = {};
for (let round = 0; round < rounds; round++) {
  for (const c of cases) {
    const pageCount = Number(/Pages:\s+(\d+)/.exec(execFileSync("pdfinfo", ["-"], { input: c.pdf }).toString())?.[1] ?? 1);
    const entry = (perCase[c.id] ??= { pages: pageCount, job_s: [], ocrmypdf_s: [] });
    const first = round % 2 === 0;
    const a = first ? ocrmypdfAlone(c.pdf) : 0;
    const j = await ourJob(c.pdf, `${c.id}-${round}.pdf`);
    const b = first ? a : ocrmypdfAlone(c.pdf);
    entry.job_s.push(Math.round(j * 100) / 100);
    entry.ocrmypdf_s.push(Math.round(b * 100) / 100);
    pages += pageCount;
    job += j;
    alone += b;
  }
}
console.log(
  JSON.stringify({
    bench: "ocr",
    rounds,
    pages,
    job_s_per_page: Math.round((job / pages) * 100) / 100,
    ocrmypdf_s_per_page: Math.round((alone / pages) * 100) / 100,
    ratio: Math.round((job / alone) * 100) / 100,
    cases: perCase,
  }),
);
await closeUntrustedPool();
db.$client.close();
rmSync(dataDir, { recursive: true, force: true });
process.exit(0);
