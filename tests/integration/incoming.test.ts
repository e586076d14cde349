import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { sql } from "drizzle-orm";
import { writeTransaction } from "#db/client";
import { incomingDocuments } from "#db/schema/index";
import { createTestDb, type TestDb } from "#tests/support/test-db";
import { contextFor, makeUser, seedDirectory } from "#tests/support/factories";
import { KH_172_SPEC, officialLetterSpec, samplePdf } from "#tests/support/incoming-fixtures";
import type { Actor } from "#app/platform/auth/actor";
import { verifyAuditChain } from "#app/platform/audit.server";
import { insertFileRow, writeBlob } from "#app/platform/files/files.server";
import {
  commentOnIncomingDocument,
  completeIncomingDocument,
  delegateIncomingAssignment,
  directIncomingDocument,
  forwardIncomingDocument,
  incomingDocumentsVisibleTo,
  markIncomingRead,
  prepareIncomingUpload,
  recordIncomingContribution,
  registerIncomingDocument,
  returnIncomingDocument,
  routeIncomingDocuments,
  submitIncomingForRouting,
  type RegisterIncomingDocumentOptions,
} from "#app/features/incoming/index";
import { deliverToIncomingQueue, linkReplyDocument, listDeliveryStatuses, markDeliveredDocumentsRecalled } from "#app/features/incoming/index";
import {
  countIncomingWork,
  getIncomingDocument,
  getIncomingRegisterBook,
  exportIncomingRegisterBookXlsx,
  listIncomingDocuments,
} from "#app/features/incoming/index";
import { composeScanLikePdf } from "#app/features/demo/sample-pdf.server";
import { insertOutgoingRow } from "#tests/support/outgoing-rows";
import { signPdf } from "#signing/index";
import { signingFixtures, SIGNING_TIME } from "#tests/support/signing-fixtures";

let t: TestDb;
let units: Map<string, number>;
let clerk: Actor, officeLead: Actor, leader: Actor, deptLead: Actor, specialist: Actor, otherSpecialist: Actor;
let ttClerk: Actor, ttOfficeLead: Actor, ttSpecialist: Actor;
let economyUnit: number;

const NOW = new Date("2025-06-16T02:00:00Z"); // Monday 16/06/2025 09:00 in Vietnam
const ctx = (actor: Actor, now = NOW) => contextFor(t.db, t.dataDir, actor, () => now);

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
    ...overrides,
  };
}

beforeAll(async () => {
  t = createTestDb();
  units = seedDirectory(t.db);
  const office = units.get("Văn phòng UBND tỉnh")!;
  economyUnit = units.get("Văn phòng UBND tỉnh > Phòng Kinh tế")!;
  clerk = await makeUser(t.db, t.dataDir, { username: "vanthu", unitId: office, roles: ["clerk"] });
  officeLead = await makeUser(t.db, t.dataDir, { username: "cvp", unitId: office, roles: ["office_lead"] });
  leader = await makeUser(t.db, t.dataDir, { username: "ct", unitId: units.get("Ủy ban nhân dân tỉnh Cà Mau")!, roles: ["leader"] });
  deptLead = await makeUser(t.db, t.dataDir, { username: "tp", unitId: economyUnit, roles: ["dept_lead"] });
  specialist = await makeUser(t.db, t.dataDir, { username: "cv", unitId: economyUnit, roles: ["specialist"] });
  otherSpecialist = await makeUser(t.db, t.dataDir, { username: "cv2", unitId: units.get("Văn phòng UBND tỉnh > Phòng Nội chính")!, roles: ["specialist"] });
  const tt = "Ủy ban nhân dân phường Tân Thành";
  ttClerk = await makeUser(t.db, t.dataDir, { username: "vt.tt", unitId: units.get(`${tt} > Văn phòng HĐND-UBND`)!, roles: ["clerk"] });
  ttOfficeLead = await makeUser(t.db, t.dataDir, { username: "cvp.tt", unitId: units.get(`${tt} > Văn phòng HĐND-UBND`)!, roles: ["office_lead"] });
  ttSpecialist = await makeUser(t.db, t.dataDir, { username: "cv.tt", unitId: units.get(`${tt} > Phòng Kinh tế`)!, roles: ["specialist"] });
});
afterAll(() => t.cleanup());

describe("registration and arrival numbers", () => {
  test("the upload is read and the form pre-filled; registration assigns 01, 02… per organisation", async () => {
    const upload = await prepareIncomingUpload(ctx(clerk), { bytes: await samplePdf(KH_172_SPEC), originalName: "172.pdf" });
    expect(upload.fields).toMatchObject({
      numberSymbol: "172/KH-UBND",
      docTypeCode: "KH",
      issuedDate: "2025-06-15",
      issuerName: "Ủy ban nhân dân tỉnh Cà Mau",
      signerName: "Lâm Văn Bi",
    });
    expect(upload.extractedFields).toContain("summary");
    // Checked before the clerk saves (Decree 30 Art. 21), not only on the document page afterwards.
    expect(upload.signature).toMatchObject({ status: "unsigned", label: "Không có chữ ký số" });
    const first = await registerIncomingDocument(
      ctx(clerk),
      base({
        fileId: upload.fileId,
        numberSymbol: upload.fields.numberSymbol,
        docTypeCode: "KH",
        issuerName: upload.fields.issuerName,
        issuedDate: "2025-06-15",
        summary: upload.fields.summary,
        extractedFields: upload.extractedFields,
      }),
    );
    expect(first.arrivalNumberText).toBe("01");
    const second = await registerIncomingDocument(ctx(clerk), base());
    expect(second.arrivalNumberText).toBe("02");
    // Another organisation has its own book.
    const tt = await registerIncomingDocument(ctx(ttClerk), base());
    expect(tt.arrivalNumberText).toBe("01");
    // The PDF's text is searchable after registration.
    const found = listIncomingDocuments(ctx(clerk), { q: "163-KL/TW ket luan" });
    expect(found.items.map((i) => i.id)).toContain(first.id);
  });

  test("a signed upload shows its signature verdict before saving, with the signer", { timeout: 60_000 }, async () => {
    const fx = signingFixtures(t.dataDir);
    const signed = (await signPdf(await samplePdf(KH_172_SPEC), { signer: fx.leader, role: "leader", signingTime: SIGNING_TIME })).pdf;
    const upload = await prepareIncomingUpload(ctx(clerk), { bytes: signed, originalName: "172-da-ky.pdf" });
    expect(upload.signature?.signatures).toHaveLength(1);
    expect(upload.signature?.signatures[0]).toMatchObject({ isValid: true });
    expect(["valid", "untrusted"]).toContain(upload.signature?.status);
  });

  test("numbers restart at 01 on 1 January and secret documents have their own book", async () => {
    const newYear = new Date("2026-01-02T02:00:00Z");
    const a = await registerIncomingDocument(ctx(clerk, newYear), base({ receivedAt: newYear }));
    expect(a).toMatchObject({ arrivalNumber: 1, year: 2026 });
    const secret = await registerIncomingDocument(ctx(clerk, newYear), base({ receivedAt: newYear, confidentiality: "confidential" }));
    expect(secret).toMatchObject({ arrivalNumber: 1, year: 2026 });
    expect(secret.bookId).not.toBe(a.bookId);
    const b = await registerIncomingDocument(ctx(clerk, newYear), base({ receivedAt: newYear }));
    expect(b.arrivalNumber).toBe(2);
  });

  test("a secret document keeps register metadata only: a file is refused", async () => {
    const upload = await prepareIncomingUpload(ctx(clerk), { bytes: await samplePdf(officialLetterSpec(3)), originalName: "mat.pdf" });
    await expect(registerIncomingDocument(ctx(clerk), base({ confidentiality: "secret", fileId: upload.fileId }))).rejects.toMatchObject({
      code: "VALIDATION",
      fieldErrors: { fileId: expect.stringMatching(/Văn bản mật/) },
    });
  });

  test("a possible duplicate is flagged before saving; the clerk may confirm", async () => {
    const options = base({ numberSymbol: "1245/BNV-CCHC", issuerName: "Bộ Nội vụ", issuedDate: "2025-06-10" });
    const first = await registerIncomingDocument(ctx(clerk), options);
    await expect(registerIncomingDocument(ctx(clerk), { ...options, numberSymbol: "1245 / BNV-CCHC", issuerName: "BỘ NỘI VỤ" })).rejects.toMatchObject({
      code: "VALIDATION",
      fieldErrors: { confirmDuplicate: expect.stringContaining(`số đến ${first.arrivalNumberText}/2025`) },
    });
    const second = await registerIncomingDocument(ctx(clerk), { ...options, confirmDuplicate: true });
    expect(second.arrivalNumber).toBe(first.arrivalNumber + 1);
  });

  test("encrypted, malformed and non-PDF uploads are refused in Vietnamese and nothing is stored", async () => {
    const before = t.db.$client.prepare("select count(*) n from files").get() as { n: number };
    const pdf = await samplePdf();
    const truncated = pdf.slice(0, 2048);
    await expect(prepareIncomingUpload(ctx(clerk), { bytes: truncated, originalName: "hong.pdf" })).rejects.toMatchObject({
      code: "VALIDATION",
      message: expect.stringMatching(/bị hỏng/),
    });
    await expect(
      prepareIncomingUpload(ctx(clerk), { bytes: new TextEncoder().encode("<html>Không phải PDF</html>"), originalName: "x.pdf" }),
    ).rejects.toMatchObject({ message: "Tệp không phải PDF hợp lệ" });
    // An iPhone photo (HEIC) is told apart from a broken PDF: the page also takes JPEG, PNG and TIFF scans.
    const heic = new Uint8Array([0, 0, 0, 0x18, ...new TextEncoder().encode("ftypheic"), 0, 0, 0, 0, ...new TextEncoder().encode("mif1heic"), 1, 2, 3]);
    await expect(prepareIncomingUpload(ctx(clerk), { bytes: heic, originalName: "IMG_0412.HEIC" })).rejects.toMatchObject({
      code: "VALIDATION",
      message: expect.stringMatching(/^Ảnh HEIC\/HEIF .* hãy lưu ảnh dạng JPEG/),
    });
    // A password-protected PDF: an /Encrypt dictionary pdfjs cannot open without the password.
    const encrypted = new TextEncoder().encode(
      `%PDF-1.7\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n3 0 obj<</Filter/Standard/V 2/R 3/Length 128/O(${"x".repeat(32)})/U(${"y".repeat(32)})/P -4>>endobj\ntrailer<</Root 1 0 R/Encrypt 3 0 R/ID[<00112233445566778899aabbccddeeff><00112233445566778899aabbccddeeff>]>>\n%%EOF\n`,
    );
    await expect(prepareIncomingUpload(ctx(clerk), { bytes: encrypted, originalName: "mat-khau.pdf" })).rejects.toMatchObject({
      code: "VALIDATION",
      message: expect.stringMatching(/mật khẩu|bị hỏng/),
    });
    const after = t.db.$client.prepare("select count(*) n from files").get() as { n: number };
    expect(after.n).toBe(before.n);
  });

  test("an oversized upload is refused", async () => {
    await expect(prepareIncomingUpload(ctx(clerk), { bytes: new Uint8Array(2048), originalName: "big.pdf", maxBytes: 1024 })).rejects.toMatchObject({
      message: "Tệp tải lên vượt quá dung lượng cho phép (0 MB).",
    });
  });

  test("a scan without a text layer registers with what the clerk types", async () => {
    const upload = await prepareIncomingUpload(ctx(clerk), { bytes: await composeScanLikePdf(), originalName: "scan.pdf" });
    expect(upload.hasTextLayer).toBe(false);
    expect(upload.extractedFields).toEqual([]);
    const r = await registerIncomingDocument(ctx(clerk), base({ fileId: upload.fileId, summary: "Bản quét: báo cáo tình hình" }));
    expect(r.status).toBe("registered");
  });

  test("a specialist cannot register; a file uploaded in another organisation cannot be referenced", async () => {
    await expect(registerIncomingDocument(ctx(specialist), base())).rejects.toMatchObject({ code: "FORBIDDEN" });
    const upload = await prepareIncomingUpload(ctx(ttClerk), {
      bytes: await samplePdf(officialLetterSpec(44, "Tổng hợp số liệu dân cư")),
      originalName: "tt.pdf",
    });
    await expect(registerIncomingDocument(ctx(clerk), base({ fileId: upload.fileId }))).rejects.toMatchObject({ code: "VALIDATION" });
  });
});

describe("routing and handling", () => {
  test("the full path: register → route with N working days → delegate → contribute → read → complete, audited", async () => {
    const r = await registerIncomingDocument(
      ctx(clerk),
      base({ summary: "Đôn đốc thực hiện tiếp nhận hồ sơ không phụ thuộc địa giới hành chính", urgency: "urgent", submitForRouting: true }),
    );
    expect(r.status).toBe("awaiting_routing");
    // The clerk cannot route.
    expect(() => routeIncomingDocuments(ctx(clerk), { documents: [{ id: r.id }], main: { userId: specialist.id } })).toThrow(/Chỉ lãnh đạo Văn phòng/);
    // Stale version → CONFLICT.
    expect(() => routeIncomingDocuments(ctx(officeLead), { documents: [{ id: r.id, version: r.version - 1 }], main: { unitId: economyUnit } })).toThrow(
      expect.objectContaining({ code: "CONFLICT" }),
    );
    const routed = routeIncomingDocuments(ctx(officeLead), {
      documents: [{ id: r.id, version: r.version }],
      main: { unitId: economyUnit },
      cooperating: [{ userId: otherSpecialist.id }],
      info: [{ userId: leader.id }],
      workingDays: 3,
      note: "Phòng Kinh tế tham mưu",
    });
    // Monday 16/06 + 3 working days = Thursday 19/06.
    expect(routed.deadline).toBe("2025-06-19");
    // The unit's lead passes it on to a specialist.
    expect(listIncomingDocuments(ctx(deptLead), { box: "inbox" }).items.map((i) => i.id)).toContain(r.id);
    // A deadline already past, or later than the unit's own, is refused with the reason (nothing changes).
    expect(() => delegateIncomingAssignment(ctx(deptLead), { documentId: r.id, userId: specialist.id, deadline: "2025-06-13" })).toThrow(
      "Hạn xử lý không thể trước hôm nay",
    );
    expect(() => delegateIncomingAssignment(ctx(deptLead), { documentId: r.id, userId: specialist.id, deadline: "2025-06-20" })).toThrow(
      "Hạn giao không thể sau hạn xử lý của đơn vị (19/06/2025)",
    );
    delegateIncomingAssignment(ctx(deptLead), { documentId: r.id, userId: specialist.id, note: "Giao đồng chí xử lý" });
    expect(listIncomingDocuments(ctx(deptLead), { box: "inbox" }).items.map((i) => i.id)).not.toContain(r.id);
    // Urgent first in the specialist's inbox, with a due-soon mark on Wednesday.
    const inbox = listIncomingDocuments(ctx(specialist, new Date("2025-06-18T02:00:00Z")), { box: "inbox" });
    expect(inbox.items.find((i) => i.id === r.id)).toMatchObject({ deadlineMark: "due_soon", urgency: "urgent" });
    expect(countIncomingWork(ctx(specialist, new Date("2025-06-20T02:00:00Z")))).toMatchObject({ toHandle: 1, overdue: 1 });
    // The cooperating person contributes; the info recipient marks it read; only the main handler completes.
    recordIncomingContribution(ctx(otherSpecialist), { id: r.id, note: "Phòng Nội chính thống nhất nội dung" });
    markIncomingRead(ctx(leader), { id: r.id });
    commentOnIncomingDocument(ctx(specialist), { id: r.id, comment: "Đang tổng hợp ý kiến các sở" });
    const doc = getIncomingDocument(ctx(specialist), r.id);
    expect(() => completeIncomingDocument(ctx(otherSpecialist), { id: r.id, version: doc.version, result: "x" })).toThrow(
      expect.objectContaining({ code: "FORBIDDEN" }),
    );
    completeIncomingDocument(ctx(specialist), { id: r.id, version: doc.version, result: "Đã tham mưu Công văn đôn đốc các sở, ngành" });
    const done = getIncomingDocument(ctx(officeLead), r.id);
    expect(done.status).toBe("completed");
    expect(done.trail.map((e) => e.action)).toEqual([
      "incoming.register",
      "incoming.submit",
      "incoming.route",
      "incoming.delegate",
      "incoming.contribute",
      "incoming.read",
      "incoming.comment",
      "incoming.complete",
    ]);
    // The register book shows the row with the recipients and the transfer date.
    const book = getIncomingRegisterBook(ctx(clerk), { bookId: r.bookId });
    const row = book.rows.find((x) => x.id === r.id)!;
    expect(row).toMatchObject({ arrivalNumber: r.arrivalNumberText, transferDate: "2025-06-16" });
    expect(row.recipients).toContain("Phòng Kinh tế (chủ trì)");
    const xlsx = await exportIncomingRegisterBookXlsx(ctx(clerk), { bookId: r.bookId });
    expect(xlsx.fileName).toBe("Sổ văn bản đến 2025.xlsx");
    expect(xlsx.bytes.subarray(0, 2).toString()).toBe("PK");
    // The main handler links the issued outgoing reply once completed (a nonexistent id is refused).
    expect(() => linkReplyDocument(ctx(specialist), { incomingDocumentId: r.id, outgoingDocumentId: 4242 })).toThrow(
      expect.objectContaining({ code: "VALIDATION" }),
    );
    const replyId = insertOutgoingRow(t.db, specialist, "issued");
    linkReplyDocument(ctx(specialist), { incomingDocumentId: r.id, outgoingDocumentId: replyId });
    expect(getIncomingDocument(ctx(specialist), r.id).replyOutgoingDocumentId).toBe(replyId);
    expect(verifyAuditChain(t.db).ok).toBe(true);
  });

  test("forward to a leader, whose direction comes back for routing or assigns directly", async () => {
    const a = await registerIncomingDocument(ctx(clerk), base({ submitForRouting: true }));
    expect(() => forwardIncomingDocument(ctx(officeLead), { id: a.id, leaderUserId: specialist.id })).toThrow(/lãnh đạo/);
    forwardIncomingDocument(ctx(officeLead), { id: a.id, leaderUserId: leader.id, note: "Kính trình" });
    expect(listIncomingDocuments(ctx(leader), { box: "direction" }).items.map((i) => i.id)).toContain(a.id);
    expect(() => directIncomingDocument(ctx(officeLead), { id: a.id, note: "x" })).toThrow(expect.objectContaining({ code: "FORBIDDEN" }));
    directIncomingDocument(ctx(leader), { id: a.id, note: "Giao Văn phòng phân phối Phòng Kinh tế" });
    expect(getIncomingDocument(ctx(officeLead), a.id).status).toBe("awaiting_routing");

    const b = await registerIncomingDocument(ctx(clerk), base({ submitForRouting: true }));
    forwardIncomingDocument(ctx(officeLead), { id: b.id, leaderUserId: leader.id });
    directIncomingDocument(ctx(leader), { id: b.id, note: "Đồng chí Trang xử lý", assign: { main: { userId: specialist.id }, deadline: "2025-06-30" } });
    expect(getIncomingDocument(ctx(specialist), b.id)).toMatchObject({ status: "in_progress", handlingDeadline: "2025-06-30" });
  });

  test("routing or a direction without a deadline keeps the one set at registration; one given replaces it", async () => {
    const a = await registerIncomingDocument(ctx(clerk), base({ submitForRouting: true, handlingDeadline: "2025-06-27" }));
    const b = await registerIncomingDocument(ctx(clerk), base({ submitForRouting: true }));
    const c = await registerIncomingDocument(ctx(clerk), base({ submitForRouting: true, handlingDeadline: "2025-06-25" }));
    routeIncomingDocuments(ctx(officeLead), { documents: [a, b].map((d) => ({ id: d.id, version: d.version })), main: { userId: specialist.id } });
    expect(getIncomingDocument(ctx(specialist), a.id)).toMatchObject({ status: "in_progress", handlingDeadline: "2025-06-27" });
    expect(getIncomingDocument(ctx(specialist), b.id)).toMatchObject({ status: "in_progress", handlingDeadline: null });
    // The assignment carries the kept deadline too (the handler's "Hạn" and the overdue lists).
    const deadlines = t.db.all<{ deadline: string | null }>(sql`select deadline from incoming_assignments where document_id = ${a.id}`);
    expect(deadlines.map((r) => r.deadline)).toEqual(["2025-06-27"]);

    forwardIncomingDocument(ctx(officeLead), { id: c.id, leaderUserId: leader.id });
    directIncomingDocument(ctx(leader), { id: c.id, note: "Phòng Kinh tế xử lý", assign: { main: { unitId: economyUnit } } });
    expect(getIncomingDocument(ctx(officeLead), c.id)).toMatchObject({ status: "in_progress", handlingDeadline: "2025-06-25" });

    const d = await registerIncomingDocument(ctx(clerk), base({ submitForRouting: true, handlingDeadline: "2025-06-27" }));
    routeIncomingDocuments(ctx(officeLead), { documents: [{ id: d.id, version: d.version }], main: { userId: specialist.id }, deadline: "2025-07-04" });
    expect(getIncomingDocument(ctx(specialist), d.id).handlingDeadline).toBe("2025-07-04");
  });

  test("several documents are routed at once, all or nothing", async () => {
    const docs = await Promise.all([1, 2, 3].map(() => registerIncomingDocument(ctx(clerk), base({ submitForRouting: true }))));
    const routing = listIncomingDocuments(ctx(officeLead), { box: "routing" });
    expect(routing.items.length).toBeGreaterThanOrEqual(3);
    // One stale version fails the whole batch.
    expect(() =>
      routeIncomingDocuments(ctx(officeLead), {
        documents: docs.map((d, i) => ({ id: d.id, version: i === 2 ? 1 : d.version })),
        main: { userId: specialist.id },
      }),
    ).toThrow(expect.objectContaining({ code: "CONFLICT" }));
    expect(getIncomingDocument(ctx(officeLead), docs[0].id).status).toBe("awaiting_routing");
    expect(
      routeIncomingDocuments(ctx(officeLead), {
        documents: docs.map((d) => ({ id: d.id, version: d.version })),
        main: { userId: specialist.id },
        deadline: "2025-06-20",
      }).routed,
    ).toBe(3);
  });

  test("return to sender with a reason, from registration or routing; not after routing", async () => {
    const a = await registerIncomingDocument(ctx(clerk), base());
    expect(() => returnIncomingDocument(ctx(clerk), { id: a.id, reason: " " })).toThrow(/lý do/);
    returnIncomingDocument(ctx(clerk), { id: a.id, reason: "Gửi nhầm nơi nhận" });
    expect(getIncomingDocument(ctx(clerk), a.id)).toMatchObject({ status: "returned", returnReason: "Gửi nhầm nơi nhận" });
    const b = await registerIncomingDocument(ctx(clerk), base({ submitForRouting: true }));
    routeIncomingDocuments(ctx(officeLead), { documents: [{ id: b.id }], main: { userId: specialist.id } });
    expect(() => returnIncomingDocument(ctx(officeLead), { id: b.id, reason: "x" })).toThrow(expect.objectContaining({ code: "INVALID_STATE" }));
    expect(() => submitIncomingForRouting(ctx(clerk), { id: b.id })).toThrow(expect.objectContaining({ code: "INVALID_STATE" }));
  });
});

describe("scoping", () => {
  test("another organisation's document is NOT_FOUND, for every role", async () => {
    const r = await registerIncomingDocument(ctx(clerk), base({ submitForRouting: true }));
    expect(() => getIncomingDocument(ctx(ttClerk), r.id)).toThrow(expect.objectContaining({ code: "NOT_FOUND" }));
    expect(() => routeIncomingDocuments(ctx(ttOfficeLead), { documents: [{ id: r.id }], main: { userId: ttSpecialist.id } })).toThrow(
      expect.objectContaining({ code: "NOT_FOUND" }),
    );
    expect(listIncomingDocuments(ctx(ttOfficeLead), {}).items.map((i) => i.id)).not.toContain(r.id);
    expect(listIncomingDocuments(ctx(ttOfficeLead), { q: "don doc" }).items.map((i) => i.id)).not.toContain(r.id);
    // A province office lead cannot assign a commune's specialist.
    expect(() => routeIncomingDocuments(ctx(officeLead), { documents: [{ id: r.id }], main: { userId: ttSpecialist.id } })).toThrow(/không thuộc cơ quan/);
  });

  test("a specialist sees only what they handle; secret documents only their assignees and leaders", async () => {
    const open = await registerIncomingDocument(ctx(clerk), base({ submitForRouting: true }));
    expect(() => getIncomingDocument(ctx(otherSpecialist), open.id)).toThrow(expect.objectContaining({ code: "NOT_FOUND" }));
    const secret = await registerIncomingDocument(
      ctx(clerk),
      base({ confidentiality: "confidential", submitForRouting: true, summary: "Về công tác bảo đảm an ninh" }),
    );
    expect(getIncomingDocument(ctx(leader), secret.id).isSecret).toBe(true);
    expect(getIncomingDocument(ctx(officeLead), secret.id).isSecret).toBe(true);
    // Assigned to the unit: unit members still cannot open a secret document; a personal assignee can.
    routeIncomingDocuments(ctx(officeLead), { documents: [{ id: secret.id }], main: { unitId: economyUnit }, info: [{ userId: otherSpecialist.id }] });
    expect(() => getIncomingDocument(ctx(specialist), secret.id)).toThrow(expect.objectContaining({ code: "NOT_FOUND" }));
    expect(getIncomingDocument(ctx(otherSpecialist), secret.id).id).toBe(secret.id);
    expect(getIncomingRegisterBook(ctx(specialist), {}).books.every((b) => b.security === "normal")).toBe(true);
  });
});

describe("search", () => {
  test("accent-free queries find đ words (recall with the đ fold)", async () => {
    const r = await registerIncomingDocument(
      ctx(clerk),
      base({ summary: "Đôn đốc đẩy mạnh chuyển đổi số trong giải quyết thủ tục hành chính", issuerName: "Sở Thông tin và Truyền thông" }),
    );
    for (const q of ["don doc", "Đôn đốc", "DON DOC day manh", "chuyen doi so", "thong tin truyen thong", "giai quyet thu tuc"]) {
      expect(
        listIncomingDocuments(ctx(officeLead), { q }).items.map((i) => i.id),
        q,
      ).toContain(r.id);
    }
    expect(listIncomingDocuments(ctx(officeLead), { q: "khong co tu nay zzz" }).items).toEqual([]);
  });

  /** Pages forward with nextCursor, then back from the last page with previousCursor; both walks must agree. */
  function walkBothWays(options: Parameters<typeof listIncomingDocuments>[1]) {
    const forward: number[][] = [];
    let page = listIncomingDocuments(ctx(officeLead), { ...options, limit: 3 });
    expect(page.previousCursor).toBeNull(); // the first page has nothing before it
    forward.push(page.items.map((i) => i.id));
    while (page.nextCursor) {
      page = listIncomingDocuments(ctx(officeLead), { ...options, cursor: page.nextCursor, limit: 3 });
      expect(page.previousCursor).not.toBeNull();
      forward.push(page.items.map((i) => i.id));
    }
    const backward: number[][] = [page.items.map((i) => i.id)];
    while (page.previousCursor) {
      page = listIncomingDocuments(ctx(officeLead), { ...options, before: page.previousCursor, limit: 3 });
      backward.unshift(page.items.map((i) => i.id));
    }
    expect(backward).toEqual(forward);
    return forward.flat();
  }

  test("keyset pages walk every document once, newest first, forwards and back", async () => {
    const seen = walkBothWays({});
    const all = t.db
      .all<{ id: number }>(sql`select id from incoming_documents where organization_id = ${officeLead.organizationId} order by received_at desc, id desc`)
      .map((r) => r.id);
    expect(all.length).toBeGreaterThan(6); // several pages of 3
    expect(seen).toEqual(all);
    // A queue (urgent first) and a search page the same way in their own orders.
    const routing = t.db
      .all<{ id: number }>(
        sql`select id from incoming_documents where organization_id = ${officeLead.organizationId} and status = 'awaiting_routing' order by urgency_rank desc, received_at desc, id desc`,
      )
      .map((r) => r.id);
    expect(walkBothWays({ box: "routing" })).toEqual(routing);
    const found = walkBothWays({ q: "so noi vu" });
    expect(found).toEqual([...found].sort((a, b) => b - a));
    expect(found.length).toBeGreaterThan(3);
    // An unreadable `before` is the first page.
    expect(listIncomingDocuments(ctx(officeLead), { before: "%%%", limit: 3 }).items.map((i) => i.id)).toEqual(all.slice(0, 3));
    const plan = t.db.$client
      .prepare(
        "explain query plan select id from incoming_documents where organization_id = ? and (received_at, id) < (?, ?) order by received_at desc, id desc limit 20",
      )
      .all(1, Date.now(), 1e9) as Array<{ detail: string }>;
    expect(plan.map((p) => p.detail).join(" ")).toMatch(
      /USING (COVERING )?INDEX incoming_documents_org_received_idx \(organization_id=\? AND received_at<\?\)/,
    );
  });
});

describe("internal delivery (contract with outgoing documents)", () => {
  test("deliver → register → route → complete is visible to the sender; recall blocks further handling", async () => {
    const sender = units.get("Sở Nội vụ")!;
    const blob = writeBlob(t.dataDir, await samplePdf(officialLetterSpec(9)));
    const { incomingDocumentId } = writeTransaction(t.db, (tx) => {
      const file = insertFileRow(tx, { blob, mimeType: "application/pdf", originalName: "09.pdf", at: NOW });
      return deliverToIncomingQueue(tx, {
        recipientOrganizationId: clerk.organizationId,
        senderOrganizationId: sender,
        outgoingDocumentId: 77,
        numberSymbol: "09/SNV-CCHC",
        docTypeCode: "CV",
        issuedDate: "2025-06-02",
        issuerName: "Sở Nội vụ",
        summary: "Đôn đốc triển khai chuyển đổi số",
        signerName: "Nguyễn Văn Bình",
        signerTitle: "PHÓ GIÁM ĐỐC",
        urgency: "urgent",
        confidentiality: "normal",
        fileId: file.id,
        pageCount: 1,
        extractedText: "Kính gửi",
        at: NOW,
        actorId: null,
      });
    });
    expect(listDeliveryStatuses(t.db, 77)).toEqual([
      expect.objectContaining({
        recipientOrganizationId: clerk.organizationId,
        recipientName: "Ủy ban nhân dân tỉnh Cà Mau",
        incomingDocumentId,
        status: "received",
        arrivalNumber: null,
      }),
    ]);
    expect(listIncomingDocuments(ctx(clerk), { box: "registration" }).items.map((i) => i.id)).toContain(incomingDocumentId);
    const delivered = getIncomingDocument(ctx(clerk), incomingDocumentId);
    const reg = await registerIncomingDocument(
      ctx(clerk),
      base({
        incomingDocumentId,
        version: delivered.version,
        channel: "electronic",
        numberSymbol: "09/SNV-CCHC",
        issuedDate: "2025-06-02",
        submitForRouting: true,
      }),
    );
    expect(reg.id).toBe(incomingDocumentId);
    expect(listDeliveryStatuses(t.db, 77)[0]).toMatchObject({ status: "registered", arrivalNumber: reg.arrivalNumber });
    writeTransaction(t.db, (tx) =>
      markDeliveredDocumentsRecalled(tx, { outgoingDocumentId: 77, reason: "Văn bản ban hành sai thể thức", at: NOW, actorId: null }),
    );
    expect(getIncomingDocument(ctx(officeLead), incomingDocumentId)).toMatchObject({ recallReason: "Văn bản ban hành sai thể thức" });
    expect(() => routeIncomingDocuments(ctx(officeLead), { documents: [{ id: incomingDocumentId }], main: { userId: specialist.id } })).toThrow(
      expect.objectContaining({ code: "INVALID_STATE", message: expect.stringMatching(/thu hồi/) }),
    );
    expect(() => linkReplyDocument(ctx(officeLead), { incomingDocumentId, outgoingDocumentId: 1 })).toThrow(expect.objectContaining({ code: "INVALID_STATE" }));
    expect(() => getIncomingDocument(ctx(ttClerk), incomingDocumentId)).toThrow(expect.objectContaining({ code: "NOT_FOUND" }));
  });

  test("returned deliveries report the reason to the sender", async () => {
    const { incomingDocumentId } = writeTransaction(t.db, (tx) =>
      deliverToIncomingQueue(tx, {
        recipientOrganizationId: ttClerk.organizationId,
        senderOrganizationId: clerk.organizationId,
        outgoingDocumentId: 78,
        numberSymbol: "10/UBND-VP",
        docTypeCode: "CV",
        issuedDate: "2025-06-02",
        issuerName: "Ủy ban nhân dân tỉnh Cà Mau",
        summary: "Về việc báo cáo",
        signerName: null,
        signerTitle: null,
        urgency: "normal",
        confidentiality: "normal",
        fileId: insertFileRow(tx, { blob: writeBlob(t.dataDir, new TextEncoder().encode("%PDF-1.4 x")), mimeType: "application/pdf", at: NOW }).id,
        pageCount: null,
        extractedText: null,
        at: NOW,
        actorId: null,
      }),
    );
    returnIncomingDocument(ctx(ttClerk), { id: incomingDocumentId, reason: "Không đúng thẩm quyền" });
    expect(listDeliveryStatuses(t.db, 78)[0]).toMatchObject({ status: "returned", returnReason: "Không đúng thẩm quyền" });
  });
});

describe("a document by id (findVisibleIncomingDocument, prepared once per shape of the visibility rule)", () => {
  test("every actor, asking in alternation, may open exactly the documents the rule built for them admits", () => {
    const ids = t.db.all<{ id: number }>(sql`select id from incoming_documents order by id`).map((r) => r.id);
    expect(ids.length).toBeGreaterThan(3);
    const opens = new Set<string>();
    for (const actor of [clerk, specialist, officeLead, otherSpecialist, ttClerk, leader, deptLead, ttSpecialist, specialist, ttOfficeLead, clerk]) {
      const admitted = new Set(
        t.db
          .select({ id: incomingDocuments.id })
          .from(incomingDocuments)
          .where(incomingDocumentsVisibleTo(actor))
          .all()
          .map((r) => r.id),
      );
      const opened = ids.filter((id) => {
        try {
          return getIncomingDocument(ctx(actor), id).id === id;
        } catch (e) {
          expect(e).toMatchObject({ code: "NOT_FOUND" });
          return false;
        }
      });
      expect(opened, actor.username).toEqual(ids.filter((id) => admitted.has(id)));
      opens.add(opened.join(","));
    }
    expect(opens.size).toBeGreaterThan(2);
  });
});
