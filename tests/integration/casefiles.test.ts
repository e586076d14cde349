// Issue 17: danh mục hồ sơ, case files, export and verify (Decree 30 Chapter IV, Thông tư 01/2019/TT-BNV).
import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { and, eq, sql } from "drizzle-orm";
import { writeTransaction } from "#db/client";
import { auditEvents, caseFileDocuments, caseFiles, outgoingDocuments } from "#db/schema/index";
import { caseFilesVisibleTo, mayChangeCaseFile } from "#app/features/casefiles/access.server";
import { createTestDb, type TestDb } from "#tests/support/test-db";
import { contextFor, makeUser, seedDirectory } from "#tests/support/factories";
import { KH_172_SPEC, samplePdf } from "#tests/support/incoming-fixtures";
import { insertOutgoingRow } from "#tests/support/outgoing-rows";
import type { Actor } from "#app/platform/auth/actor";
import { verifyAuditChain } from "#app/platform/audit.server";
import { prepareIncomingUpload, registerIncomingDocument, type RegisterIncomingDocumentOptions } from "#app/features/incoming/index";
import {
  addDocumentsToCaseFile,
  approveCaseFileList,
  caseFilesForDocument,
  closeCaseFile,
  copyCaseFileList,
  exportCaseFilePackage,
  getCaseFile,
  getCaseFileList,
  importCaseFileList,
  listCaseFiles,
  openCaseFile,
  removeDocumentFromCaseFile,
  verifyCaseFilePackage,
  handOverCaseFiles,
} from "#app/features/casefiles/index";
import ExcelJS from "exceljs";
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { getFileRow, readStoredFile } from "#app/platform/files/files.server";

let t: TestDb;
let clerk: Actor, specialist: Actor, otherUnitSpecialist: Actor, leader: Actor, admin: Actor, ttClerk: Actor;
const NOW = new Date("2025-06-16T02:00:00Z");
const ctx = (actor: Actor, now = NOW) => contextFor(t.db, t.dataDir, actor, () => now);

// Phụ lục V columns, as an office would type them (a title block above, the column numbers row, headings).
const LIST_CSV = [
  "DANH MỤC HỒ SƠ CỦA ỦY BAN NHÂN DÂN TỈNH CÀ MAU NĂM 2025",
  "",
  '"Số, ký hiệu hồ sơ",Tên đề mục và tiêu đề hồ sơ,Thời hạn bảo quản,Đơn vị/người lập hồ sơ,Ghi chú',
  "(1),(2),(3),(4),(5)",
  ",I. TỔNG HỢP,,,",
  '01.TH,"Hồ sơ xây dựng, thực hiện Kế hoạch cải cách hành chính năm 2025",Vĩnh viễn,Phòng Kinh tế,',
  "02.TH,Tập công văn trao đổi về công tác văn thư năm 2025,10 năm,Văn thư,",
  ",II. KINH TẾ,,,",
  "01.KT,Hồ sơ triển khai chuyển đổi số năm 2025,20 năm,Phòng Kinh tế,Theo Kế hoạch 172/KH-UBND",
].join("\n");

function base(overrides: Partial<RegisterIncomingDocumentOptions> = {}): RegisterIncomingDocumentOptions {
  return {
    channel: "postal",
    receivedAt: NOW,
    numberSymbol: `${Math.floor(Math.random() * 1e6)}/SNV-CCHC`,
    docTypeCode: "CV",
    issuedDate: "2025-06-12",
    issuerName: "Sở Nội vụ",
    summary: "Đôn đốc triển khai chuyển đổi số",
    urgency: "normal",
    confidentiality: "normal",
    pageCount: 2,
    ...overrides,
  };
}

const docs: number[] = [];
let pdfDoc: number;
let specialistOutgoing: number;

beforeAll(async () => {
  t = createTestDb();
  const units = seedDirectory(t.db);
  const office = units.get("Văn phòng UBND tỉnh")!;
  const economy = units.get("Văn phòng UBND tỉnh > Phòng Kinh tế")!;
  clerk = await makeUser(t.db, t.dataDir, { username: "vanthu", unitId: office, roles: ["clerk"], fullName: "Nguyễn Thị Văn Thư" });
  specialist = await makeUser(t.db, t.dataDir, { username: "cv", unitId: economy, roles: ["specialist"], fullName: "Trần Văn Chuyên" });
  otherUnitSpecialist = await makeUser(t.db, t.dataDir, {
    username: "cv2",
    unitId: units.get("Văn phòng UBND tỉnh > Phòng Nội chính")!,
    roles: ["specialist"],
  });
  leader = await makeUser(t.db, t.dataDir, { username: "ct", unitId: units.get("Ủy ban nhân dân tỉnh Cà Mau")!, roles: ["leader"], fullName: "Lâm Văn Bi" });
  admin = await makeUser(t.db, t.dataDir, { username: "qt", unitId: office, roles: ["admin"] });
  ttClerk = await makeUser(t.db, t.dataDir, {
    username: "vt.tt",
    unitId: units.get("Ủy ban nhân dân phường Tân Thành > Văn phòng HĐND-UBND")!,
    roles: ["clerk"],
  });
  const upload = await prepareIncomingUpload(ctx(clerk), { bytes: await samplePdf(KH_172_SPEC), originalName: "172.pdf" });
  pdfDoc = (
    await registerIncomingDocument(
      ctx(clerk),
      base({
        fileId: upload.fileId,
        numberSymbol: "172/KH-UBND",
        docTypeCode: "KH",
        issuedDate: "2025-06-15",
        issuerName: "Ủy ban nhân dân tỉnh Cà Mau",
        summary: "Kế hoạch chuyển đổi số",
        pageCount: upload.pageCount ?? 1,
      }),
    )
  ).id;
  for (const [i, d] of ["2025-03-02", "2025-01-20", "2025-05-11", "2025-04-01"].entries()) {
    docs.push((await registerIncomingDocument(ctx(clerk), base({ issuedDate: d, summary: `Văn bản ${i + 1}` }))).id);
  }
  // The specialist drafted an issued outgoing document (the incoming register is not theirs to see).
  specialistOutgoing = insertOutgoingRow(t.db, specialist, "issued", NOW);
  writeTransaction(t.db, (tx) =>
    tx
      .update(outgoingDocuments)
      .set({ numberSymbol: "15/UBND-KT", issuedDate: "2025-06-10", pageCount: 3 })
      .where(eq(outgoingDocuments.id, specialistOutgoing))
      .run(),
  );
}, 60_000);
afterAll(() => t.cleanup());

const auditCount = (action: string) => t.db.select({ n: sql<number>`count(*)` }).from(auditEvents).where(eq(auditEvents.action, action)).get()!.n;

describe("danh mục hồ sơ", () => {
  test("the clerk imports the year's list from the Phụ lục V columns; headings kept, files counted", async () => {
    const r = await importCaseFileList(ctx(clerk), { year: 2025, bytes: new TextEncoder().encode(LIST_CSV), originalName: "danh-muc-2025.csv" });
    expect(r).toMatchObject({ year: 2025, entries: 3, headings: 2 });
    const list = getCaseFileList(ctx(clerk), { year: 2025 });
    expect(list.status).toBe("draft");
    expect(list.entries.map((e) => [e.code, e.isHeading, e.retentionText])).toEqual([
      ["", true, ""],
      ["01.TH", false, "Vĩnh viễn"],
      ["02.TH", false, "10 năm"],
      ["", true, ""],
      ["01.KT", false, "20 năm"],
    ]);
    expect(auditCount("casefile_list.import")).toBe(1);
  });

  test("a bad row is named, nothing is imported; wrong role refused", async () => {
    const bad = LIST_CSV.replace("20 năm", "hai mươi");
    await expect(importCaseFileList(ctx(clerk), { year: 2026, bytes: new TextEncoder().encode(bad) })).rejects.toThrow(/thời hạn bảo quản “hai mươi”/);
    expect(getCaseFileList(ctx(clerk), { year: 2026 }).status).toBe("none");
    await expect(importCaseFileList(ctx(specialist), { year: 2025, bytes: new TextEncoder().encode(LIST_CSV) })).rejects.toMatchObject({ code: "FORBIDDEN" });
  });

  test("only the leader approves (audited); an approved list no longer changes; copy to next year", async () => {
    expect(() => approveCaseFileList(ctx(clerk), { year: 2025 })).toThrow(expect.objectContaining({ code: "FORBIDDEN" }));
    approveCaseFileList(ctx(leader), { year: 2025 });
    const list = getCaseFileList(ctx(clerk), { year: 2025 });
    expect(list).toMatchObject({ status: "approved", approvedByName: "Lâm Văn Bi" });
    expect(auditCount("casefile_list.approve")).toBe(1);
    await expect(importCaseFileList(ctx(clerk), { year: 2025, bytes: new TextEncoder().encode(LIST_CSV) })).rejects.toMatchObject({ code: "INVALID_STATE" });
    const copy = copyCaseFileList(ctx(clerk), { fromYear: 2025, toYear: 2026 });
    expect(copy).toMatchObject({ year: 2026, entries: 3, headings: 2 });
    expect(getCaseFileList(ctx(clerk), { year: 2026 }).status).toBe("draft");
  });
});

describe("case files", () => {
  let fileId: number;
  let kt: number;

  test("opening from an entry gives FileCode = OrganId.Year.FileNotation; ad hoc files are flagged", () => {
    const opened = openCaseFile(ctx(clerk), { year: 2025, code: "02.th" });
    expect(opened).toEqual({ id: opened.id, fileCode: "000.00.00.H12.2025.02.TH", adHoc: false });
    fileId = opened.id;
    kt = openCaseFile(ctx(specialist), { year: 2025, code: "01.KT" }).id;
    expect(() => openCaseFile(ctx(clerk), { year: 2025, code: "02.TH" })).toThrow(expect.objectContaining({ code: "CONFLICT" }));
    expect(() => openCaseFile(ctx(clerk), { year: 2025, code: "99.XX" })).toThrow(expect.objectContaining({ code: "NOT_FOUND" }));
    const adHoc = openCaseFile(ctx(clerk), { year: 2025, code: "05.BS", title: "Hồ sơ phòng, chống thiên tai năm 2025", retention: "Vĩnh viễn" });
    expect(adHoc.adHoc).toBe(true);
    expect(getCaseFile(ctx(clerk), { id: adHoc.id })).toMatchObject({ adHoc: true, retentionText: "Vĩnh viễn" });
    expect(() => openCaseFile(ctx(admin), { year: 2025, code: "01.TH" })).toThrow(expect.objectContaining({ code: "FORBIDDEN" }));
  });

  test("the clerk files documents in bulk: order numbers 1..n, dates and pages derived, one audit row each", () => {
    const r = addDocumentsToCaseFile(ctx(clerk), { caseFileId: fileId, documents: docs.map((documentId) => ({ kind: "incoming" as const, documentId })) });
    expect(r.added.map((a) => a.order)).toEqual([1, 2, 3, 4]);
    const detail = getCaseFile(ctx(clerk), { id: fileId });
    expect(detail).toMatchObject({ startDate: "2025-01-20", endDate: "2025-05-11", documentCount: 4, pageCount: 8 });
    expect(detail.documents[0].documentCode).toBe("000.00.00.H12.2025.02.TH.001");
    expect(
      t.db
        .select({ n: sql<number>`count(*)` })
        .from(auditEvents)
        .where(and(eq(auditEvents.action, "casefile.add_document"), eq(auditEvents.entityId, String(fileId))))
        .get()!.n,
    ).toBe(4);
    // The same document twice: refused, nothing changes (the batch is all or nothing).
    expect(() =>
      addDocumentsToCaseFile(ctx(clerk), {
        caseFileId: fileId,
        documents: [
          { kind: "incoming", documentId: pdfDoc },
          { kind: "incoming", documentId: docs[0] },
        ],
      }),
    ).toThrow(expect.objectContaining({ code: "CONFLICT" }));
    expect(getCaseFile(ctx(clerk), { id: fileId }).documentCount).toBe(4);
  });

  test("removing one keeps the numbers dense; the next gets n+1; the rest keep their number", () => {
    removeDocumentFromCaseFile(ctx(clerk), { caseFileId: fileId, kind: "incoming", documentId: docs[1] });
    let orders = getCaseFile(ctx(clerk), { id: fileId }).documents.map((d) => [d.documentId, d.order]);
    expect(orders).toEqual([
      [docs[0], 1],
      [docs[2], 2],
      [docs[3], 3],
    ]);
    const r = addDocumentsToCaseFile(ctx(clerk), { caseFileId: fileId, documents: [{ kind: "incoming", documentId: pdfDoc }] });
    expect(r.added[0].order).toBe(4);
    orders = getCaseFile(ctx(clerk), { id: fileId }).documents.map((d) => [d.documentId, d.order]);
    expect(orders.map((o) => o[1])).toEqual([1, 2, 3, 4]);
  });

  test("one document in several files; the specialist files their own documents into their unit's file", () => {
    const r = addDocumentsToCaseFile(ctx(specialist), { caseFileId: kt, documents: [{ kind: "outgoing", documentId: specialistOutgoing }] });
    expect(r.added[0].order).toBe(1);
    const where = caseFilesForDocument(ctx(clerk), { kind: "incoming", documentId: pdfDoc });
    expect(where.containing.map((c) => c.id)).toEqual([fileId]);
    expect(where.targets.map((c) => c.id)).toContain(kt);
    addDocumentsToCaseFile(ctx(clerk), { caseFileId: kt, documents: [{ kind: "incoming", documentId: pdfDoc }] });
    expect(caseFilesForDocument(ctx(clerk), { kind: "incoming", documentId: pdfDoc }).containing.map((c) => [c.fileCode, c.order])).toEqual([
      ["000.00.00.H12.2025.01.KT", 2],
      ["000.00.00.H12.2025.02.TH", 4],
    ]);
    expect(getCaseFile(ctx(specialist), { id: kt })).toMatchObject({ documentCount: 2, startDate: "2025-06-10", endDate: "2025-06-15" });
  });

  test("refusals: another unit's specialist, another organisation (not found), a document the specialist cannot see", () => {
    expect(() =>
      addDocumentsToCaseFile(ctx(otherUnitSpecialist), { caseFileId: kt, documents: [{ kind: "outgoing", documentId: specialistOutgoing }] }),
    ).toThrow(expect.objectContaining({ code: "FORBIDDEN" }));
    expect(() => getCaseFile(ctx(ttClerk), { id: kt })).toThrow(expect.objectContaining({ code: "NOT_FOUND" }));
    expect(() => addDocumentsToCaseFile(ctx(ttClerk), { caseFileId: kt, documents: [{ kind: "incoming", documentId: docs[1] }] })).toThrow(
      expect.objectContaining({ code: "NOT_FOUND" }),
    );
    expect(listCaseFiles(ctx(ttClerk), { year: 2025 })).toEqual([]);
    // A document the specialist may not see (never routed to them) is not found for them.
    expect(() => addDocumentsToCaseFile(ctx(specialist), { caseFileId: kt, documents: [{ kind: "incoming", documentId: docs[3] }] })).toThrow(
      expect.objectContaining({ code: "NOT_FOUND" }),
    );
  });

  test("closing freezes the contents; the close is audited with the derived dates", () => {
    expect(() => closeCaseFile(ctx(otherUnitSpecialist), { caseFileId: fileId })).toThrow(expect.objectContaining({ code: "FORBIDDEN" }));
    const closed = closeCaseFile(ctx(clerk), { caseFileId: fileId });
    expect(closed).toMatchObject({ status: "closed", startDate: "2025-03-02", endDate: "2025-06-15", documentCount: 4 });
    expect(() => addDocumentsToCaseFile(ctx(clerk), { caseFileId: fileId, documents: [{ kind: "incoming", documentId: docs[1] }] })).toThrow(
      expect.objectContaining({ code: "INVALID_STATE" }),
    );
    expect(() => removeDocumentFromCaseFile(ctx(clerk), { caseFileId: fileId, kind: "incoming", documentId: docs[0] })).toThrow(
      expect.objectContaining({ code: "INVALID_STATE" }),
    );
    expect(() => closeCaseFile(ctx(clerk), { caseFileId: fileId })).toThrow(expect.objectContaining({ code: "INVALID_STATE" }));
    const row = t.db.select().from(caseFiles).where(eq(caseFiles.id, fileId)).get()!;
    expect(row.status).toBe("closed");
    expect(auditCount("casefile.close")).toBe(1);
    expect(verifyAuditChain(t.db).ok).toBe(true);
  });

  test("the export package holds the PDFs byte for byte, metadata and trail, and verifies; a tampered part is named", () => {
    const out = mkdtempSync(join(tmpdir(), "casefile-export-"));
    try {
      expect(() => exportCaseFilePackage(ctx(clerk), { caseFileId: kt, outDir: join(out, "open") })).toThrow(
        expect.objectContaining({ code: "INVALID_STATE" }),
      );
      const pkg = exportCaseFilePackage(ctx(clerk), { caseFileId: fileId, outDir: join(out, "pkg") });
      expect(pkg.parts).toBe(4); // one PDF (the other documents were registered without a file), metadata, trail, README
      const dir = join(out, "pkg");
      expect(verifyCaseFilePackage(dir)).toMatchObject({ ok: true, fileCode: "000.00.00.H12.2025.02.TH", problems: [] });
      const metadata = JSON.parse(readFileSync(join(dir, "metadata.json"), "utf8"));
      expect(metadata.file).toMatchObject({
        FileCode: "000.00.00.H12.2025.02.TH",
        OrganId: "000.00.00.H12",
        FileCatalog: 2025,
        FileNotation: "02.TH",
        Maintenance: "10 năm",
        DocTotal: 4,
      });
      const pdfEntry = metadata.documents.find((d: { DocumentId: number }) => d.DocumentId === pdfDoc);
      expect(pdfEntry).toMatchObject({ DocOrdinal: 4, CodeNumber: "172", CodeNotation: "KH-UBND", IssuedDate: "2025-06-15" });
      const pdf = readFileSync(join(dir, pdfEntry.File));
      expect(createHash("sha256").update(pdf).digest("hex")).toBe(pdfEntry.FileSha256);
      const trail = JSON.parse(readFileSync(join(dir, "audit-trail.json"), "utf8"));
      expect(trail.events.map((e: { action: string }) => e.action)).toEqual(
        expect.arrayContaining(["casefile.open", "casefile.add_document", "casefile.close", "incoming.register"]),
      );
      // Tamper: one byte of the PDF, delete the trail, add a stray file.
      pdf[pdf.length - 10] ^= 0x01;
      writeFileSync(join(dir, pdfEntry.File), pdf);
      unlinkSync(join(dir, "audit-trail.json"));
      writeFileSync(join(dir, "extra.txt"), "x");
      const bad = verifyCaseFilePackage(dir);
      expect(bad.ok).toBe(false);
      expect(bad.problems).toEqual(
        expect.arrayContaining([
          { part: pdfEntry.File, problem: "altered" },
          { part: "audit-trail.json", problem: "missing" },
          { part: "extra.txt", problem: "unlisted" },
        ]),
      );
      expect(auditCount("casefile.export")).toBe(1);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });

  test("nộp lưu: the archive receives the closed file; record and list as PDF (rendered) and XLSX (read back); read-only after", async () => {
    await expect(handOverCaseFiles(ctx(specialist), { caseFileIds: [fileId], delivererUserId: clerk.id })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(handOverCaseFiles(ctx(clerk), { caseFileIds: [kt], delivererUserId: specialist.id })).rejects.toMatchObject({ code: "INVALID_STATE" });
    const r = await handOverCaseFiles(ctx(clerk), { caseFileIds: [fileId], delivererUserId: specialist.id });
    expect(r.files).toBe(1);
    expect(getCaseFile(ctx(clerk), { id: fileId })).toMatchObject({ status: "handed_over", actions: [] });
    const out = mkdtempSync(join(tmpdir(), "casefile-handover-"));
    try {
      for (const [name, id] of [
        ["record", r.recordPdfFileId],
        ["list", r.listPdfFileId],
      ] as const) {
        const pdf = join(out, `${name}.pdf`);
        writeFileSync(pdf, readStoredFile(t.dataDir, getFileRow(t.db, id)!));
        execFileSync("pdftoppm", ["-png", "-r", "60", pdf, join(out, name)]);
        expect(existsSync(join(out, `${name}-1.png`))).toBe(true);
        const text = execFileSync("pdftotext", ["-layout", pdf, "-"]).toString();
        expect(text).toMatch(
          name === "record" ? /BIÊN BẢN GIAO NHẬN HỒ SƠ, TÀI LIỆU[\s\S]*Trần Văn Chuyên/ : /MỤC LỤC HỒ SƠ, TÀI LIỆU NỘP LƯU[\s\S]*02\.TH[\s\S]*10 năm/,
        );
      }
      if (process.env.CASEFILES_KEEP_RENDER) execFileSync("cp", [join(out, "record-1.png"), join(out, "list-1.png"), process.env.CASEFILES_KEEP_RENDER]);
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(readStoredFile(t.dataDir, getFileRow(t.db, r.listXlsxFileId)!) as unknown as ArrayBuffer);
      const values = wb.worksheets[0].getSheetValues().flat().map(String);
      expect(values).toEqual(expect.arrayContaining(["Số, ký hiệu hồ sơ", "02.TH", "10 năm", "Tập công văn trao đổi về công tác văn thư năm 2025"]));
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
    // Handed-over files refuse every change, also by the archive.
    expect(() => addDocumentsToCaseFile(ctx(clerk), { caseFileId: fileId, documents: [{ kind: "incoming", documentId: docs[1] }] })).toThrow(/đã nộp lưu/);
    expect(() => removeDocumentFromCaseFile(ctx(clerk), { caseFileId: fileId, kind: "incoming", documentId: docs[0] })).toThrow(/đã nộp lưu/);
    expect(() => closeCaseFile(ctx(clerk), { caseFileId: fileId })).toThrow(/đã nộp lưu/);
    await expect(handOverCaseFiles(ctx(clerk), { caseFileIds: [fileId], delivererUserId: specialist.id })).rejects.toMatchObject({ code: "INVALID_STATE" });
    expect(verifyAuditChain(t.db).ok).toBe(true);
  });
});

describe("a document's case files, prepared once per shape of the visibility rule", () => {
  test("each actor gets what the rule built for them gives, whatever order the actors ask in", () => {
    const expected = (actor: Actor) => {
      const containing = t.db
        .select({ id: caseFiles.id })
        .from(caseFileDocuments)
        .innerJoin(caseFiles, eq(caseFiles.id, caseFileDocuments.caseFileId))
        .where(and(eq(caseFileDocuments.kind, "incoming"), eq(caseFileDocuments.documentId, pdfDoc), caseFilesVisibleTo(actor)))
        .all()
        .map((r) => r.id)
        .sort();
      const open = t.db
        .select()
        .from(caseFiles)
        .where(and(caseFilesVisibleTo(actor), eq(caseFiles.status, "open")))
        .all();
      const canFile = actor.permissions.includes("manage:casefile");
      const targets = canFile
        ? open
            .filter((f) => !containing.includes(f.id) && mayChangeCaseFile(actor, f))
            .map((f) => f.id)
            .sort()
        : [];
      return { containing, targets };
    };
    const seen = new Set<string>();
    for (const actor of [clerk, specialist, otherUnitSpecialist, leader, ttClerk, admin, specialist, otherUnitSpecialist, clerk]) {
      const page = caseFilesForDocument(ctx(actor), { kind: "incoming", documentId: pdfDoc });
      const got = { containing: page.containing.map((c) => c.id).sort(), targets: page.targets.map((c) => c.id).sort() };
      expect(got, actor.username).toEqual(expected(actor));
      seen.add(JSON.stringify(got));
    }
    // The actors do not all see the same thing (otherwise this would not show that values are bound per call).
    expect(seen.size).toBeGreaterThan(1);
  });
});
