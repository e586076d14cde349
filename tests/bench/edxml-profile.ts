// Where the time of one edXML import goes (issue 12): `npx tsx tests/bench/edxml-profile.ts [MB]`.
// Times each step of receiveEdxmlPacket in this process (the pool child does the parse steps the same
// way) and prints one JSON line. For a flame graph: `node --cpu-prof --import tsx tests/bench/edxml-profile.ts`.
import { createHash } from "node:crypto";
import { closeSync, fsyncSync, mkdtempSync, openSync, rmSync, writeSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { deserialize, serialize } from "node:v8";
import { createDemoCa, issueDemoCertificate, loadPkcs12 } from "#signing/index";
import { buildDocumentPacketXml, formatDocumentId, parsePacket, signPacketXml, type DocumentPacket } from "#edxml/index";
import { writeBlob } from "#app/platform/files/files.server";

const mb = Number(process.argv[2] ?? 10);
const dataDir = mkdtempSync(join(tmpdir(), "edxml-profile-"));
const ca = createDemoCa();
const signer = loadPkcs12(
  issueDemoCertificate(ca, { commonName: "UBND tỉnh Cà Mau", organization: "UBND tỉnh Cà Mau", kind: "organization", password: "demo" }).p12,
  "demo",
);
const pdf = new Uint8Array(mb * 1024 * 1024);
for (let i = 0; i < pdf.length; i++) pdf[i] = (i * 2654435761) >>> 24;
pdf.set(Buffer.from("%PDF-1.7\n"), 0);
const packet: DocumentPacket = {
  businessDocType: 0,
  from: { organId: "000.00.00.H12", organName: "UBND tỉnh Cà Mau" },
  to: [{ organId: "000.00.00.H05", organName: "UBND tỉnh Bạc Liêu" }],
  codeNumber: "1",
  codeNotation: "UBND-VP",
  place: "Cà Mau",
  promulgationDate: "2025-06-15",
  docType: { type: "18", typeName: "Công văn" },
  subject: "V/v thử nghiệm",
  signer: { competence: "TM.", position: "CHỦ TỊCH", fullName: "Nguyễn Văn An" },
  dueDate: null,
  priority: 0,
  pageAmount: 1,
  appendixes: [],
  toPlaces: [],
  documentId: formatDocumentId("000.00.00.H12", "2025-06-15", "1", "UBND-VP"),
  traces: [{ organId: "000.00.00.H12", timestamp: new Date() }],
  attachments: [{ contentId: "cid:vanban", name: "1.pdf", contentType: "application/pdf", bytes: pdf }],
};
const bytes = new Uint8Array(
  Buffer.from(signPacketXml(buildDocumentPacketXml(packet), { privateKey: signer.privateKey, chainDer: signer.certificateChainDer }), "utf8"),
);

const steps: Record<string, number[]> = {};
const time = <T>(name: string, f: () => T): T => {
  const t = performance.now();
  const v = f();
  (steps[name] ??= []).push(performance.now() - t);
  return v;
};
for (let i = 0; i < 6; i++) {
  time("sha256_packet", () => createHash("sha256").update(bytes).digest("hex"));
  const wire = time("ipc_serialize_in", () => serialize({ input: { bytes } }));
  time("ipc_deserialize_in", () => deserialize(wire));
  const parsed = time("parse_total", () => parsePacket(bytes, { trustAnchorsPem: [] }));
  if (parsed.kind !== "document" || parsed.signature.status !== "valid") throw new Error("bad parse");
  const back = time("ipc_serialize_out", () => serialize({ value: parsed }));
  time("ipc_deserialize_out", () => deserialize(back));
  time("write_attachment", () => writeBlob(dataDir, parsed.packet.attachments[0].bytes));
  time("write_packet", () => writeBlob(dataDir, bytes));
  rmSync(join(dataDir, "blobs"), { recursive: true, force: true });
  time("floor", () => {
    const b = Buffer.from(Buffer.from(pdf).toString("base64"), "base64");
    createHash("sha256").update(b).digest("hex");
    const fd = openSync(join(dataDir, `f${i}`), "w");
    writeSync(fd, b);
    fsyncSync(fd);
    closeSync(fd);
  });
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
console.log(
  JSON.stringify({
    mb,
    packet_bytes: bytes.length,
    ...Object.fromEntries(Object.entries(steps).map(([k, v]) => [k, Math.round(median(v.slice(1)) * 10) / 10])),
  }),
);
rmSync(dataDir, { recursive: true, force: true });
