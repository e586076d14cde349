// A real SoftHSM2 token for tests and the demo: a private token directory under tests/.tmp (SOFTHSM2_CONF points
// to its own conf), initialised with softhsm2-util, keys imported with softhsm2-util --import and certificates
// written with pkcs11-tool (OpenSC). A missing tool is a failure, never a skip.
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { loadPkcs12 } from "#signing/index";

export const SOFTHSM_MODULE = process.env.SOFTHSM2_MODULE ?? "/usr/lib/softhsm/libsofthsm2.so";
export const SOFTHSM_SO_PIN = "87654321";

export type SoftHsmKey = {
  label: string;
  /** CKA_ID, hex. */
  id: string;
  /** PKCS#8 PEM of the private key (imported, then the file is deleted). */
  keyPem: string;
  /** Signer certificate first, then issuers; all written to the token (the issuers with their own ids). */
  chainDer: Uint8Array[];
};

export type SoftHsmToken = { modulePath: string; conf: string; dir: string; tokenLabel: string; pin: string; cleanup: () => void };

function run(cmd: string, args: string[], env: NodeJS.ProcessEnv) {
  try {
    return execFileSync(cmd, args, { env, stdio: ["ignore", "pipe", "pipe"] }).toString();
  } catch (error) {
    const e = error as { code?: string; stderr?: Buffer; stdout?: Buffer };
    if (e.code === "ENOENT") throw new Error(`${cmd} is not installed (Debian: apt-get install softhsm2 opensc)`);
    throw new Error(`${cmd} ${args.filter((a) => !/pin/i.test(a)).join(" ")} failed: ${e.stderr?.toString() ?? ""}${e.stdout?.toString() ?? ""}`);
  }
}

/**
 * Creates a SoftHSM2 token with `keys` and points this process (SOFTHSM2_CONF) at it, so the in-process pkcs11js
 * and child processes (agent, CLI) both see it. Call before the first C_Initialize of the module in this process.
 */
export function createSoftHsmToken(options: { tokenLabel?: string; pin?: string; keys: SoftHsmKey[]; root?: string; dir?: string }): SoftHsmToken {
  if (!existsSync(SOFTHSM_MODULE)) throw new Error(`SoftHSM2 module not found at ${SOFTHSM_MODULE} (apt-get install softhsm2)`);
  // `dir`: a fixed place (emptied first), for a server started before the token exists that was given its conf path.
  const dir = options.dir ? resolve(options.dir) : resolve(options.root ?? join(process.cwd(), "tests", ".tmp"), `softhsm-${randomBytes(6).toString("hex")}`);
  if (options.dir) rmSync(dir, { recursive: true, force: true });
  const tokenDir = join(dir, "tokens");
  mkdirSync(tokenDir, { recursive: true });
  const conf = join(dir, "softhsm2.conf");
  writeFileSync(conf, `directories.tokendir = ${tokenDir}\nobjectstore.backend = file\nlog.level = ERROR\nslots.removable = false\n`);
  process.env.SOFTHSM2_CONF = conf;
  const env = { ...process.env, SOFTHSM2_CONF: conf };
  const tokenLabel = options.tokenLabel ?? "VPDT Test";
  const pin = options.pin ?? "123456";
  run("softhsm2-util", ["--init-token", "--free", "--label", tokenLabel, "--so-pin", SOFTHSM_SO_PIN, "--pin", pin], env);
  const written = new Set<string>();
  for (const key of options.keys) {
    const keyFile = join(dir, `${key.id}.key.pem`);
    writeFileSync(keyFile, key.keyPem, { mode: 0o600 });
    try {
      run("softhsm2-util", ["--import", keyFile, "--token", tokenLabel, "--label", key.label, "--id", key.id, "--pin", pin], env);
    } finally {
      rmSync(keyFile, { force: true });
    }
    key.chainDer.forEach((der, i) => {
      const id = i === 0 ? key.id : `ca${Buffer.from(der).subarray(-8).toString("hex")}`;
      if (written.has(id)) return;
      written.add(id);
      const certFile = join(dir, `${id}.crt.der`);
      writeFileSync(certFile, der);
      run(
        "pkcs11-tool",
        [
          "--module",
          SOFTHSM_MODULE,
          "--token-label",
          tokenLabel,
          "--login",
          "--pin",
          pin,
          "--write-object",
          certFile,
          "--type",
          "cert",
          "--id",
          id,
          "--label",
          i === 0 ? key.label : `CA ${i}`,
        ],
        env,
      );
    });
  }
  return { modulePath: SOFTHSM_MODULE, conf, dir, tokenLabel, pin, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A SoftHsmKey from a PKCS#12 (the demo CA issues those): the key as PKCS#8 PEM plus the chain. */
export function softHsmKeyFromP12(p12: Uint8Array, passphrase: string, label: string, id: string): SoftHsmKey {
  const loaded = loadPkcs12(p12, passphrase);
  return { label, id, keyPem: loaded.privateKey.export({ format: "pem", type: "pkcs8" }).toString(), chainDer: loaded.certificateChainDer };
}
