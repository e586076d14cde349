// The clerk's issue step with the organisation's seal on the clerk's own token, through the services and the real
// signing agent (HTTP on loopback) over SoftHSM2: prepare (number, date, seal; one digest per PDF) → the agent signs
// each digest → finish (embed, verify, register, deliver). The organisation's PKCS#12 is detached first, so only the
// token can seal. Refused: another role, another organisation, the wrong state, a foreign certificate, a wrong PIN
// (nothing stored), an expired, stale or foreign preparation, a number taken meanwhile (re-sign with the next), a
// device stopped between prepare and finish, recipients on another system (edXML). Not refused: a PDF signed by
// another producer before the leader (as with the seal on the server).
import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { getOutgoingSignatures, readOutgoingFile, signOutgoingDocument } from "#app/features/outgoing/index";
import { finishDeviceIssue, prepareDeviceIssue } from "#app/features/outgoing/device-issue.server";
import { disableSigningDevice, registerOwnDevice } from "#app/platform/signing/pkcs11-signer.server";
import { DEMO_CERTIFICATE_PASSPHRASE, ensureDemoCa, issueDemoP12 } from "#app/platform/signing/document-signing.server";
import { systemActor } from "#app/platform/context.server";
import { SigningMessages } from "#app/messages/signing";
import { OutgoingMessages } from "#app/messages/outgoing";
import { AppError, AppErrorCode } from "#app/utils/errors";
import { revdiff, sigcheck } from "#tests/support/signature-check";
import { pdfLibDocument } from "#tests/support/pdf-corpus";
import { createOutgoingWorld, statusOf, toLeaderReview, type OutgoingWorld } from "#tests/support/outgoing-world";
import { createSoftHsmToken, softHsmKeyFromP12, type SoftHsmToken } from "#tests/support/softhsm";
import { startTsaServer } from "#tests/support/tsa-server";
import { resetEnvCache } from "#app/env.server";
import { startSigningAgent } from "../../../scripts/signing-agent";

const ORIGIN = "http://127.0.0.1:4152";
const CORPUS = join(process.env.SHARED_DIR ? resolve(process.env.SHARED_DIR) : resolve(process.cwd(), "../shared"), "corpus/realworld");
let world: OutgoingWorld;
let token: SoftHsmToken;
let agent: { port: number; close: () => Promise<void> };
let sealChain: Uint8Array[];
let leaderChain: Uint8Array[];

async function call(path: string, body?: unknown) {
  const headers: Record<string, string> = { origin: ORIGIN };
  if (body) headers["content-type"] = "application/json";
  const res = await fetch(`http://127.0.0.1:${agent.port}${path}`, { method: body ? "POST" : "GET", headers, body: body ? JSON.stringify(body) : undefined });
  return { status: res.status, json: (await res.json()) as { signature: string; certificates?: string[]; error?: { code: string; message: string } } };
}

/** What the page does between prepare and finish: one agent signature per digest. */
async function signAll(digests: Array<{ digest: string }>, pin = token.pin): Promise<string[]> {
  const out: string[] = [];
  for (const d of digests) {
    const r = await call("/v1/sign", { digest: d.digest, digestAlgorithm: "SHA-256", pin });
    if (r.status !== 200) throw new Error(`agent ${r.status}: ${JSON.stringify(r.json)}`);
    out.push(r.json.signature);
  }
  return out;
}

async function rejection(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => null,
    (e) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

const registerEntries = (id: number) =>
  (world.db.$client.prepare("select count(*) as n from outgoing_register_entries where document_id = ?").get(id) as { n: number }).n;

async function signedDocument(over: Parameters<OutgoingWorld["draft"]>[1] = {}) {
  const { id } = await world.draft("chuyenvien", over);
  await toLeaderReview(world, id);
  await signOutgoingDocument(world.ctx("chutich"), { documentId: id, passphrase: "demo" });
  return id;
}

beforeAll(async () => {
  world = await createOutgoingWorld();
  const ca = ensureDemoCa(world.dataDir);
  const province = world.actors.vanthu.organizationName;
  const sealP12 = issueDemoP12(ca, { commonName: province, organization: province, kind: "organization" });
  const leaderP12 = issueDemoP12(ca, { commonName: world.actors.chutich.fullName, organization: province, kind: "person" });
  token = createSoftHsmToken({
    tokenLabel: "Token van thu",
    pin: "520741",
    keys: [
      softHsmKeyFromP12(sealP12, DEMO_CERTIFICATE_PASSPHRASE, "con-dau", "31"),
      softHsmKeyFromP12(leaderP12, DEMO_CERTIFICATE_PASSPHRASE, "lanh-dao", "32"),
    ],
  });
  agent = await startSigningAgent({ modulePath: token.modulePath, tokenLabel: token.tokenLabel, keyLabel: "con-dau", port: 0, allowOrigins: [ORIGIN] });
  sealChain = (((await call("/v1/certificate")).json.certificates as string[]) ?? []).map((b) => new Uint8Array(Buffer.from(b, "base64")));
  leaderChain = softHsmKeyFromP12(leaderP12, DEMO_CERTIFICATE_PASSPHRASE, "lanh-dao", "32").chainDer;
  // Only the token can seal: the organisation's PKCS#12 provisioned by the world goes.
  world.db.$client.prepare("delete from organization_certificates where organization_id = ?").run(world.provinceId);
  // Registered here so each test stands alone; the first test checks who may register (again).
  registerOwnDevice({ db: world.db, dataDir: world.dataDir, actor: systemActor() }, { organizationId: world.provinceId, chainDer: sealChain });
}, 120_000);
afterAll(async () => {
  await agent?.close();
  world?.cleanup();
  token?.cleanup();
});

describe("the clerk issues with the organisation's seal on their own token (agent + SoftHSM2)", () => {
  test("registering the seal device: the organisation's own clerk or an administrator only, trusted chain, audited", async () => {
    expect(
      (await rejection(Promise.resolve().then(() => registerOwnDevice(world.ctx("chutich"), { organizationId: world.provinceId, chainDer: sealChain })))).code,
    ).toBe(AppErrorCode.FORBIDDEN);
    expect(
      (
        await rejection(
          Promise.resolve().then(() => registerOwnDevice(world.ctx("vanthu.tanthanh"), { organizationId: world.provinceId, chainDer: sealChain })),
        )
      ).code,
    ).toBe(AppErrorCode.FORBIDDEN);
    const row = registerOwnDevice(world.ctx("vanthu"), { organizationId: world.provinceId, chainDer: sealChain });
    expect(row).toMatchObject({ organizationId: world.provinceId, userId: null, kind: "own_device", subjectName: world.actors.vanthu.organizationName });
    const audit = world.db.$client
      .prepare(
        "select actor_id as actorId, entity_type as entityType, entity_id as entityId from audit_events where action = 'signing.device_register' order by id desc limit 1",
      )
      .get();
    expect(audit).toEqual({ actorId: world.actors.vanthu.id, entityType: "organization", entityId: String(world.provinceId) });
  });

  test("prepare → agent (wrong PIN first: nothing stored) → finish: issued with a PDF attachment; both files pass sigcheck and revdiff", async () => {
    const attachment = await pdfLibDocument({ pages: 1 });
    const id = await signedDocument({ attachments: [{ bytes: attachment, name: "phu-luc.pdf", type: "application/pdf" }] });
    const prep = await prepareDeviceIssue(world.ctx("vanthu"), { documentId: id, chainDer: sealChain, copies: 3 });
    expect(prep.digests.map((d) => d.name)).toEqual([`${prep.numberSymbol.replace(/\//g, "-")}.pdf`, "phu-luc.pdf"]);
    expect(prep.numberSymbol).toMatch(/^\d{2,}\/KH-UBND$/);

    const wrong = await call("/v1/sign", { digest: prep.digests[0].digest, digestAlgorithm: "SHA-256", pin: "000000" });
    expect(wrong.status).toBe(401);
    expect(wrong.json.error?.message).toBe("Mã PIN của thiết bị ký số không đúng");
    expect(statusOf(world.db, id)).toBe("signed");
    expect(registerEntries(id)).toBe(0);

    const issued = await finishDeviceIssue(world.ctx("vanthu"), { preparationId: prep.preparationId, signatures: await signAll(prep.digests) });
    expect(issued.numberSymbol).toBe(prep.numberSymbol);
    expect(statusOf(world.db, id)).toBe("issued");
    expect(registerEntries(id)).toBe(1);
    expect(world.db.$client.prepare("select copies, issued_by as issuedBy from outgoing_documents where id = ?").get(id)).toEqual({
      copies: 3,
      issuedBy: world.actors.vanthu.id,
    });
    // Liên thông: Tân Thành received it.
    expect(
      world.db.$client
        .prepare(
          "select count(*) as n from outgoing_recipients where document_id = ? and kind = 'internal' and incoming_document_id is not null and delivered_at is not null",
        )
        .get(id),
    ).toEqual({ n: 1 });
    const audit = world.db.$client.prepare("select detail from audit_events where action = 'outgoing.issue' and entity_id = ?").get(String(id)) as {
      detail: string;
    };
    expect(JSON.parse(audit.detail)).toMatchObject({ method: "own_device", preparationId: prep.preparationId, numberSymbol: prep.numberSymbol });
    // Finishing again is refused.
    expect((await rejection(finishDeviceIssue(world.ctx("vanthu"), { preparationId: prep.preparationId, signatures: await signAll(prep.digests) }))).code).toBe(
      AppErrorCode.INVALID_STATE,
    );

    const reports = await getOutgoingSignatures(world.ctx("vanthu"), id);
    expect(reports.map((r) => [r.valid, r.trusted, r.signerName])).toEqual([
      [true, true, world.actors.chutich.fullName],
      [true, true, world.actors.vanthu.organizationName],
    ]);
    const dir = join(world.dataDir, "device-issue");
    mkdirSync(dir, { recursive: true });
    const main = join(dir, "issued.pdf");
    writeFileSync(main, readOutgoingFile(world.ctx("vanthu"), { documentId: id, kind: "issued" }).bytes);
    const attachmentRow = world.db.$client.prepare("select id from outgoing_attachments where document_id = ?").get(id) as { id: number };
    const annex = join(dir, "phu-luc.pdf");
    writeFileSync(annex, readOutgoingFile(world.ctx("vanthu"), { documentId: id, kind: "attachment", n: attachmentRow.id }).bytes);
    const [sc, rd, sa, ra] = await Promise.all([
      sigcheck(main, world.caPath, 2, [], 120_000),
      revdiff(main, 60_000),
      sigcheck(annex, world.caPath, 1, [], 120_000),
      revdiff(annex, 60_000),
    ]);
    expect(sc.code, sc.output).toBe(0);
    expect(rd.code, rd.output).toBe(0);
    expect(sa.code, sa.output).toBe(0);
    expect(ra.code, ra.output).toBe(0);
    // Rendered for a look (tests/.tmp/device-issue-*.png): number, date and seal on page 1.
    if (process.env.KEEP_RENDERS) {
      const out = join(process.cwd(), "tests", ".tmp", "device-issue");
      execFileSync("pdftoppm", ["-png", "-r", "60", "-f", "1", "-l", "1", main, out]);
      execFileSync("pdftoppm", ["-png", "-r", "60", "-f", "1", "-l", "1", annex, `${out}-annex`]);
    }
  }, 180_000);

  test("a PDF that another producer signed before the leader is sealed on the device as on the server: the foreign signature does not block", async () => {
    // qpdf's test file carries a signature from a CA no installation trusts (shared corpus); the leader signs after it.
    const bytes = new Uint8Array(readFileSync(join(CORPUS, "qpdf__digitally-signed.pdf")));
    const { id } = await world.draft("chuyenvien", { source: "uploaded", body: "", uploadedPdf: { bytes, name: "da-ky-truoc.pdf" }, docTypeCode: "CV" });
    await toLeaderReview(world, id);
    await signOutgoingDocument(world.ctx("chutich"), { documentId: id, passphrase: "demo" });
    const prep = await prepareDeviceIssue(world.ctx("vanthu"), { documentId: id, chainDer: sealChain });
    const issued = await finishDeviceIssue(world.ctx("vanthu"), { preparationId: prep.preparationId, signatures: await signAll(prep.digests) });
    expect(issued.numberSymbol).toBe(prep.numberSymbol);
    expect(statusOf(world.db, id)).toBe("issued");
    const reports = await getOutgoingSignatures(world.ctx("vanthu"), id);
    expect(reports[0].trusted).toBe(false);
    expect(reports.slice(-2).map((r) => [r.valid, r.trusted, r.modifiedAfter, r.signerName])).toEqual([
      [true, true, false, world.actors.chutich.fullName],
      [true, true, false, world.actors.vanthu.organizationName],
    ]);
  }, 180_000);

  test("another role, another organisation, the wrong state and a foreign certificate are refused before anything is prepared", async () => {
    const id = await signedDocument();
    expect((await rejection(prepareDeviceIssue(world.ctx("chutich"), { documentId: id, chainDer: sealChain }))).code).toBe(AppErrorCode.FORBIDDEN);
    expect((await rejection(prepareDeviceIssue(world.ctx("vanthu.tanthanh"), { documentId: id, chainDer: sealChain }))).code).toBe(AppErrorCode.NOT_FOUND);
    const foreign = await rejection(prepareDeviceIssue(world.ctx("vanthu"), { documentId: id, chainDer: leaderChain }));
    expect(foreign.message).toBe(SigningMessages.WRONG_ORGANIZATION_CERTIFICATE);
    const { id: unsigned } = await world.draft("chuyenvien");
    await toLeaderReview(world, unsigned);
    expect((await rejection(prepareDeviceIssue(world.ctx("vanthu"), { documentId: unsigned, chainDer: sealChain }))).code).toBe(AppErrorCode.INVALID_STATE);
    const pending = world.db.$client
      .prepare("select count(*) as n from signing_preparations where purpose = 'issue' and document_id in (?, ?)")
      .get(id, unsigned) as { n: number };
    expect(pending.n).toBe(0);
  }, 120_000);

  test("expired, foreign, wrong-value and stale preparations are refused; two on one document: the first finished wins", async () => {
    const id = await signedDocument();
    const t0 = new Date();
    const old = await prepareDeviceIssue(
      world.ctx("vanthu", () => t0),
      { documentId: id, chainDer: sealChain },
    );
    const later = new Date(t0.getTime() + 6 * 60 * 1000);
    const expired = await rejection(
      finishDeviceIssue(
        world.ctx("vanthu", () => later),
        { preparationId: old.preparationId, signatures: await signAll(old.digests) },
      ),
    );
    expect(expired.message).toBe(SigningMessages.PREPARATION_EXPIRED);

    const a = await prepareDeviceIssue(world.ctx("vanthu"), { documentId: id, chainDer: sealChain });
    const b = await prepareDeviceIssue(world.ctx("vanthu"), { documentId: id, chainDer: sealChain });
    // Someone else (even with the permission) cannot finish this clerk's preparation.
    expect((await rejection(finishDeviceIssue(world.ctx("vanthu.tanthanh"), { preparationId: a.preparationId, signatures: ["AA=="] }))).code).toBe(
      AppErrorCode.NOT_FOUND,
    );
    const other = await signAll([{ digest: Buffer.alloc(32, 9).toString("base64") }]);
    expect((await rejection(finishDeviceIssue(world.ctx("vanthu"), { preparationId: a.preparationId, signatures: other }))).message).toBe(
      SigningMessages.INVALID_SIGNATURE,
    );
    expect(statusOf(world.db, id)).toBe("signed");
    await finishDeviceIssue(world.ctx("vanthu"), { preparationId: b.preparationId, signatures: await signAll(b.digests) });
    const late = await rejection(finishDeviceIssue(world.ctx("vanthu"), { preparationId: a.preparationId, signatures: await signAll(a.digests) }));
    expect(late.code).toBe(AppErrorCode.CONFLICT);
    expect(late.message).toBe(SigningMessages.PREPARATION_STALE);
    expect(registerEntries(id)).toBe(1);
  }, 180_000);

  test("a number taken by another document meanwhile: refused with the number, then signed again with the next one", async () => {
    const first = await signedDocument();
    const second = await signedDocument();
    const p1 = await prepareDeviceIssue(world.ctx("vanthu"), { documentId: first, chainDer: sealChain });
    const p2 = await prepareDeviceIssue(world.ctx("vanthu"), { documentId: second, chainDer: sealChain });
    expect(p2.numberSymbol).toBe(p1.numberSymbol);
    await finishDeviceIssue(world.ctx("vanthu"), { preparationId: p2.preparationId, signatures: await signAll(p2.digests) });
    const taken = await rejection(finishDeviceIssue(world.ctx("vanthu"), { preparationId: p1.preparationId, signatures: await signAll(p1.digests) }));
    expect(taken.code).toBe(AppErrorCode.CONFLICT);
    expect(taken.message).toBe(OutgoingMessages.NUMBER_TAKEN_RESIGN(p1.numberSymbol));
    expect(statusOf(world.db, first)).toBe("signed");
    const again = await prepareDeviceIssue(world.ctx("vanthu"), { documentId: first, chainDer: sealChain });
    expect(Number(again.numberSymbol.split("/")[0])).toBe(Number(p1.numberSymbol.split("/")[0]) + 1);
    await finishDeviceIssue(world.ctx("vanthu"), { preparationId: again.preparationId, signatures: await signAll(again.digests) });
    expect(statusOf(world.db, first)).toBe("issued");
  }, 180_000);

  test("with TSA_URL the seal signed on the device carries a signature timestamp (PAdES B-T) and still passes sigcheck", async () => {
    const tsa = await startTsaServer({ dir: join(world.dataDir, "tsa"), port: 0 });
    process.env.TSA_URL = tsa.url;
    resetEnvCache();
    try {
      const id = await signedDocument();
      const prep = await prepareDeviceIssue(world.ctx("vanthu"), { documentId: id, chainDer: sealChain });
      await finishDeviceIssue(world.ctx("vanthu"), { preparationId: prep.preparationId, signatures: await signAll(prep.digests) });
      const reports = await getOutgoingSignatures(world.ctx("vanthu"), id);
      expect(reports).toHaveLength(2);
      expect(reports[1]).toMatchObject({
        valid: true,
        trusted: true,
        timestamp: { tsa: "Máy chủ dấu thời gian thử nghiệm", time: expect.stringMatching(/\+07:00$/) },
      });
      const file = join(world.dataDir, "device-issue-tsa.pdf");
      writeFileSync(file, readOutgoingFile(world.ctx("vanthu"), { documentId: id, kind: "issued" }).bytes);
      const sc = await sigcheck(file, world.caPath, 2, [], 120_000);
      expect(sc.code, sc.output).toBe(0);
    } finally {
      delete process.env.TSA_URL;
      resetEnvCache();
      await tsa.close();
    }
  }, 180_000);

  test("recipients on another system (edXML) are refused; a device stopped between prepare and finish is refused", async () => {
    const id = await signedDocument();
    const now = Date.now();
    const peer = world.db.$client
      .prepare("insert into edxml_peers (name, transport, directory, is_active, created_at, updated_at) values ('LGSP thử', 'directory', '/tmp/x', 1, ?, ?)")
      .run(now, now);
    world.db.$client.prepare("insert into edxml_remote_organizations (organization_id, peer_id) values (?, ?)").run(world.tanThanhId, peer.lastInsertRowid);
    try {
      expect((await rejection(prepareDeviceIssue(world.ctx("vanthu"), { documentId: id, chainDer: sealChain }))).message).toBe(
        SigningMessages.DEVICE_ISSUE_REMOTE_RECIPIENTS,
      );
    } finally {
      world.db.$client.prepare("delete from edxml_remote_organizations where organization_id = ?").run(world.tanThanhId);
    }
    const prep = await prepareDeviceIssue(world.ctx("vanthu"), { documentId: id, chainDer: sealChain });
    const signatures = await signAll(prep.digests);
    disableSigningDevice({ db: world.db, dataDir: world.dataDir, actor: systemActor() }, { organizationId: world.provinceId }, "own_device");
    expect((await rejection(finishDeviceIssue(world.ctx("vanthu"), { preparationId: prep.preparationId, signatures }))).message).toBe(
      SigningMessages.ORGANIZATION_DEVICE_CHANGED,
    );
    expect(statusOf(world.db, id)).toBe("signed");
    expect((await rejection(prepareDeviceIssue(world.ctx("vanthu"), { documentId: id, chainDer: sealChain }))).message).toBe(
      SigningMessages.NO_ORGANIZATION_DEVICE,
    );
  }, 120_000);
});
