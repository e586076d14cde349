// Where the time of one OCR job goes (issue 14): `npx tsx tests/bench/ocr-profile.ts [rounds]`.
// For each scan of the corpus, times the whole job (upload → drained queue) and then each of its steps
// again one by one, the way the job does them: the upload's text-layer read in the untrusted pool, the
// ocrmypdf pass(es) under prlimit, the hOCR read (confidence, skew, positioned words) and pdfimages (DPI), the
// field extraction and the blob write; and, for comparison, the re-read of the output PDF in the pool that the
// job did before ADR 0015. Prints one JSON line per case (median seconds per step).
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ne } from "drizzle-orm";
import { openDb } from "#db/client";
import { migrateDatabase } from "#db/migrate";
import { organizations } from "#db/schema/index";
import { buildScanCase, scanCases } from "#tests/support/scan-corpus";
import { contextFor, makeUser, seedDirectory } from "#tests/support/factories";
import { getIncomingOcrStatus, ocrFieldsFromText, prepareIncomingUpload } from "#app/features/incoming/index";
import { writeBlob } from "#app/platform/files/files.server";
import { drainJobs } from "#app/platform/jobs/worker.server";
import { HOCR_CONFIG, ocrLimits, ocrmypdfArgs, pageDpis, readHocrPages } from "#app/platform/ocr/ocr-runner.server";
import { readPdfText } from "#app/platform/pdf-text/pdf-text.server";
import { closeUntrustedPool } from "#app/platform/untrusted/pool.server";
import { needsDeskewPass } from "#app/domain/incoming/ocr-quality";

const rounds = Number(process.argv[2] ?? 1);
const dataDir = mkdtempSync(join(tmpdir(), "ocr-profile-"));
const db = openDb(join(dataDir, "app.db"));
migrateDatabase(db);
const units = seedDirectory(db);
const clerk = await makeUser(db, dataDir, { username: "vanthu", unitId: units.get("Văn phòng UBND tỉnh")!, roles: ["clerk"] });
const ctx = contextFor(db, dataDir, clerk);
const issuers = db
  .select({ name: organizations.name })
  .from(organizations)
  .where(ne(organizations.kind, "unit"))
  .all()
  .map((o) => o.name);
const cases = await Promise.all(scanCases().map((c) => buildScanCase(c)));

const seconds = (t: number) => (performance.now() - t) / 1000;

/** One ocrmypdf pass as runOcr makes it (env + prlimit + the same arguments); returns its folder's results. */
function ocrPass(pdf: Uint8Array, pageCount: number, deskew: boolean, steps: Record<string, number>, prefix: string) {
  const dir = mkdtempSync(join(tmpdir(), "ocr-profile-pass-"));
  try {
    const input = join(dir, "input.pdf");
    const output = join(dir, "output.pdf");
    const sidecar = join(dir, "output.txt");
    const configFile = join(dir, "hocr.cfg");
    const work = join(dir, "work");
    writeFileSync(input, pdf);
    writeFileSync(configFile, HOCR_CONFIG);
    mkdirSync(work);
    const limits = ocrLimits();
    let t = performance.now();
    const r = spawnSync(
      "env",
      [
        `TMPDIR=${work}`,
        `OMP_THREAD_LIMIT=${limits.threads}`,
        "prlimit",
        `--as=${limits.maxMemoryMb * 1024 * 1024}`,
        "--",
        "ocrmypdf",
        ...ocrmypdfArgs(input, output, { sidecar, configFile, isImage: false, deskew }),
      ],
      { stdio: "ignore" },
    );
    if (r.status !== 0) throw new Error(`ocrmypdf ${r.status}`);
    steps[`${prefix}ocrmypdf`] = seconds(t);
    t = performance.now();
    const hocr = readdirSync(work).flatMap((f) => readHocrPages(join(work, f)));
    steps[`${prefix}hocr`] = seconds(t);
    t = performance.now();
    pageDpis(output, pageCount);
    steps[`${prefix}pdfimages`] = seconds(t);
    return { pdf: new Uint8Array(readFileSync(output)), hocr };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const all: Record<string, Record<string, number[]>> = {};
for (let round = 0; round < rounds; round++) {
  for (const c of cases) {
    const steps: Record<string, number> = {};
    let t = performance.now();
    const upload = await prepareIncomingUpload(ctx, { bytes: c.pdf, originalName: `${c.id}-${round}.pdf` });
    steps.upload_total = seconds(t);
    t = performance.now();
    await drainJobs({ db, dataDir });
    steps.job_total = seconds(t);
    const status = getIncomingOcrStatus(ctx, upload.fileId);
    if (status.state !== "done") throw new Error(`${c.id}: ${status.error}`);
    steps.deskewed = status.pages.some((p) => p.deskewed) ? 1 : 0;

    t = performance.now();
    await readPdfText(c.pdf);
    steps.upload_text_check = seconds(t);
    const first = ocrPass(c.pdf, upload.pageCount, false, steps, "pass1_");
    steps.pass1_min_confidence = Math.min(...first.hocr.map((p) => p.confidence));
    steps.pass1_max_skew_degrees = Math.max(...first.hocr.map((p) => Math.abs(p.skewDegrees ?? Number.NaN)));
    if (needsDeskewPass(first.hocr)) {
      const second = ocrPass(c.pdf, upload.pageCount, true, steps, "pass2_");
      steps.pass2_min_confidence = Math.min(...second.hocr.map((p) => p.confidence));
    }
    t = performance.now();
    ocrFieldsFromText({ pageCount: first.hocr.length, hasTextLayer: true, pages: first.hocr.map((p) => p.page), text: "", isTextTruncated: false }, issuers);
    steps.extract_fields = seconds(t);
    t = performance.now();
    await readPdfText(first.pdf);
    steps.reread_output_before_adr0014 = seconds(t);
    t = performance.now();
    writeBlob(dataDir, first.pdf);
    steps.write_blob = seconds(t);
    for (const [k, v] of Object.entries(steps)) ((all[c.id] ??= {})[k] ??= []).push(v);
  }
}
for (const [id, steps] of Object.entries(all))
  console.log(JSON.stringify({ case: id, ...Object.fromEntries(Object.entries(steps).map(([k, v]) => [k, Math.round(median(v) * 100) / 100])) }));
await closeUntrustedPool();
db.$client.close();
rmSync(dataDir, { recursive: true, force: true });
process.exit(0);
