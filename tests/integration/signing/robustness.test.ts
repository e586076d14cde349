// Interop with poppler's signer, tampering, refused inputs, two-phase signing and concurrent signatures.
import { execFileSync, spawnSync } from "node:child_process";
import { sign as nodeSign } from "node:crypto";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import forge from "node-forge";
import { PDFName, PDFNumber, type PDFRef } from "pdf-lib";
import { beforeAll, describe, expect, it } from "vitest";
import { SignatureSessions, SigningError, finishSignature, loadPkcs12, prepareSignature, sha256Hex, signPdf, verifyPdfSignatures } from "#signing/index";
import { IncrementalUpdate } from "#signing/pdf/incremental";
import { PdfReader } from "#signing/pdf/reader";
import { pdfLibDocument } from "#tests/support/pdf-corpus";
import { UNLUCKY_OPENSSL3_P12, UNLUCKY_OPENSSL3_P12_PASSPHRASE } from "#tests/support/pkcs12-fixtures";
import { revdiff, sigcheck } from "#tests/support/signature-check";
import { SIGNING_TIME, signingFixtures, type SigningFixtures } from "#tests/support/signing-fixtures";

let dir: string;
let fx: SigningFixtures;
let base: Uint8Array;

async function expectCode(promise: Promise<unknown> | (() => unknown), code: string) {
  try {
    await (typeof promise === "function" ? promise() : promise);
  } catch (error) {
    expect(error).toBeInstanceOf(SigningError);
    expect((error as SigningError).code).toBe(code);
    return error as SigningError;
  }
  throw new Error(`expected SigningError ${code}`);
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "signing-robust-"));
  fx = signingFixtures(dir);
  base = await pdfLibDocument({ objectStreams: false });
  writeFileSync(join(dir, "base.pdf"), base);
}, 60_000);

describe("interop with poppler pdfsig", () => {
  it("signs a PDF already signed by pdfsig -add-signature; both signatures pass sigcheck and revdiff", async () => {
    const nss = join(dir, "nss");
    execFileSync("mkdir", ["-p", nss]);
    execFileSync("certutil", ["-N", "-d", `sql:${nss}`, "--empty-password"]);
    const p12 = join(dir, "org.p12");
    writeFileSync(p12, fx.pki.organization.p12);
    execFileSync("pk12util", ["-i", p12, "-d", `sql:${nss}`, "-W", fx.pki.organization.password, "-K", ""], { stdio: "ignore" });
    execFileSync("certutil", ["-A", "-d", `sql:${nss}`, "-n", "root", "-t", "CT,C,C", "-i", fx.caPath]);
    const popplerOut = join(dir, "poppler.pdf");
    const r = spawnSync("pdfsig", [
      "-nssdir",
      `sql:${nss}`,
      "-add-signature",
      "-nick",
      fx.organization.commonName,
      "-new-signature-field-name",
      "Poppler",
      join(dir, "base.pdf"),
      popplerOut,
    ]);
    expect(r.status, r.stderr.toString()).toBe(0);
    const signed = await signPdf(readFileSync(popplerOut), { signer: fx.leader, role: "leader", signingTime: SIGNING_TIME });
    const out = join(dir, "poppler-then-ours.pdf");
    writeFileSync(out, signed.pdf);
    const [sc, rd] = await Promise.all([sigcheck(out, fx.caPath, 2, ["--nssdir", `sql:${nss}`]), revdiff(out)]);
    expect(sc.code, sc.output).toBe(0);
    expect(rd.code, rd.output).toBe(0);
    const reports = await verifyPdfSignatures(signed.pdf, { trustAnchorsPem: [fx.pki.caCertPem] });
    expect(reports.map((x) => [x.fieldName, x.profile, x.valid, x.trusted, x.modifiedAfter])).toEqual([
      ["Poppler", "adbe", true, true, false],
      ["LanhDao", "pades", true, true, false],
    ]);
  }, 60_000);
});

describe("verification", () => {
  it("reports a tampered copy as invalid", async () => {
    const { pdf } = await signPdf(base, { signer: fx.leader, role: "leader", signingTime: SIGNING_TIME });
    const tampered = new Uint8Array(pdf);
    const at = Buffer.from(tampered).indexOf("/MediaBox");
    tampered[at + 12] = tampered[at + 12] === 0x39 ? 0x38 : 0x39;
    const [good] = await verifyPdfSignatures(pdf, { trustAnchorsPem: [fx.pki.caCertPem] });
    const [bad] = await verifyPdfSignatures(tampered, { trustAnchorsPem: [fx.pki.caCertPem] });
    expect(good.valid).toBe(true);
    expect(bad.valid).toBe(false);
    expect(bad.problems.join()).toMatch(/digest/);
  });

  it("flags page-content changes made after a signature (modifiedAfter) and is untrusted without the CA", async () => {
    const { pdf } = await signPdf(base, { signer: fx.leader, role: "leader", signingTime: SIGNING_TIME });
    // A later revision that rewrites the page's /Contents: what stamping the number into the page would do.
    const reader = PdfReader.open(pdf);
    const update = new IncrementalUpdate(reader);
    const pageRef = reader.pageRef(0);
    const page = reader.resolveRef(pageRef) as import("pdf-lib").PDFDict;
    const extra = reader.context.register(reader.context.stream("BT /F1 12 Tf 72 72 Td (58) Tj ET"));
    page.set(PDFName.of("Contents"), reader.context.obj([page.get(PDFName.of("Contents")) as PDFRef, extra]));
    update.markModified(pageRef);
    const changed = update.serialize().bytes;
    const [report] = await verifyPdfSignatures(changed);
    expect(report.valid).toBe(true);
    expect(report.trusted).toBe(false);
    expect(report.modifiedAfter).toBe(true);
    expect(report.modifications.join()).toMatch(/Contents/);
    void PDFNumber;
  });
});

describe("refused inputs", () => {
  it("wrong passphrase, expired certificate, key without digitalSignature", async () => {
    const e = await expectCode(() => loadPkcs12(fx.pki.leader.p12, "sai-mat-khau"), "WRONG_PASSPHRASE");
    expect(e.message).toBe("Mật khẩu chứng thư số không đúng");
    const { issueDemoCertificate } = await import("#signing/index");
    const expired = issueDemoCertificate(fx.pki.ca, {
      commonName: "Trần Thị Hết Hạn",
      kind: "person",
      notBefore: new Date("2020-01-01"),
      notAfter: new Date("2021-01-01"),
    });
    await expectCode(() => loadPkcs12(expired.p12, expired.password), "CERT_EXPIRED");
    const encOnly = issueDemoCertificate(fx.pki.ca, { commonName: "Khóa mã hóa", kind: "person", keyUsage: ["keyEncipherment"] });
    await expectCode(() => loadPkcs12(encOnly.p12, encOnly.password), "KEY_USAGE");
  });

  it("loads an OpenSSL 3 PKCS#12 (PBES2/AES-256, SHA-256 MAC)", () => {
    const keyPath = join(dir, "k.pem");
    const certPath = join(dir, "c.pem");
    writeFileSync(keyPath, fx.leader.privateKey.export({ format: "pem", type: "pkcs8" }));
    writeFileSync(certPath, fx.pki.leader.certPem + fx.pki.caCertPem);
    const out = join(dir, "openssl3.p12");
    execFileSync("openssl", ["pkcs12", "-export", "-inkey", keyPath, "-in", certPath, "-out", out, "-passout", "pass:mật-khẩu"]);
    const info = execFileSync("openssl", ["pkcs12", "-info", "-in", out, "-passin", "pass:mật-khẩu", "-noout"], {
      encoding: "utf8",
      stdio: ["ignore", "pipe", "pipe"],
    });
    void info;
    const signer = loadPkcs12(readFileSync(out), "mật-khẩu");
    expect(signer.commonName).toBe("Nguyễn Văn Đông");
    expect(signer.chain).toHaveLength(2);
    expect(() => loadPkcs12(readFileSync(out), "wrong")).toThrow(SigningError);
  });

  it("refuses a PKCS#12 asking more key-derivation iterations than real exports, before deriving any key", async () => {
    // forge derives these keys in JavaScript on the server's thread: a 2.5 KB file asking 2,000,000 iterations held
    // the event loop past the watchdog (qa-inputs.md finding 1). Both the MAC's count and the PBES2 count are read.
    const keyPath = join(dir, "k-iter.pem");
    const certPath = join(dir, "c-iter.pem");
    writeFileSync(keyPath, fx.leader.privateKey.export({ format: "pem", type: "pkcs8" }));
    writeFileSync(certPath, fx.pki.leader.certPem);
    const exportWith = (name: string, args: string[]) => {
      const out = join(dir, name);
      execFileSync("openssl", ["pkcs12", "-export", "-inkey", keyPath, "-in", certPath, "-out", out, "-passout", "pass:demo", ...args]);
      return readFileSync(out);
    };
    // Past MAX_PKCS12_ITERATIONS (200,000: ADR 0020); refused before any derivation, so this costs nothing.
    const both = exportWith("iter-both.p12", ["-iter", "250000"]);
    const pbeOnly = exportWith("iter-pbe.p12", ["-iter", "250000", "-nomaciter"]);
    await expectCode(() => loadPkcs12(both, "demo"), "PKCS12_TOO_COSTLY");
    const e = await expectCode(() => loadPkcs12(pbeOnly, "demo"), "PKCS12_TOO_COSTLY");
    expect(e.message).toMatch(/số vòng lặp .* quá lớn/);
    // What OpenSSL 3 (2,048) and Java keytool (10,000) write still opens.
    expect(loadPkcs12(exportWith("iter-default.p12", []), "demo").commonName).toBe("Nguyễn Văn Đông");
    expect(loadPkcs12(exportWith("iter-java.p12", ["-iter", "10000"]), "demo").commonName).toBe("Nguyễn Văn Đông");
  });

  it("loads an OpenSSL 3 PKCS#12 with a Vietnamese passphrase whose wrongly derived key happens to unpad cleanly", () => {
    const bytes = UNLUCKY_OPENSSL3_P12;
    // The fixture is the case: forge's own first attempt fails on the DER, not with a decryption error.
    let first = "";
    try {
      forge.pkcs12.pkcs12FromAsn1(forge.asn1.fromDer(forge.util.createBuffer(bytes.toString("binary"))), false, UNLUCKY_OPENSSL3_P12_PASSPHRASE);
    } catch (error) {
      first = String(error);
    }
    expect(first).not.toBe("");
    expect(first).not.toMatch(/decrypt/i);
    const signer = loadPkcs12(bytes, UNLUCKY_OPENSSL3_P12_PASSPHRASE);
    expect(signer.commonName).toBe("Nguyễn Văn Thử");
    expect(signer.chain).toHaveLength(1);
    expect(() => loadPkcs12(bytes, "mật-khẩu-sai")).toThrow(SigningError);
  });

  it("refuses encrypted, truncated and non-PDF input", async () => {
    const encrypted = join(dir, "enc.pdf");
    const r = spawnSync("qpdf", ["--encrypt", "", "owner", "256", "--", join(dir, "base.pdf"), encrypted]);
    expect([0, 3]).toContain(r.status);
    const e = await expectCode(signPdf(readFileSync(encrypted), { signer: fx.leader, role: "leader" }), "ENCRYPTED_PDF");
    expect(e.message).toBe("Tệp PDF đã được mã hóa, không thể ký");
    await expectCode(signPdf(base.subarray(0, Math.floor(base.length * 0.7)), { signer: fx.leader, role: "leader" }), "MALFORMED_PDF");
    await expectCode(signPdf(base.subarray(0, base.length - 20), { signer: fx.leader, role: "leader" }), "MALFORMED_PDF");
    await expectCode(signPdf(new TextEncoder().encode("<html>không phải PDF</html>".repeat(10)), { signer: fx.leader, role: "leader" }), "MALFORMED_PDF");
  });
});

describe("two-phase signing and concurrency", () => {
  it("prepare returns the signed attributes; an external signer's value finishes the PDF", async () => {
    const prepared = await prepareSignature(base, { certificateChainDer: fx.leader.certificateChainDer, role: "leader", signingTime: SIGNING_TIME });
    expect(prepared.bytesToSign[0]).toBe(0x31);
    expect(prepared.baseSha256).toBe(sha256Hex(base));
    // A token that returns garbage is refused before anything is embedded.
    expect(() => finishSignature(prepared, new Uint8Array(256).fill(1))).toThrow(SigningError);
    const value = nodeSign("sha256", prepared.bytesToSign, fx.leader.privateKey);
    const pdf = finishSignature(prepared, value, { currentBaseSha256: sha256Hex(base) });
    const out = join(dir, "two-phase.pdf");
    writeFileSync(out, pdf);
    const sc = await sigcheck(out, fx.caPath, 1);
    expect(sc.code, sc.output).toBe(0);
    await expectCode(() => finishSignature(prepared, value), "NOT_PREPARED");
  });

  it("two signatures started from the same base revision cannot both succeed", async () => {
    // Without a session store: both prepare from base; the second finish sees the caller's new revision hash.
    const p1 = await prepareSignature(base, { certificateChainDer: fx.leader.certificateChainDer, role: "leader" });
    const p2 = await prepareSignature(base, { certificateChainDer: fx.organization.certificateChainDer, role: "organization" });
    let current = sha256Hex(base);
    const first = finishSignature(p1, nodeSign("sha256", p1.bytesToSign, fx.leader.privateKey), { currentBaseSha256: current });
    current = sha256Hex(first);
    await expectCode(
      () => finishSignature(p2, nodeSign("sha256", p2.bytesToSign, fx.organization.privateKey), { currentBaseSha256: current }),
      "CONCURRENT_REVISION",
    );
    // expectedBaseSha256 refuses to start from a stale copy.
    await expectCode(
      prepareSignature(base, { certificateChainDer: fx.organization.certificateChainDer, role: "organization", expectedBaseSha256: current }),
      "CONCURRENT_REVISION",
    );
    // With the session store: a second prepare on the same base is refused while the first is pending.
    const sessions = new SignatureSessions();
    const [a, b] = await Promise.allSettled([
      sessions.prepare(base, { certificateChainDer: fx.leader.certificateChainDer, role: "leader" }),
      sessions.prepare(base, { certificateChainDer: fx.organization.certificateChainDer, role: "organization" }),
    ]);
    expect([a.status, b.status].sort()).toEqual(["fulfilled", "rejected"]);
    const rejected = (a.status === "rejected" ? a : b) as PromiseRejectedResult;
    expect((rejected.reason as SigningError).code).toBe("CONCURRENT_REVISION");
    const ok = (a.status === "fulfilled" ? a : b) as PromiseFulfilledResult<Awaited<ReturnType<typeof sessions.prepare>>>;
    const key = ok.value.fieldName === "LanhDao" ? fx.leader.privateKey : fx.organization.privateKey;
    const done = sessions.finish(ok.value.id, nodeSign("sha256", ok.value.bytesToSign, key));
    const reports = await verifyPdfSignatures(done);
    expect(reports).toHaveLength(1);
    expect(reports[0].valid).toBe(true);
    // After finishing, the session is gone and the base is free again.
    await expectCode(() => sessions.finish(ok.value.id, new Uint8Array(0)), "NOT_PREPARED");
  });
});
