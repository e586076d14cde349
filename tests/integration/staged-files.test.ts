// Large uploads reach the pool child through the file store's staging folder instead of an IPC message, and are
// hashed and written without holding the event loop (files.server.ts: keepIfUsed, stageUnnamedBlob, sha256Hex;
// app/platform/untrusted/task-input.ts). What is checked here: the bytes kept are the bytes sent, under their
// hash; a file that is refused leaves nothing behind, staged or stored; a missing stored file is reported in
// Vietnamese without its path; and the event loop keeps turning while a large file is hashed.
import { execFileSync } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createTestDb, type TestDb } from "#tests/support/test-db";
import { contextFor, makeUser, seedDirectory } from "#tests/support/factories";
import { samplePdf } from "#tests/support/incoming-fixtures";
import type { Actor } from "#app/platform/auth/actor";
import { blobPath, keepIfUsed, sha256Hex, stagingFolder } from "#app/platform/files/files.server";
import { PdfReadError, readPdfText } from "#app/platform/pdf-text/pdf-text.server";
import { storedPdfSignatureReports } from "#app/platform/signing/stored-signatures.server";
import { UntrustedTaskError } from "#app/platform/untrusted/pool.server";
import { prepareIncomingUpload } from "#app/features/incoming/index";

let t: TestDb;
let clerk: Actor;
const MB = 1024 * 1024;

/** Every file under the store's folder (blobs and staged temp files), relative to it. */
function storeFiles(): string[] {
  const root = join(t.dataDir, "files");
  if (!existsSync(root)) return [];
  return (readdirSync(root, { recursive: true, withFileTypes: true }) as import("node:fs").Dirent[])
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name).slice(root.length + 1))
    .sort();
}

/** The sample letter with `mb` MB of random bytes attached (qpdf): a real PDF above the on-loop size. */
async function largePdf(mb: number): Promise<Uint8Array> {
  const dir = join(t.dataDir, "fixtures");
  execFileSync("mkdir", ["-p", dir]);
  writeFileSync(join(dir, "in.pdf"), await samplePdf());
  writeFileSync(join(dir, "phu-luc.bin"), randomBytes(mb * MB));
  execFileSync("qpdf", [join(dir, "in.pdf"), "--add-attachment", join(dir, "phu-luc.bin"), "--", join(dir, "out.pdf")]);
  return new Uint8Array(readFileSync(join(dir, "out.pdf")));
}

beforeAll(async () => {
  t = createTestDb();
  const units = seedDirectory(t.db);
  clerk = await makeUser(t.db, t.dataDir, { username: "vanthu", unitId: units.get("Văn phòng UBND tỉnh")!, roles: ["clerk"] });
});
afterAll(() => t.cleanup());

describe("sha256Hex", () => {
  test("hashes every size as createHash does, on both sides of the on-loop size", async () => {
    for (const size of [0, 1, 4 * MB, 4 * MB + 1, 9 * MB + 123]) {
      const bytes = randomBytes(size);
      expect(await sha256Hex(bytes)).toBe(createHash("sha256").update(bytes).digest("hex"));
    }
  });

  test("lets timers run while a large buffer is hashed", async () => {
    const bytes = randomBytes(48 * MB);
    let ticks = 0;
    const timer = setInterval(() => ticks++, 0);
    try {
      await sha256Hex(bytes);
    } finally {
      clearInterval(timer);
    }
    // One slice (1 MB) between turns of the loop: a timer fires many times during 48 slices. Hashed in one
    // call, it could not fire at all before the hash returned.
    expect(ticks).toBeGreaterThan(5);
  });
});

describe("keepIfUsed", () => {
  test("keeps the bytes under their hash when used, and nothing when the use throws", async () => {
    for (const bytes of [new TextEncoder().encode("nhỏ"), randomBytes(6 * MB)]) {
      const before = storeFiles();
      const sha = createHash("sha256").update(bytes).digest("hex");
      await expect(
        keepIfUsed(t.dataDir, bytes, async (path) => {
          expect(Buffer.compare(readFileSync(path), bytes)).toBe(0);
          throw new Error("refused");
        }),
      ).rejects.toThrow("refused");
      expect(storeFiles()).toEqual(before);

      const seen: string[] = [];
      const kept = await keepIfUsed(t.dataDir, bytes, async (path) => {
        seen.push(path);
        return "read";
      });
      expect(kept).toEqual({ value: "read", blob: { sha256: sha, size: bytes.byteLength } });
      expect(seen[0].startsWith(stagingFolder(t.dataDir))).toBe(true);
      expect(Buffer.compare(readFileSync(blobPath(t.dataDir, sha)), bytes)).toBe(0);
      expect(readdirSync(stagingFolder(t.dataDir))).toEqual([]);
    }
  });
});

describe("pool tasks reading stored files", () => {
  test("a large PDF upload is read from disk, kept byte for byte, and a broken one leaves nothing", async () => {
    const pdf = await largePdf(6);
    expect(pdf.byteLength).toBeGreaterThan(6 * MB);
    const upload = await prepareIncomingUpload(contextFor(t.db, t.dataDir, clerk), { bytes: pdf, originalName: "kem-phu-luc.pdf" });
    expect(upload.fields.numberSymbol).toBe("172/KH-UBND");
    expect(upload.size).toBe(pdf.byteLength);
    expect(Buffer.compare(readFileSync(blobPath(t.dataDir, upload.sha256)), pdf)).toBe(0);
    // Its signature check read the stored blob (an unsigned letter: no signatures, not "unchecked").
    expect(upload.signature?.status).not.toBe("unchecked");

    const before = storeFiles();
    const broken = pdf.slice(0, 5 * MB);
    await expect(prepareIncomingUpload(contextFor(t.db, t.dataDir, clerk), { bytes: broken, originalName: "hong.pdf" })).rejects.toMatchObject({
      code: "VALIDATION",
      message: expect.stringMatching(/bị hỏng/),
    });
    expect(storeFiles()).toEqual(before);
  });

  test("a stored file that is missing is reported in Vietnamese, without its path", async () => {
    const missing = "0".repeat(64);
    const refusal = await storedPdfSignatureReports(t.dataDir, missing).catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(UntrustedTaskError);
    expect((refusal as UntrustedTaskError).remoteCode).toBe("STORED_FILE_UNREADABLE");
    expect((refusal as Error).message).toBe("Không đọc được tệp trong kho lưu trữ của hệ thống. Hãy báo quản trị hệ thống.");
    expect((refusal as Error).message).not.toContain(t.dataDir);
    await expect(readPdfText({ path: blobPath(t.dataDir, missing) })).rejects.toBeInstanceOf(PdfReadError);
  });
});
