// Where the time of one edXML import goes (issue 12): `npx tsx tests/bench/edxml-profile.ts [MB] [iterations] [cli]`.
// Runs the real reception (receiveEdxmlPacket over the untrusted pool, as the HTTP adapter calls it: a peer that
// hosts the sender, so the "01 Đã đến" status packet is enqueued) and prints one JSON line with the median time of
// each of its steps (the `onStep` hook), beside:
//   pool_echo       a round trip of a tiny message to a warm pool child (the pool's fixed cost)
//   parse_in_process  the child's work (parsePacketToRanges of the same bytes) run here, without the pool
//   floor           base64-decode + SHA-256 + write+fsync of the attachment (the benchmark's floor)
//   fsync_empty_file, fsync_folder  one fsync of a 1-byte new file / of a folder on this disk
// Run it under `flock -x /work/coord/machine.lock` with `uptime` beside it. For a flame graph:
// `node --cpu-prof --import tsx tests/bench/edxml-profile.ts`.
import { testDocumentPacket } from "#tests/support/edxml-packets";
import { createHash } from "node:crypto";
import { closeSync, fsyncSync, mkdtempSync, openSync, rmSync, writeSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createDemoCa, issueDemoCertificate, loadPkcs12 } from "#signing/index";
import { buildDocumentPacketXml, parsePacketToRanges, signPacketXml } from "#edxml/index";
import { openDb } from "#db/client";
import { migrateDatabase } from "#db/migrate";
import { resetEnvCache } from "#app/env.server";
import { addDirectoryOrganization, upsertEdxmlPeer } from "#app/features/exchange/peers.server";
import { receiveEdxmlPacket } from "#app/features/exchange/inbox.server";
import { closeUntrustedPool, runUntrusted } from "#app/platform/untrusted/pool.server";

const mb = Number(process.argv[2] ?? 1);
const iterations = Number(process.argv[3] ?? (mb >= 10 ? 6 : 16));
const dataDir = mkdtempSync(join(tmpdir(), "edxml-profile-"));
process.env.DATA_DIR = dataDir;
resetEnvCache();
const db = openDb(join(dataDir, "app.db"));
migrateDatabase(db);
addDirectoryOrganization(db, { organId: "000.00.00.H05", name: "UBND tỉnh Bạc Liêu" });
const peer = upsertEdxmlPeer(db, {
  name: "profile",
  transport: "http",
  url: "http://127.0.0.1:9/api/edxml",
  token: "profile-token-0123456789abcdef0123456789",
});
addDirectoryOrganization(db, { organId: "000.00.00.H12", name: "UBND tỉnh Cà Mau", peerName: "profile" });
const ca = createDemoCa();
const signer = loadPkcs12(
  issueDemoCertificate(ca, { commonName: "UBND tỉnh Cà Mau", organization: "UBND tỉnh Cà Mau", kind: "organization", password: "demo" }).p12,
  "demo",
);
const pdf = new Uint8Array(mb * 1024 * 1024);
for (let i = 0; i < pdf.length; i++) pdf[i] = (i * 2654435761) >>> 24;
pdf.set(Buffer.from("%PDF-1.7\n"), 0);
const b64 = Buffer.from(pdf).toString("base64");

function packetBytes(n: number): Uint8Array {
  // A distinct PDF per packet (one changed byte), so no blob is ever re-used.
  const packet = testDocumentPacket(String(n), Uint8Array.from(pdf).fill(n & 0xff, 9, 10));
  return new Uint8Array(
    Buffer.from(signPacketXml(buildDocumentPacketXml(packet), { privateKey: signer.privateKey, chainDer: signer.certificateChainDer }), "utf8"),
  );
}

const steps: Record<string, number[]> = {};
const record = (name: string, ms: number) => (steps[name] ??= []).push(ms);
const timeSync = (name: string, f: () => void) => {
  const t = performance.now();
  f();
  record(name, performance.now() - t);
};

let serial = 0;
try {
  for (let i = 0; i < iterations + 1; i++) {
    const bytes = packetBytes(++serial);
    let last = performance.now();
    const start = last;
    const result = await receiveEdxmlPacket({ db, dataDir }, bytes, {
      // `cli` as the third argument: a manual import, as bench:edxml measures it (no peer, so no 01 status packet).
      ...(process.argv[4] === "cli" ? { channel: "cli" as const } : { channel: "http" as const, peerId: peer.id }),
      onStep: (name) => {
        const now = performance.now();
        record(name, now - last);
        last = now;
      },
    });
    record("import_total", performance.now() - start);
    if (result.state !== "accepted") throw new Error(`not accepted: ${JSON.stringify(result)}`);
    let t = performance.now();
    await runUntrusted("probe", { kind: "echo", value: "x" });
    record("pool_echo", performance.now() - t);
    t = performance.now();
    const inProcess = parsePacketToRanges(bytes, { trustAnchorsPem: [] });
    record("parse_in_process", performance.now() - t);
    if (inProcess.parsed.kind !== "document") throw new Error("bad parse");
    timeSync("floor", () => {
      const b = Buffer.from(b64, "base64");
      createHash("sha256").update(b).digest("hex");
      const fd = openSync(join(dataDir, `floor-${i}`), "w");
      writeSync(fd, b);
      fsyncSync(fd);
      closeSync(fd);
    });
    timeSync("fsync_empty_file", () => {
      const fd = openSync(join(dataDir, `empty-${i}`), "w");
      writeSync(fd, "x");
      fsyncSync(fd);
      closeSync(fd);
    });
    timeSync("fsync_folder", () => {
      const fd = openSync(dataDir, "r");
      fsyncSync(fd);
      closeSync(fd);
    });
    if (i === 0) for (const v of Object.values(steps)) v.length = 0; // warm-up: pool child start, JIT
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  console.log(
    JSON.stringify({
      mb,
      iterations,
      ...Object.fromEntries(Object.entries(steps).map(([k, v]) => [k, Math.round(median(v) * 10) / 10])),
      // Means as well: medians of the steps need not add up to the median of the total; means do.
      mean: Object.fromEntries(Object.entries(steps).map(([k, v]) => [k, Math.round((v.reduce((a, b) => a + b, 0) / v.length) * 10) / 10])),
    }),
  );
} finally {
  await closeUntrustedPool();
  db.$client.close();
  rmSync(dataDir, { recursive: true, force: true });
}
