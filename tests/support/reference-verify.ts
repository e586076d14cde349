// Outside opinions on signatures already present in a PDF: poppler's pdfsig (whole verdict) and
// `openssl cms -verify -binary -noverify` (integrity only: digest + signature value, no chain). Neither shares code
// with signing/; the covered bytes and the CMS are cut out of the file from pdfsig's own "Signed Ranges".
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export type ToolRun = { code: number; stdout: string; stderr: string };

export function runTool(cmd: string, args: string[], timeoutMs = 60_000): Promise<ToolRun> {
  return new Promise((done, fail) => {
    const child = spawn(cmd, args, { timeout: timeoutMs });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    // A missing tool is a failure of the test, never a silent skip.
    child.on("error", fail);
    child.on("close", (code) => done({ code: code ?? 1, stdout, stderr }));
  });
}

export type PdfsigSignature = {
  index: number;
  fieldName: string;
  /** Start of the gap and end of the covered bytes, from "Signed Ranges: [0 - b], [c - e]". */
  ranges: Array<[number, number]>;
  subFilter: string;
  /** The "Signature Validation:" text. */
  validation: string;
  valid: boolean;
};

/** pdfsig lists signature fields in /Fields order; unsigned fields have no ranges and are left out. */
export async function pdfsig(file: string): Promise<PdfsigSignature[]> {
  const r = await runTool("pdfsig", ["-nocert", file]);
  const text = r.stdout + r.stderr;
  const out: PdfsigSignature[] = [];
  for (const block of text.split(/^Signature #/m).slice(1)) {
    const index = Number(/^(\d+):/.exec(block)?.[1]);
    const ranges = [...(/Signed Ranges: (.*)/.exec(block)?.[1] ?? "").matchAll(/\[(\d+) - (\d+)\]/g)].map(
      (m) => [Number(m[1]), Number(m[2])] as [number, number],
    );
    const validation = /Signature Validation: (.*)/.exec(block)?.[1]?.trim() ?? "";
    if (!ranges.length) continue;
    out.push({
      index,
      fieldName: /Signature Field Name: (.*)/.exec(block)?.[1]?.trim() ?? "",
      ranges,
      subFilter: /Signature Type: (.*)/.exec(block)?.[1]?.trim() ?? "",
      validation,
      valid: validation === "Signature is Valid.",
    });
  }
  return out;
}

/**
 * openssl's integrity verdict for the signature whose ByteRange is [0, b, c, e - c]: the CMS is the hex string in
 * the gap, the content is the covered bytes. Returns null when the gap holds no readable hex CMS.
 */
export async function opensslIntegrity(pdf: Uint8Array, ranges: Array<[number, number]>, workDir: string): Promise<boolean | null> {
  if (ranges.length !== 2) return null;
  const [[a, b], [c, e]] = ranges;
  if (a !== 0 || pdf[b] !== 0x3c || pdf[c - 1] !== 0x3e) return null;
  const hex = Buffer.from(pdf.subarray(b + 1, c - 1))
    .toString("latin1")
    .replace(/\s+/g, "");
  if (!/^[0-9a-fA-F]*$/.test(hex)) return null;
  const der = Buffer.from(hex.length % 2 ? `${hex}0` : hex, "hex");
  const dir = mkdtempSync(join(workDir, "cms-"));
  try {
    writeFileSync(join(dir, "sig.der"), der);
    writeFileSync(join(dir, "content.bin"), Buffer.concat([pdf.subarray(a, b), pdf.subarray(c, e)]));
    const r = await runTool("openssl", [
      "cms",
      "-verify",
      "-binary",
      "-noverify",
      "-inform",
      "DER",
      "-in",
      join(dir, "sig.der"),
      "-content",
      join(dir, "content.bin"),
      "-out",
      "/dev/null",
    ]);
    return r.code === 0 && /Verification successful/.test(r.stderr + r.stdout);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function tempWorkDir(): string {
  return mkdtempSync(join(tmpdir(), "verify-agreement-"));
}

export function readPdf(file: string): Uint8Array {
  return readFileSync(file);
}

/**
 * OpenSSL 3.0's CMS layer cannot verify EdDSA SignerInfos ("invalid digest"), and NSS (pdfsig) has no Ed25519/Ed448,
 * so for those the integrity check is rebuilt from OpenSSL primitives: `asn1parse` locates the signed attributes and
 * the signature value, python's hashlib computes the message digest (SHA-512 / SHAKE256-512, RFC 8419), and
 * `pkeyutl -verify -rawin` checks the signature with each certificate's key. Returns null when the SignerInfo is not
 * EdDSA.
 */
export async function opensslEdDsaIntegrity(pdf: Uint8Array, ranges: Array<[number, number]>, workDir: string): Promise<boolean | null> {
  if (ranges.length !== 2) return null;
  const [[a, b], [c, e]] = ranges;
  if (a !== 0 || pdf[b] !== 0x3c || pdf[c - 1] !== 0x3e) return null;
  const hex = Buffer.from(pdf.subarray(b + 1, c - 1))
    .toString("latin1")
    .replace(/\s+/g, "");
  if (!/^[0-9a-fA-F]*$/.test(hex)) return null;
  const dir = mkdtempSync(join(workDir, "eddsa-"));
  try {
    let der = Buffer.from(hex.length % 2 ? `${hex}0` : hex, "hex");
    writeFileSync(join(dir, "sig.der"), der);
    const parsed = await runTool("openssl", ["asn1parse", "-inform", "DER", "-in", join(dir, "sig.der")]);
    const lines = parsed.stdout
      .split("\n")
      .map((l) => /^\s*(\d+):d=(\d+)\s+hl=(\d+)\s+l=\s*(\d+)\s+(?:prim|cons):\s*(.*)$/.exec(l))
      .filter((m): m is RegExpExecArray => !!m)
      .map((m) => ({ off: +m[1], d: +m[2], hl: +m[3], l: +m[4], text: m[5].trim() }));
    if (!lines.length) return null;
    der = der.subarray(0, lines[0].hl + lines[0].l);
    const setIndex = lines
      .map((x, i) => ({ x, i }))
      .filter(({ x }) => x.d === 3 && x.text.startsWith("SET"))
      .pop()?.i;
    if (setIndex === undefined) return null;
    const rest = lines.slice(setIndex + 1);
    const top = rest.filter((x) => x.d === 5);
    const algOid = (node: { off: number }) => rest.find((x) => x.off > node.off && x.text.startsWith("OBJECT"))?.text.replace(/^OBJECT\s*:/, "") ?? "";
    const attrs = top.find((x) => x.text.startsWith("cont [ 0 ]"));
    const sigValue = top.find((x) => x.text.startsWith("OCTET STRING"));
    const sigAlgNode = top[top.indexOf(sigValue!) - 1];
    if (!attrs || !sigValue || !sigAlgNode) return null;
    const sigAlg = algOid(sigAlgNode);
    if (sigAlg !== "ED25519" && sigAlg !== "ED448") return null;
    const digestAlg = algOid(top[2]);
    const signedAttrs = Buffer.from(der.subarray(attrs.off, attrs.off + attrs.hl + attrs.l));
    signedAttrs[0] = 0x31;
    writeFileSync(join(dir, "attrs.bin"), signedAttrs);
    writeFileSync(join(dir, "sig.bin"), der.subarray(sigValue.off + sigValue.hl, sigValue.off + sigValue.hl + sigValue.l));
    writeFileSync(join(dir, "content.bin"), Buffer.concat([pdf.subarray(a, b), pdf.subarray(c, e)]));
    // RFC 8419 §3: SHA-512 with Ed25519, SHAKE256 (512-bit output) with Ed448; anything else is not valid.
    const py =
      digestAlg === "sha512" ? "hashlib.sha512(d).hexdigest()" : digestAlg === "shake256" && sigAlg === "ED448" ? "hashlib.shake_256(d).hexdigest(64)" : null;
    if (!py || (sigAlg === "ED448" && digestAlg !== "shake256")) return false;
    const digest = await runTool("python3", ["-c", `import hashlib,sys; d=open(sys.argv[1],'rb').read(); print(${py})`, join(dir, "content.bin")]);
    const mdLine = rest.findIndex((x) => x.text === "OBJECT            :messageDigest" || /:messageDigest$/.test(x.text));
    const md =
      mdLine >= 0
        ? /\[HEX DUMP\]:([0-9A-F]+)/i.exec(
            rest
              .slice(mdLine, mdLine + 4)
              .map((x) => x.text)
              .join(" "),
          )?.[1]
        : undefined;
    if (!md || md.toLowerCase() !== digest.stdout.trim().toLowerCase()) return false;
    const certs = await runTool("openssl", ["pkcs7", "-inform", "DER", "-in", join(dir, "sig.der"), "-print_certs"]);
    const pems = certs.stdout.match(/-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g) ?? [];
    for (const [i, pem] of pems.entries()) {
      writeFileSync(join(dir, `c${i}.pem`), pem);
      const key = await runTool("openssl", ["x509", "-in", join(dir, `c${i}.pem`), "-pubkey", "-noout"]);
      writeFileSync(join(dir, `k${i}.pem`), key.stdout);
      const v = await runTool("openssl", [
        "pkeyutl",
        "-verify",
        "-pubin",
        "-inkey",
        join(dir, `k${i}.pem`),
        "-rawin",
        "-in",
        join(dir, "attrs.bin"),
        "-sigfile",
        join(dir, "sig.bin"),
      ]);
      if (/Signature Verified Successfully/.test(v.stdout + v.stderr)) return true;
    }
    return false;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * RFC 3161 document timestamp (ETSI.RFC3161): `openssl cms -verify -noverify` checks the token's own signature over
 * its attached TSTInfo, `openssl ts -reply -token_in -text` prints the message imprint, and `openssl dgst` hashes
 * the covered bytes. Returns null when the gap does not hold a timestamp token.
 */
export async function opensslTimestampIntegrity(pdf: Uint8Array, ranges: Array<[number, number]>, workDir: string): Promise<boolean | null> {
  if (ranges.length !== 2) return null;
  const [[a, b], [c, e]] = ranges;
  if (a !== 0 || pdf[b] !== 0x3c || pdf[c - 1] !== 0x3e) return null;
  const hex = Buffer.from(pdf.subarray(b + 1, c - 1))
    .toString("latin1")
    .replace(/\s+/g, "");
  if (!/^[0-9a-fA-F]*$/.test(hex)) return null;
  const dir = mkdtempSync(join(workDir, "ts-"));
  try {
    writeFileSync(join(dir, "token.der"), Buffer.from(hex.length % 2 ? `${hex}0` : hex, "hex"));
    const text = await runTool("openssl", ["ts", "-reply", "-in", join(dir, "token.der"), "-token_in", "-text", "-token_out"]);
    const alg = /Hash Algorithm: (\S+)/.exec(text.stdout)?.[1];
    const dump = /Message data:\s*\n((?:\s+[0-9a-f]{4} - .*\n)+)/i.exec(text.stdout)?.[1];
    if (!alg || !dump) return null;
    const imprint = dump
      .split("\n")
      .map((l) => /[0-9a-f]{4} - ((?:[0-9a-f]{2}[ -]){0,16})/i.exec(l)?.[1] ?? "")
      .join("")
      .replace(/[^0-9a-f]/gi, "");
    const own = await runTool("openssl", ["cms", "-verify", "-noverify", "-binary", "-inform", "DER", "-in", join(dir, "token.der"), "-out", "/dev/null"]);
    if (own.code !== 0) return false;
    writeFileSync(join(dir, "content.bin"), Buffer.concat([pdf.subarray(a, b), pdf.subarray(c, e)]));
    const dgst = await runTool("openssl", ["dgst", `-${alg}`, "-r", join(dir, "content.bin")]);
    return dgst.stdout.split(" ")[0].toLowerCase() === imprint.toLowerCase();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
