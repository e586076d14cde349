// Leader + organisation chain with keys on a SoftHSM2 token (issue 13 part 1): registered by the administrator,
// the certificate read from the token, the PIN typed at each signature. The PKCS#12 files provisioned by the world
// are detached first, so the only keys that can sign are on the token.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { getOutgoingDocument, issueOutgoingDocument, proposeIssue, readOutgoingFile, signOutgoingDocument } from "#app/features/outgoing/index";
import { registerServerToken } from "#app/platform/signing/pkcs11-signer.server";
import { DEMO_CERTIFICATE_PASSPHRASE, ensureDemoCa, issueDemoP12 } from "#app/platform/signing/document-signing.server";
import { systemActor } from "#app/platform/context.server";
import { SigningMessages } from "#app/messages/signing";
import { AppError, AppErrorCode } from "#app/utils/errors";
import { revdiff, sigcheck } from "#tests/support/signature-check";
import { createOutgoingWorld, statusOf, toLeaderReview, type OutgoingWorld } from "#tests/support/outgoing-world";
import { createSoftHsmToken, softHsmKeyFromP12, type SoftHsmToken } from "#tests/support/softhsm";

let world: OutgoingWorld;
let token: SoftHsmToken;
const system = () => ({ db: world.db, dataDir: world.dataDir, actor: systemActor() });

beforeAll(async () => {
  world = await createOutgoingWorld();
  const ca = ensureDemoCa(world.dataDir);
  const leader = world.actors.chutich;
  const leaderP12 = issueDemoP12(ca, { commonName: leader.fullName, organization: leader.organizationName, kind: "person", title: leader.title ?? undefined });
  const sealP12 = issueDemoP12(ca, { commonName: leader.organizationName, organization: leader.organizationName, kind: "organization" });
  token = createSoftHsmToken({
    tokenLabel: "UBND HSM",
    pin: "246810",
    keys: [
      softHsmKeyFromP12(leaderP12, DEMO_CERTIFICATE_PASSPHRASE, "chutich", "0a"),
      softHsmKeyFromP12(sealP12, DEMO_CERTIFICATE_PASSPHRASE, "con-dau", "0b"),
    ],
  });
  await registerServerToken(system(), {
    userId: leader.id,
    modulePath: token.modulePath,
    tokenLabel: token.tokenLabel,
    keyLabel: "chutich",
    pin: { source: "typed", pin: "246810" },
  });
  await registerServerToken(system(), {
    organizationId: world.provinceId,
    modulePath: token.modulePath,
    tokenLabel: token.tokenLabel,
    keyLabel: "con-dau",
    pin: { source: "typed", pin: "246810" },
  });
  // Detach the PKCS#12 files the world provisioned: only the token can sign now.
  world.db.$client.prepare("update users set certificate_file_id = null where id = ?").run(leader.id);
  world.db.$client.prepare("delete from organization_certificates where organization_id = ?").run(world.provinceId);
}, 120_000);
afterAll(() => {
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

describe("outgoing chain signed with PKCS#11 tokens (SoftHSM2)", () => {
  test("wrong PIN: Vietnamese message on the field, no revision; right PIN signs; the clerk seals with the token", async () => {
    const { id } = await world.draft("chuyenvien");
    await toLeaderReview(world, id);
    const before = getOutgoingDocument(world.ctx("chutich"), id);
    const state = () => world.db.$client.prepare("select file_id, version, (select count(*) from files) as files from outgoing_documents where id = ?").get(id);
    const stateBefore = state();

    const wrong = await rejection(signOutgoingDocument(world.ctx("chutich"), { documentId: id, passphrase: "111111" }));
    expect(wrong.code).toBe(AppErrorCode.VALIDATION);
    expect(wrong.message).toBe(SigningMessages.PKCS11_PIN_INCORRECT);
    expect(JSON.stringify(wrong)).not.toContain("111111");
    const after = getOutgoingDocument(world.ctx("chutich"), id);
    expect(statusOf(world.db, id)).toBe("leader_review");
    expect(after.revisions.length).toBe(before.revisions.length);
    expect(state()).toEqual(stateBefore);

    await signOutgoingDocument(world.ctx("chutich"), { documentId: id, passphrase: token.pin });
    expect(statusOf(world.db, id)).toBe("signed");

    const proposal = proposeIssue(world.ctx("vanthu"), id);
    expect(proposal.hasOrganizationCertificate).toBe(true);
    const wrongSeal = await rejection(issueOutgoingDocument(world.ctx("vanthu"), { documentId: id, passphrase: "000000" }));
    expect(wrongSeal.message).toBe(SigningMessages.PKCS11_PIN_INCORRECT);
    expect(statusOf(world.db, id)).toBe("signed");

    await issueOutgoingDocument(world.ctx("vanthu"), { documentId: id, passphrase: token.pin });
    expect(statusOf(world.db, id)).toBe("issued");
    const file = join(world.dataDir, "pkcs11-issued.pdf");
    writeFileSync(file, readOutgoingFile(world.ctx("vanthu"), { documentId: id, kind: "issued" }).bytes);
    const sig = await sigcheck(file, world.caPath, 2);
    expect(sig.code, sig.output).toBe(0);
    const diff = await revdiff(file);
    expect(diff.code, diff.output).toBe(0);
  });
});
