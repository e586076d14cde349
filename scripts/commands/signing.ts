// CLI: certs:demo, sign, verify (no database). Files are read here; signing/ only sees bytes.
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { randomBytes } from "node:crypto";
import {
  createDemoPki,
  describeCertificate,
  generateSealPng,
  generateSignaturePng,
  loadPkcs12,
  planNumberAndDate,
  signPdf,
  verifyPdfSignatures,
  SigningError,
  openPkcs11Signer,
  type Signer,
} from "#signing/index";
import forge from "node-forge";
import { CliError, optionalOption, requireOption, type CliCommand } from "../cli-types";
import { loadVietnameseFont } from "./signing-assets";

function readInput(path: string, what: string): Uint8Array {
  try {
    return readFileSync(path);
  } catch {
    throw new CliError(`Không đọc được ${what}: ${path}`);
  }
}

/** Temp file + rename in the same directory: OUT appears complete or not at all. */
function writeAtomically(path: string, bytes: Uint8Array) {
  const tmp = join(dirname(resolve(path)), `.${randomBytes(6).toString("hex")}.tmp`);
  try {
    writeFileSync(tmp, bytes);
    renameSync(tmp, path);
  } catch (error) {
    rmSync(tmp, { force: true });
    throw error;
  }
}

function rethrow(error: unknown): never {
  if (error instanceof SigningError) throw new CliError(error.message);
  throw error;
}

/** --tsa-url: RFC 3161 timestamp on the signature (PAdES B-T); credentials from the environment, never argv. */
function tsaOption(url: string | undefined) {
  if (!url) return undefined;
  if (!/^https?:\/\//.test(url)) throw new CliError("--tsa-url phải là địa chỉ http(s)");
  return { url, username: process.env.TSA_USERNAME || undefined, password: process.env.TSA_PASSWORD || undefined };
}

const certsDemo: CliCommand = {
  description: "Tạo bộ chứng thư số thử nghiệm (CA, lãnh đạo, cơ quan)",
  usage: "certs:demo --out DIR [--organization NAME] [--leader NAME] [--title TITLE]",
  async run(args) {
    const out = requireOption(args, "out");
    const organizationName = optionalOption(args, "organization") ?? "Ủy ban nhân dân xã Đông Hưng";
    const leaderName = optionalOption(args, "leader") ?? "Nguyễn Văn Đông";
    const pki = createDemoPki({ organizationName, leaderName, leaderTitle: optionalOption(args, "title") ?? "Phó Chủ tịch" });
    mkdirSync(out, { recursive: true });
    const ca = join(out, "ca.pem");
    writeFileSync(ca, pki.caCertPem);
    writeFileSync(join(out, "ca-key.pem"), pki.caKeyPem, { mode: 0o600 });
    const leader = join(out, "leader.p12");
    const organization = join(out, "organization.p12");
    writeFileSync(leader, pki.leader.p12, { mode: 0o600 });
    writeFileSync(organization, pki.organization.p12, { mode: 0o600 });
    return { ca, leader: { p12: leader, password: pki.leader.password }, organization: { p12: organization, password: pki.organization.password } };
  },
};

const sign: CliCommand = {
  description: "Ký số tệp PDF (lãnh đạo hoặc cơ quan), ghi một bản cập nhật gia tăng",
  usage:
    "sign --in IN --out OUT (--p12 FILE --password PW | --pkcs11-module PATH --token-label LABEL --key-label LABEL [--key-id HEX] --pin PIN) --role leader|organization [--signer-name N] [--signer-title T] [--number SO] [--date YYYY-MM-DD] [--image PNG] [--profile pades|adbe] [--tsa-url URL] (TSA_USERNAME/TSA_PASSWORD: tài khoản TSA)",
  async run(args) {
    const started = performance.now();
    const input = requireOption(args, "in");
    const out = requireOption(args, "out");
    const role = requireOption(args, "role");
    if (role !== "leader" && role !== "organization") throw new CliError("--role phải là leader hoặc organization");
    const profile = optionalOption(args, "profile") ?? "pades";
    if (profile !== "pades" && profile !== "adbe") throw new CliError("--profile phải là pades hoặc adbe");
    const dateText = optionalOption(args, "date");
    const dateMatch = dateText ? /^(\d{4})-(\d{2})-(\d{2})$/.exec(dateText) : null;
    if (dateText && !dateMatch) throw new CliError("--date phải có dạng YYYY-MM-DD");
    const pdf = readInput(input, "tệp PDF");
    const modulePath = optionalOption(args, "pkcs11-module");
    const imagePath = optionalOption(args, "image");
    let close = () => {};
    try {
      // A PKCS#11 token (issue 13): the certificate is read from the token (same CKA_ID as the key); the key stays there.
      let signer: Signer & { commonName: string; organization?: string };
      if (modulePath) {
        const keyLabel = optionalOption(args, "key-label");
        const keyId = optionalOption(args, "key-id");
        if (!keyLabel && !keyId) throw new CliError("Cần --key-label hoặc --key-id của khóa trên token");
        const token = await openPkcs11Signer({ modulePath, tokenLabel: optionalOption(args, "token-label"), keyLabel, keyId, pin: requireOption(args, "pin") });
        close = token.close;
        const info = describeCertificate(forge.pki.certificateFromAsn1(forge.asn1.fromDer(Buffer.from(token.certificateChainDer[0]).toString("latin1"))));
        signer = { ...token, commonName: info.commonName, organization: info.organization };
      } else {
        const loaded = loadPkcs12(readInput(requireOption(args, "p12"), "tệp chứng thư số"), requireOption(args, "password"));
        signer = { ...loaded, organization: loaded.certificate.organization };
      }
      const signerName = optionalOption(args, "signer-name") ?? signer.commonName;
      const fontBytes = loadVietnameseFont();
      const image = imagePath ? readInput(imagePath, "ảnh") : undefined;
      const plan =
        role === "organization"
          ? planNumberAndDate(pdf, {
              number: optionalOption(args, "number"),
              date: dateMatch ? { year: +dateMatch[1], month: +dateMatch[2], day: +dateMatch[3] } : undefined,
            })
          : { formValues: {}, stamps: [] };
      const result = await signPdf(pdf, {
        signer,
        role,
        profile,
        appearance:
          role === "leader"
            ? {
                visible: true,
                fontBytes,
                signerName,
                signerTitle: optionalOption(args, "signer-title"),
                signatureImagePng: image ?? generateSignaturePng(signerName),
              }
            : {
                visible: true,
                fontBytes,
                organizationName: signer.organization ?? signer.commonName,
                sealImagePng: image ?? generateSealPng(signer.commonName),
              },
        formValues: plan.formValues,
        stamps: plan.stamps,
        timestamp: tsaOption(optionalOption(args, "tsa-url")),
      });
      writeAtomically(out, result.pdf);
      return { out, field: result.fieldName, ms: Math.round(performance.now() - started) };
    } catch (error) {
      rethrow(error);
    } finally {
      close(); // logout + close session
    }
  },
};

type VerifyReport = Awaited<ReturnType<typeof verifyPdfSignatures>>[number];

function verifyOutput(r: VerifyReport) {
  return {
    field: r.fieldName,
    kind: r.kind,
    signerName: r.signerName,
    signedAt: r.signedAt,
    profile: r.profile,
    verdict: r.verdict,
    valid: r.valid,
    coversRevision: r.coversRevision,
    trusted: r.trusted,
    trustAnchor: r.trustAnchor,
    modifiedAfter: r.modifiedAfter,
    changesCoveredBy: r.changesCoveredBy,
    changes: r.changeSummary,
    byteRange: r.byteRange,
    timestamp: r.timestamp,
    revocation: r.revocation?.status ?? null,
    problems: r.problems,
  };
}

const verify: CliCommand = {
  description: "Kiểm tra các chữ ký số trong tệp PDF (nhiều tệp: mỗi tệp một kết quả, tệp lỗi không làm dừng các tệp khác)",
  usage: "verify FILE [FILE...] [--ca PEM]",
  async run(args) {
    const files = args.positionals;
    if (!files.length) throw new CliError("Thiếu tệp PDF cần kiểm tra");
    const caPath = optionalOption(args, "ca");
    const trustAnchorsPem = caPath ? [readFileSync(caPath, "utf8")] : [];
    if (files.length === 1) {
      const pdf = readInput(files[0], "tệp PDF");
      try {
        return { signatures: (await verifyPdfSignatures(pdf, { trustAnchorsPem })).map(verifyOutput) };
      } catch (error) {
        rethrow(error);
      }
    }
    const results: Array<{ file: string; signatures: ReturnType<typeof verifyOutput>[] } | { file: string; error: string }> = [];
    for (const file of files) {
      try {
        const pdf = readInput(file, "tệp PDF");
        results.push({ file, signatures: (await verifyPdfSignatures(pdf, { trustAnchorsPem })).map(verifyOutput) });
      } catch (error) {
        results.push({ file, error: error instanceof Error ? error.message : String(error) });
      }
    }
    return { files: results };
  },
};

export const commands: Record<string, CliCommand> = { "certs:demo": certsDemo, sign, verify };
