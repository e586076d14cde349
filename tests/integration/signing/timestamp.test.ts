// PAdES B-T against a real RFC 3161 TSA (OpenSSL's `openssl ts -reply` behind tests/support/tsa-server.ts): the
// token in each SignerInfo's unsigned attributes verifies with `openssl ts -verify` over the signature value, the
// signatures stay valid for pdfsig/openssl (sigcheck.py) and revdiff.py, and our report shows the time and the TSA.
import { execFile } from "node:child_process";
import { existsSync, writeFileSync, mkdirSync, rmSync } from "node:fs";
import { createHash } from "node:crypto";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signPdf, verifyPdfSignatures, SigningError } from "#signing/index";
import { parseSignedData } from "#signing/verify/cms";
import { pdfLibDocument } from "#tests/support/pdf-corpus";
import { revdiff, run, sigcheck } from "#tests/support/signature-check";
import { signingFixtures, SIGNING_TIME, type SigningFixtures } from "#tests/support/signing-fixtures";
import { assertTools } from "#tests/support/tools";
import { startTsaServer, type TsaServer } from "#tests/support/tsa-server";
import { CLI_ARGS } from "#tests/support/cli";

const dir = resolve("tests/.tmp/timestamp-test");
let tsa: TsaServer;
let fx: SigningFixtures;

beforeAll(async () => {
  assertTools("openssl", "pdfsig", "python3", "qpdf");
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  fx = signingFixtures(dir);
  tsa = await startTsaServer({ dir: join(dir, "tsa"), port: 4161, username: "vpdt", password: "mật-khẩu" });
});

afterAll(async () => {
  await tsa?.close();
});

/** The signature CMS of each signature field, by reading /Contents through the byte ranges. */
function signatureContents(pdf: Uint8Array): Uint8Array[] {
  const text = Buffer.from(pdf).toString("latin1");
  return [...text.matchAll(/\/ByteRange\s*\[\s*0\s+(\d+)\s+(\d+)/g)].map((m) => Buffer.from(text.slice(+m[1] + 1, +m[2] - 1), "hex"));
}

describe("signature timestamps (PAdES B-T)", () => {
  it("leader and organisation signatures carry RFC 3161 tokens that openssl, pdfsig and our report accept", async () => {
    const timestamp = { url: tsa.url, username: "vpdt", password: "mật-khẩu" };
    const base = await pdfLibDocument({ objectStreams: true });
    const a = await signPdf(base, {
      signer: fx.leader,
      role: "leader",
      signingTime: SIGNING_TIME,
      timestamp,
      appearance: { visible: true, fontBytes: fx.font, signerName: "Nguyễn Văn Đông" },
    });
    const b = await signPdf(a.pdf, {
      signer: fx.organization,
      role: "organization",
      signingTime: SIGNING_TIME,
      timestamp,
      appearance: { visible: true, fontBytes: fx.font, organizationName: "Ủy ban nhân dân xã Đông Hưng" },
    });
    const file = join(dir, "signed-tsa.pdf");
    writeFileSync(file, b.pdf);
    expect(tsa.requests()).toBe(2);

    const cmses = signatureContents(b.pdf);
    expect(cmses).toHaveLength(2);
    for (const [i, cms] of cmses.entries()) {
      const sd = parseSignedData(cms);
      expect(sd.signatureTimestampToken).not.toBeNull();
      const tokenPath = join(dir, `token${i}.der`);
      writeFileSync(tokenPath, sd.signatureTimestampToken!);
      const digest = createHash("sha256").update(sd.signature).digest("hex");
      const ok = await run("openssl", ["ts", "-verify", "-in", tokenPath, "-token_in", "-digest", digest, "-CAfile", tsa.caPath]);
      expect(ok.code, ok.output).toBe(0);
      expect(ok.output).toContain("Verification: OK");
      // The token is bound to this signature value: another digest fails.
      const wrong = await run("openssl", ["ts", "-verify", "-in", tokenPath, "-token_in", "-digest", "00".repeat(32), "-CAfile", tsa.caPath]);
      expect(wrong.code).not.toBe(0);
    }

    const [sc, rd] = await Promise.all([sigcheck(file, fx.caPath, 2, [], 120_000), revdiff(file, 60_000)]);
    expect(sc.code, sc.output).toBe(0);
    expect(rd.code, rd.output).toBe(0);
    const pdfsig = await run("pdfsig", [file]);
    expect(pdfsig.output.match(/Signature Validation: Signature is Valid/g)).toHaveLength(2);

    const reports = await verifyPdfSignatures(b.pdf, { trustAnchorsPem: [fx.pki.caCertPem] });
    expect(reports).toHaveLength(2);
    for (const r of reports) {
      expect(r).toMatchObject({
        valid: true,
        trusted: true,
        timestamp: { tsa: "Máy chủ dấu thời gian thử nghiệm", time: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+07:00$/) },
      });
      // The TSA's time is now (the test's), not the caller-chosen /M.
      const t = Date.parse(r.timestamp!.time);
      expect(Math.abs(t - Date.now())).toBeLessThan(10 * 60_000);
    }
  });

  it("a token over another value is reported as a problem, not as a timestamp", async () => {
    const timestamp = { url: tsa.url, username: "vpdt", password: "mật-khẩu" };
    const base = await pdfLibDocument({ objectStreams: false });
    const a = await signPdf(base, { signer: fx.leader, role: "leader", signingTime: SIGNING_TIME, timestamp });
    const [cms] = signatureContents(a.pdf);
    const sd = parseSignedData(cms);
    // Flip one byte of the TSTInfo's imprint inside the file: the token's own signature no longer verifies.
    const token = Buffer.from(sd.signatureTimestampToken!);
    const at = token.indexOf(createHash("sha256").update(sd.signature).digest());
    expect(at).toBeGreaterThan(0);
    const hex = Buffer.from(a.pdf).toString("latin1");
    const tokenHex = token.toString("hex").toUpperCase();
    const pos = hex.indexOf(tokenHex);
    expect(pos).toBeGreaterThan(0);
    const tampered = new Uint8Array(a.pdf);
    const digitAt = pos + at * 2;
    tampered[digitAt] = tampered[digitAt] === 0x30 ? 0x31 : 0x30;
    const [r] = await verifyPdfSignatures(tampered);
    expect(r.valid).toBe(true); // the signature itself does not cover its unsigned attributes
    expect(r.timestamp).toBeNull();
    expect(r.problems.join(" ")).toMatch(/signature timestamp/);
  });

  it("CLI: sign --tsa-url, verify prints timestamp and revocation per signature", async () => {
    const input = join(dir, "cli-in.pdf");
    writeFileSync(input, await pdfLibDocument({ objectStreams: true }));
    writeFileSync(join(dir, "leader.p12"), fx.pki.leader.p12);
    const env = { ...process.env, TSA_USERNAME: "vpdt", TSA_PASSWORD: "mật-khẩu" };
    const cli = (...args: string[]) =>
      new Promise<{ code: number; stdout: string; stderr: string }>((done) => {
        execFile(process.execPath, [...CLI_ARGS, ...args], { env, encoding: "utf8" }, (error, stdout, stderr) =>
          done({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
        );
      });
    const signed = await cli(
      "sign",
      "--in",
      input,
      "--out",
      join(dir, "cli-out.pdf"),
      "--p12",
      join(dir, "leader.p12"),
      "--password",
      fx.pki.leader.password,
      "--role",
      "leader",
      "--tsa-url",
      tsa.url,
    );
    expect(signed.code, signed.stderr).toBe(0);
    const verified = await cli("verify", join(dir, "cli-out.pdf"), "--ca", fx.caPath);
    expect(verified.code, verified.stderr).toBe(0);
    const [sig] = JSON.parse(verified.stdout).signatures;
    expect(sig).toMatchObject({
      valid: true,
      timestamp: { time: expect.stringMatching(/\+07:00$/), tsa: "Máy chủ dấu thời gian thử nghiệm" },
      revocation: null,
    });
    const down = await cli(
      "sign",
      "--in",
      input,
      "--out",
      join(dir, "cli-down.pdf"),
      "--p12",
      join(dir, "leader.p12"),
      "--password",
      fx.pki.leader.password,
      "--role",
      "leader",
      "--tsa-url",
      "http://127.0.0.1:4169/tsa",
    );
    expect(down.code).toBe(1);
    expect(JSON.parse(down.stderr).error).toMatch(/^Không lấy được dấu thời gian/);
    expect(existsSync(join(dir, "cli-down.pdf"))).toBe(false);
  });

  it("a TSA that is down, or refuses the credentials, fails the signature with a clear message", async () => {
    const base = await pdfLibDocument({ objectStreams: false });
    const down = await signPdf(base, { signer: fx.leader, role: "leader", timestamp: { url: "http://127.0.0.1:4169/tsa", timeoutMs: 5000 } }).catch((e) => e);
    expect(down).toBeInstanceOf(SigningError);
    expect(down.code).toBe("TIMESTAMP_FAILED");
    expect(down.message).toMatch(/^Không lấy được dấu thời gian từ máy chủ cấp dấu thời gian \(TSA\): không kết nối được http:\/\/127\.0\.0\.1:4169\/tsa/);
    const refused = await signPdf(base, { signer: fx.leader, role: "leader", timestamp: { url: tsa.url, username: "vpdt", password: "sai" } }).catch((e) => e);
    expect(refused.message).toContain("từ chối tài khoản truy cập (HTTP 401)");
  });

  it("refuses a placeholder too small for the token with a clear error", async () => {
    const base = await pdfLibDocument({ objectStreams: false });
    const error = await signPdf(base, {
      signer: fx.leader,
      role: "leader",
      placeholderBytes: 2500,
      timestamp: { url: tsa.url, username: "vpdt", password: "mật-khẩu" },
    }).catch((e) => e);
    expect(error).toBeInstanceOf(SigningError);
    expect(error.code).toBe("PLACEHOLDER_TOO_SMALL");
    expect(error.message).toMatch(/Chữ ký kèm dấu thời gian \(\d+ byte\) vượt quá vùng dành sẵn/);
  });
});
