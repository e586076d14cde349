// "A delivery answered" (issue 15): when the recipient of a liên thông delivery registers, returns or completes
// its copy, the sending document's author and the sender's clerks are told, in the recipient's transaction.
// Driven by the real chain: draft → sign → issue (demo PKI) → Tân Thành's queue → its clerk and handler.
// (The edXML half — status packets from a partner — is asserted in tests/integration/edxml/exchange.test.ts.)
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { Actor } from "#app/platform/auth/actor";
import { issueOutgoingDocument, signOutgoingDocument } from "#app/features/outgoing/index";
import { completeIncomingDocument, registerIncomingDocument, returnIncomingDocument, routeIncomingDocuments } from "#app/features/incoming/index";
import { listNotifications } from "#app/features/notifications/index";
import { AppError, AppErrorCode } from "#app/utils/errors";
import { makeUser } from "#tests/support/factories";
import { createOutgoingWorld, toLeaderReview, type OutgoingWorld } from "#tests/support/outgoing-world";

let world: OutgoingWorld;
let officeLead: Actor;
let handler: Actor;

beforeAll(async () => {
  world = await createOutgoingWorld();
  const office = world.byPath.get("Ủy ban nhân dân phường Tân Thành > Văn phòng HĐND-UBND")!;
  officeLead = await makeUser(world.db, world.dataDir, { username: "cvp.tanthanh", unitId: office, roles: ["office_lead"] });
  handler = await makeUser(world.db, world.dataDir, { username: "cv.tanthanh", unitId: office, roles: ["specialist"] });
  world.actors[officeLead.username] = officeLead;
  world.actors[handler.username] = handler;
}, 120_000);
afterAll(() => world.cleanup());

async function issueToTanThanh(summary: string) {
  const { id } = await world.draft("chuyenvien", { externalRecipients: [], summary });
  await toLeaderReview(world, id);
  await signOutgoingDocument(world.ctx("chutich"), { documentId: id, passphrase: "demo" });
  const issued = await issueOutgoingDocument(world.ctx("vanthu"), { documentId: id, passphrase: "demo" });
  const copy = world.db.$client.prepare("select id, version from incoming_documents where outgoing_document_id = ?").get(id) as { id: number; version: number };
  return { id, issued, copy };
}

const answers = (username: string, outgoingId: number) =>
  listNotifications(world.ctx(username), { limit: 100 })
    .filter((n) => n.eventType === "delivery_answered" && n.entityId === outgoingId)
    .map((n) => n.title)
    .reverse();

function registerCopy(copyId: number, numberSymbol: string, issuedDate: string, summary: string) {
  return registerIncomingDocument(world.ctx("vanthu.tanthanh"), {
    incomingDocumentId: copyId,
    channel: "electronic",
    receivedAt: new Date(),
    numberSymbol,
    docTypeCode: "KH",
    issuedDate,
    issuerName: "Ủy ban nhân dân tỉnh Cà Mau",
    summary,
    urgency: "normal",
    confidentiality: "normal",
    extractedText: null,
    submitForRouting: true,
  });
}

describe("a delivery answered", () => {
  test("registered, then completed: the author and the sender's clerk are told each answer once; the recipient's side is not", async () => {
    const summary = "Báo cáo kết quả vận hành chính quyền địa phương hai cấp";
    const { id, issued, copy } = await issueToTanThanh(summary);
    expect(answers("chuyenvien", id)).toEqual([]);

    const reg = await registerCopy(copy.id, issued.numberSymbol, issued.issuedDate, summary);
    const registered = `Văn bản ${issued.numberSymbol} — Ủy ban nhân dân phường Tân Thành: Đã vào sổ (số đến ${String(reg.arrivalNumber).padStart(2, "0")})`;
    expect(answers("chuyenvien", id)).toEqual([registered]);
    expect(answers("vanthu", id)).toEqual([registered]);

    routeIncomingDocuments(world.ctx("cvp.tanthanh"), { documents: [{ id: copy.id, version: reg.version }], main: { userId: handler.id }, deadline: null });
    const routed = world.db.$client.prepare("select version from incoming_documents where id = ?").get(copy.id) as { version: number };
    // A completion refused (stale version) rolls back with its notification: still one answer.
    expect(() => completeIncomingDocument(world.ctx("cv.tanthanh"), { id: copy.id, version: routed.version - 1, result: "Đã báo cáo" })).toThrow(AppError);
    expect(answers("chuyenvien", id)).toEqual([registered]);
    completeIncomingDocument(world.ctx("cv.tanthanh"), { id: copy.id, version: routed.version, result: "Đã báo cáo" });
    const completed = `Văn bản ${issued.numberSymbol} — Ủy ban nhân dân phường Tân Thành: Đã hoàn thành`;
    expect(answers("chuyenvien", id)).toEqual([registered, completed]);
    expect(answers("vanthu", id)).toEqual([registered, completed]);
    // The body carries the summary (not secret); the link leads to the sender's document.
    const note = listNotifications(world.ctx("chuyenvien"), { limit: 100 }).find((n) => n.title === completed)!;
    expect(note).toMatchObject({ link: `/outgoing/${id}`, body: summary, isSecret: false });
    // Nobody on the receiving side gets the sender's notification.
    for (const username of ["vanthu.tanthanh", "cvp.tanthanh", "cv.tanthanh"]) expect(answers(username, id)).toEqual([]);
    // E-mail is off by default for this event (NOTIFICATION_EVENTS): no outbox row.
    const mails = world.db.$client.prepare("select count(*) n from notification_deliveries where event_type = 'delivery_answered'").get() as { n: number };
    expect(mails.n).toBe(0);
  }, 60_000);

  test("returned with a reason: the sender reads the reason", async () => {
    const { id, issued, copy } = await issueToTanThanh("Đề nghị cung cấp số liệu cải cách hành chính");
    // Forbidden: the sender's clerk cannot answer for the recipient (not found outside its organisation), and nothing is told.
    let refused: unknown;
    try {
      returnIncomingDocument(world.ctx("vanthu"), { id: copy.id, version: copy.version, reason: "Không đúng thẩm quyền" });
    } catch (error) {
      refused = error;
    }
    expect(refused).toBeInstanceOf(AppError);
    expect((refused as AppError).code).toBe(AppErrorCode.NOT_FOUND);
    expect(answers("chuyenvien", id)).toEqual([]);
    returnIncomingDocument(world.ctx("vanthu.tanthanh"), { id: copy.id, version: copy.version, reason: "Không đúng thẩm quyền" });
    expect(answers("chuyenvien", id)).toEqual([`Văn bản ${issued.numberSymbol} — Ủy ban nhân dân phường Tân Thành: Bị trả lại: Không đúng thẩm quyền`]);
  }, 60_000);
});
