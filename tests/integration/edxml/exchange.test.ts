// edXML exchange between two databases (two "instances") through the directory adapter, driven by the
// real services and dispatcher: issue → packet → arrival → statuses back → recall; CLI-level round trip;
// idempotency under duplicate delivery; hostile packets refused in the untrusted pool with nothing stored; an update
// carrying a corrected PDF.
import { spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { Actor } from "#app/platform/auth/actor";
import { createTestDb, type TestDb } from "#tests/support/test-db";
import { makeUser, contextFor } from "#tests/support/factories";
import { createOutgoingWorld, statusOf, toLeaderReview, type OutgoingWorld } from "#tests/support/outgoing-world";
import { issueOutgoingDocument, getOutgoingDocument, readOutgoingFile, recallOutgoingDocument, signOutgoingDocument } from "#app/features/outgoing/index";
import { readIncomingFile, registerIncomingDocument, returnIncomingDocument } from "#app/features/incoming/index";
import { readStoredFile } from "#app/platform/files/files.server";
import { present } from "#app/utils/errors";
import { addDirectoryOrganization, upsertEdxmlPeer } from "#app/features/exchange/peers.server";
import { runEdxmlDispatcherOnce } from "#app/features/exchange/dispatcher.server";
import { receiveEdxmlPacket } from "#app/features/exchange/inbox.server";
import { exportEdxmlForCli, importEdxmlForCli, listIncomingForCli } from "#app/features/exchange/cli.server";
import { closeUntrustedPool } from "#app/platform/untrusted/pool.server";
import { listNotifications } from "#app/features/notifications/index";
import { buildDocumentPacketXml, parsePacket, signPacketXml } from "#edxml/index";
import { PDFDocument } from "pdf-lib";
import { openCertificate } from "#app/platform/signing/document-signing.server";
import { loadOrganizationSigningMaterial } from "#app/platform/signing/credentials.server";
import { checkIncomingDocumentSignatures, getIncomingDocument } from "#app/features/incoming/index";
import { outboxPacketBytes } from "#app/features/exchange/outbox.server";
import { replacedFileIdOf, senderUpdateLines } from "#app/domain/incoming/trail";

const B_ORGAN = "000.00.00.H05";
let a: OutgoingWorld;
let b: TestDb & { clerk: Actor; orgId: number };
let lgspA: string; // A's exchange folder with B
let lgspB: string; // B's exchange folder with A

/** The LGSP between them: what one side wrote to out/ appears in the other's in/. */
function shuttle() {
  let moved = 0;
  for (const [from, to] of [
    [lgspA, lgspB],
    [lgspB, lgspA],
  ]) {
    mkdirSync(join(to, "in"), { recursive: true });
    for (const name of readdirSync(join(from, "out")).filter((n) => n.endsWith(".edxml"))) {
      renameSync(join(from, "out", name), join(to, "in", `${Date.now()}-${moved}-${name}`));
      moved++;
    }
  }
  return moved;
}

async function exchange(rounds = 3) {
  for (let i = 0; i < rounds; i++) {
    await runEdxmlDispatcherOnce({ db: a.db, dataDir: a.dataDir });
    await runEdxmlDispatcherOnce({ db: b.db, dataDir: b.dataDir });
    shuttle();
  }
}

/** The "delivery answered" notifications a user of A holds for one outgoing document, oldest first. */
const answers = (username: string, outgoingId: number) =>
  listNotifications(a.ctx(username), { limit: 100 })
    .filter((n) => n.eventType === "delivery_answered" && n.entityId === outgoingId)
    .map((n) => n.title)
    .reverse();
const remoteName = () => (a.db.$client.prepare("select name from organizations where identifier = ?").get(B_ORGAN) as { name: string }).name;

const count = (db: TestDb["db"], sql: string, ...params: unknown[]) => (db.$client.prepare(sql).get(...params) as { n: number }).n;

async function issueTo(recipientIds: number[], summary: string) {
  const { id } = await a.draft("chuyenvien", { internalRecipientIds: recipientIds, externalRecipients: [], summary, urgency: "very_urgent" });
  await toLeaderReview(a, id);
  await signOutgoingDocument(a.ctx("chutich"), { documentId: id, passphrase: "demo" });
  const issued = await issueOutgoingDocument(a.ctx("vanthu"), { documentId: id, passphrase: "demo" });
  expect(statusOf(a.db, id)).toBe("issued");
  return { id, ...issued };
}

beforeAll(async () => {
  a = await createOutgoingWorld();
  const t = createTestDb();
  const org = addDirectoryOrganization(t.db, { organId: B_ORGAN, name: "UBND tỉnh Bạc Liêu", placeName: "Bạc Liêu" });
  const clerk = await makeUser(t.db, t.dataDir, { username: "vanthu.baclieu", unitId: org.organizationId, roles: ["clerk"], fullName: "Lê Thị Thu" });
  b = { ...t, clerk, orgId: org.organizationId };
  // B trusts the CA that issued A's organisation certificate (its DATA_DIR/keys is its trust store).
  mkdirSync(join(b.dataDir, "keys"), { recursive: true });
  copyFileSync(a.caPath, join(b.dataDir, "keys", "demo-ca.pem"));
  const root = mkdtempSync(join(tmpdir(), "edxml-lgsp-"));
  lgspA = join(root, "a");
  lgspB = join(root, "b");
  for (const d of [lgspA, lgspB]) mkdirSync(join(d, "out"), { recursive: true });
  upsertEdxmlPeer(a.db, { name: "LGSP Bạc Liêu", transport: "directory", directory: lgspA });
  addDirectoryOrganization(a.db, { organId: B_ORGAN, name: "UBND tỉnh Bạc Liêu", peerName: "LGSP Bạc Liêu" });
  upsertEdxmlPeer(b.db, { name: "LGSP Cà Mau", transport: "directory", directory: lgspB });
  addDirectoryOrganization(b.db, { organId: "000.00.00.H12", name: "Ủy ban nhân dân tỉnh Cà Mau", peerName: "LGSP Cà Mau" });
});

afterAll(async () => {
  await closeUntrustedPool();
  a?.cleanup();
  b?.cleanup();
});

describe("edXML between two systems", () => {
  test("issue to an organisation on another system → packet → received in its queue → statuses and recall come back", async () => {
    const remoteId = (a.db.$client.prepare("select id from organizations where identifier = ?").get(B_ORGAN) as { id: number }).id;
    const issued = await issueTo([remoteId, a.tanThanhId], "Tăng cường kỷ luật, kỷ cương hành chính");
    // One packet in the outbox, enqueued in the issue transaction; the internal recipient got its copy directly.
    expect(count(a.db, "select count(*) n from edxml_outbox where kind = 'document' and state = 'pending'")).toBe(1);
    expect(count(a.db, "select count(*) n from incoming_documents where outgoing_document_id = ?", issued.id)).toBe(1);
    expect(getOutgoingDocument(a.ctx("vanthu"), issued.id).deliveries.find((d) => d.recipientOrganizationId === remoteId)).toMatchObject({ status: "sending" });

    await exchange();
    const received = listIncomingForCli({ db: b.db, dataDir: b.dataDir, actor: b.clerk }, "received");
    expect(received).toHaveLength(1);
    const doc = b.db.$client.prepare("select * from incoming_documents where id = ?").get(received[0].id) as Record<string, unknown>;
    expect(doc).toMatchObject({
      status: "received",
      channel: "electronic",
      number_symbol: issued.numberSymbol,
      issued_date: issued.issuedDate,
      issuer_name: "Ủy ban nhân dân tỉnh Cà Mau",
      summary: "Tăng cường kỷ luật, kỷ cương hành chính",
      urgency: "very_urgent",
      doc_type_code: "KH",
    });
    // The PDF arrived byte-identical and the packet's XML signature verified and chained to the trusted CA.
    const issuedPdf = readOutgoingFile(a.ctx("vanthu"), { documentId: issued.id, kind: "issued" }).bytes;
    const fileSha = (b.db.$client.prepare("select sha256 from files where id = ?").get(doc.file_id) as { sha256: string }).sha256;
    expect(fileSha).toBe(createHash("sha256").update(issuedPdf).digest("hex"));
    expect(b.db.$client.prepare("select xml_signature s, xml_signature_trusted t from edxml_received_documents").get()).toEqual({ s: "valid", t: 1 });
    // 01 came back to A.
    expect(getOutgoingDocument(a.ctx("vanthu"), issued.id).deliveries.find((d) => d.recipientOrganizationId === remoteId)).toMatchObject({
      status: "received",
    });

    // Duplicate delivery (the LGSP hands the same packet over again): counted, not stored twice.
    const packet = readFileSync(join(lgspB, "in", "processed", readdirSync(join(lgspB, "in", "processed")).find((n) => n.includes("document"))!));
    const again = await receiveEdxmlPacket({ db: b.db, dataDir: b.dataDir }, new Uint8Array(packet), { channel: "http" });
    expect(again).toMatchObject({ state: "duplicate", incomingDocumentIds: [received[0].id] });
    expect(count(b.db, "select count(*) n from incoming_documents")).toBe(1);
    expect(count(b.db, "select duplicates n from edxml_inbox where kind = 'document' and state = 'accepted'")).toBe(1);

    // The clerk registers it with the packet's fields: 03 goes back.
    await registerIncomingDocument(contextFor(b.db, b.dataDir, b.clerk), {
      incomingDocumentId: received[0].id,
      channel: "electronic",
      receivedAt: new Date(),
      numberSymbol: String(doc.number_symbol),
      docTypeCode: String(doc.doc_type_code),
      issuedDate: String(doc.issued_date),
      issuerName: String(doc.issuer_name),
      summary: String(doc.summary),
      urgency: "very_urgent",
      confidentiality: "normal",
      extractedText: null,
    });
    await exchange();
    expect(getOutgoingDocument(a.ctx("vanthu"), issued.id).deliveries.find((d) => d.recipientOrganizationId === remoteId)).toMatchObject({
      status: "registered",
    });
    expect(count(b.db, "select count(*) n from edxml_outbox where kind = 'status'")).toBe(2); // 01, 03
    // 03 is an answer (01 is only progress): the author and A's clerk are told, in the transaction that applied it.
    const registeredNote = `Văn bản ${issued.numberSymbol} — ${remoteName()}: Đã vào sổ`;
    expect(answers("chuyenvien", issued.id)).toEqual([registeredNote]);
    expect(answers("vanthu", issued.id)).toEqual([registeredNote]);

    // Recall (BussinessDocType 1): B's copy is marked recalled and answers 15; A shows it.
    recallOutgoingDocument(a.ctx("vanthu"), { documentId: issued.id, reason: "Ban hành nhầm thời hạn" });
    await exchange();
    expect(b.db.$client.prepare("select recall_reason r from incoming_documents where id = ?").get(received[0].id)).toEqual({ r: "Ban hành nhầm thời hạn" });
    expect(getOutgoingDocument(a.ctx("vanthu"), issued.id).deliveries.find((d) => d.recipientOrganizationId === remoteId)).toMatchObject({
      status: "recalled",
    });
    expect(answers("chuyenvien", issued.id)).toEqual([registeredNote, `Văn bản ${issued.numberSymbol} — ${remoteName()}: Đã thu hồi`]);
    // Nothing doubled anywhere: one document packet, one recall, each sent once.
    expect(count(a.db, "select count(*) n from edxml_outbox where state = 'sent'")).toBe(2);
    expect(count(a.db, "select count(*) n from edxml_outbox where state <> 'sent'")).toBe(0);
  });

  test("a returned copy answers 02 with the reason", async () => {
    const remoteId = (a.db.$client.prepare("select id from organizations where identifier = ?").get(B_ORGAN) as { id: number }).id;
    const issued = await issueTo([remoteId], "Báo cáo tình hình thực hiện nhiệm vụ quý");
    await exchange();
    const received = listIncomingForCli({ db: b.db, dataDir: b.dataDir, actor: b.clerk }, "received");
    expect(received).toHaveLength(1);
    returnIncomingDocument(contextFor(b.db, b.dataDir, b.clerk), { id: received[0].id, reason: "Gửi nhầm cơ quan" });
    await exchange();
    expect(getOutgoingDocument(a.ctx("vanthu"), issued.id).deliveries[0]).toMatchObject({
      status: "returned",
      returnReason: "Từ chối tiếp nhận: Gửi nhầm cơ quan",
    });
    expect(answers("chuyenvien", issued.id)).toEqual([`Văn bản ${issued.numberSymbol} — ${remoteName()}: Bị trả lại: Từ chối tiếp nhận: Gửi nhầm cơ quan`]);
  });

  test("export → import on another organisation: same fields, same bytes; xmlsec1 accepts the exported packet", async () => {
    const issued = await issueTo([a.tanThanhId], "Triển khai dịch vụ công trực tuyến toàn trình");
    const { xml, documentId } = await exportEdxmlForCli(
      { db: a.db, dataDir: a.dataDir, actor: a.actors.vanthu },
      { documentId: issued.id, toOrganId: B_ORGAN },
    );
    expect(documentId).toBe(`000.00.00.H12,${issued.issuedDate.replace(/-/g, "/")},${issued.numberSymbol}`);
    const file = join(b.dataDir, "export.edxml");
    writeFileSync(file, xml);
    const check = spawnSync("xmlsec1", ["--verify", "--trusted-pem", a.caPath, file], { encoding: "utf8" });
    expect(check.status, check.stderr).toBe(0);
    writeFileSync(`${file}.bad`, xml.replace("Triển khai", "Tạm dừng"));
    expect(spawnSync("xmlsec1", ["--verify", "--trusted-pem", a.caPath, `${file}.bad`]).status).not.toBe(0);

    const imported = await importEdxmlForCli({ db: b.db, dataDir: b.dataDir, actor: b.clerk }, new Uint8Array(readFileSync(file)));
    const issuedPdf = readOutgoingFile(a.ctx("vanthu"), { documentId: issued.id, kind: "issued" }).bytes;
    expect(imported).toMatchObject({
      kind: "document",
      status: "received",
      numberSymbol: issued.numberSymbol,
      issuedDate: issued.issuedDate,
      issuerOrganId: "000.00.00.H12",
      issuerName: "Ủy ban nhân dân tỉnh Cà Mau",
      docType: "KH",
      summary: "Triển khai dịch vụ công trực tuyến toàn trình",
      signerName: a.actors.chutich.fullName,
      urgency: "very_urgent",
      dueDate: null,
      xmlSignature: "valid",
      attachments: [
        { name: `${issued.numberSymbol.replace(/\//g, "-")}.pdf`, sha256: createHash("sha256").update(issuedPdf).digest("hex"), bytes: issuedPdf.byteLength },
      ],
    });
    // The same packet imported twice is stored once.
    const twice = await importEdxmlForCli({ db: b.db, dataDir: b.dataDir, actor: b.clerk }, new Uint8Array(readFileSync(file)));
    expect(twice).toMatchObject({ id: (imported as { id: number }).id, duplicate: true });
    // A tampered packet still arrives (the PDF's own signatures are checked as usual) but reports "invalid".
  });

  test("hostile packets are refused in the pool, recorded as refused, nothing else stored", async () => {
    const issued = await issueTo([a.tanThanhId], "Văn bản mẫu để thử gói tin lỗi");
    const { xml } = await exportEdxmlForCli({ db: a.db, dataDir: a.dataDir, actor: a.actors.vanthu }, { documentId: issued.id, toOrganId: B_ORGAN });
    const cases: Array<[string, string, RegExp]> = [
      ["foreign namespace", xml.replace("http://www.mic.gov.vn/TBT/QCVN_102_2016", "urn:example"), /không theo QCVN 102:2016/],
      [
        "manifest without attachment",
        xml.replace("<ContentId>cid:vanban@000.00.00.H12</ContentId>", "<ContentId>cid:mat@000.00.00.H12</ContentId>"),
        /không có tệp đính kèm tương ứng/,
      ],
      ["broken base64", xml.replace(/<ContentTransferEncoded>([A-Za-z0-9+/]{12})/, "<ContentTransferEncoded>$1!!"), /base64/],
      ["truncated", xml.slice(0, Math.floor(xml.length * 0.6)), /cắt cụt|không phải XML/],
      [
        "DOCTYPE + external entity",
        xml.replace("<edXML:edXMLEnvelope", '<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><edXML:edXMLEnvelope'),
        /DOCTYPE\/ENTITY/,
      ],
      ["addressed elsewhere", xml.replaceAll(B_ORGAN, "000.00.00.H99"), /không gửi cho cơ quan/],
    ];
    const filesBefore = count(b.db, "select count(*) n from files");
    // The packet is staged in the file store for the pool child to read: a refused one leaves nothing there.
    const onDisk = () =>
      existsSync(join(b.dataDir, "files"))
        ? readdirSync(join(b.dataDir, "files"), { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).length
        : 0;
    const blobsBefore = onDisk();
    const docsBefore = count(b.db, "select count(*) n from incoming_documents");
    for (const [label, body, reason] of cases) {
      const result = await receiveEdxmlPacket({ db: b.db, dataDir: b.dataDir }, new Uint8Array(Buffer.from(body)), { channel: "http" });
      expect(result.state, label).toBe("refused");
      expect(result.state === "refused" && result.reason, label).toMatch(reason);
    }
    expect(count(b.db, "select count(*) n from edxml_inbox where state = 'refused' and file_id is null")).toBe(cases.length);
    expect(count(b.db, "select count(*) n from files")).toBe(filesBefore);
    expect(onDisk()).toBe(blobsBefore);
    expect(count(b.db, "select count(*) n from incoming_documents")).toBe(docsBefore);
  });
});

describe("an update packet (BussinessDocType 2) carrying a corrected PDF", () => {
  test("applied to a registered copy: the PDF replaced byte-identical and checked, the old one kept, the clerk told; a fake PDF refused", async () => {
    const remoteId = (a.db.$client.prepare("select id from organizations where identifier = ?").get(B_ORGAN) as { id: number }).id;
    const issued = await issueTo([remoteId], "Tổ chức hội nghị sơ kết công tác quý II");
    await exchange();
    const copyId = (
      b.db.$client.prepare("select incoming_document_id id from edxml_received_documents where document_id like ?").get(`%,${issued.numberSymbol}`) as {
        id: number;
      }
    ).id;
    const ctx = contextFor(b.db, b.dataDir, b.clerk);
    const received = getIncomingDocument(ctx, copyId);
    await registerIncomingDocument(ctx, {
      incomingDocumentId: copyId,
      channel: "electronic",
      receivedAt: new Date(),
      numberSymbol: received.numberSymbol,
      docTypeCode: received.docTypeCode,
      issuedDate: String(received.issuedDate),
      issuerName: received.issuerName,
      summary: received.summary,
      signerName: received.signerName,
      signerTitle: received.signerTitle,
      pageCount: received.pageCount,
      urgency: "very_urgent",
      confidentiality: "normal",
      extractedText: null,
    });
    const oldSha = present(received.file, "the received PDF").sha256;
    // The corrected PDF: another document A issued (signed by its leader and sealed), three pages long.
    const long = Array.from({ length: 90 }, (_, i) => `${i + 1}. Nội dung đính chính của hội nghị sơ kết, mục ${i + 1}.`).join("\n");
    const other = await (async () => {
      const { id } = await a.draft("chuyenvien", { internalRecipientIds: [a.tanThanhId], externalRecipients: [], summary: "Bản đính chính", body: long });
      await toLeaderReview(a, id);
      await signOutgoingDocument(a.ctx("chutich"), { documentId: id, passphrase: "demo" });
      await issueOutgoingDocument(a.ctx("vanthu"), { documentId: id, passphrase: "demo" });
      return readOutgoingFile(a.ctx("vanthu"), { documentId: id, kind: "issued" }).bytes;
    })();
    const pages = (await PDFDocument.load(other)).getPageCount();
    expect(pages).toBeGreaterThan(1);

    // The update as the sender's exporter builds it: its document packet, BussinessDocType 2, the corrected PDF, signed
    // again with the organisation's certificate.
    const { xml } = await exportEdxmlForCli({ db: a.db, dataDir: a.dataDir, actor: a.actors.vanthu }, { documentId: issued.id, toOrganId: B_ORGAN });
    const original = parsePacket(new Uint8Array(Buffer.from(xml)));
    if (original.kind !== "document") throw new Error("a document packet");
    const key = await openCertificate(
      present(loadOrganizationSigningMaterial(a.ctx("vanthu"), a.provinceId).p12, "the organisation certificate"),
      "demo",
      new Date(),
    );
    const update = (at: string, change: Partial<typeof original.packet>) =>
      new Uint8Array(
        Buffer.from(
          signPacketXml(
            buildDocumentPacketXml({
              ...original.packet,
              businessDocType: 2,
              businessReason: "Đính chính tệp văn bản",
              traces: [{ organId: "000.00.00.H12", timestamp: new Date(at) }],
              ...change,
            }),
            { privateKey: key.privateKey, chainDer: key.certificateChainDer },
          ),
        ),
      );
    const mainAttachment = original.packet.attachments[0];
    const withPdf = update("2025-07-01T09:00:00+07:00", { attachments: [{ ...mainAttachment, bytes: other }] });
    const file = join(b.dataDir, "update.edxml");
    writeFileSync(file, withPdf);
    const check = spawnSync("xmlsec1", ["--verify", "--trusted-pem", a.caPath, file], { encoding: "utf8" });
    expect(check.status, check.stderr).toBe(0);

    const peerId = (b.db.$client.prepare("select id from edxml_peers where name = 'LGSP Cà Mau'").get() as { id: number }).id;
    const receive = (bytes: Uint8Array) => receiveEdxmlPacket({ db: b.db, dataDir: b.dataDir }, bytes, { channel: "directory", peerId });
    const answers15 = () =>
      (
        b.db.$client
          .prepare(
            "select business_key k, file_id f from edxml_outbox where kind = 'status' and business_key like 'status:15%' and document_id = ? order by id",
          )
          .all(original.packet.documentId) as Array<{ k: string; f: number }>
      ).map((r) => ({ key: r.k, text: outboxPacketBytes(b.db, b.dataDir, r.f).toString("utf8") }));

    // A "PDF" that is not one is refused as a document packet's would be: reason recorded, nothing changed, no answer.
    const exe = new Uint8Array(Buffer.concat([Buffer.from("MZ\x90\x00\x03"), Buffer.alloc(2048, 1)]));
    const refused = await receive(update("2025-07-01T08:00:00+07:00", { attachments: [{ ...mainAttachment, bytes: exe }] }));
    const reason = `Tệp "${mainAttachment.name}" khai báo là PDF nhưng nội dung không phải tệp PDF; không cập nhật văn bản theo gói tin này.`;
    expect(refused).toMatchObject({ state: "refused", code: "NOT_PDF", reason });
    expect(b.db.$client.prepare("select state, kind, refusal_reason r from edxml_inbox where id = ?").get(refused.inboxId)).toEqual({
      state: "refused",
      kind: "update",
      r: reason,
    });
    expect(present(getIncomingDocument(ctx, copyId).file, "the PDF").sha256).toBe(oldSha);
    expect(answers15()).toEqual([]);

    const applied = await receive(withPdf);
    expect(applied).toMatchObject({ state: "accepted", kind: "update", affected: [copyId], xmlSignature: "valid", xmlSignatureTrusted: true });
    const doc = getIncomingDocument(ctx, copyId);
    // The corrected PDF byte for byte, its page count, the document still where the clerk left it.
    expect(present(doc.file, "the corrected PDF").sha256).toBe(createHash("sha256").update(other).digest("hex"));
    expect(readIncomingFile(ctx, copyId).bytes.equals(Buffer.from(other))).toBe(true);
    expect(doc).toMatchObject({ status: "registered", pageCount: pages });
    expect(doc.edxml?.attachments).toEqual([{ position: 0, name: mainAttachment.name, size: other.byteLength, isMain: true }]);
    // Its signatures are checked as a received PDF's: A's leader and seal, trusted.
    const signatures = await checkIncomingDocumentSignatures(ctx, doc);
    expect(signatures.status).toBe("valid");
    expect(signatures.signatures).toHaveLength(2);
    // The trail names the new file, its check, and the old one, which stays stored.
    const entry = doc.trail.at(-1);
    expect(entry).toMatchObject({ action: "incoming.edxml_update", comment: "Đính chính tệp văn bản" });
    const lines = senderUpdateLines(entry?.detail);
    expect(lines).toContain("Đã cập nhật: số trang");
    expect(lines.find((l) => l.startsWith("Thay tệp văn bản:"))).toContain(mainAttachment.name);
    expect(lines).toContain(`Kiểm tra chữ ký số tệp mới: ${signatures.label}`);
    expect(lines.find((l) => l.startsWith("Tệp trước vẫn được lưu:"))).toContain(oldSha.slice(0, 16));
    expect(readStoredFile(b.dataDir, { sha256: oldSha }).byteLength).toBeGreaterThan(0);
    // The trail links the old file for download (the clerk compares it with the correction); only a file an update
    // replaced in this document is served that way: the current one, or a file id from elsewhere, is "not found".
    const replacedId = present(replacedFileIdOf(entry?.detail), "the replaced file's id");
    const previous = readIncomingFile(ctx, copyId, { previous: replacedId });
    expect(createHash("sha256").update(previous.bytes).digest("hex")).toBe(oldSha);
    expect(previous.fileName).toMatch(/-truoc-cap-nhat-\d+\.pdf$/);
    expect(() => readIncomingFile(ctx, copyId, { previous: present(doc.file, "the corrected PDF").id })).toThrow(/Không tìm thấy/);
    expect(() => readIncomingFile(ctx, copyId, { previous: replacedId + 1_000_000 })).toThrow(/Không tìm thấy/);
    // Whoever holds it learns it: the clerk who registered it.
    expect(listNotifications(ctx, { limit: 10 }).find((n) => n.eventType === "incoming_changed")).toMatchObject({
      title: `Văn bản ${doc.numberSymbol} được cơ quan gửi cập nhật và thay tệp văn bản`,
      link: `/incoming/${copyId}`,
    });
    // Answered 15 once it was applied, saying what was applied.
    expect(answers15()).toHaveLength(1);
    expect(answers15()[0].text).toContain("Đã cập nhật thông tin và tệp văn bản");

    // A later update (metadata only; its PageAmount now the corrected one) is applied and answered too; the same
    // packet again is a duplicate.
    const later = update("2025-07-02T09:00:00+07:00", { subject: "Tổ chức hội nghị sơ kết công tác 6 tháng", pageAmount: pages, attachments: [] });
    expect(await receive(later)).toMatchObject({
      state: "accepted",
      affected: [copyId],
    });
    expect(getIncomingDocument(ctx, copyId)).toMatchObject({ summary: "Tổ chức hội nghị sơ kết công tác 6 tháng", pageCount: pages });
    expect(await receive(withPdf)).toMatchObject({ state: "duplicate" });
    expect(answers15().map((x) => x.text.includes("Đã cập nhật thông tin văn bản"))).toEqual([false, true]);
  });
});

describe("a packet's other files (appendixes)", () => {
  test("listed in packet order apart from the main PDF, whichever position it has, each downloadable byte-identical", async () => {
    const { pdfLibDocument } = await import("#tests/support/pdf-corpus");
    const { buildDocumentPacketXml } = await import("#edxml/index");
    const { testDocumentPacket } = await import("#tests/support/edxml-packets");
    const { getIncomingDocument, readIncomingAttachment } = await import("#app/features/incoming/index");
    const pdf = await pdfLibDocument({ pages: 1 });
    const docx = new Uint8Array(Buffer.from("PK\u0003\u0004 docx bytes of the appendix"));
    const xlsx = new Uint8Array(Buffer.from("PK\u0003\u0004 xlsx bytes of the table"));
    const packet = testDocumentPacket("131", pdf, "V/v gửi số liệu kèm phụ lục");
    packet.attachments = [
      {
        contentId: "cid:phuluc",
        name: "Phụ lục 1 - Danh mục.docx",
        contentType: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        bytes: docx,
      },
      { contentId: "cid:vanban", name: "Công văn 131.pdf", contentType: "application/pdf", bytes: pdf },
      {
        contentId: "cid:bang",
        name: "Bảng tổng hợp số liệu.xlsx",
        contentType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        bytes: xlsx,
      },
    ];
    const imported = (await importEdxmlForCli(
      { db: b.db, dataDir: b.dataDir, actor: b.clerk },
      new Uint8Array(Buffer.from(buildDocumentPacketXml(packet))),
    )) as {
      id: number;
    };
    const ctx = contextFor(b.db, b.dataDir, b.clerk);
    const doc = getIncomingDocument(ctx, imported.id);
    expect(doc.edxml?.attachments.map((x) => [x.position, x.name, x.isMain])).toEqual([
      [0, "Phụ lục 1 - Danh mục.docx", false],
      [1, "Công văn 131.pdf", true],
      [2, "Bảng tổng hợp số liệu.xlsx", false],
    ]);
    expect(readIncomingAttachment(ctx, imported.id, 0)).toEqual({ bytes: Buffer.from(docx), fileName: "Phụ lục 1 - Danh mục.docx" });
    expect(readIncomingAttachment(ctx, imported.id, 2).bytes.equals(Buffer.from(xlsx))).toBe(true);
    expect(() => readIncomingAttachment(ctx, imported.id, 3)).toThrow("Không tìm thấy tệp kèm theo.");
  });
});

describe("a packet in another system's layout (the VPCP SDK's outer edXML, the Bkav eDoc travel zip)", () => {
  test("is received, its zipped XLSX stored as the XLSX that was sent, and registered with the packet's fields", async () => {
    const JSZip = (await import("jszip")).default;
    const { pdfLibDocument } = await import("#tests/support/pdf-corpus");
    const { vpcpPacket } = await import("#tests/support/edxml-foreign");
    const { getIncomingDocument, readIncomingAttachment } = await import("#app/features/incoming/index");
    const pdf = await pdfLibDocument({ pages: 2 });
    const book = new JSZip();
    book.file("[Content_Types].xml", "<Types/>");
    book.file("xl/workbook.xml", "<workbook/>");
    const xlsx = await book.generateAsync({ type: "uint8array", compression: "DEFLATE" });
    const travel = new JSZip();
    travel.file("3f9a1c2e-7b4d-4e8f-9a0b-1c2d3e4f5a6b.xlsx", xlsx);
    const wrapped = await travel.generateAsync({ type: "uint8array", compression: "DEFLATE", streamFiles: true });
    const xml = vpcpPacket([
      { id: "9d2f-vanban", name: "4521-VPCP-KSTT.pdf", type: "application/pdf", bytes: pdf },
      { id: "9d2f-bangke", name: "Bảng kê thủ tục.xlsx", type: "application/zip", bytes: wrapped },
    ]);
    const imported = (await importEdxmlForCli({ db: b.db, dataDir: b.dataDir, actor: b.clerk }, new Uint8Array(Buffer.from(xml)))) as {
      id: number;
      attachments: Array<{ name: string; sha256: string; bytes: number }>;
    };
    const sha = (x: Uint8Array) => createHash("sha256").update(x).digest("hex");
    expect(imported).toMatchObject({
      kind: "document",
      status: "received",
      numberSymbol: "4521/VPCP-KSTT",
      issuedDate: "2025-06-15",
      issuerOrganId: "000.00.00.G22",
      issuerName: "Văn phòng Chính phủ",
      summary: "V/v đẩy mạnh cải cách thủ tục hành chính năm 2025",
      signerName: "Trần Văn Bình",
      urgency: "urgent",
      dueDate: "2025-07-01",
      xmlSignature: "absent",
      attachments: [
        { name: "4521-VPCP-KSTT.pdf", sha256: sha(pdf), bytes: pdf.byteLength },
        { name: "Bảng kê thủ tục.xlsx", sha256: sha(xlsx), bytes: xlsx.byteLength },
      ],
    });
    const ctx = contextFor(b.db, b.dataDir, b.clerk);
    expect(readIncomingAttachment(ctx, imported.id, 1).bytes.equals(Buffer.from(xlsx))).toBe(true);
    expect(Buffer.from(readIncomingFile(ctx, imported.id).bytes).equals(Buffer.from(pdf))).toBe(true);

    const doc = getIncomingDocument(ctx, imported.id);
    await registerIncomingDocument(ctx, {
      incomingDocumentId: imported.id,
      channel: "electronic",
      receivedAt: new Date(),
      numberSymbol: doc.numberSymbol ?? "",
      docTypeCode: doc.docTypeCode ?? "CV",
      issuedDate: doc.issuedDate ?? "",
      issuerName: doc.issuerName ?? "",
      summary: doc.summary ?? "",
      urgency: doc.urgency,
      confidentiality: "normal",
      extractedText: null,
    });
    expect(getIncomingDocument(ctx, imported.id).status).toBe("registered");
  });

  test("a DocumentId that is an opaque id (a UUID) is answered: the 01 status echoes it, addressed to the sender's OrganId", async () => {
    const { pdfLibDocument } = await import("#tests/support/pdf-corpus");
    const { vpcpPacket } = await import("#tests/support/edxml-foreign");
    const pdf = await pdfLibDocument({ pages: 1 });
    const documentId = "6f1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d";
    const xml = vpcpPacket([{ id: "uuid-vanban", name: "88.pdf", type: "application/pdf", bytes: pdf }], { fromOrganId: "000.00.00.H12", documentId });
    const received = await receiveEdxmlPacket({ db: b.db, dataDir: b.dataDir }, new Uint8Array(Buffer.from(xml)), { channel: "http" });
    expect(received).toMatchObject({ state: "accepted", kind: "document" });
    const rows = b.db.$client
      .prepare("select recipient_organ_id r, business_key k, file_id f from edxml_outbox where kind = 'status' and document_id = ?")
      .all(documentId) as Array<{ r: string; k: string; f: number }>;
    expect(rows.map((r) => r.k)).toEqual(["status:01"]);
    const answer = parsePacket(new Uint8Array(outboxPacketBytes(b.db, b.dataDir, rows[0].f)));
    expect(answer.kind).toBe("status");
    if (answer.kind !== "status") return;
    expect(answer.packet.statusCode).toBe("01");
    expect(answer.packet.responseFor).toMatchObject({ documentId, organId: "000.00.00.H12", codeNumber: "", promulgationDate: "" });
    expect(answer.packet.to.organId).toBe("000.00.00.H12");
  });

  test("a packet written in UTF-16 (as .NET writes files) is received like its UTF-8 twin", async () => {
    const { pdfLibDocument } = await import("#tests/support/pdf-corpus");
    const { vpcpPacket } = await import("#tests/support/edxml-foreign");
    const pdf = await pdfLibDocument({ pages: 3 });
    const xml = vpcpPacket([{ id: "u16-vanban", name: "4522.pdf", type: "application/pdf", bytes: pdf }], {
      documentId: "000.00.00.G22,2025/06/15,4522/VPCP-KSTT",
    }).replace('encoding="utf-8"', 'encoding="utf-16"');
    const bytes = new Uint8Array(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(xml, "utf16le")]));
    const imported = await importEdxmlForCli({ db: b.db, dataDir: b.dataDir, actor: b.clerk }, bytes);
    expect(imported).toMatchObject({
      kind: "document",
      status: "received",
      summary: "V/v đẩy mạnh cải cách thủ tục hành chính năm 2025",
      attachments: [{ name: "4522.pdf", sha256: createHash("sha256").update(pdf).digest("hex"), bytes: pdf.byteLength }],
    });
  });
});
