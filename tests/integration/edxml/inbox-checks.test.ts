// What the edXML inbox checks on a parsed packet before it stores anything: the main file must be a PDF by its
// bytes, not by its declared ContentType or name; successive updates of one document are told apart from re-deliveries.
import { TEST_RECIPIENT_ORGAN, TEST_SENDER_ORGAN, testDocumentPacket } from "#tests/support/edxml-packets";
import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { buildDocumentPacketXml, signPacketXml, type DocumentPacket } from "#edxml/index";
import { createDemoCa, issueDemoCertificate, loadPkcs12 } from "#signing/index";
import { createTestDb, type TestDb } from "#tests/support/test-db";
import { addDirectoryOrganization } from "#app/features/exchange/peers.server";
import { receiveEdxmlPacket } from "#app/features/exchange/inbox.server";
import { closeUntrustedPool } from "#app/platform/untrusted/pool.server";

let t: TestDb;
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

beforeAll(() => {
  t = createTestDb();
  addDirectoryOrganization(t.db, { organId: TEST_RECIPIENT_ORGAN, name: "UBND tỉnh Bạc Liêu" });
  addDirectoryOrganization(t.db, { organId: TEST_SENDER_ORGAN, name: "UBND tỉnh Cà Mau" });
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
