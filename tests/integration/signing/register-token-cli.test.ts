// `cli signing:register-token` (issue 13): the administrator registers a leader's key and the organisation's seal
// held on a real SoftHSM2 token; the certificate is read from the token and the key signs a test challenge with
// the PIN from the named environment variable before anything is saved; a wrong or missing PIN registers nothing
// and the PIN never appears in the output; an unknown user or organisation is refused. The CLI runs as a child process on the
// test's DATA_DIR, as an administrator would run it.
import { execFile } from "node:child_process";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { DEMO_CERTIFICATE_PASSPHRASE, ensureDemoCa, issueDemoP12 } from "#app/platform/signing/document-signing.server";
import { createTestDb, type TestDb } from "#tests/support/test-db";
import { makeUser, seedDirectory } from "#tests/support/factories";
import { createSoftHsmToken, softHsmKeyFromP12, type SoftHsmToken } from "#tests/support/softhsm";
import type { Actor } from "#app/platform/auth/actor";
import { CLI_ARGS } from "#tests/support/cli";

const run = promisify(execFile);
let t: TestDb;
let token: SoftHsmToken;
let leader: Actor;
const PIN = "246810";

async function cli(args: string[], extraEnv: Record<string, string> = {}) {
  const env = { ...process.env, DATA_DIR: t.dataDir, SEED_DEMO: "0", SOFTHSM2_CONF: token.conf, ...extraEnv };
  try {
    const { stdout, stderr } = await run(process.execPath, [...CLI_ARGS, ...args], { env, cwd: process.cwd() });
    return { code: 0, out: stdout, err: stderr, json: JSON.parse(stdout) };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, out: e.stdout, err: e.stderr, json: null };
  }
}

const devices = () =>
  t.db.$client
    .prepare(
      "select user_id as userId, organization_id as organizationId, kind, token_label as tokenLabel, key_label as keyLabel, subject_name as subject from signing_devices order by id",
    )
    .all();

beforeAll(async () => {
  t = createTestDb();
  const units = seedDirectory(t.db);
  leader = await makeUser(t.db, t.dataDir, {
    username: "chutich",
    fullName: "Nguyễn Văn An",
    unitId: units.get("Ủy ban nhân dân tỉnh Cà Mau")!,
    roles: ["leader"],
  });
  const ca = ensureDemoCa(t.dataDir);
  const leaderP12 = issueDemoP12(ca, { commonName: leader.fullName, organization: leader.organizationName, kind: "person" });
  const sealP12 = issueDemoP12(ca, { commonName: leader.organizationName, organization: leader.organizationName, kind: "organization" });
  token = createSoftHsmToken({
    tokenLabel: "UBND HSM",
    pin: PIN,
    keys: [
      softHsmKeyFromP12(leaderP12, DEMO_CERTIFICATE_PASSPHRASE, "chutich", "0a"),
      softHsmKeyFromP12(sealP12, DEMO_CERTIFICATE_PASSPHRASE, "con-dau", "0b"),
    ],
  });
}, 120_000);
afterAll(() => {
  t?.cleanup();
  token?.cleanup();
});

describe("cli signing:register-token", () => {
  test("a wrong PIN registers nothing and is not echoed; unknown owners are refused", async () => {
    const wrong = await cli(
      [
        "signing:register-token",
        "--module",
        token.modulePath,
        "--token-label",
        token.tokenLabel,
        "--key-label",
        "chutich",
        "--for",
        "chutich",
        "--pin-env",
        "TOKEN_PIN",
      ],
      { TOKEN_PIN: "999999" },
    );
    expect(wrong.code).not.toBe(0);
    expect(wrong.err).toContain("Mã PIN của thiết bị ký số không đúng");
    expect(wrong.out + wrong.err).not.toContain("999999");
    expect(devices()).toEqual([]);
    const noPin = await cli([
      "signing:register-token",
      "--module",
      token.modulePath,
      "--token-label",
      token.tokenLabel,
      "--key-label",
      "con-dau",
      "--seal",
      "000.00.00.H12",
    ]);
    expect(noPin.code).not.toBe(0);
    expect(noPin.err).toContain("Thiếu tham số --pin-env");
    const emptyVariable = await cli(
      [
        "signing:register-token",
        "--module",
        token.modulePath,
        "--token-label",
        token.tokenLabel,
        "--key-label",
        "con-dau",
        "--seal",
        "000.00.00.H12",
        "--pin-env",
        "TOKEN_PIN",
      ],
      { TOKEN_PIN: "" },
    );
    expect(emptyVariable.err).toContain("Biến môi trường TOKEN_PIN trên máy chủ không có mã PIN");
    const nobody = await cli(
      [
        "signing:register-token",
        "--module",
        token.modulePath,
        "--token-label",
        token.tokenLabel,
        "--key-label",
        "chutich",
        "--for",
        "khongco",
        "--pin-env",
        "TOKEN_PIN",
      ],
      { TOKEN_PIN: PIN },
    );
    expect(nobody.code).not.toBe(0);
    expect(nobody.err).toContain("Không tìm thấy người dùng khongco");
    const both = await cli([
      "signing:register-token",
      "--module",
      token.modulePath,
      "--token-label",
      token.tokenLabel,
      "--key-label",
      "chutich",
      "--for",
      "chutich",
      "--seal",
      "000.00.00.H12",
    ]);
    expect(both.code).not.toBe(0);
    expect(devices()).toEqual([]);
  }, 120_000);

  test("a leader's key and the organisation's seal: certificate read from the token, test signature, nothing secret stored or printed", async () => {
    const forLeader = await cli(
      [
        "signing:register-token",
        "--module",
        token.modulePath,
        "--token-label",
        token.tokenLabel,
        "--key-label",
        "chutich",
        "--for",
        "chutich",
        "--pin-env",
        "TOKEN_PIN",
      ],
      { TOKEN_PIN: PIN },
    );
    expect(forLeader.code, forLeader.err).toBe(0);
    expect(forLeader.json).toMatchObject({
      registered: { user: "chutich" },
      kind: "server_token",
      tokenLabel: "UBND HSM",
      keyLabel: "chutich",
      pinChecked: true,
    });
    expect(forLeader.json.subject).toContain("Nguyễn Văn An");
    const seal = await cli(
      [
        "signing:register-token",
        "--module",
        token.modulePath,
        "--token-label",
        token.tokenLabel,
        "--key-label",
        "con-dau",
        "--seal",
        "000.00.00.H12",
        "--pin-env",
        "TOKEN_PIN",
      ],
      { TOKEN_PIN: PIN },
    );
    expect(seal.code, seal.err).toBe(0);
    expect(seal.json).toMatchObject({ registered: { seal: "000.00.00.H12" }, kind: "server_token", keyLabel: "con-dau", pinChecked: true });
    expect(devices()).toEqual([
      expect.objectContaining({ userId: leader.id, organizationId: null, kind: "server_token", keyLabel: "chutich" }),
      expect.objectContaining({ userId: null, organizationId: leader.organizationId, kind: "server_token", keyLabel: "con-dau" }),
    ]);
    expect(forLeader.out).not.toContain(PIN);
    // Audited, without the PIN; the leader's method is now the server token.
    const audit = t.db.$client.prepare("select detail from audit_events where action = 'signing.device_register'").all() as { detail: string }[];
    expect(audit).toHaveLength(2);
    for (const a of audit) {
      expect(a.detail).not.toContain(PIN);
      expect(JSON.parse(a.detail)).toMatchObject({ pinSource: "env:TOKEN_PIN", testSignature: true });
    }
    expect(t.db.$client.prepare("select method from user_signing_methods where user_id = ?").get(leader.id)).toEqual({ method: "server_token" });
  }, 120_000);
});
