// What becomes of the searchable PDF made from a scan (issue 14): the document page's viewer and the ordinary
// download give it once the OCR is done, the scan as registered stays downloadable byte for byte (and is the file
// whose signatures are checked); and the job worker collects the derived files of scans nobody registered, after
// the grace period, never those of a registered document nor one whose OCR is still pending.
// Real ocrmypdf/tesseract on two one-page scans made from the product's own PDF, real job queue and worker.
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { eq } from "drizzle-orm";
import { fileDerivations, files } from "#db/schema/index";
import { createTestDb, type TestDb } from "#tests/support/test-db";
import { contextFor, makeUser, seedDirectory } from "#tests/support/factories";
import { assertTools } from "#tests/support/tools";
import { scanPdf } from "#tests/support/scan-corpus";
import { officialLetterSpec, samplePdf, KH_172_SPEC } from "#tests/support/incoming-fixtures";
import type { Actor } from "#app/platform/auth/actor";
import {
  getIncomingDocument,
  getIncomingOcrStatus,
  prepareIncomingUpload,
  readIncomingFile,
  registerIncomingDocument,
  type IncomingUploadResult,
} from "#app/features/incoming/index";
import { getFileRow, readStoredFile } from "#app/platform/files/files.server";
import { collectOrphanDerivations } from "#app/platform/files/files-gc.server";
import { drainJobs, startJobWorker } from "#app/platform/jobs/worker.server";
import { AppError } from "#app/utils/errors";

let t: TestDb;
let clerk: Actor;
let outsider: Actor;
const ctx = (actor: Actor) => contextFor(t.db, t.dataDir, actor);
let registeredScan: Uint8Array;
let registered: IncomingUploadResult;
let abandoned: IncomingUploadResult;
let documentId: number;
const DAY = 86_400_000;

function pdfText(bytes: Uint8Array): string {
  const dir = mkdtempSync(join(tmpdir(), "ocr-derived-"));
  try {
    writeFileSync(join(dir, "f.pdf"), bytes);
    return execFileSync("pdftotext", ["-layout", join(dir, "f.pdf"), "-"], { encoding: "utf8" });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const derivationOf = (fileId: number) => t.db.select().from(fileDerivations).where(eq(fileDerivations.sourceFileId, fileId)).get();
const blobExists = (sha256: string) => existsSync(join(t.dataDir, "files", sha256.slice(0, 2), sha256.slice(2, 4), sha256));

beforeAll(async () => {
  assertTools("ocrmypdf", "tesseract", "pdftoppm", "pdftotext");
  t = createTestDb();
  const units = seedDirectory(t.db);
  clerk = await makeUser(t.db, t.dataDir, { username: "vanthu", unitId: units.get("Văn phòng UBND tỉnh")!, roles: ["clerk"] });
  outsider = await makeUser(t.db, t.dataDir, { username: "vanthu.tt", unitId: units.get("Ủy ban nhân dân phường Tân Thành")!, roles: ["clerk"] });
  registeredScan = await scanPdf(await samplePdf(KH_172_SPEC), 300);
  const abandonedScan = await scanPdf(await samplePdf(officialLetterSpec(7)), 200);
  registered = await prepareIncomingUpload(ctx(clerk), { bytes: registeredScan, originalName: "scan-172.pdf" });
  abandoned = await prepareIncomingUpload(ctx(clerk), { bytes: abandonedScan, originalName: "scan-bo.pdf" });
  expect(registered).toMatchObject({ hasTextLayer: false, ocrPending: true });
  await drainJobs({ db: t.db, dataDir: t.dataDir });
  const status = getIncomingOcrStatus(ctx(clerk), registered.fileId);
  expect(status.state, status.error ?? "").toBe("done");
  const doc = await registerIncomingDocument(ctx(clerk), {
    fileId: registered.fileId,
    channel: "postal",
    receivedAt: new Date(),
    numberSymbol: status.fields!.numberSymbol || "172/KH-UBND",
    docTypeCode: "KH",
    issuedDate: status.fields!.issuedDate || null,
    issuerName: "Ủy ban nhân dân tỉnh Cà Mau",
    summary: status.fields!.summary || "Kế hoạch vận hành thử nghiệm",
    urgency: "normal",
    confidentiality: "normal",
  });
  documentId = doc.id;
}, 300_000);
afterAll(() => t?.cleanup());

describe("the searchable PDF in the viewer", () => {
  test("the viewer and the ordinary download give the OCR'd PDF; `original` gives the scan as registered", () => {
    const detail = getIncomingDocument(ctx(clerk), documentId);
    const derivation = derivationOf(registered.fileId)!;
    expect(detail.file).toMatchObject({ id: registered.fileId, searchable: { id: derivation.derivedFileId } });

    const shown = readIncomingFile(ctx(clerk), documentId);
    expect(shown.searchable).toBe(true);
    expect(shown.fileName).toBe(`${detail.numberSymbol.replace(/\//g, "-")}.pdf`);
    expect(new Uint8Array(shown.bytes)).toEqual(new Uint8Array(readStoredFile(t.dataDir, getFileRow(t.db, derivation.derivedFileId!)!)));
    // The text layer is there: the words of the document can be selected and searched in the viewer.
    expect(pdfText(new Uint8Array(shown.bytes))).toMatch(/KẾ HOẠCH|Kế hoạch/);

    const original = readIncomingFile(ctx(clerk), documentId, { original: true });
    expect(original.searchable).toBe(false);
    expect(original.fileName).toMatch(/-ban-quet-goc\.pdf$/);
    expect(new Uint8Array(original.bytes)).toEqual(registeredScan); // byte for byte, the record
    expect(pdfText(new Uint8Array(original.bytes)).trim()).toBe(""); // image only
  });

  test("forbidden: another organisation's clerk gets neither file", () => {
    expect(() => readIncomingFile(ctx(outsider), documentId)).toThrow(AppError);
    expect(() => readIncomingFile(ctx(outsider), documentId, { original: true })).toThrow(AppError);
  });
});

describe("orphan derived files", () => {
  test("the job worker collects the derivation of a scan nobody registered, after the grace period; the registered one stays", async () => {
    const kept = derivationOf(registered.fileId)!;
    const gone = derivationOf(abandoned.fileId)!;
    expect(gone.state).toBe("done");
    const goneFile = getFileRow(t.db, gone.derivedFileId!)!;
    expect(blobExists(goneFile.sha256)).toBe(true);

    // Within the grace period (a form left open over lunch): nothing is collected.
    expect(collectOrphanDerivations(t.db, t.dataDir, { now: new Date() })).toMatchObject({ derivationsRemoved: 0 });

    // Two days on, the worker — idle, no job due — runs the collector.
    const later = new Date(Date.now() + 2 * DAY);
    const stop = startJobWorker({ db: t.db, dataDir: t.dataDir, pollMs: 50, now: () => later });
    for (let i = 0; i < 100 && derivationOf(abandoned.fileId); i++) await new Promise((r) => setTimeout(r, 50));
    await stop();
    expect(derivationOf(abandoned.fileId)).toBeUndefined();
    expect(t.db.select().from(files).where(eq(files.id, goneFile.id)).get()).toBeUndefined();
    expect(blobExists(goneFile.sha256)).toBe(false);
    // The registered document's searchable PDF is untouched and still shown.
    expect(derivationOf(registered.fileId)).toEqual(kept);
    expect(readIncomingFile(ctx(clerk), documentId).searchable).toBe(true);
  }, 60_000);

  test("a derivation still pending (its OCR queued) is never collected", async () => {
    const pending = await prepareIncomingUpload(ctx(clerk), {
      bytes: await scanPdf(await samplePdf(officialLetterSpec(8)), 150),
      originalName: "scan-cho.pdf",
    });
    expect(derivationOf(pending.fileId)!.state).toBe("pending");
    expect(collectOrphanDerivations(t.db, t.dataDir, { now: new Date(Date.now() + 30 * DAY) })).toMatchObject({ derivationsRemoved: 0 });
    expect(derivationOf(pending.fileId)!.state).toBe("pending");
  }, 60_000);
});
