// What the edXML inbox checks on a parsed packet before it stores anything: the main file must be a PDF by its
// bytes, not by its declared ContentType or name; successive updates of one document are told apart from re-deliveries;
// a genuine packet after a tampered copy of it takes that copy's place (ADR 0019).
import { TEST_RECIPIENT_ORGAN, TEST_SENDER_ORGAN, testDocumentPacket } from "#tests/support/edxml-packets";
import { createHash } from "node:crypto";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { buildDocumentPacketXml, signPacketXml, type DocumentPacket } from "#edxml/index";
import { createDemoCa, issueDemoCertificate, loadPkcs12 } from "#signing/index";
import { createTestDb, type TestDb } from "#tests/support/test-db";
import { addDirectoryOrganization } from "#app/features/exchange/peers.server";
import { receiveEdxmlPacket, reconcileEdxmlStatuses } from "#app/features/exchange/inbox.server";
import { getIncomingDocument, registerIncomingDocument } from "#app/features/incoming/index";
import { listNotifications } from "#app/features/notifications/index";
import { contextFor, makeUser } from "#tests/support/factories";
import type { Actor } from "#app/platform/auth/actor";
import { closeUntrustedPool } from "#app/platform/untrusted/pool.server";

let t: TestDb;
let clerk: Actor;
let serial = 0;
const pdf = () => new Uint8Array(Buffer.from(`%PDF-1.7\n% văn bản ${++serial}\n1 0 obj<<>>endobj\n%%EOF\n`));
const exe = new Uint8Array(Buffer.concat([Buffer.from("MZ\x90\x00\x03\x00\x00\x00"), Buffer.alloc(2048, 1)]));
const sha = (b: Uint8Array) => createHash("sha256").update(b).digest("hex");

function packet(attachments: DocumentPacket["attachments"]): Uint8Array {
  const p = testDocumentPacket(`9${++serial}`, pdf());
  return new Uint8Array(Buffer.from(buildDocumentPacketXml({ ...p, attachments })));
}
const receive = (bytes: Uint8Array) => receiveEdxmlPacket({ db: t.db, dataDir: t.dataDir }, bytes, { channel: "http" });
const mainFileSha = (incomingId: number) =>
  (t.db.$client.prepare("select f.sha256 s from incoming_documents d join files f on f.id = d.file_id where d.id = ?").get(incomingId) as { s: string }).s;

beforeAll(async () => {
  t = createTestDb();
  const recipient = addDirectoryOrganization(t.db, { organId: TEST_RECIPIENT_ORGAN, name: "UBND tỉnh Bạc Liêu" });
  addDirectoryOrganization(t.db, { organId: TEST_SENDER_ORGAN, name: "UBND tỉnh Cà Mau" });
  clerk = await makeUser(t.db, t.dataDir, { username: "vanthu.baclieu", unitId: recipient.organizationId, roles: ["clerk"], fullName: "Lê Thị Thu" });
});

afterAll(async () => {
  await closeUntrustedPool();
  t?.cleanup();
});

describe("the main PDF of a received document", () => {
  test("a file declared application/pdf whose bytes are not a PDF is kept as an attachment when a real PDF comes with it", async () => {
    const real = pdf();
    const result = await receive(
      packet([
        { contentId: "cid:vanban", name: "172-UBND-VP.pdf", contentType: "application/pdf", bytes: exe },
        { contentId: "cid:phuluc", name: "phu-luc.pdf", contentType: "application/pdf", bytes: real },
      ]),
    );
    expect(result.state).toBe("accepted");
    const id = result.state === "accepted" ? result.incomingDocumentIds[0] : 0;
    expect(mainFileSha(id)).toBe(sha(real));
    const kept = t.db.$client.prepare("select name from edxml_received_attachments where incoming_document_id = ? order by position").all(id);
    expect(kept).toEqual([{ name: "172-UBND-VP.pdf" }, { name: "phu-luc.pdf" }]);
  });

  test("with no real PDF the packet is refused with a Vietnamese reason naming the file", async () => {
    const docs = (t.db.$client.prepare("select count(*) n from incoming_documents").get() as { n: number }).n;
    const result = await receive(packet([{ contentId: "cid:vanban", name: "172-UBND-VP.pdf", contentType: "application/pdf", bytes: exe }]));
    expect(result).toMatchObject({
      state: "refused",
      code: "NOT_PDF",
      reason: 'Tệp "172-UBND-VP.pdf" khai báo là PDF nhưng nội dung không phải tệp PDF; gói tin văn bản không có tệp PDF của văn bản.',
    });
    expect((t.db.$client.prepare("select count(*) n from incoming_documents").get() as { n: number }).n).toBe(docs);
  });

  test("a real PDF sent as application/octet-stream is still taken as the main file", async () => {
    const real = pdf();
    const result = await receive(packet([{ contentId: "cid:vanban", name: "vanban.bin", contentType: "application/octet-stream", bytes: real }]));
    expect(result.state).toBe("accepted");
    expect(mainFileSha(result.state === "accepted" ? result.incomingDocumentIds[0] : 0)).toBe(sha(real));
  });
});

describe("successive updates of one received document", () => {
  const update = (documentId: string, subject: string, trace: (xml: string) => string) => {
    const base = testDocumentPacket(documentId, pdf(), subject);
    return new Uint8Array(Buffer.from(trace(buildDocumentPacketXml({ ...base, businessDocType: 2, attachments: [] }))));
  };
  const isoTrace = (iso: string) => (xml: string) => xml.replace(/<edXML:Timestamp>[^<]*<\/edXML:Timestamp>/, `<edXML:Timestamp>${iso}</edXML:Timestamp>`);
  const noTrace = (xml: string) => xml.replace(/<edXML:TraceHeader>[\s\S]*?<\/edXML:TraceHeader>/, "");
  const summary = (id: number) => (t.db.$client.prepare("select summary s from incoming_documents where id = ?").get(id) as { s: string }).s;

  for (const [label, first, second] of [
    ["ISO-8601 trace times, morning then afternoon of one day", isoTrace("2025-06-16T08:30:00+07:00"), isoTrace("2025-06-16T14:45:00+07:00")],
    ["no TraceHeader at all", noTrace, noTrace],
  ] as const) {
    test(`${label}: both are applied; the same packet again is a duplicate`, async () => {
      const n = `7${++serial}`;
      const doc = await receive(new Uint8Array(Buffer.from(buildDocumentPacketXml(testDocumentPacket(n, pdf())))));
      expect(doc.state).toBe("accepted");
      const id = doc.state === "accepted" ? doc.incomingDocumentIds[0] : 0;
      const one = update(n, "V/v cập nhật lần 1", first);
      expect(await receive(one)).toMatchObject({ state: "accepted", kind: "update", affected: [id] });
      expect(summary(id)).toBe("V/v cập nhật lần 1");
      expect(await receive(update(n, "V/v cập nhật lần 2", second))).toMatchObject({ state: "accepted", kind: "update", affected: [id] });
      expect(summary(id)).toBe("V/v cập nhật lần 2");
      expect(await receive(one)).toMatchObject({ state: "duplicate", kind: "update" });
      expect(summary(id)).toBe("V/v cập nhật lần 2");
    });
  }
});

describe("what an update changes", () => {
  test("the signer's competence and position are updated with the name", async () => {
    const n = `8${++serial}`;
    const doc = await receive(new Uint8Array(Buffer.from(buildDocumentPacketXml(testDocumentPacket(n, pdf())))));
    const id = doc.state === "accepted" ? doc.incomingDocumentIds[0] : 0;
    const signerOf = () => t.db.$client.prepare("select signer_name name, signer_title title from incoming_documents where id = ?").get(id);
    expect(signerOf()).toEqual({ name: "Nguyễn Văn An", title: "TM. CHỦ TỊCH" });
    const updated = { ...testDocumentPacket(n, pdf()), businessDocType: 2 as const, attachments: [] };
    updated.signer = { competence: "KT.", position: "PHÓ CHỦ TỊCH", fullName: "Trần Thị Bình" };
    expect(await receive(new Uint8Array(Buffer.from(buildDocumentPacketXml(updated))))).toMatchObject({ state: "accepted", affected: [id] });
    expect(signerOf()).toEqual({ name: "Trần Thị Bình", title: "KT. PHÓ CHỦ TỊCH" });
  });
});

describe("a re-delivery with other bytes", () => {
  test("each packet is answered with its own signature verdict, in either order", async () => {
    const ca = createDemoCa();
    const signer = loadPkcs12(
      issueDemoCertificate(ca, { commonName: "UBND tỉnh Cà Mau", organization: "UBND tỉnh Cà Mau", kind: "organization", password: "demo" }).p12,
      "demo",
    );
    for (const order of [
      ["genuine", "tampered"],
      ["tampered", "genuine"],
    ]) {
      const genuine = signPacketXml(buildDocumentPacketXml(testDocumentPacket(`6${++serial}`, pdf(), "V/v văn bản gốc")), {
        privateKey: signer.privateKey,
        chainDer: signer.certificateChainDer,
      });
      const packets = { genuine, tampered: genuine.replace("V/v văn bản gốc", "V/v văn bản bị sửa") };
      const verdicts = { genuine: "valid", tampered: "invalid" };
      const [first, second] = order as Array<keyof typeof packets>;
      expect(await receive(new Uint8Array(Buffer.from(packets[first]))), order.join(" → ")).toMatchObject({ state: "accepted", xmlSignature: verdicts[first] });
      expect(await receive(new Uint8Array(Buffer.from(packets[second]))), order.join(" → ")).toMatchObject({
        state: "duplicate",
        xmlSignature: verdicts[second],
      });
      expect(await receive(new Uint8Array(Buffer.from(packets[first]))), order.join(" → ")).toMatchObject({
        state: "duplicate",
        xmlSignature: verdicts[first],
      });
    }
  });
});

describe("a genuine packet after a copy that was not genuine (ADR 0019)", () => {
  // The sender's organisation certificate chains to a CA this installation trusts (DATA_DIR/keys).
  let signer: ReturnType<typeof loadPkcs12>;
  beforeAll(() => {
    const ca = createDemoCa({ commonName: "CA tin cậy của phép thử" });
    mkdirSync(join(t.dataDir, "keys"), { recursive: true });
    writeFileSync(join(t.dataDir, "keys", "trusted-ca.pem"), ca.certPem);
    signer = loadPkcs12(
      issueDemoCertificate(ca, { commonName: "UBND tỉnh Cà Mau", organization: "UBND tỉnh Cà Mau", kind: "organization", password: "demo" }).p12,
      "demo",
    );
  });
  const bytesOf = (xml: string) => new Uint8Array(Buffer.from(xml));
  /** A signed packet and two copies altered after signing (another subject and another PDF, as a relay could). */
  function packets(n: string) {
    const genuinePdf = pdf();
    const genuine = signPacketXml(buildDocumentPacketXml(testDocumentPacket(n, genuinePdf, "V/v văn bản gốc")), {
      privateKey: signer.privateKey,
      chainDer: signer.certificateChainDer,
    });
    const forgedPdf = pdf();
    const tamper = (subject: string) =>
      genuine.replace("V/v văn bản gốc", subject).replace(Buffer.from(genuinePdf).toString("base64"), Buffer.from(forgedPdf).toString("base64"));
    return { genuine, genuinePdf, forgedPdf, tampered: tamper("V/v văn bản bị sửa"), tamperedAgain: tamper("V/v văn bản bị sửa lần hai") };
  }
  const docOf = (id: number) =>
    t.db.$client.prepare("select d.status, d.summary, f.sha256 from incoming_documents d join files f on f.id = d.file_id where d.id = ?").get(id);
  const inboxRows = (documentId: string) =>
    t.db.$client
      .prepare("select state, xml_signature s, duplicates, file_id is not null kept from edxml_inbox where document_id = ? order by id")
      .all(documentId);
  const trailOf = (id: number) =>
    (
      t.db.$client
        .prepare("select action, comment from audit_events where entity_type = 'incoming_document' and entity_id = ? order by id")
        .all(String(id)) as Array<{
        action: string;
        comment: string | null;
      }>
    ).map((e) => e.action);

  test("still unregistered: the genuine packet replaces the copy's content with a trail entry; identical or invalid copies replace nothing", async () => {
    const n = `5${++serial}`;
    const p = packets(n);
    const first = await receive(bytesOf(p.tampered));
    expect(first).toMatchObject({ state: "accepted", xmlSignature: "invalid" });
    const id = first.state === "accepted" ? first.incomingDocumentIds[0] : 0;
    const documentId = first.state === "accepted" ? first.documentId : "";
    // Another altered copy (other bytes, invalid too) replaces nothing.
    expect(await receive(bytesOf(p.tamperedAgain))).toMatchObject({ state: "duplicate", xmlSignature: "invalid", incomingDocumentIds: [id] });
    expect(docOf(id)).toEqual({ status: "received", summary: "V/v văn bản bị sửa", sha256: sha(p.forgedPdf) });

    const genuine = await receive(bytesOf(p.genuine));
    expect(genuine).toMatchObject({
      state: "accepted",
      xmlSignature: "valid",
      xmlSignatureTrusted: true,
      incomingDocumentIds: [id],
      supersededInboxId: first.inboxId,
    });
    // The same copy now holds the genuine packet: its subject, its PDF byte for byte, its verdict.
    expect(docOf(id)).toEqual({ status: "received", summary: "V/v văn bản gốc", sha256: sha(p.genuinePdf) });
    expect(getIncomingDocument(contextFor(t.db, t.dataDir, clerk), id).edxml).toMatchObject({
      xmlSignature: "valid",
      xmlSignatureTrusted: true,
      attachments: [{ position: 0, name: `${n}.pdf`, isMain: true }],
    });
    expect(trailOf(id)).toEqual(["incoming.deliver", "incoming.edxml_replaced"]);
    const replaced = t.db.$client.prepare("select comment from audit_events where action = 'incoming.edxml_replaced' and entity_id = ?").get(String(id));
    expect(replaced).toEqual({
      comment:
        "Nhận lại gói tin có chữ ký số hợp lệ, được tin cậy; thay nội dung bản nhận trước, có chữ ký số gói tin không hợp lệ (nội dung đã bị thay đổi hoặc chữ ký hỏng).",
    });

    // Byte-identical re-delivery of the genuine packet: a duplicate, stored once; the tampered copies again: nothing.
    expect(await receive(bytesOf(p.genuine))).toMatchObject({ state: "duplicate", xmlSignature: "valid", incomingDocumentIds: [id] });
    expect(await receive(bytesOf(p.tampered))).toMatchObject({ state: "duplicate", xmlSignature: "invalid", incomingDocumentIds: [id] });
    expect(docOf(id)).toEqual({ status: "received", summary: "V/v văn bản gốc", sha256: sha(p.genuinePdf) });
    // The tampered packet stays as evidence (superseded, its file kept); one document for the DocumentId.
    expect(inboxRows(documentId)).toEqual([
      { state: "superseded", s: "invalid", duplicates: 1, kept: 1 },
      { state: "accepted", s: "valid", duplicates: 2, kept: 1 },
    ]);
    expect(t.db.$client.prepare("select count(*) n from edxml_received_documents where document_id = ?").get(documentId)).toEqual({ n: 1 });
  });

  test("already registered: the genuine packet becomes a new copy flagged against it; the clerk is told; no status goes back", async () => {
    const n = `4${++serial}`;
    const p = packets(n);
    const first = await receive(bytesOf(p.tampered));
    const id = first.state === "accepted" ? first.incomingDocumentIds[0] : 0;
    const ctx = contextFor(t.db, t.dataDir, clerk);
    await registerIncomingDocument(ctx, {
      incomingDocumentId: id,
      channel: "electronic",
      receivedAt: new Date(),
      numberSymbol: `${n}/UBND-VP`,
      docTypeCode: "CV",
      issuedDate: "2025-06-15",
      issuerName: "UBND tỉnh Cà Mau",
      summary: "V/v văn bản bị sửa",
      urgency: "normal",
      confidentiality: "normal",
      extractedText: null,
    });
    reconcileEdxmlStatuses({ db: t.db, dataDir: t.dataDir });
    const link = (docId: number) =>
      t.db.$client
        .prepare("select superseded, earlier_incoming_document_id earlier, last_status_code code from edxml_received_documents where incoming_document_id = ?")
        .get(docId);
    expect(link(id)).toEqual({ superseded: 0, earlier: null, code: "03" });

    const genuine = await receive(bytesOf(p.genuine));
    expect(genuine).toMatchObject({ state: "accepted", xmlSignature: "valid", supersededInboxId: first.inboxId });
    const newId = genuine.state === "accepted" ? genuine.incomingDocumentIds[0] : 0;
    expect(newId).not.toBe(id);
    // What the clerk registered stays as registered; the genuine packet waits beside it, flagged both ways.
    expect(docOf(id)).toMatchObject({ status: "registered", summary: "V/v văn bản bị sửa", sha256: sha(p.forgedPdf) });
    expect(docOf(newId)).toEqual({ status: "received", summary: "V/v văn bản gốc", sha256: sha(p.genuinePdf) });
    expect(getIncomingDocument(ctx, newId).edxml).toMatchObject({ xmlSignature: "valid", earlierIncomingDocumentId: id, laterIncomingDocumentId: null });
    expect(getIncomingDocument(ctx, id).edxml).toMatchObject({ xmlSignature: "invalid", earlierIncomingDocumentId: null, laterIncomingDocumentId: newId });
    expect(trailOf(id)).toEqual(["incoming.deliver", "incoming.register", "incoming.edxml_resent"]);
    expect(listNotifications(ctx, { limit: 10 }).find((x) => x.eventType === "incoming_changed")).toMatchObject({
      title: `Văn bản ${n}/UBND-VP được cơ quan gửi gửi lại với chữ ký số hợp lệ; bản đã vào sổ có chữ ký gói tin không hợp lệ`,
      link: `/incoming/${newId}`,
    });
    // The sender was told 03 already: the new copy carries it (no second 01); the registered one tells nothing more.
    expect(link(id)).toEqual({ superseded: 1, earlier: null, code: "03" });
    expect(link(newId)).toEqual({ superseded: 0, earlier: id, code: "03" });
    expect(reconcileEdxmlStatuses({ db: t.db, dataDir: t.dataDir })).toBe(0);
    expect(link(newId)).toMatchObject({ code: "03" });
    // Re-deliveries of either packet now change nothing.
    expect(await receive(bytesOf(p.genuine))).toMatchObject({ state: "duplicate", incomingDocumentIds: [newId] });
    expect(await receive(bytesOf(p.tampered))).toMatchObject({ state: "duplicate" });
    expect(t.db.$client.prepare("select count(*) n from incoming_documents where number_symbol = ?").get(`${n}/UBND-VP`)).toEqual({ n: 2 });
  });

  test("a document that came genuine is not rewritten by an unsigned or untrusted update; a genuine one applies; an unsigned recall still withdraws it", async () => {
    const n = `4${++serial}`;
    const doc = await receive(bytesOf(packets(n).genuine));
    expect(doc).toMatchObject({ state: "accepted", xmlSignature: "valid" });
    const id = doc.state === "accepted" ? doc.incomingDocumentIds[0] : 0;
    const row = () => t.db.$client.prepare("select summary, status, recalled_at recalledAt from incoming_documents where id = ?").get(id);
    const before = row();
    const change = (businessDocType: 1 | 2, summary: string) =>
      buildDocumentPacketXml({ ...testDocumentPacket(n, pdf(), summary), businessDocType, attachments: [] });
    // Unsigned: the update is refused, with the reason the sender reads in its status.
    const unsignedUpdate = await receive(bytesOf(change(2, "V/v cập nhật không ký")));
    expect(unsignedUpdate).toMatchObject({ state: "refused", code: "UNSIGNED_CHANGE" });
    expect(unsignedUpdate.state === "refused" && unsignedUpdate.reason).toBe(
      `Văn bản ${testDocumentPacket(n, pdf()).documentId} đã nhận với chữ ký số hợp lệ, được tin cậy; gói tin cập nhật này có chữ ký số không có nên không áp dụng. Đề nghị cơ quan gửi ký số gói tin rồi gửi lại.`,
    );
    // Signed with a key of a CA this installation does not trust: refused as well.
    const stranger = loadPkcs12(
      issueDemoCertificate(createDemoCa({ commonName: "CA lạ" }), {
        commonName: "UBND tỉnh Cà Mau",
        organization: "UBND tỉnh Cà Mau",
        kind: "organization",
        password: "demo",
      }).p12,
      "demo",
    );
    const untrusted = signPacketXml(change(2, "V/v cập nhật ký bằng khóa lạ"), { privateKey: stranger.privateKey, chainDer: stranger.certificateChainDer });
    const refused = await receive(bytesOf(untrusted));
    expect(refused).toMatchObject({ state: "refused", code: "UNSIGNED_CHANGE" });
    expect(refused.state === "refused" && refused.reason).toMatch(/có chữ ký số hợp lệ nhưng chưa được tin cậy nên không áp dụng/);
    expect(row()).toEqual(before);
    // The sender signs and sends again: applied.
    const genuine = signPacketXml(change(2, "V/v cập nhật có ký số"), { privateKey: signer.privateKey, chainDer: signer.certificateChainDer });
    expect(await receive(bytesOf(genuine))).toMatchObject({ state: "accepted", kind: "update", xmlSignature: "valid", affected: [id] });
    expect(row()).toMatchObject({ summary: "V/v cập nhật có ký số" });
    // A recall rewrites nothing and this product's own recalls go unsigned (no seal at hand): it applies.
    expect(await receive(bytesOf(change(1, "V/v thu hồi không ký")))).toMatchObject({ state: "accepted", kind: "recall", affected: [id] });
    expect(row()).toMatchObject({ recalledAt: expect.any(Number) });
  });

  test("a document that came unsigned is still changed by an unsigned update (many LGSP clients do not sign)", async () => {
    const n = `5${++serial}`;
    const doc = await receive(bytesOf(buildDocumentPacketXml(testDocumentPacket(n, pdf()))));
    const id = doc.state === "accepted" ? doc.incomingDocumentIds[0] : 0;
    const update = buildDocumentPacketXml({ ...testDocumentPacket(n, pdf(), "V/v cập nhật không ký"), businessDocType: 2, attachments: [] });
    expect(await receive(bytesOf(update))).toMatchObject({ state: "accepted", kind: "update", xmlSignature: "absent", affected: [id] });
  });

  test("an update or a recall altered after signing is refused and changes nothing; the genuine update is then applied", async () => {
    const n = `3${++serial}`;
    const doc = await receive(bytesOf(buildDocumentPacketXml(testDocumentPacket(n, pdf()))));
    const id = doc.state === "accepted" ? doc.incomingDocumentIds[0] : 0;
    const genuine = signPacketXml(
      buildDocumentPacketXml({ ...testDocumentPacket(n, pdf(), "V/v cập nhật của cơ quan gửi"), businessDocType: 2, attachments: [] }),
      { privateKey: signer.privateKey, chainDer: signer.certificateChainDer },
    );
    const summary = () => (t.db.$client.prepare("select summary s from incoming_documents where id = ?").get(id) as { s: string }).s;
    const before = summary();
    const refused = await receive(bytesOf(genuine.replace("V/v cập nhật của cơ quan gửi", "V/v cập nhật bị sửa")));
    expect(refused).toMatchObject({ state: "refused", code: "INVALID_SIGNATURE" });
    expect(refused.state === "refused" && refused.reason).toMatch(/^Gói tin cập nhật văn bản .* có chữ ký số XML không hợp lệ/);
    expect(summary()).toBe(before);
    // A recall signed and then altered (its document id kept) is refused too: the copy stays received.
    const recall = signPacketXml(buildDocumentPacketXml({ ...testDocumentPacket(n, pdf(), "V/v thu hồi"), businessDocType: 1, attachments: [] }), {
      privateKey: signer.privateKey,
      chainDer: signer.certificateChainDer,
    });
    expect(await receive(bytesOf(recall.replace("V/v thu hồi", "V/v thu hồi bị sửa")))).toMatchObject({ state: "refused", code: "INVALID_SIGNATURE" });
    expect(t.db.$client.prepare("select status s from incoming_documents where id = ?").get(id)).toEqual({ s: "received" });
    expect(await receive(bytesOf(genuine))).toMatchObject({ state: "accepted", kind: "update", xmlSignature: "valid", affected: [id] });
    expect(summary()).toBe("V/v cập nhật của cơ quan gửi");
    expect(await receive(bytesOf(genuine))).toMatchObject({ state: "duplicate" });
  });
});
