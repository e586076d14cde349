// edXML benchmark (not a timed test): `npx tsx tests/bench/edxml.bench.ts`. Prints one JSON line:
//   export_ms   build + XML-DSig (xml-crypto, exclusive C14N over the whole packet, RSA-SHA256) of a packet
//               carrying a 1 MB / 10 MB PDF (what issuing to a remote recipient adds)
//   import_ms   the full reception: untrusted-pool parse (limits, strict base64, manifest), signature check,
//               blobs written with fsync, one transaction creating the `received` document
//   floor_ms    base64-decode + SHA-256 + write+fsync of the same bytes, measured in the same run (the
//               physical floor the issue compares against: goal import within 3× of it)
//   http_packets_per_s  packets (100 KB PDF) posted by the HTTP adapter to the real endpoint service, 4 in flight
import { testDocumentPacket } from "#tests/support/edxml-packets";
import { createHash } from "node:crypto";
import { closeSync, fsyncSync, mkdtempSync, openSync, rmSync, writeSync } from "node:fs";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createDemoCa, issueDemoCertificate, loadPkcs12 } from "#signing/index";
import { buildDocumentPacketXml, signPacketXml, type DocumentPacket } from "#edxml/index";
import { openDb } from "#db/client";
import { migrateDatabase } from "#db/migrate";
import { resetEnvCache } from "#app/env.server";
import { addDirectoryOrganization, upsertEdxmlPeer } from "#app/features/exchange/peers.server";
import { receiveEdxmlPacket } from "#app/features/exchange/inbox.server";
import { httpTransport } from "#app/features/exchange/transport.server";
import { closeUntrustedPool } from "#app/platform/untrusted/pool.server";

const dataDir = mkdtempSync(join(tmpdir(), "edxml-bench-"));
process.env.DATA_DIR = dataDir;
resetEnvCache();
const db = openDb(join(dataDir, "app.db"));
migrateDatabase(db);
addDirectoryOrganization(db, { organId: "000.00.00.H05", name: "UBND tỉnh Bạc Liêu" });
const ca = createDemoCa();
const signer = loadPkcs12(
  issueDemoCertificate(ca, { commonName: "UBND tỉnh Cà Mau", organization: "UBND tỉnh Cà Mau", kind: "organization", password: "demo" }).p12,
  "demo",
);

function pdfOf(size: number, seed: number): Uint8Array {
  const out = new Uint8Array(size);
  let x = seed || 1;
  for (let i = 0; i < size; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x & 0xff;
  }
  out.set(Buffer.from("%PDF-1.7\n"), 0);
  return out;
}

let serial = 0;
function packetOf(pdf: Uint8Array): DocumentPacket {
  const n = String(++serial);
  return testDocumentPacket(n, pdf, `V/v thử nghiệm liên thông số ${n}`);
}

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return Math.round(s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] * 10) / 10;
};

function floor(b64: string) {
  const t = performance.now();
  const bytes = Buffer.from(b64, "base64");
  createHash("sha256").update(bytes).digest("hex");
  const path = join(dataDir, `floor-${serial++}`);
  const fd = openSync(path, "w");
  writeSync(fd, bytes);
  fsyncSync(fd);
  closeSync(fd);
  return performance.now() - t;
}

async function run(sizeMb: number, iterations: number) {
  const pdf = pdfOf(sizeMb * 1024 * 1024, sizeMb);
  const exportMs: number[] = [];
  const importMs: number[] = [];
  const floorMs: number[] = [];
  const b64 = Buffer.from(pdf).toString("base64");
  for (let i = 0; i < iterations + 1; i++) {
    let t = performance.now();
    const xml = signPacketXml(buildDocumentPacketXml(packetOf(pdf)), { privateKey: signer.privateKey, chainDer: signer.certificateChainDer });
    const e = performance.now() - t;
    const bytes = new Uint8Array(Buffer.from(xml, "utf8"));
    t = performance.now();
    const result = await receiveEdxmlPacket({ db, dataDir }, bytes, { channel: "cli" });
    const im = performance.now() - t;
    if (result.state !== "accepted") throw new Error(`not accepted: ${JSON.stringify(result)}`);
    const f = floor(b64);
    if (i === 0) continue; // warm-up (pool child start, JIT)
    exportMs.push(e);
    importMs.push(im);
    floorMs.push(f);
  }
  return {
    [`export_${sizeMb}mb_ms`]: { p50: pct(exportMs, 50), p95: pct(exportMs, 95) },
    [`import_${sizeMb}mb_ms`]: { p50: pct(importMs, 50), p95: pct(importMs, 95) },
    [`floor_${sizeMb}mb_ms`]: { p50: pct(floorMs, 50), p95: pct(floorMs, 95) },
    [`import_vs_floor_${sizeMb}mb`]: Math.round((pct(importMs, 50) / pct(floorMs, 50)) * 10) / 10,
  };
}

async function httpThroughput(count: number, inFlight: number) {
  const token = "bench-token-0123456789abcdef0123456789abcdef";
  const { acceptEdxmlRequest } = await import("#app/features/exchange/endpoint.server");
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const request = new Request(`http://127.0.0.1${req.url}`, { method: "POST", headers: req.headers as Record<string, string>, body: Buffer.concat(chunks) });
    const answer = await acceptEdxmlRequest({ db, dataDir }, request);
    res.writeHead(answer.status, { "content-type": "application/json" }).end(JSON.stringify(answer.body));
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const port = (server.address() as { port: number }).port;
  const peer = upsertEdxmlPeer(db, { name: "bench", transport: "http", url: `http://127.0.0.1:${port}/api/edxml`, token });
  const pdf = pdfOf(100 * 1024, 7);
  const packets = Array.from({ length: count }, () =>
    Buffer.from(signPacketXml(buildDocumentPacketXml(packetOf(pdf)), { privateKey: signer.privateKey, chainDer: signer.certificateChainDer })),
  );
  const t = performance.now();
  let next = 0;
  let ok = 0;
  await Promise.all(
    Array.from({ length: inFlight }, async () => {
      while (next < packets.length) {
        const i = next++;
        const outcome = await httpTransport.send(peer, packets[i], { outboxId: i, kind: "document", documentId: "" });
        if (outcome.ok) ok++;
      }
    }),
  );
  const seconds = (performance.now() - t) / 1000;
  server.close();
  return { http_packets_per_s: Math.round((ok / seconds) * 10) / 10, http_packets_ok: ok, http_packet_kb: Math.round(packets[0].length / 1024) };
}

try {
  // 30 packets at 1 MB: with 10, the floor's p50 (2.7–4.8 ms between runs) swung the ratio by 2×.
  const one = await run(1, 30);
  const ten = await run(10, 4);
  const http = await httpThroughput(60, 4);
  console.log(JSON.stringify({ bench: "edxml", ...one, ...ten, ...http }));
} finally {
  await closeUntrustedPool();
  db.$client.close();
  rmSync(dataDir, { recursive: true, force: true });
}
