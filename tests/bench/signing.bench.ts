// Signing benchmark (not a timed test): `npm run -s bench:signing`. Builds inputs with pdf-lib (+ qpdf when
// present) in a temp dir and prints, as its last line, one JSON object with p50 timings per case:
//   limit_ms_p50          read + SHA-256 of the whole file + one RSA-2048 signature + write (the physical floor)
//   ours_invisible_ms_p50 read + signPdf (invisible) + write
//   ours_visible_ms_p50   read + signPdf with signature image + Vietnamese text (explicit rect) + write
//   ours_visible_auto_ms_p50  same, with the block found through pdfjs text positions
//   pkcs11_softhsm_invisible_ms_p50  read + open SoftHSM2 token, log in, signPdf (invisible), log out + write
//   ours_invisible_timestamped_ms_p50 read + signPdf (invisible) with an RFC 3161 signature timestamp (PAdES B-T) + write
//   timestamp_overhead_ms_p50  ours_invisible_timestamped_ms_p50 − ours_invisible_ms_p50 (same run)
//   signpdf_ms_p50        read + @signpdf placeholder-plain + P12Signer + write, null where it fails
// The timestamps come from a real TSA on loopback: `openssl ts -reply` behind the HTTP wrapper of the tests
// (tests/support/tsa-server.ts), one openssl process per request, run in a child process so that its spawns do not
// grow with the memory of the process being measured. The top-level `tsa` object gives its bare round
// trip (an RFC 3161 request for a random digest), the floor of what a timestamp adds; `load` the 1-minute load
// average before and after (the figures are medians on a shared 2-core machine).
import { createHash, randomBytes, sign as nodeSign } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { PDFDocument, PDFName, PDFRawStream, StandardFonts } from "pdf-lib";
import {
  createDemoPki,
  generateSignaturePng,
  loadPkcs12,
  requestTimestamp,
  signPdf,
  verifyPdfSignatures,
  withPkcs11Signer,
  type TimestampOptions,
} from "#signing/index";
import { createSoftHsmToken, softHsmKeyFromP12 } from "#tests/support/softhsm";
import { spawn } from "node:child_process";
import { loadVietnameseFont } from "../../scripts/commands/signing-assets";

const require = createRequire(import.meta.url);

type Case = { name: string; path: string; bytes: number };

function pseudoRandom(n: number, seed: number): Uint8Array {
  const out = new Uint8Array(n);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < n; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x & 0xff;
  }
  return out;
}

async function bigStreamPdf(megabytes: number, objectStreams: boolean): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const page = doc.addPage([595.28, 841.89]);
  const font = await doc.embedFont(StandardFonts.TimesRoman);
  page.drawText("PHO CHU TICH", { x: 380, y: 300, size: 13, font });
  // One large incompressible stream (an embedded file-like blob) makes the file size.
  const blob = PDFRawStream.of(doc.context.obj({ Length: megabytes * 1024 * 1024 }) as never, pseudoRandom(megabytes * 1024 * 1024 - 3000, megabytes));
  page.node.set(PDFName.of("PieceInfo"), doc.context.obj({ Bench: { Private: doc.context.register(blob) } }));
  return doc.save({ useObjectStreams: objectStreams });
}

async function manyPagesPdf(pages: number, targetBytes: number): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.TimesRoman);
  const perPage = Math.floor(targetBytes / pages) - 1500;
  for (let i = 0; i < pages; i++) {
    const page = doc.addPage([595.28, 841.89]);
    page.drawText(`Trang ${i + 1}`, { x: 72, y: 800, size: 12, font });
    const blob = PDFRawStream.of(doc.context.obj({ Length: perPage }) as never, pseudoRandom(perPage, i + 7));
    page.node.set(PDFName.of("PieceInfo"), doc.context.obj({ Bench: { Private: doc.context.register(blob) } }));
  }
  return doc.save({ useObjectStreams: false });
}

function p50(samples: number[]): number {
  const s = [...samples].sort((a, b) => a - b);
  return Math.round(s[Math.floor(s.length / 2)] * 100) / 100;
}

async function time(iterations: number, warmup: number, fn: () => Promise<void> | void): Promise<number[]> {
  for (let i = 0; i < warmup; i++) await fn();
  const out: number[] = [];
  for (let i = 0; i < iterations; i++) {
    const t = performance.now();
    await fn();
    out.push(performance.now() - t);
  }
  return out;
}

/** tests/support/tsa-server-child.ts in its own process; resolves once it listens. */
function startTsaChild(tsaDir: string): Promise<{ url: string; close: () => void }> {
  const child = spawn(process.execPath, ["--import", "tsx", "tests/support/tsa-server-child.ts", tsaDir], { stdio: ["pipe", "pipe", "inherit"] });
  return new Promise((ready, fail) => {
    let out = "";
    child.stdout.on("data", (d) => {
      out += d;
      if (out.includes("\n")) ready({ url: (JSON.parse(out) as { url: string }).url, close: () => child.kill("SIGTERM") });
    });
    child.on("exit", (code) => fail(new Error(`TSA child exited ${code}`)));
  });
}

async function main() {
  const loadBefore = loadavg()[0];
  const dir = mkdtempSync(join(tmpdir(), "signing-bench-"));
  const cases: Case[] = [];
  const add = (name: string, bytes: Uint8Array) => {
    const path = join(dir, `${name}.pdf`);
    writeFileSync(path, bytes);
    cases.push({ name, path, bytes: bytes.length });
  };
  add("1mb-xreftable", await bigStreamPdf(1, false));
  add("2mb-xrefstream", await bigStreamPdf(2, true));
  add("10mb-xreftable", await bigStreamPdf(10, false));
  add("10mb-xrefstream", await bigStreamPdf(10, true));
  add("10mb-300pages", await manyPagesPdf(300, 10 * 1024 * 1024));

  const pki = createDemoPki({ organizationName: "Ủy ban nhân dân xã Đông Hưng", leaderName: "Nguyễn Văn Đông" });
  const signer = loadPkcs12(pki.leader.p12, pki.leader.password); // once, at start-up (≈30–50 ms)
  const font = loadVietnameseFont();
  const signatureImagePng = generateSignaturePng("Nguyễn Văn Đông");
  const out = join(dir, "out.pdf");
  // The PKCS#11 path (issue 13): the same key on a SoftHSM2 token; each signature opens the token, logs in with
  // the PIN, signs, logs out and closes, as the server does per request.
  const token = createSoftHsmToken({ root: dir, keys: [softHsmKeyFromP12(pki.leader.p12, pki.leader.password, "leader", "01")] });
  const tokenSigner = { modulePath: token.modulePath, tokenLabel: token.tokenLabel, keyLabel: "leader", pin: token.pin };
  const tsaServer = await startTsaChild(join(dir, "tsa"));
  const tsa: TimestampOptions = { url: tsaServer.url };
  const tsaRoundTrip = await time(15, 2, async () => {
    await requestTimestamp(new Uint8Array(randomBytes(32)), tsa);
  });
  // The timestamped path really embeds a token (checked once, outside the timings).
  {
    const probe = await signPdf(readFileSync(cases[0].path), { signer, role: "leader", timestamp: tsa });
    const [report] = await verifyPdfSignatures(probe.pdf, { trustAnchorsPem: [pki.ca.certPem] });
    if (!report?.valid || !report.timestamp) throw new Error("the timestamped signature carries no valid timestamp token");
  }

  const { SignPdf } = require("@signpdf/signpdf") as { SignPdf: new () => { sign: (pdf: Buffer, signer: unknown) => Promise<Buffer> } };
  const { plainAddPlaceholder } = require("@signpdf/placeholder-plain") as { plainAddPlaceholder: (o: Record<string, unknown>) => Buffer };
  const { P12Signer } = require("@signpdf/signer-p12") as { P12Signer: new (p12: Buffer, o: { passphrase: string }) => unknown };

  const results = [];
  for (const c of cases) {
    const big = c.bytes > 5 * 1024 * 1024;
    const n = big ? 7 : 15;
    const limit = await time(n, 2, () => {
      const pdf = readFileSync(c.path);
      const digest = createHash("sha256").update(pdf).digest();
      nodeSign("sha256", digest, signer.privateKey);
      writeFileSync(out, pdf);
    });
    const invisible = await time(n, 2, async () => {
      const pdf = readFileSync(c.path);
      const r = await signPdf(pdf, { signer, role: "leader" });
      writeFileSync(out, r.pdf);
    });
    const visible = await time(n, 2, async () => {
      const pdf = readFileSync(c.path);
      const r = await signPdf(pdf, {
        signer,
        role: "leader",
        appearance: { visible: true, fontBytes: font, signatureImagePng, signerName: "Nguyễn Văn Đông", page: 0, rect: [360, 210, 530, 290] },
      });
      writeFileSync(out, r.pdf);
    });
    const visibleAuto = await time(Math.min(n, 7), 1, async () => {
      const pdf = readFileSync(c.path);
      const r = await signPdf(pdf, {
        signer,
        role: "leader",
        appearance: { visible: true, fontBytes: font, signatureImagePng, signerName: "Nguyễn Văn Đông", signerTitle: "PHO CHU TICH" },
      });
      writeFileSync(out, r.pdf);
    });
    const pkcs11 = await time(n, 2, async () => {
      const pdf = readFileSync(c.path);
      const r = await withPkcs11Signer(tokenSigner, (t) => signPdf(pdf, { signer: t, role: "leader" }));
      writeFileSync(out, r.pdf);
    });
    const timestamped = await time(n, 2, async () => {
      const pdf = readFileSync(c.path);
      const r = await signPdf(pdf, { signer, role: "leader", timestamp: tsa });
      writeFileSync(out, r.pdf);
    });
    let signpdf: number | null = null;
    try {
      const samples = await time(big ? 3 : 5, 1, async () => {
        const pdf = readFileSync(c.path);
        const withPlaceholder = plainAddPlaceholder({ pdfBuffer: pdf, reason: "bench", contactInfo: "", name: "bench", location: "VN" });
        const signed = await new SignPdf().sign(withPlaceholder, new P12Signer(Buffer.from(pki.leader.p12), { passphrase: pki.leader.password }));
        writeFileSync(out, signed);
      });
      signpdf = p50(samples);
    } catch {
      signpdf = null;
    }
    const row = {
      name: c.name,
      bytes: c.bytes,
      limit_ms_p50: p50(limit),
      ours_invisible_ms_p50: p50(invisible),
      ours_visible_ms_p50: p50(visible),
      ours_visible_auto_ms_p50: p50(visibleAuto),
      pkcs11_softhsm_invisible_ms_p50: p50(pkcs11),
      ours_invisible_timestamped_ms_p50: p50(timestamped),
      timestamp_overhead_ms_p50: Math.round((p50(timestamped) - p50(invisible)) * 100) / 100,
      signpdf_ms_p50: signpdf,
    };
    results.push(row);
    process.stderr.write(`${JSON.stringify(row)}\n`);
  }
  tsaServer.close();
  token.cleanup();
  rmSync(dir, { recursive: true, force: true });
  const summary = {
    tsa: { responder: "openssl ts -reply behind an HTTP wrapper on 127.0.0.1 (own process)", roundtrip_ms_p50: p50(tsaRoundTrip) },
    load: { before: Math.round(loadBefore * 100) / 100, after: Math.round(loadavg()[0] * 100) / 100 },
    cases: results,
  };
  process.stdout.write(`${JSON.stringify(summary)}\n`);
}

main().catch((error) => {
  process.stderr.write(`${String(error instanceof Error ? error.stack : error)}\n`);
  process.exit(1);
});
