// The accepted-packet path of the edXML inbox (docs/decisions/0016-edxml-durable-accept.md): every file is durable
// before the one transaction that inserts every row (the "01 Đã đến" status included), that commit fsyncs the WAL,
// and a failure at any step leaves either nothing or everything — never a row without its file, never a packet
// stored twice. Failures are injected through the `onStep` hook at the boundaries between steps.
import { TEST_RECIPIENT_ORGAN, TEST_SENDER_ORGAN, testDocumentPacket } from "#tests/support/edxml-packets";
import { createHash } from "node:crypto";
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createDemoCa, issueDemoCertificate, loadPkcs12, type LoadedSigner } from "#signing/index";
import { buildDocumentPacketXml, signPacketXml } from "#edxml/index";
import { durableWriteTransaction, writeTransaction } from "#db/client";
import { createTestDb, type TestDb } from "#tests/support/test-db";
import { addDirectoryOrganization, upsertEdxmlPeer } from "#app/features/exchange/peers.server";
import { receiveEdxmlPacket, reconcileEdxmlStatuses } from "#app/features/exchange/inbox.server";
import { commitStagedBlobs, discardStagedBlob, stageBlob } from "#app/platform/files/files.server";
import { closeUntrustedPool } from "#app/platform/untrusted/pool.server";

let t: TestDb;
let peerId: number;
let signer: LoadedSigner;
let serial = 0;

function packetBytes(): Uint8Array {
  const n = String(++serial);
  const pdf = Buffer.concat([Buffer.from("%PDF-1.7\n"), Buffer.alloc(64 * 1024, n)]); // large enough to be lifted
  const packet = testDocumentPacket(n, new Uint8Array(pdf), `V/v thử nghiệm lưu bền số ${n}`);
  return new Uint8Array(Buffer.from(signPacketXml(buildDocumentPacketXml(packet), { privateKey: signer.privateKey, chainDer: signer.certificateChainDer })));
}

const count = (sql: string, ...params: unknown[]) => (t.db.$client.prepare(sql).get(...params) as { n: number }).n;
const rows = () => ({
  inbox: count("select count(*) n from edxml_inbox where state = 'accepted'"),
  documents: count("select count(*) n from incoming_documents"),
  received: count("select count(*) n from edxml_received_documents"),
  files: count("select count(*) n from files"),
  statuses: count("select count(*) n from edxml_outbox where kind = 'status'"),
});
const filesOnDisk = () =>
  existsSync(join(t.dataDir, "files"))
    ? readdirSync(join(t.dataDir, "files"), { recursive: true, withFileTypes: true })
        .filter((e) => e.isFile())
        .map((e) => e.name)
    : [];
/** Every `files` row has its blob on disk (no row without its file). */
const everyRowHasItsFile = () => {
  const onDisk = new Set(filesOnDisk());
  return (t.db.$client.prepare("select sha256 from files").all() as Array<{ sha256: string }>).every((r) => onDisk.has(r.sha256));
};
const failAt = (step: string) => (name: string) => {
  if (name === step) throw new Error(`injected failure after ${step}`);
};
const receive = (bytes: Uint8Array, onStep?: (step: string) => void) =>
  receiveEdxmlPacket({ db: t.db, dataDir: t.dataDir }, bytes, { channel: "http", peerId, onStep });

beforeAll(() => {
  t = createTestDb();
  addDirectoryOrganization(t.db, { organId: TEST_RECIPIENT_ORGAN, name: "UBND tỉnh Bạc Liêu" });
  peerId = upsertEdxmlPeer(t.db, {
    name: "LGSP Cà Mau",
    transport: "http",
    url: "http://127.0.0.1:9/api/edxml",
    token: "durable-accept-token-0123456789abcdef",
  }).id;
  addDirectoryOrganization(t.db, { organId: TEST_SENDER_ORGAN, name: "UBND tỉnh Cà Mau", peerName: "LGSP Cà Mau" });
  const ca = createDemoCa();
  signer = loadPkcs12(
    issueDemoCertificate(ca, { commonName: "UBND tỉnh Cà Mau", organization: "UBND tỉnh Cà Mau", kind: "organization", password: "demo" }).p12,
    "demo",
  );
});

afterAll(async () => {
  await closeUntrustedPool();
  t?.cleanup();
});

describe("edXML accept: durable, once", () => {
  test("an accepted document packet: packet, PDF and the 01 status stored together; nothing left for the reconcile", async () => {
    const before = rows();
    const result = await receive(packetBytes());
    expect(result.state).toBe("accepted");
    // Packet + PDF + status packet: one row each (the PDF twice: main file and attachment row of the same blob).
    expect(rows()).toEqual({
      inbox: before.inbox + 1,
      documents: before.documents + 1,
      received: before.received + 1,
      files: before.files + 4,
      statuses: before.statuses + 1,
    });
    expect(count("select count(*) n from edxml_received_documents where last_status_code = '01'")).toBe(rows().received);
    // The 01 went out in the accept transaction: the reconcile owes nothing more for it.
    expect(reconcileEdxmlStatuses({ db: t.db, dataDir: t.dataDir })).toBe(0);
    expect(everyRowHasItsFile()).toBe(true);
    expect(filesOnDisk().filter((n) => n.startsWith(".tmp-"))).toEqual([]);
  });

  test("two deliveries of one packet at the same time: stored once, the second counted as a duplicate", async () => {
    const bytes = packetBytes();
    const before = rows();
    const results = await Promise.all([receive(bytes), receive(bytes), receive(bytes)]);
    expect(results.map((r) => r.state).sort()).toEqual(["accepted", "duplicate", "duplicate"]);
    expect(new Set(results.map((r) => r.inboxId)).size).toBe(1);
    expect(rows()).toEqual({
      ...before,
      inbox: before.inbox + 1,
      documents: before.documents + 1,
      received: before.received + 1,
      files: before.files + 4,
      statuses: before.statuses + 1,
    });
    expect(count("select duplicates n from edxml_inbox where id = ?", results[0].inboxId)).toBe(2);
    expect(everyRowHasItsFile()).toBe(true);
    expect(filesOnDisk().filter((n) => n.startsWith(".tmp-"))).toEqual([]);
  });

  for (const step of ["stage_early", "pool_parse", "stage_blobs", "blobs_durable"]) {
    test(`a failure after ${step} (before the commit) stores no row; the sender's retry is then stored once`, async () => {
      const bytes = packetBytes();
      const before = rows();
      await expect(receive(bytes, failAt(step))).rejects.toThrow(/injected failure/);
      expect(rows()).toEqual(before);
      expect(everyRowHasItsFile()).toBe(true);
      // Staged files are removed; blobs already renamed are left to the orphan collector, without rows.
      expect(filesOnDisk().filter((n) => n.startsWith(".tmp-"))).toEqual([]);
      const retry = await receive(bytes);
      expect(retry.state).toBe("accepted");
      expect(rows()).toEqual({
        ...before,
        inbox: before.inbox + 1,
        documents: before.documents + 1,
        received: before.received + 1,
        files: before.files + 4,
        statuses: before.statuses + 1,
      });
      expect(everyRowHasItsFile()).toBe(true);
    });
  }

  test("a failure after the commit (no answer reached the sender): the retry is a duplicate, nothing stored twice", async () => {
    const bytes = packetBytes();
    const before = rows();
    await expect(receive(bytes, failAt("transaction"))).rejects.toThrow(/injected failure/);
    const stored = {
      ...before,
      inbox: before.inbox + 1,
      documents: before.documents + 1,
      received: before.received + 1,
      files: before.files + 4,
      statuses: before.statuses + 1,
    };
    expect(rows()).toEqual(stored);
    const retry = await receive(bytes);
    expect(retry.state).toBe("duplicate");
    expect(rows()).toEqual(stored);
  });

  test("attachments staged while the child parses are kept only when the child lifted the same run; others leave nothing", async () => {
    // CRLF-wrapped base64 (some Windows producers) is a candidate for the early decode but is not lifted by the child
    // (the parser normalises CR): the child decodes it, the early copy is discarded, the stored PDF is the same.
    const n = String(++serial);
    const pdf = Buffer.concat([Buffer.from("%PDF-1.7\n"), Buffer.alloc(64 * 1024, n)]);
    const b64 = pdf.toString("base64");
    const xml = buildDocumentPacketXml(testDocumentPacket(n, new Uint8Array(pdf), `V/v thử nghiệm xuống dòng CRLF số ${n}`));
    expect(xml).toContain(b64);
    const wrapped = xml.replace(b64, b64.replace(/.{76}/g, "$&\r\n"));
    const bytes = new Uint8Array(Buffer.from(signPacketXml(wrapped, { privateKey: signer.privateKey, chainDer: signer.certificateChainDer })));
    const steps: string[] = [];
    const before = rows();
    // Blobs without rows left by the tests above (two deliveries racing to the commit: the loser's 01 status file
    // stays for the orphan collector, as after a crash; ADR 0016). This packet must add none.
    const unreferenced = () => {
      const shas = new Set((t.db.$client.prepare("select sha256 from files").all() as Array<{ sha256: string }>).map((r) => r.sha256));
      return filesOnDisk()
        .filter((name) => !shas.has(name))
        .sort();
    };
    const unreferencedBefore = unreferenced();
    const result = await receive(bytes, (step) => steps.push(step));
    expect(result.state).toBe("accepted");
    expect(steps).toContain("stage_early");
    expect(rows()).toEqual({
      ...before,
      inbox: before.inbox + 1,
      documents: before.documents + 1,
      received: before.received + 1,
      files: before.files + 4,
      statuses: before.statuses + 1,
    });
    const sha = createHash("sha256").update(pdf).digest("hex");
    expect(count("select count(*) n from files where sha256 = ?", sha)).toBeGreaterThan(0);
    expect(filesOnDisk().filter((name) => name.startsWith(".tmp-"))).toEqual([]);
    // Every blob this packet left on disk belongs to a row: no early copy left under another name.
    expect(unreferenced()).toEqual(unreferencedBefore);
  });

  test("a hostile packet is refused with a Vietnamese reason and leaves no file and no row but the refusal", async () => {
    const bytes = Buffer.from(packetBytes()).toString("utf8");
    const before = rows();
    const disk = filesOnDisk().length;
    const result = await receive(new Uint8Array(Buffer.from(bytes.replace("<edXML:edXMLEnvelope", '<!DOCTYPE x [<!ENTITY e "e">]><edXML:edXMLEnvelope'))));
    expect(result.state === "refused" && result.reason).toMatch(/DOCTYPE\/ENTITY/);
    expect(rows()).toEqual(before);
    expect(filesOnDisk().length).toBe(disk);
  });
});

describe("durable building blocks", () => {
  test("durableWriteTransaction commits with synchronous = FULL and puts NORMAL back, also when the callback throws", () => {
    const level = () => t.db.$client.pragma("synchronous", { simple: true });
    expect(level()).toBe(1);
    expect(durableWriteTransaction(t.db, () => level())).toBe(2);
    expect(level()).toBe(1);
    expect(() =>
      durableWriteTransaction(t.db, () => {
        throw new Error("rolled back");
      }),
    ).toThrow("rolled back");
    expect(level()).toBe(1);
    expect(writeTransaction(t.db, () => level())).toBe(1);
  });

  test("commitStagedBlobs: blobs in place under their hash, temp files gone, an existing blob re-used; discard after commit is harmless", async () => {
    const a = stageBlob(t.dataDir, Buffer.from("một"));
    const b = stageBlob(t.dataDir, Buffer.from("hai"));
    const again = stageBlob(t.dataDir, Buffer.from("một"));
    expect(a.temp && b.temp && again.temp).toBe(true);
    const written = await commitStagedBlobs(t.dataDir, [a, b, again]);
    expect(written.map((w) => w.sha256)).toEqual([a.sha256, b.sha256, a.sha256]);
    for (const blob of [a, b, again]) discardStagedBlob(blob);
    expect(filesOnDisk().filter((n) => n.startsWith(".tmp-"))).toEqual([]);
    expect(filesOnDisk()).toEqual(expect.arrayContaining([a.sha256, b.sha256]));
    // Staged again once stored: it points at the stored blob, nothing to write.
    expect(stageBlob(t.dataDir, Buffer.from("hai")).temp).toBe(false);
  });
});
