// The watched folder an LGSP client drops packets into (README "Peers"): only finished `*.edxml`/`*.xml` names are
// read, and a file over the packet limit is refused from its first limit + 1 bytes, recorded with the reason and
// moved to refused/, as the HTTP endpoint refuses an oversized body.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, test } from "vitest";
import { resetEnvCache } from "#app/env.server";
import { createTestDb, type TestDb } from "#tests/support/test-db";
import { addDirectoryOrganization, upsertEdxmlPeer } from "#app/features/exchange/peers.server";
import { pollEdxmlDirectories, runEdxmlDispatcherOnce } from "#app/features/exchange/dispatcher.server";
import { closeUntrustedPool } from "#app/platform/untrusted/pool.server";

let t: TestDb;
let folder: string;
const previous = process.env.EDXML_MAX_PACKET_MB;

beforeAll(() => {
  process.env.EDXML_MAX_PACKET_MB = "1";
  resetEnvCache();
  t = createTestDb();
  addDirectoryOrganization(t.db, { organId: "000.00.00.H05", name: "UBND tỉnh Bạc Liêu", placeName: "Bạc Liêu" });
  folder = mkdtempSync(join(tmpdir(), "edxml-intake-"));
  mkdirSync(join(folder, "in"), { recursive: true });
  upsertEdxmlPeer(t.db, { name: "LGSP Cà Mau", transport: "directory", directory: folder });
});

afterAll(async () => {
  if (previous === undefined) delete process.env.EDXML_MAX_PACKET_MB;
  else process.env.EDXML_MAX_PACKET_MB = previous;
  resetEnvCache();
  await closeUntrustedPool();
  t?.cleanup();
});

test("a packet over the limit is refused with the reason and moved aside; names still being written are left alone", async () => {
  const inbox = join(folder, "in");
  // 3 MB against a 1 MB limit: only the first 1 MB + 1 byte is read.
  writeFileSync(join(inbox, "0001-document.edxml"), Buffer.alloc(3 * 1024 * 1024, "<"));
  writeFileSync(join(inbox, "0002-document.edxml.part"), "<edXML/>");
  writeFileSync(join(inbox, ".0003-document.edxml"), "<edXML/>");
  expect(await pollEdxmlDirectories({ db: t.db, dataDir: t.dataDir })).toBe(1);
  expect(readdirSync(join(inbox, "refused"))).toEqual(["0001-document.edxml"]);
  expect(existsSync(join(inbox, "processed"))).toBe(false);
  expect(readdirSync(inbox).sort()).toEqual([".0003-document.edxml", "0002-document.edxml.part", "refused"]);
  const rows = t.db.$client.prepare("select state, refusal_reason reason from edxml_inbox").all() as Array<{ state: string; reason: string }>;
  expect(rows).toEqual([{ state: "refused", reason: "Gói tin lớn hơn giới hạn 1 MB." }]);
});

test("a file that cannot be read (a dangling link) is left for the next tick and does not stop the others", async () => {
  const inbox = join(folder, "in");
  rmSync(join(inbox, "refused"), { recursive: true, force: true });
  symlinkSync(join(folder, "gone.edxml"), join(inbox, "0004-document.edxml"));
  writeFileSync(join(inbox, "0005-document.edxml"), "<edXML/>");
  expect(await pollEdxmlDirectories({ db: t.db, dataDir: t.dataDir })).toBe(1);
  expect(readdirSync(join(inbox, "refused"))).toEqual(["0005-document.edxml"]);
  expect(readdirSync(inbox)).toContain("0004-document.edxml");
});

test("a watched folder that cannot be listed does not stop the tick: what is due is still sent", async () => {
  const other = mkdtempSync(join(tmpdir(), "edxml-intake-broken-"));
  writeFileSync(join(other, "in"), "not a folder");
  upsertEdxmlPeer(t.db, { name: "LGSP hỏng", transport: "directory", directory: other });
  await expect(pollEdxmlDirectories({ db: t.db, dataDir: t.dataDir })).rejects.toThrow();
  await expect(runEdxmlDispatcherOnce({ db: t.db, dataDir: t.dataDir })).resolves.toEqual({ sent: 0, failed: 0, refused: 0 });
});
