// Verification per algorithm and per signer identifier (issue 19 item 1), on real PDFs whose signature value is a
// CMS made by `openssl cms -sign` over the PDF's own ByteRange: RSA PKCS#1 v1.5, RSA-PSS with its parameters,
// ECDSA P-256/P-384/P-521, a SubjectKeyIdentifier signer (RFC 5652 §5.3), an algorithm node cannot check (verdict
// "unsupported", the other signature of the file still verified), and encrypted PDFs opened with the empty user
// password (RC4 128, AES-128, AES-256; qpdf encrypts). Ed25519/Ed448 come from pyHanko's files in the real-world
// corpus (verify-agreement.test.ts): OpenSSL 3.0 cannot sign EdDSA in CMS.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PDFName, PDFNumber } from "pdf-lib";
import { signPdf, verifyPdfSignatures } from "#signing/index";
import { openForVerification } from "#signing/verify/verify";
import { children, readTlv } from "#signing/cms/der";
import { pdfLibDocument } from "#tests/support/pdf-corpus";
import { signingFixtures, SIGNING_TIME } from "#tests/support/signing-fixtures";

let dir: string;
let fx: ReturnType<typeof signingFixtures>;
let once: Uint8Array;
let twice: Uint8Array;

function tool(cmd: string, args: string[]): string {
  const r = spawnSync(cmd, args, { encoding: "utf8" });
  if (r.error) throw r.error;
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(" ")}: ${r.stderr}`);
  return r.stdout;
}

/** A key and a self-signed CA certificate for it. */
function keyPair(name: string, genpkey: string[]): { key: string; cert: string } {
  const key = join(dir, `${name}.key`);
  const cert = join(dir, `${name}.pem`);
  tool("openssl", ["genpkey", ...genpkey, "-out", key]);
  tool("openssl", [
    "req",
    "-x509",
    "-new",
    "-key",
    key,
    "-subj",
    `/CN=${name}/O=Thử nghiệm`,
    "-days",
    "3650",
    "-set_serial",
    "7",
    "-addext",
    "subjectKeyIdentifier=hash",
    "-out",
    cert,
  ]);
  return { key, cert };
}

/** Replaces the value of the signature whose ByteRange is index `which` by an openssl CMS over the same bytes. */
function resign(pdf: Uint8Array, which: number, signer: { key: string; cert: string }, extra: string[]): Buffer {
  const ranges = [
    ...Buffer.from(pdf)
      .toString("latin1")
      .matchAll(/\/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]/g),
  ].map((m) => m.slice(1).map(Number));
  const [a, b, c, d] = ranges[which];
  const content = join(dir, "content.bin");
  writeFileSync(content, Buffer.concat([pdf.subarray(a, a + b), pdf.subarray(c, c + d)]));
  const out = join(dir, "sig.der");
  tool("openssl", ["cms", "-sign", "-binary", "-in", content, "-signer", signer.cert, "-inkey", signer.key, "-outform", "DER", "-out", out, ...extra]);
  const hex = readFileSync(out).toString("hex");
  const room = c - b - 2;
  expect(hex.length).toBeLessThanOrEqual(room);
  const copy = Buffer.from(pdf);
  copy.write(hex.padEnd(room, "0"), b + 1, "latin1");
  return copy;
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "verify-alg-"));
  fx = signingFixtures(dir);
  const base = await pdfLibDocument({ pages: 1 });
  once = (await signPdf(base, { signer: fx.leader, role: "leader", signingTime: SIGNING_TIME })).pdf;
  twice = (await signPdf(once, { signer: fx.organization, role: "organization", signingTime: SIGNING_TIME })).pdf;
}, 120_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("signature algorithms", () => {
  const cases: Array<{ name: string; genpkey: string[]; sign: string[]; oid: string }> = [
    { name: "rsa-pkcs1", genpkey: ["-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048"], sign: ["-md", "sha256"], oid: "1.2.840.113549.1.1.1" },
    {
      name: "rsa-pss",
      genpkey: ["-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048"],
      sign: ["-md", "sha384", "-keyopt", "rsa_padding_mode:pss", "-keyopt", "rsa_pss_saltlen:48"],
      oid: "1.2.840.113549.1.1.10",
    },
    { name: "ecdsa-p256", genpkey: ["-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256"], sign: ["-md", "sha256"], oid: "1.2.840.10045.4.3.2" },
    { name: "ecdsa-p384", genpkey: ["-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-384"], sign: ["-md", "sha384"], oid: "1.2.840.10045.4.3.3" },
    { name: "ecdsa-p521", genpkey: ["-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-521"], sign: ["-md", "sha512"], oid: "1.2.840.10045.4.3.4" },
  ];
  for (const c of cases) {
    it(`${c.name}: valid, trusted through its anchor, invalid once a covered byte changes`, async () => {
      const signer = keyPair(c.name, c.genpkey);
      const pdf = resign(once, 0, signer, c.sign);
      const [report] = await verifyPdfSignatures(pdf, { trustAnchorsPem: [readFileSync(signer.cert, "utf8")] });
      expect(report).toMatchObject({ verdict: "valid", valid: true, signatureAlgorithm: c.oid, signerName: c.name, trusted: true, trustAnchor: c.name });
      const tampered = Buffer.from(pdf);
      const at = tampered.indexOf("/Type /Page");
      tampered[at + 7] = "X".charCodeAt(0);
      const [bad] = await verifyPdfSignatures(tampered);
      expect(bad).toMatchObject({ verdict: "invalid", valid: false });
    });
  }

  it("finds the signer by SubjectKeyIdentifier, and by issuer AND serial when another certificate shares the serial", async () => {
    const signer = keyPair("ski", ["-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256"]);
    const [bySki] = await verifyPdfSignatures(resign(once, 0, signer, ["-md", "sha256", "-keyid"]));
    expect(bySki).toMatchObject({ verdict: "valid", signerName: "ski" });
    // A decoy with the same serial (7) listed first among the certificates: serial alone would pick it.
    const decoy = keyPair("decoy", ["-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256"]);
    const pdf = resign(once, 0, signer, ["-md", "sha256", "-certfile", decoy.cert]);
    // openssl writes the signer's certificate first; swap the two certificates so the decoy comes first.
    const [, b, c] = [...pdf.toString("latin1").matchAll(/\/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)/g)][0].slice(1).map(Number);
    const der = Buffer.from(pdf.subarray(b + 1, c - 1).toString("latin1"), "hex");
    const sd = children(der, children(der, readTlv(der, 0))[1])[0];
    const certSet = children(der, sd).find((x) => x.tag === 0xa0)!;
    const [first, second] = children(der, certSet);
    const swapped = Buffer.concat([
      der.subarray(0, first.start),
      der.subarray(second.start, second.end),
      der.subarray(first.start, first.end),
      der.subarray(second.end),
    ]);
    writeFileSync(join(dir, "swapped.der"), swapped.subarray(0, readTlv(swapped, 0).end));
    const certs = tool("openssl", ["pkcs7", "-inform", "DER", "-print_certs", "-in", join(dir, "swapped.der")]);
    expect(certs.search(/CN ?= ?decoy/)).toBeGreaterThanOrEqual(0);
    expect(certs.search(/CN ?= ?decoy/)).toBeLessThan(certs.search(/CN ?= ?ski/));
    pdf.write(swapped.toString("hex"), b + 1, "latin1");
    const [byIssuerSerial] = await verifyPdfSignatures(pdf);
    expect(byIssuerSerial).toMatchObject({ verdict: "valid", signerName: "ski" });
  });

  it("an algorithm node cannot check is 'unsupported' for that signature only", async () => {
    const signer = keyPair("odd", ["-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048"]);
    const pdf = resign(twice, 1, signer, ["-md", "sha256"]);
    // Rename the SignerInfo's signatureAlgorithm (rsaEncryption, its last occurrence) to an unknown OID.
    const ranges = [...pdf.toString("latin1").matchAll(/\/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)/g)].map((m) => m.slice(1).map(Number));
    const [, b, c] = ranges[1];
    const hex = pdf.subarray(b + 1, c - 1).toString("latin1");
    const rsaOid = "06092a864886f70d010101";
    const at = hex.lastIndexOf(rsaOid);
    expect(at).toBeGreaterThan(0);
    pdf.write("06092a864886f70d01017f", b + 1 + at, "latin1");
    const reports = await verifyPdfSignatures(pdf);
    expect(reports).toHaveLength(2);
    expect(reports[0]).toMatchObject({ verdict: "valid", changeSummary: expect.stringMatching(/^Sau khi ký chỉ .*thêm chữ ký số.*\(được phép\)$/) });
    expect(reports[1]).toMatchObject({ verdict: "unsupported", valid: false });
    expect(reports[1].problems.join()).toMatch(/unsupported signature algorithm 1\.2\.840\.113549\.1\.1\.127/);
  });
});

describe("encrypted PDFs", () => {
  for (const [name, args] of [
    ["RC4 128 (R3)", ["128", "--use-aes=n", "--allow-weak-crypto"]],
    ["AES-128 (R4)", ["128", "--use-aes=y"]],
    ["AES-256 (R6)", ["256"]],
  ] as Array<[string, string[]]>) {
    it(`${name}: opened with the empty user password; strings and object streams decrypted`, async () => {
      const plain = join(dir, "plain.pdf");
      const enc = join(dir, "enc.pdf");
      writeFileSync(plain, await pdfLibDocument({ pages: 2, objectStreams: true }));
      tool("qpdf", [
        plain,
        "--object-streams=generate",
        ...(args.includes("--allow-weak-crypto") ? ["--allow-weak-crypto"] : []),
        "--encrypt",
        "",
        "chu-so-huu",
        ...args.filter((a) => a !== "--allow-weak-crypto"),
        "--",
        enc,
      ]);
      const reader = openForVerification(readFileSync(enc));
      expect(reader.pageCount()).toBe(2);
      const info = reader.resolve(reader.trailer.get(PDFName.of("Info")));
      expect(info).toBeDefined();
      const producer = (info as import("pdf-lib").PDFDict).get(PDFName.of("Producer"));
      expect(producer && "decodeText" in producer ? (producer as import("pdf-lib").PDFHexString).decodeText() : "").toMatch(/pdf-lib/);
      expect(await verifyPdfSignatures(readFileSync(enc))).toEqual([]);
    });
  }

  it("a file that needs a password is refused with a Vietnamese message", async () => {
    const plain = join(dir, "plain2.pdf");
    const enc = join(dir, "locked.pdf");
    writeFileSync(plain, await pdfLibDocument({ pages: 1 }));
    tool("qpdf", [plain, "--encrypt", "mat-khau", "chu", "256", "--", enc]);
    await expect(verifyPdfSignatures(readFileSync(enc))).rejects.toThrow("Tệp PDF cần mật khẩu để mở; không đọc được chữ ký");
    void PDFNumber;
  });
});
