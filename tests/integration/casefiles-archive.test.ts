// Issue 17, the archive side: correcting an open file's metadata, the retention review and the destruction
// decision, the daily reminder of files overdue for nộp lưu, the archive package as a streamed ZIP download (it
// unzips into a directory `casefile:verify` accepts), and task evidence (minh chứng) filed into a case file.
// Services and route modules against a fresh SQLite; every refusal is checked next to the way that works.
import { execFile, execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { CLI_ARGS } from "#tests/support/cli";

// Route modules read DATA_DIR through env.server: set it before the first import.
const dataDir = mkdtempSync(join(tmpdir(), "vpdt-casefiles-archive-"));
process.env.DATA_DIR = dataDir;

const { getDb } = await import("#app/db.server");
const { and, eq, sql } = await import("drizzle-orm");
const schema = await import("#db/schema/index");
const { seedDirectory, makeUser, contextFor } = await import("#tests/support/factories");
const { samplePdf, officialLetterSpec } = await import("#tests/support/incoming-fixtures");
const { responseOf, sessionCookie, TEST_ORIGIN } = await import("#tests/support/route-calls");
const { verifyAuditChain } = await import("#app/platform/audit.server");
const { formatDateVi, toVietnamDate } = await import("#app/domain/shared/dates");
const { prepareIncomingUpload, registerIncomingDocument } = await import("#app/features/incoming/index");
const { attachEvidenceFile, attachEvidenceReference, removeEvidence } = await import("#app/features/plans/index");
const { computeDailyNotifications, listNotifications } = await import("#app/features/notifications/index");
const cf = await import("#app/features/casefiles/index");
const fileRoute = await import("#app/routes/case-files.$fileId");
const retentionRoute = await import("#app/routes/case-files.retention");
const zipRoute = await import("#app/routes/resources.case-files.$fileId.package[.]zip");

type Actor = Awaited<ReturnType<typeof makeUser>>;
const db = getDb();
let clerk: Actor, specialist: Actor, otherUnitSpecialist: Actor, leader: Actor, admin: Actor, ttClerk: Actor;
const cookies: Record<string, string> = {};
const at = (iso: string) => new Date(`${iso}T03:00:00Z`);
const NOW = at("2026-06-16");
const ctx = (actor: Actor, now = NOW) => contextFor(db, dataDir, actor, () => now);

const auditCount = (action: string, entityId?: number) =>
  db
    .select({ n: sql<number>`count(*)` })
    .from(schema.auditEvents)
    .where(and(eq(schema.auditEvents.action, action), entityId === undefined ? undefined : eq(schema.auditEvents.entityId, String(entityId))))
    .get()!.n;

async function register(actor: Actor, options: { issuedDate: string; n: number; pdf?: boolean }) {
  // Registered on the day it arrived (the register's clock then), as the clerk did at the time.
  const then = ctx(actor, at(options.issuedDate));
  const upload = options.pdf
    ? await prepareIncomingUpload(then, { bytes: await samplePdf(officialLetterSpec(options.n)), originalName: `${options.n}.pdf` })
    : null;
  const doc = await registerIncomingDocument(then, {
    fileId: upload?.fileId,
    channel: "postal",
    receivedAt: at(options.issuedDate),
    numberSymbol: `${options.n}/SNV-VP`,
    docTypeCode: "CV",
    issuedDate: options.issuedDate,
    issuerName: "Sở Nội vụ",
    summary: `Công văn số ${options.n} về công tác văn thư, lưu trữ`,
    urgency: "normal",
    confidentiality: "normal",
    pageCount: upload?.pageCount ?? 1,
  });
  return doc.id;
}

/** An ad hoc file with the given documents, closed on `closedOn` (the matter ended long ago). */
function closedFile(actor: Actor, options: { code: string; retention: string; docs: number[]; closedOn: string; title?: string }) {
  const when = ctx(actor, at(options.closedOn));
  const opened = cf.openCaseFile(when, {
    year: Number(options.closedOn.slice(0, 4)) - 1,
    code: options.code,
    title: options.title ?? `Hồ sơ ${options.code}`,
    retention: options.retention,
  });
  cf.addDocumentsToCaseFile(when, { caseFileId: opened.id, documents: options.docs.map((documentId) => ({ kind: "incoming" as const, documentId })) });
  cf.closeCaseFile(when, { caseFileId: opened.id });
  return opened.id;
}

const get = (path: string, username: string) => new Request(`${TEST_ORIGIN}${path}`, { headers: { Cookie: cookies[username] } });
const post = (path: string, username: string, fields: Record<string, string | string[]>) => {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) for (const one of Array.isArray(v) ? v : [v]) form.append(k, one);
  return new Request(`${TEST_ORIGIN}${path}`, { method: "POST", body: form, headers: { Cookie: cookies[username], Origin: TEST_ORIGIN } });
};

let oldDocs: number[] = [];
let pdfDoc: number;

beforeAll(async () => {
  const units = seedDirectory(db);
  const office = units.get("Văn phòng UBND tỉnh")!;
  clerk = await makeUser(db, dataDir, { username: "vanthu", unitId: office, roles: ["clerk"], fullName: "Nguyễn Thị Văn Thư" });
  specialist = await makeUser(db, dataDir, {
    username: "cv",
    unitId: units.get("Văn phòng UBND tỉnh > Phòng Kinh tế")!,
    roles: ["specialist"],
    fullName: "Trần Văn Chuyên",
  });
  otherUnitSpecialist = await makeUser(db, dataDir, { username: "cv2", unitId: units.get("Văn phòng UBND tỉnh > Phòng Nội chính")!, roles: ["specialist"] });
  leader = await makeUser(db, dataDir, { username: "ct", unitId: units.get("Ủy ban nhân dân tỉnh Cà Mau")!, roles: ["leader"], fullName: "Lâm Văn Bi" });
  admin = await makeUser(db, dataDir, { username: "qt", unitId: office, roles: ["admin"] });
  ttClerk = await makeUser(db, dataDir, { username: "vt.tt", unitId: units.get("Ủy ban nhân dân phường Tân Thành > Văn phòng HĐND-UBND")!, roles: ["clerk"] });
  for (const u of ["vanthu", "cv", "cv2", "qt", "vt.tt"]) cookies[u] = await sessionCookie(u);
  oldDocs = [await register(clerk, { issuedDate: "2012-03-05", n: 11 }), await register(clerk, { issuedDate: "2012-10-22", n: 12 })];
  pdfDoc = await register(clerk, { issuedDate: "2025-05-06", n: 13, pdf: true });
}, 120_000);
afterAll(() => db.$client.close());

describe("correcting an open file's metadata", () => {
  test("title, access and note while open, retention of an ad hoc file; audited once with from → to", async () => {
    const opened = cf.openCaseFile(ctx(clerk), { year: 2026, code: "07.VT", title: "Hồ sơ tạm", retention: "10 năm" });
    const before = cf.getCaseFile(ctx(clerk), { id: opened.id });
    expect(before).toMatchObject({ canEditRetention: true, actions: expect.arrayContaining(["edit"]) });
    const r = cf.updateCaseFile(ctx(clerk), {
      caseFileId: opened.id,
      version: before.version,
      title: "Hồ sơ  phòng, chống thiên tai năm 2026",
      access: "restricted",
      note: "Gồm bản đồ ngập lụt",
      retention: "Vĩnh viễn",
    });
    expect(r.changed.sort()).toEqual(["access", "note", "retentionPermanent", "retentionYears", "title"]);
    expect(cf.getCaseFile(ctx(clerk), { id: opened.id })).toMatchObject({
      title: "Hồ sơ phòng, chống thiên tai năm 2026",
      access: "restricted",
      note: "Gồm bản đồ ngập lụt",
      retentionText: "Vĩnh viễn",
      reviewDate: null,
    });
    const row = db
      .select()
      .from(schema.auditEvents)
      .where(and(eq(schema.auditEvents.action, "casefile.edit"), eq(schema.auditEvents.entityId, String(opened.id))))
      .all();
    expect(row).toHaveLength(1);
    expect(JSON.parse(row[0].detail!)).toMatchObject({
      from: { title: "Hồ sơ tạm", access: "open", retentionYears: 10 },
      to: { access: "restricted", retentionPermanent: true },
    });
    // Nothing changed: nothing written. A stale form: refused.
    expect(cf.updateCaseFile(ctx(clerk), { caseFileId: opened.id, title: "Hồ sơ phòng, chống thiên tai năm 2026" }).changed).toEqual([]);
    expect(auditCount("casefile.edit", opened.id)).toBe(1);
    expect(() => cf.updateCaseFile(ctx(clerk), { caseFileId: opened.id, version: before.version, note: "x" })).toThrow(
      expect.objectContaining({ code: "CONFLICT" }),
    );
    // Validation: an empty title, an unreadable retention.
    expect(() => cf.updateCaseFile(ctx(clerk), { caseFileId: opened.id, title: "  " })).toThrow(
      expect.objectContaining({ code: "VALIDATION", fieldErrors: { title: "Nhập tiêu đề hồ sơ." } }),
    );
    expect(() => cf.updateCaseFile(ctx(clerk), { caseFileId: opened.id, retention: "mười năm" })).toThrow(expect.objectContaining({ code: "VALIDATION" }));
  });

  test("a file from the danh mục keeps the approved retention; other units and organisations are refused; closed files refuse edits", async () => {
    const csv =
      '"Số, ký hiệu hồ sơ",Tên đề mục và tiêu đề hồ sơ,Thời hạn bảo quản,Đơn vị/người lập hồ sơ,Ghi chú\n01.KT,Hồ sơ kinh tế năm 2026,20 năm,Phòng Kinh tế,\n';
    await cf.importCaseFileList(ctx(clerk), { year: 2026, bytes: new TextEncoder().encode(csv) });
    const listFile = cf.openCaseFile(ctx(specialist), { year: 2026, code: "01.KT" });
    expect(cf.getCaseFile(ctx(specialist), { id: listFile.id }).canEditRetention).toBe(false);
    expect(() => cf.updateCaseFile(ctx(specialist), { caseFileId: listFile.id, retention: "5 năm" })).toThrow(
      expect.objectContaining({ code: "VALIDATION", message: "Hồ sơ lập theo danh mục: thời hạn bảo quản theo danh mục hồ sơ đã duyệt, không sửa ở đây." }),
    );
    // The same retention typed again is not a change.
    expect(cf.updateCaseFile(ctx(specialist), { caseFileId: listFile.id, retention: "20 năm", note: "Theo KH 172" }).changed).toEqual(["note"]);
    expect(() => cf.updateCaseFile(ctx(otherUnitSpecialist), { caseFileId: listFile.id, title: "X" })).toThrow(expect.objectContaining({ code: "FORBIDDEN" }));
    expect(() => cf.updateCaseFile(ctx(ttClerk), { caseFileId: listFile.id, title: "X" })).toThrow(expect.objectContaining({ code: "NOT_FOUND" }));
    expect(() => cf.updateCaseFile(ctx(admin), { caseFileId: listFile.id, title: "X" })).toThrow(expect.objectContaining({ code: "FORBIDDEN" }));
    // The route: the form works while open; after closing the same post answers 409 with the reason.
    const detail = cf.getCaseFile(ctx(specialist), { id: listFile.id });
    const path = `/case-files/${listFile.id}`;
    const fields = { intent: "edit", version: String(detail.version), title: "Hồ sơ kinh tế, chuyển đổi số năm 2026", access: "open", note: "Theo KH 172" };
    const ok = await responseOf(() => fileRoute.action({ request: post(path, "cv", fields), params: { fileId: String(listFile.id) }, context: {} }));
    expect(ok.status).toBe(302);
    expect(ok.headers.get("Location")).toBe(`${path}?done=edit`);
    cf.addDocumentsToCaseFile(ctx(clerk), { caseFileId: listFile.id, documents: [{ kind: "incoming", documentId: pdfDoc }] });
    cf.closeCaseFile(ctx(clerk), { caseFileId: listFile.id });
    const closed = cf.getCaseFile(ctx(specialist), { id: listFile.id });
    const refused = await responseOf(() =>
      fileRoute.action({
        request: post(path, "cv", { ...fields, version: String(closed.version), note: "sau khi đóng" }),
        params: { fileId: String(listFile.id) },
        context: {},
      }),
    );
    expect(refused.status).toBe(409);
    expect((await refused.json()).formError).toBe("Hồ sơ đã kết thúc; không thay đổi được nội dung.");
    expect(cf.getCaseFile(ctx(specialist), { id: listFile.id }).note).toBe("Theo KH 172");
    // The other unit's specialist posting to the file page: refused by the service.
    const foreign = await responseOf(() =>
      fileRoute.action({ request: post(path, "cv2", { ...fields, version: String(closed.version) }), params: { fileId: String(listFile.id) }, context: {} }),
    );
    expect(foreign.status).toBe(403);
  });
});

describe("retention review and destruction decision", () => {
  let due: number, permanent: number, notDue: number, open: number, archived: number;

  beforeAll(async () => {
    // Matters ended in 2012: 5 years → review from 01/01/2018; permanent never; 50 years → 2063.
    due = closedFile(clerk, { code: "01.HC", retention: "5 năm", docs: oldDocs, closedOn: "2013-01-10", title: "Tập công văn hành chính năm 2012" });
    permanent = closedFile(clerk, { code: "02.HC", retention: "Vĩnh viễn", docs: oldDocs, closedOn: "2013-01-10" });
    notDue = closedFile(clerk, { code: "03.HC", retention: "50 năm", docs: oldDocs, closedOn: "2013-01-10" });
    archived = closedFile(clerk, { code: "04.HC", retention: "10 năm", docs: [oldDocs[0]], closedOn: "2013-01-10" });
    await cf.handOverCaseFiles(ctx(clerk, at("2013-06-03")), { caseFileIds: [archived, permanent] });
    open = cf.openCaseFile(ctx(clerk, at("2013-01-10")), { year: 2012, code: "05.HC", title: "Hồ sơ chưa kết thúc", retention: "5 năm" }).id;
    cf.addDocumentsToCaseFile(ctx(clerk, at("2013-01-10")), { caseFileId: open, documents: [{ kind: "incoming", documentId: oldDocs[0] }] });
  });

  test("the archive's list: closed and handed-over files past their retention, never permanent, never open, only its organisation", () => {
    const list = cf.listCaseFilesDueForReview(ctx(clerk));
    expect(list.map((f) => [f.fileNotation, f.status, f.reviewDate])).toEqual([
      ["01.HC", "closed", "2018-01-01"],
      ["04.HC", "handed_over", "2023-01-01"],
    ]);
    // As of an earlier date, the 10-year file is not due yet.
    expect(cf.listCaseFilesDueForReview(ctx(clerk), { today: "2022-12-31" }).map((f) => f.fileNotation)).toEqual(["01.HC"]);
    expect(cf.listCaseFilesDueForReview(ctx(ttClerk))).toEqual([]);
    for (const who of [specialist, leader, admin]) expect(() => cf.listCaseFilesDueForReview(ctx(who))).toThrow(expect.objectContaining({ code: "FORBIDDEN" }));
  });

  test("refused with the reason: permanent, not yet due, open, dates, fields, roles, organisations; a mixed batch records nothing", () => {
    const decision = {
      decisionNumber: "15/QĐ-UBND",
      decisionDate: "2026-06-10",
      signerName: "Lâm Văn Bi, Chủ tịch UBND tỉnh",
      basis: "Biên bản họp Hội đồng xác định giá trị tài liệu ngày 02/6/2026",
      reason: "Hết thời hạn bảo quản, không còn giá trị",
    };
    const refuse =
      (actor: Actor, ids: number[], overrides: Partial<typeof decision> = {}) =>
      () =>
        cf.destroyCaseFiles(ctx(actor), { caseFileIds: ids, ...decision, ...overrides });
    const code = (id: number) => cf.getCaseFile(ctx(clerk), { id }).fileCode;
    expect(refuse(clerk, [permanent])).toThrow(`Hồ sơ “${code(permanent)}” bảo quản vĩnh viễn; không bao giờ được hủy.`);
    expect(refuse(clerk, [notDue])).toThrow(`Hồ sơ “${code(notDue)}” chưa hết thời hạn bảo quản (xét hủy từ 01/01/2063).`);
    expect(refuse(clerk, [open])).toThrow(`Hồ sơ “${code(open)}” chưa kết thúc hoặc đã hủy.`);
    expect(refuse(clerk, [due], { decisionDate: "2026-06-17" })).toThrow("Ngày quyết định hủy không được sau ngày hôm nay.");
    expect(refuse(clerk, [due], { decisionDate: "2017-12-31" })).toThrow(/Ngày quyết định hủy phải từ 01\/01\/2018 trở đi/);
    expect(refuse(clerk, [due], { reason: " " })).toThrow(
      expect.objectContaining({ code: "VALIDATION", fieldErrors: { reason: "Nhập lý do hủy (hồ sơ hết giá trị)." } }),
    );
    expect(refuse(clerk, [due], { decisionNumber: "" })).toThrow(expect.objectContaining({ code: "VALIDATION" }));
    expect(refuse(clerk, [due], { decisionDate: "2026-02-30" })).toThrow(expect.objectContaining({ code: "VALIDATION" }));
    expect(refuse(clerk, [])).toThrow(expect.objectContaining({ code: "VALIDATION" }));
    expect(refuse(specialist, [due])).toThrow(expect.objectContaining({ code: "FORBIDDEN" }));
    expect(refuse(leader, [due])).toThrow(expect.objectContaining({ code: "FORBIDDEN" }));
    expect(refuse(ttClerk, [due])).toThrow(expect.objectContaining({ code: "NOT_FOUND" }));
    expect(refuse(clerk, [due, permanent])).toThrow(/vĩnh viễn/);
    expect(cf.getCaseFile(ctx(clerk), { id: due }).status).toBe("closed");
    expect(db.select().from(schema.caseFileDestructions).all()).toEqual([]);
    expect(auditCount("casefile.destroy")).toBe(0);
  });

  test("the decision is recorded: files destroyed, documents and trail kept, one decision row and audit rows in one transaction", () => {
    const documentsBefore = cf.getCaseFile(ctx(clerk), { id: due }).documents.map((d) => d.documentId);
    const r = cf.destroyCaseFiles(ctx(clerk), {
      caseFileIds: [archived, due],
      decisionNumber: "15/QĐ-UBND",
      decisionDate: "2026-06-10",
      signerName: "Lâm Văn Bi, Chủ tịch UBND tỉnh",
      basis: "Biên bản họp Hội đồng xác định giá trị tài liệu ngày 02/6/2026",
      reason: "Hết thời hạn bảo quản, không còn giá trị",
    });
    expect(r.files.map((f) => f.id).sort()).toEqual([due, archived].sort());
    const decision = db.select().from(schema.caseFileDestructions).where(eq(schema.caseFileDestructions.id, r.destructionId)).get()!;
    expect(decision).toMatchObject({
      organizationId: clerk.organizationId,
      decisionNumber: "15/QĐ-UBND",
      decisionDate: "2026-06-10",
      signerName: "Lâm Văn Bi, Chủ tịch UBND tỉnh",
      decidedBy: clerk.id,
      fileCount: 2,
    });
    const detail = cf.getCaseFile(ctx(clerk), { id: due });
    expect(detail).toMatchObject({
      status: "destroyed",
      statusLabel: "Đã hủy (có quyết định)",
      actions: [],
      destruction: { decisionNumber: "15/QĐ-UBND", recordedByName: "Nguyễn Thị Văn Thư" },
    });
    expect(detail.documents.map((d) => d.documentId)).toEqual(documentsBefore);
    expect(detail.trail.map((t) => t.action)).toEqual(expect.arrayContaining(["casefile.open", "casefile.close", "casefile.destroy"]));
    const rows = db.select().from(schema.auditEvents).where(eq(schema.auditEvents.action, "casefile.destroy")).all();
    expect(rows.map((e) => [Number(e.entityId), e.fromState, e.toState]).sort()).toEqual(
      [
        [due, "closed", "destroyed"],
        [archived, "handed_over", "destroyed"],
      ].sort(),
    );
    expect(auditCount("casefile_destruction.create", r.destructionId)).toBe(1);
    expect(verifyAuditChain(db).ok).toBe(true);
    // Nothing is deleted; a destroyed file is read-only and not destroyed twice; it leaves the list.
    expect(db.select().from(schema.caseFileDocuments).where(eq(schema.caseFileDocuments.caseFileId, due)).all()).toHaveLength(2);
    expect(() => cf.destroyCaseFiles(ctx(clerk), { caseFileIds: [due], decisionNumber: "16/QĐ-UBND", decisionDate: "2026-06-10", reason: "x" })).toThrow(
      /chưa kết thúc hoặc đã hủy/,
    );
    expect(() => cf.updateCaseFile(ctx(clerk), { caseFileId: due, note: "x" })).toThrow(/đã hủy theo quyết định/);
    expect(cf.listCaseFilesDueForReview(ctx(clerk))).toEqual([]);
    // The package of a destroyed file still exports, with the decision in its metadata.
    const out = mkdtempSync(join(tmpdir(), "casefile-destroyed-"));
    cf.exportCaseFilePackage(ctx(clerk), { caseFileId: due, outDir: join(out, "pkg") });
    const metadata = JSON.parse(readFileSync(join(out, "pkg", "metadata.json"), "utf8"));
    expect(metadata.file).toMatchObject({
      Status: "destroyed",
      Destruction: { DecisionNumber: "15/QĐ-UBND", DecisionDate: "2026-06-10", Reason: "Hết thời hạn bảo quản, không còn giá trị" },
    });
    expect(cf.verifyCaseFilePackage(join(out, "pkg")).ok).toBe(true);
  });

  test("the review page: the archive sees the list and records a decision; others get 404; a refused decision says why (409)", async () => {
    const late = closedFile(clerk, { code: "06.HC", retention: "5 năm", docs: oldDocs, closedOn: "2013-01-10", title: "Hồ sơ hội nghị năm 2012" });
    const page = await responseOf(() => retentionRoute.loader({ request: get("/case-files/retention", "vanthu"), params: {}, context: {} }));
    expect(page.status).toBe(200);
    expect((await page.json()).files.map((f: { id: number }) => f.id)).toEqual([late]);
    for (const who of ["cv", "qt"]) {
      expect((await responseOf(() => retentionRoute.loader({ request: get("/case-files/retention", who), params: {}, context: {} }))).status).toBe(404);
    }
    const fields = {
      intent: "destroy",
      ids: [String(late)],
      decisionNumber: "20/QĐ-UBND",
      decisionDate: formatDateVi(toVietnamDate(new Date())),
      signerName: "Lâm Văn Bi",
      basis: "",
      reason: "Hết thời hạn bảo quản",
    };
    const forbidden = await responseOf(() => retentionRoute.action({ request: post("/case-files/retention", "cv", fields), params: {}, context: {} }));
    expect(forbidden.status).toBe(404);
    const missing = await responseOf(() =>
      retentionRoute.action({ request: post("/case-files/retention", "vanthu", { ...fields, reason: "" }), params: {}, context: {} }),
    );
    expect(missing.status).toBe(400);
    expect((await missing.json()).fieldErrors.reason).toBe("Nhập lý do hủy (hồ sơ hết giá trị).");
    const permanentPost = await responseOf(() =>
      retentionRoute.action({
        request: post("/case-files/retention", "vanthu", { ...fields, ids: [String(late), String(permanent)] }),
        params: {},
        context: {},
      }),
    );
    expect(permanentPost.status).toBe(409);
    expect((await permanentPost.json()).formError).toMatch(/bảo quản vĩnh viễn; không bao giờ được hủy/);
    const done = await responseOf(() => retentionRoute.action({ request: post("/case-files/retention", "vanthu", fields), params: {}, context: {} }));
    expect(done.status).toBe(302);
    expect(done.headers.get("Location")).toBe("/case-files/retention?destroyed=1&decision=20%2FQ%C4%90-UBND");
    expect(cf.getCaseFile(ctx(clerk), { id: late }).status).toBe("destroyed");
    expect(cf.getCaseFile(ctx(clerk), { id: permanent }).status).toBe("handed_over");
  });
});

describe("reminder: closed more than a year ago and not handed over", () => {
  test("the archivists and the creator, once per threshold; never another organisation; stops when handed over", async () => {
    const doc = await register(clerk, { issuedDate: "2025-02-03", n: 21 });
    const when = ctx(clerk, at("2025-03-10"));
    const f = cf.openCaseFile(ctx(specialist, at("2025-03-10")), { year: 2025, code: "09.KT", title: "Hồ sơ hội nghị xúc tiến đầu tư", retention: "10 năm" });
    cf.addDocumentsToCaseFile(when, { caseFileId: f.id, documents: [{ kind: "incoming", documentId: doc }] });
    cf.closeCaseFile(when, { caseFileId: f.id });
    const mine = (actor: Actor) =>
      listNotifications(contextFor(db, dataDir, actor), { limit: 200 })
        .filter((n) => n.entityType === "case_file" && n.entityId === f.id)
        .map((n) => n.title);
    const run = (iso: string, hour = 3) =>
      computeDailyNotifications(db, { now: new Date(`${iso}T${String(hour).padStart(2, "0")}:00:00Z`), dueSoonWorkingDays: 2 });
    // Due 10/03/2026: nothing on the due day.
    run("2026-03-10");
    expect(mine(clerk)).toEqual([]);
    const first = run("2026-03-11");
    expect(first.caseFiles).toBeGreaterThanOrEqual(2);
    const title = `Hồ sơ ${f.fileCode} đã quá hạn nộp lưu 1 ngày (hạn 10/03/2026): đề nghị nộp lưu vào Lưu trữ cơ quan`;
    expect(mine(clerk)).toEqual([title]);
    expect(mine(specialist)).toEqual([title]);
    for (const u of [ttClerk, otherUnitSpecialist, leader, admin]) expect(mine(u)).toEqual([]);
    const link = listNotifications(contextFor(db, dataDir, specialist), { limit: 200 }).find((n) => n.entityId === f.id && n.entityType === "case_file")!.link;
    expect(link).toBe(`/case-files/${f.id}`);
    // The next days: the same threshold, nothing new; 30 days late: once more.
    run("2026-03-12");
    run("2026-04-08");
    expect(mine(clerk)).toHaveLength(1);
    run("2026-04-09");
    run("2026-04-09", 8);
    expect(mine(specialist)).toEqual([`Hồ sơ ${f.fileCode} đã quá hạn nộp lưu 30 ngày (hạn 10/03/2026): đề nghị nộp lưu vào Lưu trữ cơ quan`, title]);
    // Handed over: the 90-day threshold never comes.
    await cf.handOverCaseFiles(ctx(clerk, at("2026-04-20")), { caseFileIds: [f.id] });
    run("2026-06-09");
    expect(mine(clerk)).toHaveLength(2);
    // The page lists what is overdue today (the file is now handed over: none of this test's files).
    expect(cf.listFilesAwaitingHandover(ctx(clerk), { today: "2026-06-09" }).map((x) => x.id)).not.toContain(f.id);
  });
});

function walk(dir: string, root = dir): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    return statSync(full).isDirectory() ? walk(full, root) : [relative(root, full)];
  });
}

describe("the archive package as a ZIP download", () => {
  test("readers download it; unzipped it is the CLI export's directory and casefile:verify passes; tampering is named", async () => {
    const f = cf.openCaseFile(ctx(specialist), { year: 2026, code: "10.KT", title: "Hồ sơ chuyển đổi số", retention: "20 năm" });
    cf.addDocumentsToCaseFile(ctx(clerk), {
      caseFileId: f.id,
      documents: [
        { kind: "incoming", documentId: pdfDoc },
        { kind: "incoming", documentId: oldDocs[1] },
      ],
    });
    const params = { fileId: String(f.id) };
    const path = `/resources/case-files/${f.id}/package.zip`;
    // Open: nothing to package yet.
    expect((await responseOf(() => zipRoute.loader({ request: get(path, "cv"), params, context: {} }))).status).toBe(409);
    cf.closeCaseFile(ctx(specialist), { caseFileId: f.id });
    expect(cf.getCaseFile(ctx(otherUnitSpecialist), { id: f.id }).canExport).toBe(true);
    const before = auditCount("casefile.export", f.id);
    // Another unit's specialist reads the (open-access) file, so downloads its package.
    const response = await responseOf(() => zipRoute.loader({ request: get(path, "cv2"), params, context: {} }));
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Type")).toBe("application/zip");
    expect(response.headers.get("Content-Disposition")).toContain(`ho-so-${f.fileCode}.zip`);
    expect(response.headers.get("Cache-Control")).toBe("private, no-store");
    const zipPath = join(mkdtempSync(join(tmpdir(), "casefile-zip-")), "package.zip");
    writeFileSync(zipPath, new Uint8Array(await response.arrayBuffer()));
    expect(auditCount("casefile.export", f.id)).toBe(before + 1);
    const exportRow = db
      .select()
      .from(schema.auditEvents)
      .where(and(eq(schema.auditEvents.action, "casefile.export"), eq(schema.auditEvents.entityId, String(f.id))))
      .all()
      .at(-1)!;
    expect(exportRow.actorId).toBe(otherUnitSpecialist.id);
    expect(JSON.parse(exportRow.detail!)).toMatchObject({ format: "zip", parts: 4 });
    // Info-ZIP reads it without a warning and unpacks it.
    execFileSync("unzip", ["-tq", zipPath]);
    const unpacked = join(zipPath, "..", "unpacked");
    execFileSync("unzip", ["-q", zipPath, "-d", unpacked]);
    expect(cf.verifyCaseFilePackage(unpacked)).toMatchObject({ ok: true, fileCode: f.fileCode, problems: [] });
    // The same parts as the directory the CLI writes, the PDF byte for byte.
    const dir = join(zipPath, "..", "cli");
    cf.exportCaseFilePackage(ctx(clerk), { caseFileId: f.id, outDir: dir });
    expect(walk(unpacked).sort()).toEqual(walk(dir).sort());
    const pdf = walk(dir).find((p) => p.endsWith(".pdf"))!;
    expect(pdf).toBe(`documents/001-incoming-${pdfDoc}.pdf`);
    expect(readFileSync(join(unpacked, pdf)).equals(readFileSync(join(dir, pdf)))).toBe(true);
    // The real command, as the README tells the archivist.
    const cli = await promisify(execFile)(process.execPath, [...CLI_ARGS, "casefile:verify", unpacked], {
      env: { ...process.env, DATA_DIR: dataDir },
    });
    expect(JSON.parse(cli.stdout)).toEqual({ ok: true, fileCode: f.fileCode, parts: 4 });
    const bytes = readFileSync(join(unpacked, pdf));
    bytes[bytes.length - 20] ^= 0x01;
    writeFileSync(join(unpacked, pdf), bytes);
    expect(cf.verifyCaseFilePackage(unpacked).problems).toEqual([{ part: pdf, problem: "altered" }]);
  }, 120_000);

  test("refused: another organisation and a role without case files (404), a restricted file to another unit (404)", async () => {
    const f = cf.openCaseFile(ctx(specialist), { year: 2026, code: "11.KT", title: "Hồ sơ nhân sự", retention: "70 năm", access: "restricted" });
    cf.addDocumentsToCaseFile(ctx(clerk), { caseFileId: f.id, documents: [{ kind: "incoming", documentId: pdfDoc }] });
    cf.closeCaseFile(ctx(specialist), { caseFileId: f.id });
    const path = `/resources/case-files/${f.id}/package.zip`;
    const params = { fileId: String(f.id) };
    const before = auditCount("casefile.export", f.id);
    for (const who of ["vt.tt", "qt", "cv2"])
      expect((await responseOf(() => zipRoute.loader({ request: get(path, who), params, context: {} }))).status).toBe(404);
    expect(
      (
        await responseOf(() =>
          zipRoute.loader({ request: get("/resources/case-files/999999/package.zip", "vanthu"), params: { fileId: "999999" }, context: {} }),
        )
      ).status,
    ).toBe(404);
    expect(auditCount("casefile.export", f.id)).toBe(before);
    // The archive and the creator may.
    for (const who of ["vanthu", "cv"]) {
      const r = await responseOf(() => zipRoute.loader({ request: get(path, who), params, context: {} }));
      expect(r.status).toBe(200);
      await r.arrayBuffer();
    }
  });
});

describe("task evidence (minh chứng) filed into a case file", () => {
  test("the lead unit files its evidence: ordered with the documents, dated, exported with its file and the task's trail", async () => {
    const [plan] = db
      .insert(schema.plans)
      .values({ organizationId: leader.organizationId, year: 2026, title: "Kế hoạch CCHC năm 2026", createdAt: NOW, updatedAt: NOW } as never)
      .returning()
      .all();
    const [area] = db.insert(schema.planAreas).values({ planId: plan.id, code: "I", title: "Cải cách thủ tục hành chính", sortOrder: 1 }).returning().all();
    const [task] = db
      .insert(schema.planTasks)
      .values({
        planId: plan.id,
        areaId: area.id,
        sortOrder: 1,
        title: "Số hóa hồ sơ, kết quả giải quyết thủ tục hành chính",
        deadlineKind: "fixed_date",
        dueDate: "2026-11-30",
        leadUnitId: specialist.unitId,
        leadUnitText: "Phòng Kinh tế",
        createdAt: NOW,
        updatedAt: NOW,
      })
      .returning()
      .all();
    const evidencePdf = await attachEvidenceFile(ctx(specialist), {
      taskId: task.id,
      bytes: await samplePdf(officialLetterSpec(44, "Báo cáo kết quả số hóa hồ sơ thủ tục hành chính")),
      fileName: "bao-cao-so-hoa.pdf",
      title: "Báo cáo kết quả số hóa",
    });
    const reference = attachEvidenceReference(ctx(specialist), {
      taskId: task.id,
      documentNumber: "45/BC-KT",
      documentDate: "2026-05-20",
      title: "Báo cáo tiến độ số hóa",
    });
    const f = cf.openCaseFile(ctx(specialist), { year: 2026, code: "12.KT", title: "Hồ sơ số hóa thủ tục hành chính năm 2026", retention: "10 năm" });
    // The file page offers both pieces to the lead unit's specialist, none to another unit's.
    expect(cf.listEvidenceToFile(ctx(specialist), { caseFileId: f.id }).map((e) => e.documentId)).toEqual([reference, evidencePdf]);
    expect(cf.listEvidenceToFile(ctx(otherUnitSpecialist), { caseFileId: f.id })).toEqual([]);
    // Refused: someone who cannot see the task, another organisation, an unknown id.
    expect(() => cf.addDocumentsToCaseFile(ctx(otherUnitSpecialist), { caseFileId: f.id, documents: [{ kind: "evidence", documentId: evidencePdf }] })).toThrow(
      expect.objectContaining({ code: "FORBIDDEN" }),
    );
    const own = cf.openCaseFile(ctx(otherUnitSpecialist), { year: 2026, code: "13.NC", title: "Hồ sơ nội chính", retention: "10 năm" });
    expect(() =>
      cf.addDocumentsToCaseFile(ctx(otherUnitSpecialist), { caseFileId: own.id, documents: [{ kind: "evidence", documentId: evidencePdf }] }),
    ).toThrow(expect.objectContaining({ code: "NOT_FOUND" }));
    expect(() => cf.addDocumentsToCaseFile(ctx(specialist), { caseFileId: f.id, documents: [{ kind: "evidence", documentId: 987654 }] })).toThrow(
      expect.objectContaining({ code: "NOT_FOUND" }),
    );
    // Through the file page's form, with a registered document in the same batch.
    const response = await responseOf(() =>
      fileRoute.action({
        request: post(`/case-files/${f.id}`, "cv", { intent: "add", docs: [`evidence:${evidencePdf}`, `evidence:${reference}`] }),
        params: { fileId: String(f.id) },
        context: {},
      }),
    );
    expect(response.status).toBe(302);
    cf.addDocumentsToCaseFile(ctx(clerk), { caseFileId: f.id, documents: [{ kind: "incoming", documentId: pdfDoc }] });
    expect(() => cf.addDocumentsToCaseFile(ctx(specialist), { caseFileId: f.id, documents: [{ kind: "evidence", documentId: reference }] })).toThrow(
      expect.objectContaining({ code: "CONFLICT" }),
    );
    // Removed from the task later: the case file keeps it.
    removeEvidence(ctx(specialist), { taskId: task.id, evidenceId: reference });
    const detail = cf.getCaseFile(ctx(specialist), { id: f.id });
    expect(detail.documents.map((d) => [d.order, d.kind, d.numberSymbol, d.issuedDate, d.typeName])).toEqual([
      [1, "evidence", "", "2026-06-16", "Tài liệu kiểm chứng"],
      [2, "evidence", "45/BC-KT", "2026-05-20", "Tài liệu kiểm chứng"],
      [3, "incoming", "13/SNV-VP", "2025-05-06", "Công văn"],
    ]);
    expect(detail.documents[0]).toMatchObject({ summary: "Báo cáo kết quả số hóa", link: `/tasks/${task.id}` });
    expect(detail).toMatchObject({ startDate: "2025-05-06", endDate: "2026-06-16" });
    cf.closeCaseFile(ctx(specialist), { caseFileId: f.id });
    const out = join(mkdtempSync(join(tmpdir(), "casefile-evidence-")), "pkg");
    const pkg = cf.exportCaseFilePackage(ctx(specialist), { caseFileId: f.id, outDir: out });
    expect(pkg.parts).toBe(5); // the evidence PDF, the document's PDF, metadata, trail, README
    expect(existsSync(join(out, `documents/001-evidence-${evidencePdf}.pdf`))).toBe(true);
    const metadata = JSON.parse(readFileSync(join(out, "metadata.json"), "utf8"));
    expect(metadata.documents[0]).toMatchObject({
      Direction: "evidence",
      TypeName: "Tài liệu kiểm chứng",
      Subject: "Báo cáo kết quả số hóa",
      EvidenceOf: { TaskId: task.id, PlanTitle: "Kế hoạch CCHC năm 2026" },
    });
    expect(metadata.documents[1]).toMatchObject({ CodeNumber: "45", CodeNotation: "BC-KT", File: null });
    const trail = JSON.parse(readFileSync(join(out, "audit-trail.json"), "utf8"));
    expect(trail.events.map((e: { action: string }) => e.action)).toEqual(
      expect.arrayContaining(["task.evidence_file", "task.evidence_document", "task.evidence_remove", "incoming.register"]),
    );
    expect(cf.verifyCaseFilePackage(out).ok).toBe(true);
  });
});
