// A real OCSP responder on loopback for the demo CA: `openssl ocsp -index index.txt -CA ca.pem -rsigner ca.pem
// -rkey ca-key.pem` (the CA signs its own responses, RFC 6960 §4.2.2.2), with index.txt written from the
// certificates the test issued (OpenSSL `ca` database format: V/R, expiry, revocation time, serial, file, subject).
import { spawn, type ChildProcess } from "node:child_process";
import { X509Certificate } from "node:crypto";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";

export type OcspResponder = { url: string; output: () => string; close: () => Promise<void> };

export type OcspEntry = { certPem: string; revokedAt?: Date };

/** YYMMDDHHMMSSZ (the ca database's time format). */
function dbTime(d: Date): string {
  return `${d.toISOString().replace(/[-:T]/g, "").slice(2, 14)}Z`;
}

export function indexTxt(entries: OcspEntry[]): string {
  return entries
    .map(({ certPem, revokedAt }) => {
      const cert = new X509Certificate(certPem);
      const subject = `/${cert.subject.split("\n").join("/")}`;
      return [
        revokedAt ? "R" : "V",
        dbTime(new Date(cert.validTo)),
        revokedAt ? `${dbTime(revokedAt)},keyCompromise` : "",
        cert.serialNumber.toUpperCase(),
        "unknown",
        subject,
      ].join("\t");
    })
    .join("\n")
    .concat("\n");
}

export async function startOcspResponder(options: {
  dir: string;
  port: number;
  caCertPem: string;
  caKeyPem: string;
  entries: OcspEntry[];
}): Promise<OcspResponder> {
  mkdirSync(options.dir, { recursive: true });
  writeFileSync(join(options.dir, "ca.pem"), options.caCertPem);
  writeFileSync(join(options.dir, "ca-key.pem"), options.caKeyPem, { mode: 0o600 });
  writeFileSync(join(options.dir, "index.txt"), indexTxt(options.entries));
  writeFileSync(join(options.dir, "index.txt.attr"), "unique_subject = no\n");
  const child: ChildProcess = spawn(
    "openssl",
    // OpenSSL 3.0 takes a bare port (it listens on every interface); the clients use 127.0.0.1.
    ["ocsp", "-port", String(options.port), "-index", "index.txt", "-CA", "ca.pem", "-rsigner", "ca.pem", "-rkey", "ca-key.pem", "-ndays", "1"],
    { cwd: options.dir, stdio: ["ignore", "pipe", "pipe"] },
  );
  let output = "";
  // Ready when it says so: a probe connection that sends nothing would hold the single-threaded responder.
  let ready: () => void = () => {};
  const listening = new Promise<void>((resolve) => (ready = resolve));
  const collect = (d: Buffer) => {
    output += d;
    if (output.includes("waiting for OCSP client connections")) ready();
  };
  child.stdout!.on("data", collect);
  child.stderr!.on("data", collect);
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  try {
    const timeout = new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`openssl ocsp did not start: ${output}`)), 10_000).unref());
    await Promise.race([listening, timeout, exited.then(() => Promise.reject(new Error(`openssl ocsp exited: ${output}`)))]);
  } catch (error) {
    child.kill("SIGTERM");
    throw error;
  }
  return {
    url: `http://127.0.0.1:${options.port}/ocsp`,
    output: () => output,
    close: async () => {
      if (child.exitCode === null) child.kill("SIGTERM");
      await exited;
    },
  };
}
