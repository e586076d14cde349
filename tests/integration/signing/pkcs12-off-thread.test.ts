// A PKCS#12 is opened in the untrusted-file pool (ADR 0020): forge's key derivation, as many iterations as the
// file's maker chose, no longer holds the server's event loop while a leader signs or uploads a certificate.
import { execFileSync } from "node:child_process";
import { createPublicKey, verify } from "node:crypto";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openCertificate } from "#app/platform/signing/document-signing.server";
import { closeUntrustedPool } from "#app/platform/untrusted/pool.server";
import { AppError, AppErrorCode } from "#app/utils/errors";
import { SIGNING_TIME, signingFixtures, type SigningFixtures } from "#tests/support/signing-fixtures";

let dir: string;
let fx: SigningFixtures;

/** What `openssl pkcs12 -export` writes for the demo leader's key and chain, with `args` (e.g. -iter N). */
function exportP12(name: string, args: string[]): Uint8Array {
  const out = join(dir, name);
  execFileSync("openssl", ["pkcs12", "-export", "-inkey", join(dir, "k.pem"), "-in", join(dir, "c.pem"), "-out", out, "-passout", "pass:demo", ...args]);
  return readFileSync(out);
}

async function refusal(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => new Error("expected a refusal"),
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "p12-pool-"));
  fx = signingFixtures(dir);
  writeFileSync(join(dir, "k.pem"), fx.leader.privateKey.export({ format: "pem", type: "pkcs8" }));
  writeFileSync(join(dir, "c.pem"), fx.pki.leader.certPem + fx.pki.caCertPem);
});

afterAll(async () => {
  await closeUntrustedPool();
});

describe("opening a PKCS#12 off the request thread", () => {
  // 50,000 iterations, past the old cap of 20,000 (ADR 0020): ≈ 0.6 s of forge here, all of it on the request
  // thread before. The loop is counted in turns, not timed: synchronous code lets it turn 0 times.
  const costly = () => exportP12("iter-50000.p12", ["-iter", "50000"]);

  it("keeps the event loop turning while a costly file is opened, and returns a working signer", async () => {
    const p12 = costly();
    // A timer, not a setImmediate loop: that would spin a core and starve the (niced) pool child on a busy machine.
    let turns = 0;
    const ticker = setInterval(() => turns++, 1);
    const signer = await openCertificate(p12, "demo", SIGNING_TIME).finally(() => clearInterval(ticker));
    // ≥ 0.2 s of derivation on any machine this runs on: hundreds of 1 ms turns; the synchronous code gave 0.
    expect(turns).toBeGreaterThan(10);
    expect(signer.commonName).toBe("Nguyễn Văn Đông");
    expect(signer.chain.map((c) => Buffer.from(c.der).toString("hex"))).toEqual(fx.leader.chain.map((c) => Buffer.from(c.der).toString("hex")));
    // The key rebuilt from the child's PKCS#8 signs, and its signature verifies with the certificate's public key.
    const data = new TextEncoder().encode("Công văn số 58/UBND-VP");
    const signature = await signer.sign(data);
    expect(verify("sha256", data, createPublicKey(fx.pki.leader.certPem), signature)).toBe(true);
  });

  it("refuses a file over the time limit (its child is killed), and the next file opens", async () => {
    const e = await refusal(openCertificate(costly(), "demo", SIGNING_TIME, { timeLimitMs: 100 }));
    expect(e.code).toBe(AppErrorCode.VALIDATION);
    expect(e.fieldErrors?.passphrase).toBe(
      "Mở tệp chứng thư số (PKCS#12) mất quá 0,1 giây nên đã dừng lại; hãy xuất lại tệp .p12/.pfx bằng công cụ thông dụng (Windows, OpenSSL) rồi thử lại.",
    );
    const usual = exportP12("iter-default.p12", []);
    expect((await openCertificate(usual, "demo", SIGNING_TIME)).commonName).toBe("Nguyễn Văn Đông");
  });

  it("words the library's refusals as before: wrong passphrase, too many iterations, expired", async () => {
    const usual = exportP12("iter-default-2.p12", []);
    expect((await refusal(openCertificate(usual, "sai", SIGNING_TIME))).fieldErrors?.passphrase).toBe("Mật khẩu chứng thư số không đúng");
    const tooMany = exportP12("iter-250000.p12", ["-iter", "250000"]);
    expect((await refusal(openCertificate(tooMany, "demo", SIGNING_TIME))).fieldErrors?.passphrase).toMatch(/số vòng lặp .* quá lớn/);
    const later = new Date(fx.leader.notAfter.getTime() + 86_400_000);
    expect((await refusal(openCertificate(usual, "demo", later))).fieldErrors?.passphrase).toBe("Chứng thư số đã hết hạn");
  });
});
