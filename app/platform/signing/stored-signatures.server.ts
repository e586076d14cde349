// Signature reports of PDFs in the file store, for the pages that show them (the incoming and the outgoing document
// pages). The PDF is verified in the untrusted-file pool (its xref chains, object streams and CMS blobs may be
// hostile: a received document, a specialist's uploaded draft), and the reports are kept per file hash.
//
// Why a cache: a page view verified the PDF on every view. On the incoming page that read the file, read the trust
// anchors and queued behind the pool (24 req/s against 120 for the other pages); on the outgoing page it verified on
// the request thread itself, ~10 ms of CPU a view for a one-page signed PDF (pdf-lib parsing, X.509, RSA; issue 18,
// docs/benchmarks/http.md §11). The store is content addressed, so a hash names bytes that never change; what may
// change is the trust (an anchor added or removed: its generation is part of the key) and time (a certificate
// expiring: a report is kept VERDICT_TTL_MS). Bounded; per worker process.
import type { SignatureReport } from "#signing/index";
import { trustAnchors } from "#app/platform/signing/document-signing.server";
import { trustAnchorGeneration } from "#app/platform/signing/trust-anchors.server";
import { blobPath } from "#app/platform/files/files.server";
import { runUntrusted } from "#app/platform/untrusted/pool.server";

const VERDICT_TTL_MS = 60_000;
const VERDICT_CACHE_SIZE = 500;
const verdicts = new Map<string, { at: number; reports: SignatureReport[] }>();
// Verifications under way, by the same key: views of one document that miss the cache together (every minute, when
// its report expires, a busy page's concurrent views all missed at once) share one pool task instead of each
// queueing its own behind the pool's two children (paced 100 req/s p99 185 ms on the incoming document page).
const inFlight = new Map<string, Promise<SignatureReport[]>>();

/**
 * The signature reports of the PDF named by `sha256`: by default the file store's blob of that hash, which the pool
 * child reads itself (the request thread reads no file and sends no bytes); `read` gives bytes not (yet) stored and
 * is called only when no report is cached. Throws what the pool throws (UntrustedTaskError: time or memory limit,
 * an unreadable or encrypted PDF, a missing blob); a failure is not cached.
 */
export async function storedPdfSignatureReports(dataDir: string, sha256: string, read?: () => Uint8Array): Promise<SignatureReport[]> {
  const key = `${dataDir}:${trustAnchorGeneration()}:${sha256}`;
  const known = verdicts.get(key);
  if (known && Date.now() - known.at < VERDICT_TTL_MS) return known.reports;
  const running = inFlight.get(key);
  if (running) return running;
  const verification = (async () => {
    const reports = await runUntrusted<SignatureReport[]>(
      "pdf-verify",
      { ...(read ? { bytes: read() } : { path: blobPath(dataDir, sha256) }), trustAnchorsPem: trustAnchors(dataDir) },
      { timeoutMs: 30_000, maxMemoryMb: 768 },
    );
    verdicts.delete(key);
    verdicts.set(key, { at: Date.now(), reports });
    if (verdicts.size > VERDICT_CACHE_SIZE) verdicts.delete(verdicts.keys().next().value as string);
    return reports;
  })();
  inFlight.set(key, verification);
  // Settled (a report or a failure, which is not kept): the next miss starts afresh. Runs after the set above even
  // when `read` threw synchronously, since a settled promise's callbacks always run later.
  verification
    .finally(() => {
      if (inFlight.get(key) === verification) inFlight.delete(key);
    })
    .catch(() => undefined);
  return verification;
}
