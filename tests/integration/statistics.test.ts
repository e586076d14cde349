// Handling statistics (issue 16 §1, §6): a fixture with a known handling history, figures hand-computed per
// organisation, unit and person at two cut-offs; an edit after a cut-off does not change its figures; the
// current-state path and the journal path agree; the lists behind every number agree with the number.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { eq } from "drizzle-orm";
import { writeTransaction } from "#db/client";
import { files, outgoingDocuments } from "#db/schema/index";
import { createTestDb, type TestDb } from "#tests/support/test-db";
import { contextFor, makeUser, seedDirectory } from "#tests/support/factories";
import type { Actor } from "#app/platform/auth/actor";
import { appendAuditEvent } from "#app/platform/audit.server";
import { isPartition, INCOMING_CATEGORIES } from "#app/domain/statistics/handling";
import {
  completeIncomingDocument,
  correctIncomingRegistration,
  delegateIncomingAssignment,
  registerIncomingDocument,
  returnIncomingDocument,
  routeIncomingDocuments,
  type RegisterIncomingDocumentOptions,
} from "#app/features/incoming/index";
import { createOutgoingDraft, returnOutgoingDocument, submitOutgoingDocument } from "#app/features/outgoing/index";
import ExcelJS from "exceljs";
import {
  computeHandlingStatistics,
  computeHandlingStatisticsWithLists,
  computeIndicators,
  countIncomingByUnit,
  exportStatisticsXlsx,
  exportTrackingRegisterXlsx,
  getStatisticsView,
  getTrackingRegister,
} from "#app/features/statistics/index";
import { prepareIncomingUpload } from "#app/features/incoming/index";
import { sendReminder } from "#app/features/notifications/index";
import { samplePdf } from "#tests/support/incoming-fixtures";
import { plans, users } from "#db/schema/index";
import { generateReportSnapshot, getReportSnapshot, saveKpi } from "#app/features/plans/index";

let t: TestDb;
let clerk: Actor, officeLead: Actor, leader: Actor, tp: Actor, cv: Actor, cv2: Actor, plainSpecialist: Actor, ttLeader: Actor;
let kt: number, nc: number;
const ids: Record<string, number> = {};
const out: Record<string, number> = {};

/** 09:00 in Vietnam on a 2025 date. */
const at = (iso: string, hour = 9) => new Date(`${iso}T${String(hour - 7).padStart(2, "0")}:00:00Z`);
const ctx = (actor: Actor, iso: string, hour = 9) => contextFor(t.db, t.dataDir, actor, () => at(iso, hour));
const LATER = "2025-07-15";
const C1 = "2025-06-20";
const C2 = "2025-06-30";
const JUNE = { from: "2025-06-01", to: "2025-06-30" };

async function register(key: string, day: string, extra: Partial<RegisterIncomingDocumentOptions> = {}) {
  const r = await registerIncomingDocument(ctx(clerk, day), {
    channel: "postal",
    receivedAt: at(day, 8),
    numberSymbol: `${key}/SNV-CCHC`,
    docTypeCode: "CV",
    issuedDate: day,
    issuerName: "Sở Nội vụ",
    summary: `Văn bản ${key}`,
    urgency: "normal",
    confidentiality: "normal",
    submitForRouting: true,
    ...extra,
  });
  ids[key] = r.id;
  return r.id;
}

const route = (key: string, day: string, main: { userId: number } | { unitId: number }, deadline: string | null) =>
  routeIncomingDocuments(ctx(officeLead, day), { documents: [{ id: ids[key] }], main, deadline });

function issueDirectly(id: number, day: string, paper: boolean) {
  // Signing needs certificates and PDFs (covered by the outgoing chain test); here the issue facts and the
  // audit row the issue service writes are recorded as they would be.
  writeTransaction(t.db, (tx) => {
    const file = paper
      ? null
      : tx
          .insert(files)
          .values({ sha256: "0".repeat(64), size: 1, mimeType: "application/pdf", createdAt: at(day) })
          .returning()
          .get();
    tx.update(outgoingDocuments)
      .set({
        status: "issued",
        issuedAt: at(day),
        issuedDate: day,
        issuedFileId: file?.id ?? null,
        signingMethod: paper ? "paper" : "digital",
        signedBy: leader.id,
        signedAt: at(day),
      })
      .where(eq(outgoingDocuments.id, id))
      .run();
    appendAuditEvent(tx, {
      at: at(day),
      actorId: clerk.id,
      organizationId: clerk.organizationId,
      action: paper ? "outgoing.issue_paper" : "outgoing.issue",
      entityType: "outgoing_document",
      entityId: id,
      fromState: "signed",
      toState: "issued",
    });
  });
}

async function draft(key: string, author: Actor, day: string) {
  const { id } = await createOutgoingDraft(ctx(author, day), {
    docTypeCode: "CV",
    summary: `Dự thảo ${key}`,
    signerId: leader.id,
    signingAuthority: "TM.",
    urgency: "normal",
    confidentiality: "normal",
    internalRecipientIds: [ttLeader.organizationId],
    externalRecipients: [],
    source: "composed",
    body: "Nội dung./.",
  } as Parameters<typeof createOutgoingDraft>[1]);
  out[key] = id;
  return id;
}

beforeAll(async () => {
  t = createTestDb();
  const units = seedDirectory(t.db);
  const office = units.get("Văn phòng UBND tỉnh")!;
  kt = units.get("Văn phòng UBND tỉnh > Phòng Kinh tế")!;
  nc = units.get("Văn phòng UBND tỉnh > Phòng Nội chính")!;
  clerk = await makeUser(t.db, t.dataDir, { username: "vanthu", unitId: office, roles: ["clerk"] });
  officeLead = await makeUser(t.db, t.dataDir, { username: "cvp", unitId: office, roles: ["office_lead"] });
  leader = await makeUser(t.db, t.dataDir, { username: "ct", unitId: units.get("Ủy ban nhân dân tỉnh Cà Mau")!, roles: ["leader"] });
  tp = await makeUser(t.db, t.dataDir, { username: "tp", unitId: kt, roles: ["dept_lead"] });
  cv = await makeUser(t.db, t.dataDir, { username: "cv", unitId: kt, roles: ["specialist"] });
  cv2 = await makeUser(t.db, t.dataDir, { username: "cv2", unitId: nc, roles: ["specialist"] });
  plainSpecialist = await makeUser(t.db, t.dataDir, { username: "cv3", unitId: nc, roles: ["specialist"] });
  ttLeader = await makeUser(t.db, t.dataDir, { username: "ct.tt", unitId: units.get("Ủy ban nhân dân phường Tân Thành")!, roles: ["leader"] });

  // ---- Incoming, in time order (June 2025; 2/6 is a Monday).
  await register("I", "2025-05-30"); // received before the period
  // A arrives electronically with its PDF: the one document handled entirely in the system.
  const upload = await prepareIncomingUpload(ctx(clerk, "2025-06-02"), { bytes: await samplePdf(), originalName: "a.pdf" });
  await register("A", "2025-06-02", { channel: "electronic", fileId: upload.fileId });
  await register("B", "2025-06-02");
  route("A", "2025-06-03", { unitId: kt }, "2025-06-13");
  route("B", "2025-06-03", { userId: cv.id }, "2025-06-10");
  delegateIncomingAssignment(ctx(tp, "2025-06-04"), { documentId: ids.A, userId: cv.id });
  await register("C", "2025-06-05");
  await register("D", "2025-06-05", { channel: "electronic" });
  returnIncomingDocument(ctx(clerk, "2025-06-06"), { id: ids.C, reason: "Không thuộc thẩm quyền" });
  route("D", "2025-06-06", { userId: cv2.id }, "2025-06-18");
  await register("E", "2025-06-09");
  route("E", "2025-06-10", { unitId: kt }, "2025-06-27");
  // Đôn đốc: the office lead chases E (Phòng Kinh tế) before the first cut-off; the leader chases E and D (cv2,
  // Phòng Nội chính) after it.
  sendReminder(ctx(officeLead, "2025-06-11"), { entityType: "incoming_document", entityId: ids.E, level: "nhac_nho", note: "" });
  completeIncomingDocument(ctx(cv, "2025-06-10"), { id: ids.A, result: "Đã tham mưu" }); // deadline 13/6: on time
  completeIncomingDocument(ctx(cv, "2025-06-12"), { id: ids.B, result: "Đã tham mưu" }); // deadline 10/6: late
  await register("F", "2025-06-16");
  route("F", "2025-06-17", { userId: cv2.id }, null);
  await register("H", "2025-06-19", { handlingDeadline: "2025-06-24" }); // deadline set at registration
  // ---- cut-off C1 = 20/6
  await register("G", "2025-06-23");
  route("H", "2025-06-23", { userId: cv.id }, "2025-06-24");
  completeIncomingDocument(ctx(cv, "2025-06-24"), { id: ids.H, result: "Xong" }); // on time
  sendReminder(ctx(leader, "2025-06-24", 8), { entityType: "incoming_document", entityId: ids.D, level: "phe_binh", note: "Khẩn trương hoàn thành" });
  sendReminder(ctx(leader, "2025-06-24", 9), { entityType: "incoming_document", entityId: ids.E, level: "nhac_nho", note: "" });
  completeIncomingDocument(ctx(cv2, "2025-06-25"), { id: ids.D, result: "Xong" }); // deadline 18/6: late
  completeIncomingDocument(ctx(cv2, "2025-06-26"), { id: ids.F, result: "Xong" }); // no deadline
  // ---- cut-off C2 = 30/6; edits after it
  await register("J", "2025-07-01"); // received after the period
  const e = t.db.$client
    .prepare("select version, number_symbol, doc_type_code, issued_date, issuer_name, summary, urgency from incoming_documents where id = ?")
    .get(ids.E) as Record<string, string | number>;
  correctIncomingRegistration(ctx(clerk, "2025-07-02"), {
    id: ids.E,
    version: e.version as number,
    numberSymbol: e.number_symbol as string,
    docTypeCode: e.doc_type_code as string,
    issuedDate: e.issued_date as string,
    issuerName: e.issuer_name as string,
    summary: e.summary as string,
    urgency: "normal",
    handlingDeadline: "2025-07-31", // extended after the cut-off: E stays overdue as of 30/6
  });

  // ---- Signing certificates: the leader (who signs) and the unit head (who never does) hold one.
  writeTransaction(t.db, (tx) => {
    const cert = tx
      .insert(files)
      .values({ sha256: "1".repeat(64), size: 1, mimeType: "application/x-pkcs12", createdAt: at("2025-05-01") })
      .returning()
      .get();
    tx.update(users).set({ certificateFileId: cert.id }).where(eq(users.id, leader.id)).run();
    const cert2 = tx
      .insert(files)
      .values({ sha256: "2".repeat(64), size: 1, mimeType: "application/x-pkcs12", createdAt: at("2025-05-01") })
      .returning()
      .get();
    tx.update(users).set({ certificateFileId: cert2.id }).where(eq(users.id, tp.id)).run();
  });

  // ---- Outgoing
  await draft("O4", cv, "2025-05-28");
  submitOutgoingDocument(ctx(cv, "2025-05-29"), { documentId: out.O4 });
  issueDirectly(out.O4, "2025-06-02", false); // 4 days from submission
  await draft("O1", cv, "2025-06-03");
  submitOutgoingDocument(ctx(cv, "2025-06-04"), { documentId: out.O1 });
  returnOutgoingDocument(ctx(tp, "2025-06-05"), { documentId: out.O1, comment: "Sửa căn cứ" });
  submitOutgoingDocument(ctx(cv, "2025-06-06"), { documentId: out.O1 });
  issueDirectly(out.O1, "2025-06-10", false); // 6 days from the first submission
  await draft("O2", cv, "2025-06-12");
  submitOutgoingDocument(ctx(cv, "2025-06-12"), { documentId: out.O2 });
  issueDirectly(out.O2, "2025-06-16", true); // on paper, 4 days
  await draft("O3", cv2, "2025-06-24");
  const ncLead = await makeUser(t.db, t.dataDir, { username: "tp.nc", unitId: nc, roles: ["dept_lead"] });
  submitOutgoingDocument(ctx(cv2, "2025-06-25"), { documentId: out.O3 });
  returnOutgoingDocument(ctx(ncLead, "2025-06-26"), { documentId: out.O3, comment: "Bổ sung" });
}, 60_000);
afterAll(() => t.cleanup());

const stats = (actor: Actor, asOf: string, scope: { unitId?: number; userId?: number } = {}, today = LATER) =>
  computeHandlingStatistics(ctx(actor, today), { ...JUNE, asOf, ...scope });
const listed = (actor: Actor, asOf: string, scope: { unitId?: number; userId?: number } = {}, today = LATER) =>
  computeHandlingStatisticsWithLists(ctx(actor, today), { ...JUNE, asOf, ...scope });
const out_ = (key: string) => out[key];
const sorted = (keys: string[]) => keys.map((k) => ids[k]).sort((a, b) => a - b);

describe("incoming figures, hand-computed", () => {
  test("organisation as of 20/06: 7 received (G arrived later), every category as counted by hand", () => {
    const s = stats(leader, C1);
    expect(s.method).toBe("journal");
    expect(s.incoming).toEqual({
      received: 7,
      completedOnTime: 1,
      completedLate: 1,
      completedNoDeadline: 0,
      openInTime: 2,
      openOverdue: 1,
      openNoDeadline: 1,
      returned: 1,
    });
    expect(isPartition(s.incoming)).toBe(true);
  });

  test("organisation as of 30/06: D completed late, F without deadline, H on time; E overdue despite the later extension", () => {
    const s = stats(leader, C2);
    expect(s.incoming).toEqual({
      received: 8,
      completedOnTime: 2,
      completedLate: 2,
      completedNoDeadline: 1,
      openInTime: 0,
      openOverdue: 1,
      openNoDeadline: 1,
      returned: 1,
    });
  });

  test("the lists behind every number: which documents, not only how many", () => {
    const l = listed(leader, C1).lists.incoming;
    expect(l.received).toEqual(sorted(["A", "B", "C", "D", "E", "F", "H"]));
    expect(l.completedOnTime).toEqual(sorted(["A"]));
    expect(l.completedLate).toEqual(sorted(["B"]));
    expect(l.openInTime).toEqual(sorted(["E", "H"])); // H: the deadline set at registration, not yet routed
    expect(l.openOverdue).toEqual(sorted(["D"]));
    expect(l.openNoDeadline).toEqual(sorted(["F"]));
    expect(l.returned).toEqual(sorted(["C"]));
    const l2 = listed(leader, C2);
    expect(l2.lists.incoming.openOverdue).toEqual(sorted(["E"]));
    expect(l2.lists.incoming.completedLate).toEqual(sorted(["B", "D"]));
    expect(l2.lists.incoming.openNoDeadline).toEqual(sorted(["G"]));
    for (const c of [...INCOMING_CATEGORIES, "received"] as const) expect(l2.lists.incoming[c]).toHaveLength(l2.incoming[c]);
  });

  test("per unit: Phòng Kinh tế (unit assignment, delegation to cv) and Phòng Nội chính", () => {
    expect(stats(leader, C1, { unitId: kt }).incoming).toEqual({
      received: 3,
      completedOnTime: 1,
      completedLate: 1,
      completedNoDeadline: 0,
      openInTime: 1,
      openOverdue: 0,
      openNoDeadline: 0,
      returned: 0,
    });
    expect(stats(leader, C2, { unitId: kt }).incoming).toEqual({
      received: 4,
      completedOnTime: 2,
      completedLate: 1,
      completedNoDeadline: 0,
      openInTime: 0,
      openOverdue: 1,
      openNoDeadline: 0,
      returned: 0,
    });
    expect(stats(leader, C1, { unitId: nc }).incoming).toEqual({
      received: 2,
      completedOnTime: 0,
      completedLate: 0,
      completedNoDeadline: 0,
      openInTime: 0,
      openOverdue: 1,
      openNoDeadline: 1,
      returned: 0,
    });
    expect(stats(leader, C2, { unitId: nc }).incoming).toEqual({
      received: 2,
      completedOnTime: 0,
      completedLate: 1,
      completedNoDeadline: 1,
      openInTime: 0,
      openOverdue: 0,
      openNoDeadline: 0,
      returned: 0,
    });
  });

  test("per person: cv (A delegated to him, B, later H) and cv2 (D, F)", () => {
    expect(stats(leader, C1, { userId: cv.id }).incoming).toMatchObject({ received: 2, completedOnTime: 1, completedLate: 1 });
    expect(stats(leader, C2, { userId: cv.id }).incoming).toMatchObject({ received: 3, completedOnTime: 2, completedLate: 1 });
    expect(stats(leader, C1, { userId: cv2.id }).incoming).toMatchObject({ received: 2, openOverdue: 1, openNoDeadline: 1 });
    expect(stats(leader, C2, { userId: cv2.id }).incoming).toMatchObject({ received: 2, completedLate: 1, completedNoDeadline: 1 });
  });

  test("the per-unit GROUP BY gives the same counts as the facts", () => {
    const { total, byUnit } = countIncomingByUnit(ctx(leader, LATER), { ...JUNE, asOf: C2 });
    expect(total).toEqual(stats(leader, C2).incoming);
    expect(byUnit.get(kt)).toEqual(stats(leader, C2, { unitId: kt }).incoming);
    expect(byUnit.get(null)).toMatchObject({ received: 2, returned: 1, openNoDeadline: 1 });
  });

  test("the current-state path (cut-off today) agrees with the journal path", () => {
    // On 15/07 everything is current; computing "as of 15/07" both ways must agree.
    const current = computeHandlingStatisticsWithLists(ctx(leader, LATER), { ...JUNE, asOf: LATER });
    expect(current.method).toBe("current");
    const journal = computeHandlingStatisticsWithLists(ctx(leader, "2025-07-16"), { ...JUNE, asOf: LATER });
    expect(journal.method).toBe("journal");
    expect(journal.lists.incoming).toEqual(current.lists.incoming);
    // The SQL counts of the current path equal the lengths of its lists.
    for (const c of [...INCOMING_CATEGORIES, "received"] as const)
      expect(computeHandlingStatistics(ctx(leader, LATER), { ...JUNE, asOf: LATER }).incoming[c]).toBe(current.lists.incoming[c].length);
    // The outgoing figures aggregated in SQL (current path) equal the ones counted from the documents.
    expect(computeHandlingStatistics(ctx(leader, LATER), { ...JUNE, asOf: LATER }).outgoing).toEqual(current.outgoing);
    expect(current.outgoing).toMatchObject({ drafted: 3, issued: 3, averageDaysToIssue: 4.7 });
    // E's deadline is now 31/07: in time today, as the current row says.
    expect(current.lists.incoming.openInTime).toEqual(sorted(["E"]));
    for (const scope of [{ unitId: kt }, { userId: cv.id }, { unitId: nc }]) {
      expect(computeHandlingStatistics(ctx(leader, "2025-07-16"), { ...JUNE, asOf: LATER, ...scope }).incoming).toEqual(
        computeHandlingStatistics(ctx(leader, LATER), { ...JUNE, asOf: LATER, ...scope }).incoming,
      );
    }
  });
});

describe("outgoing figures, hand-computed", () => {
  test("organisation at both cut-offs", () => {
    expect(stats(leader, C1).outgoing).toEqual({ drafted: 2, issued: 3, issuedElectronic: 2, issuedPaper: 1, returnedForRevision: 1, averageDaysToIssue: 4.7 });
    expect(stats(leader, C2).outgoing).toEqual({ drafted: 3, issued: 3, issuedElectronic: 2, issuedPaper: 1, returnedForRevision: 2, averageDaysToIssue: 4.7 });
    const l = listed(leader, C2).lists.outgoing;
    expect(l.drafted).toEqual([out.O1, out.O2, out.O3]);
    expect(l.issuedPaper).toEqual([out.O2]);
    expect(l.returnedForRevision).toEqual([out.O1, out.O3]);
  });

  test("per unit and per person (the drafting unit, the drafter)", () => {
    expect(stats(leader, C2, { unitId: kt }).outgoing).toEqual({
      drafted: 2,
      issued: 3,
      issuedElectronic: 2,
      issuedPaper: 1,
      returnedForRevision: 1,
      averageDaysToIssue: 4.7,
    });
    expect(stats(leader, C2, { unitId: nc }).outgoing).toEqual({
      drafted: 1,
      issued: 0,
      issuedElectronic: 0,
      issuedPaper: 0,
      returnedForRevision: 1,
      averageDaysToIssue: null,
    });
    expect(stats(leader, C1, { userId: cv2.id }).outgoing).toMatchObject({ drafted: 0, returnedForRevision: 0 });
    expect(stats(leader, C2, { userId: cv.id }).outgoing).toMatchObject({ drafted: 2, issued: 3 });
  });
});

describe("e-government indicators, hand-counted (June 2025)", () => {
  test("each share with its numerator and denominator", () => {
    const r = computeIndicators(ctx(leader, LATER), JUNE);
    const by = Object.fromEntries(r.indicators.map((i) => [i.key, { n: i.numerator, d: i.denominator, text: i.rateText }]));
    expect(by).toEqual({
      incomingElectronic: { n: 2, d: 8, text: "25,00%" }, // A, D of A–H
      incomingPaper: { n: 6, d: 8, text: "75,00%" },
      outgoingElectronic: { n: 2, d: 3, text: "66,67%" }, // O4, O1 of O4, O1, O2 (paper)
      outgoingDigitallySigned: { n: 2, d: 3, text: "66,67%" },
      handledInSystem: { n: 1, d: 5, text: "20,00%" }, // completed in June: A, B, H, D, F; only A has its file and was routed
      certificatesInUse: { n: 1, d: 2, text: "50,00%" }, // the leader signed; the unit head holds an unused certificate
    });
  });

  test("organisation-wide only: a unit head and a specialist are refused", () => {
    expect(() => computeIndicators(ctx(tp, LATER), JUNE)).toThrow(expect.objectContaining({ code: "FORBIDDEN" }));
    expect(() => computeIndicators(ctx(plainSpecialist, LATER), JUNE)).toThrow(expect.objectContaining({ code: "FORBIDDEN" }));
  });
});

async function readXlsx(bytes: Uint8Array) {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer);
  return wb;
}

describe("the page's view, the tracking register and the XLSX exports", () => {
  test("the drill-down list under a number is exactly the documents counted; the breakdown sums to the total", () => {
    const v = getStatisticsView(ctx(leader, LATER), { ...JUNE, asOf: C1, show: "in:openOverdue" });
    expect(v.drill?.incoming?.map((r) => r.id)).toEqual(sorted(["D"]));
    expect(v.drill?.incoming?.[0]).toMatchObject({ numberSymbol: "D/SNV-CCHC", deadline: "2025-06-18", daysOverdue: 2, handler: "cv2" });
    expect(v.topOverdue.map((r) => r.id)).toEqual(sorted(["D"]));
    const sum = v.breakdown.rows.reduce((n, r) => n + r.counts.received, 0);
    expect(sum).toBe(v.stats.incoming.received);
    expect(v.onTime).toMatchObject({ numerator: 1, denominator: 3, text: "33,33%" }); // A / (A, B, D)
    expect(v.trend.map((r) => r.received)).toEqual([7]);
    // Đôn đốc per row, as of the cut-off: only the office lead's reminder on E (Phòng Kinh tế) precedes 20/6.
    const reminded = (view: typeof v) => Object.fromEntries(view.breakdown.rows.filter((r) => r.reminders > 0).map((r) => [r.label, r.reminders]));
    expect(reminded(v)).toEqual({ "Phòng Kinh tế": 1 });
    expect(reminded(getStatisticsView(ctx(leader, LATER), { ...JUNE, asOf: C2 }))).toEqual({ "Phòng Kinh tế": 2, "Phòng Nội chính": 1 });
    const out = getStatisticsView(ctx(leader, LATER), { ...JUNE, asOf: C2, show: "out:issued" });
    expect(out.drill?.outgoing?.map((r) => [r.id, r.daysToIssue])).toEqual([
      [out_("O4"), 4],
      [out_("O1"), 6],
      [out_("O2"), 4],
    ]);
    expect(() => getStatisticsView(ctx(leader, LATER), { ...JUNE, show: "in:bogus" })).toThrow(expect.objectContaining({ code: "VALIDATION" }));
  });

  test("Sổ theo dõi giải quyết văn bản đến: seven columns, progress as of the cut-off", () => {
    const reg = getTrackingRegister(ctx(leader, LATER), { ...JUNE, asOf: C2 });
    expect(reg.rows).toHaveLength(8);
    const e = reg.rows.find((r) => r.id === ids.E)!;
    expect(e).toMatchObject({ deadline: "2025-06-27", progress: "Đang xử lý quá hạn", recipient: "Phòng Kinh tế" });
    expect(e.document).toBe("Công văn số E/SNV-CCHC ngày 09/06/2025 của Sở Nội vụ");
    expect(reg.rows.find((r) => r.id === ids.B)!.progress).toBe("Hoàn thành quá hạn (ngày 12/06/2025)");
    expect(reg.rows.find((r) => r.id === ids.C)!.note).toBe("Trả lại: Không thuộc thẩm quyền");
  });

  test("the XLSX files open and hold the same figures", async () => {
    const wb = await readXlsx((await exportStatisticsXlsx(ctx(leader, LATER), { ...JUNE, asOf: C1, show: "in:openInTime" })).bytes);
    const summary = wb.getWorksheet("Tổng hợp")!;
    const cells = new Map<string, unknown>();
    summary.eachRow((row) => cells.set(String(row.getCell(1).value), row.getCell(2).value));
    expect(cells.get("Tiếp nhận trong kỳ")).toBe(7);
    expect(cells.get("Đang xử lý trong hạn")).toBe(2);
    expect(cells.get("Tỷ lệ đúng hạn")).toBe("33,33%");
    expect(cells.get("Số ngày bình quân từ trình đến phát hành")).toBe("4,7");
    const list = wb.getWorksheet("Danh sách")!;
    expect(list.getRow(5).getCell(3).value).toBe("E/SNV-CCHC");
    expect(list.getRow(6).getCell(3).value).toBe("H/SNV-CCHC");
    expect(wb.getWorksheet("Theo đơn vị")).toBeTruthy();
    const reg = await readXlsx((await exportTrackingRegisterXlsx(ctx(leader, LATER), { ...JUNE, asOf: C2 })).bytes);
    const ws = reg.getWorksheet("Sổ theo dõi giải quyết")!;
    expect(ws.getCell("A2").value).toBe("SỔ THEO DÕI GIẢI QUYẾT VĂN BẢN ĐẾN");
    expect(ws.getRow(5).getCell(5).value).toBe("Tiến độ giải quyết");
    expect(ws.getRow(6).getCell(7).value).toBe("(7)");
    const rows: unknown[][] = [];
    ws.eachRow((row, n) => n > 6 && rows.push([row.getCell(1).value, row.getCell(4).value, row.getCell(5).value]));
    expect(rows).toHaveLength(8);
    expect(rows).toContainEqual([expect.any(String), "27/06/2025", "Đang xử lý quá hạn"]);
  });
});

describe("a plan KPI bound to an indicator", () => {
  test("its result fills itself at the report cut-off and lands in the frozen snapshot", async () => {
    const manager = await makeUser(t.db, t.dataDir, { username: "snv", unitId: clerk.unitId, roles: ["plan_manager"] });
    const planId = writeTransaction(
      t.db,
      (tx) =>
        tx
          .insert(plans)
          .values({ organizationId: leader.organizationId, title: "Kế hoạch CCHC 2025", year: 2025, createdAt: at("2025-01-02"), updatedAt: at("2025-01-02") })
          .returning()
          .get().id,
    );
    saveKpi(ctx(manager, "2025-06-01"), {
      planId,
      content: "Tỷ lệ văn bản đến nhận qua mạng",
      targetText: "Tối thiểu 30%",
      indicatorKey: "incomingElectronic",
    });
    await expect(
      Promise.resolve().then(() => saveKpi(ctx(manager, "2025-06-01"), { planId, content: "x", targetText: "1", indicatorKey: "nope" })),
    ).rejects.toMatchObject({ code: "VALIDATION" });
    // H1 cut-off 14/06/2025: received since 1/1 — I, A, B, C, D, E; electronic A, D.
    const { snapshotId } = await generateReportSnapshot(ctx(manager, LATER), { planId, periodKey: "h1" });
    const kpi = getReportSnapshot(ctx(manager, LATER), snapshotId).figures.kpis[0];
    expect(kpi.result).toBe("33,33% (2/6)");
    // Mid-year the plan's KPI rules do not judge yet (no projection): the usual label.
    expect(kpi.evaluation).toBe("Chưa đánh giá");
  });
});

describe("who may see what", () => {
  test("a specialist without a statistics permission is refused", () => {
    expect(() => stats(plainSpecialist, C2)).toThrow(expect.objectContaining({ code: "FORBIDDEN" }));
  });

  test("a unit head sees only their unit: the default scope is the unit, wider is refused", () => {
    const s = stats(tp, C2);
    expect(s.scope).toMatchObject({ kind: "unit", unitId: kt });
    expect(s.incoming.received).toBe(4);
    expect(() => stats(tp, C2, { unitId: nc })).toThrow(expect.objectContaining({ code: "FORBIDDEN" }));
    expect(() => stats(tp, C2, { userId: cv2.id })).toThrow(expect.objectContaining({ code: "FORBIDDEN" }));
    expect(stats(tp, C2, { userId: cv.id }).incoming.received).toBe(3);
  });

  test("another organisation's units and people are refused; its own figures are its own", () => {
    expect(() => stats(ttLeader, C2, { unitId: kt })).toThrow(expect.objectContaining({ code: "VALIDATION" }));
    expect(() => stats(ttLeader, C2, { userId: cv.id })).toThrow(expect.objectContaining({ code: "VALIDATION" }));
    expect(stats(ttLeader, C2).incoming.received).toBe(0);
  });

  test("a bad period is a validation error", () => {
    expect(() => computeHandlingStatistics(ctx(leader, LATER), { from: "2025-06-30", to: "2025-06-01" })).toThrow(
      expect.objectContaining({ code: "VALIDATION" }),
    );
  });
});
