// Trust store (issue 19 item 3): an administrator adds CA certificates as PEM; verification of a received PDF then
// says which anchor each signature chains to. Real SQLite, real files under DATA_DIR, real signatures, and the
// verification runs in the untrusted-file pool as on the incoming document page.
import { X509Certificate } from "node:crypto";
import { mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { eq } from "drizzle-orm";
import { createDemoCa, createDemoPki, signPdf } from "#signing/index";
import { auditEvents } from "#db/schema/index";
import { verifyAuditChain } from "#app/platform/audit.server";
import { checkIncomingPdfSignatures } from "#app/features/incoming/index";
import { addTrustAnchors, listTrustAnchors, removeTrustAnchor, trustAnchorDir, trustAnchorPems } from "#app/platform/signing/trust-anchors.server";
import { createTestDb, type TestDb } from "#tests/support/test-db";
import { contextFor, makeUser, seedDirectory } from "#tests/support/factories";
import { pdfLibDocument } from "#tests/support/pdf-corpus";
import { signingFixtures, SIGNING_TIME } from "#tests/support/signing-fixtures";
import type { ServiceContext } from "#app/platform/context.server";

let t: TestDb;
let ctx: ServiceContext;
let fx: ReturnType<typeof signingFixtures>;
let signed: Uint8Array;

beforeAll(async () => {
  t = createTestDb();
  const units = seedDirectory(t.db);
  const admin = await makeUser(t.db, t.dataDir, { username: "quantri", unitId: [...units.values()][0], roles: ["admin"] });
  ctx = contextFor(t.db, t.dataDir, admin);
  fx = signingFixtures(t.dataDir);
  signed = (await signPdf(await pdfLibDocument({ pages: 1 }), { signer: fx.leader, role: "leader", signingTime: SIGNING_TIME })).pdf;
}, 120_000);
afterAll(() => t.cleanup());

describe("trust anchors added by an administrator", () => {
  test("a signature is untrusted until its CA is added, then names the anchor it chains to; removal undoes it", { timeout: 90_000 }, async () => {
    const before = await checkIncomingPdfSignatures(t.dataDir, signed);
    expect(before.status).toBe("untrusted");
    expect(before.signatures[0]).toMatchObject({ isValid: true, isTrusted: false, trustAnchor: null, changes: "Không có thay đổi sau khi ký" });

    const [anchor] = addTrustAnchors(ctx, { input: fx.pki.caCertPem, label: "CA thử nghiệm của xã" });
    expect(anchor).toMatchObject({ label: "CA thử nghiệm của xã", source: "admin", selfSigned: true });
    expect(readdirSync(trustAnchorDir(t.dataDir))).toEqual([`${anchor.fingerprint}.pem`]);
    expect(listTrustAnchors(t.dataDir).map((a) => a.fingerprint)).toContain(anchor.fingerprint);

    const after = await checkIncomingPdfSignatures(t.dataDir, signed);
    expect(after.status).toBe("valid");
    expect(after.signatures[0]).toMatchObject({ isTrusted: true, trustAnchor: anchor.subject });
    expect(after.label).toContain(`gốc tin cậy: ${anchor.subject}`);

    removeTrustAnchor(ctx, anchor.fingerprint);
    expect((await checkIncomingPdfSignatures(t.dataDir, signed)).status).toBe("untrusted");
    const trail = t.db.select().from(auditEvents).where(eq(auditEvents.entityId, anchor.fingerprint)).all();
    expect(trail.map((e) => e.action)).toEqual(["trust_anchor.add", "trust_anchor.remove"]);
    expect(verifyAuditChain(t.db)).toMatchObject({ ok: true });
  });

  test("refuses end-entity certificates, private keys, garbage and duplicates, writing nothing", () => {
    const other = createDemoPki({ organizationName: "Sở Nội vụ", leaderName: "Trần Văn B", leaderTitle: "Giám đốc", now: new Date("2025-01-01T00:00:00Z") });
    const leafPem = new X509Certificate(fx.leader.certificateChainDer[0]).toString();
    const files = () => {
      try {
        return readdirSync(trustAnchorDir(t.dataDir));
      } catch {
        return [];
      }
    };
    const count = files().length;
    expect(() => addTrustAnchors(ctx, { input: leafPem, label: "Lá" })).toThrow(/không phải chứng thư của tổ chức chứng thực/);
    expect(() =>
      addTrustAnchors(ctx, { input: `${other.caCertPem}\n-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n`, label: "Có khóa" }),
    ).toThrow(/khóa bí mật/);
    expect(() => addTrustAnchors(ctx, { input: "không phải chứng thư", label: "Rác" })).toThrow(/Không đọc được chứng thư/);
    expect(() => addTrustAnchors(ctx, { input: other.caCertPem, label: "" })).toThrow(/tên gợi nhớ/);
    expect(files().length).toBe(count);
    addTrustAnchors(ctx, { input: other.caCertPem, label: "Sở Nội vụ" });
    expect(() => addTrustAnchors(ctx, { input: other.caCertPem, label: "Lần hai" })).toThrow(/đã có trong danh sách/);
    expect(files().length).toBe(count + 1);
    expect(join(t.dataDir, "trust-anchors")).toBe(trustAnchorDir(t.dataDir));
  });

  test("the verifier's PEM list is cached per process but follows every change of the files, whoever makes it", () => {
    // Another worker, the CLI or an administrator's shell changes the folders without touching this process's
    // counter: the cache key (names, inodes, sizes, change times) must still see it.
    const dataDir = join(t.dataDir, "pem-cache");
    const dir = trustAnchorDir(dataDir);
    expect(trustAnchorPems(dataDir)).toEqual([]);
    mkdirSync(dir, { recursive: true });
    const [a, b] = [createDemoCa({ commonName: "CA A" }), createDemoCa({ commonName: "CA B" })];
    const fingerprint = (pem: string) => new X509Certificate(pem).fingerprint256;
    const list = () => trustAnchorPems(dataDir).map(fingerprint);
    writeFileSync(join(dir, "a.pem"), `Label: A\n${a.certPem}`);
    expect(list()).toEqual([fingerprint(a.certPem)]);
    const cached = trustAnchorPems(dataDir);
    cached.push("changed by a caller");
    expect(list()).toEqual([fingerprint(a.certPem)]);
    // Replaced in place by a file of the same name (rename over it), then edited in place.
    writeFileSync(join(dir, "a.pem.new"), `Label: B\n${b.certPem}`);
    renameSync(join(dir, "a.pem.new"), join(dir, "a.pem"));
    expect(list()).toEqual([fingerprint(b.certPem)]);
    writeFileSync(join(dir, "a.pem"), `Label: A\n${a.certPem}`);
    expect(list()).toEqual([fingerprint(a.certPem)]);
    writeFileSync(join(dir, "b.pem"), `Label: B\n${b.certPem}`);
    expect(list().sort()).toEqual([fingerprint(a.certPem), fingerprint(b.certPem)].sort());
    rmSync(join(dir, "a.pem"));
    expect(list()).toEqual([fingerprint(b.certPem)]);
    rmSync(dir, { recursive: true });
    expect(list()).toEqual([]);
  });
});
