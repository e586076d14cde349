// Trust store for signature verification: certificates an administrator adds as PEM (the national root CA of the
// Ministry of Information and Communications' national digital signature authentication centre, the Government CA
// chains of Ban Cơ yếu Chính phủ), kept as one PEM file per certificate under DATA_DIR/trust-anchors, next to the
// certificates in DATA_DIR/keys (the demo CA). A file store needs no migration and is what the child processes that
// verify untrusted PDFs read anyway. Each change is audited in the transaction that writes the file: a failed write
// rolls the audit row back, a failed audit leaves no file behind.
import { X509Certificate } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { writeTransaction } from "#db/client";
import { appendAuditEvent } from "#app/platform/audit.server";
import { auditActorOf, nowOf, type ServiceContext } from "#app/platform/context.server";
import { AppError, AppErrorCode } from "#app/utils/errors";

import { TRUST_ANCHOR_LIMITS } from "#app/domain/shared/trust-anchors";
import { PlatformMessages } from "#app/messages/platform";

export { TRUST_ANCHOR_LIMITS };

export type TrustAnchor = {
  /** SHA-256 fingerprint, lowercase hex without separators (also the file name). */
  fingerprint: string;
  label: string;
  subject: string;
  issuer: string;
  validFrom: string;
  validTo: string;
  selfSigned: boolean;
  /** "admin": added on the admin page (removable there); "keys": a file in DATA_DIR/keys (the demo CA). */
  source: "admin" | "keys";
};

export function trustAnchorDir(dataDir: string): string {
  return join(dataDir, "trust-anchors");
}

const PEM_RE = /-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g;

function fingerprintOf(cert: X509Certificate): string {
  return cert.fingerprint256.replace(/:/g, "").toLowerCase();
}

function nameField(dn: string, key: string): string | null {
  const m = new RegExp(`(?:^|\\n)${key}=(.*)`).exec(dn);
  if (!m) return null;
  const raw = m[1];
  if (!/\\[0-9A-F]{2}/i.test(raw)) return raw;
  // Node escapes non-ASCII as \XX UTF-8 bytes in some builds.
  const bytes: number[] = [];
  for (let k = 0; k < raw.length; k++) {
    if (raw[k] === "\\" && /^[0-9A-F]{2}$/i.test(raw.slice(k + 1, k + 3))) {
      bytes.push(parseInt(raw.slice(k + 1, k + 3), 16));
      k += 2;
    } else bytes.push(...Buffer.from(raw[k], "utf8"));
  }
  return Buffer.from(bytes).toString("utf8");
}

function displayName(dn: string): string {
  return nameField(dn, "CN") ?? nameField(dn, "O") ?? dn.split("\n").join(", ");
}

function describe(cert: X509Certificate, label: string, source: TrustAnchor["source"]): TrustAnchor {
  return {
    fingerprint: fingerprintOf(cert),
    label,
    subject: displayName(cert.subject),
    issuer: displayName(cert.issuer),
    validFrom: new Date(cert.validFrom).toISOString(),
    validTo: new Date(cert.validTo).toISOString(),
    selfSigned: cert.subject === cert.issuer,
    source,
  };
}

function readAnchorFile(path: string): { label: string; certs: X509Certificate[] } {
  const text = readFileSync(path, "utf8");
  // Files carry a "Label: …" line before the certificate (RFC 7468 allows explanatory text outside the armour).
  const label = /^Label: (.*)$/m.exec(text)?.[1]?.trim() ?? "";
  const certs: X509Certificate[] = [];
  if (text.includes("PRIVATE KEY")) return { label, certs };
  for (const pem of text.match(PEM_RE) ?? []) {
    try {
      certs.push(new X509Certificate(pem));
    } catch {
      // A damaged file is skipped, never a reason to refuse every verification.
    }
  }
  return { label, certs };
}

/** Every trust anchor: DATA_DIR/keys (demo CA, provisioned roots) and the ones added by administrators. */
export function listTrustAnchors(dataDir: string): TrustAnchor[] {
  const out: TrustAnchor[] = [];
  const seen = new Set<string>();
  for (const [dir, source] of [
    [join(dataDir, "keys"), "keys"],
    [trustAnchorDir(dataDir), "admin"],
  ] as const) {
    if (!existsSync(dir)) continue;
    for (const name of readdirSync(dir)
      .filter((f) => f.endsWith(".pem"))
      .sort()) {
      const { label, certs } = readAnchorFile(join(dir, name));
      for (const cert of certs) {
        const a = describe(cert, label, source);
        if (seen.has(a.fingerprint)) continue;
        seen.add(a.fingerprint);
        out.push(a);
      }
    }
  }
  return out;
}

// The verifier's anchors, per process and DATA_DIR. Every received edXML packet and every uncached signature
// verdict needs them; reading and parsing each PEM file per packet was a fixed cost of the edXML import (issue 12,
// docs/benchmarks/edxml.md). They live on disk, not in the database, so no trigger-bumped version (cache-versions)
// can say they changed: the key is the listing of both folders with each file's inode, size and change times
// (nanoseconds), which any add, removal, replacement or in-place edit changes, by this process, another worker or
// an administrator's shell alike. Checking it costs two readdirs and a stat per file, no read and no parse.
const pemCache = new Map<string, { key: string; pems: string[] }>();

function anchorFilesKey(dataDir: string): string {
  const parts: string[] = [];
  for (const dir of [join(dataDir, "keys"), trustAnchorDir(dataDir)]) {
    let names: string[];
    try {
      names = readdirSync(dir).filter((f) => f.endsWith(".pem"));
    } catch {
      parts.push(`${dir}:-`);
      continue;
    }
    for (const name of names) {
      const path = join(dir, name);
      const st = statSync(path, { bigint: true, throwIfNoEntry: false });
      parts.push(st ? `${path}:${st.ino}:${st.size}:${st.mtimeNs}:${st.ctimeNs}` : `${path}:-`);
    }
  }
  return parts.join("\n");
}

/** PEM text of every anchor, for the verifier (a copy of the cached list: callers may change theirs). */
export function trustAnchorPems(dataDir: string): string[] {
  const key = `${generation}\n${anchorFilesKey(dataDir)}`;
  const hit = pemCache.get(dataDir);
  if (hit && hit.key === key) return [...hit.pems];
  const out: string[] = [];
  for (const dir of [join(dataDir, "keys"), trustAnchorDir(dataDir)]) {
    if (!existsSync(dir)) continue;
    for (const name of readdirSync(dir).filter((f) => f.endsWith(".pem"))) {
      const { certs } = readAnchorFile(join(dir, name));
      out.push(...certs.map((c) => c.toString()));
    }
  }
  // Few DATA_DIRs per process (tests open many): past a handful the cache starts again rather than grow.
  if (pemCache.size >= 16) pemCache.clear();
  pemCache.set(dataDir, { key, pems: out });
  return [...out];
}

/**
 * Parses what the administrator pasted or uploaded: one or more PEM certificates, or one DER certificate. Only CA
 * certificates are anchors (an end-entity certificate would make anything it signed "trusted").
 */
export function parseTrustAnchorInput(input: Uint8Array | string): X509Certificate[] {
  const bytes = typeof input === "string" ? Buffer.from(input, "utf8") : Buffer.from(input);
  const invalid = (message: string) => new AppError(AppErrorCode.VALIDATION, message, { certificate: message });
  if (bytes.length === 0) throw invalid(PlatformMessages.TRUST_ANCHOR_INPUT_REQUIRED);
  if (bytes.length > TRUST_ANCHOR_LIMITS.maxBytes) throw invalid(PlatformMessages.TRUST_ANCHOR_TOO_LARGE(TRUST_ANCHOR_LIMITS.maxBytes / 1024));
  const text = bytes.toString("latin1");
  if (text.includes("PRIVATE KEY")) throw invalid(PlatformMessages.TRUST_ANCHOR_PRIVATE_KEY);
  const pems = text.match(PEM_RE);
  const certs: X509Certificate[] = [];
  try {
    if (pems) for (const pem of pems) certs.push(new X509Certificate(pem));
    else certs.push(new X509Certificate(bytes));
  } catch {
    throw invalid(PlatformMessages.TRUST_ANCHOR_UNREADABLE);
  }
  if (certs.length > TRUST_ANCHOR_LIMITS.maxCertificates) throw invalid(PlatformMessages.TRUST_ANCHOR_TOO_MANY(TRUST_ANCHOR_LIMITS.maxCertificates));
  const notCa = certs.filter((c) => !c.ca);
  if (notCa.length) throw invalid(PlatformMessages.TRUST_ANCHOR_NOT_CA(displayName(notCa[0].subject)));
  return certs;
}

// Bumped on every change in this process, so that cached signature verdicts (features/incoming/
// signatures.server.ts) are recomputed at once here; other workers see the change within their TTL. Also part of
// the key of the cached PEM list above (the file key alone would catch the change too; this costs nothing).
let generation = 0;
export function trustAnchorGeneration(): number {
  return generation;
}

export function addTrustAnchors(ctx: ServiceContext, options: { input: Uint8Array | string; label: string }): TrustAnchor[] {
  generation++;
  const label = options.label
    .replace(/[\r\n]+/g, " ")
    .trim()
    .slice(0, TRUST_ANCHOR_LIMITS.maxLabelLength);
  if (!label)
    throw new AppError(AppErrorCode.VALIDATION, PlatformMessages.TRUST_ANCHOR_LABEL_REQUIRED, { label: PlatformMessages.TRUST_ANCHOR_LABEL_REQUIRED });
  const certs = parseTrustAnchorInput(options.input);
  const existing = new Set(listTrustAnchors(ctx.dataDir).map((a) => a.fingerprint));
  const fresh = certs.filter((c) => !existing.has(fingerprintOf(c)));
  if (!fresh.length) throw new AppError(AppErrorCode.CONFLICT, PlatformMessages.TRUST_ANCHOR_DUPLICATE);
  const dir = trustAnchorDir(ctx.dataDir);
  const now = nowOf(ctx);
  const written: string[] = [];
  try {
    return writeTransaction(ctx.db, (tx) => {
      mkdirSync(dir, { recursive: true });
      return fresh.map((cert) => {
        const fp = fingerprintOf(cert);
        const path = join(dir, `${fp}.pem`);
        const tmp = `${path}.tmp`;
        writeFileSync(tmp, `Label: ${label}\n${cert.toString()}`);
        renameSync(tmp, path);
        written.push(path);
        const anchor = describe(cert, label, "admin");
        appendAuditEvent(tx, {
          at: now,
          ...auditActorOf(ctx),
          action: "trust_anchor.add",
          entityType: "trust_anchor",
          entityId: fp,
          toState: "trusted",
          comment: `${label}: ${anchor.subject}`,
        });
        return anchor;
      });
    });
  } catch (error) {
    for (const path of written) rmSync(path, { force: true });
    throw error;
  }
}

export function removeTrustAnchor(ctx: ServiceContext, fingerprint: string): void {
  generation++;
  if (!/^[0-9a-f]{64}$/.test(fingerprint)) throw new AppError(AppErrorCode.NOT_FOUND, PlatformMessages.TRUST_ANCHOR_NOT_FOUND);
  const path = join(trustAnchorDir(ctx.dataDir), `${fingerprint}.pem`);
  if (!existsSync(path)) throw new AppError(AppErrorCode.NOT_FOUND, PlatformMessages.TRUST_ANCHOR_ON_DISK_ONLY);
  const { label, certs } = readAnchorFile(path);
  const backup = `${path}.removed`;
  writeTransaction(ctx.db, (tx) => {
    appendAuditEvent(tx, {
      at: nowOf(ctx),
      ...auditActorOf(ctx),
      action: "trust_anchor.remove",
      entityType: "trust_anchor",
      entityId: fingerprint,
      fromState: "trusted",
      comment: `${label}: ${certs[0] ? displayName(certs[0].subject) : ""}`,
    });
    renameSync(path, backup);
  });
  rmSync(backup, { force: true });
}
