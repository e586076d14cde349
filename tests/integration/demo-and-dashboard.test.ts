import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createTestDb, type TestDb } from "#tests/support/test-db";
import { contextFor } from "#tests/support/factories";
import { seedDemoData } from "#app/features/demo/seed-demo.server";
import { loadActor } from "#app/platform/auth/actor.server";
import { findUserByUsername } from "#app/platform/users.server";
import { getDashboard } from "#app/features/home/dashboard.server";
import { verifyAuditChain } from "#app/platform/audit.server";
import { DEMO_ACCOUNTS } from "#app/features/demo/directory.server";
import { checkIncomingDocumentSignatures, checkIncomingPdfSignatures, checkStoredPdfSignatures } from "#app/features/incoming/index";
import { blobPath, readStoredFile, getFileRow } from "#app/platform/files/files.server";
import { incomingDocuments, outgoingDocuments } from "#db/schema/index";
import { getOutgoingSignatures } from "#app/features/outgoing/index";
import { storedPdfSignatureReports } from "#app/platform/signing/stored-signatures.server";
import { eq, isNotNull } from "drizzle-orm";
import { mkdtempSync, renameSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

let t: TestDb;

beforeAll(async () => {
  t = createTestDb();
  await seedDemoData(t.db, t.dataDir);
}, 120_000);
afterAll(() => t.cleanup());

function dashboardOf(username: string) {
  const actor = loadActor(t.db, findUserByUsername(t.db, username)!.id)!;
  return getDashboard(contextFor(t.db, t.dataDir, actor));
}

function counter(username: string, key: string) {
  return dashboardOf(username)
    .flatMap((s) => s.counters)
    .find((c) => c.key === key);
}

describe("demo data and role dashboards", () => {
  test("every demo account exists, is active and belongs to the expected organisation", () => {
    for (const account of DEMO_ACCOUNTS) {
      const actor = loadActor(t.db, findUserByUsername(t.db, account.username)!.id);
      expect(actor, account.username).not.toBeNull();
      expect(actor!.organizationName).toBe(
        account.username.endsWith(".tanthanh")
          ? "Ủy ban nhân dân phường Tân Thành"
          : account.username === "sonoivu"
            ? "Sở Nội vụ"
            : account.username === "sotuphap"
              ? "Sở Tư pháp"
              : "Ủy ban nhân dân tỉnh Cà Mau",
      );
    }
  });

  test("the demo seed is fully audited with an intact hash chain", () => {
    expect(verifyAuditChain(t.db)).toMatchObject({ ok: true });
  });

  test("the leader sees the overdue tasks of the province's plans; the admin sees users", () => {
    const overdue = counter("chutich", "plans-overdue");
    expect(overdue).toBeDefined();
    expect(overdue!.count).toBeGreaterThan(0);
    expect(counter("chutich.tanthanh", "plans-overdue")?.count ?? 0).toBe(0);
    expect(counter("admin", "admin-users-active")!.count).toBe(DEMO_ACCOUNTS.length);
  });

  test("the plan manager sees completions to confirm", () => {
    expect(counter("sonoivu", "plans-to-confirm")).toBeDefined();
  });
});

describe("signature status of documents received through liên thông", () => {
  test("a delivered PDF with the leader's and the organisation's signatures is valid and trusted", async () => {
    const delivered = t.db.select().from(incomingDocuments).where(isNotNull(incomingDocuments.outgoingDocumentId)).all();
    expect(delivered.length).toBeGreaterThanOrEqual(2);
    const bytes = new Uint8Array(readStoredFile(t.dataDir, getFileRow(t.db, delivered[0].fileId!)!));
    const status = await checkIncomingPdfSignatures(t.dataDir, bytes);
    expect(status.status).toBe("valid");
    expect(status.signatures).toHaveLength(2);

    // Without the demo CA among the trust anchors the same bytes are intact but not trusted.
    const noAnchors = mkdtempSync(join(tmpdir(), "vpdt-noanchor-"));
    expect((await checkIncomingPdfSignatures(noAnchors, bytes)).status).toBe("untrusted");

    // A byte changed inside the signed range makes it invalid.
    const tampered = bytes.slice();
    const at = new TextDecoder("latin1").decode(tampered).indexOf("/Type /Page");
    tampered[at + 1] = "X".charCodeAt(0);
    expect((await checkIncomingPdfSignatures(t.dataDir, tampered)).status).not.toBe("valid");
  });
});

describe("the document page's signature status reads no file once a verdict is known (issue 18)", () => {
  test("a stored PDF is read once; later views take the verdict by its stored hash", async () => {
    const delivered = t.db.select().from(incomingDocuments).where(isNotNull(incomingDocuments.outgoingDocumentId)).all();
    // Not the file the test above verified (its verdict is cached): this one must be read once.
    const checkedAbove = getFileRow(t.db, delivered[0].fileId!)!.sha256;
    const file = delivered.map((d) => getFileRow(t.db, d.fileId!)!).find((f) => f.sha256 !== checkedAbove)!;
    let reads = 0;
    const read = () => {
      reads++;
      return new Uint8Array(readStoredFile(t.dataDir, file));
    };
    const first = await checkStoredPdfSignatures(t.dataDir, file.sha256, read);
    const second = await checkStoredPdfSignatures(t.dataDir, file.sha256, read);
    expect(first.status).toBe("valid");
    expect(second).toEqual(first);
    expect(reads).toBe(1);

    // Through the page's own function: with the blob moved away the known verdict is still shown.
    const doc = { file: { id: file.id, name: "x.pdf", size: file.size, sha256: file.sha256, searchable: null } };
    const path = blobPath(t.dataDir, file.sha256);
    renameSync(path, `${path}.away`);
    try {
      const ctx = contextFor(t.db, t.dataDir, loadActor(t.db, findUserByUsername(t.db, "chanhvanphong")!.id)!);
      expect((await checkIncomingDocumentSignatures(ctx, doc)).status).toBe("valid");
    } finally {
      renameSync(`${path}.away`, path);
    }
  });

  test("a stored PDF that cannot be read is reported unchecked, not as a failed page", async () => {
    const status = await checkStoredPdfSignatures(t.dataDir, "0".repeat(64), () => {
      throw new Error("ENOENT: no such file");
    });
    expect(status.status).toBe("unchecked");
    expect(status.label).toBe("Chưa kiểm tra được chữ ký số");
  });

  test("the outgoing document page verifies the issued PDF once, in the pool, then by its stored hash", async () => {
    const issued = t.db.select().from(outgoingDocuments).where(eq(outgoingDocuments.status, "issued")).all();
    const doc = issued.find((d) => d.fileId && d.issuedFileId)!;
    const ctx = contextFor(t.db, t.dataDir, loadActor(t.db, findUserByUsername(t.db, "vanthu")!.id)!);
    const first = await getOutgoingSignatures(ctx, doc.id);
    expect(first.length).toBeGreaterThan(0);
    expect(first.every((r) => r.valid && r.trusted)).toBe(true);
    // With the blob moved away, the page still shows the reports: it neither reads nor verifies the file again.
    const path = blobPath(t.dataDir, getFileRow(t.db, doc.fileId!)!.sha256);
    renameSync(path, `${path}.away`);
    try {
      expect(await getOutgoingSignatures(ctx, doc.id)).toEqual(first);
    } finally {
      renameSync(`${path}.away`, path);
    }
  });

  test("views that miss the cache together share one verification; a failed one is not kept", async () => {
    const delivered = t.db.select().from(incomingDocuments).where(isNotNull(incomingDocuments.outgoingDocumentId)).all();
    const file = getFileRow(t.db, delivered[delivered.length - 1].fileId!)!;
    // A fresh key for the same bytes: another data folder name (the key is data folder, trust generation, hash).
    const dataDir = `${t.dataDir}/.`;
    let reads = 0;
    const read = () => {
      reads++;
      return new Uint8Array(readStoredFile(t.dataDir, file));
    };
    const views = await Promise.all(Array.from({ length: 8 }, () => storedPdfSignatureReports(dataDir, file.sha256, read)));
    expect(reads).toBe(1);
    expect(views.every((v) => v === views[0])).toBe(true);
    expect(views[0].length).toBeGreaterThan(0);

    let failures = 0;
    const failing = () => {
      failures++;
      throw new Error("ENOENT: no such file");
    };
    const other = "1".repeat(64);
    await expect(storedPdfSignatureReports(t.dataDir, other, failing)).rejects.toThrow(/ENOENT/);
    await expect(storedPdfSignatureReports(t.dataDir, other, failing)).rejects.toThrow(/ENOENT/);
    expect(failures).toBe(2);
  });
});
