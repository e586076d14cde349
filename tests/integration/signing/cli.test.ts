// CLI: certs:demo, sign (leader, then organisation with number and date), verify; errors as {"error"} on stderr
// with exit 1 and no OUT file.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { pdfLibDocument } from "#tests/support/pdf-corpus";
import { commands } from "../../../scripts/commands/signing";
import type { CliArgs } from "../../../scripts/cli-types";
import { revdiff, sigcheck } from "#tests/support/signature-check";
import { CLI_ARGS } from "#tests/support/cli";

let dir: string;

/** In-process run of a command (same code path as the dispatcher, without a cold pdfjs start per process). */
async function runInProcess(name: string, argv: string[]) {
  const options: Record<string, string> = {};
  for (let i = 0; i < argv.length; i += 2) options[argv[i].replace(/^--/, "")] = argv[i + 1];
  const args: CliArgs = { positionals: [], options, all: {} };
  const noDb = async (): Promise<never> => {
    throw new Error("no db");
  };
  return commands[name].run(args, { system: noDb, as: noDb, dataDir: dir });
}

function cli(...args: string[]) {
  const r = spawnSync(process.execPath, [...CLI_ARGS, ...args], { encoding: "utf8" });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "signing-cli-"));
  writeFileSync(join(dir, "in.pdf"), await pdfLibDocument({ objectStreams: true }));
});

describe("signing CLI", () => {
  it("certs:demo, sign twice, verify", async () => {
    const certs = cli("certs:demo", "--out", join(dir, "pki"));
    expect(certs.code, certs.stderr).toBe(0);
    const pki = JSON.parse(certs.stdout);
    expect(pki).toMatchObject({ ca: join(dir, "pki", "ca.pem"), leader: { p12: expect.any(String), password: expect.any(String) } });
    const a = await runInProcess("sign", [
      "--in",
      join(dir, "in.pdf"),
      "--out",
      join(dir, "a.pdf"),
      "--p12",
      pki.leader.p12,
      "--password",
      pki.leader.password,
      "--role",
      "leader",
      "--signer-title",
      "PHÓ CHỦ TỊCH",
    ]);
    expect(a).toMatchObject({ out: join(dir, "a.pdf"), field: "LanhDao", ms: expect.any(Number) });
    const b = await runInProcess("sign", [
      "--in",
      join(dir, "a.pdf"),
      "--out",
      join(dir, "b.pdf"),
      "--p12",
      pki.organization.p12,
      "--password",
      pki.organization.password,
      "--role",
      "organization",
      "--number",
      "58/KH-UBND",
      "--date",
      "2025-06-15",
      "--profile",
      "pades",
    ]);
    expect(b).toMatchObject({ field: "CoQuan" });
    const [sc, rd] = await Promise.all([sigcheck(join(dir, "b.pdf"), pki.ca, 2), revdiff(join(dir, "b.pdf"))]);
    expect(sc.code, sc.output).toBe(0);
    expect(rd.code, rd.output).toBe(0);
    const v = cli("verify", join(dir, "b.pdf"), "--ca", pki.ca);
    expect(v.code, v.stderr).toBe(0);
    const { signatures } = JSON.parse(v.stdout);
    expect(signatures).toHaveLength(2);
    for (const s of signatures) expect(s).toMatchObject({ valid: true, coversRevision: true, trusted: true, modifiedAfter: false, profile: "pades" });
    expect(Object.keys(signatures[0]).sort()).toEqual([
      "byteRange",
      "changes",
      "changesCoveredBy",
      "coversRevision",
      "field",
      "kind",
      "modifiedAfter",
      "problems",
      "profile",
      "revocation",
      "signedAt",
      "signerName",
      "timestamp",
      "trustAnchor",
      "trusted",
      "valid",
      "verdict",
    ]);
    expect(signatures[0]).toMatchObject({ kind: "signature", verdict: "valid", trustAnchor: expect.any(String), timestamp: null, revocation: null });

    const wrong = cli(
      "sign",
      "--in",
      join(dir, "a.pdf"),
      "--out",
      join(dir, "c.pdf"),
      "--p12",
      pki.organization.p12,
      "--password",
      "sai",
      "--role",
      "organization",
    );
    expect(wrong.code).toBe(1);
    expect(JSON.parse(wrong.stderr)).toEqual({ error: "Mật khẩu chứng thư số không đúng" });
    expect(existsSync(join(dir, "c.pdf"))).toBe(false);
    writeFileSync(join(dir, "cut.pdf"), "%PDF-1.7\n1 0 obj\n<<>>\n");
    const cut = cli(
      "sign",
      "--in",
      join(dir, "cut.pdf"),
      "--out",
      join(dir, "d.pdf"),
      "--p12",
      pki.leader.p12,
      "--password",
      pki.leader.password,
      "--role",
      "leader",
    );
    expect(cut.code).toBe(1);
    expect(JSON.parse(cut.stderr).error).toBe("Tệp không phải PDF hợp lệ hoặc bị cắt cụt");
    expect(existsSync(join(dir, "d.pdf"))).toBe(false);
  }, 60_000);
});
