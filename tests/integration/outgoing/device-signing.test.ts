// "Ký bằng thiết bị của tôi" through the services and the real signing agent (HTTP on loopback) over SoftHSM2:
// prepare → agent signs the digest → finish; wrong PIN, stale and expired preparations, a foreign certificate, two
// preparations on one base.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { issueOutgoingDocument, readOutgoingFile } from "#app/features/outgoing/index";
import { finishDeviceSignature, prepareDeviceSignature } from "#app/features/outgoing/device-preparations.server";
import { certificateExpiryWarning, getSigningOverview, registerOwnDevice } from "#app/platform/signing/pkcs11-signer.server";
import { DEMO_CERTIFICATE_PASSPHRASE, ensureDemoCa, issueDemoP12 } from "#app/platform/signing/document-signing.server";
import { SigningMessages } from "#app/messages/signing";
import { AppError, AppErrorCode } from "#app/utils/errors";
import { revdiff, sigcheck } from "#tests/support/signature-check";
import { createOutgoingWorld, statusOf, toLeaderReview, type OutgoingWorld } from "#tests/support/outgoing-world";
import { createSoftHsmToken, softHsmKeyFromP12, type SoftHsmToken } from "#tests/support/softhsm";
import { startSigningAgent } from "../../../scripts/signing-agent";
import { startTsaServer } from "#tests/support/tsa-server";
import { resetEnvCache } from "#app/env.server";
import { getOutgoingSignatures } from "#app/features/outgoing/index";

const ORIGIN = "http://127.0.0.1:4151";
let world: OutgoingWorld;
let token: SoftHsmToken;
let agent: { port: number; close: () => Promise<void> };
let sealChain: Uint8Array[];

async function call(path: string, body?: unknown, origin: string | null = ORIGIN) {
  const headers: Record<string, string> = {};
  if (origin) headers.origin = origin;
  if (body) headers["content-type"] = "application/json";
  const res = await fetch(`http://127.0.0.1:${agent.port}${path}`, { method: body ? "POST" : "GET", headers, body: body ? JSON.stringify(body) : undefined });
  return { status: res.status, json: (await res.json()) as Record<string, any> };
}
const chainOf = (json: { certificates: string[] }) => json.certificates.map((b) => new Uint8Array(Buffer.from(b, "base64")));

beforeAll(async () => {
  world = await createOutgoingWorld();
  const ca = ensureDemoCa(world.dataDir);
  const leader = world.actors.chutich;
  const leaderP12 = issueDemoP12(ca, { commonName: leader.fullName, organization: leader.organizationName, kind: "person" });
  const sealP12 = issueDemoP12(ca, { commonName: leader.organizationName, organization: leader.organizationName, kind: "organization" });
  token = createSoftHsmToken({
    tokenLabel: "USB Token",
    pin: "135790",
    keys: [softHsmKeyFromP12(leaderP12, DEMO_CERTIFICATE_PASSPHRASE, "leader", "11"), softHsmKeyFromP12(sealP12, DEMO_CERTIFICATE_PASSPHRASE, "seal", "12")],
  });
  agent = await startSigningAgent({ modulePath: token.modulePath, tokenLabel: token.tokenLabel, keyLabel: "leader", port: 0, allowOrigins: [ORIGIN] });
  const cert = await call("/v1/certificate");
  expect(cert.status).toBe(200);
  registerOwnDevice(world.ctx("chutich"), { chainDer: chainOf(cert.json as { certificates: string[] }) });
  sealChain = softHsmKeyFromP12(sealP12, DEMO_CERTIFICATE_PASSPHRASE, "seal", "12").chainDer;
  world.db.$client.prepare("update users set certificate_file_id = null where id = ?").run(leader.id);
}, 120_000);
afterAll(async () => {
  await agent?.close();
  world?.cleanup();
  token?.cleanup();
});

async function rejection(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => null,
    (e) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

async function readyDocument() {
  const { id } = await world.draft("chuyenvien");
  await toLeaderReview(world, id);
  return id;
}

describe("signing on the leader's own device (agent + SoftHSM2)", () => {
  test("the registered device is the chosen method; its certificate is flagged within 30 days of expiry", () => {
    const overview = getSigningOverview(world.db, world.actors.chutich.id, new Date());
    expect(overview.method).toBe("own_device");
    expect(overview.ownDevice?.subjectName).toBe(world.actors.chutich.fullName);
    const notAfter = new Date(overview.expiry!.notAfter);
    expect(certificateExpiryWarning(world.db, world.actors.chutich.id, new Date(notAfter.getTime() - 40 * 86_400_000))).toBeNull();
    expect(certificateExpiryWarning(world.db, world.actors.chutich.id, new Date(notAfter.getTime() - 29.5 * 86_400_000))).toMatchObject({ daysLeft: 29 });
  });

  test("the agent refuses other origins and requests without Origin", async () => {
    expect((await call("/v1/certificate", undefined, "https://evil.example")).status).toBe(403);
    expect((await call("/v1/certificate", undefined, null)).status).toBe(403);
  });

  test("prepare → agent → finish: wrong PIN leaves no revision; the result issues and passes sigcheck/revdiff", async () => {
    const id = await readyDocument();
    const chain = chainOf((await call("/v1/certificate")).json as { certificates: string[] });
    const prep = await prepareDeviceSignature(world.ctx("chutich"), { documentId: id, chainDer: chain });
    expect(prep.digestAlgorithm).toBe("SHA-256");

    const wrong = await call("/v1/sign", { digest: prep.digest, digestAlgorithm: "SHA-256", pin: "000000" });
    expect(wrong.status).toBe(401);
    expect(wrong.json.error.message).toBe("Mã PIN của thiết bị ký số không đúng");
    expect(JSON.stringify(wrong.json)).not.toContain("000000");
    expect(statusOf(world.db, id)).toBe("leader_review");

    const signed = await call("/v1/sign", { digest: prep.digest, digestAlgorithm: "SHA-256", pin: token.pin });
    expect(signed.status).toBe(200);
    await finishDeviceSignature(world.ctx("chutich"), { preparationId: prep.preparationId, signature: signed.json.signature });
    expect(statusOf(world.db, id)).toBe("signed");
    // The clerks are told a number is awaited, as after a signature with the certificate file.
    const told = world.db.$client.prepare("select count(*) as n from notifications where event_type = 'outgoing_number' and entity_id = ?").get(id) as {
      n: number;
    };
    expect(told.n).toBeGreaterThan(0);
    // Finishing twice is refused.
    expect((await rejection(finishDeviceSignature(world.ctx("chutich"), { preparationId: prep.preparationId, signature: signed.json.signature }))).code).toBe(
      AppErrorCode.INVALID_STATE,
    );

    await issueOutgoingDocument(world.ctx("vanthu"), { documentId: id, passphrase: "demo" });
    const file = join(world.dataDir, "device-issued.pdf");
    writeFileSync(file, readOutgoingFile(world.ctx("vanthu"), { documentId: id, kind: "issued" }).bytes);
    const sig = await sigcheck(file, world.caPath, 2);
    expect(sig.code, sig.output).toBe(0);
    const diff = await revdiff(file);
    expect(diff.code, diff.output).toBe(0);
  });

  test("two preparations on one base: the first finished wins, the other is told to reload", async () => {
    const id = await readyDocument();
    const chain = chainOf((await call("/v1/certificate")).json as { certificates: string[] });
    const a = await prepareDeviceSignature(world.ctx("chutich"), { documentId: id, chainDer: chain });
    const b = await prepareDeviceSignature(world.ctx("chutich"), { documentId: id, chainDer: chain });
    expect(a.baseSha256).toBe(b.baseSha256);
    const sa = await call("/v1/sign", { digest: a.digest, digestAlgorithm: "SHA-256", pin: token.pin });
    const sb = await call("/v1/sign", { digest: b.digest, digestAlgorithm: "SHA-256", pin: token.pin });
    await finishDeviceSignature(world.ctx("chutich"), { preparationId: b.preparationId, signature: sb.json.signature });
    const late = await rejection(finishDeviceSignature(world.ctx("chutich"), { preparationId: a.preparationId, signature: sa.json.signature }));
    expect(late.code).toBe(AppErrorCode.CONFLICT);
    expect(late.message).toBe(SigningMessages.PREPARATION_STALE);
  });

  test("an expired preparation, a signature over other data and a foreign certificate are refused", async () => {
    const id = await readyDocument();
    const chain = chainOf((await call("/v1/certificate")).json as { certificates: string[] });
    const t0 = new Date();
    const prep = await prepareDeviceSignature(
      world.ctx("chutich", () => t0),
      { documentId: id, chainDer: chain },
    );
    const s = await call("/v1/sign", { digest: prep.digest, digestAlgorithm: "SHA-256", pin: token.pin });
    const later = new Date(t0.getTime() + 6 * 60 * 1000);
    const expired = await rejection(
      finishDeviceSignature(
        world.ctx("chutich", () => later),
        { preparationId: prep.preparationId, signature: s.json.signature },
      ),
    );
    expect(expired.message).toBe(SigningMessages.PREPARATION_EXPIRED);
    expect(statusOf(world.db, id)).toBe("leader_review");

    const fresh = await prepareDeviceSignature(world.ctx("chutich"), { documentId: id, chainDer: chain });
    const other = await call("/v1/sign", { digest: Buffer.alloc(32, 7).toString("base64"), digestAlgorithm: "SHA-256", pin: token.pin });
    const bad = await rejection(finishDeviceSignature(world.ctx("chutich"), { preparationId: fresh.preparationId, signature: other.json.signature }));
    expect(bad.message).toBe(SigningMessages.INVALID_SIGNATURE);
    expect(statusOf(world.db, id)).toBe("leader_review");

    const foreign = await rejection(prepareDeviceSignature(world.ctx("chutich"), { documentId: id, chainDer: sealChain }));
    expect(foreign.message).toBe(SigningMessages.WRONG_CERTIFICATE);
    // Someone else's preparation cannot be finished by another user.
    expect(
      (await rejection(finishDeviceSignature(world.ctx("phochutich"), { preparationId: fresh.preparationId, signature: other.json.signature }))).code,
    ).toBe(AppErrorCode.NOT_FOUND);
  });

  test("with TSA_URL the signature made on the device carries a signature timestamp (PAdES B-T)", async () => {
    const tsa = await startTsaServer({ dir: join(world.dataDir, "tsa"), port: 0 });
    process.env.TSA_URL = tsa.url;
    resetEnvCache();
    try {
      const id = await readyDocument();
      const chain = chainOf((await call("/v1/certificate")).json as { certificates: string[] });
      const prep = await prepareDeviceSignature(world.ctx("chutich"), { documentId: id, chainDer: chain });
      const signed = await call("/v1/sign", { digest: prep.digest, digestAlgorithm: "SHA-256", pin: token.pin });
      await finishDeviceSignature(world.ctx("chutich"), { preparationId: prep.preparationId, signature: signed.json.signature });
      expect(tsa.requests()).toBe(1);
      const [report] = await getOutgoingSignatures(world.ctx("chutich"), id);
      expect(report).toMatchObject({ valid: true, trusted: true, timestamp: { tsa: "Máy chủ dấu thời gian thử nghiệm" } });
    } finally {
      delete process.env.TSA_URL;
      resetEnvCache();
      await tsa.close();
    }
  }, 120_000);
});
