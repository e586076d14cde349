// TSA_URL wires an RFC 3161 timestamp into every app signature (real `openssl ts` TSA on loopback): the leader's
// and the clerk's signatures carry tokens the report shows; a TSA that is down gives a clear Vietnamese message and
// leaves the document as it was (no revision, same state).
import { join, resolve } from "node:path";
import { writeFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { getOutgoingSignatures, issueOutgoingDocument, readOutgoingFile, signOutgoingDocument } from "#app/features/outgoing/index";
import { resetEnvCache } from "#app/env.server";
import { AppErrorCode } from "#app/utils/errors";
import { revdiff, sigcheck } from "#tests/support/signature-check";
import { createOutgoingWorld, statusOf, toLeaderReview, type OutgoingWorld } from "#tests/support/outgoing-world";
import { startTsaServer, type TsaServer } from "#tests/support/tsa-server";

let world: OutgoingWorld;
let tsa: TsaServer;
const saved = { url: process.env.TSA_URL, user: process.env.TSA_USERNAME, password: process.env.TSA_PASSWORD };

beforeAll(async () => {
  world = await createOutgoingWorld();
  tsa = await startTsaServer({ dir: resolve("tests/.tmp/outgoing-tsa"), port: 4164, username: "ubnd", password: "bí-mật" });
}, 60_000);

afterAll(async () => {
  for (const [key, value] of [
    ["TSA_URL", saved.url],
    ["TSA_USERNAME", saved.user],
    ["TSA_PASSWORD", saved.password],
  ] as const) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
  resetEnvCache();
  await tsa?.close();
  world?.cleanup();
});

function useTsa(url: string) {
  process.env.TSA_URL = url;
  process.env.TSA_USERNAME = "ubnd";
  process.env.TSA_PASSWORD = "bí-mật";
  resetEnvCache();
}

describe("app signatures with TSA_URL", () => {
  test("TSA down: clear message, no revision; TSA up: leader and seal signatures carry timestamps shown in the report", async () => {
    const { id } = await world.draft("chuyenvien");
    await toLeaderReview(world, id);
    const before = readOutgoingFile(world.ctx("chutich"), { documentId: id, kind: "current" }).bytes;

    useTsa("http://127.0.0.1:4169/tsa");
    const down = await signOutgoingDocument(world.ctx("chutich"), { documentId: id, passphrase: "demo" }).then(
      () => null,
      (e: Error & { code?: string }) => e,
    );
    expect(down?.code).toBe(AppErrorCode.VALIDATION);
    expect(down?.message).toMatch(/^Không lấy được dấu thời gian từ máy chủ cấp dấu thời gian \(TSA\)/);
    expect(statusOf(world.db, id)).toBe("leader_review");
    expect(Buffer.from(readOutgoingFile(world.ctx("chutich"), { documentId: id, kind: "current" }).bytes).equals(Buffer.from(before))).toBe(true);

    useTsa(tsa.url);
    await signOutgoingDocument(world.ctx("chutich"), { documentId: id, passphrase: "demo" });
    await issueOutgoingDocument(world.ctx("vanthu"), { documentId: id, passphrase: "demo" });
    expect(statusOf(world.db, id)).toBe("issued");
    expect(tsa.requests()).toBe(2);

    const signatures = await getOutgoingSignatures(world.ctx("vanthu"), id);
    expect(signatures).toHaveLength(2);
    for (const s of signatures)
      expect(s).toMatchObject({
        valid: true,
        timestamp: { tsa: "Máy chủ dấu thời gian thử nghiệm", time: expect.stringMatching(/\+07:00$/) },
        revocation: null,
      });

    const file = join(world.dataDir, "issued-tsa.pdf");
    writeFileSync(file, readOutgoingFile(world.ctx("vanthu"), { documentId: id, kind: "current" }).bytes);
    const [sc, rd] = await Promise.all([sigcheck(file, world.caPath, 2, [], 120_000), revdiff(file, 60_000)]);
    expect(sc.code, sc.output).toBe(0);
    expect(rd.code, rd.output).toBe(0);
  });
});
