// OCR benchmark (not a timed test): `npx tsx tests/bench/ocr.bench.ts [rounds]`. Prints one JSON line:
//   job_s_per_page      our path, from the upload (text-layer check, blob + rows + queued job) through the
//                       worker (lease, ocrmypdf child, hOCR read for confidence, skew and the positioned
//                       words, DPI, OCR-tolerant extraction, derived file committed) to the job being done
//   ocrmypdf_s_per_page `ocrmypdf` alone with the same options on the same file, in the same run
//   ratio               job / ocrmypdf (issue 14's goal: within 1.2×: our overhead is the queue, not the OCR)
//   skewed              the same figures for the skewed scans, apart: the job may legitimately OCR them twice
//                       (a second pass with --deskew when a leaning page read poorly, ADR 0015), which ocrmypdf
//                       alone with the first pass's options does not; `deskewed` says whether that pass was kept.
// Rounds alternate the two so that load on the shared machine hits both alike. The first job of the run also
// starts the untrusted-file pool's child (once per server process, ~2.5 s; the upload's text-layer check).
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
import { HOCR_CONFIG, ocrmypdfArgs } from "#app/platform/ocr/ocr-runner.server";
import { closeUntrustedPool } from "#app/platform/untrusted/pool.server";

const rounds = Number(process.argv[2] ?? 2);
const dataDir = mkdtempSync(join(tmpdir(), "ocr-bench-"));
const db = openDb(join(dataDir, "app.db"));
migrateDatabase(db);
const units = seedDirectory(db);
const clerk = await makeUser(db, dataDir, { username: "vanthu", unitId: units.get("Văn phòng UBND tỉnh")!, roles: ["clerk"] });
const ctx = contextFor(db, dataDir, clerk);
const cases = await Promise.all(scanCases().map((c) => buildScanCase(c)));

function ocrmypdfAlone(pdf: Uint8Array): number {
  const dir = mkdtempSync(join(tmpdir(), "ocr-bench-alone-"));
  try {
    const input = join(dir, "in.pdf");
    writeFileSync(input, pdf);
    writeFileSync(join(dir, "hocr.cfg"), HOCR_CONFIG);
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

async function ourJob(pdf: Uint8Array, name: string): Promise<{ seconds: number; deskewed: boolean }> {
  const started = performance.now();
  const upload = await prepareIncomingUpload(ctx, { bytes: pdf, originalName: name });
  await drainJobs({ db, dataDir });
  const seconds = (performance.now() - started) / 1000;
  const status = getIncomingOcrStatus(ctx, upload.fileId);
  if (status.state !== "done") throw new Error(`${name}: OCR ${status.state} ${status.error}`);
  return { seconds, deskewed: status.pages.some((p) => p.deskewed) };
}

type Totals = {
  pages: number;
  job: number;
  alone: number;
  cases: Record<string, { pages: number; job_s: number[]; ocrmypdf_s: number[]; deskewed?: boolean }>;
};
const straight: Totals = { pages: 0, job: 0, alone: 0, cases: {} };
const skewed: Totals = { pages: 0, job: 0, alone: 0, cases: {} };
for (let round = 0; round < rounds; round++) {
  for (const c of cases) {
    const totals = c.distortion.skewDegrees ? skewed : straight;
    const pageCount = Number(/Pages:\s+(\d+)/.exec(execFileSync("pdfinfo", ["-"], { input: c.pdf }).toString())?.[1] ?? 1);
    const entry = (totals.cases[c.id] ??= { pages: pageCount, job_s: [], ocrmypdf_s: [] });
    const first = round % 2 === 0;
    const a = first ? ocrmypdfAlone(c.pdf) : 0;
    const j = await ourJob(c.pdf, `${c.id}-${round}.pdf`);
    const b = first ? a : ocrmypdfAlone(c.pdf);
    entry.job_s.push(Math.round(j.seconds * 100) / 100);
    entry.ocrmypdf_s.push(Math.round(b * 100) / 100);
    if (c.distortion.skewDegrees) entry.deskewed = j.deskewed;
    totals.pages += pageCount;
    totals.job += j.seconds;
    totals.alone += b;
  }
}
const figures = (t: Totals) => ({
  pages: t.pages,
  job_s_per_page: Math.round((t.job / t.pages) * 100) / 100,
  ocrmypdf_s_per_page: Math.round((t.alone / t.pages) * 100) / 100,
  ratio: Math.round((t.job / t.alone) * 100) / 100,
  cases: t.cases,
});
console.log(JSON.stringify({ bench: "ocr", rounds, ...figures(straight), skewed: figures(skewed) }));
await closeUntrustedPool();
db.$client.close();
rmSync(dataDir, { recursive: true, force: true });
process.exit(0);
