// CLI `sign` with keys on a SoftHSM2 token (issue 13 part 6): --pkcs11-module/--token-label/--key-label/--pin in
// place of --p12/--password, as a real process (the token conf reaches it through SOFTHSM2_CONF).
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pdfLibDocument } from "#tests/support/pdf-corpus";
import { revdiff, sigcheck } from "#tests/support/signature-check";
import { signingFixtures, type SigningFixtures } from "#tests/support/signing-fixtures";
import { createSoftHsmToken, softHsmKeyFromP12, type SoftHsmToken } from "#tests/support/softhsm";
import { CLI_ARGS } from "#tests/support/cli";

let dir: string;
let fx: SigningFixtures;
let token: SoftHsmToken;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "cli-pkcs11-"));
  fx = signingFixtures(dir);
  token = createSoftHsmToken({
    keys: [
      softHsmKeyFromP12(fx.pki.leader.p12, fx.pki.leader.password, "leader", "01"),
      softHsmKeyFromP12(fx.pki.organization.p12, fx.pki.organization.password, "seal", "02"),
    ],
  });
  writeFileSync(join(dir, "in.pdf"), await pdfLibDocument({ objectStreams: true }));
});
afterAll(() => {
  token?.cleanup();
  rmSync(dir, { recursive: true, force: true });
});

function cli(...args: string[]) {
  const r = spawnSync(process.execPath, [...CLI_ARGS, ...args], {
    encoding: "utf8",
    env: { ...process.env, SOFTHSM2_CONF: token.conf },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const tokenArgs = (key: string, pin: string) => ["--pkcs11-module", token.modulePath, "--token-label", token.tokenLabel, "--key-label", key, "--pin", pin];

describe("CLI sign with a PKCS#11 token", () => {
  it("leader then organisation from the token; sigcheck --expect 2 and revdiff pass; a wrong PIN writes nothing", async () => {
    const a = cli(
      "sign",
      "--in",
      join(dir, "in.pdf"),
      "--out",
      join(dir, "a.pdf"),
      ...tokenArgs("leader", token.pin),
      "--role",
      "leader",
      "--signer-title",
      "PHÓ CHỦ TỊCH",
    );
    expect(a.code, a.stderr).toBe(0);
    const b = cli(
      "sign",
      "--in",
      join(dir, "a.pdf"),
      "--out",
      join(dir, "b.pdf"),
      ...tokenArgs("seal", token.pin),
      "--role",
      "organization",
      "--number",
      "58/KH-UBND",
      "--date",
      "2025-06-15",
    );
    expect(b.code, b.stderr).toBe(0);
    const check = await sigcheck(join(dir, "b.pdf"), fx.caPath, 2);
    expect(check.code, check.output).toBe(0);
    const diff = await revdiff(join(dir, "b.pdf"));
    expect(diff.code, diff.output).toBe(0);

    const wrong = cli("sign", "--in", join(dir, "a.pdf"), "--out", join(dir, "c.pdf"), ...tokenArgs("seal", "999999"), "--role", "organization");
    expect(wrong.code).toBe(1);
    expect(JSON.parse(wrong.stderr)).toEqual({ error: "Mã PIN của thiết bị ký số không đúng" });
    expect(wrong.stderr).not.toContain("999999");
    expect(existsSync(join(dir, "c.pdf"))).toBe(false);
  });
});
