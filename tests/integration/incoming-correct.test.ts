// Sửa thông tin đăng ký: the clerk corrects a registered incoming document's details (not its arrival number).
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createTestDb, type TestDb } from "#tests/support/test-db";
import { contextFor, makeUser, seedDirectory } from "#tests/support/factories";
import type { Actor } from "#app/platform/auth/actor";
import { listEntityTrail, verifyAuditChain } from "#app/platform/audit.server";
import {
  INCOMING_ENTITY,
  completeIncomingDocument,
  correctIncomingRegistration,
  registerIncomingDocument,
  routeIncomingDocuments,
  submitIncomingForRouting,
  type CorrectIncomingRegistrationOptions,
  type RegisterIncomingDocumentOptions,
} from "#app/features/incoming/index";
import { getIncomingDocument, listIncomingDocuments } from "#app/features/incoming/index";

let t: TestDb;
let clerk: Actor, officeLead: Actor, specialist: Actor, ttClerk: Actor;

const NOW = new Date("2025-06-16T02:00:00Z"); // Monday 16/06/2025 09:00 in Vietnam
const ctx = (actor: Actor) => contextFor(t.db, t.dataDir, actor, () => NOW);

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

/** The current values of a document as a correction form would submit them. */
function formOf(id: number): CorrectIncomingRegistrationOptions {
  const d = getIncomingDocument(ctx(clerk), id);
  return {
    id,
    version: d.version,
    numberSymbol: d.numberSymbol,
    docTypeCode: d.docTypeCode,
    issuedDate: d.issuedDate,
    issuerName: d.issuerName,
    summary: d.summary,
    signerName: d.signerName,
    signerTitle: d.signerTitle,
    pageCount: d.pageCount,
    urgency: d.urgency,
    handlingDeadline: d.handlingDeadline,
    note: d.note,
  };
}

const corrections = (id: number) => listEntityTrail(t.db, INCOMING_ENTITY, id).filter((e) => e.action === "incoming.correct");

beforeAll(async () => {
  t = createTestDb();
  const units = seedDirectory(t.db);
  const office = units.get("Văn phòng UBND tỉnh")!;
  clerk = await makeUser(t.db, t.dataDir, { username: "vanthu", unitId: office, roles: ["clerk"] });
  officeLead = await makeUser(t.db, t.dataDir, { username: "cvp", unitId: office, roles: ["office_lead"] });
  specialist = await makeUser(t.db, t.dataDir, { username: "cv", unitId: units.get("Văn phòng UBND tỉnh > Phòng Kinh tế")!, roles: ["specialist"] });
  ttClerk = await makeUser(t.db, t.dataDir, {
    username: "vt.tt",
    unitId: units.get("Ủy ban nhân dân phường Tân Thành > Văn phòng HĐND-UBND")!,
    roles: ["clerk"],
  });
});
afterAll(() => t.cleanup());

describe("correcting an incoming registration", () => {
  test("changes the fields, bumps the version, writes one audit row with before/after and re-indexes search", async () => {
    const r = await registerIncomingDocument(ctx(clerk), base({ summary: "Về việc rà soát tủ hồ sơ lưu trữ" }));
    const form = formOf(r.id);
    const updated = correctIncomingRegistration(ctx(clerk), {
      ...form,
      numberSymbol: "1245 / SNV-VP",
      summary: "Đề nghị báo cáo kết quả số hóa tài liệu",
      urgency: "urgent",
      pageCount: 3,
      issuedDate: "2025-06-11",
    });
    expect(updated).toMatchObject({
      numberSymbol: "1245/SNV-VP",
      summary: "Đề nghị báo cáo kết quả số hóa tài liệu",
      urgency: "urgent",
      pageCount: 3,
      issuedDate: "2025-06-11",
      version: r.version + 1,
      status: "registered",
    });
    // The register's identity does not move.
    expect(updated).toMatchObject({ arrivalNumber: r.arrivalNumber, bookId: r.bookId, year: r.year, confidentiality: "normal" });
    const rows = corrections(r.id);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ fromState: "registered", toState: "registered" });
    expect(rows[0].detail).toEqual({
      before: { numberSymbol: form.numberSymbol, issuedDate: "2025-06-12", summary: "Về việc rà soát tủ hồ sơ lưu trữ", pageCount: null, urgency: "normal" },
      after: { numberSymbol: "1245/SNV-VP", issuedDate: "2025-06-11", summary: "Đề nghị báo cáo kết quả số hóa tài liệu", pageCount: 3, urgency: "urgent" },
    });
    // Search (accent-free) finds the new summary, not the old one.
    expect(listIncomingDocuments(ctx(clerk), { q: "so hoa tai lieu" }).items.map((i) => i.id)).toContain(r.id);
    expect(listIncomingDocuments(ctx(clerk), { q: "ra soat tu ho so" }).items.map((i) => i.id)).not.toContain(r.id);
    expect(verifyAuditChain(t.db).ok).toBe(true);
  });

  test("a no-op edit, a stale form and invalid fields are refused; nothing is written", async () => {
    const r = await registerIncomingDocument(ctx(clerk), base());
    expect(() => correctIncomingRegistration(ctx(clerk), formOf(r.id))).toThrow(
      expect.objectContaining({ code: "VALIDATION", message: "Không có thông tin nào thay đổi" }),
    );
    const form = formOf(r.id);
    correctIncomingRegistration(ctx(clerk), { ...form, note: "Bản gốc gửi kèm qua bưu điện" });
    expect(() => correctIncomingRegistration(ctx(clerk), { ...form, signerName: "Nguyễn Văn Bình" })).toThrow(
      expect.objectContaining({ code: "CONFLICT", message: expect.stringMatching(/người khác cập nhật/) }),
    );
    expect(() => correctIncomingRegistration(ctx(clerk), { ...formOf(r.id), summary: "  ", issuedDate: "2025-06-20", docTypeCode: "XX" })).toThrow(
      expect.objectContaining({
        code: "VALIDATION",
        fieldErrors: { summary: "Nhập trích yếu nội dung", issuedDate: "Ngày văn bản không thể sau ngày đến", docTypeCode: "Chọn loại văn bản" },
      }),
    );
    expect(corrections(r.id)).toHaveLength(1);
    expect(getIncomingDocument(ctx(clerk), r.id)).toMatchObject({ note: "Bản gốc gửi kèm qua bưu điện", signerName: null, version: r.version + 1 });
  });

  test("only the clerk of the same organisation, and only while the document is being handled", async () => {
    const r = await registerIncomingDocument(ctx(clerk), base());
    expect(() => correctIncomingRegistration(ctx(specialist), { ...formOf(r.id), summary: "Khác" })).toThrow(expect.objectContaining({ code: "FORBIDDEN" }));
    expect(() => correctIncomingRegistration(ctx(officeLead), { ...formOf(r.id), summary: "Khác" })).toThrow(expect.objectContaining({ code: "FORBIDDEN" }));
    expect(() => correctIncomingRegistration(ctx(ttClerk), { ...formOf(r.id), summary: "Khác" })).toThrow(expect.objectContaining({ code: "NOT_FOUND" }));

    // In handling: still correctable.
    submitIncomingForRouting(ctx(clerk), { id: r.id });
    routeIncomingDocuments(ctx(officeLead), { documents: [{ id: r.id }], main: { userId: specialist.id }, deadline: "2025-06-20" });
    const inProgress = correctIncomingRegistration(ctx(clerk), { ...formOf(r.id), signerName: "Nguyễn Văn Bình", signerTitle: "Phó Giám đốc" });
    expect(inProgress).toMatchObject({ status: "in_progress", signerName: "Nguyễn Văn Bình", arrivalNumber: r.arrivalNumber });

    // Completed: no longer.
    completeIncomingDocument(ctx(specialist), { id: r.id, result: "Đã xử lý" });
    expect(() => correctIncomingRegistration(ctx(clerk), { ...formOf(r.id), summary: "Khác" })).toThrow(expect.objectContaining({ code: "INVALID_STATE" }));
    expect(getIncomingDocument(ctx(clerk), r.id).arrivalNumber).toBe(r.arrivalNumberText);
    expect(corrections(r.id)).toHaveLength(1);
    expect(verifyAuditChain(t.db).ok).toBe(true);
  });
});
