import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { eq, ne } from "drizzle-orm";
import { auditEvents, incomingDocuments, organizations } from "#db/schema/index";
import { createTestDb, type TestDb } from "#tests/support/test-db";
import { contextFor, makeUser, seedDirectory } from "#tests/support/factories";
import { assertTools } from "#tests/support/tools";
import { assertRendersText } from "#tests/support/render-check";
import { buildScanCase, pageImages, scanCases, scanPdf, type ScanCase } from "#tests/support/scan-corpus";
import { samplePdf, KH_172_SPEC } from "#tests/support/incoming-fixtures";
import type { Actor } from "#app/platform/auth/actor";
import { prepareIncomingUpload, registerIncomingDocument, type IncomingUploadResult } from "#app/features/incoming/index";
import { getIncomingOcrStatus, ocrFieldsFromText, type OcrStatus } from "#app/features/incoming/index";
import { listIncomingDocuments } from "#app/features/incoming/index";
import { getFileRow, readStoredFile } from "#app/platform/files/files.server";
import { drainJobs } from "#app/platform/jobs/worker.server";
import { readPdfText } from "#app/platform/pdf-text/pdf-text.server";

let t: TestDb;
let clerk: Actor;
let otherClerk: Actor;
const ctx = (actor: Actor) => contextFor(t.db, t.dataDir, actor);
type Done = ScanCase & { pdf: Uint8Array; upload: IncomingUploadResult; status: OcrStatus };
const done = new Map<string, Done>();
let earlyDocId = 0;

const HEADER_KEYS = ["numberSymbol", "docTypeCode", "issuedDate", "issuerName", "summary", "signerName", "signerTitle"] as const;
/** Case, spacing and punctuation at the ends do not count; letters and diacritics do. */
const norm = (s: string) =>
  s
    .normalize("NFC")
    .toLowerCase()
    .replace(/\s+/g, " ")
    .replace(/^[\s.,;:'"‘’]+|[\s.,;:'"‘’]+$/g, "");

beforeAll(async () => {
  assertTools("ocrmypdf", "tesseract", "pdftoppm", "pdfimages", "convert", "prlimit");
  t = createTestDb();
  const units = seedDirectory(t.db);
  clerk = await makeUser(t.db, t.dataDir, { username: "vanthu", unitId: units.get("Văn phòng UBND tỉnh")!, roles: ["clerk"] });
  otherClerk = await makeUser(t.db, t.dataDir, { username: "vanthu2", unitId: units.get("Văn phòng UBND tỉnh")!, roles: ["clerk"] });
  const cases = await Promise.all(scanCases().map((c) => buildScanCase(c)));
  const uploads: { c: (typeof cases)[number]; upload: IncomingUploadResult }[] = [];
  for (const c of cases) {
    const upload = await prepareIncomingUpload(ctx(clerk), { bytes: c.pdf, originalName: `${c.id}.pdf` });
    uploads.push({ c, upload });
  }
  // The clerk registers the first scan at once, before any OCR ran, typing the required fields only.
  const first = uploads[0];
  const early = await registerIncomingDocument(ctx(clerk), {
    fileId: first.upload.fileId,
    channel: "postal",
    receivedAt: new Date(),
    numberSymbol: "172/KH-UBND",
    docTypeCode: "KH",
    issuedDate: null,
    issuerName: "Ủy ban nhân dân tỉnh Cà Mau",
    summary: "Kế hoạch vận hành thử nghiệm (văn thư nhập tay)",
    urgency: "normal",
    confidentiality: "normal",
  });
  earlyDocId = early.id;
  // Two workers, as two server processes would run: the lease keeps each job to one of them.
  const options = { db: t.db, dataDir: t.dataDir };
  await Promise.all([drainJobs(options), drainJobs(options)]);
  for (const { c, upload } of uploads) done.set(c.id, { ...c, upload, status: getIncomingOcrStatus(ctx(clerk), upload.fileId) });
}, 600_000);
afterAll(() => t?.cleanup());

describe("OCR of scans on registration", () => {
  test("the upload returns at once with the OCR queued; every job ends done", () => {
    for (const d of done.values()) {
      expect(d.upload.hasTextLayer, d.id).toBe(false);
      expect(d.upload.ocrPending, d.id).toBe(true);
      expect(d.status.state, `${d.id}: ${d.status.error}`).toBe("done");
      expect(d.status.lowConfidenceFields, d.id).toEqual(expect.arrayContaining([...HEADER_KEYS]));
    }
  });

  test("header fields are right in at least 80% of cases at 300 dpi", () => {
    const rows: Record<string, Record<string, string>> = {};
    let right = 0;
    let total = 0;
    for (const d of [...done.values()].filter((x) => x.dpi === 300)) {
      rows[d.id] = {};
      for (const key of HEADER_KEYS) {
        const got = d.status.fields?.[key] ?? "";
        const ok = norm(got) === norm(d.expected[key]);
        total++;
        if (ok) right++;
        else rows[d.id][key] = `${got} ≠ ${d.expected[key]}`;
      }
    }
    console.log(JSON.stringify({ ocrHeaderAccuracy300dpi: right / total, right, total, misses: rows }));
    expect(right / total).toBeGreaterThanOrEqual(0.8);
  });

  test("the OCR'd PDF is a derived file: it renders its text, and straight scans keep their page images byte for byte", () => {
    for (const d of done.values()) {
      const source = getFileRow(t.db, d.upload.fileId)!;
      expect(new Uint8Array(readStoredFile(t.dataDir, source))).toEqual(d.pdf); // the upload is kept as uploaded
      const derived = getFileRow(t.db, d.status.derivedFileId!)!;
      expect(derived.id).not.toBe(source.id);
      const ocrPdf = new Uint8Array(readStoredFile(t.dataDir, derived));
      // The render check OCRs page 1 again: bounded to the two 300 dpi cases without skew (a busy machine).
      if (d.dpi === 300 && !d.distortion.skewDegrees) assertRendersText(ocrPdf, d.id);
      // Straight scans never need the --deskew pass; any page not deskewed must keep its image.
      if (!d.distortion.skewDegrees)
        expect(
          d.status.pages.some((p) => p.deskewed),
          d.id,
        ).toBe(false);
      if (!d.status.pages.some((p) => p.deskewed)) {
        const before = pageImages(d.pdf);
        const after = pageImages(ocrPdf);
        expect(after.length, d.id).toBe(before.length);
        after.forEach((img, i) => {
          expect(img.equals(before[i]), `${d.id} page ${i + 1}`).toBe(true);
        });
      }
    }
  }, 300_000);

  test("the fields read from tesseract's hOCR are those a re-read of the searchable PDF's text layer gives (ADR 0015)", async () => {
    const issuers = t.db
      .select({ name: organizations.name })
      .from(organizations)
      .where(ne(organizations.kind, "unit"))
      .all()
      .map((o) => o.name);
    for (const d of done.values()) {
      const ocrPdf = new Uint8Array(readStoredFile(t.dataDir, getFileRow(t.db, d.status.derivedFileId!)!));
      const reread = ocrFieldsFromText(await readPdfText(ocrPdf), issuers);
      expect(d.status.fields, d.id).toEqual(reread.formFields);
      expect(d.status.extractedFields, d.id).toEqual(reread.extracted);
    }
  }, 120_000);

  test("the lean of each page is measured from the first pass's baselines: the 1.5° scan leans, the others are straight", () => {
    for (const d of done.values()) {
      const skew = d.status.pages[0].skewDegrees;
      expect(skew, d.id).not.toBeNull();
      if (d.distortion.skewDegrees) expect(Math.abs(skew!), d.id).toBeGreaterThan(1);
      else expect(Math.abs(skew!), d.id).toBeLessThan(0.5);
    }
  });

  test("a document registered before the OCR ended is completed afterwards; the clerk's fields are unchanged", () => {
    const doc = t.db.select().from(incomingDocuments).where(eq(incomingDocuments.id, earlyDocId)).get()!;
    expect(doc.summary).toBe("Kế hoạch vận hành thử nghiệm (văn thư nhập tay)");
    expect(doc.numberSymbol).toBe("172/KH-UBND");
    expect(doc.issuedDate).toBe("2025-06-15"); // empty on the form: filled from the OCR
    expect(doc.signerName).toBe("Lâm Văn Bi");
    expect(doc.needsReview).toBe(true);
    expect(doc.extractedText).toMatch(/Bộ Chính trị/);
    const audit = t.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.entityId, String(earlyDocId)))
      .all();
    expect(audit.map((a) => a.action)).toContain("incoming.ocr_completed");
  });

  test("search finds scanned documents by words of their body, accent-free", async () => {
    const early = listIncomingDocuments(ctx(clerk), { q: done.get("kh172-300")!.bodyWords });
    expect(early.items.map((i) => i.id)).toContain(earlyDocId);
    // Registered after the OCR: the OCR text is the document's search text from the start.
    const d = done.get("qdTanThanh-300-skew")!;
    const f = d.status.fields!;
    const registered = await registerIncomingDocument(ctx(clerk), {
      fileId: d.upload.fileId,
      channel: "postal",
      receivedAt: new Date(),
      numberSymbol: f.numberSymbol || "45/QĐ-UBND",
      docTypeCode: f.docTypeCode || "QĐ",
      issuedDate: f.issuedDate || null,
      issuerName: f.issuerName || "x",
      summary: f.summary || "x",
      urgency: "normal",
      confidentiality: "normal",
    });
    const found = listIncomingDocuments(ctx(clerk), { q: d.bodyWords });
    expect(found.items.map((i) => i.id)).toContain(registered.id);
    expect(listIncomingDocuments(ctx(clerk), { q: "khong co tu nay trong van ban" }).items).toHaveLength(0);
  });

  test("the progress of a scan is the uploader's: another clerk gets not found", () => {
    const d = done.get("kh172-300")!;
    expect(() => getIncomingOcrStatus(ctx(otherClerk), d.upload.fileId + 1000)).toThrow();
    const unregistered = done.get("cvSnv-200")!;
    expect(() => getIncomingOcrStatus(ctx(otherClerk), unregistered.upload.fileId)).toThrow(/Không tìm thấy/);
  });

  test("quality guard: per-page DPI is reported; a 100 dpi scan is flagged with the 300 dpi hint", async () => {
    expect(done.get("cvSnv-200")!.status.pages[0].dpi).toBe(200);
    expect(done.get("kh172-300")!.status.pages[0]).toMatchObject({ dpi: 300, isLowQuality: false });
    const upload = await prepareIncomingUpload(ctx(clerk), { bytes: await scanPdf(await samplePdf(KH_172_SPEC), 100), originalName: "mo.pdf" });
    await drainJobs({ db: t.db, dataDir: t.dataDir });
    const status = getIncomingOcrStatus(ctx(clerk), upload.fileId);
    expect(status.pages[0]).toMatchObject({ dpi: 100, isLowQuality: true });
    expect(status.pages[0].warning).toMatch(/Chất lượng bản quét thấp|chất lượng bản quét thấp/);
    expect(status.pages[0].warning).toMatch(/300 dpi/);
  }, 180_000);
});
