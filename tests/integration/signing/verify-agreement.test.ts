// `cli verify` against the reference tools on every signed file of the real-world corpus (issue 19): poppler's
// pdfsig for the whole verdict, `openssl cms -verify -binary -noverify` for integrity. One CLI process verifies all
// files (a file that fails does not stop the others, and none may fail); the tools run in the same test.
//
// Which reference decides a signature:
// - pdfsig when it gives a verdict ("Signature is Valid." / "Signature is Invalid." / "Digest Mismatch.");
// - otherwise NSS could not evaluate the signature ("Unknown Validation Failure." for a SubjectKeyIdentifier signer or
//   an encrypted file, "Signature has not yet been verified." for RFC 3161 document timestamps, "Document isn't signed
//   or corrupted data." for Ed25519/Ed448) and OpenSSL decides: `cms -verify` for RSA/ECDSA, the token signature plus
//   its message imprint for timestamps, and the EdDSA check rebuilt from OpenSSL primitives (OpenSSL 3.0's CMS
//   refuses EdDSA with "invalid digest").
import { spawn } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { opensslEdDsaIntegrity, opensslIntegrity, opensslTimestampIntegrity, pdfsig, tempWorkDir, type PdfsigSignature } from "#tests/support/reference-verify";
import { rmSync } from "node:fs";
import { CLI_ARGS } from "#tests/support/cli";

const SHARED = process.env.SHARED_DIR ?? resolve(process.cwd(), "../shared");
const CORPUS = join(SHARED, "corpus/realworld");

type CliSignature = {
  field: string;
  kind: string;
  verdict: string;
  valid: boolean;
  byteRange: number[] | null;
  changes: string;
  modifiedAfter: boolean;
  changesCoveredBy: string | null;
  problems: string[];
};
type CliFile = { file: string; signatures?: CliSignature[]; error?: string };

/**
 * Signatures where the project is deliberately stricter than the references. Each entry must still disagree in the
 * documented direction (a stale exception fails the test).
 */
const EXCEPTIONS: Array<{ file: string; field: string; ours: boolean; reference: boolean; reason: string }> = [
  {
    file: "verify-only/pyhanko__coverage-anomalies_weird-byterange.pdf",
    field: "Sig1",
    ours: false,
    reference: true,
    reason:
      "ByteRange [0 10 20 30] covers 40 of 7486 bytes and its gap is not the /Contents string; pdfsig calls it valid ('Not total document signed'). " +
      "We refuse a ByteRange that leaves anything but the signature value uncovered: the uncovered bytes could carry any content.",
  },
  {
    file: "verify-only/pyhanko__coverage-anomalies_signature-gap-too-big.pdf",
    field: "Sig1",
    ours: false,
    reference: true,
    reason:
      "The ByteRange gap holds the /Contents string and then '/Bleh <00…>', a second key the signature does not cover; pdfsig calls it valid. " +
      "We require the gap to be exactly the signature value (pyHanko reports the same file as a coverage anomaly).",
  },
];

function cliVerify(files: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [...CLI_ARGS, "verify", ...files], { timeout: 150_000 });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.on("error", fail);
    child.on("close", (code) => done({ code: code ?? 1, stdout, stderr }));
  });
}

async function mapLimit<T, R>(items: T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: limit }, async () => {
      while (next < items.length) {
        const i = next++;
        out[i] = await fn(items[i]);
      }
    }),
  );
  return out;
}

const work = tempWorkDir();
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe("verification agrees with pdfsig and openssl on the real-world corpus", () => {
  it("every signature of every signed file", { timeout: 170_000 }, async () => {
    expect(existsSync(join(CORPUS, "MANIFEST.tsv")), `corpus missing at ${CORPUS}`).toBe(true);
    const all = [
      ...readdirSync(CORPUS).filter((f) => f.endsWith(".pdf")),
      ...readdirSync(join(CORPUS, "verify-only"))
        .filter((f) => f.endsWith(".pdf"))
        .map((f) => `verify-only/${f}`),
    ].sort();
    // Signed files are the ones pdfsig finds a signed signature field in.
    const listed = await mapLimit(all, 2, async (file) => ({ file, sigs: await pdfsig(join(CORPUS, file)) }));
    const signed = listed.filter((x) => x.sigs.length > 0);
    expect(signed.length).toBeGreaterThanOrEqual(40);

    const run = await cliVerify(signed.map((x) => join(CORPUS, x.file)));
    expect(run.code, run.stderr).toBe(0);
    const results = (JSON.parse(run.stdout) as { files: CliFile[] }).files;
    const failedFiles = results.filter((r) => r.error).map((r) => `${r.file}: ${r.error}`);
    expect(failedFiles, "no file may fail the whole report").toEqual([]);

    type Row = {
      file: string;
      field: string;
      ours: boolean | null;
      ourVerdict: string;
      pdfsig: string;
      reference: boolean | null;
      decidedBy: string;
      openssl: boolean | null;
    };
    const rows: Row[] = [];
    for (const { file, sigs } of signed) {
      const pdf = readFileSync(join(CORPUS, file));
      const ours = results.find((r) => r.file === join(CORPUS, file))?.signatures ?? [];
      for (const ref of sigs) {
        const mine = ours.find((s) => s.byteRange && s.byteRange[1] === ref.ranges[0][1] && s.byteRange[2] === ref.ranges[1]?.[0]);
        const { reference, decidedBy, openssl } = await referenceVerdict(pdf, ref);
        rows.push({
          file,
          field: ref.fieldName,
          ours: mine ? mine.valid : null,
          ourVerdict: mine?.verdict ?? "missing",
          pdfsig: ref.validation,
          reference,
          decidedBy,
          openssl,
        });
      }
    }

    const exceptionFor = (r: Row) => EXCEPTIONS.find((e) => e.file === r.file && e.field === r.field);
    for (const e of EXCEPTIONS) {
      const r = rows.find((x) => x.file === e.file && x.field === e.field);
      expect(r, `exception ${e.file} ${e.field} no longer in the corpus`).toBeDefined();
      expect({ ours: r!.ours, reference: r!.reference }, `exception ${e.file} ${e.field} is stale`).toEqual({ ours: e.ours, reference: e.reference });
    }
    const agree = rows.filter((r) => r.reference !== null && r.ours === r.reference);
    const disagree = rows.filter((r) => !(r.reference !== null && r.ours === r.reference));
    const unexplained = disagree.filter((r) => !exceptionFor(r));
    const pdfsigDefinite = rows.filter((r) => r.decidedBy === "pdfsig");
    const opensslJudged = rows.filter((r) => r.openssl !== null);
    const summary = {
      files: signed.length,
      signatures: rows.length,
      agree: agree.length,
      agreementPercent: Math.round((1000 * agree.length) / rows.length) / 10,
      withPdfsig: { judged: pdfsigDefinite.length, agree: pdfsigDefinite.filter((r) => r.ours === r.reference).length },
      withOpenssl: { judged: opensslJudged.length, agree: opensslJudged.filter((r) => r.ours === r.openssl).length },
      decidedByOpenssl: rows.filter((r) => r.decidedBy !== "pdfsig").length,
      documentedExceptions: disagree.filter((r) => exceptionFor(r)).map((r) => ({ file: r.file, field: r.field, reason: exceptionFor(r)!.reason })),
      unexplained: unexplained.map((r) => ({ file: r.file, field: r.field, ours: r.ourVerdict, pdfsig: r.pdfsig, openssl: r.openssl })),
    };
    console.log(JSON.stringify(summary, null, 2));
    expect(
      rows.every((r) => r.ours !== null),
      "every signature pdfsig lists is reported by verify",
    ).toBe(true);
    expect(unexplained).toEqual([]);
    expect(agree.length / rows.length).toBeGreaterThanOrEqual(0.95);

    // Decree 50/2026/NĐ-CP: the Government's later signatures add annotations and resources, never page content;
    // the clerk must not read the earlier signatures as tampered with.
    const decree = results.find((r) => r.file.endsWith("vn__50-2026-ND-CP.pdf"))!.signatures!;
    expect(decree).toHaveLength(6);
    for (const s of decree) expect(s).toMatchObject({ valid: true, modifiedAfter: false });
    for (const s of decree.slice(0, 5)) expect(s.changes).toMatch(/^Sau khi ký chỉ .*\(được phép\)$/);
    // Document timestamps are checked as timestamps.
    const lta = results.find((r) => r.file.endsWith("/pyhanko__pades-lta-dss-indirect-arrs-test.pdf"))!.signatures!;
    expect(lta.find((s) => s.field.startsWith("Timestamp"))).toMatchObject({ kind: "timestamp", verdict: "valid" });
    // An unreadable CMS still has its later revisions examined.
    const broken = results.find((r) => r.file.endsWith("pyhanko__coverage-anomalies_base.pdf"))!.signatures![0];
    expect(broken.verdict).toBe("malformed");
    expect(broken.changes).not.toBe("");
  });
});

async function referenceVerdict(pdf: Uint8Array, ref: PdfsigSignature): Promise<{ reference: boolean | null; decidedBy: string; openssl: boolean | null }> {
  const definite = ["Signature is Valid.", "Signature is Invalid.", "Digest Mismatch."].includes(ref.validation);
  let openssl = await opensslIntegrity(pdf, ref.ranges, work);
  let how = "openssl cms";
  if (openssl === false) {
    const ts = await opensslTimestampIntegrity(pdf, ref.ranges, work);
    const ed = ts === null ? await opensslEdDsaIntegrity(pdf, ref.ranges, work) : null;
    if (ts !== null) [openssl, how] = [ts, "openssl ts"];
    else if (ed !== null) [openssl, how] = [ed, "openssl pkeyutl (EdDSA)"];
  }
  if (definite) return { reference: ref.valid, decidedBy: "pdfsig", openssl };
  return { reference: openssl, decidedBy: openssl === null ? "none" : how, openssl };
}
